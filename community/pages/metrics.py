"""`/_metrics`: Prometheus metrics for an operator's monitoring, read from the database
at each scrape (prometheus-client), so that every web host answers the same.

Off unless METRICS_TOKEN is set; then a scraper sends `Authorization: Bearer <token>`
(and nginx may keep the path private as well). Counts, ages and delays per space: no
member, no post is named.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, abort, current_app, request
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from community.jobs import WorkerHeartbeat
from community.kernel.clock import utcnow
from community.kernel.web import request_session
from community.moderation import metrics as moderation
from community.moderation.scoring.jobs import waiting_for_score
from community.pages.health import mail_owed
from community.search.outbox import backlog

bp = Blueprint("metrics", __name__)


def _quantile(values: list[float], q: float) -> float:
    """The q-quantile of sorted values (nearest rank); 0 with none."""
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(q * len(values)))]


class SiteCollector(Collector):
    def __init__(self, session: Session, max_attempts: int) -> None:
        self.session = session
        self.max_attempts = max_attempts

    def collect(self) -> Iterator[Any]:
        session, now = self.session, utcnow()

        def age(since: Any) -> float:
            return 0.0 if since is None else max(0.0, (now - since).total_seconds())

        depth = GaugeMetricFamily(
            "community_queue_waiting", "Posts waiting for a moderator, per space", labels=["space"]
        )
        oldest = GaugeMetricFamily(
            "community_queue_oldest_seconds",
            "Age of the oldest post waiting for a moderator, per space",
            labels=["space"],
        )
        for queue in moderation.queues(session):
            depth.add_metric([queue.slug], queue.waiting)
            oldest.add_metric([queue.slug], age(queue.oldest))
        yield depth
        yield oldest

        delays = moderation.scoring_delays(session)
        latency = GaugeMetricFamily(
            "community_scoring_delay_seconds",
            "From a post's request to its score, over the posts scored in the last hour",
            labels=["quantile"],
        )
        for q in (0.5, 0.95, 1.0):
            latency.add_metric([str(q)], _quantile(delays, q))
        yield latency

        for name, what, (count, since) in (
            (
                "scoring",
                "Posts a worker could score now",
                waiting_for_score(session, max_attempts=self.max_attempts),
            ),
            ("search_outbox", "Changes waiting for the search index", backlog(session)),
            ("mail", "E-mails owed (requests' and notifications')", mail_owed(session)),
        ):
            gauge = GaugeMetricFamily(f"community_{name}_backlog", what)
            gauge.add_metric([], count)
            yield gauge
            gauge = GaugeMetricFamily(
                f"community_{name}_oldest_seconds", f"{what}: the oldest's age"
            )
            gauge.add_metric([], age(since))
            yield gauge

        decisions = GaugeMetricFamily(
            "community_decisions_last_hour",
            "Moderators' decisions in the last hour",
            labels=["action"],
        )
        for action, count in sorted(moderation.decisions_by_action(session).items()):
            decisions.add_metric([action], count)
        yield decisions

        running, last = session.execute(
            select(func.count(WorkerHeartbeat.owner), func.max(WorkerHeartbeat.beat_at))
        ).one()
        workers = GaugeMetricFamily("community_workers_running", "Workers with a heartbeat")
        workers.add_metric([], int(running))
        yield workers
        beat = GaugeMetricFamily(
            "community_worker_last_beat_seconds", "Age of the latest heartbeat"
        )
        beat.add_metric([], age(last))
        yield beat


@bp.get("/_metrics")
def metrics() -> Response:
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    sent = request.headers.get("Authorization", "")
    if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        abort(401)
    registry = CollectorRegistry(auto_describe=False)
    registry.register(
        SiteCollector(request_session(), int(current_app.config["MODERATION_MAX_ATTEMPTS"]))
    )
    response = Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response

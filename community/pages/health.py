"""`/_health`: whether this host can serve and whether the background work keeps up.

For a load balancer, a monitoring probe or an operator's `curl`: JSON, 200 when healthy,
503 when not. Unhealthy is: the database out of reach, or work that waits longer than it
ever should when a worker is alive (a post waiting for its score, a change waiting for
the search index, beyond HEALTH_MAX_DELAY_SECONDS; an e-mail owed beyond
HEALTH_MAX_MAIL_DELAY_SECONDS). The workers' heartbeats and every backlog are reported
either way. Nothing here needs a log-in, and nothing names a member or a post.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from community.jobs import WorkerHeartbeat
from community.kernel import outbox
from community.kernel.clock import utcnow
from community.kernel.web import request_session
from community.moderation.scoring.jobs import waiting_for_score
from community.notifications.mailer import owed
from community.search.outbox import backlog

bp = Blueprint("health", __name__)


def _age(since: datetime | None, now: datetime) -> float | None:
    return None if since is None else round(max(0.0, (now - since).total_seconds()), 1)


def _backlog(count: int, oldest: datetime | None, now: datetime, limit: float) -> dict[str, Any]:
    age = _age(oldest, now)
    return {"ok": age is None or age <= limit, "waiting": count, "oldest_seconds": age}


def mail_owed(session: Session) -> tuple[int, datetime | None]:
    """The requests' e-mails and the notifications' together: one mail server sends both."""
    (requests, first), (notifications, second) = outbox.backlog(session), owed(session)
    oldest = min((when for when in (first, second) if when is not None), default=None)
    return requests + notifications, oldest


@bp.get("/_health")
def health() -> tuple[Response, int]:
    config = current_app.config
    session = request_session()
    now = utcnow()
    try:
        session.execute(text("SELECT 1"))
        delay = float(config["HEALTH_MAX_DELAY_SECONDS"])
        beats = session.execute(
            select(func.count(WorkerHeartbeat.owner), func.max(WorkerHeartbeat.beat_at))
        ).one()
        checks: dict[str, dict[str, Any]] = {
            "database": {"ok": True},
            "workers": {
                "ok": True,
                "running": int(beats[0]),
                "last_beat_seconds": _age(beats[1], now),
            },
            "scoring": _backlog(
                *waiting_for_score(session, max_attempts=int(config["MODERATION_MAX_ATTEMPTS"])),
                now,
                delay,
            ),
            "search_outbox": _backlog(*backlog(session), now, delay),
            "mail": _backlog(
                *mail_owed(session), now, float(config["HEALTH_MAX_MAIL_DELAY_SECONDS"])
            ),
        }
    except SQLAlchemyError:
        session.rollback()
        checks = {"database": {"ok": False}}
    healthy = all(check["ok"] for check in checks.values())
    body = jsonify(status="ok" if healthy else "unhealthy", checks=checks)
    body.headers["Cache-Control"] = "no-store"
    return body, 200 if healthy else 503

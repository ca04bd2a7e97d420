"""The scoring worker: claims pending posts in batches and scores them, model or no model."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from community.clock import utcnow
from community.extensions import db
from community.moderation.model.scorers import ModelError, Scorer, scorer_from_config
from community.moderation.score_calibration import refit_due
from community.moderation.scoring import claim_batch, score_batch
from community.notifications.mailer import MailRun, send_pending_emails
from community.search.backend import backend as search_backend
from community.search.indexing import apply_outbox
from community.selfdata.retention import Purged, purge_expired

log = logging.getLogger(__name__)
T = TypeVar("T")

# A model that failed to load is tried again after this long, not on every batch.
RELOAD_AFTER_SECONDS = 300.0
# Notifications e-mailed per loop at most, so that a backlog never delays the scoring long.
EMAILS_PER_RUN = 100
# Search index changes are applied batch after batch until none wait or this long passed.
SEARCH_SECONDS_PER_RUN = 2.0
# Which spaces' calibrations are due is looked up this often, not on every batch: it reads
# every judged decision.
REFIT_CHECK_SECONDS = 300.0

_scorers: dict[int, Scorer] = {}
_failed_at: dict[int, float] = {}
_lock = threading.Lock()


def default_owner() -> str:
    """Who holds a lease, readable in the database when a worker has to be found."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def scorer_for(app: Flask) -> Scorer | None:
    """The app's scorer, loaded once per process; None while the model cannot be loaded."""
    key = id(app)
    with _lock:
        scorer = _scorers.get(key)
        if scorer is not None:
            return scorer
        failed = _failed_at.get(key)
        if failed is not None and time.monotonic() - failed < RELOAD_AFTER_SECONDS:
            return None
        try:
            scorer = scorer_from_config(app.config)
        except ModelError as error:
            log.error("Toxicity model unavailable, posts stay pending unscored: %s", error)
        except Exception:
            log.exception("Toxicity model failed to load, posts stay pending unscored")
        else:
            _scorers[key] = scorer
            _failed_at.pop(key, None)
            log.info("Toxicity model loaded: %s", scorer.version)
            return scorer
        _failed_at[key] = time.monotonic()
        return None


def run_once(app: Flask, *, owner: str | None = None, size: int = 32) -> int:
    """Score one batch, then send the notification e-mails owed; returns how many posts
    were claimed."""
    owner = owner or default_owner()
    claimed = score_once(app, owner=owner, size=size)
    send_emails_once(app)
    purge_self_data_once(app)
    index_search_once(app)
    if _refit_check_due(app):
        refit_calibrations_once(app)
    return claimed


def score_once(app: Flask, *, owner: str, size: int = 32) -> int:
    """Claim one batch, commit the claim, score it, commit; returns how many posts were claimed."""
    lease = float(app.config["MODERATION_LEASE_SECONDS"])
    with app.app_context():
        session = db.session()
        try:
            posts = claim_batch(
                session,
                owner=owner,
                size=size,
                lease_seconds=lease,
                max_attempts=int(app.config["MODERATION_MAX_ATTEMPTS"]),
            )
            # Committed before the slow part: if this process dies now, the lease runs out
            # and another worker claims the posts again.
            session.commit()
            if not posts:
                return 0
            scorer = scorer_for(app)
            scored = score_batch(
                session,
                posts=posts,
                scorer=scorer,
                owner=owner,
                default_threshold=float(app.config["MODERATION_DEFAULT_THRESHOLD"]),
            )
            session.commit()
        except Exception:
            session.rollback()
            raise
        finally:
            db.session.remove()
    log.info("Scored %d of %d claimed posts (%s)", scored, len(posts), owner)
    return len(posts)


def site_url(app: Flask) -> str:
    """The site's address for links in e-mails, which the worker writes outside any request."""
    configured = app.config.get("SITE_URL")
    if configured:
        return str(configured)
    host = app.config.get("SERVER_NAME") or "localhost:5000"
    return f"{app.config['PREFERRED_URL_SCHEME']}://{host}"


def _side_task(app: Flask, failure: str, work: Callable[[Session], T]) -> T | None:
    """Run one of the loop's side tasks in a transaction of its own; never raises, since
    a mail server down or a failed purge must not stop the scoring, and what was not done
    is done on the next run. None when it failed."""
    with app.app_context():
        session = db.session()
        try:
            result = work(session)
            session.commit()
        except Exception:
            session.rollback()
            log.exception(failure)
            return None
        finally:
            db.session.remove()
    return result


def send_emails_once(app: Flask, *, limit: int = EMAILS_PER_RUN) -> MailRun | None:
    """Send the notification e-mails owed; what was not sent stays owed for the next run."""
    result = _side_task(
        app,
        "Sending notification e-mails failed; they stay owed",
        lambda session: send_pending_emails(
            session,
            enabled=bool(app.config["NOTIFICATIONS_BY_EMAIL"]),
            site_name=str(app.config["SITE_NAME"]),
            base_url=site_url(app),
            limit=limit,
        ),
    )
    if result is not None and (result.sent or result.failed):
        log.info("Notification e-mails: %d sent, %d failed", result.sent, result.failed)
    return result


def purge_self_data_once(app: Flask) -> Purged | None:
    """Forget who saw data cards past the configured period, and imports never confirmed."""
    days = int(app.config["SELFDATA_VIEW_LOG_DAYS"])
    return _side_task(
        app,
        "Purging expired self data failed; trying again next run",
        lambda session: purge_expired(session, now=utcnow(), view_log_days=days),
    )


def _refit_check_due(app: Flask) -> bool:
    now = time.monotonic()
    with _lock:
        checked = app.extensions.get("calibration_checked_at")
        if checked is not None and now - checked < REFIT_CHECK_SECONDS:
            return False
        app.extensions["calibration_checked_at"] = now
    return True


def refit_calibrations_once(app: Flask, *, now: datetime | None = None) -> list[int] | None:
    """Calibrate anew the model's scores of the spaces that are due (enough decisions, and
    no fit, a fit a day old or 20 decisions behind); returns the ids of those refitted."""
    minimum = int(app.config["MODERATION_CALIBRATION_MIN_DECISIONS"])
    when = now or utcnow()
    refitted = _side_task(
        app,
        "Refitting the spaces' score calibrations failed; trying again next run",
        lambda session: refit_due(session, now=when, min_decisions=minimum),
    )
    if refitted:
        log.info("Score calibrations refitted for spaces %s", refitted)
    return refitted


def index_search_once(app: Flask, *, seconds: float = SEARCH_SECONDS_PER_RUN) -> int:
    """Apply the search outbox, one index commit and one transaction per batch; returns how
    many rows were applied. A failed batch (index busy, disk full) stays for the next run.

    Also with the null backend, which applies nothing: the rows must not pile up.
    """
    size = int(app.config["SEARCH_BATCH_SIZE"])
    deadline = time.monotonic() + seconds
    applied = 0
    while True:
        done = _side_task(
            app,
            "Updating the search index failed; the changes stay in the outbox",
            lambda session: apply_outbox(session, search_backend(), limit=size),
        )
        applied += done or 0
        if not done or done < size or time.monotonic() >= deadline:
            return applied


def run(
    app: Flask,
    *,
    interval: float,
    stop_event: threading.Event,
    size: int = 32,
    owner: str | None = None,
) -> None:
    """Score batches until `stop_event` is set; waits `interval` seconds when nothing is left."""
    owner = owner or default_owner()
    log.info("Scoring worker %s started", owner)
    while not stop_event.is_set():
        try:
            claimed = run_once(app, owner=owner, size=size)
        except Exception:
            # A database hiccup must not end the worker: the leases make retrying safe.
            log.exception("Scoring batch failed; trying again in %.0f s", interval)
            claimed = 0
        if claimed < size:
            stop_event.wait(interval)
    log.info("Scoring worker %s stopped", owner)


def start_in_thread(app: Flask, *, interval: float = 2.0) -> threading.Thread:
    """Run the worker in a daemon thread of this process (the demo server's single process).

    app.extensions["moderation_worker"] holds the thread and the event that stops it.
    """
    stop = threading.Event()
    thread = threading.Thread(
        target=run,
        kwargs={"app": app, "interval": interval, "stop_event": stop},
        name="moderation-worker",
        daemon=True,
    )
    thread.start()
    app.extensions["moderation_worker"] = (thread, stop)
    return thread


@click.command("worker")
@click.option("--once", is_flag=True, help="Traiter un lot puis s’arrêter.")
@click.option("--batch-size", default=32, show_default=True, help="Messages par lot.")
@click.option(
    "--interval",
    default=2.0,
    show_default=True,
    help="Secondes d’attente quand il n’y a rien à noter.",
)
@with_appcontext
def worker_command(once: bool, batch_size: int, interval: float) -> None:
    """Note les messages en attente de modération (modèle de toxicité et détecteurs)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if batch_size < 1:
        raise click.BadParameter("au moins 1", param_hint="--batch-size")
    if once:
        claimed = run_once(app, size=batch_size)
        click.echo(f"{claimed} message(s) traité(s).")
        return
    stop = threading.Event()
    click.echo("Notation des messages en attente ; Ctrl+C pour arrêter.")
    try:
        run(app, interval=interval, stop_event=stop, size=batch_size)
    except KeyboardInterrupt:
        stop.set()
        click.echo("Arrêté.")

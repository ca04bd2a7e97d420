"""Moderation's jobs for the worker: scoring pending posts in batches, model or no model,
and calibrating the spaces' scores anew when due."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from community.extensions import db
from community.forums.models import Post
from community.jobs import side_task
from community.kernel.clock import utcnow
from community.moderation.model.scorers import ModelError, Scorer, scorer_from_config
from community.moderation.models import ModerationItem
from community.moderation.policy.score_calibration import refit_due
from community.moderation.scoring.services import (
    claim_batch,
    claimable,
    release_leases,
    score_batch,
)

log = logging.getLogger(__name__)

# A model that failed to load is tried again after this long, not on every batch.
RELOAD_AFTER_SECONDS = 300.0
# Which spaces' calibrations are due is looked up this often, not on every batch: it reads
# every judged decision.
REFIT_CHECK_SECONDS = 300.0

_scorers: dict[int, Scorer] = {}
_failed_at: dict[int, float] = {}
_lock = threading.Lock()


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


def waiting_for_score(session: Session, *, max_attempts: int) -> tuple[int, datetime | None]:
    """How many posts a worker could score now, and since when the oldest has waited: a
    backlog that only grows means no worker is scoring (what /_health reports)."""
    count, oldest = session.execute(
        select(func.count(Post.id), func.min(Post.review_requested_at))
        .outerjoin(ModerationItem, ModerationItem.post_id == Post.id)
        .where(claimable(utcnow(), max_attempts))
    ).one()
    return int(count or 0), oldest


def release_leases_of(app: Flask, *, owner: str) -> int | None:
    """A stopping worker hands back the posts it claimed and did not score."""
    released = side_task(
        app,
        "Releasing the stopping worker's leases failed; they run out by themselves",
        lambda session: release_leases(session, owner=owner),
    )
    if released:
        log.info("Released %d lease(s) held by %s", released, owner)
    return released


def refit_when_due(app: Flask) -> list[int] | None:
    """The calibrations due, refitted; looked for every REFIT_CHECK_SECONDS only."""
    return refit_calibrations_once(app) if _refit_check_due(app) else None


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
    refitted = side_task(
        app,
        "Refitting the spaces' score calibrations failed; trying again next run",
        lambda session: refit_due(session, now=when, min_decisions=minimum),
    )
    if refitted:
        log.info("Score calibrations refitted for spaces %s", refitted)
    return refitted

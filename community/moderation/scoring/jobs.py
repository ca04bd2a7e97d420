"""The worker's scoring job: posts scored in batches, the backlog, leases given back on stop."""

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
from community.moderation.scoring.services import (
    claim_batch,
    claimable,
    release_leases,
    score_batch,
)

log = logging.getLogger(__name__)

# A model that failed to load is tried again after this long, not on every batch.
RELOAD_AFTER_SECONDS = 300.0

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

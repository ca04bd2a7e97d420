"""The worker's transparency job: each closed month's figures kept once, so pages read them."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from community.jobs import side_task
from community.kernel.clock import utcnow
from community.moderation.transparency.services import keep_closed_months

log = logging.getLogger(__name__)

# A month closes once a month: looking this often is plenty.
CHECK_SECONDS = 600.0

_lock = threading.Lock()


def keep_when_due(app: Flask) -> int | None:
    """The closed months not kept yet, written; looked for every CHECK_SECONDS only."""
    now = time.monotonic()
    with _lock:
        checked = app.extensions.get("transparency_checked_at")
        if checked is not None and now - checked < CHECK_SECONDS:
            return None
        app.extensions["transparency_checked_at"] = now
    return keep_months_once(app)


def keep_months_once(app: Flask) -> int | None:
    written = side_task(
        app,
        "Keeping the closed months' transparency figures failed; trying again next run",
        lambda session: keep_closed_months(session, today=utcnow().date()),
    )
    if written:
        log.info("Transparency figures kept for %s space-months", written)
    return written

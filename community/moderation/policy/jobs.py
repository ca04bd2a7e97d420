"""The worker's calibration job: the spaces' scores calibrated anew on their decisions when due."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from flask import Flask

from community.jobs import side_task
from community.kernel.clock import utcnow
from community.moderation.policy.score_calibration import refit_due

log = logging.getLogger(__name__)

# Which spaces' calibrations are due is looked up this often, not on every batch: it reads
# every judged decision.
REFIT_CHECK_SECONDS = 300.0

_lock = threading.Lock()


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

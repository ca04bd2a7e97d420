"""Self data's job for the worker: what the site promised to forget, forgotten on time."""

from __future__ import annotations

from flask import Flask

from community.jobs import side_task
from community.kernel.clock import utcnow
from community.selfdata.retention import Purged, purge_expired


def purge_self_data_once(app: Flask) -> Purged | None:
    """Forget who saw data cards past the configured period, and imports never confirmed."""
    days = int(app.config["SELFDATA_VIEW_LOG_DAYS"])
    return side_task(
        app,
        "Purging expired self data failed; trying again next run",
        lambda session: purge_expired(session, now=utcnow(), view_log_days=days),
    )

"""The forums' job for the worker: drafts left untouched too long are forgotten."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from community.forums.drafts import purge_drafts
from community.jobs import side_task
from community.kernel.clock import utcnow


def purge_drafts_once(app: Flask) -> int | None:
    """Delete the drafts nobody changed for DRAFT_KEPT_DAYS; how many went."""
    days = int(app.config["DRAFT_KEPT_DAYS"])
    return side_task(
        app,
        "Purging old drafts failed; trying again next run",
        lambda session: purge_drafts(session, older_than=utcnow() - timedelta(days=days)),
    )

"""The accounts' job for the worker: suspensions whose end has come are lifted."""

from __future__ import annotations

from flask import Flask

from community.accounts.services import end_suspensions
from community.jobs import side_task
from community.kernel.clock import utcnow


def end_suspensions_once(app: Flask) -> int | None:
    """Set back to active the members whose suspension ended; how many (None when it failed)."""
    return side_task(
        app,
        "Ending the suspensions that ran out failed; trying again next run",
        lambda session: end_suspensions(session, now=utcnow()),
    )

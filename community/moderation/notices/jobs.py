"""The notices' job for the worker: the senders' addresses forgotten once they served."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from community.jobs import side_task
from community.kernel.clock import utcnow
from community.moderation.notices.services import erase_addresses


def erase_notice_addresses_once(app: Flask) -> int | None:
    """Erase the addresses of notices decided NOTICE_ADDRESS_KEPT_DAYS ago, or left
    undecided NOTICE_ADDRESS_KEPT_UNDECIDED_DAYS; how many (None when it failed)."""
    after_decision = timedelta(days=int(app.config["NOTICE_ADDRESS_KEPT_DAYS"]))
    undecided = timedelta(days=int(app.config["NOTICE_ADDRESS_KEPT_UNDECIDED_DAYS"]))
    return side_task(
        app,
        "Erasing the notices' addresses failed; trying again next run",
        lambda session: erase_addresses(
            session, now=utcnow(), after_decision=after_decision, undecided=undecided
        ),
    )

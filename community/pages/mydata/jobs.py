"""The worker's job for members' archives: build those a large account asked for, tell
their owner in the app, and empty those past their time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from flask import Flask
from sqlalchemy.orm import Session

from community.accounts import exports
from community.accounts.models import ExportStatus, Member
from community.jobs import side_task
from community.kernel.urls import site_root
from community.notifications.models import NotificationKind
from community.notifications.services import notify
from community.pages.mydata import archive
from community.selfdata.crypto import keyring

# Archives built per run at most: each reads a whole account, and the other jobs wait.
PER_RUN = 3


@dataclass(frozen=True)
class ExportRun:
    built: int = 0
    failed: int = 0
    expired: int = 0


def _build_one(app: Flask, session: Session, *, claimed: list[int]) -> bool:
    """Build the oldest pending archive; False when none waits."""
    export = exports.claim_pending(session)
    if export is None:
        return False
    claimed.append(export.id)
    member = session.get(Member, export.member_id)
    assert member is not None
    # Links to the member's posts need the site's address, which no request brings here.
    with app.test_request_context(base_url=site_root(app)):
        content = archive.build(session, member=member, locale=export.locale)
    exports.store_archive(
        session,
        export=export,
        sealed=keyring().seal_bytes(content),
        size=len(content),
        kept=timedelta(days=int(app.config["MEMBER_EXPORT_KEPT_DAYS"])),
    )
    notify(session, member=member, kind=NotificationKind.EXPORT_READY)
    return True


def _count_failure(session: Session, *, export_id: int) -> bool:
    """The failed build counted; True if the export was given up (its owner is told)."""
    export = exports.build_failed(session, export_id=export_id)
    if export is None or export.status is not ExportStatus.FAILED:
        return False
    member = session.get(Member, export.member_id)
    if member is not None:
        notify(session, member=member, kind=NotificationKind.EXPORT_FAILED)
    return True


def build_exports_once(app: Flask) -> ExportRun:
    """Empty the archives past their time, then build up to PER_RUN waiting ones, each in
    a transaction of its own. One that fails is counted and tried again next run (given
    up after a few tries, its owner told), and stops this run only."""
    expired = side_task(
        app,
        "Emptying expired archives failed; trying again next run",
        lambda session: exports.expire_due(session),
    )
    built = failed = 0
    for _ in range(PER_RUN):
        claimed: list[int] = []
        done = side_task(
            app,
            "Building a member's archive failed; trying again next run",
            partial(_build_one, app, claimed=claimed),
        )
        if done:
            built += 1
            continue
        if done is None and claimed:
            failed += 1
            side_task(
                app,
                "Counting a failed archive failed",
                partial(_count_failure, export_id=claimed[0]),
            )
        break  # nothing waits, or something failed: next run
    return ExportRun(built=built, failed=failed, expired=expired or 0)

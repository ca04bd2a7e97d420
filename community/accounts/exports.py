"""The rows of members' archives: asked for, built, downloaded, expired; each flushes.

What goes into an archive, and how it is sealed, is the business of the page that builds
it (community.pages.mydata): this module keeps only the row's life, so that whoever asks,
the worker or the request, follows the same rules. An archive is its owner's alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from community.accounts.models import ExportStatus, Member, MemberExport
from community.kernel.clock import utcnow

# Failed builds before an export is given up, and the member told to ask again.
MAX_ATTEMPTS = 3


class ExportError(Exception):
    """A request about an archive that cannot be met; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def latest(session: Session, *, member: Member) -> MemberExport | None:
    """The member's most recent export, whatever its state."""
    return session.scalar(
        select(MemberExport)
        .where(MemberExport.member_id == member.id)
        .order_by(MemberExport.id.desc())
        .limit(1)
    )


def request_export(session: Session, *, member: Member) -> MemberExport:
    """A new export, pending; an older archive still kept is emptied, as it is now out of
    date. Raises ExportError("pending") while another one waits to be built."""
    previous = latest(session, member=member)
    if previous is not None and previous.status is ExportStatus.PENDING:
        raise ExportError("pending")
    session.execute(
        update(MemberExport)
        .where(MemberExport.member_id == member.id, MemberExport.status == ExportStatus.READY)
        .values(status=ExportStatus.EXPIRED, sealed=None)
        .execution_options(synchronize_session=False)
    )
    if previous is not None and previous.status is ExportStatus.READY:
        session.expire(previous)
    export = MemberExport(
        member_id=member.id,
        status=ExportStatus.PENDING,
        locale=member.locale,
        requested_at=utcnow(),
    )
    session.add(export)
    session.flush()
    return export


def claim_pending(session: Session) -> MemberExport | None:
    """The oldest export waiting to be built, locked until the caller commits; on
    PostgreSQL another worker skips it (SKIP LOCKED) and takes the next one."""
    query = (
        select(MemberExport)
        .where(MemberExport.status == ExportStatus.PENDING)
        .order_by(MemberExport.id)
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalar(query)


def store_archive(
    session: Session, *, export: MemberExport, sealed: bytes, size: int, kept: timedelta
) -> None:
    """The built archive, sealed by the caller, kept for `kept` from now."""
    now = utcnow()
    export.sealed = sealed
    export.size_bytes = size
    export.status = ExportStatus.READY
    export.ready_at = now
    export.expires_at = now + kept
    session.flush()


def build_failed(session: Session, *, export_id: int) -> MemberExport | None:
    """Count a failed build of this export (its own transaction: the build's was rolled
    back); past MAX_ATTEMPTS it is given up. The export as it now is, if it still waits."""
    export = session.get(MemberExport, export_id)
    if export is None or export.status is not ExportStatus.PENDING:
        return None
    export.attempts = (export.attempts or 0) + 1
    if export.attempts >= MAX_ATTEMPTS:
        export.status = ExportStatus.FAILED
    session.flush()
    return export


def is_downloadable(export: MemberExport, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        export.status is ExportStatus.READY
        and export.sealed is not None
        and export.expires_at is not None
        and now < export.expires_at
    )


def own_export(session: Session, *, member: Member, export_id: int) -> MemberExport | None:
    """The member's export with this id; None for anyone else's (callers answer 404)."""
    return session.scalar(
        select(MemberExport).where(
            MemberExport.id == export_id, MemberExport.member_id == member.id
        )
    )


def record_download(session: Session, *, export: MemberExport) -> None:
    """One more download, counted in the database (never from a value read earlier)."""
    now = utcnow()
    session.execute(
        update(MemberExport)
        .where(MemberExport.id == export.id)
        .values(downloads=MemberExport.downloads + 1, last_downloaded_at=now)
        .execution_options(synchronize_session=False)
    )
    session.flush()


def expire_due(session: Session, *, now: datetime | None = None) -> int:
    """Empty every archive past its time; returns how many went. The rows stay."""
    now = now or utcnow()
    result = session.execute(
        update(MemberExport)
        .where(MemberExport.status == ExportStatus.READY, MemberExport.expires_at <= now)
        .values(status=ExportStatus.EXPIRED, sealed=None)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return int(result.rowcount)  # type: ignore[attr-defined]


def delete_for_member(session: Session, *, member: Member) -> None:
    """Every export of a member whose account is being deleted: archives and their log."""
    session.execute(
        delete(MemberExport)
        .where(MemberExport.member_id == member.id)
        .execution_options(synchronize_session=False)
    )
    session.flush()

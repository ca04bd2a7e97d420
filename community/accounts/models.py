"""Member accounts."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, true
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db, enum_type
from community.kernel.clock import utcnow


class MemberStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DELETED = "deleted"


class Member(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    # As the member typed it (NFC); shown everywhere.
    pseudonym: Mapped[str] = mapped_column(String(40))
    # The pseudonym's skeleton (case, accents and look-alike characters folded): two
    # pseudonyms a reader could confuse have the same key, so the second is refused.
    pseudonym_key: Mapped[str] = mapped_column(String(160), unique=True)
    # Stored as typed; email_key (case-folded) carries uniqueness and look-ups.
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="fr")
    status: Mapped[MemberStatus] = mapped_column(
        enum_type(MemberStatus),
        default=MemberStatus.ACTIVE,
    )
    is_site_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Consent to the charter and privacy notice, and when it was given.
    charter_accepted_at: Mapped[datetime] = mapped_column(DateTime)
    privacy_accepted_at: Mapped[datetime] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Part of every password-reset token, so a token dies once the password changes.
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Whether notifications also go by e-mail (when the site sends e-mail at all).
    notify_by_email: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Set when the member deleted their account: the row stays, emptied and pseudonymized,
    # because posts and moderation records point at it.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The end of a suspension decided for a time; None while suspended means until an
    # admin lifts it. Past it the member writes again at once (is_suspended), and the
    # worker sets the status back (accounts.jobs) for the queries that read the column.
    suspended_until: Mapped[datetime | None] = mapped_column(DateTime)

    def get_id(self) -> str:
        # The session holds the id and a fragment of the hash: changing the password
        # ends every other session.
        return f"{self.id}:{self.password_hash[-8:]}"

    @property
    def is_active(self) -> bool:  # Flask-Login: suspended members may still log in and read
        return self.status is not MemberStatus.DELETED

    @property
    def is_suspended(self) -> bool:
        if self.status is not MemberStatus.SUSPENDED:
            return False
        return self.suspended_until is None or utcnow() < self.suspended_until

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.pseudonym!r}>"


class ExportStatus(enum.StrEnum):
    PENDING = "pending"  # asked for; the worker builds it
    READY = "ready"  # built: its owner may download it until expires_at
    EXPIRED = "expired"  # the archive is gone: past its time, or a newer one replaced it
    FAILED = "failed"  # could not be built; the member is told to ask again


class MemberExport(db.Model):  # type: ignore[name-defined]
    """One archive of everything the site holds about a member, asked for by that member.

    The archive holds the vault in clear, so it is sealed with the vault's keys
    (selfdata.crypto) and kept only until `expires_at`; the row stays, as the record of
    what was asked, built and downloaded, until the account is deleted.
    """

    __tablename__ = "member_export"
    __table_args__ = ({"sqlite_autoincrement": True},)  # an old link never opens a newer one

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    status: Mapped[ExportStatus] = mapped_column(
        enum_type(ExportStatus, 8), default=ExportStatus.PENDING, index=True
    )
    # The language its pages are written in: the member's when they asked.
    locale: Mapped[str] = mapped_column(String(8), default="fr")
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ready_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The ZIP file, encrypted; None until built and once expired.
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    # Failed builds so far: past a few, the export is given up (FAILED).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Every download is counted, and the last one's time kept, for its owner to see.
    downloads: Mapped[int] = mapped_column(Integer, default=0)
    last_downloaded_at: Mapped[datetime | None] = mapped_column(DateTime)

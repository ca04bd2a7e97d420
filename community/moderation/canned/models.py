"""The texts an association prepares for its moderators, and every change made to them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db, enum_type
from community.kernel.clock import utcnow


class CannedKind(enum.StrEnum):
    REFUSAL = "refusal"  # for a refusal, or a take-down, of a post
    EDIT_REQUEST = "edit_request"  # for asking the author to change their post


class CannedText(db.Model):  # type: ignore[name-defined]
    """A text a moderator of the space may send as it stands, or followed by their own.

    A decision copies the text it sent (ModerationDecision.reason_text): changing or
    deleting a prepared text later never changes what an author was told.
    """

    __tablename__ = "canned_text"
    __table_args__ = (
        # The texts of a space, in the order the association gave them.
        Index("ix_canned_text_space", "space_id", "kind", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"))
    kind: Mapped[CannedKind] = mapped_column(enum_type(CannedKind, 16))
    # What the moderator picks it by, in the decision forms.
    title: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    # For a refusal, the reason it goes with (RejectionReason): picking the text gives the
    # reason. None for an edit request, or a refusal text that suits any reason.
    reason_code: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))


class CannedChange(enum.StrEnum):
    CREATED = "created"
    EDITED = "edited"
    MOVED = "moved"
    DELETED = "deleted"


class CannedTextChange(db.Model):  # type: ignore[name-defined]
    """One change an admin made to a prepared text: an append-only log, never updated.

    The text is copied as the change left it (as it was, for a deletion), with what an
    edit replaced, so the log still reads once the text itself is gone. The admin's
    pseudonym is copied too, and kept pseudonymized when their account is deleted.
    """

    __tablename__ = "canned_text_change"
    __table_args__ = (
        # The log of a space, latest first.
        Index("ix_canned_text_change_space", "space_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"))
    # No foreign key: the log outlives the texts it tells of.
    canned_text_id: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    actor_pseudonym: Mapped[str] = mapped_column(String(80))
    action: Mapped[CannedChange] = mapped_column(enum_type(CannedChange, 16))
    kind: Mapped[CannedKind] = mapped_column(enum_type(CannedKind, 16))
    title: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    reason_code: Mapped[str | None] = mapped_column(String(40))
    # For an edit, the text as it stood before (None for the other changes).
    previous_title: Mapped[str | None] = mapped_column(String(80))
    previous_body: Mapped[str | None] = mapped_column(Text)
    previous_reason_code: Mapped[str | None] = mapped_column(String(40))
    # For a move, the place the text now holds in its list (1 is first).
    position: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

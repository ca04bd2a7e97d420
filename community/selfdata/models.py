"""The vault's encrypted rows, data cards, the marks they leave on posts, and who saw them.

Only `sealed` columns hold a member's values and words, encrypted with a key kept outside
the database (selfdata/crypto.py). What stays in clear is what the pages must sort or
filter by without decrypting everything: the owner, a record's category and series, and
its time.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import Member
from community.extensions import db, enum_type
from community.forums.models import Post, Space
from community.kernel.clock import utcnow
from community.selfdata.records import Category, Precision


class VaultProfile(db.Model):  # type: ignore[name-defined]
    """Birth year and sex, sealed: what a data card may show as an age band and a sex."""

    __tablename__ = "vault_profile"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class VaultEntry(db.Model):  # type: ignore[name-defined]
    """One record of a member's vault: a measurement, treatment, symptom or lab result."""

    __tablename__ = "vault_entry"
    __table_args__ = (
        Index("ix_vault_entry_owner_time", "owner_id", "category", "occurred_at"),
        # Deleted rows' ids are never handed out again (SQLite reuses the highest id
        # otherwise): a form left open in an old tab must not act on a newer row.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    category: Mapped[Category] = mapped_column(enum_type(Category))
    series: Mapped[str] = mapped_column(String(40), default="")  # measurements only
    # A measurement's time, a treatment's start, a symptom's or lab result's day, the
    # day a condition began.
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    # How much of occurred_at is known: an imported condition may give only "2019-03",
    # kept as the first of the month with "month" here, never shown as a day.
    date_precision: Mapped[Precision] = mapped_column(
        enum_type(Precision, length=8), default=Precision.DAY, server_default=Precision.DAY.value
    )
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class PendingImport(db.Model):  # type: ignore[name-defined]
    """An import read and checked, shown to its owner, waiting for them to confirm it.

    The parsed rows are sealed like the vault, and so are the refused lines (to download
    and fix). Once confirmed, the rows are emptied and `confirmed_at` set: the refused
    lines stay downloadable until the purge, an hour after the file was sent.
    """

    __tablename__ = "pending_import"
    __table_args__ = ({"sqlite_autoincrement": True},)  # see VaultEntry

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    row_count: Mapped[int] = mapped_column(Integer)
    rejected_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)


class CardAudience(enum.StrEnum):
    MEMBERS = "members"  # members of the space (and its moderators)
    MODERATORS = "moderators"  # the space's moderators only


class DataCard(db.Model):  # type: ignore[name-defined]
    """A frozen, anonymized snapshot of part of a vault, built for one space.

    Withdrawal deletes the row: the snapshot is gone, not hidden. The post it was linked
    to keeps a DataWithdrawal mark instead.
    """

    __tablename__ = "data_card"
    __table_args__ = ({"sqlite_autoincrement": True},)  # see VaultEntry

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    # The space whose members the k-anonymity check counted; the card links to a post there.
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id"), unique=True)
    audience: Mapped[CardAudience] = mapped_column(enum_type(CardAudience))
    # A short, non-identifying name ("Glycémie · 90 jours"), copied into the view log.
    title: Mapped[str] = mapped_column(String(160))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # the snapshot (selfdata/anonymizer.py)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    linked_at: Mapped[datetime | None] = mapped_column(DateTime)

    owner: Mapped[Member] = relationship()
    space: Mapped[Space] = relationship()
    post: Mapped[Post | None] = relationship()


class DataWithdrawal(db.Model):  # type: ignore[name-defined]
    """A post whose card its author withdrew: it shows "données retirées par leur auteur"."""

    __tablename__ = "data_withdrawal"

    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), primary_key=True)
    withdrawn_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CardView(db.Model):  # type: ignore[name-defined]
    """Someone other than its owner saw a data card. Only the owner reads these rows."""

    __tablename__ = "card_view"
    __table_args__ = (Index("ix_card_view_owner_time", "owner_id", "viewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    # Emptied when the card is withdrawn: the owner still knows who saw what, and when.
    card_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_card.id", ondelete="SET NULL"), index=True
    )
    card_title: Mapped[str] = mapped_column(String(160))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id"))
    # None for a visitor who was not logged in (who should never see a card at all).
    viewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    viewer_role: Mapped[str] = mapped_column(String(24))  # a permissions.Role value
    viewed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    viewer: Mapped[Member | None] = relationship(foreign_keys=[viewer_id])

"""The search outbox: index changes written in the transaction that makes them necessary."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db
from community.kernel.clock import utcnow


class SearchOutbox(db.Model):  # type: ignore[name-defined]
    """A post (or every post of a thread) whose place in the index may have changed.

    A row says "look again", not what to do: whoever applies it reads the post as it is
    then, and indexes it if a reader may find it, or removes it. Applying a row twice is
    harmless, so a crash between updating the index and deleting the row loses nothing.
    No foreign keys: a row must never stop a post or thread from being written.
    """

    __tablename__ = "search_outbox"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int | None] = mapped_column(Integer)
    thread_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

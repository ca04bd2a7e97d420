"""The search outbox: each change to what readers may find, noted in the same transaction.

The forums announce each visibility change before their caller commits; the listener
below adds one SearchOutbox row per post and per thread to that same transaction, so
the change and the note that the index must follow it are committed (or rolled back)
together. The worker applies the rows later (indexing.apply_outbox), from one place at a
time, since whoosh accepts one writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, insert, literal, select
from sqlalchemy.orm import Session

from community.accounts.services import Erasure
from community.forums.events import Change
from community.forums.models import Post
from community.kernel.clock import utcnow
from community.search.models import SearchOutbox

# Rows deleted per statement: an IN list well under SQLite's limit on bound parameters.
_CHUNK = 500
# pg_advisory_xact_lock key of whoever applies rows to the index (worker, reindex): the
# digits of "search" on a phone keypad, unlikely to collide with another lock.
_APPLIER_LOCK = 732_724


def backlog(session: Session) -> tuple[int, datetime | None]:
    """How many changes wait for the index, and since when the oldest has (/_health)."""
    count, oldest = session.execute(
        select(func.count(SearchOutbox.id), func.min(SearchOutbox.created_at))
    ).one()
    return int(count or 0), oldest


def enqueue_change(change: Change, *, session: Session) -> None:
    """Ask the index to look again at these posts and at every post of these threads."""
    now = utcnow()
    rows = [{"post_id": post_id, "thread_id": None} for post_id in change.post_ids] + [
        {"post_id": None, "thread_id": thread_id} for thread_id in change.thread_ids
    ]
    # One statement whatever the rows: publishing stays within its query budget.
    session.execute(
        insert(SearchOutbox).execution_options(render_nulls=True),
        [{**row, "created_at": now} for row in rows],
    )


def enqueue_member_posts(erasure: Erasure, *, session: Session) -> None:
    """A deleted account's posts: those kept change pseudonym, those withdrawn must go.

    Every post of the member, whatever its status: the index reads each one as it is
    when the row is applied, after the account bears its neutral pseudonym. One INSERT …
    SELECT, however many posts the member wrote.
    """
    session.execute(
        insert(SearchOutbox).from_select(
            ["post_id", "created_at"],
            select(Post.id, literal(utcnow(), SearchOutbox.created_at.type)).where(
                Post.author_id == erasure.member.id
            ),
        )
    )


def take_batch(session: Session, limit: int) -> list[SearchOutbox]:
    """The oldest rows, at most `limit`; they stay in the table until done()."""
    return list(session.scalars(select(SearchOutbox).order_by(SearchOutbox.id).limit(limit)))


def done(session: Session, ids: Sequence[int]) -> None:
    """Delete exactly these rows: the index has followed them (rows written since stay)."""
    for start in range(0, len(ids), _CHUNK):
        session.execute(
            delete(SearchOutbox)
            .where(SearchOutbox.id.in_(ids[start : start + _CHUNK]))
            .execution_options(synchronize_session=False)
        )
    session.flush()


def pending_ids(session: Session) -> list[int]:
    """Every row waiting now (what a full rebuild makes useless)."""
    return list(session.scalars(select(SearchOutbox.id).order_by(SearchOutbox.id)))


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchOutbox)) or 0


def lock_appliers(session: Session, *, wait: bool = False) -> bool:
    """Become the one applier of the outbox until this transaction ends; False if another
    is applying and `wait` is false (the worker tries again on its next run).

    Two appliers at once could lose an update: one reads a post, the other reads it
    changed again and indexes it, then the first writes its older reading over it, and
    both delete their rows. On PostgreSQL, where several workers may run, a
    transaction-level advisory lock keeps them apart (and the worker away from a
    reindex). SQLite runs one worker, as for scoring; reindex it with the worker stopped.
    """
    if session.get_bind().dialect.name != "postgresql":
        return True
    if wait:
        session.execute(select(func.pg_advisory_xact_lock(_APPLIER_LOCK)))
        return True
    return bool(session.scalar(select(func.pg_try_advisory_xact_lock(_APPLIER_LOCK))))

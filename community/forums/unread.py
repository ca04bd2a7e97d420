"""Unread markers: how far each member has read each thread, and what is new to them.

A thread page records the latest published post it showed a member (`mark_seen`, one
upsert that only moves the mark forward, run after the page by the page's own hook).
A post is then new to that member when it is published after the mark and written by
someone else: their own words are never news to them. A thread they never opened is
"not read yet" when someone else wrote in it after they joined the site; it has no mark
to count from, so it is counted nothing and links to its start.

What the listings show rides along with the queries that load them, as columns: no
page asks once per thread.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, select
from sqlalchemy.orm import Session, aliased, with_expression

from community.accounts.models import Member
from community.forums.follows import _insert
from community.forums.models import Post, PostStatus, Space, Thread, ThreadRead
from community.kernel.clock import utcnow


def seen_of(member_id: Any, thread_id: Any) -> ColumnElement[int]:
    """The latest post of the thread the member was shown (NULL: never opened), as a
    scalar subquery for a member's id and a thread's id or column (the primary key)."""
    # Correlated explicitly: nested in another subquery (the count of new posts), it would
    # otherwise take the thread as a table of its own and read any thread's mark.
    return (
        select(ThreadRead.last_seen_post_id)
        .where(ThreadRead.member_id == member_id, ThreadRead.thread_id == thread_id)
        .correlate_except(ThreadRead)
        .scalar_subquery()
    )


def mark_seen(session: Session, *, member_id: int, thread_id: int, post_id: int) -> None:
    """The member was shown the thread's published posts up to `post_id`. One statement:
    two pages of the thread read at once (two tabs, two hosts) cannot both insert, and
    the later page can only move the mark forward, never back."""
    now = utcnow()
    statement = _insert(session, ThreadRead).values(
        member_id=member_id, thread_id=thread_id, last_seen_post_id=post_id, seen_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["member_id", "thread_id"],
            set_={"last_seen_post_id": post_id, "seen_at": now},
            where=ThreadRead.last_seen_post_id < post_id,
        )
    )


def _new_posts(member: Member, thread_id: Any, seen: Any) -> ColumnElement[bool]:
    """The thread's published posts after `seen`, by others (ix_post_thread_listing)."""
    return and_(
        Post.thread_id == thread_id,
        Post.status == PostStatus.PUBLISHED,
        Post.id > seen,
        Post.author_id != member.id,
    )


def reading_of(member: Member) -> list[Any]:
    """Loader options for a query of threads: what `member` has read of each
    (Thread.seen_by_reader), how many posts are new to them, the first of those and how
    many published posts come before it (the page it is on). Four correlated subqueries
    of the query itself, each an index range."""
    seen = seen_of(member.id, Thread.id)
    unread = (
        select(func.count(Post.id))
        .where(_new_posts(member, Thread.id, seen))
        .correlate_except(Post)
    )
    first = (
        select(func.min(Post.id))
        .where(_new_posts(member, Thread.id, seen))
        .correlate_except(Post)
        .scalar_subquery()
    )
    earlier = aliased(Post)
    before = (
        select(func.count(earlier.id))
        .where(
            earlier.thread_id == Thread.id,
            earlier.status == PostStatus.PUBLISHED,
            earlier.id < first,
        )
        .correlate_except(earlier)
    )
    return [
        with_expression(Thread.seen_by_reader, seen),
        with_expression(Thread.unread_for_reader, unread.scalar_subquery()),
        with_expression(Thread.first_unread_for_reader, first),
        with_expression(Thread.before_first_unread, before.scalar_subquery()),
    ]


def not_read_yet(thread: Thread, member: Member | None) -> bool:
    """A thread the member never opened, in which someone else wrote since they joined."""
    return (
        member is not None
        and thread.seen_by_reader is None
        and thread.author_id != member.id
        and thread.last_activity_at > member.created_at
    )


def threads_with_news_of(member: Member) -> ColumnElement[int]:
    """How many threads of the space (Space.id of the query) the member has read that
    have posts new to them: a scalar subquery that reads only the member's own marks."""
    has_news = (
        select(Post.id).where(
            _new_posts(member, ThreadRead.thread_id, ThreadRead.last_seen_post_id)
        )
    ).exists()
    return (
        select(func.count(ThreadRead.thread_id))
        .join(Thread, Thread.id == ThreadRead.thread_id)
        .where(
            ThreadRead.member_id == member.id,
            Thread.space_id == Space.id,
            Thread.status == PostStatus.PUBLISHED,
            has_news,
        )
        .correlate(Space)
        .scalar_subquery()
    )


def post_is_new_to(member: Member) -> ColumnElement[bool]:
    """Whether the post (Post of the query) is new to the member: published after the
    mark of its thread and someone else's; in a thread never opened, published after
    they joined. For a list of posts from several threads (search)."""
    seen = seen_of(member.id, Post.thread_id)
    published = func.coalesce(Post.published_at, Post.created_at)
    return and_(
        Post.author_id != member.id,
        func.coalesce(Post.id > seen, published > member.created_at),
    )


def forget_reads(session: Session, *, member: Member) -> None:
    """An account is being deleted: how far it read goes with it."""
    session.execute(delete(ThreadRead).where(ThreadRead.member_id == member.id))

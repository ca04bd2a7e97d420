"""The counters the space and thread pages read instead of counting: moved in SQL, checked.

`Space.thread_count`, `Space.post_count` and `Thread.post_count` change only when a post
is published or taken down. They change in the database (`post_count = post_count + 1`),
never from a value read earlier: two moderators approving in one space at the same
instant, on two hosts, both count. Whether the thread is published is read from the row
the UPDATE itself changed (RETURNING), so a reply approved while its thread's opening
post is approved elsewhere is counted once, by whichever comes second.

`check` recounts from the posts; `flask --app community check-counters [--fix]` runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from community.forums.models import Post, PostStatus, Space, Thread


def post_published(session: Session, *, thread: Thread, at: datetime, opened: bool) -> None:
    """A post of `thread` was published at `at`; `opened`: it is the thread's opening post,
    so the thread is published with it and its replies already published become seen."""
    status, count, last = session.execute(
        update(Thread)
        .where(Thread.id == thread.id)
        .values(
            post_count=Thread.post_count + 1,
            status=PostStatus.PUBLISHED if opened else Thread.status,
            # SET reads the row as it was: the first published post sets the time.
            last_activity_at=case(
                (or_(Thread.post_count == 0, Thread.last_activity_at < at), at),
                else_=Thread.last_activity_at,
            ),
        )
        .returning(Thread.status, Thread.post_count, Thread.last_activity_at)
        .execution_options(synchronize_session=False)
    ).one()
    _committed(thread, status=status, post_count=count, last_activity_at=last)
    if status is not PostStatus.PUBLISHED:
        return  # a reply in a thread still waiting: seen, and counted, with its thread
    if opened:
        _space_moves(session, thread.space, threads=1, posts=count)
    else:
        _space_moves(session, thread.space, threads=0, posts=1)


def post_taken_down(
    session: Session, *, thread: Thread, status: PostStatus, was_published: bool, opening: bool
) -> None:
    """A post of `thread` is hidden as `status` (withdrawn, refused); an opening post takes
    its thread down with it, and with it every post the space counted."""
    if opening:
        # The opening post is published exactly while its thread is: the thread's count
        # loses it, and the space loses the thread with every post it counted there.
        published = session.execute(
            update(Thread)
            .where(Thread.id == thread.id, Thread.status == PostStatus.PUBLISHED)
            .values(status=status, post_count=Thread.post_count - 1)
            .returning(Thread.post_count)
            .execution_options(synchronize_session=False)
        ).one_or_none()
        if published is None:  # the thread was not seen: nothing counted it
            session.execute(
                update(Thread)
                .where(Thread.id == thread.id)
                .values(status=status)
                .execution_options(synchronize_session=False)
            )
        else:
            _committed(thread, post_count=published.post_count)
            _space_moves(session, thread.space, threads=-1, posts=-(published.post_count + 1))
        set_committed_value(thread, "status", status)
        return
    if not was_published:
        return
    thread_status, count = session.execute(
        update(Thread)
        .where(Thread.id == thread.id)
        .values(post_count=Thread.post_count - 1)
        .returning(Thread.status, Thread.post_count)
        .execution_options(synchronize_session=False)
    ).one()
    _committed(thread, status=thread_status, post_count=count)
    if thread_status is PostStatus.PUBLISHED:
        _space_moves(session, thread.space, threads=0, posts=-1)


def _space_moves(session: Session, space: Space, *, threads: int, posts: int) -> None:
    thread_count, post_count = session.execute(
        update(Space)
        .where(Space.id == space.id)
        .values(thread_count=Space.thread_count + threads, post_count=Space.post_count + posts)
        .returning(Space.thread_count, Space.post_count)
        .execution_options(synchronize_session=False)
    ).one()
    _committed(space, thread_count=thread_count, post_count=post_count)


def _committed(row: object, **values: object) -> None:
    """The values the database now holds, set on the loaded object without a new query."""
    for name, value in values.items():
        set_committed_value(row, name, value)


# --- checking them against the posts --------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    """One counter that differs from the posts it counts."""

    table: str  # "space" or "thread"
    row_id: int
    column: str
    stored: int
    counted: int


def check(session: Session, *, fix: bool = False) -> list[Mismatch]:
    """Every counter that differs from a count of the posts; with `fix`, each is set to the
    count (the caller commits). Four queries, whatever the size of the forum."""
    published = Post.status == PostStatus.PUBLISHED
    per_thread = dict(
        session.execute(
            select(Post.thread_id, func.count()).where(published).group_by(Post.thread_id)
        ).all()
    )
    per_space: dict[int, tuple[int, int]] = {
        space_id: (int(threads or 0), int(posts or 0))
        for space_id, threads, posts in session.execute(
            select(
                Thread.space_id,
                func.count(func.distinct(Thread.id)),
                func.count(Post.id),
            )
            .outerjoin(Post, and_(Post.thread_id == Thread.id, published))
            .where(Thread.status == PostStatus.PUBLISHED)
            .group_by(Thread.space_id)
        ).all()
    }
    found: list[Mismatch] = []
    for thread in session.scalars(select(Thread).order_by(Thread.id)):
        counted = int(per_thread.get(thread.id, 0))
        if thread.post_count != counted:
            found.append(Mismatch("thread", thread.id, "post_count", thread.post_count, counted))
            if fix:
                thread.post_count = counted
    for space in session.scalars(select(Space).order_by(Space.id)):
        threads, posts = per_space.get(space.id, (0, 0))
        for column, stored, counted in (
            ("thread_count", space.thread_count, threads),
            ("post_count", space.post_count, posts),
        ):
            if stored != counted:
                found.append(Mismatch("space", space.id, column, stored, counted))
                if fix:
                    setattr(space, column, counted)
    if fix:
        session.flush()
    return found

"""Following threads and spaces: who follows what, chosen or by writing, and the list a
member reads of what they follow. Each operation flushes; the caller commits.

Who is then told of what is the notifications' business: they read the followers here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Exists, Select, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, contains_eager, joinedload

from community.accounts.models import Member
from community.forums.models import (
    Membership,
    PostStatus,
    Space,
    SpaceFollow,
    SpaceRole,
    Thread,
    ThreadFollow,
)
from community.kernel.clock import utcnow
from community.kernel.pagination import Page, page_count
from community.permissions import Action, SpaceContext, can

FOLLOWED_PER_PAGE = 30


def _insert(session: Session, model: Any) -> Any:
    """An INSERT that can say what to do when the row is there already (both databases
    spell it ON CONFLICT): one statement, and two requests at once cannot both insert."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


# --- threads ------------------------------------------------------------------------


def follow_thread(session: Session, *, member: Member, thread: Thread) -> None:
    """The member chose to follow the thread (again, if they had stopped)."""
    _set_thread_follow(session, member=member, thread=thread, following=True)


def stop_following_thread(session: Session, *, member: Member, thread: Thread) -> None:
    """The member stops following the thread; writing in it again will not undo that."""
    _set_thread_follow(session, member=member, thread=thread, following=False)


def _set_thread_follow(
    session: Session, *, member: Member, thread: Thread, following: bool
) -> None:
    now = utcnow()
    statement = _insert(session, ThreadFollow).values(
        member_id=member.id, thread_id=thread.id, following=following, changed_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["member_id", "thread_id"],
            set_={"following": following, "changed_at": now},
        )
    )
    session.flush()


def follow_on_writing(session: Session, *, member: Member, thread: Thread) -> None:
    """Who writes in a thread follows it, unless they once stopped following it."""
    statement = _insert(session, ThreadFollow).values(
        member_id=member.id, thread_id=thread.id, following=True, changed_at=utcnow()
    )
    session.execute(statement.on_conflict_do_nothing(index_elements=["member_id", "thread_id"]))


def following_thread_of(member_id: Any, thread_id: Any) -> Select[bool]:
    """Whether the member follows the thread (None: no choice made, nothing written), for
    a member's id and a thread's id or column: as a scalar subquery it rides along with
    the query that loads the thread."""
    return select(ThreadFollow.following).where(
        ThreadFollow.member_id == member_id, ThreadFollow.thread_id == thread_id
    )


# --- spaces -------------------------------------------------------------------------


def follow_space(session: Session, *, member: Member, space: Space) -> None:
    """The member will be told of each new thread published in the space."""
    statement = _insert(session, SpaceFollow).values(
        member_id=member.id, space_id=space.id, created_at=utcnow()
    )
    session.execute(statement.on_conflict_do_nothing(index_elements=["member_id", "space_id"]))
    session.flush()


def stop_following_space(session: Session, *, member: Member, space: Space) -> None:
    session.execute(
        delete(SpaceFollow).where(
            SpaceFollow.member_id == member.id, SpaceFollow.space_id == space.id
        )
    )
    session.flush()


def following_space_of(member_id: Any, space_id: Any) -> Exists:
    """Whether the member follows the space, as a column of the query loading the space."""
    return (
        select(SpaceFollow.member_id)
        .where(SpaceFollow.member_id == member_id, SpaceFollow.space_id == space_id)
        .exists()
    )


# --- who follows what ---------------------------------------------------------------


def thread_followers(thread_id: Any) -> Select[int]:
    """The ids of the members following a thread (ix_thread_follow_thread)."""
    return select(ThreadFollow.member_id).where(
        ThreadFollow.thread_id == thread_id, ThreadFollow.following.is_(True)
    )


def space_followers(space_id: Any) -> Select[int]:
    """The ids of the members following a space."""
    return select(SpaceFollow.member_id).where(SpaceFollow.space_id == space_id)


def contexts_of(
    session: Session, *, member: Member, space_ids: Iterable[int] | None = None
) -> dict[Space, SpaceContext]:
    """The member's membership and roles in each of these spaces (every space when None),
    for permissions.can: one query."""
    query = (
        select(Space, Membership.member_id, SpaceRole.kind)
        .outerjoin(
            Membership, (Membership.space_id == Space.id) & (Membership.member_id == member.id)
        )
        .outerjoin(SpaceRole, (SpaceRole.space_id == Space.id) & (SpaceRole.member_id == member.id))
    )
    if space_ids is not None:
        query = query.where(Space.id.in_(set(space_ids)))
    found: dict[Space, tuple[bool, set[str]]] = {}
    for space, membership, kind in session.execute(query):
        is_member, kinds = found.get(space, (False, set()))
        found[space] = (
            is_member or membership is not None,
            kinds | ({str(kind)} if kind else set()),
        )
    return {
        space: SpaceContext(is_member=is_member, role_kinds=frozenset(kinds))
        for space, (is_member, kinds) in found.items()
    }


def readable_space_ids(session: Session, *, member: Member) -> set[int]:
    """The spaces this member may read now: the public ones, and the members-only ones
    they belong to or hold a role in (permissions.can decides; one query)."""
    return {
        space.id
        for space, ctx in contexts_of(session, member=member).items()
        if can(Action.READ_SPACE, member=member, space=space, space_ctx=ctx)
    }


# --- what a member follows ----------------------------------------------------------


@dataclass(frozen=True)
class Followed:
    """What a member follows and may still read: a page of threads, and every space."""

    threads: Page[Thread]
    spaces: list[Space]


def followed(session: Session, *, member: Member, number: int = 1) -> Followed:
    """The threads the member follows, latest activity first, and the spaces they follow,
    leaving out what they may no longer read (a members-only space they left, a thread
    taken down): nobody is told of those either."""
    readable = readable_space_ids(session, member=member)
    visible = (Thread.status == PostStatus.PUBLISHED) | (
        (Thread.author_id == member.id)
        & Thread.status.in_((PostStatus.PENDING, PostStatus.NEEDS_EDIT, PostStatus.REJECTED))
    )
    threads = (
        select(Thread)
        .join(ThreadFollow, ThreadFollow.thread_id == Thread.id)
        .where(
            ThreadFollow.member_id == member.id,
            ThreadFollow.following.is_(True),
            Thread.space_id.in_(readable),
            visible,
        )
    )
    total = session.scalar(select(func.count()).select_from(threads.subquery())) or 0
    rows = session.scalars(
        threads.join(Space, Space.id == Thread.space_id)
        .options(contains_eager(Thread.space))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
        .limit(FOLLOWED_PER_PAGE)
        .offset((number - 1) * FOLLOWED_PER_PAGE)
    ).all()
    spaces = session.scalars(
        select(Space)
        .join(SpaceFollow, SpaceFollow.space_id == Space.id)
        .options(joinedload(Space.association))
        .where(SpaceFollow.member_id == member.id, Space.id.in_(readable))
        .order_by(Space.name)
    ).all()
    return Followed(
        threads=Page(list(rows), number, page_count(total, FOLLOWED_PER_PAGE)),
        spaces=list(spaces),
    )


def forget_follows(session: Session, *, member: Member) -> None:
    """An account is being deleted: what it followed goes."""
    for model in (ThreadFollow, SpaceFollow):
        session.execute(delete(model).where(model.member_id == member.id))
    session.flush()

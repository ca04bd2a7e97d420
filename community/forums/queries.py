"""Read-side queries of the forum pages: each page issues a fixed number of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, select, union_all
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload, with_expression

from community.accounts.models import Member
from community.forums import follows, unread
from community.forums.models import (
    Association,
    Membership,
    Post,
    PostQuote,
    PostRevision,
    PostStatus,
    RevisionStatus,
    Space,
    SpaceRole,
    SpaceRoleKind,
    Thread,
)
from community.kernel.pagination import Page, page_count
from community.permissions import SpaceContext

# What an author still sees of their own unpublished writing; a withdrawn post is gone
# for everybody, its author included.
UNPUBLISHED_SHOWN_TO_AUTHOR = (PostStatus.PENDING, PostStatus.NEEDS_EDIT, PostStatus.REJECTED)


# --- the list of spaces ------------------------------------------------------------------


def spaces_with_membership(session: Session, *, member: Member | None) -> list[tuple[Space, bool]]:
    """Every space with its association, and whether this member has joined it (two
    queries); for a member, how many of the threads they read there have news."""

    joined: set[int] = set()
    if member is not None:
        joined = set(
            session.scalars(select(Membership.space_id).where(Membership.member_id == member.id))
        )
    loads = [joinedload(Space.association)]
    if member is not None:
        # How many threads they read have news, per space, comes along (from their marks).
        loads.append(
            with_expression(Space.threads_with_news_for_reader, unread.threads_with_news_of(member))
        )
    spaces = session.scalars(select(Space).options(*loads).order_by(Space.name))
    return [(space, space.id in joined) for space in spaces]


# --- a space ----------------------------------------------------------------------------


def space_by_slug(session: Session, *, slug: str) -> Space | None:
    return session.scalar(
        select(Space).options(joinedload(Space.association)).where(Space.slug == slug)
    )


def published_threads(
    session: Session, *, space: Space, number: int, per_page: int
) -> Page[Thread]:
    """One page of the space's published threads, latest activity first, authors loaded.

    The page count comes from Space.thread_count, kept by the services, so no COUNT runs;
    the ORDER BY follows ix_thread_space_listing.
    """
    threads = session.scalars(
        _published_listing(select(Thread), space=space, number=number, per_page=per_page).options(
            joinedload(Thread.author)
        )
    )
    return Page(list(threads), number, page_count(space.thread_count, per_page))


def published_and_own_threads(
    session: Session, *, space: Space, number: int, per_page: int, member: Member
) -> tuple[Page[Thread], list[Thread]]:
    """published_threads and own_unpublished_threads in one query (a round trip fewer on
    the page of a space a member reads): the ids of both, then their rows, authors loaded
    and what the member has read of each (unread.reading_of); the two lists do not
    overlap, a thread being published or not."""
    listing = _published_listing(select(Thread.id), space=space, number=number, per_page=per_page)
    ids = union_all(
        select(listing.subquery().c.id), _own_unpublished_threads(space, member)
    ).subquery()
    # A join, not `IN (…)`: PostgreSQL would hash the ids and scan every thread for them.
    rows = session.scalars(
        select(Thread)
        .join(ids, ids.c.id == Thread.id)
        .options(joinedload(Thread.author), *unread.reading_of(member))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
    ).all()
    published = [t for t in rows if t.status is PostStatus.PUBLISHED]
    own = sorted((t for t in rows if t.status is not PostStatus.PUBLISHED), key=lambda t: -t.id)
    return Page(published, number, page_count(space.thread_count, per_page)), own


def _published_listing(query: _Query, *, space: Space, number: int, per_page: int) -> _Query:
    return (
        query.where(Thread.space_id == space.id, Thread.status == PostStatus.PUBLISHED)
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
        .limit(per_page)
        .offset((number - 1) * per_page)
    )


def _own_unpublished_threads(space: Space, member: Member) -> Select[int]:
    return select(Thread.id).where(
        Thread.author_id == member.id,
        Thread.space_id == space.id,
        Thread.status.in_(UNPUBLISHED_SHOWN_TO_AUTHOR),
    )


def own_unpublished_threads(session: Session, *, space: Space, member: Member) -> list[Thread]:
    """The member's threads in this space that nobody else sees yet (uses ix_thread_author)."""
    return list(
        session.scalars(
            select(Thread)
            .where(
                Thread.author_id == member.id,
                Thread.space_id == space.id,
                Thread.status.in_(UNPUBLISHED_SHOWN_TO_AUTHOR),
            )
            .order_by(Thread.id.desc())
        )
    )


# --- a thread ---------------------------------------------------------------------------


def thread_by_id(session: Session, *, thread_id: int) -> Thread | None:
    """A thread with its space and the space's association, in one query."""
    return session.scalar(
        select(Thread)
        .options(joinedload(Thread.space).joinedload(Space.association))
        .where(Thread.id == thread_id)
    )


def thread_visible_to(thread: Thread, member: Member | None) -> bool:
    """Published threads for all; an unpublished one for its author only; withdrawn for nobody."""
    if thread.status is PostStatus.PUBLISHED:
        return True
    if member is None or not member.is_authenticated:
        return False
    return thread.author_id == member.id and thread.status in UNPUBLISHED_SHOWN_TO_AUTHOR


@dataclass
class ThreadPosts:
    """What a thread page shows of its posts: one page of the published ones, the reader's
    own still unpublished, and which of them `marked` (a page's column) held true for."""

    page: Page[Post]
    own: list[Post] = field(default_factory=list)
    marked: set[int] = field(default_factory=set)


def published_posts(
    session: Session,
    *,
    thread: Thread,
    number: int,
    per_page: int,
    own_of: Member | None = None,
    marked: ColumnElement[bool] | None = None,
) -> ThreadPosts:
    """One page of a thread's published posts in order, authors loaded
    (ix_post_thread_listing); with `own_of`, that member's unpublished posts of the thread
    too, in the same query (the two do not overlap, a post being published or not); with
    `marked`, a boolean column about each post computed in the same query (another domain's:
    whether it carries a data card), so that a page whose posts have none asks no more."""
    listing: Select[Any] = (
        select(Post.id if own_of is not None else Post)
        .where(Post.thread_id == thread.id, Post.status == PostStatus.PUBLISHED)
        .order_by(Post.id)
        .limit(per_page)
        .offset((number - 1) * per_page)
    )
    if own_of is not None:
        own = select(Post.id).where(
            Post.thread_id == thread.id,
            Post.author_id == own_of.id,
            Post.status.in_(UNPUBLISHED_SHOWN_TO_AUTHOR),
        )
        ids = union_all(select(listing.subquery().c.id), own).subquery()
        # A join, not `IN (…)`, as for the threads above.
        listing = select(Post).join(ids, ids.c.id == Post.id).order_by(Post.id)
    if marked is not None:
        listing = listing.add_columns(marked)
    rows: Sequence[Any] = session.execute(listing.options(*_post_loads())).all()
    published: list[Post] = []
    found = ThreadPosts(Page(published, number, page_count(thread.post_count, per_page)))
    for row in rows:
        post: Post = row[0]
        (published if post.status is PostStatus.PUBLISHED else found.own).append(post)
        if marked is not None and row[1]:
            found.marked.add(post.id)
    return found


def _post_loads() -> list[Any]:
    """What a page shows with each post, in the query that loads it: its author, and what
    it quotes with that post's author."""
    quoted = joinedload(Post.quote).joinedload(PostQuote.quoted)
    # Only what a quote shows of its source: most posts quote nothing, and every column
    # joined costs each row of the page, quoting or not.
    return [
        joinedload(Post.author),
        quoted.load_only(Post.status, Post.body_source, Post.author_id, Post.thread_id),
        quoted.joinedload(Post.author).load_only(Member.pseudonym, Member.deleted_at),
    ]


def pending_posts(
    session: Session, *, thread: Thread, besides: Member, limit: int = 21
) -> list[Post]:
    """The thread's oldest posts waiting for a moderator, but `besides`'s own (shown as
    theirs), authors loaded: what the space's moderators see marked "en attente de
    modération". At most `limit`: the queue, not this page, is where a backlog is read."""
    return list(
        session.scalars(
            select(Post)
            .options(*_post_loads())
            .where(
                Post.thread_id == thread.id,
                Post.status == PostStatus.PENDING,
                Post.author_id != besides.id,
            )
            .order_by(Post.id)
            .limit(limit)
        )
    )


def pending_revisions(
    session: Session, *, posts: Sequence[Post], member: Member
) -> dict[int, PostRevision]:
    """The member's pending edits of the given published posts, by post id (one query)."""
    own_ids = [p.id for p in posts if p.author_id == member.id]
    if not own_ids:
        return {}
    revisions = session.scalars(
        select(PostRevision).where(
            PostRevision.post_id.in_(own_ids), PostRevision.status == RevisionStatus.PENDING
        )
    )
    return {revision.post_id: revision for revision in revisions}


def opening_post_id(session: Session, *, thread: Thread) -> int | None:
    return session.scalar(
        select(Post.id).where(Post.thread_id == thread.id).order_by(Post.id).limit(1)
    )


def is_first_post(session: Session, *, post: Post) -> bool:
    """Whether its author had written no post before this one (whatever became of it)."""
    earlier = session.scalar(
        select(Post.id).where(Post.author_id == post.author_id, Post.id < post.id).limit(1)
    )
    return earlier is None


def page_of_post(session: Session, *, post: Post, per_page: int) -> int:
    """The page of its thread a published post is on (ix_post_thread_listing); 1 for a
    post not published, which its author sees on every page."""
    if post.status is not PostStatus.PUBLISHED:
        return 1
    position = session.scalar(
        select(func.count(Post.id)).where(
            Post.thread_id == post.thread_id,
            Post.status == PostStatus.PUBLISHED,
            Post.id <= post.id,
        )
    )
    return max(1, page_count(int(position or 0), per_page))


# --- one post ---------------------------------------------------------------------------


def post_by_id(session: Session, *, post_id: int) -> Post | None:
    """A post with its author, thread, space and association, in one query."""
    return session.scalar(
        select(Post)
        .options(
            joinedload(Post.thread).joinedload(Thread.space).joinedload(Space.association),
            joinedload(Post.author),
        )
        .where(Post.id == post_id)
    )


# --- roles and membership ------------------------------------------------------------


def space_context(session: Session, *, member: Member | None, space: Space) -> SpaceContext:
    """Membership and roles of one member in one space: what permissions.can needs."""
    if member is None or not member.is_authenticated:
        return SpaceContext()
    # One query, every page asks it: the space row joined to this member's membership
    # and roles (one row per role, or a single row of NULLs).
    rows = session.execute(
        _with_context(
            select(Membership.member_id, SpaceRole.kind).select_from(Space), member
        ).where(Space.id == space.id)
    ).all()
    return _context_of(rows)


_Query = TypeVar("_Query", bound=Select)  # any select, its columns whatever they are


def space_by_slug_with_context(
    session: Session, *, slug: str, member: Member | None, with_roles: bool = False
) -> tuple[Space | None, SpaceContext]:
    """space_by_slug and space_context in one query (a round trip fewer on every page);
    `with_roles`: the space's roles and their members too (Space.roles), still one query."""
    loads = [joinedload(Space.association)]
    if with_roles:
        loads.append(joinedload(Space.roles).joinedload(SpaceRole.member))
    if member is None or not member.is_authenticated:
        space = session.scalars(select(Space).options(*loads).where(Space.slug == slug))
        return space.unique().one_or_none(), SpaceContext()
    # Whether the member follows the space comes along (Space.followed_by_reader).
    loads.append(
        with_expression(Space.followed_by_reader, follows.following_space_of(member.id, Space.id))
    )
    rows = (
        session.execute(
            _with_context(
                select(Space, Membership.member_id, SpaceRole.kind).options(*loads), member
            ).where(Space.slug == slug)
        )
        .unique()
        .all()
    )
    if not rows:
        return None, SpaceContext()
    return rows[0][0], _context_of([row[1:] for row in rows])


def thread_by_id_with_context(
    session: Session, *, thread_id: int, member: Member | None
) -> tuple[Thread | None, SpaceContext]:
    """thread_by_id and the member's space_context in its space, in one query; whether
    the member follows the thread comes along (Thread.followed_by_reader), and how far
    they have read it (Thread.seen_by_reader)."""
    if member is None or not member.is_authenticated:
        return thread_by_id(session, thread_id=thread_id), SpaceContext()
    following = follows.following_thread_of(member.id, Thread.id).scalar_subquery()
    rows = session.execute(
        _with_context(
            select(Thread, Membership.member_id, SpaceRole.kind)
            .join(Space, Space.id == Thread.space_id)
            .options(
                contains_eager(Thread.space).joinedload(Space.association),
                with_expression(Thread.followed_by_reader, following),
                with_expression(Thread.seen_by_reader, unread.seen_of(member.id, Thread.id)),
            ),
            member,
        ).where(Thread.id == thread_id)
    ).all()
    if not rows:
        return None, SpaceContext()
    return rows[0][0], _context_of([row[1:] for row in rows])


def _with_context(query: _Query, member: Member) -> _Query:
    """The query, which has `space` in its FROM, joined to this member's membership and
    roles there: one row per role, or one with NULLs."""
    return query.outerjoin(
        Membership, and_(Membership.space_id == Space.id, Membership.member_id == member.id)
    ).outerjoin(SpaceRole, and_(SpaceRole.space_id == Space.id, SpaceRole.member_id == member.id))


def _context_of(rows: Sequence[Any]) -> SpaceContext:
    return SpaceContext(
        is_member=any(joined is not None for joined, _kind in rows),
        role_kinds=frozenset(str(kind) for _joined, kind in rows if kind is not None),
    )


def space_roles(session: Session, *, space: Space) -> list[SpaceRole]:
    """The space's moderators and association admins, with their members loaded."""
    return list(
        session.scalars(
            select(SpaceRole)
            .options(joinedload(SpaceRole.member))
            .where(SpaceRole.space_id == space.id)
            .order_by(SpaceRole.kind, SpaceRole.granted_at)
        )
    )


def associations_with_spaces(session: Session) -> list[Association]:
    """Every association with its spaces, for the site admin's dashboard (two queries)."""
    return list(
        session.scalars(
            select(Association).options(selectinload(Association.spaces)).order_by(Association.name)
        )
    )


def space_role(
    session: Session, *, space: Space, member_id: int, kind: SpaceRoleKind
) -> SpaceRole | None:
    """One member's role of this kind in this space, with the member loaded."""
    return session.scalar(
        select(SpaceRole)
        .options(joinedload(SpaceRole.member))
        .where(
            SpaceRole.space_id == space.id,
            SpaceRole.member_id == member_id,
            SpaceRole.kind == kind,
        )
    )


def pending_revision(session: Session, *, post: Post) -> PostRevision | None:
    return session.scalar(
        select(PostRevision).where(
            PostRevision.post_id == post.id, PostRevision.status == RevisionStatus.PENDING
        )
    )

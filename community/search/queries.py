"""Read-side queries of the search page: where a reader may search, and what they may see.

The index only proposes post ids. Whether a reader sees a post is decided here, from the
database as it is now, so an index that lags behind a withdrawal or a refusal never
shows more than the forums would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, false, func, select
from sqlalchemy.orm import Session, aliased, contains_eager

from community.accounts.models import Member
from community.forums import unread
from community.forums.models import Membership, Post, PostStatus, Space, SpaceRole, Thread
from community.permissions import Action, SpaceContext, can


@dataclass(frozen=True)
class Hit:
    post: Post  # published, its thread published; thread, space and author loaded
    page: int  # the page of its thread the post is on
    new: bool = False  # new to its reader since they last read its thread (forums.unread)


def readable_spaces(session: Session, *, member: Member | None) -> list[Space]:
    """The spaces this reader may read, by name: public ones for everyone, members-only
    ones for those permissions.can lets in (one query)."""
    if member is None or not member.is_authenticated:
        every = session.scalars(select(Space).order_by(Space.name, Space.id))
        return [space for space in every if can(Action.READ_SPACE, member=None, space=space)]
    # Each space joined to this member's membership and roles there: one row per role,
    # or one row of NULLs, as forums.queries.space_context does for a single space.
    rows = session.execute(
        select(Space, Membership.member_id, SpaceRole.kind)
        .outerjoin(
            Membership, and_(Membership.space_id == Space.id, Membership.member_id == member.id)
        )
        .outerjoin(
            SpaceRole, and_(SpaceRole.space_id == Space.id, SpaceRole.member_id == member.id)
        )
        .order_by(Space.name, Space.id)
    ).all()
    spaces: dict[int, Space] = {}
    joined: set[int] = set()
    kinds: dict[int, set[str]] = defaultdict(set)
    for space, membership, kind in rows:
        spaces[space.id] = space
        if membership is not None:
            joined.add(space.id)
        if kind is not None:
            kinds[space.id].add(str(kind))
    return [
        space
        for space in spaces.values()
        if can(
            Action.READ_SPACE,
            member=member,
            space=space,
            space_ctx=SpaceContext(
                is_member=space.id in joined, role_kinds=frozenset(kinds[space.id])
            ),
        )
    ]


def visible_hits(
    session: Session,
    *,
    post_ids: Sequence[int],
    space_ids: Collection[int],
    per_page: int,
    reader: Member | None = None,
) -> list[Hit]:
    """The posts among `post_ids` a reader of `space_ids` may see, in the order given.

    Only published posts of published threads in those spaces; the others (pending,
    refused, withdrawn, in a hidden thread, or moved out of reach) are dropped, whatever
    the index says. One query: thread, space and author joined, and each post's place
    in its thread counted (ix_post_thread_listing) so the link opens the right page,
    and for a member whether it is new to them (from their mark of its thread).
    """
    if not post_ids or not space_ids:
        return []
    earlier = aliased(Post)
    before = (
        select(func.count(earlier.id))
        .where(
            earlier.thread_id == Post.thread_id,
            earlier.status == PostStatus.PUBLISHED,
            earlier.id < Post.id,
        )
        .correlate(Post)
        .scalar_subquery()
    )
    new = unread.post_is_new_to(reader) if reader is not None else false()
    rows = session.execute(
        select(Post, before, new)
        .join(Post.thread)
        .join(Thread.space)
        .join(Post.author)
        .options(
            contains_eager(Post.thread).contains_eager(Thread.space),
            contains_eager(Post.author),
        )
        .where(
            Post.id.in_(list(post_ids)),
            Post.status == PostStatus.PUBLISHED,
            Thread.status == PostStatus.PUBLISHED,
            Thread.space_id.in_(list(space_ids)),
        )
    ).all()
    found = {post.id: Hit(post, before // per_page + 1, bool(new)) for post, before, new in rows}
    return [found[post_id] for post_id in post_ids if post_id in found]

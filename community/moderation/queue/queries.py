"""The moderation queue: the spaces a member moderates and what waits there.

What waits comes from two places: the queue items that know their post waits (every
post the scoring worker reached, read in the queue's order from moderation_item's partial
indexes, filters included), and the few posts it has not reached yet, which have no item
and come last, as unscored posts do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, false, or_, select, true, union_all
from sqlalchemy.orm import Session, joinedload

from community.accounts.models import Member
from community.forums.models import Post, Space, SpaceRole, Thread
from community.moderation.models import ModerationItem
from community.moderation.queue.entries import (
    LABEL_ORDER,
    SCORE_FLOOR,
    AuthorHistory,
    Cursor,
    EntryReport,
    QueueEntry,
    QueuePage,
)
from community.moderation.queue.filters import (
    FILTERS,
    QueueCounts,
    QueueFilter,
    posts_without_item,
    queue_counts,
)
from community.moderation.queue.waiting import WAITING_STATUSES
from community.permissions import Action, SpaceContext, can

# What other packages and the pages know by this module's name.
__all__ = [
    "FILTERS",
    "LABEL_ORDER",
    "SCORE_FLOOR",
    "WAITING_STATUSES",
    "AuthorHistory",
    "Cursor",
    "EntryReport",
    "QueueCounts",
    "QueueEntry",
    "QueueFilter",
    "QueuePage",
    "entry_for",
    "moderated_spaces",
    "next_waiting",
    "pending_queue",
    "posts_to_decide",
    "queue_counts",
]

QUEUE_PAGE_SIZE = 20
# The list view shows one line per post: more of them fit on a page.
LIST_PAGE_SIZE = 50


def moderated_spaces(session: Session, *, member: Member) -> list[Space]:
    """The spaces this member may moderate through a role there (one query).

    Site admins get nothing from being site admins: moderation is the specialists' work.
    """
    if not member.is_authenticated:
        return []
    rows = session.execute(
        select(Space, SpaceRole.kind)
        .join(SpaceRole, SpaceRole.space_id == Space.id)
        .where(SpaceRole.member_id == member.id)
        .order_by(Space.name, Space.id)
    ).all()
    kinds: dict[int, set[str]] = {}
    spaces: dict[int, Space] = {}
    for space, kind in rows:
        spaces[space.id] = space
        kinds.setdefault(space.id, set()).add(str(kind))
    return [
        space
        for space in spaces.values()
        if can(
            Action.MODERATE_SPACE,
            member=member,
            space=space,
            space_ctx=SpaceContext(role_kinds=frozenset(kinds[space.id])),
        )
    ]


def _after(urgent_first: bool) -> ColumnElement[bool]:
    """SQL: the items that come after the cursor bound as after_* in the queue's order.

    Booleans do not compare with "<" in SQLAlchemy: after an urgent item come the
    non-urgent ones; after a non-urgent one, nothing is "less urgent".
    """
    item = ModerationItem
    urgent, risk, requested, post_id = item.urgent, item.risk, item.waiting_since, item.post_id
    less_urgent = urgent.is_(false()) if urgent_first else false()
    same_urgency = urgent == bindparam("after_urgent")
    same = and_(same_urgency, risk == bindparam("after_risk"))
    return or_(
        less_urgent,
        and_(same_urgency, risk < bindparam("after_risk")),
        and_(same, requested > bindparam("after_requested_at")),
        and_(
            same,
            requested == bindparam("after_requested_at"),
            post_id > bindparam("after_post_id"),
        ),
    )


@cache
def _scored_statement(
    spaces: int, finding: str | None, escalated: bool, after: bool | None
) -> Select[Post, ModerationItem]:
    """_scored_page's statement for `spaces` spaces (bound as space_0, space_1…), a finding's
    filter or none, handed to someone (escalated_to) or not, after a cursor (True: an
    urgent one) or from the start; built once for each, as a page would spend a
    millisecond or two building it again. The number of posts is bound as "limit"."""
    item = ModerationItem
    conditions: list[ColumnElement[bool]] = []
    if finding is not None:
        conditions.append(FILTERS[finding].items(bindparam("spaces", expanding=True)))
    if escalated:
        conditions.append(item.escalated_to_id == bindparam("escalated_to"))
    if after is not None:
        conditions.append(_after(after))
    limit: Any = bindparam("limit")
    arms = [
        select(item.post_id, item.urgent, item.risk, item.waiting_since)
        .join(Post, Post.id == item.post_id)
        .where(
            item.space_id == bindparam(f"space_{n}"),
            item.waiting_since.is_not(None),
            Post.review_requested_at.is_not(None),
            Post.status.in_(WAITING_STATUSES),
            *conditions,
        )
        .order_by(item.urgent.desc(), item.risk.desc(), item.waiting_since, item.post_id)
        .limit(limit)
        for n in range(spaces)
    ]
    page = arms[0] if len(arms) == 1 else union_all(*(select(a.subquery()) for a in arms))
    ids = page.subquery()
    return (
        select(Post, item)
        .select_from(ids)
        .join(item, item.post_id == ids.c.post_id)
        .join(Post, Post.id == ids.c.post_id)
        .options(
            joinedload(Post.thread).joinedload(Thread.space),
            joinedload(Post.author),
            joinedload(item.claimed_by),
            joinedload(item.escalated_to),
            joinedload(item.escalated_by),
        )
        .order_by(ids.c.urgent.desc(), ids.c.risk.desc(), ids.c.waiting_since, ids.c.post_id)
        .limit(limit)
    )


def _scored_page(
    session: Session,
    *,
    space_ids: Sequence[int],
    after: Cursor | None,
    limit: int,
    finding: str | None,
    escalated_to: Member | None,
) -> list[QueueEntry]:
    """The next `limit` posts whose item knows they wait, in the queue's order.

    One read of ix_moderation_item_waiting (or of a finding's index) per space, in order,
    each stopping at `limit`; the post's own row says that it still waits.
    """
    statement = _scored_statement(
        len(space_ids), finding, escalated_to is not None, None if after is None else after.urgent
    )
    values: dict[str, Any] = {f"space_{n}": space_id for n, space_id in enumerate(space_ids)}
    values.update(limit=limit, spaces=list(space_ids))
    if escalated_to is not None:
        values["escalated_to"] = escalated_to.id
    if after is not None:
        values.update(
            after_urgent=after.urgent,
            after_risk=after.risk,
            after_requested_at=after.requested_at,
            after_post_id=after.post_id,
        )
    rows = session.execute(statement, values).unique()
    return [QueueEntry(post=post, item=found) for post, found in rows]


def _unscored_page(
    session: Session,
    *,
    space_ids: Sequence[int],
    after: Cursor | None,
    limit: int,
    conditions: Sequence[ColumnElement[bool]],
) -> list[QueueEntry]:
    """The next `limit` waiting posts without an item (the worker has not reached them),
    oldest request first: not urgent, risk 0, as unscored posts sort."""
    later: Any = true()  # after a post of some risk, or urgent, they all come
    if after is not None and not (after.urgent or after.risk > 0):
        later = or_(
            Post.review_requested_at > after.requested_at,
            and_(Post.review_requested_at == after.requested_at, Post.id > after.post_id),
        )
    posts = session.scalars(
        select(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .options(joinedload(Post.thread).joinedload(Thread.space), joinedload(Post.author))
        .where(
            Thread.space_id.in_(space_ids),
            Post.status.in_(WAITING_STATUSES),
            later,
            *conditions,
        )
        .order_by(Post.review_requested_at, Post.id)
        .limit(limit)
    ).unique()
    return [QueueEntry(post=post, item=None) for post in posts]


def _sort_key(entry: QueueEntry) -> tuple[bool, float, Any, int]:
    cursor = entry.cursor()
    return (not cursor.urgent, -cursor.risk, cursor.requested_at, cursor.post_id)


def pending_queue(
    session: Session,
    *,
    spaces: Iterable[Space],
    after: Cursor | None = None,
    per_page: int = QUEUE_PAGE_SIZE,
    escalated_to: Member | None = None,
    only: QueueFilter | None = None,
    unscored: Mapping[int, int] | None = None,
) -> QueuePage:
    """What waits for a moderator in these spaces: urgent first, then riskiest, then oldest,
    read by keyset (no OFFSET over 10,000 rows).

    `escalated_to`: only the posts handed to this member ("Transmis à moi"); `only`: a
    finding's or a space's posts. The posts not scored yet are read only when the page
    reaches where they sort (after every scored post of some risk), and only for the
    filters they may match; and not at all for the whole queue when `unscored` (how many
    wait per space, as queue_counts read them just before) says there are none.
    """
    space_ids = [space.id for space in spaces]
    if only is not None and only.space_id is not None:
        space_ids = [space_id for space_id in space_ids if space_id == only.space_id]
    if not space_ids:
        return QueuePage(entries=[], next_token=None)
    wanted = per_page + 1
    finding = only.finding if only is not None else None
    one = FILTERS[finding] if finding is not None else None
    entries = _scored_page(
        session,
        space_ids=space_ids,
        after=after,
        limit=wanted,
        finding=finding,
        escalated_to=escalated_to,
    )
    may_follow = escalated_to is None and (one is None or one.unscored is not None)
    if one is None and unscored is not None and not any(unscored.get(s) for s in space_ids):
        may_follow = False
    last = entries[-1] if len(entries) == wanted else None
    if may_follow and (last is None or not (last.urgent or last.risk > 0)):
        itemless = _unscored_page(
            session,
            space_ids=space_ids,
            after=after,
            limit=wanted,
            conditions=[one.unscored(space_ids) if one and one.unscored else posts_without_item()],
        )
        entries = sorted(entries + itemless, key=_sort_key)[:wanted]
    next_token = entries[per_page - 1].cursor().token() if len(entries) > per_page else None
    return QueuePage(entries=entries[:per_page], next_token=next_token)


def entry_for(session: Session, *, post: Post) -> QueueEntry | None:
    """The post as the queue shows it, if it still waits for a moderator."""
    if post.status not in WAITING_STATUSES or post.review_requested_at is None:
        return None
    item = session.scalar(
        select(ModerationItem)
        .options(
            joinedload(ModerationItem.claimed_by),
            joinedload(ModerationItem.escalated_to),
            joinedload(ModerationItem.escalated_by),
        )
        .where(ModerationItem.post_id == post.id)
    )
    return QueueEntry(post=post, item=item)


def next_waiting(
    session: Session,
    *,
    spaces: Iterable[Space],
    after: Cursor | None,
    member: Member,
    escalated_to: Member | None = None,
    only: QueueFilter | None = None,
) -> Post | None:
    """The first post after `after` in the same queue that nobody else is examining."""
    page = pending_queue(
        session, spaces=spaces, after=after, per_page=5, escalated_to=escalated_to, only=only
    )
    for entry in page.entries:
        if not entry.claimed_by_other(member):
            return entry.post
    return page.entries[0].post if page.entries else None


def posts_to_decide(
    session: Session, *, post_ids: Iterable[int], spaces: Iterable[Space]
) -> list[Post]:
    """These posts, if they are in these spaces, with thread and space (one query)."""
    ids = sorted(set(post_ids))
    space_ids = [space.id for space in spaces]
    if not ids or not space_ids:
        return []
    return list(
        session.scalars(
            select(Post)
            .join(Thread, Thread.id == Post.thread_id)
            .options(joinedload(Post.thread).joinedload(Thread.space), joinedload(Post.author))
            .where(Post.id.in_(ids), Thread.space_id.in_(space_ids))
            .order_by(Post.id)
        ).unique()
    )

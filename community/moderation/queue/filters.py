"""The queue's filters by finding, and how many waiting posts each one holds.

Each filter is a condition on the queue items that one of moderation_item's partial
indexes answers (a finding's kind is a column written with the findings, see
models.QUEUE_KINDS), or, for the reported posts, a look-up in the open reports of the
spaces: a filter and its count cost what they find, not what waits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    bindparam,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from community.forums.models import Post, PostStatus, Space, Thread
from community.moderation.models import ModerationItem, PostReport
from community.moderation.queue.waiting import WAITING_STATUSES

# Some spaces' ids, or a parameter a built-once statement binds them to.
Spaces = Sequence[int] | BindParameter[Any]


def open_reports(space_ids: Spaces) -> ColumnElement[bool]:
    """Posts with an open report in these spaces (ix_post_report_open_space answers it)."""
    return (
        select(PostReport.post_id)
        .where(PostReport.space_id.in_(space_ids), PostReport.resolved_at.is_(None))
        .scalar_subquery()
    )


@dataclass(frozen=True)
class Filter:
    """One filter: the condition on the items (and their posts) it keeps, `items`; which
    of the posts the worker has not reached yet it keeps, `unscored` (a condition that
    says they have no item), or None when none can match (a finding or an urgency needs
    a score); and, when they are better counted some other way than the items, `count`.
    """

    items: Callable[[Spaces], ColumnElement[bool]]
    unscored: Callable[[Spaces], ColumnElement[bool]] | None = None
    count: Callable[[Spaces], Select[int]] | None = None


def _reported(space_ids: Spaces) -> ColumnElement[bool]:
    return and_(Post.status == PostStatus.PUBLISHED, Post.id.in_(open_reports(space_ids)))


def _reported_unscored(space_ids: Spaces) -> ColumnElement[bool]:
    """Reported posts without an item: looked up from the few open reports."""
    return and_(_reported(space_ids), ~has_item())


def _reported_count(space_ids: Spaces) -> Select[int]:
    """The waiting posts with an open report, scored or not: from the open reports."""
    return (
        select(func.count(func.distinct(PostReport.post_id)))
        .join(Post, Post.id == PostReport.post_id)
        .where(
            PostReport.space_id.in_(space_ids),
            PostReport.resolved_at.is_(None),
            Post.status == PostStatus.PUBLISHED,
            Post.review_requested_at.is_not(None),
        )
    )


def _kind(column: Any) -> Filter:
    return Filter(lambda _spaces: column)


# The queue's filters by finding, by the name the address gives them (?filtre=…), each
# condition the one its partial index holds (a bare boolean column, as the index has it).
FILTERS: dict[str, Filter] = {
    "urgent": _kind(ModerationItem.urgent),
    "donnees": _kind(ModerationItem.has_personal_data),
    "conseil": _kind(ModerationItem.has_dangerous_advice),
    "spam": _kind(ModerationItem.has_spam),
    "signale": Filter(_reported, unscored=_reported_unscored, count=_reported_count),
    "mot": _kind(ModerationItem.has_watched_word),
}


@dataclass(frozen=True)
class QueueFilter:
    """What part of the queue a moderator asked for: a finding, a space, or all."""

    finding: str | None = None
    space_id: int | None = None

    @classmethod
    def parse(
        cls, finding: str | None, space_slug: str | None, spaces: Sequence[Space]
    ) -> QueueFilter:
        """The filter the address names; an unknown finding or space is no filter."""
        space_ids = {space.slug: space.id for space in spaces}
        return cls(
            finding=finding if finding in FILTERS else None,
            space_id=space_ids.get(space_slug or ""),
        )


@dataclass(frozen=True)
class QueueCounts:
    """How many posts wait, in all, per space and per finding (in the chosen space)."""

    total: int
    by_space: dict[int, int]
    by_finding: dict[str, int]
    # Of by_space, the posts the worker has not scored yet (they have no item).
    unscored: dict[int, int] = field(default_factory=dict)


def waiting_items(space_ids: Spaces) -> list[ColumnElement[bool]]:
    """The items of these spaces that know their post waits (ix_moderation_item_waiting)."""
    return [ModerationItem.space_id.in_(space_ids), ModerationItem.waiting_since.is_not(None)]


def has_item(post: Any = Post) -> ColumnElement[bool]:
    return select(ModerationItem.id).where(ModerationItem.post_id == post.id).exists()


def posts_without_item() -> ColumnElement[bool]:
    """Waiting posts that have no queue item yet (the worker has not reached them): an
    anti-join of ix_post_review_requested and moderation_item's post_id, the one part of
    the queue read in proportion to what waits (from both indexes only, no row)."""
    post = aliased(Post)
    itemless = select(post.id).where(post.review_requested_at.is_not(None), ~has_item(post))
    return Post.id.in_(itemless)


def queue_counts(
    session: Session, *, spaces: Iterable[Space], space_id: int | None = None
) -> QueueCounts:
    """The counts beside the queue's filters, in one statement: the waiting items per
    space, the posts not scored yet per space, and each filter's count in the chosen
    space, each read from its own index."""
    space_ids = [space.id for space in spaces]
    if not space_ids:
        return QueueCounts(total=0, by_space={}, by_finding={})
    chosen = [space_id] if space_id is not None else space_ids
    by_space: dict[int, int] = {}
    by_finding = dict.fromkeys(FILTERS, 0)
    rows: Any = session.execute(_counts(), {"spaces": space_ids, "chosen": chosen})
    unscored: dict[int, int] = {}
    for name, space, number in rows:
        if name == UNSCORED:
            unscored[space] = int(number)
        if name in FILTERS:
            by_finding[name] += int(number)
        else:
            by_space[space] = by_space.get(space, 0) + int(number)
    return QueueCounts(
        total=sum(by_space.values()), by_space=by_space, by_finding=by_finding, unscored=unscored
    )


# The name queue_counts' rows of unscored posts carry (those of items carry "").
UNSCORED = "-"


@cache
def _counts() -> CompoundSelect[str, int | None, int]:
    """queue_counts' statement, built once (a page would spend a millisecond building it
    again), the spaces bound as "spaces" and the chosen ones as "chosen"."""
    spaces: BindParameter[Any] = bindparam("spaces", expanding=True)
    chosen: BindParameter[Any] = bindparam("chosen", expanding=True)
    item, count = ModerationItem, func.count()
    parts: list[Any] = [
        select(literal(""), item.space_id, count)
        .where(*waiting_items(spaces))
        .group_by(item.space_id),
        _unscored_by_space(spaces),
    ]
    for name, one in FILTERS.items():
        counted = (
            one.count(chosen)
            if one.count is not None
            else select(count).where(*waiting_items(chosen), one.items(chosen))
        )
        parts.append(select(literal(name), null(), counted.scalar_subquery()))
    return union_all(*parts)


def _unscored_by_space(space_ids: Spaces) -> Select[str, int, int]:
    """The waiting posts without an item, per space: counted per thread from
    ix_post_review_requested (the anti-join first, on both databases), then the few
    threads they are in read for their space."""
    per_thread = (
        select(Post.thread_id, func.count().label("posts"))
        .where(
            Post.review_requested_at.is_not(None),
            Post.status.in_(WAITING_STATUSES),
            ~has_item(),
        )
        .group_by(Post.thread_id)
        .subquery()
    )
    return (
        select(literal(UNSCORED), Thread.space_id, func.sum(per_thread.c.posts))
        .join(per_thread, per_thread.c.thread_id == Thread.id)
        .where(Thread.space_id.in_(space_ids))
        .group_by(Thread.space_id)
    )

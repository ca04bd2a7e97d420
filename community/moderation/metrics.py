"""What moderation reports to an operator's monitoring: the queue per space, how long a
post waits for its score, the decisions of the last hour (read at scrape time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from community.forums.models import Post, PostStatus, Space, Thread
from community.kernel.clock import utcnow
from community.moderation.models import ModerationDecision, ModerationItem


@dataclass(frozen=True)
class SpaceQueue:
    slug: str
    waiting: int
    oldest: datetime | None


def queues(session: Session) -> list[SpaceQueue]:
    """Per space, the posts (and edits, and reported posts) waiting for a moderator, and
    since when the oldest has waited; every space, an empty queue too (one query)."""
    waiting = (
        select(
            Thread.space_id.label("space_id"),
            func.count(Post.id).label("waiting"),
            func.min(Post.review_requested_at).label("oldest"),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.review_requested_at.is_not(None), Post.status != PostStatus.WITHDRAWN)
        .group_by(Thread.space_id)
        .subquery()
    )
    rows = session.execute(
        select(Space.slug, waiting.c.waiting, waiting.c.oldest)
        .outerjoin(waiting, waiting.c.space_id == Space.id)
        .order_by(Space.slug)
    ).all()
    return [SpaceQueue(slug, int(count or 0), oldest) for slug, count, oldest in rows]


def scoring_delays(session: Session, *, within: timedelta = timedelta(hours=1)) -> list[float]:
    """Seconds from each request to its score, for the posts scored in the last `within`."""
    since = utcnow() - within
    rows = session.execute(
        select(ModerationItem.requested_at, ModerationItem.scored_at).where(
            ModerationItem.scored_at >= since
        )
    ).all()
    return sorted(
        max(0.0, (scored - asked).total_seconds()) for asked, scored in rows if scored is not None
    )


def decisions_by_action(
    session: Session, *, within: timedelta = timedelta(hours=1)
) -> dict[str, int]:
    since = utcnow() - within
    rows = session.execute(
        select(ModerationDecision.action, func.count())
        .where(ModerationDecision.created_at >= since)
        .group_by(ModerationDecision.action)
    ).all()
    return {str(action): int(n) for action, n in rows}

"""What the appeals pages read: the appeals waiting in a moderator's spaces."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from community.forums.models import Post, Space, Thread
from community.moderation.models import Appeal, AppealStatus

PAGE_SIZE = 30


def pending_appeals(
    session: Session, *, spaces: Sequence[Space], limit: int = PAGE_SIZE
) -> list[Appeal]:
    """The appeals waiting in these spaces, oldest first, with what the tab shows of each
    (the decision, the post, its thread and author, the appellant): one query."""
    if not spaces:
        return []
    return list(
        session.scalars(
            select(Appeal)
            .options(
                joinedload(Appeal.decision),
                joinedload(Appeal.appellant),
                joinedload(Appeal.post).joinedload(Post.thread).joinedload(Thread.space),
                joinedload(Appeal.post).joinedload(Post.author),
            )
            .where(
                Appeal.space_id.in_([space.id for space in spaces]),
                Appeal.status == AppealStatus.PENDING,
            )
            .order_by(Appeal.created_at, Appeal.id)
            .limit(limit)
        )
    )


def pending_count(session: Session, *, spaces: Sequence[Space]) -> int:
    """How many appeals wait in these spaces (ix_appeal_space_status)."""
    if not spaces:
        return 0
    count = session.scalar(
        select(func.count(Appeal.id)).where(
            Appeal.space_id.in_([space.id for space in spaces]),
            Appeal.status == AppealStatus.PENDING,
        )
    )
    return int(count or 0)

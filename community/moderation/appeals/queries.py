"""What the appeals pages read: the appeals waiting in a moderator's spaces (and, for a site
admin, those of the whole site: the suspensions contested)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session, joinedload

from community.forums.models import Post, Space, Thread
from community.moderation.models import Appeal, AppealStatus, ModerationDecision

PAGE_SIZE = 30


def _where(spaces: Sequence[Space], site: bool) -> ColumnElement[bool]:
    places: list[ColumnElement[bool]] = []
    if spaces:
        places.append(Appeal.space_id.in_([space.id for space in spaces]))
    if site:
        places.append(Appeal.space_id.is_(None))
    return or_(*places) if places else false()


def pending_appeals(
    session: Session, *, spaces: Sequence[Space], site: bool = False, limit: int = PAGE_SIZE
) -> list[Appeal]:
    """The appeals waiting in these spaces (and of the site, with `site`), oldest first,
    with what the tab shows of each (the decision and the member it is about, the post,
    its thread and author, the appellant): one query."""
    if not spaces and not site:
        return []
    return list(
        session.scalars(
            select(Appeal)
            .options(
                joinedload(Appeal.decision).joinedload(ModerationDecision.subject),
                joinedload(Appeal.appellant),
                joinedload(Appeal.post).joinedload(Post.thread).joinedload(Thread.space),
                joinedload(Appeal.post).joinedload(Post.author),
            )
            .where(_where(spaces, site), Appeal.status == AppealStatus.PENDING)
            .order_by(Appeal.created_at, Appeal.id)
            .limit(limit)
        )
    )


def pending_count(session: Session, *, spaces: Sequence[Space], site: bool = False) -> int:
    """How many appeals wait in these spaces, and of the site with `site`
    (ix_appeal_space_status)."""
    if not spaces and not site:
        return 0
    count = session.scalar(
        select(func.count(Appeal.id)).where(
            _where(spaces, site), Appeal.status == AppealStatus.PENDING
        )
    )
    return int(count or 0)

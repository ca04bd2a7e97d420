"""Publishing a space's transparency page, or taking it back to a preview."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from community.forums.models import Space
from community.kernel.clock import utcnow
from community.moderation.models import TransparencyMonth
from community.moderation.transparency import queries
from community.moderation.transparency.report import months_ending


def set_published(session: Session, *, space: Space, published: bool) -> None:
    """Publish the space's figures (from now on, for everyone), or withdraw them."""
    if published and space.transparency_published_at is None:
        space.transparency_published_at = utcnow()
    elif not published:
        space.transparency_published_at = None
    session.flush()


def published_spaces(session: Session) -> list[Space]:
    """The spaces whose figures are public, by name: what the site's figures add up."""
    return list(
        session.scalars(
            select(Space).where(Space.transparency_published_at.is_not(None)).order_by(Space.name)
        )
    )


def keep_closed_months(session: Session, *, today: date) -> int:
    """Write, for every space, the figures of each closed month of the pages' window not
    yet kept (what a later day cannot change); returns how many space-months were written."""
    closed = [datetime.combine(first, datetime.min.time()) for first in months_ending(today)]
    ends = [*closed[1:], datetime.combine(today.replace(day=1), datetime.min.time())]
    keys = [first.strftime("%Y-%m") for first in closed]
    done = {
        (space_id, month)
        for space_id, month in session.execute(
            select(TransparencyMonth.space_id, TransparencyMonth.month).where(
                TransparencyMonth.key == queries.DONE, TransparencyMonth.month.in_(keys)
            )
        )
    }
    written = 0
    for space_id in session.scalars(select(Space.id)):
        for first, end, key in zip(closed[:-1], ends[:-1], keys[:-1], strict=True):
            if (space_id, key) in done:
                continue
            counts = queries.stable_counts(session, space_ids=[space_id], since=first, until=end)
            rows = [
                {"space_id": space_id, "month": month, "key": figure, "value": value}
                for (_space, month, figure), value in counts.items()
                if month == key
            ]
            rows.append({"space_id": space_id, "month": key, "key": queries.DONE, "value": 1})
            session.execute(insert(TransparencyMonth), rows)
            written += 1
    session.flush()
    return written

"""Publishing a space's transparency page, or taking it back to a preview."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.forums.models import Space
from community.kernel.clock import utcnow


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

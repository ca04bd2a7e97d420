"""The data cards on pages that list posts: answered to the signal `post_extras`.

A page of posts (a thread, the moderation queue) asks what each post's card place shows;
self data decides per viewer and logs each card seen by someone other than its owner.
The page itself is a GET and commits nothing: the hook below commits the logged views
once the page is written, and marks the response private, as someone's health data is
kept by no shared cache and indexed by no engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import g
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from community.accounts.models import Member
from community.extensions import db
from community.forums.models import Post
from community.kernel.web import private_page_headers
from community.permissions import SpaceContext
from community.selfdata import access_log


def card_slots(
    page: str,
    *,
    session: Session,
    posts: Sequence[Post],
    viewer: Member | None,
    ctx: SpaceContext | None = None,
    **_others: Any,
) -> dict[str, Any]:
    """{"card_slots": {post id: CardSlot}} for a "thread" page (one space: `ctx`, the
    viewer's context in it) or the "queue" (several spaces, a moderator)."""
    if page == "queue" and viewer is not None:
        slots = access_log.queue_slots(session, posts=posts, viewer=viewer)
    elif page == "thread" and ctx is not None:
        slots = access_log.card_slots(session, posts=posts, viewer=viewer, ctx=ctx)
    else:
        return {}
    if any(slot.kind is access_log.SlotKind.SHOWN for slot in slots.values()):
        g.card_views_logged = True
    return {"card_slots": slots}


def commit_card_views(response: Response) -> Response:
    """After a page that showed data cards: the views it logged are committed, and the page
    is private. A form sent back with its errors (400) still showed them; a page that
    failed (5xx) logs nothing."""
    if not g.pop("card_views_logged", False):
        return response
    if response.status_code < 500:
        db.session.commit()
    else:
        db.session.rollback()
    return private_page_headers(response)

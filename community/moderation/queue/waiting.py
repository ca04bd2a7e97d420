"""Which posts wait for a moderator, as the queue's items know it.

A post waits while its review_requested_at is set (a new post, an edit, a report) and it
is pending or published. The queue reads its order, its filters and their counts from
moderation_item's partial indexes alone, so each item keeps a copy of that request,
`waiting_since`, written wherever the request is: by the worker's claim, by every
decision (settle.record), by a report or a notice (reports.request_review), and, for
what the forums do to a post on its author's behalf (an edit, a withdrawal) or a
moderator's (a take-down), by the receiver of their `review_changed` signal.

A new post has no item until the worker claims it: the queue finds those from the posts
themselves (filters.posts_without_item).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from community.forums.models import Post, PostStatus
from community.moderation.models import ModerationItem

# A post waits as new (pending) or, once published, for an edit or after a report.
WAITING_STATUSES = (PostStatus.PENDING, PostStatus.PUBLISHED)


def waiting(post: Post) -> bool:
    """Whether something about the post waits for a moderator (a new post, an edit, a report)."""
    return post.review_requested_at is not None and post.status in WAITING_STATUSES


def waiting_since(post: Post) -> datetime | None:
    """What the post's queue item says of it: since when it waits, or None."""
    return post.review_requested_at if waiting(post) else None


def follow(session: Session, *, post: Post) -> None:
    """Copy the post's request onto its queue item, if it has one (one UPDATE)."""
    session.execute(
        update(ModerationItem)
        .where(ModerationItem.post_id == post.id)
        .values(waiting_since=waiting_since(post))
    )


def on_review_changed(post: Post, *, session: Session, **_: Any) -> None:
    """Receiver of `review_changed`: the forums asked for a review of the post, or ended one."""
    follow(session, post=post)

"""Bulk decisions: approve, or reject with one reason, several waiting posts at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums.models import Post, Space, Thread
from community.moderation.models import REJECTION_REASONS
from community.moderation.queue.services import ModerationError, _clean_text, approve, reject

# Posts decided in one bulk request at most: each is a full decision, with its own log
# row and notification, and the request must stay short.
BULK_MAX = 50


@dataclass(frozen=True)
class BulkResult:
    done: int
    skipped: int


def bulk_decide(
    session: Session,
    *,
    moderator: Member,
    posts: Sequence[Post],
    approve_all: bool,
    reason_code: str | None = None,
    reason_text: str = "",
) -> BulkResult:
    """Approve, or reject with one reason, each post as a single decision would.

    A post already decided, or claimed by someone else, is skipped, and the others go
    through.
    """
    if len(posts) > BULK_MAX:
        raise ModerationError("too_many")
    if not approve_all:
        if reason_code not in REJECTION_REASONS:
            raise ModerationError("unknown_reason")
        reason_text = _clean_text(reason_text)
    _lock_in_order(session, posts)
    done = 0
    for post in posts:
        try:
            # A savepoint per post: a refusal that came after a write undoes that post only.
            with session.begin_nested():
                if approve_all:
                    approve(session, moderator=moderator, post=post)
                else:
                    assert reason_code is not None
                    reject(
                        session,
                        moderator=moderator,
                        post=post,
                        reason_code=reason_code,
                        reason_text=reason_text,
                    )
        except ModerationError:
            continue
        done += 1
    return BulkResult(done=done, skipped=len(posts) - done)


def _lock_in_order(session: Session, posts: Sequence[Post]) -> None:
    """Lock the rows the decisions will write, the posts, then their threads, then their
    spaces, each kind by id, before the first decision.

    A single decision takes them in that order (its post, its thread, its space). Taken
    post after post instead, two bulk decisions in one space deadlock: each holds the
    space and a thread the other wants next (seen on PostgreSQL by bench/cluster.py).
    SQLite lets one writer in at a time and renders no FOR UPDATE.
    """
    if not posts:
        return
    for model, ids in (
        (Post, {post.id for post in posts}),
        (Thread, {post.thread_id for post in posts}),
        (Space, {post.thread.space_id for post in posts}),
    ):
        # ORDER BY under FOR UPDATE: PostgreSQL locks the rows in that order.
        session.execute(
            select(model.id).where(model.id.in_(ids)).order_by(model.id).with_for_update()
        )

"""Moderators' decisions on pending posts: approve, reject or ask for an edit, each logged.

This slice decides new posts only (status pending). A pending edit of a published post
(a PostRevision) also sets review_requested_at, but deciding it is left for later: such
posts are refused here with "not_pending".
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from community.accounts.models import Member
from community.clock import utcnow
from community.forums import services as forums
from community.forums.models import Post, PostStatus, Thread
from community.moderation.models import (
    REJECTION_REASONS,
    DecisionAction,
    ModerationDecision,
    ModerationItem,
)

REASON_TEXT_MAX = 1000


class ModerationError(Exception):
    """A decision refused; `code` says why (the view picks the French message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _take(session: Session, post: Post) -> None:
    """Clear the post's request for review, or fail if it is no longer waiting.

    A conditional UPDATE, not a read then a write: of two moderators deciding the same
    post at once, exactly one sees a row updated, on SQLite and PostgreSQL alike.
    """
    requested_at = post.review_requested_at
    if requested_at is None or post.status is not PostStatus.PENDING:
        raise ModerationError("not_pending")
    result = session.execute(
        update(Post)
        .where(
            Post.id == post.id,
            Post.status == PostStatus.PENDING,
            Post.review_requested_at == requested_at,
        )
        .values(review_requested_at=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ModerationError("not_pending")
    # The database already holds it; the ORM need not write it again.
    set_committed_value(post, "review_requested_at", None)


def _record(
    session: Session,
    *,
    moderator: Member | None,
    post: Post,
    action: DecisionAction,
    reason_code: str | None = None,
    reason_text: str = "",
) -> ModerationDecision:
    """Append the decision to the audit log; `moderator` is None for an automatic one."""
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post.id))
    decision = ModerationDecision(
        post_id=post.id,
        space_id=post.thread.space_id,
        moderator_id=moderator.id if moderator is not None else None,
        moderator_pseudonym=moderator.pseudonym if moderator is not None else "",
        action=action,
        reason_code=reason_code,
        reason_text=reason_text,
        scores=item.scores if item else None,
        findings=item.findings if item else None,
        model_version=item.model_version if item else None,
        created_at=utcnow(),
    )
    session.add(decision)
    session.flush()
    return decision


def approve(session: Session, *, moderator: Member, post: Post) -> ModerationDecision:
    """Publish a pending post (and its thread, if it opens one) and log the decision."""
    _take(session, post)
    forums.publish_post(session, post=post)
    return _record(session, moderator=moderator, post=post, action=DecisionAction.APPROVE)


def reject(
    session: Session,
    *,
    moderator: Member,
    post: Post,
    reason_code: str,
    reason_text: str = "",
) -> ModerationDecision:
    """Keep a pending post from ever being published; its author still sees it, rejected."""
    if reason_code not in REJECTION_REASONS:
        raise ModerationError("unknown_reason")
    reason_text = (reason_text or "").strip()
    if len(reason_text) > REASON_TEXT_MAX:
        raise ModerationError("reason_too_long")
    _take(session, post)
    now = utcnow()
    post.status = PostStatus.REJECTED
    post.status_changed_at = now
    thread: Thread = post.thread
    if thread.status is not PostStatus.PUBLISHED and forums.is_opening_post(session, post):
        thread.status = PostStatus.REJECTED
    session.flush()
    return _record(
        session,
        moderator=moderator,
        post=post,
        action=DecisionAction.REJECT,
        reason_code=reason_code,
        reason_text=reason_text,
    )


def request_edit(
    session: Session, *, moderator: Member, post: Post, message: str
) -> ModerationDecision:
    """Send a pending post back to its author with what to change; their edit requeues it."""
    message = (message or "").strip()
    if not message:
        raise ModerationError("message_required")
    if len(message) > REASON_TEXT_MAX:
        raise ModerationError("reason_too_long")
    _take(session, post)
    post.status = PostStatus.NEEDS_EDIT
    post.status_changed_at = utcnow()
    thread: Thread = post.thread
    if thread.status is not PostStatus.PUBLISHED and forums.is_opening_post(session, post):
        thread.status = PostStatus.NEEDS_EDIT
    session.flush()
    return _record(
        session,
        moderator=moderator,
        post=post,
        action=DecisionAction.REQUEST_EDIT,
        reason_text=message,
    )

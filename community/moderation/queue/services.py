"""Moderators' decisions on what waits in the queue, each logged and told to the author.

What waits on a post: a new post (status pending), a proposed edit of a published post
(a pending PostRevision), or members' reports of a published post. Each decision takes
its part as settle.py does (of two moderators deciding at once, exactly one wins) and is
recorded there.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from community import signals
from community.accounts.models import Member
from community.forums import services as forums
from community.forums.models import Post, PostStatus, RevisionStatus, Thread
from community.kernel.clock import utcnow
from community.moderation.models import REJECTION_REASONS, DecisionAction, ModerationDecision
from community.moderation.queue.claims import (
    ModerationError,
    can_receive,
    check_claim,
    ensure_item,
)
from community.moderation.queue.settle import (
    REASON_TEXT_MAX,
    clean_text,
    link_reports,
    record,
    settle,
    take,
    take_reports,
    take_revision,
)
from community.moderation.queue.waiting import waiting
from community.moderation.reports import services as report_services

__all__ = ["REASON_TEXT_MAX", "ModerationError"]

# The names the worker's automatic publication, the appeals and the bulk decisions call
# these by.
_take = take
_record = record
_clean_text = clean_text


def approve(session: Session, *, moderator: Member, post: Post) -> ModerationDecision:
    """Publish a pending post (and its thread, if it opens one), or the proposed edit of a
    published post, and log the decision."""
    if post.status is PostStatus.PUBLISHED:
        revision = take_revision(session, post, RevisionStatus.HISTORY, moderator)
        forums.apply_revision(session, post=post, revision=revision)
        settle(session, post)
        return record(
            session,
            moderator=moderator,
            post=post,
            action=DecisionAction.APPROVE,
            revision=revision,
        )
    take(session, post, moderator=moderator)
    forums.publish_post(session, post=post)
    return record(session, moderator=moderator, post=post, action=DecisionAction.APPROVE)


def reject(
    session: Session,
    *,
    moderator: Member,
    post: Post,
    reason_code: str,
    reason_text: str = "",
) -> ModerationDecision:
    """Keep a pending post from ever being published (its author still sees it, rejected),
    or turn down the proposed edit of a published post (the published text stays)."""
    if reason_code not in REJECTION_REASONS:
        raise ModerationError("unknown_reason")
    reason_text = clean_text(reason_text)
    if post.status is PostStatus.PUBLISHED:
        revision = take_revision(session, post, RevisionStatus.REJECTED, moderator)
        settle(session, post)
        return record(
            session,
            moderator=moderator,
            post=post,
            action=DecisionAction.REJECT,
            reason_code=reason_code,
            reason_text=reason_text,
            revision=revision,
        )
    take(session, post, moderator=moderator)
    now = utcnow()
    post.status = PostStatus.REJECTED
    post.status_changed_at = now
    thread: Thread = post.thread
    if thread.status is not PostStatus.PUBLISHED and forums.is_opening_post(session, post):
        thread.status = PostStatus.REJECTED
    session.flush()
    return record(
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
    message = clean_text(message, required=True)
    take(session, post, moderator=moderator)
    post.status = PostStatus.NEEDS_EDIT
    post.status_changed_at = utcnow()
    thread: Thread = post.thread
    if thread.status is not PostStatus.PUBLISHED and forums.is_opening_post(session, post):
        thread.status = PostStatus.NEEDS_EDIT
    session.flush()
    return record(
        session,
        moderator=moderator,
        post=post,
        action=DecisionAction.REQUEST_EDIT,
        reason_text=message,
    )


def unpublish(
    session: Session, *, moderator: Member, post: Post, reason_code: str, reason_text: str = ""
) -> ModerationDecision:
    """Take a reported post down (its author sees it refused, with the reason) and close
    its reports."""
    if reason_code not in REJECTION_REASONS:
        raise ModerationError("unknown_reason")
    reason_text = clean_text(reason_text)
    now = utcnow()
    take_reports(session, post, now, moderator)
    forums.unpublish_post(session, post=post)
    decision = record(
        session,
        moderator=moderator,
        post=post,
        action=DecisionAction.UNPUBLISH,
        reason_code=reason_code,
        reason_text=reason_text,
        reports=report_services.reasons_closed_at(session, post=post, at=now),
    )
    link_reports(session, post, now, decision)
    return decision


def dismiss_reports(
    session: Session, *, moderator: Member, post: Post, note: str = ""
) -> ModerationDecision:
    """Keep a reported post published and close its reports; its author is not told, its
    reporters are (they may contest it)."""
    note = clean_text(note)
    now = utcnow()
    take_reports(session, post, now, moderator)
    settle(session, post)
    decision = record(
        session,
        moderator=moderator,
        post=post,
        action=DecisionAction.DISMISS_REPORTS,
        reason_text=note,
        announce=False,
    )
    link_reports(session, post, now, decision)
    # Announced once the reports name it, so that their reporters can be told.
    signals.post_decided.send(decision, session=session, post=post, is_revision=False)
    return decision


def escalate(
    session: Session, *, moderator: Member, post: Post, target: Member, note: str = ""
) -> ModerationDecision:
    """Hand a waiting post to another moderator or association admin of its space.

    The post still waits, first in the target's "Transmis à moi"; the moderator's claim,
    if any, ends so that the target can take it. The target is notified.
    """
    note = clean_text(note)
    space_id = post.thread.space_id
    if target.id == moderator.id or not can_receive(session, member=target, space_id=space_id):
        raise ModerationError("bad_target")
    if not waiting(post):
        raise ModerationError("not_pending")
    check_claim(session, post=post, moderator=moderator)
    item = ensure_item(session, post=post)
    item.escalated_to_id = target.id
    item.escalated_by_id = moderator.id
    item.escalated_at = utcnow()
    item.escalation_note = note
    item.claimed_by_id = None
    item.claimed_until = None
    decision = record(
        session,
        moderator=moderator,
        post=post,
        action=DecisionAction.ESCALATE,
        reason_text=note,
        target_pseudonym=target.pseudonym,
    )
    signals.post_escalated.send(decision, session=session, post=post, target=target)
    return decision

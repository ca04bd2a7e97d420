"""Moderators' decisions on what waits in the queue, each logged and told to the author.

What waits on a post: a new post (status pending), a proposed edit of a published post
(a pending PostRevision), or members' reports of a published post. Each decision settles
its part with a conditional UPDATE, so that of two moderators deciding at once exactly
one wins, on SQLite and PostgreSQL alike; the post's review_requested_at is cleared
only once nothing waits on it any more.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select, true, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from community import signals
from community.accounts.models import Member
from community.forums import services as forums
from community.forums.models import Post, PostRevision, PostStatus, RevisionStatus, Thread
from community.kernel.clock import utcnow
from community.moderation import statements
from community.moderation.models import (
    REJECTION_REASONS,
    DecisionAction,
    ModerationDecision,
    ModerationItem,
    PostReport,
)
from community.moderation.queue.claims import (
    ModerationError,
    can_receive,
    check_claim,
    ensure_item,
    waiting,
)
from community.moderation.reports import services as report_services

__all__ = ["ModerationError"]

REASON_TEXT_MAX = 1000


def _free_for(moderator: Member | None, post_id: Any) -> Any:
    """SQL: nobody but `moderator` holds a live claim on the post (no condition without one)."""
    if moderator is None:
        return true()
    return ~exists().where(
        ModerationItem.post_id == post_id,
        ModerationItem.claimed_by_id != moderator.id,
        ModerationItem.claimed_until > utcnow(),
    )


def _refused(session: Session, post: Post, moderator: Member | None) -> ModerationError:
    """Why a conditional UPDATE found nothing: someone else's claim, or a decision taken."""
    if moderator is not None:
        check_claim(session, post=post, moderator=moderator)
    return ModerationError("not_pending")


def _take(session: Session, post: Post, *, moderator: Member | None = None) -> None:
    """Clear a new post's request for review, or fail if it is no longer waiting (or, when
    a moderator decides, if someone else holds a live claim on it).

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
            _free_for(moderator, Post.id),
        )
        .values(review_requested_at=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise _refused(session, post, moderator)
    # The database already holds it; the ORM need not write it again.
    set_committed_value(post, "review_requested_at", None)


def _take_revision(
    session: Session, post: Post, status: RevisionStatus, moderator: Member
) -> PostRevision:
    """Settle the proposed edit of a published post, or fail if none waits (any more)."""
    if post.status is not PostStatus.PUBLISHED:
        raise ModerationError("not_pending")
    revision = session.scalar(
        select(PostRevision).where(
            PostRevision.post_id == post.id, PostRevision.status == RevisionStatus.PENDING
        )
    )
    if revision is None:
        raise ModerationError("not_pending")
    result = session.execute(
        update(PostRevision)
        .where(
            PostRevision.id == revision.id,
            PostRevision.status == RevisionStatus.PENDING,
            _free_for(moderator, PostRevision.post_id),
        )
        .values(status=status)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise _refused(session, post, moderator)
    set_committed_value(revision, "status", status)
    return revision


def _take_reports(session: Session, post: Post, now: datetime, moderator: Member) -> None:
    """Close every open report of the post, or fail if none is open (any more)."""
    if post.status is not PostStatus.PUBLISHED:
        raise ModerationError("not_pending")
    result = session.execute(
        update(PostReport)
        .where(
            PostReport.post_id == post.id,
            PostReport.resolved_at.is_(None),
            _free_for(moderator, PostReport.post_id),
        )
        .values(resolved_at=now)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise _refused(session, post, moderator)


def _link_reports(
    session: Session, post: Post, now: datetime, decision: ModerationDecision
) -> None:
    session.execute(
        update(PostReport)
        .where(
            PostReport.post_id == post.id,
            PostReport.resolved_at == now,
            PostReport.resolved_by_decision_id.is_(None),
        )
        .values(resolved_by_decision_id=decision.id)
        .execution_options(synchronize_session=False)
    )


def _settle(session: Session, post: Post) -> None:
    """Clear the post's request for review if nothing waits on it any more.

    One UPDATE whose condition is the check, so that a report or an edit recorded
    meanwhile keeps the post in the queue.
    """
    pending_edit = exists().where(
        PostRevision.post_id == Post.id, PostRevision.status == RevisionStatus.PENDING
    )
    open_report = exists().where(PostReport.post_id == Post.id, PostReport.resolved_at.is_(None))
    result = session.execute(
        update(Post)
        .where(Post.id == post.id, ~pending_edit, ~open_report)
        .values(review_requested_at=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:  # type: ignore[attr-defined]
        set_committed_value(post, "review_requested_at", None)


def _record(
    session: Session,
    *,
    moderator: Member | None,
    post: Post,
    action: DecisionAction,
    reason_code: str | None = None,
    reason_text: str = "",
    revision: PostRevision | None = None,
    reports: Sequence[str] = (),
    announce: bool = True,
    **extra: Any,
) -> ModerationDecision:
    """Append the decision to the audit log and tell the author; `moderator` is None for an
    automatic one. `extra` fills the decision's other columns (target_pseudonym).

    A restriction (a refusal, a take-down, an edit request) carries its statement of
    reasons, built from the post as decided on (`revision`, for a proposed edit) and the
    reasons of the `reports` it closes. `announce=False` leaves telling anyone to the
    caller (an appeal's outcome has its own signal).

    A decision ends any claim and escalation of the post, so that the next time it waits
    (a report, an edit) it starts afresh; an escalation keeps them, it is the hand-over.
    """
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post.id))
    statement = None
    if action in statements.RESTRICTIONS:
        statement = statements.build(
            post=post,
            findings=item.findings if item else None,
            scored=bool(item and item.is_scored),
            revision=revision,
            reports=reports,
        )
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
        revision_id=revision.id if revision is not None else None,
        statement=statement,
        **extra,
    )
    session.add(decision)
    if item is not None and action is not DecisionAction.ESCALATE:
        item.claimed_by_id = None
        item.claimed_until = None
        item.escalated_to_id = None
        item.escalated_by_id = None
        item.escalated_at = None
        item.escalation_note = ""
    session.flush()
    if announce and action is not DecisionAction.ESCALATE:
        signals.post_decided.send(
            decision, session=session, post=post, is_revision=revision is not None
        )
    return decision


def _clean_text(text: str | None, *, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ModerationError("message_required")
    if len(text) > REASON_TEXT_MAX:
        raise ModerationError("reason_too_long")
    return text


def approve(session: Session, *, moderator: Member, post: Post) -> ModerationDecision:
    """Publish a pending post (and its thread, if it opens one), or the proposed edit of a
    published post, and log the decision."""
    if post.status is PostStatus.PUBLISHED:
        revision = _take_revision(session, post, RevisionStatus.HISTORY, moderator)
        forums.apply_revision(session, post=post, revision=revision)
        _settle(session, post)
        return _record(
            session,
            moderator=moderator,
            post=post,
            action=DecisionAction.APPROVE,
            revision=revision,
        )
    _take(session, post, moderator=moderator)
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
    """Keep a pending post from ever being published (its author still sees it, rejected),
    or turn down the proposed edit of a published post (the published text stays)."""
    if reason_code not in REJECTION_REASONS:
        raise ModerationError("unknown_reason")
    reason_text = _clean_text(reason_text)
    if post.status is PostStatus.PUBLISHED:
        revision = _take_revision(session, post, RevisionStatus.REJECTED, moderator)
        _settle(session, post)
        return _record(
            session,
            moderator=moderator,
            post=post,
            action=DecisionAction.REJECT,
            reason_code=reason_code,
            reason_text=reason_text,
            revision=revision,
        )
    _take(session, post, moderator=moderator)
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
    message = _clean_text(message, required=True)
    _take(session, post, moderator=moderator)
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


def unpublish(
    session: Session, *, moderator: Member, post: Post, reason_code: str, reason_text: str = ""
) -> ModerationDecision:
    """Take a reported post down (its author sees it refused, with the reason) and close
    its reports."""
    if reason_code not in REJECTION_REASONS:
        raise ModerationError("unknown_reason")
    reason_text = _clean_text(reason_text)
    now = utcnow()
    _take_reports(session, post, now, moderator)
    forums.unpublish_post(session, post=post)
    decision = _record(
        session,
        moderator=moderator,
        post=post,
        action=DecisionAction.UNPUBLISH,
        reason_code=reason_code,
        reason_text=reason_text,
        reports=report_services.reasons_closed_at(session, post=post, at=now),
    )
    _link_reports(session, post, now, decision)
    return decision


def dismiss_reports(
    session: Session, *, moderator: Member, post: Post, note: str = ""
) -> ModerationDecision:
    """Keep a reported post published and close its reports; its author is not told, its
    reporters are (they may contest it)."""
    note = _clean_text(note)
    now = utcnow()
    _take_reports(session, post, now, moderator)
    _settle(session, post)
    decision = _record(
        session,
        moderator=moderator,
        post=post,
        action=DecisionAction.DISMISS_REPORTS,
        reason_text=note,
        announce=False,
    )
    _link_reports(session, post, now, decision)
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
    note = _clean_text(note)
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
    decision = _record(
        session,
        moderator=moderator,
        post=post,
        action=DecisionAction.ESCALATE,
        reason_text=note,
        target_pseudonym=target.pseudonym,
    )
    signals.post_escalated.send(decision, session=session, post=post, target=target)
    return decision

"""How a decision takes what waits on a post, and the audit log's record of it.

Each decision settles its part (a new post's request for review, a proposed edit, the
open reports) with a conditional UPDATE, so that of two moderators deciding at once
exactly one wins, on SQLite and PostgreSQL alike; the post's review_requested_at is
cleared only once nothing waits on it any more. Then `record` logs the decision, tells
the author, and brings the post's queue item up to date.
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
from community.forums.models import Post, PostRevision, PostStatus, RevisionStatus
from community.kernel.clock import utcnow
from community.moderation import statements
from community.moderation.models import (
    DecisionAction,
    ModerationDecision,
    ModerationItem,
    PostReport,
)
from community.moderation.queue.claims import ModerationError, check_claim
from community.moderation.queue.waiting import waiting_since

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


def take(session: Session, post: Post, *, moderator: Member | None = None) -> None:
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


def take_revision(
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


def take_reports(session: Session, post: Post, now: datetime, moderator: Member) -> None:
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


def link_reports(session: Session, post: Post, now: datetime, decision: ModerationDecision) -> None:
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


def settle(session: Session, post: Post) -> None:
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


def record(
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
    if item is not None:
        # Whether the post still waits (an edit may, or a report come meanwhile).
        item.waiting_since = waiting_since(post)
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


def clean_text(text: str | None, *, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ModerationError("message_required")
    if len(text) > REASON_TEXT_MAX:
        raise ModerationError("reason_too_long")
    return text

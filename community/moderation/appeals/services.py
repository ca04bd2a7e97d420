"""Appeals: contesting a decision once, within six months, and another moderator's answer.

Who may contest what: the author of a post refused, taken down or sent back for an edit
(also when an appeal took it down), a member whose report a moderator dismissed, and a
member a site admin suspended. The appeal is decided by a moderator or association admin
of the space other than the one who took the decision (another site admin, for a
suspension of the whole site); its outcome is a decision of the audit log of its own.
Reversing publishes the post again, or takes it down, through the forums' services, so
that the counters and the search index follow; or lifts the suspension.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from community import signals
from community.accounts.models import Member
from community.forums import services as forums
from community.forums.models import Post, PostStatus
from community.kernel.clock import utcnow
from community.kernel.text import clean_text, has_visible_text
from community.moderation import statements
from community.moderation.models import (
    REJECTION_REASONS,
    Appeal,
    AppealStatus,
    DecisionAction,
    ModerationDecision,
    PostReport,
)
from community.moderation.queue import services as decisions
from community.moderation.suspensions import services as suspensions

APPEAL_TEXT_MAX = 2000
OUTCOME_TEXT_MAX = 1000

# What an author may contest, and what reversing it does to their post (published
# again), whatever the post's status now allows (see _reverse).
CONTESTABLE_BY_AUTHOR = frozenset(
    {
        DecisionAction.REJECT,
        DecisionAction.UNPUBLISH,
        DecisionAction.REQUEST_EDIT,
        DecisionAction.APPEAL_REVERSED,
    }
)


class AppealError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def contestant_role(
    session: Session, *, decision: ModerationDecision, member: Member
) -> str | None:
    """ "author", "reporter" or "suspended" if the member may contest this decision (time
    and an earlier appeal aside), None otherwise.

    An author contests a restriction of their own post (a refused edit leaves the post
    published: not contested here); a reporter, a dismissal that closed their report; a
    member, the suspension of their account.
    """
    if decision.action is DecisionAction.SUSPEND:
        return "suspended" if decision.subject_id == member.id else None
    if decision.action in CONTESTABLE_BY_AUTHOR:
        if decision.statement is None or decision.revision_id is not None:
            return None
        post = session.get(Post, decision.post_id)
        return "author" if post is not None and post.author_id == member.id else None
    if decision.action is DecisionAction.DISMISS_REPORTS:
        reported = session.scalar(
            select(PostReport.id).where(
                PostReport.resolved_by_decision_id == decision.id,
                PostReport.reporter_id == member.id,
            )
        )
        return "reporter" if reported is not None else None
    return None


def appeal_of(session: Session, *, decision: ModerationDecision, member: Member) -> Appeal | None:
    """The member's appeal of this decision, if they made one."""
    return session.scalar(
        select(Appeal).where(Appeal.decision_id == decision.id, Appeal.appellant_id == member.id)
    )


def check_message(text: str | None, *, limit: int, missing: str) -> str:
    """The submitted text cleaned, or AppealError(missing) if nothing visible is left."""
    text = str(clean_text(text or "")).strip()
    if not has_visible_text(text):
        raise AppealError(missing)
    if len(text) > limit:
        raise AppealError("too_long")
    return text


def submit_appeal(
    session: Session, *, member: Member, decision: ModerationDecision, message: str
) -> Appeal:
    """Contest a decision, once. Raises AppealError: "not_yours", "too_late",
    "already_appealed", "message_required", "too_long"."""
    role = contestant_role(session, decision=decision, member=member)
    if role is None:
        raise AppealError("not_yours")
    if utcnow() > statements.appeal_deadline(decision):
        raise AppealError("too_late")
    if appeal_of(session, decision=decision, member=member) is not None:
        raise AppealError("already_appealed")
    message = check_message(message, limit=APPEAL_TEXT_MAX, missing="message_required")
    appeal = Appeal(
        decision_id=decision.id,
        post_id=decision.post_id,
        space_id=decision.space_id,
        appellant_id=member.id,
        as_reporter=role == "reporter",
        message=message,
        created_at=utcnow(),
        status=AppealStatus.PENDING,
    )
    # A savepoint: the same appeal sent twice at once stores one, and the second is told.
    try:
        with session.begin_nested():
            session.add(appeal)
    except IntegrityError as error:  # the unique constraint: another request was first
        if appeal_of(session, decision=decision, member=member) is not None:
            raise AppealError("already_appealed") from error
        raise
    signals.appeal_submitted.send(appeal, session=session)
    return appeal


def may_decide(appeal: Appeal, *, moderator: Member) -> bool:
    """Anyone allowed to moderate the space but the one who took the decision (nor the
    appellant: nobody judges their own case)."""
    return moderator.id not in (appeal.decision.moderator_id, appeal.appellant_id)


def decide_appeal(
    session: Session,
    *,
    moderator: Member,
    appeal: Appeal,
    reverse: bool,
    reasons: str,
    reason_code: str | None = None,
) -> ModerationDecision:
    """Uphold or reverse the contested decision, log the outcome and tell the appellant.

    Reversing a dismissal takes the post down, with `reason_code` as a refusal's; reversing
    a restriction publishes the post again; reversing a suspension lifts it. Raises
    AppealError: "own_decision",
    "decided" (someone else answered first), "reasons_required", "too_long",
    "unknown_reason", "post_changed" (it cannot be published or taken down any more:
    withdrawn, its thread gone, edited since).
    """
    if not may_decide(appeal, moderator=moderator):
        raise AppealError("own_decision")
    reasons = check_message(reasons, limit=OUTCOME_TEXT_MAX, missing="reasons_required")
    contested = appeal.decision
    takes_down = reverse and contested.action is DecisionAction.DISMISS_REPORTS
    if takes_down and reason_code not in REJECTION_REASONS:
        raise AppealError("unknown_reason")
    status = AppealStatus.REVERSED if reverse else AppealStatus.UPHELD
    now = utcnow()
    # Of two moderators answering at once, exactly one sees the row updated.
    taken = session.execute(
        update(Appeal)
        .where(Appeal.id == appeal.id, Appeal.status == AppealStatus.PENDING)
        .values(status=status, decided_by_id=moderator.id, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise AppealError("decided")
    session.refresh(appeal)
    post = appeal.post
    if post is None:  # a suspension: the account, not a post
        outcome = suspensions.decide_appeal_of(
            session, moderator=moderator, contested=contested, reverse=reverse, reasons=reasons
        )
        appeal.outcome_decision_id = outcome.id
        session.flush()
        signals.appeal_decided.send(appeal, session=session, post=None, outcome=outcome)
        return outcome
    if reverse:
        _reverse(session, post=post, contested=contested)
    outcome = decisions._record(
        session,
        moderator=moderator,
        post=post,
        action=DecisionAction.APPEAL_REVERSED if reverse else DecisionAction.APPEAL_UPHELD,
        reason_code=reason_code if takes_down else contested.reason_code,
        reason_text=reasons,
        announce=False,
    )
    if takes_down:
        # A take-down: its author is owed a statement of reasons, as for any other.
        reported = session.scalars(
            select(PostReport.reason_code).where(PostReport.resolved_by_decision_id == contested.id)
        )
        outcome.statement = statements.build(
            post=post,
            findings=outcome.findings,
            scored=outcome.scores is not None,
            reports=list(reported),
        )
    appeal.outcome_decision_id = outcome.id
    session.flush()
    signals.appeal_decided.send(appeal, session=session, post=post, outcome=outcome)
    return outcome


def _reverse(session: Session, *, post: Post, contested: ModerationDecision) -> None:
    if contested.action is DecisionAction.DISMISS_REPORTS:
        if post.status is not PostStatus.PUBLISHED:
            raise AppealError("post_changed")
        forums.unpublish_post(session, post=post)
        return
    # Refused, taken down or sent back: published as it was decided on, if it still is.
    expected = (
        PostStatus.NEEDS_EDIT
        if contested.action is DecisionAction.REQUEST_EDIT
        else PostStatus.REJECTED
    )
    thread = post.thread
    opening = forums.is_opening_post(session, post)
    if post.status is not expected or (not opening and thread.status is not PostStatus.PUBLISHED):
        raise AppealError("post_changed")
    forums.publish_post(session, post=post)

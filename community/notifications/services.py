"""Writing notifications. Sending their e-mails happens later, from the stored rows."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from community.accounts.models import Member, MemberStatus
from community.accounts.services import Erasure
from community.forums.models import Post, SpaceRole, SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.models import (
    Appeal,
    AppealStatus,
    DecisionAction,
    ModerationDecision,
    PostReport,
)
from community.notifications.models import EmailDigest, Notification, NotificationKind


def notify(
    session: Session,
    *,
    member: Member,
    kind: NotificationKind,
    post: Post | None = None,
    decision_id: int | None = None,
    space_id: int | None = None,
) -> Notification | None:
    """Tell a member something about a post; None for a deleted account (nobody to tell).

    The e-mail is only marked as owed here; whether the site sends e-mail at all is the
    sender's business (it clears what it will not send).
    """
    if member.status is MemberStatus.DELETED:
        return None
    notification = Notification(
        member_id=member.id,
        kind=kind,
        post_id=post.id if post is not None else None,
        decision_id=decision_id,
        space_id=space_id,
        created_at=utcnow(),
        email_pending=bool(member.notify_by_email),
    )
    session.add(notification)
    session.flush()
    return notification


def mark_read(session: Session, *, member: Member, notification_id: int) -> bool:
    """Mark one of the member's notifications read; False if it is not theirs (or gone).

    Marking again keeps the first time it was read.
    """
    result = session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.member_id == member.id)
        .values(read_at=func.coalesce(Notification.read_at, utcnow()))
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def mark_all_read(session: Session, *, member: Member) -> int:
    """Mark every unread notification of the member read; returns how many were unread."""
    result = session.execute(
        update(Notification)
        .where(Notification.member_id == member.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return int(result.rowcount)  # type: ignore[attr-defined]


def set_email_preference(session: Session, *, member: Member, by_email: bool) -> None:
    """Whether the member's notifications also go by e-mail (when the site sends any).

    Turning it off also cancels the e-mails still owed: the member asked for none.
    """
    member.notify_by_email = by_email
    if not by_email:
        session.execute(
            update(Notification)
            .where(Notification.member_id == member.id, Notification.email_pending.is_(True))
            .values(email_pending=False)
            .execution_options(synchronize_session=False)
        )
    session.flush()


def delete_for_member(session: Session, *, member: Member) -> None:
    """Forget every notification of a member (their account is being deleted)."""
    session.execute(
        delete(Notification)
        .where(Notification.member_id == member.id)
        .execution_options(synchronize_session=False)
    )
    session.flush()


# --- what other domains' events tell members ---------------------------------------------

# What the author is told, per action; (new post, proposed edit). None: nothing to tell.
TOLD_AUTHOR: dict[DecisionAction, tuple[NotificationKind | None, NotificationKind | None]] = {
    DecisionAction.APPROVE: (NotificationKind.POST_APPROVED, NotificationKind.EDIT_APPROVED),
    DecisionAction.REJECT: (NotificationKind.POST_REJECTED, NotificationKind.EDIT_REJECTED),
    DecisionAction.REQUEST_EDIT: (NotificationKind.EDIT_REQUESTED, None),
    DecisionAction.UNPUBLISH: (NotificationKind.POST_UNPUBLISHED, None),
    DecisionAction.AUTO_PUBLISH: (NotificationKind.POST_APPROVED, None),
    DecisionAction.DISMISS_REPORTS: (None, None),
    DecisionAction.ESCALATE: (None, None),
    # An appeal's outcome is told by tell_appeal_outcome (signal `appeal_decided`).
    DecisionAction.APPEAL_UPHELD: (None, None),
    DecisionAction.APPEAL_REVERSED: (None, None),
    # About an account, not a post: told by tell_account_decision (`account_decided`).
    DecisionAction.SUSPEND: (None, None),
    DecisionAction.REINSTATE: (None, None),
}


def tell_author(
    decision: ModerationDecision, *, session: Session, post: Post, is_revision: bool
) -> None:
    """A moderator decided on a post or on its proposed edit: its author is told, and for
    a dismissal of reports, their reporters (signal `post_decided`)."""
    for_post, for_edit = TOLD_AUTHOR[decision.action]
    kind = for_edit if is_revision else for_post
    if kind is not None:
        notify(session, member=post.author, kind=kind, post=post, decision_id=decision.id)
    if decision.action is DecisionAction.DISMISS_REPORTS:
        # Their report was not followed: they are told, and may contest it.
        for reporter in session.scalars(
            select(Member)
            .join(PostReport, PostReport.reporter_id == Member.id)
            .where(PostReport.resolved_by_decision_id == decision.id)
        ):
            notify(
                session,
                member=reporter,
                kind=NotificationKind.REPORT_DISMISSED,
                post=post,
                decision_id=decision.id,
            )


def tell_escalation_target(
    decision: ModerationDecision, *, session: Session, post: Post, target: Member
) -> None:
    """A post was handed to another moderator: they are told (signal `post_escalated`)."""
    notify(
        session,
        member=target,
        kind=NotificationKind.ESCALATED_TO_YOU,
        post=post,
        decision_id=decision.id,
    )


def appeal_deciders(session: Session, *, appeal: Appeal) -> list[Member]:
    """Who may decide the appeal: the active moderators and association admins of its
    space (the site admins, for a suspension of the whole site), but the one who took the
    contested decision and the appellant (one query)."""
    if appeal.space_id is None:
        query = select(Member).where(Member.is_site_admin.is_(True))
    else:
        holders = select(SpaceRole.member_id).where(
            SpaceRole.space_id == appeal.space_id,
            SpaceRole.kind.in_((SpaceRoleKind.MODERATOR, SpaceRoleKind.ASSOCIATION_ADMIN)),
        )
        query = select(Member).where(Member.id.in_(holders))
    excluded = {appeal.decision.moderator_id, appeal.appellant_id} - {None}
    return list(
        session.scalars(
            query.where(Member.status == MemberStatus.ACTIVE, Member.id.not_in(excluded)).order_by(
                Member.id
            )
        )
    )


def tell_appeal_deciders(appeal: Appeal, *, session: Session) -> None:
    """A decision was contested: those who may decide the appeal are told, in the app (and
    by the generic e-mail, if they want one); the appellant's words stay on the appeals
    tab (signal `appeal_submitted`)."""
    for decider in appeal_deciders(session, appeal=appeal):
        notify(
            session,
            member=decider,
            kind=NotificationKind.APPEAL_TO_DECIDE,
            post=appeal.post,
            decision_id=appeal.decision_id,
        )


def tell_appeal_outcome(
    appeal: Appeal, *, session: Session, post: Post | None, outcome: ModerationDecision
) -> None:
    """Another moderator answered an appeal: the appellant is told, with the reasons; and
    when the answer took the post down (a reporter's appeal), its author too, with the
    statement of reasons of that take-down. Once none of the contested decision's appeals
    waits, what told the deciders of them is marked read (signal `appeal_decided`)."""
    reversed_ = outcome.action is DecisionAction.APPEAL_REVERSED
    if appeal.appellant is not None:
        kind = NotificationKind.APPEAL_REVERSED if reversed_ else NotificationKind.APPEAL_UPHELD
        notify(session, member=appeal.appellant, kind=kind, post=post, decision_id=outcome.id)
    if (
        reversed_
        and post is not None
        and outcome.statement is not None
        and post.author_id != appeal.appellant_id
    ):
        notify(
            session,
            member=post.author,
            kind=NotificationKind.POST_UNPUBLISHED,
            post=post,
            decision_id=outcome.id,
        )
    waiting = session.scalar(
        select(Appeal.id)
        .where(Appeal.decision_id == appeal.decision_id, Appeal.status == AppealStatus.PENDING)
        .limit(1)
    )
    if waiting is None:
        session.execute(
            update(Notification)
            .where(
                Notification.kind == NotificationKind.APPEAL_TO_DECIDE,
                Notification.decision_id == appeal.decision_id,
            )
            .values(read_at=func.coalesce(Notification.read_at, utcnow()), email_pending=False)
            .execution_options(synchronize_session=False)
        )
        session.flush()


# What a member is told of a decision about their account.
TOLD_MEMBER = {
    DecisionAction.SUSPEND: NotificationKind.ACCOUNT_SUSPENDED,
    DecisionAction.REINSTATE: NotificationKind.ACCOUNT_REINSTATED,
}


def tell_account_decision(
    decision: ModerationDecision, *, session: Session, member: Member
) -> None:
    """A site admin suspended a member, or lifted it: the member is told, a suspension with
    its statement of reasons (signal `account_decided`)."""
    notify(session, member=member, kind=TOLD_MEMBER[decision.action], decision_id=decision.id)


def forget_member(erasure: Erasure, *, session: Session) -> None:
    """An account is being deleted: its notifications go, and its summary by e-mail
    (signal `member_erasing`)."""
    delete_for_member(session, member=erasure.member)
    session.execute(delete(EmailDigest).where(EmailDigest.member_id == erasure.member.id))
    session.flush()

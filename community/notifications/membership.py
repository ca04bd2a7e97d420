"""What requests to join a members-only space tell: its deciders that one waits, the member
the answer. Nothing the member wrote is repeated: their words stay on the deciders' page."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from community.accounts.models import Member, MemberStatus
from community.forums.models import (
    MembershipRequest,
    MembershipRequestStatus,
    SpaceRole,
    SpaceRoleKind,
)
from community.kernel.clock import utcnow
from community.notifications.models import Notification, NotificationKind
from community.notifications.services import notify

ANSWERS = {
    MembershipRequestStatus.ACCEPTED: NotificationKind.MEMBERSHIP_ACCEPTED,
    MembershipRequestStatus.REFUSED: NotificationKind.MEMBERSHIP_REFUSED,
}


def deciders(session: Session, *, request: MembershipRequest) -> list[Member]:
    """The active moderators and association admins of the space, but the requester
    (one query)."""
    holders = select(SpaceRole.member_id).where(
        SpaceRole.space_id == request.space_id,
        SpaceRole.kind.in_((SpaceRoleKind.MODERATOR, SpaceRoleKind.ASSOCIATION_ADMIN)),
    )
    return list(
        session.scalars(
            select(Member)
            .where(
                Member.id.in_(holders),
                Member.status == MemberStatus.ACTIVE,
                Member.id != request.member_id,
            )
            .order_by(Member.id)
        )
    )


def tell_deciders(request: MembershipRequest, *, session: Session) -> None:
    """A member asks to join: those who may answer are told (signal `membership_requested`)."""
    for decider in deciders(session, request=request):
        notify(
            session,
            member=decider,
            kind=NotificationKind.MEMBERSHIP_REQUESTED,
            space_id=request.space_id,
        )


def tell_requester(request: MembershipRequest, *, session: Session, by_invitation: bool) -> None:
    """A request was answered: its author is told, unless they let themselves in by an
    invitation link (or took the request back); once none waits in the space, what told
    its deciders of requests is marked read (signal `membership_decided`)."""
    answer = ANSWERS.get(request.status)  # none for a request its author took back
    if answer is not None and not by_invitation:
        notify(session, member=request.member, kind=answer, space_id=request.space_id)
    waiting = session.scalar(
        select(func.count(MembershipRequest.id)).where(
            MembershipRequest.space_id == request.space_id,
            MembershipRequest.status == MembershipRequestStatus.PENDING,
        )
    )
    if not waiting:
        session.execute(
            update(Notification)
            .where(
                Notification.kind == NotificationKind.MEMBERSHIP_REQUESTED,
                Notification.space_id == request.space_id,
            )
            .values(read_at=func.coalesce(Notification.read_at, utcnow()), email_pending=False)
            .execution_options(synchronize_session=False)
        )
        session.flush()

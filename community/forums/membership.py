"""Who gets into a members-only space: requests to join, their answers, invitation links.

A members-only space is read by its members only, so joining it is a request that its
moderators or association admin answer; or a link one of them sends, signed, limited in
time and in uses. Each request is a row decided once and never changed after: together
they are the space's record of who was let in, by whom and when. Each function flushes;
the caller commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from community import signals
from community.accounts.models import Member
from community.forums.models import (
    Membership,
    MembershipRequest,
    MembershipRequestStatus,
    Space,
    SpaceInvitation,
)
from community.forums.spaces import ForumError, join_space
from community.kernel.clock import utcnow

MESSAGE_MAX = 1000
ANSWER_MAX = 1000
# After a refusal, how long before the same member may ask again: the deciders are not
# asked the same question every day.
ASK_AGAIN_AFTER = timedelta(days=7)
# What an invitation link may be made for: members at most, days of validity.
INVITATION_USES = (1, 5, 20)
INVITATION_DAYS = (1, 7, 30)
# The requests the deciders' page lists at once, oldest first; the rest wait their turn.
WAITING_SHOWN = 100

PENDING = MembershipRequestStatus.PENDING
_SALT = "community-space-invitation"


# --- what a page reads -------------------------------------------------------------------


def latest_request(session: Session, *, member: Member, space: Space) -> MembershipRequest | None:
    """The member's latest request to join this space, whatever became of it (one query)."""
    return session.scalar(
        select(MembershipRequest)
        .where(MembershipRequest.member_id == member.id, MembershipRequest.space_id == space.id)
        .order_by(MembershipRequest.id.desc())
        .limit(1)
    )


def waiting_requests(session: Session, *, space: Space) -> list[MembershipRequest]:
    """The requests waiting in the space, oldest first, with the requesters (one query)."""
    return list(
        session.scalars(
            select(MembershipRequest)
            .options(joinedload(MembershipRequest.member))
            .where(MembershipRequest.space_id == space.id, MembershipRequest.status == PENDING)
            .order_by(MembershipRequest.created_at, MembershipRequest.id)
            .limit(WAITING_SHOWN)
        )
    )


def waiting_count(session: Session, *, space: Space) -> int:
    count = session.scalar(
        select(func.count(MembershipRequest.id)).where(
            MembershipRequest.space_id == space.id, MembershipRequest.status == PENDING
        )
    )
    return int(count or 0)


def decided_requests(session: Session, *, space: Space, limit: int = 50) -> list[MembershipRequest]:
    """The space's latest answered requests (invitations followed included), latest
    first, with the requester and the decider (one query): what its audit log shows."""
    return list(
        session.scalars(
            select(MembershipRequest)
            .options(joinedload(MembershipRequest.member), joinedload(MembershipRequest.decided_by))
            .where(
                MembershipRequest.space_id == space.id,
                MembershipRequest.status.in_(
                    (MembershipRequestStatus.ACCEPTED, MembershipRequestStatus.REFUSED)
                ),
            )
            .order_by(MembershipRequest.decided_at.desc(), MembershipRequest.id.desc())
            .limit(limit)
        )
    )


def may_ask_again_at(request: MembershipRequest | None) -> datetime | None:
    """When a refused member may ask again; None when nothing holds them back."""
    if request is None or request.status is not MembershipRequestStatus.REFUSED:
        return None
    assert request.decided_at is not None
    again = request.decided_at + ASK_AGAIN_AFTER
    return again if again > utcnow() else None


# --- asking ------------------------------------------------------------------------------


def request_membership(
    session: Session, *, member: Member, space: Space, message: str = ""
) -> MembershipRequest:
    """Ask to join a members-only space; its deciders are told (signal `membership_requested`).

    Raises ForumError: "public_space" (join it instead), "already_member", "waiting" (a
    request already waits), "too_soon" (refused less than ASK_AGAIN_AFTER ago).
    """
    if not space.members_only:
        raise ForumError("public_space")
    if session.get(Membership, (member.id, space.id)) is not None:
        raise ForumError("already_member")
    latest = latest_request(session, member=member, space=space)
    if latest is not None and latest.status is PENDING:
        raise ForumError("waiting")
    if may_ask_again_at(latest) is not None:
        raise ForumError("too_soon")
    request = MembershipRequest(
        space_id=space.id, member_id=member.id, message=message.strip(), created_at=utcnow()
    )
    try:
        # A savepoint: the same form sent twice at once finds the first one's request.
        with session.begin_nested():
            session.add(request)
    except IntegrityError:
        raise ForumError("waiting") from None
    request.member, request.space = member, space
    signals.membership_requested.send(request, session=session)
    return request


def withdraw_request(session: Session, *, member: Member, space: Space) -> bool:
    """Take back one's waiting request; False if none was waiting (it was answered)."""
    request = latest_request(session, member=member, space=space)
    if request is None or request.status is not PENDING:
        return False
    result = session.execute(
        update(MembershipRequest)
        .where(MembershipRequest.id == request.id, MembershipRequest.status == PENDING)
        .values(status=MembershipRequestStatus.WITHDRAWN, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    session.refresh(request)
    signals.membership_decided.send(request, session=session, by_invitation=False)
    return True


# --- answering ---------------------------------------------------------------------------


def request_in_space(
    session: Session, *, space: Space, request_id: int
) -> MembershipRequest | None:
    """One request of this space, with its requester; None for another space's."""
    return session.scalar(
        select(MembershipRequest)
        .options(joinedload(MembershipRequest.member))
        .where(MembershipRequest.id == request_id, MembershipRequest.space_id == space.id)
    )


def decide_request(
    session: Session,
    *,
    request: MembershipRequest,
    decider: Member,
    accept: bool,
    answer: str = "",
) -> MembershipRequest:
    """Let the member in, or not; they are told (signal `membership_decided`).

    Raises ForumError("decided") when the request no longer waits: another decider
    answered it first, or its author took it back. Two deciders at once: the first
    UPDATE wins, the second changes no row.
    """
    status = MembershipRequestStatus.ACCEPTED if accept else MembershipRequestStatus.REFUSED
    now = utcnow()
    result = session.execute(
        update(MembershipRequest)
        .where(MembershipRequest.id == request.id, MembershipRequest.status == PENDING)
        .values(status=status, decided_at=now, decided_by_id=decider.id, answer=answer.strip())
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise ForumError("decided")
    session.refresh(request)
    if accept:
        join_space(session, member=request.member, space=request.space)
    signals.membership_decided.send(request, session=session, by_invitation=False)
    return request


# --- invitation links --------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def invitation_token(invitation: SpaceInvitation) -> str:
    return str(_serializer().dumps(invitation.id))


def invitation_of(session: Session, *, token: str) -> SpaceInvitation | None:
    """The invitation a link names, with its space; None for a link not ours (or altered)."""
    try:
        invitation_id = int(_serializer().loads(token))
    except (BadSignature, TypeError, ValueError):
        return None
    return session.scalar(
        select(SpaceInvitation)
        .options(joinedload(SpaceInvitation.space))
        .where(SpaceInvitation.id == invitation_id)
    )


def open_invitations(session: Session, *, space: Space) -> list[SpaceInvitation]:
    """The space's invitations still usable, newest first, with their authors (one query)."""
    now = utcnow()
    return list(
        session.scalars(
            select(SpaceInvitation)
            .options(joinedload(SpaceInvitation.created_by))
            .where(
                SpaceInvitation.space_id == space.id,
                SpaceInvitation.revoked_at.is_(None),
                SpaceInvitation.expires_at > now,
                SpaceInvitation.uses < SpaceInvitation.max_uses,
            )
            .order_by(SpaceInvitation.id.desc())
        )
    )


def create_invitation(
    session: Session, *, space: Space, author: Member, max_uses: int, days: int
) -> SpaceInvitation:
    """A link for `max_uses` members at most, valid `days` days. Raises ForumError
    "public_space" (anyone may join it) or "bad_invitation" (a choice not offered)."""
    if not space.members_only:
        raise ForumError("public_space")
    if max_uses not in INVITATION_USES or days not in INVITATION_DAYS:
        raise ForumError("bad_invitation")
    now = utcnow()
    invitation = SpaceInvitation(
        space_id=space.id,
        created_by_id=author.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
        max_uses=max_uses,
    )
    session.add(invitation)
    session.flush()
    return invitation


def revoke_invitation(session: Session, *, space: Space, invitation_id: int) -> bool:
    """The link stops working at once; False if it is not this space's or already void."""
    result = session.execute(
        update(SpaceInvitation)
        .where(
            SpaceInvitation.id == invitation_id,
            SpaceInvitation.space_id == space.id,
            SpaceInvitation.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def accept_invitation(
    session: Session, *, invitation: SpaceInvitation, member: Member
) -> MembershipRequest:
    """Join the space by its link: a request accepted at once, in the name of the link's
    author (the member's waiting request, if any, is the one accepted).

    Raises ForumError "already_member", or "invitation_void" (revoked, expired or used
    up; the use is counted by one UPDATE, so a link for one is used once).
    """
    space = invitation.space
    if session.get(Membership, (member.id, space.id)) is not None:
        raise ForumError("already_member")
    now = utcnow()
    used = session.execute(
        update(SpaceInvitation)
        .where(
            SpaceInvitation.id == invitation.id,
            SpaceInvitation.revoked_at.is_(None),
            SpaceInvitation.expires_at > now,
            SpaceInvitation.uses < SpaceInvitation.max_uses,
        )
        .values(uses=SpaceInvitation.uses + 1)
        .execution_options(synchronize_session=False)
    )
    if not used.rowcount:  # type: ignore[attr-defined]
        raise ForumError("invitation_void")
    latest = latest_request(session, member=member, space=space)
    request = latest if latest is not None and latest.status is PENDING else None
    if request is None:
        request = MembershipRequest(space_id=space.id, member_id=member.id, created_at=now)
        session.add(request)
    request.status = MembershipRequestStatus.ACCEPTED
    request.decided_at = now
    request.decided_by_id = invitation.created_by_id
    request.invitation_id = invitation.id
    # Not join_space: that the member is not in the space was just read.
    session.add(Membership(member_id=member.id, space_id=space.id, joined_at=now))
    session.flush()
    signals.membership_decided.send(request, session=session, by_invitation=True)
    return request


# --- a member leaving for good -----------------------------------------------------------


def forget_requests(session: Session, *, member: Member) -> None:
    """An account is being deleted: its waiting requests are taken back and the words of
    all of them erased; that they were made and answered stays in the spaces' records,
    under the neutral pseudonym. The links it sent stop working."""
    now = utcnow()
    session.execute(
        update(MembershipRequest)
        .where(MembershipRequest.member_id == member.id, MembershipRequest.status == PENDING)
        .values(status=MembershipRequestStatus.WITHDRAWN, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(MembershipRequest)
        .where(MembershipRequest.member_id == member.id)
        .values(message="", answer="")
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(SpaceInvitation)
        .where(SpaceInvitation.created_by_id == member.id, SpaceInvitation.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    session.flush()

"""Suspending a member's account, lifting it early, and what an appeal of it decides.

A suspension is a decision of the audit log about an account rather than a post
(ModerationDecision.subject_id, no post, no space: it covers the whole site), taken by a
site admin, on a rule of the site's charter they choose and facts they write; no
automated means take part. Its statement of reasons is frozen with it, the member is
told (signal `account_decided`), and may contest it like any other restriction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from community import signals
from community.accounts import services as accounts
from community.accounts.models import Member, MemberStatus
from community.kernel.clock import utcnow
from community.kernel.reasons import SuspensionRule
from community.kernel.text import clean_text, has_visible_text
from community.moderation import statements
from community.moderation.models import DecisionAction, ModerationDecision

FACTS_MAX = 1000
NOTE_MAX = 1000


class SuspensionError(Exception):
    """A suspension (or its lifting) refused; `code` says why (the view picks the message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _text(text: str | None, *, limit: int, required: bool) -> str:
    text = str(clean_text(text or "")).strip()
    if not has_visible_text(text):
        if required:
            raise SuspensionError("facts_required")
        return ""
    if len(text) > limit:
        raise SuspensionError("too_long")
    return text


def _record(
    session: Session,
    *,
    admin: Member,
    member: Member,
    action: DecisionAction,
    reason_code: str | None,
    reason_text: str,
    statement: dict[str, object] | None = None,
) -> ModerationDecision:
    decision = ModerationDecision(
        post_id=None,
        space_id=None,
        subject_id=member.id,
        moderator_id=admin.id,
        moderator_pseudonym=admin.pseudonym,
        action=action,
        reason_code=reason_code,
        reason_text=reason_text,
        created_at=utcnow(),
        statement=statement,
    )
    session.add(decision)
    session.flush()
    return decision


def suspend(
    session: Session,
    *,
    admin: Member,
    member: Member,
    rule: str,
    facts: str,
    until: datetime | None,
) -> ModerationDecision:
    """Suspend the member from the whole site until `until` (None: until an admin lifts it),
    for `rule` of the charter on `facts`; the member is told. Raises SuspensionError:
    "own_account", "deleted", "already_suspended", "unknown_rule", "facts_required",
    "too_long", "past" (an end already gone)."""
    if member.id == admin.id:
        raise SuspensionError("own_account")
    if member.status is MemberStatus.DELETED:
        raise SuspensionError("deleted")
    if member.is_suspended:
        raise SuspensionError("already_suspended")
    if rule not in tuple(SuspensionRule):
        raise SuspensionError("unknown_rule")
    facts = _text(facts, limit=FACTS_MAX, required=True)
    if until is not None and until <= utcnow():
        raise SuspensionError("past")
    accounts.suspend_member(session, member=member, until=until)
    decision = _record(
        session,
        admin=admin,
        member=member,
        action=DecisionAction.SUSPEND,
        reason_code=rule,
        reason_text=facts,
        statement=statements.build_suspension(until=until),
    )
    signals.account_decided.send(decision, session=session, member=member)
    return decision


def reinstate(
    session: Session, *, admin: Member, member: Member, note: str = ""
) -> ModerationDecision:
    """Lift the member's suspension before its end, with an optional note they read; the
    member is told. Raises SuspensionError: "own_account", "not_suspended", "too_long"."""
    if member.id == admin.id:
        raise SuspensionError("own_account")
    if not member.is_suspended:
        raise SuspensionError("not_suspended")
    note = _text(note, limit=NOTE_MAX, required=False)
    accounts.reactivate_member(session, member=member)
    decision = _record(
        session,
        admin=admin,
        member=member,
        action=DecisionAction.REINSTATE,
        reason_code=None,
        reason_text=note,
    )
    signals.account_decided.send(decision, session=session, member=member)
    return decision


def suspension_in_force(session: Session, *, member: Member) -> ModerationDecision | None:
    """The decision the member is suspended by now, if any: their latest suspension, while
    they are suspended."""
    if not member.is_suspended:
        return None
    return session.scalar(
        select(ModerationDecision)
        .where(
            ModerationDecision.subject_id == member.id,
            ModerationDecision.action == DecisionAction.SUSPEND,
        )
        .order_by(ModerationDecision.id.desc())
        .limit(1)
    )


def decide_appeal_of(
    session: Session,
    *,
    moderator: Member,
    contested: ModerationDecision,
    reverse: bool,
    reasons: str,
) -> ModerationDecision:
    """The outcome of an appeal of a suspension, as a decision of the audit log about the
    same account. Reversing lifts the suspension if it is still the one in force (not one
    that ended, nor an earlier one a later suspension replaced)."""
    member = session.get(Member, contested.subject_id)
    assert member is not None  # an account is never deleted, only emptied
    if reverse:
        in_force = suspension_in_force(session, member=member)
        if in_force is not None and in_force.id == contested.id:
            accounts.reactivate_member(session, member=member)
    return _record(
        session,
        admin=moderator,
        member=member,
        action=DecisionAction.APPEAL_REVERSED if reverse else DecisionAction.APPEAL_UPHELD,
        reason_code=contested.reason_code,
        reason_text=reasons,
    )

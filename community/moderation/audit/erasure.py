"""What happens to moderation records when an account is deleted: pseudonymized, never erased.

The audit log must still say that one person took a series of decisions, without saying
who: their decisions keep everything but the link to the account, under the neutral
pseudonym the account now bears. Decisions about their posts are not theirs, and stay.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.accounts.services import Erasure
from community.moderation.canned.models import CannedTextChange
from community.moderation.models import (
    Appeal,
    DecisionAction,
    ModerationDecision,
    ModerationItem,
    PostReport,
)


def pseudonymize_member(session: Session, *, member: Member, neutral_pseudonym: str) -> None:
    """Unlink the member from every moderation record, naming them `neutral_pseudonym`.

    Called before the member's own pseudonym is replaced: escalations name their target
    by the pseudonym it had, which is how those are found.
    """
    old_pseudonym = member.pseudonym
    statements = [
        # Decisions they took as a moderator.
        update(ModerationDecision)
        .where(ModerationDecision.moderator_id == member.id)
        .values(moderator_id=None, moderator_pseudonym=neutral_pseudonym),
        # Posts handed to them: the target is only a name, and a pseudonym is never reused
        # while its account exists.
        update(ModerationDecision)
        .where(
            ModerationDecision.action == DecisionAction.ESCALATE,
            ModerationDecision.target_pseudonym == old_pseudonym,
        )
        .values(target_pseudonym=neutral_pseudonym),
        # Their reports stay (moderators decided on them), without the reporter.
        update(PostReport).where(PostReport.reporter_id == member.id).values(reporter_id=None),
        # Their appeals stay (a moderator answers, or answered, them), without them; those
        # they answered, without the link to their account (the outcome's decision names
        # them by the neutral pseudonym, above).
        update(Appeal).where(Appeal.appellant_id == member.id).values(appellant_id=None),
        update(Appeal).where(Appeal.decided_by_id == member.id).values(decided_by_id=None),
        # Their changes to a space's prepared texts, under the neutral pseudonym.
        update(CannedTextChange)
        .where(CannedTextChange.actor_id == member.id)
        .values(actor_id=None, actor_pseudonym=neutral_pseudonym),
        # Their claims end; what was handed to them or by them is handed by or to nobody.
        update(ModerationItem)
        .where(ModerationItem.claimed_by_id == member.id)
        .values(claimed_by_id=None, claimed_until=None),
        update(ModerationItem)
        .where(ModerationItem.escalated_to_id == member.id)
        .values(escalated_to_id=None),
        update(ModerationItem)
        .where(ModerationItem.escalated_by_id == member.id)
        .values(escalated_by_id=None),
    ]
    for statement in statements:
        session.execute(statement.execution_options(synchronize_session=False))
    session.flush()


def forget_member(erasure: Erasure, *, session: Session) -> None:
    """An account is being deleted (signal `member_erasing`): its moderation records name
    the neutral pseudonym from now on."""
    pseudonymize_member(session, member=erasure.member, neutral_pseudonym=erasure.neutral_pseudonym)

"""What the site admin's pages read: the members suspended now, and the site's audit log
(the decisions about accounts, which belong to no space)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from community.accounts.models import Member, MemberStatus
from community.moderation.models import ModerationDecision

SUSPENDED_SHOWN = 200
JOURNAL_PAGE_SIZE = 50


def suspended_members(
    session: Session, *, now: datetime, limit: int = SUSPENDED_SHOWN
) -> list[Member]:
    """The members suspended at `now` (those whose end has come left out), by pseudonym."""
    return list(
        session.scalars(
            select(Member)
            .where(
                Member.status == MemberStatus.SUSPENDED,
                or_(Member.suspended_until.is_(None), Member.suspended_until > now),
            )
            .order_by(Member.pseudonym_key)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class SiteJournalEntry:
    decision: ModerationDecision
    subject_pseudonym: str  # the member the decision is about, as named now


@dataclass(frozen=True)
class SiteJournalPage:
    entries: Sequence[SiteJournalEntry]
    # The id to pass as ?avant= for the older decisions, None on the last page.
    next_before: int | None


def site_journal_page(
    session: Session, *, before: int | None = None, per_page: int = JOURNAL_PAGE_SIZE
) -> SiteJournalPage:
    """One page of the decisions of no space, newest first, read by keyset on
    ix_moderation_decision_space (space_id NULL, created_at), in one query."""
    query = (
        select(ModerationDecision, Member.pseudonym)
        .outerjoin(Member, Member.id == ModerationDecision.subject_id)
        .where(ModerationDecision.space_id.is_(None))
        .order_by(ModerationDecision.created_at.desc(), ModerationDecision.id.desc())
    )
    if before is not None:
        after_time = (
            select(ModerationDecision.created_at)
            .where(ModerationDecision.id == before, ModerationDecision.space_id.is_(None))
            .scalar_subquery()
        )
        query = query.where(
            or_(
                ModerationDecision.created_at < after_time,
                and_(ModerationDecision.created_at == after_time, ModerationDecision.id < before),
            )
        )
    rows = session.execute(query.limit(per_page + 1)).all()
    entries = [
        SiteJournalEntry(decision=decision, subject_pseudonym=pseudonym or "")
        for decision, pseudonym in rows[:per_page]
    ]
    next_before = entries[-1].decision.id if len(rows) > per_page else None
    return SiteJournalPage(entries=entries, next_before=next_before)

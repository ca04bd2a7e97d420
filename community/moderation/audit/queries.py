"""The decisions read back: a space's audit log, by page or whole, and each post's latest."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from community.forums.models import Post, Space, Thread
from community.moderation.models import ModerationDecision

JOURNAL_PAGE_SIZE = 50
TOP_SCORES = 3


@dataclass(frozen=True)
class JournalEntry:
    """One decision of the log, with the thread it was taken in (for the link)."""

    decision: ModerationDecision
    thread_id: int
    thread_title: str

    @property
    def scores(self) -> list[tuple[str, float]]:
        """The labels the model scored, highest first, as they were when the moderator decided."""
        return sorted((self.decision.scores or {}).items(), key=lambda pair: (-pair[1], pair[0]))

    @property
    def top_scores(self) -> list[tuple[str, float]]:
        return self.scores[:TOP_SCORES]


@dataclass(frozen=True)
class JournalPage:
    entries: Sequence[JournalEntry]
    # The id to pass as ?avant= for the older decisions, None on the last page.
    next_before: int | None


def _journal_query(space: Space) -> Select[ModerationDecision, int, str]:
    return (
        select(ModerationDecision, Thread.id, Thread.title)
        .join(Post, Post.id == ModerationDecision.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(ModerationDecision.space_id == space.id)
    )


def journal_page(
    session: Session,
    *,
    space: Space,
    before: int | None = None,
    per_page: int = JOURNAL_PAGE_SIZE,
) -> JournalPage:
    """One page of the space's decisions, newest first, in one query, read by keyset.

    The order is (created_at, id), which ix_moderation_decision_space serves; the cursor is
    only the id of the last decision shown, its created_at is looked up in the same query.
    A cursor naming a decision of another space, or none, yields an empty page.
    """
    query = _journal_query(space).order_by(
        ModerationDecision.created_at.desc(), ModerationDecision.id.desc()
    )
    if before is not None:
        after_time = (
            select(ModerationDecision.created_at)
            .where(ModerationDecision.id == before, ModerationDecision.space_id == space.id)
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
        JournalEntry(decision=decision, thread_id=thread_id, thread_title=title)
        for decision, thread_id, title in rows[:per_page]
    ]
    next_before = entries[-1].decision.id if len(rows) > per_page else None
    return JournalPage(entries=entries, next_before=next_before)


def whole_journal(session: Session, *, space: Space) -> list[JournalEntry]:
    """Every decision of the space, oldest first (the order of an export), in one query."""
    rows = session.execute(
        _journal_query(space).order_by(ModerationDecision.created_at, ModerationDecision.id)
    ).all()
    return [
        JournalEntry(decision=decision, thread_id=thread_id, thread_title=title)
        for decision, thread_id, title in rows
    ]


# --- what the author reads -----------------------------------------------------------------


def latest_decisions(session: Session, *, post_ids: Iterable[int]) -> dict[int, ModerationDecision]:
    """The latest decision on each of these posts, by post id, in one query.

    The author of a refused post, or of one sent back for an edit, reads its reason there.
    """
    ids = list(post_ids)
    if not ids:
        return {}
    latest = (
        select(func.max(ModerationDecision.id))
        .where(ModerationDecision.post_id.in_(ids))
        .group_by(ModerationDecision.post_id)
    )
    decisions = session.scalars(select(ModerationDecision).where(ModerationDecision.id.in_(latest)))
    return {decision.post_id: decision for decision in decisions if decision.post_id is not None}

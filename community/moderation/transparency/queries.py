"""The monthly counts behind a transparency page: one grouped query per source.

Every count is keyed (space id, month 'YYYY-MM', figure key). Figure keys name what is
counted; a group's parts are "<total key>:<part>", so that `suppression` knows which
cells add up to which. Notices and reports from any source share one outcome vocabulary:
a new source (visitors' notices, say) is one more entry in NOTICE_SOURCES.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import datetime

from sqlalchemy import Select, and_, case, cast, func, literal, or_, select
from sqlalchemy import String as SqlString
from sqlalchemy.orm import Session

from community.forums.models import Post, Thread
from community.kernel.reasons import RejectionReason
from community.moderation.models import (
    Appeal,
    AppealStatus,
    DecisionAction,
    ModerationDecision,
    PostReport,
)
from community.moderation.transparency.sql import month_of, seconds_between

Counts = dict[tuple[int, str, str], int]
# (space id, month, figure key or outcome, count)
Monthly = Select[int, str, str, int]

RECEIVED = "received"
PUBLISHED = "published"
REFUSED = "refused"
EDIT_REQUESTED = "edit_requested"
FLAGGED = "flagged"
APPEALS = "appeals"
REASONS = tuple(reason.value for reason in RejectionReason)
# What a flagged post became: how often moderators confirmed the detection.
FLAG_OUTCOMES = (REFUSED, PUBLISHED, EDIT_REQUESTED)
# What became of a notice or report, whatever its source.
NOTICE_OUTCOMES = ("taken_down", "kept", "waiting")
APPEAL_OUTCOMES = tuple(status.value for status in (AppealStatus.REVERSED, AppealStatus.UPHELD))
APPEAL_OUTCOMES += ("waiting",)

# A moderator's decision on a post (not on a proposed edit of a published one).
_ON_POSTS = (DecisionAction.APPROVE, DecisionAction.REJECT, DecisionAction.REQUEST_EDIT)
_OUTCOME_OF_ACTION = {
    DecisionAction.APPROVE: PUBLISHED,
    DecisionAction.AUTO_PUBLISH: PUBLISHED,
    DecisionAction.REJECT: REFUSED,
    DecisionAction.REQUEST_EDIT: EDIT_REQUESTED,
}


def _posts_received(space_ids: Collection[int], since: datetime) -> Monthly:
    month = month_of(Post.created_at)
    return (
        select(Thread.space_id, month, literal(RECEIVED), func.count())
        .join(Thread, Thread.id == Post.thread_id)
        .where(Thread.space_id.in_(space_ids), Post.created_at >= since)
        .group_by(Thread.space_id, month)
    )


def _decisions(
    session: Session, space_ids: Collection[int], since: datetime
) -> Iterable[tuple[int, str, str, int]]:
    month = month_of(ModerationDecision.created_at)
    # Findings are a JSON list: empty (or null) when detection found nothing.
    findings = cast(ModerationDecision.findings, SqlString)
    flagged = case((and_(findings.is_not(None), findings.not_in(("[]", "null"))), 1), else_=0)
    rows = session.execute(
        select(
            ModerationDecision.space_id,
            month,
            ModerationDecision.action,
            ModerationDecision.reason_code,
            flagged,
            func.count(),
        )
        .where(
            ModerationDecision.space_id.in_(space_ids),
            ModerationDecision.created_at >= since,
            ModerationDecision.action.in_(tuple(_OUTCOME_OF_ACTION)),
            ModerationDecision.revision_id.is_(None),
        )
        .group_by(
            ModerationDecision.space_id,
            month,
            ModerationDecision.action,
            ModerationDecision.reason_code,
            flagged,
        )
    )
    for space_id, at, action, reason, was_flagged, count in rows:
        outcome = _OUTCOME_OF_ACTION[DecisionAction(action)]
        yield space_id, at, outcome, count
        if outcome == REFUSED:
            code = reason if reason in REASONS else RejectionReason.OTHER.value
            yield space_id, at, f"{REFUSED}:{code}", count
        if was_flagged and action in _ON_POSTS:
            yield space_id, at, FLAGGED, count
            yield space_id, at, f"{FLAGGED}:{outcome}", count


def _member_reports(space_ids: Collection[int], since: datetime) -> Monthly:
    """Members' reports of published posts, by the month they were made, with their outcome."""
    month = month_of(PostReport.created_at)
    outcome = case(
        (PostReport.resolved_at.is_(None), "waiting"),
        (
            ModerationDecision.action.in_((DecisionAction.UNPUBLISH, DecisionAction.REJECT)),
            "taken_down",
        ),
        else_="kept",
    )
    return (
        select(PostReport.space_id, month, outcome, func.count())
        .outerjoin(ModerationDecision, ModerationDecision.id == PostReport.resolved_by_decision_id)
        .where(PostReport.space_id.in_(space_ids), PostReport.created_at >= since)
        .group_by(PostReport.space_id, month, outcome)
    )


# key -> the query of (space id, month, outcome in NOTICE_OUTCOMES, count).
NOTICE_SOURCES: dict[str, Callable[[Collection[int], datetime], Monthly]] = {
    "reports": _member_reports,
}


def _appeals(space_ids: Collection[int], since: datetime) -> Monthly:
    month = month_of(Appeal.created_at)
    outcome = case(
        (Appeal.status == AppealStatus.PENDING, "waiting"),
        (Appeal.status == AppealStatus.REVERSED, AppealStatus.REVERSED.value),
        else_=AppealStatus.UPHELD.value,
    )
    return (
        select(Appeal.space_id, month, outcome, func.count())
        .where(Appeal.space_id.in_(space_ids), Appeal.created_at >= since)
        .group_by(Appeal.space_id, month, outcome)
    )


def monthly_counts(session: Session, *, space_ids: Collection[int], since: datetime) -> Counts:
    """Every count of these spaces since `since` (the first day of a month), by month."""
    counts: Counts = {}

    def add(space_id: int, month: str, key: str, count: int) -> None:
        counts[space_id, month, key] = counts.get((space_id, month, key), 0) + int(count)

    if not space_ids:
        return counts
    for space_id, month, key, count in session.execute(_posts_received(space_ids, since)):
        add(space_id, month, key, count)
    for row in _decisions(session, space_ids, since):
        add(*row)
    grouped = [(key, query(space_ids, since)) for key, query in NOTICE_SOURCES.items()]
    grouped.append((APPEALS, _appeals(space_ids, since)))
    for key, query in grouped:
        for space_id, month, outcome, count in session.execute(query):
            add(space_id, month, key, count)
            add(space_id, month, f"{key}:{outcome}", count)
    return counts


def median_delays(
    session: Session, *, space_ids: Collection[int], since: datetime
) -> dict[str, tuple[float, int]]:
    """month -> (median seconds from a post's sending to a moderator's first decision on it,
    how many posts), over these spaces together, by the month of that decision."""
    if not space_ids:
        return {}
    first = (
        select(
            ModerationDecision.post_id.label("post_id"),
            func.min(ModerationDecision.created_at).label("decided_at"),
        )
        .where(
            ModerationDecision.space_id.in_(space_ids),
            ModerationDecision.created_at >= since,
            ModerationDecision.action.in_(_ON_POSTS),
            ModerationDecision.revision_id.is_(None),
        )
        .group_by(ModerationDecision.post_id)
        .subquery()
    )
    month = month_of(first.c.decided_at).label("month")
    delay = seconds_between(Post.created_at, first.c.decided_at).label("delay")
    ranked = (
        select(
            month,
            delay,
            func.row_number().over(partition_by=month, order_by=delay).label("rank"),
            func.count().over(partition_by=month).label("n"),
        )
        .join(Post, Post.id == first.c.post_id)
        .subquery()
    )
    # The middle row, or the two middle rows' mean: (n + 1) // 2 and (n + 2) // 2 in whole
    # numbers, the same on both engines.
    rows = session.execute(
        select(ranked.c.month, func.avg(ranked.c.delay), func.max(ranked.c.n))
        .where(or_(ranked.c.rank == (ranked.c.n + 1) // 2, ranked.c.rank == (ranked.c.n + 2) // 2))
        .group_by(ranked.c.month)
    )
    return {at: (float(median), int(n)) for at, median, n in rows}

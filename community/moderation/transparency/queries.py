"""The monthly counts behind a transparency page: one grouped query per source.

Every count is keyed (space id, month 'YYYY-MM', figure key). Figure keys name what is
counted; a group's parts are "<total key>:<part>", so that `suppression` knows which
cells add up to which. Notices and reports from any source share one outcome vocabulary:
members' reports and anyone's notices of illegal content are two entries of
NOTICE_SOURCES, and a new source would be one more.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy import String as SqlString
from sqlalchemy.orm import Session

from community.forums.models import Post, Thread
from community.kernel.reasons import RejectionReason
from community.moderation.models import (
    Appeal,
    AppealStatus,
    DecisionAction,
    ModerationDecision,
    NoticeOutcome,
    PostReport,
    TransparencyMonth,
    VisitorNotice,
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
DELAY = "delay"  # "delay:<minutes>": the spread of the delays to a first decision
DONE = "done"  # a kept month's mark
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


def _within(column: Any, since: datetime, until: datetime | None) -> list[Any]:
    """since <= column < until (no end when until is None)."""
    return [column >= since] if until is None else [column >= since, column < until]


def _posts_received(space_ids: Collection[int], since: datetime, until: datetime | None) -> Monthly:
    month = month_of(Post.created_at)
    return (
        select(Thread.space_id, month, literal(RECEIVED), func.count())
        .join(Thread, Thread.id == Post.thread_id)
        .where(Thread.space_id.in_(space_ids), *_within(Post.created_at, since, until))
        .group_by(Thread.space_id, month)
    )


def _decisions(
    session: Session, space_ids: Collection[int], since: datetime, until: datetime | None
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
            *_within(ModerationDecision.created_at, since, until),
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
        .where(
            PostReport.space_id.in_(space_ids),
            PostReport.created_at >= since,
            # A visitor's notice waits in the queue as a report: counted as a notice.
            ~exists().where(VisitorNotice.report_id == PostReport.id),
        )
        .group_by(PostReport.space_id, month, outcome)
    )


def _visitor_notices(space_ids: Collection[int], since: datetime) -> Monthly:
    """Notices of illegal content from anyone (moderation.notices), by the month they were
    sent, with their outcome."""
    month = month_of(VisitorNotice.created_at)
    outcome = case(
        (VisitorNotice.outcome == NoticeOutcome.TAKEN_DOWN, "taken_down"),
        (VisitorNotice.outcome == NoticeOutcome.KEPT, "kept"),
        else_="waiting",
    )
    return (
        select(VisitorNotice.space_id, month, outcome, func.count())
        .where(VisitorNotice.space_id.in_(space_ids), VisitorNotice.created_at >= since)
        .group_by(VisitorNotice.space_id, month, outcome)
    )


# key -> the query of (space id, month, outcome in NOTICE_OUTCOMES, count).
NOTICE_SOURCES: dict[str, Callable[[Collection[int], datetime], Monthly]] = {
    "reports": _member_reports,
    "notices": _visitor_notices,
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


def _delays(
    session: Session, space_ids: Collection[int], since: datetime, until: datetime | None
) -> Iterable[tuple[int, str, str, int]]:
    """How many posts had their first moderator's decision that month after about m
    minutes, as "delay:m": minute by minute for an hour, then coarser (5 minutes up to
    6 hours, half-hours up to 2 days, 6 hours beyond). Spreads add up across spaces,
    where medians would not."""
    first = (
        select(
            ModerationDecision.space_id.label("space_id"),
            ModerationDecision.post_id.label("post_id"),
            func.min(ModerationDecision.created_at).label("decided_at"),
        )
        .where(
            ModerationDecision.space_id.in_(space_ids),
            *_within(ModerationDecision.created_at, since, until),
            ModerationDecision.action.in_(_ON_POSTS),
            ModerationDecision.revision_id.is_(None),
        )
        .group_by(ModerationDecision.space_id, ModerationDecision.post_id)
        .subquery()
    )
    month = month_of(first.c.decided_at)
    minutes = cast(func.round(seconds_between(Post.created_at, first.c.decided_at) / 60), Integer)
    bucket = case(
        (minutes < 60, minutes),
        (minutes < 360, minutes // 5 * 5),
        (minutes < 2880, minutes // 30 * 30),
        else_=minutes // 360 * 360,
    )
    rows = session.execute(
        select(first.c.space_id, month, bucket, func.count())
        .join(Post, Post.id == first.c.post_id)
        .group_by(first.c.space_id, month, bucket)
    )
    for space_id, at, minute, count in rows:
        yield space_id, at, f"{DELAY}:{max(int(minute), 0)}", count


def stable_counts(
    session: Session, *, space_ids: Collection[int], since: datetime, until: datetime | None
) -> Counts:
    """What a later day cannot change: posts sent and decisions taken (and their delays)
    between since and until, by month."""
    counts: Counts = {}
    if not space_ids:
        return counts
    rows: list[Iterable[Any]] = [
        session.execute(_posts_received(space_ids, since, until)),
        _decisions(session, space_ids, since, until),
        _delays(session, space_ids, since, until),
    ]
    for source in rows:
        for space_id, month, key, count in source:
            _add(counts, space_id, month, key, count)
    return counts


def live_counts(session: Session, *, space_ids: Collection[int], since: datetime) -> Counts:
    """Notices, reports and appeals made since `since`, by month, with their outcome now."""
    counts: Counts = {}
    if not space_ids:
        return counts
    grouped = [(key, query(space_ids, since)) for key, query in NOTICE_SOURCES.items()]
    grouped.append((APPEALS, _appeals(space_ids, since)))
    for key, query in grouped:
        for space_id, month, outcome, count in session.execute(query):
            _add(counts, space_id, month, key, count)
            _add(counts, space_id, month, f"{key}:{outcome}", count)
    return counts


def _add(counts: Counts, space_id: int, month: str, key: str, count: int) -> None:
    counts[space_id, month, key] = counts.get((space_id, month, key), 0) + int(count)


def kept_months(
    session: Session,
    *,
    space_ids: Collection[int],
    months: Collection[str],
    prefix: str | None = None,
) -> tuple[set[str], Counts]:
    """The months written for every one of these spaces, and their kept figures (only
    those whose key starts with `prefix`, when given)."""
    if not space_ids or not months:
        return set(), {}
    wanted: list[ColumnElement[bool]] = [
        TransparencyMonth.space_id.in_(space_ids),
        TransparencyMonth.month.in_(months),
    ]
    if prefix is not None:
        wanted.append(or_(TransparencyMonth.key == DONE, TransparencyMonth.key.startswith(prefix)))
    rows = session.execute(
        select(
            TransparencyMonth.space_id,
            TransparencyMonth.month,
            TransparencyMonth.key,
            TransparencyMonth.value,
        ).where(*wanted)
    ).all()
    done: dict[str, set[int]] = {}
    counts: Counts = {}
    for space_id, month, key, value in rows:
        if key == DONE:
            done.setdefault(month, set()).add(space_id)
        else:
            counts[space_id, month, key] = value
    complete = {month for month, spaces in done.items() if spaces >= set(space_ids)}
    return complete, counts


def _kept_then_counted(
    session: Session,
    *,
    space_ids: Collection[int],
    months: list[datetime],
    count: Callable[[datetime], Counts],
    prefix: str | None = None,
) -> Counts:
    """The stable counts of these months (their first days, oldest first): the months the
    worker kept as it kept them, up to the first one missing; from there on `count(since)`."""
    keys = [first.strftime("%Y-%m") for first in months]
    complete, kept = kept_months(session, space_ids=space_ids, months=keys, prefix=prefix)
    fresh_from = next((i for i, key in enumerate(keys) if key not in complete), len(keys))
    counts = {cell: value for cell, value in kept.items() if cell[1] in keys[:fresh_from]}
    if fresh_from < len(keys):
        counts.update(count(months[fresh_from]))
    return counts


def monthly_counts(
    session: Session, *, space_ids: Collection[int], months: list[datetime]
) -> Counts:
    """Every count of these spaces in these months (their first days, oldest first): the
    months the worker kept as it kept them, the others counted now."""
    if not space_ids:
        return {}
    counts = _kept_then_counted(
        session,
        space_ids=space_ids,
        months=months,
        count=lambda since: stable_counts(session, space_ids=space_ids, since=since, until=None),
    )
    counts.update(live_counts(session, space_ids=space_ids, since=months[0]))
    return counts


def delay_counts(session: Session, *, space_ids: Collection[int], months: list[datetime]) -> Counts:
    """Only the spreads of the delays to a first decision ("delay:m") of these spaces in
    these months, kept or counted as `monthly_counts` does: two queries."""
    if not space_ids:
        return {}

    def count(since: datetime) -> Counts:
        counts: Counts = {}
        for space_id, month, key, value in _delays(session, space_ids, since, None):
            _add(counts, space_id, month, key, value)
        return counts

    return _kept_then_counted(
        session, space_ids=space_ids, months=months, count=count, prefix=f"{DELAY}:"
    )

"""How well a space's thresholds matched its moderators' decisions: aggregates only.

"Would have flagged" is a score at or above the threshold; "was rejected" is a new post
refused or a published post taken down after a report; a new post approved is the other
class. Decisions on proposed edits only count towards the volume and the delay.
Automatic publications are left out: they are the policy's own choice, not a person's.

The suggested threshold is the one, from 0.05 to 0.99 by steps of 0.01, that maximises
F1 (the balance of precision and recall) on past decisions; of equal ones, the highest,
which sends the fewest posts up as high risk.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from community.forums.models import Post, PostRevision, Space
from community.kernel.clock import utcnow
from community.moderation.models import DecisionAction, ModerationDecision

# Decisions that say whether a post was acceptable, and which of them say it was not.
JUDGING = (DecisionAction.APPROVE, DecisionAction.REJECT, DecisionAction.UNPUBLISH)
REJECTING = (DecisionAction.REJECT, DecisionAction.UNPUBLISH)
# Decisions a moderator took on something submitted: their delay is the queue's wait.
TIMED = (DecisionAction.APPROVE, DecisionAction.REJECT, DecisionAction.REQUEST_EDIT)
RECENT_DAYS = 30
# The latest decisions only: enough to judge a threshold, and the page stays fast.
MAX_DECISIONS = 20_000
CANDIDATES = tuple(round(step / 100, 2) for step in range(5, 100))

ACTION_NAMES = {
    DecisionAction.APPROVE: _l("approbations"),
    DecisionAction.REJECT: _l("refus"),
    DecisionAction.REQUEST_EDIT: _l("demandes de modification"),
    DecisionAction.UNPUBLISH: _l("retraits après signalement"),
    DecisionAction.DISMISS_REPORTS: _l("signalements classés sans suite"),
    DecisionAction.ESCALATE: _l("transmissions à un autre modérateur"),
    DecisionAction.AUTO_PUBLISH: _l("publications automatiques"),
}


@dataclass(frozen=True)
class Rates:
    """What a threshold would have done on past decisions."""

    threshold: float
    flagged: int  # posts at or above the threshold
    caught: int  # of which were rejected
    rejected: int  # rejected posts in all

    @property
    def precision(self) -> float | None:
        """Of the posts it would have flagged, the share moderators rejected."""
        return self.caught / self.flagged if self.flagged else None

    @property
    def recall(self) -> float | None:
        """Of the posts moderators rejected, the share it would have flagged."""
        return self.caught / self.rejected if self.rejected else None

    @property
    def f1(self) -> float:
        total = self.flagged + self.rejected
        return 2 * self.caught / total if total else 0.0


@dataclass(frozen=True)
class LabelCalibration:
    label: str
    scored: int  # decisions with a score for this label
    rejected: int
    current: Rates
    suggested: Rates | None  # None with one class only, or when no threshold catches any

    @property
    def one_class(self) -> bool:
        return self.rejected in (0, self.scored)


@dataclass(frozen=True)
class Volume:
    action: DecisionAction
    recent: int
    total: int

    @property
    def name(self) -> object:
        return ACTION_NAMES.get(self.action, str(self.action))


@dataclass(frozen=True)
class Calibration:
    labels: list[LabelCalibration]
    judged: int  # approvals, rejections and take-downs considered
    unscored: int  # of which had no score ("score indisponible")
    volume: list[Volume]
    median_delay: timedelta | None
    timed: int  # decisions the median is taken over
    # (scores, was_rejected) of the judged decisions with scores, latest first: what the
    # reliability charts are drawn from.
    pairs: list[tuple[dict[str, float], bool]] = field(default_factory=list)


def rates(scores: Sequence[float], rejected_scores: Sequence[float], threshold: float) -> Rates:
    """Rates at `threshold`; both sequences sorted ascending."""
    flagged = len(scores) - bisect_left(scores, threshold)
    caught = len(rejected_scores) - bisect_left(rejected_scores, threshold)
    return Rates(threshold, flagged, caught, len(rejected_scores))


def suggest(scores: Sequence[float], rejected_scores: Sequence[float]) -> Rates | None:
    """The candidate threshold with the best F1 (the highest of equals), or None."""
    if not rejected_scores or len(rejected_scores) == len(scores):
        return None
    best: Rates | None = None
    for threshold in CANDIDATES:
        candidate = rates(scores, rejected_scores, threshold)
        if candidate.caught and (best is None or candidate.f1 >= best.f1):
            best = candidate
    return best


def label_calibration(
    label: str, judged: Sequence[tuple[dict[str, float], bool]], threshold: float
) -> LabelCalibration:
    """One label's figures from (scores, was_rejected) pairs."""
    scores = sorted(float(s[label]) for s, _rejected in judged if label in s)
    rejected = sorted(float(s[label]) for s, was_rejected in judged if was_rejected and label in s)
    return LabelCalibration(
        label=label,
        scored=len(scores),
        rejected=len(rejected),
        current=rates(scores, rejected, threshold),
        suggested=suggest(scores, rejected),
    )


def space_calibration(
    session: Session, *, space: Space, thresholds: dict[str, float]
) -> Calibration:
    """The calibration page's figures for a space, in two queries."""
    rows = session.execute(
        select(
            ModerationDecision.action,
            ModerationDecision.scores,
            ModerationDecision.created_at,
            ModerationDecision.revision_id,
            Post.created_at,
            PostRevision.created_at,
        )
        .join(Post, Post.id == ModerationDecision.post_id)
        .outerjoin(PostRevision, PostRevision.id == ModerationDecision.revision_id)
        .where(
            ModerationDecision.space_id == space.id,
            ModerationDecision.action.in_({*JUDGING, *TIMED}),
        )
        .order_by(ModerationDecision.created_at.desc(), ModerationDecision.id.desc())
        .limit(MAX_DECISIONS)
    ).all()
    judged: list[tuple[dict[str, float], bool]] = []
    unscored = 0
    delays: list[float] = []
    for action, scores, decided_at, revision_id, post_created_at, revision_created_at in rows:
        # A proposed edit of a published post is judged on other grounds than a new post.
        if action in JUDGING and revision_id is None:
            if scores:
                judged.append((scores, action in REJECTING))
            else:
                unscored += 1
        if action in TIMED:
            submitted = revision_created_at or post_created_at
            delays.append(max((decided_at - submitted).total_seconds(), 0.0))
    labels = [label_calibration(label, judged, value) for label, value in thresholds.items()]
    median = timedelta(seconds=round(statistics.median(delays))) if delays else None
    return Calibration(
        labels=labels,
        judged=len(judged) + unscored,
        unscored=unscored,
        volume=volume(session, space=space),
        median_delay=median,
        timed=len(delays),
        pairs=judged,
    )


def volume(session: Session, *, space: Space) -> list[Volume]:
    """Decisions per action in the space: the last 30 days, and all time (one query)."""
    since = utcnow() - timedelta(days=RECENT_DAYS)
    rows = session.execute(
        select(
            ModerationDecision.action,
            func.sum(case((ModerationDecision.created_at >= since, 1), else_=0)),
            func.count(),
        )
        .where(ModerationDecision.space_id == space.id)
        .group_by(ModerationDecision.action)
    ).all()
    counts = {action: (int(recent or 0), int(total)) for action, recent, total in rows}
    return [Volume(action, *counts[action]) for action in DecisionAction if action in counts]

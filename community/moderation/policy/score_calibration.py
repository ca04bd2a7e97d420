"""The model's scores calibrated on a space's own decisions: fit, store, read back, apply.

A raw score says how toxic the model finds a post, not how likely this space's moderators
are to refuse it; each space draws its own line. Once a space has enough judged decisions
(approvals, refusals, take-downs of new posts, with their scores), each label gets an
isotonic regression of "was refused" on the raw score: the probability of refusal as a
non-decreasing function of the score, which assumes nothing else about its shape. It is
stored as a few knots, [score, probability], read back by linear interpolation.
"""

from __future__ import annotations

import math
from bisect import bisect_right, insort
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import Text, case, cast, func, select
from sqlalchemy.orm import Session

from community.forums.models import Space
from community.moderation.model.scorers import LABELS
from community.moderation.models import ModerationDecision, SpaceScoreCalibration
from community.moderation.policy.calibration import JUDGING, MAX_DECISIONS, REJECTING

Knots = list[list[float]]
Judged = list[tuple[dict[str, float], bool]]  # (scores, was refused)

# Knots kept per fit: enough to follow the curve within a hundredth, few enough to read
# quickly for every post the worker scores.
MAX_KNOTS = 50
PLACES = 6
# The worker refits a space whose fit is this old, or this many decisions behind.
REFIT_AFTER = timedelta(hours=24)
REFIT_BEHIND = 20
# Spaces refitted per worker run at most: the others wait for the next run.
REFITS_PER_RUN = 5


# --- applying a fit (pure) --------------------------------------------------------------


def calibrated(knots: Sequence[Sequence[float]], score: float) -> float:
    """The probability that the space's moderators refuse a post with this raw score.

    Linear between knots, the first (last) knot's probability below (above) them; in [0, 1].
    Without knots, the raw score itself, clipped.
    """
    score = float(score)
    if not knots:
        return min(max(score, 0.0), 1.0) if not math.isnan(score) else 0.0
    if math.isnan(score) or score <= knots[0][0]:
        value = float(knots[0][1])
    elif score >= knots[-1][0]:
        value = float(knots[-1][1])
    else:
        # knots[index - 1] lies at or left of the score, knots[index] right of it.
        index = bisect_right([knot[0] for knot in knots], score)
        (x0, y0), (x1, y1) = knots[index - 1][:2], knots[index][:2]
        value = float(y1) if x1 == x0 else y0 + (y1 - y0) * (score - x0) / (x1 - x0)
    return min(max(value, 0.0), 1.0)


def score_reaching(knots: Sequence[Sequence[float]], probability: float = 0.5) -> float | None:
    """The lowest raw score whose calibrated probability of refusal reaches `probability`;
    0.0 when every score does, None when none does (or without knots)."""
    if not knots:
        return None
    if knots[0][1] >= probability:
        return 0.0
    for (x0, y0), (x1, y1) in pairwise(knot[:2] for knot in knots):
        if y1 >= probability:
            return float(x0 + (x1 - x0) * (probability - y0) / (y1 - y0))
    return None


def brier(probabilities: Sequence[float], refused: Sequence[bool]) -> float:
    """Mean squared distance between a probability and what was decided (1 refused, 0 not)."""
    if not refused:
        return 0.0
    total = sum(
        (min(max(p, 0.0), 1.0) - float(r)) ** 2 for p, r in zip(probabilities, refused, strict=True)
    )
    return total / len(refused)


# --- fitting ------------------------------------------------------------------------------


def _simplify(xs: Any, ys: Any, limit: int) -> list[int]:
    """Indexes of at most `limit` breakpoints whose polyline stays closest to all of them.

    Greedy: from both ends, add the breakpoint farthest from the current polyline. A subset
    of non-decreasing points stays non-decreasing, so the fit stays a calibration.
    """
    import numpy as np

    count = len(xs)
    if count <= limit:
        return list(range(count))
    keep = [0, count - 1]
    while len(keep) < limit:
        error = np.abs(np.interp(xs, xs[keep], ys[keep]) - ys)
        error[keep] = -1.0
        worst = int(np.argmax(error))
        if error[worst] <= 1e-9:
            break
        insort(keep, worst)
    return keep


def fit_knots(scores: Sequence[float], refused: Sequence[bool]) -> Knots:
    """The isotonic fit of refusals on scores, as at most MAX_KNOTS [score, probability]."""
    # Imported here: scikit-learn takes a second to load, and only the fit needs it.
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    model = IsotonicRegression(increasing=True, out_of_bounds="clip", y_min=0, y_max=1)
    model.fit(np.asarray(scores, dtype=float), np.asarray(refused, dtype=float))
    xs, ys = model.X_thresholds_, model.y_thresholds_
    knots: Knots = []
    for index in _simplify(xs, ys, MAX_KNOTS):
        x, y = round(float(xs[index]), PLACES), round(float(ys[index]), PLACES)
        if knots and knots[-1][0] == x:
            knots[-1][1] = max(knots[-1][1], y)
        else:
            knots.append([x, y])
    return knots


def label_samples(judged: Judged, label: str) -> tuple[list[float], list[bool]]:
    """The label's scores and whether each post was refused, for decisions that scored it."""
    scores: list[float] = []
    refused: list[bool] = []
    for values, was_refused in judged:
        value = values.get(label)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            scores.append(float(value))
            refused.append(was_refused)
    return scores, refused


def labels_of(judged: Judged) -> list[str]:
    """The labels the decisions' scores hold: the model's in their usual order, then others."""
    found = {label for values, _refused in judged for label in values}
    order = {label: index for index, label in enumerate(LABELS)}
    return sorted(found, key=lambda label: (order.get(label, len(order)), label))


# --- reading and storing ------------------------------------------------------------------


def _judging() -> list[Any]:
    """Decisions that say whether a new post was acceptable (edits are judged otherwise)."""
    return [
        ModerationDecision.action.in_(JUDGING),
        ModerationDecision.revision_id.is_(None),
    ]


def judged_scores(session: Session, *, space_id: int) -> Judged:
    """(scores, was refused) of the space's latest judged decisions that have scores."""
    rows = session.execute(
        select(ModerationDecision.action, ModerationDecision.scores)
        .where(ModerationDecision.space_id == space_id, *_judging())
        .order_by(ModerationDecision.created_at.desc(), ModerationDecision.id.desc())
        .limit(MAX_DECISIONS)
    )
    return [(scores, action in REJECTING) for action, scores in rows if scores]


def refit_space(
    session: Session, *, space: Space, now: datetime, min_decisions: int
) -> list[SpaceScoreCalibration]:
    """Fit every label scored on at least `min_decisions` judged decisions of the space,
    replacing its previous fits; a label not fitted this time loses its old fit, so that
    below the minimum nothing is fitted. Flushes; the caller commits."""
    judged = judged_scores(session, space_id=space.id)
    existing = {fit.label: fit for fit in _fits_of(session, space_id=space.id)}
    fits: list[SpaceScoreCalibration] = []
    for label in labels_of(judged) if len(judged) >= min_decisions else []:
        scores, refused = label_samples(judged, label)
        if len(scores) < max(min_decisions, 1):
            continue
        knots = fit_knots(scores, refused)
        fit = existing.pop(label, None) or SpaceScoreCalibration(space_id=space.id, label=label)
        fit.knots = knots
        fit.decisions = len(scores)
        fit.refused = sum(refused)
        fit.fitted_at = now
        fit.brier_raw = brier(scores, refused)
        fit.brier_calibrated = brier([calibrated(knots, s) for s in scores], refused)
        session.add(fit)
        fits.append(fit)
    for stale in existing.values():
        session.delete(stale)
    session.flush()
    return fits


def _fits_of(session: Session, *, space_id: int) -> list[SpaceScoreCalibration]:
    return list(
        session.scalars(
            select(SpaceScoreCalibration).where(SpaceScoreCalibration.space_id == space_id)
        )
    )


def space_fits(session: Session, *, space: Space) -> dict[str, SpaceScoreCalibration]:
    """The space's fits by label (one query); empty while none was made."""
    return {fit.label: fit for fit in _fits_of(session, space_id=space.id)}


def has_fit(session: Session, *, space: Space) -> bool:
    return (
        session.scalar(
            select(SpaceScoreCalibration.id)
            .where(SpaceScoreCalibration.space_id == space.id)
            .limit(1)
        )
        is not None
    )


def fits_for(session: Session, *, space_ids: Iterable[int]) -> dict[int, dict[str, Knots]]:
    """space id -> label -> knots, for several spaces in one query (the worker's batch).
    A space without a fit is left out."""
    ids = set(space_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(
            SpaceScoreCalibration.space_id,
            SpaceScoreCalibration.label,
            SpaceScoreCalibration.knots,
        ).where(SpaceScoreCalibration.space_id.in_(ids))
    )
    fits: dict[int, dict[str, Knots]] = {}
    for space_id, label, knots in rows:
        fits.setdefault(space_id, {})[label] = knots
    return fits


# --- what the worker refits -----------------------------------------------------------------


def due_space_ids(session: Session, *, now: datetime, min_decisions: int) -> list[int]:
    """Spaces with at least `min_decisions` judged decisions with scores whose fit is
    missing, older than REFIT_AFTER, or REFIT_BEHIND decisions behind; never fitted first,
    then the oldest fits. One query."""
    fitted = (
        select(
            SpaceScoreCalibration.space_id,
            func.min(SpaceScoreCalibration.fitted_at).label("fitted_at"),
        )
        .group_by(SpaceScoreCalibration.space_id)
        .subquery()
    )
    # As judged_scores reads them: a decision taken while the score was unavailable
    # holds no scores (SQL NULL, JSON null or an empty object) and cannot be learnt from.
    scored = func.coalesce(cast(ModerationDecision.scores, Text), "null").not_in(("null", "{}"))
    newer = func.sum(case((ModerationDecision.created_at > fitted.c.fitted_at, 1), else_=0))
    rows = session.execute(
        select(ModerationDecision.space_id, fitted.c.fitted_at, newer)
        .outerjoin(fitted, fitted.c.space_id == ModerationDecision.space_id)
        .where(*_judging(), scored)
        .group_by(ModerationDecision.space_id, fitted.c.fitted_at)
        .having(func.count() >= min_decisions)
    ).all()
    due = [
        (fitted_at, space_id)
        for space_id, fitted_at, behind in rows
        if fitted_at is None or fitted_at < now - REFIT_AFTER or int(behind or 0) >= REFIT_BEHIND
    ]
    due.sort(key=lambda row: (row[0] is not None, row[0] or now, row[1]))
    return [space_id for _fitted_at, space_id in due]


def refit_due(
    session: Session, *, now: datetime, min_decisions: int, limit: int = REFITS_PER_RUN
) -> list[int]:
    """Refit the spaces that are due, `limit` at most; returns their ids. Flushes."""
    ids = due_space_ids(session, now=now, min_decisions=min_decisions)[:limit]
    if not ids:
        return []
    spaces = session.scalars(select(Space).where(Space.id.in_(ids))).all()
    for space in sorted(spaces, key=lambda space: ids.index(space.id)):
        refit_space(session, space=space, now=now, min_decisions=min_decisions)
    return [space.id for space in spaces]

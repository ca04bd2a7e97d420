"""A label's reliability chart: the model's raw score against the share moderators refused.

Everything the chart macro (templates/moderation/_reliability.html) shows is computed
here, in the reader's language: points for bins of scores, the calibrated curve, the
diagonal, ticks, the SVG's title and description, and the rows of the table that says
the same in text. Coordinates are in a fixed viewBox, so the SVG scales to any width
without script or style attributes (the CSP forbids both).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from community.moderation.models import SpaceScoreCalibration
from community.moderation.policy.score_calibration import (
    Judged,
    calibrated,
    label_samples,
    labels_of,
    score_reaching,
)
from community.moderation.scoring.detectors import label_name

BINS = 10
WIDTH, HEIGHT = 320, 310
# The plot area, square so that the diagonal runs at 45°; around it, the ticks and titles.
LEFT, RIGHT, TOP, BOTTOM = 62, 306, 12, 256
RADIUS_MIN, RADIUS_MAX = 3.0, 9.0
TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Bin:
    """Posts whose score lies in [low, high) (the last bin includes 1)."""

    low: float
    high: float
    posts: int
    refused: int
    mean_score: float

    @property
    def share(self) -> float:
        return self.refused / self.posts


def score_bins(scores: Sequence[float], refused: Sequence[bool], count: int = BINS) -> list[Bin]:
    """Equal-width bins of scores from 0 to 1, empty bins left out."""
    posts = [0] * count
    refusals = [0] * count
    totals = [0.0] * count
    for score, was_refused in zip(scores, refused, strict=True):
        score = min(max(score, 0.0), 1.0)
        index = min(int(score * count), count - 1)
        posts[index] += 1
        refusals[index] += int(was_refused)
        totals[index] += score
    return [
        Bin(index / count, (index + 1) / count, posts[index], refusals[index], totals[index] / n)
        for index, n in enumerate(posts)
        if n
    ]


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    r: float
    posts: int


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Row:
    scores: str
    posts: int
    refused: int
    share: str
    calibrated: str


@dataclass(frozen=True)
class ReliabilityChart:
    id: str  # unique in the page: the SVG's title and description ids start with it
    label: str
    name: str
    title: str
    desc: str
    points: tuple[Point, ...]
    curve: str  # "x,y x,y …" for a <polyline>; "" without a fit
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    rows: tuple[Row, ...]
    fit: SpaceScoreCalibration | None
    reaching: float | None  # the raw score at which the calibrated probability is 0.5
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM


def x_of(score: float) -> float:
    return round(LEFT + score * (RIGHT - LEFT), 1)


def y_of(share: float) -> float:
    return round(BOTTOM - share * (BOTTOM - TOP), 1)


def score_text(value: float) -> str:
    """0.625 → "0,63" in French, "0.63" in English."""
    return str(format_decimal(value, format="0.00"))


def percent(value: float) -> str:
    return str(format_percent(value))


def _desc(
    name: str, bins: list[Bin], fit: SpaceScoreCalibration | None, reaching: float | None
) -> str:
    posts = sum(b.posts for b in bins)
    parts = [
        _(
            "Axe horizontal : le score brut du modèle pour « %(label)s », de 0 à 1. Axe "
            "vertical : la part des messages que les modérateurs ont refusés, de %(none)s à "
            "%(all)s.",
            label=name,
            none=percent(0.0),
            all=percent(1.0),
        ),
        _(
            "Un point par tranche de scores, d’autant plus gros que la tranche compte de "
            "messages : %(posts)s messages en %(bins)s tranches, de %(low)s de refus entre "
            "%(low_from)s et %(low_to)s à %(high)s entre %(high_from)s et %(high_to)s.",
            posts=posts,
            bins=len(bins),
            low=percent(bins[0].share),
            low_from=score_text(bins[0].low),
            low_to=score_text(bins[0].high),
            high=percent(bins[-1].share),
            high_from=score_text(bins[-1].low),
            high_to=score_text(bins[-1].high),
        ),
        _(
            "La diagonale en pointillés montre des scores qui seraient exactement la part "
            "refusée : un point au-dessus, les modérateurs refusent plus que le score ne "
            "le dit ; au-dessous, moins."
        ),
    ]
    if fit is None:
        parts.append(_("Pas encore de courbe calibrée."))
    elif reaching is None:
        parts.append(
            _(
                "La courbe pleine est la calibration calculée sur vos décisions ; elle "
                "n’atteint jamais %(half)s de refus.",
                half=percent(0.5),
            )
        )
    else:
        parts.append(
            _(
                "La courbe pleine est la calibration calculée sur vos décisions ; elle "
                "atteint %(half)s de refus au score %(score)s.",
                half=percent(0.5),
                score=score_text(reaching),
            )
        )
    return " ".join(parts)


def chart(
    label: str, scores: Sequence[float], refused: Sequence[bool], fit: SpaceScoreCalibration | None
) -> ReliabilityChart | None:
    """The chart of one label, or None when no decision scored it."""
    bins = score_bins(scores, refused)
    if not bins:
        return None
    name = str(label_name(label))
    largest = max(b.posts for b in bins)
    points = tuple(
        Point(
            x_of(b.mean_score),
            y_of(b.share),
            round(RADIUS_MIN + (RADIUS_MAX - RADIUS_MIN) * math.sqrt(b.posts / largest), 1),
            b.posts,
        )
        for b in bins
    )
    knots = fit.knots if fit is not None else []
    # The curve from 0 to 1: flat beyond the knots, as calibrated() reads it.
    corners = [0.0, *(knot[0] for knot in knots), 1.0] if knots else []
    curve = " ".join(f"{x_of(x)},{y_of(calibrated(knots, x))}" for x in corners)
    reaching = score_reaching(knots) if knots else None
    rows = tuple(
        Row(
            scores=_("%(low)s à %(high)s", low=score_text(b.low), high=score_text(b.high)),
            posts=b.posts,
            refused=b.refused,
            share=percent(b.share),
            calibrated=percent(calibrated(knots, b.mean_score)) if knots else "—",
        )
        for b in bins
    )
    return ReliabilityChart(
        id="reliability-" + re.sub(r"[^a-z]", "-", label.lower()),
        label=label,
        name=name,
        title=_("%(label)s : score du modèle et part des messages refusés", label=name),
        desc=_desc(name, bins, fit, reaching),
        points=points,
        curve=curve,
        x_ticks=tuple(Tick(x_of(t), str(format_decimal(t))) for t in TICKS),
        y_ticks=tuple(Tick(y_of(t), percent(t)) for t in TICKS),
        rows=rows,
        fit=fit,
        reaching=reaching,
    )


def charts(judged: Judged, fits: Mapping[str, SpaceScoreCalibration]) -> list[ReliabilityChart]:
    """One chart per label the decisions' scores hold, in the model's order."""
    drawn = []
    for label in labels_of(judged):
        scores, refused = label_samples(judged, label)
        drawn_chart = chart(label, scores, refused, fits.get(label))
        if drawn_chart is not None:
            drawn.append(drawn_chart)
    return drawn

"""A data card's snapshot made ready to draw: scaled lines, ticks, a summary, table rows.

Everything the card macro (templates/selfdata/_card.html) shows is computed here from
the snapshot alone, in the reader's language; the template only writes it out, with
autoescape, as inline SVG and HTML. Numbers are placed in a fixed viewBox, so the SVG
scales to any width without script or style attributes (the CSP forbids both).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from community.selfdata.anonymizer import card_title
from community.selfdata.kanonymity import band_label
from community.selfdata.records import SERIES

WIDTH, HEIGHT = 320, 160
# The plot area inside the viewBox; around it, room for the value and day labels.
LEFT, RIGHT, TOP, BOTTOM = 50, 312, 10, 130
# Points keep this far from the axes, so that no dot sits on an axis line.
INSET = 6
DAY_STEPS = (1, 2, 5, 7, 14, 30, 60, 90, 180, 365, 730, 1825)
MAX_DOTS = 60  # beyond, markers would blur into the line


@dataclass(frozen=True)
class Tick:
    at: float  # x (day ticks) or y (value ticks) in the viewBox
    label: str


@dataclass(frozen=True)
class Line:
    points: str  # "x,y x,y …" for a <polyline>; "" for a single point
    dots: tuple[tuple[float, float], ...]  # point markers, when few enough to see
    dashed: bool  # diastolic pressure: dashed and hollow, so colour is never needed


@dataclass(frozen=True)
class Row:
    day: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    id: str  # unique in the page: the SVG's title and summary ids start with it
    label: str
    unit: str
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    summary: str
    legend: str
    columns: tuple[str, ...]  # table headers after the day
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Frame:
    """The viewBox and the plot area inside it, for the chart macro."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM


FRAME = Frame()


@dataclass(frozen=True)
class CardPresentation:
    id: str
    title: str
    about: str  # condition · age band · sex
    charts: tuple[Chart, ...]
    treatments: tuple[str, ...]
    symptoms: tuple[str, ...]
    labs: tuple[str, ...]
    notes_kept: bool
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM


# --- words and numbers -------------------------------------------------------------------


def number(value: float) -> str:
    """7.2 → "7,2" in French, "7.2" in English."""
    return str(format_decimal(round(value, 6)))


def day_label(day: int) -> str:
    if day == 0:
        return _("J0")
    if day > 0:
        return _("J+%(days)s", days=day)
    return _("J−%(days)s", days=-day)


DayText = Callable[[int], str]


class DayLabels(NamedTuple):
    """How a chart names its days: on the axis (short) and in sentences and tables."""

    tick: DayText
    text: DayText
    dated: bool = False  # "du 3 mars au 9 avril" rather than "de J0 à J+37"


# A card counts days from its first point, and never shows a date.
CARD_DAYS = DayLabels(day_label, day_label)


def dated(first: date) -> DayLabels:
    """Days as dates, counted from `first`: the owner's own charts, never a card's."""

    def tick(day: int) -> str:
        return str(format_date(first + timedelta(days=day), "d MMM"))

    def text(day: int) -> str:
        return str(format_date(first + timedelta(days=day), "d MMMM yyyy"))

    return DayLabels(tick, text, dated=True)


def with_unit(value: str, unit: str) -> str:
    if not unit:
        return value
    return f"{value}{unit}" if unit.startswith("/") else f"{value} {unit}"


def _about(snapshot: dict[str, Any]) -> str:
    parts = [str(snapshot.get("condition") or "")]
    age = snapshot.get("age")
    if age:
        parts.append(band_label((int(age["low"]), int(age["high"]))))
    sex = snapshot.get("sex")
    if sex == "F":
        parts.append(_("femme"))
    elif sex == "M":
        parts.append(_("homme"))
    return " · ".join(part for part in parts if part)


# --- scales --------------------------------------------------------------------------


def _value_ticks(low: float, high: float) -> list[float]:
    """Three to five round values covering [low, high]: 1, 2, 2.5 or 5 times a power of ten."""
    if high - low <= 0:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / 3
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    count = max(1, math.ceil(round((high - first) / step, 9)))
    places = max(0, 2 - math.floor(math.log10(step)))
    return [round(first + i * step, places) for i in range(count + 1)]


def _day_ticks(first: int, last: int) -> list[int]:
    span = max(last - first, 1)
    step = next((s for s in DAY_STEPS if span / s <= 4), DAY_STEPS[-1])
    start = math.ceil(first / step) * step
    return list(range(start, last + 1, step))


class _Scale:
    def __init__(self, days: tuple[int, int], values: tuple[float, float]) -> None:
        first, last = days
        # A single day sits in the middle rather than on the axis.
        self.days = (first - 1, last + 1) if first == last else (first, last)
        self.values = values

    def x(self, day: float) -> float:
        low, high = self.days
        return round(LEFT + INSET + (day - low) / (high - low) * (RIGHT - LEFT - INSET), 1)

    def y(self, value: float) -> float:
        low, high = self.values
        return round(BOTTOM - INSET - (value - low) / (high - low) * (BOTTOM - TOP - INSET), 1)


# --- one series ----------------------------------------------------------------------


def _trend(points: list[tuple[int, float]], step: float) -> str:
    """From the least-squares slope: the change it predicts over the period, against the range."""
    days = [d for d, _v in points]
    values = [v for _d, v in points]
    mean_day, mean_value = sum(days) / len(days), sum(values) / len(values)
    spread = sum((d - mean_day) ** 2 for d in days)
    if spread == 0:
        return _("stable")
    slope = sum((d - mean_day) * (v - mean_value) for d, v in points) / spread
    change = slope * (max(days) - min(days))
    # A change smaller than half the range, or than the rounding, is noise.
    if abs(change) < max((max(values) - min(values)) / 2, step):
        return _("stable")
    return _("en hausse") if change > 0 else _("en baisse")


def _summary(unit: str, points: list[list[Any]], two: bool, step: float, days_as: DayLabels) -> str:
    firsts = [(int(p[0]), float(p[1])) for p in points]
    seconds = [float(p[2]) for p in points if len(p) > 2 and p[2] is not None]
    day_text = days_as.text
    if len(points) == 1:
        value = number(firsts[0][1]) + (f" / {number(seconds[0])}" if seconds else "")
        if days_as.dated:
            return _(
                "Une seule mesure, le %(day)s : %(value)s.",
                day=day_text(firsts[0][0]),
                value=with_unit(value, unit),
            )
        return _(
            "Une seule mesure, à %(day)s : %(value)s.",
            day=day_text(firsts[0][0]),
            value=with_unit(value, unit),
        )
    values = [v for _d, v in firsts]
    common = {
        "count": len(points),
        "first": day_text(min(d for d, _v in firsts)),
        "last": day_text(max(d for d, _v in firsts)),
        "trend": _trend(firsts, step),
        "low": number(min(values)),
        "high": with_unit(number(max(values)), unit),
    }
    if two and seconds:
        pressure = {
            "low2": number(min(seconds)),
            "high2": with_unit(number(max(seconds)), unit),
        }
        if days_as.dated:
            return _(
                "%(count)s mesures du %(first)s au %(last)s, systolique de %(low)s à %(high)s, "
                "diastolique de %(low2)s à %(high2)s, %(trend)s.",
                **common,
                **pressure,
            )
        return _(
            "%(count)s mesures de %(first)s à %(last)s, systolique de %(low)s à %(high)s, "
            "diastolique de %(low2)s à %(high2)s, %(trend)s.",
            **common,
            **pressure,
        )
    if days_as.dated:
        return _(
            "%(count)s mesures du %(first)s au %(last)s, de %(low)s à %(high)s, %(trend)s.",
            **common,
        )
    return _(
        "%(count)s mesures de %(first)s à %(last)s, de %(low)s à %(high)s, %(trend)s.",
        **common,
    )


def _line(scale: _Scale, pairs: list[tuple[int, float]], dashed: bool) -> Line:
    xy = [(scale.x(day), scale.y(value)) for day, value in pairs]
    points = " ".join(f"{x},{y}" for x, y in xy) if len(xy) > 1 else ""
    dots = tuple(xy) if len(xy) <= MAX_DOTS else ()
    return Line(points, dots, dashed)


def _chart(
    card_id: str,
    index: int,
    series: dict[str, Any],
    days: tuple[int, int],
    days_as: DayLabels = CARD_DAYS,
) -> Chart:
    key = str(series.get("key", ""))
    known = SERIES.get(key)
    label = str(series.get("label") or "") if key == "custom" or known is None else str(known.label)
    unit = str(series.get("unit") or "")
    points: list[list[Any]] = [p for p in series.get("points", []) if len(p) >= 2]
    two = bool(known and known.two_values)
    firsts = [(int(p[0]), float(p[1])) for p in points]
    seconds = [(int(p[0]), float(p[2])) for p in points if len(p) > 2 and p[2] is not None]
    everything = [v for _d, v in firsts + seconds]
    ticks = _value_ticks(min(everything), max(everything))
    scale = _Scale(days, (ticks[0], ticks[-1]))
    lines = [_line(scale, firsts, dashed=False)]
    if seconds:
        lines.append(_line(scale, seconds, dashed=True))
    step = known.step.get(unit, 0.0) if known else 0.0
    columns: tuple[str, ...]
    if two:
        columns = (
            _("systolique (%(unit)s)", unit=unit),
            _("diastolique (%(unit)s)", unit=unit),
        )
    else:
        columns = (f"{label} ({unit})" if unit else label,)
    rows = tuple(
        Row(
            days_as.text(int(p[0])),
            tuple(number(float(v)) if v is not None else "—" for v in p[1:]),
        )
        for p in points
    )
    return Chart(
        id=f"{card_id}-s{index}",
        label=label,
        unit=unit,
        lines=tuple(lines),
        x_ticks=tuple(Tick(scale.x(d), days_as.tick(d)) for d in _day_ticks(*days)),
        y_ticks=tuple(Tick(scale.y(v), number(v)) for v in ticks),
        summary=_summary(unit, points, two, step, days_as),
        legend=_("Trait plein : systolique ; pointillés : diastolique.") if seconds else "",
        columns=columns,
        rows=rows,
    )


# --- lists ---------------------------------------------------------------------------


def _treatment(item: dict[str, Any]) -> str:
    start, stop = item.get("start_day"), item.get("stop_day")
    name = str(item.get("name", ""))
    if stop is None:
        text = _("%(name)s, depuis %(start)s", name=name, start=day_label(int(start or 0)))
    else:
        text = _(
            "%(name)s, de %(start)s à %(stop)s",
            name=name,
            start=day_label(int(start or 0)),
            stop=day_label(int(stop)),
        )
    if item.get("dose"):
        text += " — " + _("dose : %(dose)s", dose=item["dose"])
    return text


def _symptom(item: dict[str, Any]) -> str:
    text = _(
        "%(day)s : %(symptom)s, intensité %(intensity)s/10",
        day=day_label(int(item.get("day", 0))),
        symptom=item.get("symptom", ""),
        intensity=item.get("intensity", 0),
    )
    return text + (f" — {item['note']}" if item.get("note") else "")


def _lab(item: dict[str, Any]) -> str:
    value = item.get("value")
    result = (
        with_unit(number(float(value)), str(item.get("unit") or ""))
        if value is not None
        else str(item.get("value_text") or "")
    )
    return _(
        "%(day)s : %(test)s, %(result)s",
        day=day_label(int(item.get("day", 0))),
        test=item.get("test", ""),
        result=result,
    )


def present(snapshot: dict[str, Any]) -> CardPresentation:
    """Everything the card macro shows, from a snapshot (version 1), in the reader's language."""
    # Ids from the content: stable between renders, and two cards on a page differ.
    # Letters only: an id never spells a number a reader could take for a value or a year.
    digest = hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()
    card_id = "card-" + "".join(chr(ord("a") + int(char, 16)) for char in digest[:12])
    drawn = [s for s in snapshot.get("series", []) if any(len(p) >= 2 for p in s["points"])]
    all_days = [int(p[0]) for s in drawn for p in s["points"]]
    # One day axis for every chart of the card, so that they line up.
    days = (min(all_days), max(all_days)) if all_days else (0, 0)
    return CardPresentation(
        id=card_id,
        title=card_title(snapshot),
        about=_about(snapshot),
        charts=tuple(_chart(card_id, i, s, days) for i, s in enumerate(drawn)),
        treatments=tuple(_treatment(t) for t in snapshot.get("treatments", [])),
        symptoms=tuple(_symptom(s) for s in snapshot.get("symptoms", [])),
        labs=tuple(_lab(lab) for lab in snapshot.get("labs", [])),
        notes_kept=bool(snapshot.get("notes_kept")),
    )


def own_charts(chart_id: str, series: Sequence[dict[str, Any]], first: date) -> tuple[Chart, ...]:
    """The owner's series (a snapshot's shape, days counted from `first`), drawn as cards
    are, on one day axis, with dates."""
    drawn = [s for s in series if any(len(p) >= 2 for p in s["points"])]
    all_days = [int(p[0]) for s in drawn for p in s["points"]]
    days = (min(all_days), max(all_days)) if all_days else (0, 0)
    return tuple(_chart(chart_id, i, s, days, dated(first)) for i, s in enumerate(drawn))

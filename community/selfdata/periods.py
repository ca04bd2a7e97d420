"""The vault seen whole by its owner: each series over a period, and a summary to print.

Nothing here is anonymized: it is the owner's own data, shown to the owner (to print for
a doctor or a town hall), never to anyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.kernel.clock import to_local, to_utc
from community.selfdata import store
from community.selfdata.anonymizer import thin
from community.selfdata.records import (
    SERIES,
    Category,
    LabResult,
    Measurement,
    Profile,
    Symptom,
    Treatment,
)

# The periods a member may pick, by the word the address carries.
PERIODS: dict[str, int | None] = {"30": 30, "90": 90, "365": 365, "tout": None}
DEFAULT_PERIOD = "90"


@dataclass(frozen=True)
class SeriesFigures:
    """One series' figures over the period, for the printed summary's table."""

    key: str
    label: str
    unit: str
    count: int
    low: float
    mean: float
    high: float
    last: float
    last_second: float | None  # diastolic, for blood pressure
    last_on: date


@dataclass(frozen=True)
class Period:
    start: date  # the first day shown (the first record's, for "tout")
    end: date
    series: tuple[dict[str, Any], ...]  # as a card's snapshot holds them, days from `start`
    figures: tuple[SeriesFigures, ...]
    treatments: tuple[Treatment, ...]  # those running at some point of the period
    symptoms: tuple[Symptom, ...]
    labs: tuple[LabResult, ...]
    profile: Profile

    @property
    def empty(self) -> bool:
        return not (self.series or self.treatments or self.symptoms or self.labs)


def _label(measurement: Measurement) -> str:
    if measurement.series == "custom" or measurement.series not in SERIES:
        return measurement.label or measurement.series
    return str(SERIES[measurement.series].label)


def _group(
    measurements: list[tuple[date, Measurement]], start: date
) -> tuple[tuple[dict[str, Any], ...], tuple[SeriesFigures, ...]]:
    groups: dict[tuple[str, str, str], list[tuple[date, Measurement]]] = {}
    for day, m in measurements:
        groups.setdefault((m.series, m.label if m.series == "custom" else "", m.unit), []).append(
            (day, m)
        )
    order = list(SERIES)
    series, figures = [], []
    for (key, label, unit), found in sorted(
        groups.items(),
        key=lambda item: (order.index(item[0][0]) if item[0][0] in order else 99, item[0][1:]),
    ):
        two = key in SERIES and SERIES[key].two_values
        points: list[list[Any]] = []
        for day, m in found:
            point: list[Any] = [(day - start).days, m.value]
            if two and m.value2 is not None:
                point.append(m.value2)
            points.append(point)
        series.append({"key": key, "label": label, "unit": unit, "points": thin(points)})
        values = [m.value for _day, m in found]
        last_day, last = found[-1]
        figures.append(
            SeriesFigures(
                key=key,
                label=_label(last),
                unit=unit,
                count=len(found),
                low=min(values),
                mean=sum(values) / len(values),
                high=max(values),
                last=last.value,
                last_second=last.value2 if two else None,
                last_on=last_day,
            )
        )
    return tuple(series), tuple(figures)


def records_over(session: Session, *, owner: Member, days: int | None, today: date) -> Period:
    """The owner's records of the last `days` days (all of them for None), ready to draw."""
    first = today - timedelta(days=days - 1) if days else None
    after = to_utc(today + timedelta(days=1), None) - timedelta(microseconds=1)
    since = to_utc(first, None) if first else None
    found = store.records(
        session, owner=owner, category=Category.MEASUREMENT, start=since, end=after
    )
    measurements = [
        (to_local(stored.record.at).date(), stored.record)
        for stored in found
        if isinstance(stored.record, Measurement)
    ]
    day_start = datetime.combine(first, time()) if first else None
    day_end = datetime.combine(today, time())
    kept: dict[Category, list[Any]] = {}
    for category in (Category.SYMPTOM, Category.LAB):
        kept[category] = [
            stored.record
            for stored in store.records(
                session, owner=owner, category=category, start=day_start, end=day_end
            )
        ]
    treatments = [
        stored.record
        for stored in store.records(session, owner=owner, category=Category.TREATMENT, end=day_end)
        if isinstance(stored.record, Treatment)
        and (first is None or stored.record.stop is None or stored.record.stop >= first)
    ]
    if first is None:
        days_seen = [day for day, _m in measurements]
        days_seen += [record.on for record in kept[Category.SYMPTOM] + kept[Category.LAB]]
        days_seen += [t.start for t in treatments]
        first = min(days_seen, default=today)
    series, figures = _group(measurements, first)
    return Period(
        start=first,
        end=today,
        series=series,
        figures=figures,
        treatments=tuple(sorted(treatments, key=lambda t: (t.start, t.name))),
        symptoms=tuple(kept[Category.SYMPTOM]),
        labs=tuple(kept[Category.LAB]),
        profile=store.load_profile(session, owner=owner),
    )

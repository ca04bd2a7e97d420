"""The anonymizer: a member's records for a period, made into a data card's frozen snapshot.

Dates become days after the first point shown (J0), the age a band, values are rounded,
free text goes (or is scrubbed when the member keeps it), and what the card says about
its author — age band, sex, condition — must be shared by at least k members of the
space, or it is coarsened, or the card is refused. The snapshot format (version 1) is
described in the helpers' common rules; everything that shows a card reads only it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from community.kernel.clock import to_local
from community.selfdata.kanonymity import generalize
from community.selfdata.records import (
    SERIES,
    LabResult,
    Measurement,
    Profile,
    Record,
    Symptom,
    Treatment,
)
from community.selfdata.scrub import Scrubbed, scrub, scrub_note

VERSION = 1
MAX_POINTS = 400  # per series: a card stays light to seal, send and draw
NAME_LIMIT = 60
NOTE_LIMIT = 300
UNIT_LIMIT = 20
TITLE_LIMIT = 160  # DataCard.title


@dataclass(frozen=True)
class CardRequest:
    series: tuple[str, ...]  # SERIES keys chosen
    start: date  # inclusive, the member's local days
    end: date  # inclusive
    treatments: bool = False
    symptoms: bool = False
    labs: bool = False
    keep_sex: bool = False
    keep_text: bool = False


@dataclass(frozen=True)
class NoteChange:
    """A kept note that scrubbing changed, as its author is told in the preview only."""

    about: str  # what the note belongs to, as the card names it: "Fatigue, J+2"
    shown: str  # the note on the card; "" when it was left off
    removed: str  # "1 nom, 1 lieu"; "" when nothing was
    doubt: str  # the word that made the note be left off, or ""


@dataclass(frozen=True)
class Anonymized:
    snapshot: dict[str, Any] | None  # None when refused
    refusal: str | None  # why, for the member, when refused
    coarsened: tuple[str, ...]  # what was generalized and why
    # Never part of the snapshot: what scrubbing took out of the member's notes.
    notes: tuple[NoteChange, ...] = ()


# --- values --------------------------------------------------------------------------


def round_to_step(value: float, step: float) -> float:
    """`value` to the nearest multiple of `step`, without float noise (7.300000000000001)."""
    places = max(0, -int(Decimal(str(step)).as_tuple().exponent))
    return float(round(round(value / step) * step, places))


def two_significant(value: float) -> float:
    """Two significant digits: a custom measurement or a lab result, whose scale we do not know."""
    if not math.isfinite(value):
        return 0.0
    # Nor finer than a thousandth: 3e-50 is a typing slip, not a measurement.
    return round(float(f"{value:.2g}"), 3) + 0.0


def _rounder(key: str, unit: str) -> Any:
    step = SERIES[key].step.get(unit) if key in SERIES else None
    if step:
        return lambda value: round_to_step(value, step)
    return two_significant


# --- the period ------------------------------------------------------------------------


@dataclass
class _Chosen:
    measurements: list[tuple[date, Measurement]]
    treatments: list[Treatment]
    symptoms: list[Symptom]
    labs: list[LabResult]


def _choose(records: Sequence[Record], request: CardRequest) -> _Chosen:
    chosen = _Chosen([], [], [], [])
    start, end = request.start, request.end
    for record in records:
        if isinstance(record, Measurement):
            day = to_local(record.at).date()
            if record.series in request.series and start <= day <= end:
                chosen.measurements.append((day, record))
        elif isinstance(record, Treatment):
            overlaps = record.start <= end and (record.stop is None or record.stop >= start)
            if request.treatments and overlaps:
                chosen.treatments.append(record)
        elif isinstance(record, Symptom):
            if request.symptoms and start <= record.on <= end:
                chosen.symptoms.append(record)
        elif isinstance(record, LabResult) and request.labs and start <= record.on <= end:
            chosen.labs.append(record)
    chosen.measurements.sort(key=lambda pair: pair[1].at)
    chosen.treatments.sort(key=lambda t: (t.start, t.name))
    chosen.symptoms.sort(key=lambda s: (s.on, s.symptom))
    chosen.labs.sort(key=lambda lab: (lab.on, lab.test))
    return chosen


def _first_day(chosen: _Chosen, request: CardRequest) -> date:
    days = [day for day, _m in chosen.measurements]
    days += [s.on for s in chosen.symptoms] + [lab.on for lab in chosen.labs]
    if days:
        return min(days)
    # Treatments only: the first day one of them is seen in the period.
    return min(max(t.start, request.start) for t in chosen.treatments)


def _last_day(chosen: _Chosen, request: CardRequest) -> date:
    days = [day for day, _m in chosen.measurements]
    days += [s.on for s in chosen.symptoms] + [lab.on for lab in chosen.labs]
    days += [min(t.stop or request.end, request.end) for t in chosen.treatments]
    return max(days)


# --- series ----------------------------------------------------------------------------


def thin(points: list[list[Any]]) -> list[list[Any]]:
    """At most MAX_POINTS: one mean per day, then per run of days, beyond it."""
    if len(points) <= MAX_POINTS:
        return points
    first, last = points[0][0], points[-1][0]
    width = 1
    while (last - first) // width + 1 > MAX_POINTS:
        width += 1
    buckets: dict[int, list[list[Any]]] = defaultdict(list)
    for point in points:
        buckets[first + (point[0] - first) // width * width].append(point)
    thinned = []
    for day in sorted(buckets):
        group = buckets[day]
        mean = [day, sum(p[1] for p in group) / len(group)]
        seconds = [p[2] for p in group if len(p) > 2 and p[2] is not None]
        if seconds:
            mean.append(sum(seconds) / len(seconds))
        thinned.append(mean)
    return thinned


def _series(chosen: _Chosen, request: CardRequest, j0: date, identifiers: Sequence[str]) -> list:
    # One line per series and unit (and per name, for custom measurements).
    groups: dict[tuple[str, str, str], list[list[Any]]] = {}
    for day, m in chosen.measurements:
        label = (
            scrub(m.label, identifiers=identifiers, limit=NAME_LIMIT)
            if m.series == "custom"
            else ""
        )
        unit = scrub(m.unit, identifiers=identifiers, limit=UNIT_LIMIT)
        point: list[Any] = [(day - j0).days, m.value]
        if m.value2 is not None and SERIES[m.series].two_values:
            point.append(m.value2)
        groups.setdefault((m.series, label, unit), []).append(point)
    order = {key: index for index, key in enumerate(request.series)}
    result = []
    for (key, label, unit), points in sorted(
        groups.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1], item[0][2])
    ):
        rounded = _rounder(key, unit)
        result.append(
            {
                "key": key,
                "label": label,
                "unit": unit,
                "points": [[p[0], *(rounded(v) for v in p[1:])] for p in thin(points)],
            }
        )
    return result


_KIND_NAMES = {
    "name": lambda n: ngettext("%(num)d nom", "%(num)d noms", n),
    "address": lambda n: ngettext("%(num)d adresse", "%(num)d adresses", n),
    "place": lambda n: ngettext("%(num)d lieu", "%(num)d lieux", n),
    "phone": lambda n: ngettext("%(num)d numéro de téléphone", "%(num)d numéros de téléphone", n),
    "email": lambda n: ngettext("%(num)d adresse e-mail", "%(num)d adresses e-mail", n),
    "date": lambda n: ngettext("%(num)d date", "%(num)d dates", n),
    "age": lambda n: ngettext("%(num)d âge", "%(num)d âges", n),
    "number": lambda n: ngettext("%(num)d numéro", "%(num)d numéros", n),
    "link": lambda n: ngettext("%(num)d lien", "%(num)d liens", n),
    "own": lambda n: ngettext(
        "%(num)d mot de votre adresse e-mail", "%(num)d mots de votre adresse e-mail", n
    ),
}


def _removed_words(kinds: Sequence[str]) -> str:
    counts = {kind: kinds.count(kind) for kind in _KIND_NAMES if kind in kinds}
    return ", ".join(_KIND_NAMES[kind](count) for kind, count in counts.items())


class _Notes:
    """Kept notes scrubbed one by one, and what changed in each, for the preview."""

    def __init__(self, keep: bool, identifiers: Sequence[str]) -> None:
        self.keep = keep
        self.identifiers = identifiers
        self.changes: list[NoteChange] = []

    def __call__(self, text: str, about: str, limit: int) -> str:
        if not self.keep or not text.strip():
            return ""
        result: Scrubbed = scrub_note(text, identifiers=self.identifiers, limit=limit)
        if result.removed or result.doubt:
            removed = _removed_words(result.removed)
            self.changes.append(NoteChange(about, result.text, removed, result.doubt))
        return result.text


def _day(days: int) -> str:
    # As charts.day_label writes it (which reads this module, hence not imported).
    return _("J+%(days)s", days=days) if days else _("J0")


def _treatments(chosen: _Chosen, j0: date, notes: _Notes, identifiers: Sequence[str]) -> list:
    result = []
    for t in chosen.treatments:
        name = scrub(t.name, identifiers=identifiers, limit=NAME_LIMIT)
        start = (t.start - j0).days
        result.append(
            {
                "name": name,
                "start_day": start,
                "stop_day": (t.stop - j0).days if t.stop else None,
                "dose": notes(t.dose, f"{name}, {_day(start)}", NAME_LIMIT),
            }
        )
    return result


def _symptoms(chosen: _Chosen, j0: date, notes: _Notes, identifiers: Sequence[str]) -> list:
    result = []
    for s in chosen.symptoms:
        symptom = scrub(s.symptom, identifiers=identifiers, limit=NAME_LIMIT)
        day = (s.on - j0).days
        result.append(
            {
                "day": day,
                "symptom": symptom,
                "intensity": int(s.intensity),
                "note": notes(s.note, f"{symptom}, {_day(day)}", NOTE_LIMIT),
            }
        )
    return result


def _labs(chosen: _Chosen, j0: date, identifiers: Sequence[str]) -> list:
    return [
        {
            "day": (lab.on - j0).days,
            "test": scrub(lab.test, identifiers=identifiers, limit=NAME_LIMIT),
            "value": two_significant(lab.value) if lab.value is not None else None,
            "unit": scrub(lab.unit, identifiers=identifiers, limit=UNIT_LIMIT),
            # A result in words ("négatif") is the result, not a note: kept, scrubbed.
            "value_text": scrub(lab.value_text, identifiers=identifiers, limit=NAME_LIMIT),
        }
        for lab in chosen.labs
    ]


def card_title(snapshot: dict[str, Any]) -> str:
    """What the card holds and for how long ("Glycémie, Poids · 90 jours"), never a date."""
    names: list[str] = []
    for series in snapshot.get("series", []):
        key = series.get("key", "")
        known = SERIES.get(key)
        name = series.get("label") if key == "custom" or known is None else str(known.label)
        if name and name not in names:
            names.append(name)
    for part, word in (
        ("treatments", _("traitements")),
        ("symptoms", _("symptômes")),
        ("labs", _("analyses")),
    ):
        if snapshot.get(part):
            names.append(word)
    what = ", ".join(names)
    what = what[:1].upper() + what[1:]
    days = int(snapshot.get("period_days", 1))
    length = ngettext("%(num)s jour", "%(num)s jours", days)
    if len(what) + len(length) + 3 > TITLE_LIMIT:
        what = what[: TITLE_LIMIT - len(length) - 4].rstrip(", ") + "…"
    return f"{what} · {length}"


# --- the card ----------------------------------------------------------------------------


def anonymize(
    records: Sequence[Record],
    *,
    profile: Profile,
    population: Sequence[Profile],
    space_members: int,
    condition: str,
    request: CardRequest,
    k: int,
    today: date,
    identifiers: Sequence[str] = (),
) -> Anonymized:
    """The snapshot a card would show, or why it cannot be made.

    Outside a request (the demo, a command) the locale selector answers the site's default
    language, so the texts are French there.
    """
    if request.end < request.start:
        return Anonymized(None, _("La fin de la période est avant son début."), ())
    unknown = [key for key in request.series if key not in SERIES]
    if unknown:
        return Anonymized(None, _("Série inconnue : %(key)s.", key=", ".join(unknown)), ())
    chosen = _choose(records, request)
    if not (chosen.measurements or chosen.treatments or chosen.symptoms or chosen.labs):
        return Anonymized(
            None,
            _(
                "Aucune donnée dans cette période : choisissez d’autres séries ou une autre "
                "période."
            ),
            (),
        )
    shown = generalize(
        profile, population, space_members, keep_sex=request.keep_sex, k=k, today=today
    )
    if isinstance(shown, str):
        return Anonymized(None, shown, ())
    band, sex, coarsened = shown
    j0 = _first_day(chosen, request)
    notes = _Notes(request.keep_text, identifiers)
    snapshot: dict[str, Any] = {
        "v": VERSION,
        "title": "",
        "period_days": (_last_day(chosen, request) - j0).days + 1,
        "condition": condition[:TITLE_LIMIT],
        "age": {"low": band[0], "high": band[1]} if band else None,
        "sex": sex,
        "series": _series(chosen, request, j0, identifiers),
        "treatments": _treatments(chosen, j0, notes, identifiers),
        "symptoms": _symptoms(chosen, j0, notes, identifiers),
        "labs": _labs(chosen, j0, identifiers),
        "notes_kept": request.keep_text,
    }
    snapshot["title"] = card_title(snapshot)
    return Anonymized(snapshot, None, tuple(coarsened), tuple(notes.changes))

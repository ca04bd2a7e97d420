"""What a vault holds once decrypted: plain records, and the series a member may keep.

This vocabulary is shared by the forms, the importers, the store and the anonymizer, so
that a unit, a bound or a rounding step is written down once.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l


class Category(enum.StrEnum):
    MEASUREMENT = "measurement"
    TREATMENT = "treatment"
    SYMPTOM = "symptom"
    LAB = "lab"
    CONDITION = "condition"  # a diagnosis: "Diabète de type 2, depuis 2019"


class Precision(enum.StrEnum):
    """How much of a date is known: FHIR allows a year ("2019") or a month ("2019-03")."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def partial_iso(day: date, precision: Precision) -> str:
    """A date written with only what is known of it: "2019", "2019-03" or "2019-03-12"."""
    if precision is Precision.YEAR:
        return f"{day.year:04d}"
    if precision is Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def parse_partial_iso(text: str) -> tuple[date, Precision] | None:
    """The inverse of partial_iso: the first day of what is known, and how much is known."""
    found = _PARTIAL.fullmatch(text.strip())
    if found is None:
        return None
    year, month, day = found.groups()
    try:
        value = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    if day is not None:
        return value, Precision.DAY
    return value, Precision.MONTH if month is not None else Precision.YEAR


@dataclass(frozen=True)
class Series:
    """A kind of measurement: its name, the units it accepts, what is plausible."""

    key: str
    label: object  # a lazy string: shown in the member's language
    units: tuple[str, ...]  # the first is the default
    # Plausible bounds per unit: a value outside is a typing or import error.
    bounds: dict[str, tuple[float, float]]
    # Rounding on a data card, per unit: clinically meaningful, and coarse enough that
    # a card's values cannot be matched against an exact record elsewhere.
    step: dict[str, float]
    # Blood pressure carries two values (systolic, diastolic).
    two_values: bool = False
    aliases: dict[str, str] = field(default_factory=dict)  # typed unit → canonical unit


SERIES: dict[str, Series] = {
    s.key: s
    for s in (
        Series(
            "glucose",
            _l("Glycémie"),
            ("mg/dL", "mmol/L", "g/L"),
            {"mg/dL": (10, 1000), "mmol/L": (0.5, 55), "g/L": (0.1, 10)},
            {"mg/dL": 5, "mmol/L": 0.2, "g/L": 0.05},
        ),
        Series(
            "hba1c",
            _l("HbA1c"),
            ("%", "mmol/mol"),
            {"%": (3, 20), "mmol/mol": (9, 195)},
            {"%": 0.1, "mmol/mol": 1},
        ),
        Series("weight", _l("Poids"), ("kg",), {"kg": (1, 400)}, {"kg": 1}),
        Series(
            "blood_pressure",
            _l("Tension artérielle"),
            ("mmHg",),
            {"mmHg": (20, 300)},
            {"mmHg": 5},
            two_values=True,
        ),
        Series(
            "heart_rate",
            _l("Fréquence cardiaque"),
            ("bpm",),
            {"bpm": (20, 250)},
            {"bpm": 1},
            aliases={"/min": "bpm", "bat/min": "bpm", "battements/min": "bpm"},
        ),
        Series(
            "steps",
            _l("Nombre de pas"),
            ("pas",),
            {"pas": (0, 100_000)},
            {"pas": 100},
            aliases={"steps": "pas", "pas/jour": "pas", "steps/day": "pas"},
        ),
        Series(
            "sleep",
            _l("Sommeil"),
            ("h",),
            {"h": (0, 24)},
            {"h": 0.25},
            aliases={"heures": "h", "hours": "h", "hr": "h"},
        ),
        Series("pain", _l("Douleur (0 à 10)"), ("/10",), {"/10": (0, 10)}, {"/10": 1}),
        # A member's own measurement: its name and unit are theirs (validated as text).
        Series("custom", _l("Autre mesure"), (), {}, {}),
    )
}

# Typed units, case-folded, to the canonical spelling of each series' unit.
_COMMON_ALIASES = {
    "mg/dl": "mg/dL",
    "mmol/l": "mmol/L",
    "g/l": "g/L",
    "%": "%",
    "mmol/mol": "mmol/mol",
    "kg": "kg",
    "mmhg": "mmHg",
    "bpm": "bpm",
    "pas": "pas",
    "h": "h",
    "/10": "/10",
}


def canonical_unit(series: Series, typed: str) -> str | None:
    """The series' spelling of a typed unit ("MG/DL" → "mg/dL"), or None if unknown."""
    folded = typed.strip().casefold()
    if not folded and series.units:
        return series.units[0]
    for alias, unit in series.aliases.items():
        if alias.casefold() == folded:
            return unit
    known = _COMMON_ALIASES.get(folded)
    return known if known in series.units else None


def in_bounds(series: Series, unit: str, value: float) -> bool:
    if not math.isfinite(value):
        return False
    if series.key == "custom":
        return abs(value) < 1e9
    low, high = series.bounds[unit]
    return low <= value <= high


class Sex(enum.StrEnum):
    FEMALE = "F"
    MALE = "M"


@dataclass(frozen=True)
class Profile:
    """What the anonymizer may generalize: a birth year (never a full date) and a sex."""

    birth_year: int | None = None
    sex: Sex | None = None


@dataclass(frozen=True)
class Measurement:
    series: str  # a key of SERIES
    at: datetime  # naive UTC
    value: float
    unit: str
    value2: float | None = None  # diastolic, for blood pressure
    label: str = ""  # the name of a custom measurement
    note: str = ""

    category = Category.MEASUREMENT


@dataclass(frozen=True)
class Treatment:
    name: str
    start: date
    stop: date | None = None
    dose: str = ""
    note: str = ""
    # An imported start or end may be a month or a year only: kept as such, never a
    # day that the file did not give.
    start_precision: Precision = Precision.DAY
    stop_precision: Precision = Precision.DAY

    category = Category.TREATMENT


@dataclass(frozen=True)
class Symptom:
    on: date
    symptom: str
    intensity: int  # 0 to 10
    note: str = ""

    category = Category.SYMPTOM


@dataclass(frozen=True)
class LabResult:
    on: date
    test: str  # "Créatinine", "TSH" …
    value: float | None
    unit: str = ""
    value_text: str = ""  # a result that is not a number ("négatif")
    note: str = ""

    category = Category.LAB


@dataclass(frozen=True)
class Diagnosis:
    """A condition one lives with, as a health record names it: not a symptom, no intensity."""

    name: str  # "Diabète de type 2", "Prediabetes" …
    since: date  # the first day of what is known (see `precision`)
    ended: date | None = None  # a resolved condition's end
    note: str = ""
    precision: Precision = Precision.DAY
    ended_precision: Precision = Precision.DAY

    category = Category.CONDITION


Record = Measurement | Treatment | Symptom | LabResult | Diagnosis

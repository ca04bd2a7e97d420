"""What a member typed in a vault form, read and checked: a record, or a message per field.

Forms speak the member's local time; records hold naive UTC. Every text is checked
here, once, so that what the vault holds always goes through the CSV export and back
through the importer unchanged (no control characters, nothing a spreadsheet would run
as a formula).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from community.kernel.clock import to_utc, utcnow
from community.kernel.text import has_visible_text
from community.selfdata.records import (
    SERIES,
    Category,
    Diagnosis,
    LabResult,
    Measurement,
    Precision,
    Profile,
    Record,
    Series,
    Sex,
    Symptom,
    Treatment,
    canonical_unit,
    in_bounds,
    parse_partial_iso,
)

TEXT_MAX = 500
NAME_MAX = 80
UNIT_MAX = 20
FIRST_YEAR = 1900
# What a spreadsheet would run as a formula; the importer refuses cells starting so.
FORMULA_STARTS = ("=", "+", "-", "@")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CLOCK = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})$")
_DAY_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH_FR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")


class VaultInputError(Exception):
    """What the member typed cannot be kept: a message per form field, in French."""

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(errors)
        self.errors = errors


# --- reading what was typed -------------------------------------------------------------


def _has_control(value: str) -> bool:
    return any(unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS for c in value)


def _text(
    data: Mapping[str, Any], name: str, errors: dict[str, Any], *, limit: int, required: bool
) -> str:
    value = str(data.get(name) or "").strip()
    if name == "note":
        # A note is one paragraph: line breaks typed in the box become spaces, so that
        # an export stays one line per record.
        value = " ".join(value.splitlines()).strip()
    if not has_visible_text(value):  # zero-width spaces or Hangul fillers alone: nothing
        if required:
            errors[name] = _l("Ce champ est obligatoire.")
        return ""
    if _has_control(value):
        errors[name] = _l(
            "Ce texte contient des caractères invisibles (tabulation, retour à la ligne, "
            "caractère de contrôle) : retirez-les."
        )
    elif len(value) > limit:
        errors[name] = _l(
            "C’est trop long : %(max)d caractères au plus (vous en avez écrit %(count)d).",
            max=limit,
            count=len(value),
        )
    elif value.startswith(FORMULA_STARTS) and _as_number(value) is None:
        errors[name] = _l(
            "Ne commencez pas par =, +, - ou @ : un tableur le prendrait pour une formule. "
            "Mettez un mot devant."
        )
    return value


def _as_number(value: str) -> float | None:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", value).replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        return None
    return float(cleaned)


def _number(data: Mapping[str, Any], name: str, errors: dict[str, Any]) -> float | None:
    value = str(data.get(name) or "").strip()
    if not value:
        errors[name] = _l("Indiquez une valeur.")
        return None
    number = _as_number(value)
    if number is None:
        errors[name] = _l("Tapez un nombre, avec des chiffres, par exemple 7,2.")
    return number


def parse_day(value: str) -> date | None:
    """A day typed as 2024-03-12 (what a date field sends) or 12/03/2024."""
    value = value.strip()
    try:
        if (found := _DAY_FR.match(value)) is not None:
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        return None


def _day(
    data: Mapping[str, Any], name: str, errors: dict[str, Any], *, required: bool = True
) -> date | None:
    value = str(data.get(name) or "").strip()
    if not value:
        if required:
            errors[name] = _l("Indiquez la date.")
        return None
    day = parse_day(value)
    if day is None:
        errors[name] = _l("Cette date n’existe pas. Écrivez-la ainsi : 12/03/2024.")
        return None
    if day.year < FIRST_YEAR or day > utcnow().date() + timedelta(days=366 * 10):
        errors[name] = _l("Cette date est impossible. Vérifiez l’année.")
        return None
    return day


def _partial_day(
    data: Mapping[str, Any], name: str, errors: dict[str, Any], *, required: bool = True
) -> tuple[date | None, Precision]:
    """A day, or only a month (03/2019) or a year (2019) when the member no longer knows it."""
    value = str(data.get(name) or "").strip()
    found = parse_partial_iso(value)
    month = _MONTH_FR.match(value)
    if found is None and month is not None and 1 <= int(month[1]) <= 12:
        found = date(int(month[2]), int(month[1]), 1), Precision.MONTH
    if found is None or found[1] is Precision.DAY:
        return _day(data, name, errors, required=required), Precision.DAY
    if found[0].year < FIRST_YEAR or found[0] > utcnow().date():
        errors[name] = _l("Cette date est impossible. Vérifiez l’année.")
        return None, Precision.DAY
    return found


def partial_text(day: date | None, precision: Precision) -> str:
    """What a form shows for a date that may be partial: 12/03/2024, 03/2019 or 2019."""
    if day is None:
        return ""
    if precision is Precision.YEAR:
        return str(day.year)
    if precision is Precision.MONTH:
        return f"{day:%m/%Y}"
    return f"{day:%d/%m/%Y}"


def _not_in_future(day: date | None, name: str, errors: dict[str, Any]) -> None:
    if day is not None and name not in errors and day > utcnow().date() + timedelta(days=1):
        errors[name] = _l("Cette date est dans le futur. Vérifiez-la.")


def _clock(data: Mapping[str, Any], errors: dict[str, Any]) -> time | None:
    value = str(data.get("time") or "").strip()
    if not value:
        errors["time"] = _l("Indiquez l’heure, par exemple 08:30.")
        return None
    found = _CLOCK.match(value)
    if found is not None:
        hour, minute = int(found[1]), int(found[2])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    errors["time"] = _l("Cette heure n’existe pas. Écrivez-la ainsi : 08:30.")
    return None


def _check(errors: dict[str, Any]) -> None:
    if errors:
        raise VaultInputError(errors)


# --- one record per category --------------------------------------------------------------


def _unit(series: Series, typed: str, errors: dict[str, Any]) -> str:
    unit = canonical_unit(series, typed)
    if unit is None:
        errors["unit"] = _l(
            "Unité inconnue « %(unit)s » pour : %(series)s (attendu : %(units)s).",
            unit=typed,
            series=series.label,
            units=", ".join(series.units),
        )
        return ""
    return unit


def _bounded(series: Series, unit: str, value: float | None, name: str, errors: dict) -> None:
    if value is None or not unit or name in errors or in_bounds(series, unit, value):
        return
    if series.key == "custom":
        errors[name] = _l("Ce nombre est bien trop grand.")
        return
    low, high = series.bounds[unit]
    errors[name] = _l(
        "Cette valeur n’est pas plausible en %(unit)s : tapez un nombre entre %(low)s et %(high)s.",
        unit=unit,
        low=format_decimal(low),
        high=format_decimal(high),
    )


def measurement_from(data: Mapping[str, Any], *, zone: ZoneInfo) -> Measurement:
    errors: dict[str, Any] = {}
    series = SERIES.get(str(data.get("series") or ""))
    if series is None:
        errors["series"] = _l("Choisissez ce que vous avez mesuré.")
    day = _day(data, "date", errors)
    _not_in_future(day, "date", errors)
    clock = _clock(data, errors)
    value = _number(data, "value", errors)
    typed_unit = _text(data, "unit", errors, limit=UNIT_MAX, required=False)
    label = _text(data, "label", errors, limit=NAME_MAX, required=False)
    note = _text(data, "note", errors, limit=TEXT_MAX, required=False)
    value2: float | None = None
    unit = ""
    if series is not None:
        if series.key == "custom":
            unit = typed_unit
            if not label and "label" not in errors:
                errors["label"] = _l("Donnez un nom à cette mesure.")
        elif "unit" not in errors:
            unit = _unit(series, typed_unit, errors)
        _bounded(series, unit, value, "value", errors)
        typed2 = str(data.get("value2") or "").strip()
        if series.two_values:
            value2 = _number(data, "value2", errors)
            _bounded(series, unit, value2, "value2", errors)
        elif typed2:
            errors["value2"] = _l("Le deuxième chiffre ne sert que pour la tension artérielle.")
        if series.key != "custom" and label and "label" not in errors:
            errors["label"] = _l("Le nom ne sert que pour une « autre mesure ».")
    _check(errors)
    assert series is not None and day is not None and clock is not None and value is not None
    at = to_utc(day, clock, zone)
    return Measurement(series.key, at, value, unit, value2, label, note)


def treatment_from(data: Mapping[str, Any], *, zone: ZoneInfo) -> Treatment:
    errors: dict[str, Any] = {}
    name = _text(data, "name", errors, limit=NAME_MAX, required=True)
    start, start_precision = _partial_day(data, "start", errors)
    stop, stop_precision = _partial_day(data, "stop", errors, required=False)
    dose = _text(data, "dose", errors, limit=NAME_MAX, required=False)
    note = _text(data, "note", errors, limit=TEXT_MAX, required=False)
    if start is not None and stop is not None and stop < start:
        errors["stop"] = _l("La date de fin est avant la date de début.")
    _check(errors)
    assert start is not None
    return Treatment(name, start, stop, dose, note, start_precision, stop_precision)


def diagnosis_from(data: Mapping[str, Any], *, zone: ZoneInfo) -> Diagnosis:
    errors: dict[str, Any] = {}
    name = _text(data, "name", errors, limit=NAME_MAX, required=True)
    since, precision = _partial_day(data, "since", errors)
    _not_in_future(since, "since", errors)
    ended, ended_precision = _partial_day(data, "ended", errors, required=False)
    note = _text(data, "note", errors, limit=TEXT_MAX, required=False)
    if since is not None and ended is not None and ended < since:
        errors["ended"] = _l("La date de fin est avant la date de début.")
    _check(errors)
    assert since is not None
    return Diagnosis(name, since, ended, note, precision, ended_precision)


def symptom_from(data: Mapping[str, Any], *, zone: ZoneInfo) -> Symptom:
    errors: dict[str, Any] = {}
    on = _day(data, "date", errors)
    _not_in_future(on, "date", errors)
    symptom = _text(data, "symptom", errors, limit=NAME_MAX, required=True)
    note = _text(data, "note", errors, limit=TEXT_MAX, required=False)
    typed = str(data.get("intensity") or "").strip()
    intensity = int(typed) if typed.isdecimal() and len(typed) <= 2 else -1
    if not 0 <= intensity <= 10:
        errors["intensity"] = _l("Choisissez une intensité de 0 (rien) à 10 (le pire).")
    _check(errors)
    assert on is not None
    return Symptom(on, symptom, intensity, note)


def lab_from(data: Mapping[str, Any], *, zone: ZoneInfo) -> LabResult:
    errors: dict[str, Any] = {}
    on = _day(data, "date", errors)
    _not_in_future(on, "date", errors)
    test = _text(data, "test", errors, limit=NAME_MAX, required=True)
    unit = _text(data, "unit", errors, limit=UNIT_MAX, required=False)
    note = _text(data, "note", errors, limit=TEXT_MAX, required=False)
    result = _text(data, "result", errors, limit=NAME_MAX, required=True)
    value = _as_number(result) if result else None
    value_text = "" if value is not None else result
    if value is not None and not in_bounds(SERIES["custom"], "", value):
        errors["result"] = _l("Ce nombre est bien trop grand.")
    _check(errors)
    assert on is not None
    return LabResult(on, test, value, unit, value_text, note)


PARSERS: dict[Category, Callable[..., Record]] = {
    Category.MEASUREMENT: measurement_from,
    Category.TREATMENT: treatment_from,
    Category.SYMPTOM: symptom_from,
    Category.LAB: lab_from,
    Category.CONDITION: diagnosis_from,
}


def record_from(category: Category, data: Mapping[str, Any], *, zone: ZoneInfo) -> Record:
    """The record typed in a form, or VaultInputError with a message per field."""
    return PARSERS[category](data, zone=zone)


def profile_from(data: Mapping[str, Any]) -> Profile:
    errors: dict[str, Any] = {}
    typed = str(data.get("birth_year") or "").strip()
    this_year = utcnow().year
    birth_year: int | None = None
    if typed:
        if typed.isdecimal() and FIRST_YEAR <= int(typed) <= this_year:
            birth_year = int(typed)
        else:
            errors["birth_year"] = _l(
                "Tapez une année de naissance entre %(first)d et %(last)d, par exemple 1975.",
                first=FIRST_YEAR,
                last=this_year,
            )
    sex_typed = str(data.get("sex") or "")
    if sex_typed not in ("", *(sex.value for sex in Sex)):
        errors["sex"] = _l("Choisissez une des réponses proposées.")
    _check(errors)
    return Profile(birth_year, Sex(sex_typed) if sex_typed else None)

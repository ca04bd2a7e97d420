"""Reading a FHIR R4 JSON Bundle (Observation, MedicationStatement, Condition) into records.

Each resource is validated by `fhir.resources` (maintained, pydantic-based) rather than
by hand. Its `fhir.resources.R4B` models are used: R4B changed nothing in Observation,
MedicationStatement and Condition, so they read R4 files exactly (the package's default
models are R5, where MedicationStatement became MedicationUsage).

Before any model sees the file: a size limit, a nesting depth limit checked by a loop
(json's C parser recurses, and 10,000 nested brackets would crash it), and `json.loads`
guarded. Nothing about the patient is ever kept: Patient resources, `subject`,
`performer` and identifiers are not read, only the measured values, names and times.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from flask_babel import gettext as _
from pydantic import ValidationError

from community.kernel.clock import to_utc
from community.selfdata.importers import (
    NAME_MAX,
    TEXT_MAX,
    UNIT_MAX,
    ImportFileError,
    Limits,
    ParseResult,
    Rejected,
    RowError,
    checked_text,
    measurement,
    series_name,
    too_large,
    too_many_rows,
)
from community.selfdata.records import SERIES, LabResult, Record, Symptom, Treatment

MAX_DEPTH = 32

# LOINC codes of the series we know; anything else becomes a lab result.
LOINC_SERIES = {
    **dict.fromkeys(("2339-0", "15074-8", "2345-7", "41653-7"), "glucose"),
    **dict.fromkeys(("4548-4", "17856-6"), "hba1c"),
    **dict.fromkeys(("29463-7", "3141-9"), "weight"),
    **dict.fromkeys(("85354-9", "55284-4"), "blood_pressure"),
    "8867-4": "heart_rate",
    **dict.fromkeys(("55423-8", "41950-7"), "steps"),
    "93832-4": "sleep",
    **dict.fromkeys(("72514-3", "38208-5"), "pain"),
}
SYSTOLIC, DIASTOLIC = "8480-6", "8462-4"
# UCUM codes to our units; minutes of sleep are turned into hours.
UCUM = {
    "mg/dL": "mg/dL",
    "mmol/L": "mmol/L",
    "g/L": "g/L",
    "%": "%",
    "mmol/mol": "mmol/mol",
    "kg": "kg",
    "mm[Hg]": "mmHg",
    "/min": "bpm",
    "{beats}/min": "bpm",
    "{steps}": "pas",
    "h": "h",
    "{score}": "/10",
}
MINUTES = "min"
# Condition.severity (SNOMED CT or its display) to an intensity out of 10.
SEVERITY = {
    "255604002": 3,
    "mild": 3,
    "6736007": 6,
    "moderate": 6,
    "24484000": 9,
    "severe": 9,
}
DEFAULT_INTENSITY = 5

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
# fhir.resources' words for "one of these choice fields is required".
_ONE_OF = re.compile(r"Expect any of field value from this list \[([^\]]*)\]")


def _check_depth(text: str) -> None:
    """Refuse more than MAX_DEPTH nested arrays or objects, without recursing."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            raise ImportFileError(
                _(
                    "Ce fichier JSON est trop imbriqué (plus de %(depth)s niveaux) : ce n’est "
                    "pas un export de dossier médical.",
                    depth=MAX_DEPTH,
                )
            )


def _load(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("Ce fichier n’est pas en UTF-8 : enregistrez-le en UTF-8 puis envoyez-le à nouveau.")
        ) from None
    if not text.strip():
        raise ImportFileError(_("Ce fichier est vide : il n’y a rien à importer."))
    _check_depth(text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            _(
                "Ce fichier n’est pas du JSON valide (ligne %(line)s, colonne %(column)s).",
                line=error.lineno,
                column=error.colno,
            )
        ) from None
    except ValueError:  # an integer of thousands of digits (Python's conversion limit)
        raise ImportFileError(
            _("Ce fichier n’est pas du JSON lisible : un nombre y est beaucoup trop long.")
        ) from None
    except RecursionError:  # not reached after the depth check; kept as a last guard
        raise ImportFileError(_("Ce fichier JSON est trop imbriqué.")) from None


def parse_fhir(data: bytes, *, limits: Limits, zone: ZoneInfo) -> ParseResult:
    """Every entry as a record, a rejected entry, or an ignored resource; raises ImportFileError."""
    if len(data) > limits.max_bytes:
        raise too_large(limits)
    bundle = _load(data)
    kind = bundle.get("resourceType") if isinstance(bundle, dict) else None
    if kind != "Bundle":
        raise ImportFileError(
            _(
                "Ce fichier JSON n’est pas un Bundle FHIR (un ensemble de ressources) : "
                "exportez le dossier au format FHIR R4, en « Bundle »."
            )
        )
    entries = bundle.get("entry")
    entries = [] if entries is None else entries
    if not isinstance(entries, list):
        raise ImportFileError(_("Ce Bundle FHIR est mal formé : « entry » n’est pas une liste."))
    if len(entries) > limits.max_rows:
        raise too_many_rows(limits)
    result = ParseResult(kind="fhir")
    ignored: Counter[str] = Counter()
    for number, entry in enumerate(entries, start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        reader = _READERS.get(kind) if isinstance(kind, str) else None
        if reader is None or not isinstance(resource, dict):
            ignored[str(kind)[:40] if isinstance(kind, str) else "?"] += 1
            continue
        try:
            result.records.extend(reader(resource, zone))
        except RowError as error:
            result.rejected.append(Rejected(number, f"{kind} : {error}"))
    if ignored:
        listed = ", ".join(f"{count} {name}" for name, count in sorted(ignored.items()))
        result.notes.append(_("Ignoré, jamais importé : %(resources)s.", resources=listed))
    if not result.records and not result.rejected:
        raise ImportFileError(
            _(
                "Ce Bundle ne contient aucune Observation, MedicationStatement ou Condition : "
                "rien à importer."
            )
        )
    return result


def _validated(model: Any, resource: dict[str, Any]) -> Any:
    try:
        return model.model_validate(resource)
    except ValidationError as error:
        raise RowError(_reason(error)) from None
    except (TypeError, ValueError, RecursionError):
        raise RowError(_("ressource illisible")) from None


def _reason(error: ValidationError) -> str:
    """The first pydantic error, said briefly in French."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))[:60] or "?"
    kind = first.get("type", "")
    if kind == "missing" or kind.endswith(".missing"):
        return _("champ obligatoire manquant « %(field)s »", field=where)
    one_of = _ONE_OF.search(str(first.get("msg", "")))
    if one_of:
        names = one_of.group(1).replace("'", "")
        return _("il faut l’un de ces champs : %(fields)s", fields=names[:120])
    if kind == "extra_forbidden":
        return _("champ inconnu « %(field)s »", field=where)
    return _("valeur invalide pour « %(field)s »", field=where)


def _concept_text(concept: Any) -> str:
    if concept is None:
        return ""
    if concept.text:
        return str(concept.text)
    for coding in concept.coding or ():
        if coding.display:
            return str(coding.display)
    return ""


def _codes(concept: Any) -> list[str]:
    return [str(c.code) for c in (concept.coding or ()) if c.code] if concept else []


def _moment(value: Any, zone: ZoneInfo) -> tuple[date, datetime]:
    """(the member's local day, naive UTC time) of a FHIR date or dateTime."""
    if isinstance(value, datetime):
        local = value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
        return local.date(), local.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, date):
        return value, to_utc(value, None, zone)
    if value is None:
        raise RowError(_("la date manque"))
    raise RowError(_("date incomplète « %(value)s » (jour attendu)", value=str(value)[:20]))


def _quantity(quantity: Any) -> tuple[float, str]:
    if quantity is None or quantity.value is None:
        raise RowError(_("pas de valeur chiffrée (valueQuantity)"))
    unit = str(quantity.code or quantity.unit or "")
    return float(Decimal(quantity.value)), unit


def _series_value(key: str, quantity: Any) -> tuple[float, str]:
    value, ucum = _quantity(quantity)
    if key == "sleep" and ucum == MINUTES:
        return value / 60, "h"
    unit = UCUM.get(ucum)
    if unit is None or unit not in SERIES[key].units:
        raise RowError(
            _(
                "unité inconnue « %(unit)s » pour %(series)s (attendu : %(units)s)",
                unit=ucum[:20],
                series=series_name(key),
                units=", ".join(u for u, ours in UCUM.items() if ours in SERIES[key].units),
            )
        )
    return value, unit


def _observation(resource: dict[str, Any], zone: ZoneInfo) -> list[Record]:
    observation = _validated(Observation, resource)
    when = observation.effectiveDateTime
    if when is None and observation.effectivePeriod is not None:
        when = observation.effectivePeriod.start
    day, at = _moment(when, zone)
    key = next((LOINC_SERIES[c] for c in _codes(observation.code) if c in LOINC_SERIES), None)
    if key == "blood_pressure":
        parts: dict[str, tuple[float, str]] = {}
        for component in observation.component or ():
            for code in _codes(component.code):
                if code in (SYSTOLIC, DIASTOLIC):
                    parts[code] = _series_value(key, component.valueQuantity)
        if len(parts) < 2:
            raise RowError(_("la tension demande deux valeurs (systolique et diastolique)"))
        (systolic, unit), (diastolic, _unit) = parts[SYSTOLIC], parts[DIASTOLIC]
        return [measurement(key, at, systolic, unit, value2=diastolic)]
    if key is not None:
        value, unit = _series_value(key, observation.valueQuantity)
        return [measurement(key, at, value, unit)]
    test = checked_text(_concept_text(observation.code), what="code", limit=NAME_MAX)
    if not test:
        raise RowError(_("l’analyse n’a pas de nom (code.text)"))
    if observation.valueQuantity is not None:
        value, unit = _quantity(observation.valueQuantity)
        if abs(value) >= 1e9:
            raise RowError(_("valeur hors limites pour « %(test)s »", test=test))
        unit = checked_text(
            str(observation.valueQuantity.unit or unit), what="unit", limit=UNIT_MAX
        )
        return [LabResult(on=day, test=test, value=value, unit=unit)]
    text = observation.valueString or _concept_text(observation.valueCodeableConcept)
    if not text:
        raise RowError(_("pas de valeur (valueQuantity ou valueString attendu)"))
    value_text = checked_text(str(text), what="valueString", limit=NAME_MAX)
    return [LabResult(on=day, test=test, value=None, value_text=value_text)]


def _medication(resource: dict[str, Any], zone: ZoneInfo) -> list[Record]:
    statement = _validated(MedicationStatement, resource)
    name = checked_text(
        _concept_text(statement.medicationCodeableConcept), what="medication", limit=NAME_MAX
    )
    if not name:
        raise RowError(_("le nom du médicament manque (medicationCodeableConcept)"))
    period = statement.effectivePeriod
    start_value = period.start if period is not None else statement.effectiveDateTime
    start = _moment(start_value, zone)[0]
    stop = _moment(period.end, zone)[0] if period is not None and period.end else None
    if stop is not None and stop < start:
        raise RowError(_("la date de fin est avant la date de début"))
    dosage = statement.dosage[0].text if statement.dosage else None
    dose = checked_text(str(dosage or ""), what="dosage", limit=TEXT_MAX)
    return [Treatment(name=name, start=start, stop=stop, dose=dose)]


def _condition(resource: dict[str, Any], zone: ZoneInfo) -> list[Record]:
    condition = _validated(Condition, resource)
    name = checked_text(_concept_text(condition.code), what="code", limit=NAME_MAX)
    if not name:
        raise RowError(_("le nom du symptôme manque (code.text)"))
    day = _moment(condition.onsetDateTime or condition.recordedDate, zone)[0]
    severity = condition.severity
    words = [*_codes(severity), _concept_text(severity)] if severity else []
    intensity = next(
        (SEVERITY[w.casefold()] for w in words if w.casefold() in SEVERITY), DEFAULT_INTENSITY
    )
    note = condition.note[0].text if condition.note else ""
    return [
        Symptom(
            on=day,
            symptom=name,
            intensity=intensity,
            note=checked_text(str(note or ""), what="note", limit=TEXT_MAX),
        )
    ]


_READERS = {
    "Observation": _observation,
    "MedicationStatement": _medication,
    "Condition": _condition,
}

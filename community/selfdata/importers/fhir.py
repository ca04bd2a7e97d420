"""Reading a FHIR R4 JSON Bundle, as health systems and Synthea export it, into records.

A patient's whole Bundle (`transaction` or `collection`) holds many kinds of resources;
the vault keeps what it knows: Observations with a value (blood pressure from its two
components), Conditions as conditions, MedicationRequest and MedicationStatement as
treatments. Everything else is left out and counted by kind, for the preview to say so.

Each resource is validated by `fhir.resources` (maintained, pydantic-based) rather than
by hand. Its `fhir.resources.R4B` models are used: R4B changed nothing in the resources
read here, so they read R4 files exactly (the package's default models are R5, where
MedicationStatement became MedicationUsage). Pydantic turns "7.2" into a number where
FHIR requires a JSON number: the JSON types are checked first (`_wrong_json_type`).

Before any model sees the file: a size limit, a nesting depth limit checked by a loop
(json's C parser recurses, and 10,000 nested brackets would crash it), and `json.loads`
guarded. Nothing about the patient is ever kept: Patient resources, `subject`,
`performer` and identifiers are not read, only the measured values, names and times.
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.medication import Medication
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError

from community.kernel.clock import to_utc
from community.selfdata.importers import (
    NAME_MAX,
    TEXT_MAX,
    UNIT_MAX,
    ImportFileError,
    LeftOut,
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
from community.selfdata.records import (
    SERIES,
    Diagnosis,
    LabResult,
    Precision,
    Record,
    Treatment,
    parse_partial_iso,
)

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
# A resource in one of these states was never true, or never happened: left out.
VOID_STATUSES = frozenset({"entered-in-error", "cancelled", "draft", "refuted"})

# SNOMED CT's semantic tag at the end of a name: "Anemia (disorder)" is "Anemia" to a reader.
_SEMANTIC_TAG = re.compile(r"\s*\((?:disorder|finding|situation|morphologic abnormality)\)$")
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
    """Every entry as records, a rejected entry, or a resource left out; raises ImportFileError."""
    if len(data) > limits.max_bytes:
        raise too_large(limits)
    bundle = _load(data)
    kind = bundle.get("resourceType") if isinstance(bundle, dict) else None
    if kind != "Bundle":
        raise ImportFileError(
            _(
                "Ce fichier n’est pas un dossier médical au format FHIR : exportez votre "
                "dossier « au format FHIR » depuis le site ou l’application qui le garde."
            )
        )
    entries = bundle.get("entry")
    entries = [] if entries is None else entries
    if not isinstance(entries, list):
        raise ImportFileError(_("Ce dossier FHIR est mal formé : « entry » n’est pas une liste."))
    if len(entries) > limits.max_rows:
        raise too_many_rows(limits)
    result = ParseResult(kind="fhir")
    resources = [entry.get("resource") if isinstance(entry, dict) else None for entry in entries]
    medications = _medications(entries)
    left_out: Counter[tuple[str, str]] = Counter()
    for number, resource in enumerate(resources, start=1):
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        reader = _READERS.get(kind) if isinstance(kind, str) else None
        if reader is None or not isinstance(resource, dict):
            left_out[str(kind)[:40] if isinstance(kind, str) else "?", LeftOut.UNKNOWN] += 1
            continue
        assert isinstance(kind, str)
        if _void(resource):
            left_out[kind, LeftOut.VOID] += 1
            continue
        try:
            found = reader(resource, zone, medications)
        except RowError as error:
            result.rejected.append(Rejected(number, f"{kind} : {error}", (kind,)))
            continue
        if found is None:
            left_out[kind, LeftOut.NO_VALUE] += 1
        else:
            result.records.append(found)
    result.left_out = [LeftOut(kind, why, count) for (kind, why), count in sorted(left_out.items())]
    if not result.records and not result.rejected:
        raise ImportFileError(
            _(
                "Ce dossier ne contient aucune mesure, analyse, maladie ou traitement que le "
                "coffre sait garder : rien à importer."
            )
        )
    return result


def _void(resource: dict[str, Any]) -> bool:
    status = resource.get("status")
    verification = resource.get("verificationStatus")
    codes = []
    if isinstance(verification, dict):
        codes = [c.get("code") for c in verification.get("coding") or () if isinstance(c, dict)]
    return status in VOID_STATUSES or any(code in VOID_STATUSES for code in codes)


def _medications(entries: list[Any]) -> dict[str, str]:
    """The names of the Bundle's Medication resources, by every reference that may point to them."""
    names: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        resource = entry.get("resource")
        if not isinstance(resource, dict) or resource.get("resourceType") != "Medication":
            continue
        try:
            name = _concept_text(Medication.model_validate(resource).code)
        except (ValidationError, TypeError, ValueError, RecursionError):
            continue
        for key in (entry.get("fullUrl"), f"Medication/{resource.get('id')}"):
            if isinstance(key, str) and name:
                names[key] = name
    return names


# --- the JSON types FHIR requires --------------------------------------------------------

_NUMBER, _INTEGER, _BOOLEAN = "number", "integer", "boolean"
_Kind = str | type[BaseModel] | None


def _kind_of(annotation: Any) -> tuple[_Kind, bool]:
    """(what JSON a field holds: a number, an integer, a boolean or an element, is it a list)."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        elif origin in (list, typing.List):  # noqa: UP006 - fhir.resources writes List
            many, annotation = True, typing.get_args(annotation)[0]
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        else:
            break
    if annotation is bool:
        return _BOOLEAN, many
    if annotation is Decimal or annotation is float:
        return _NUMBER, many
    if annotation is int:
        return _INTEGER, many
    klass = getattr(annotation, "get_model_klass", None)
    if callable(klass):
        model = klass()
        if isinstance(model, type) and issubclass(model, BaseModel):
            return model, many
    return None, many


@cache
def _fields(model: type[BaseModel]) -> dict[str, tuple[_Kind, bool]]:
    return {
        (info.alias or name): _kind_of(info.annotation) for name, info in model.model_fields.items()
    }


def _json_type_ok(kind: str, item: Any) -> bool:
    if kind == _BOOLEAN:
        return isinstance(item, bool)
    if isinstance(item, bool):  # a JSON true is a Python int
        return False
    return isinstance(item, int) if kind == _INTEGER else isinstance(item, int | float)


def _wrong_json_type(model: type[BaseModel], raw: dict[str, Any], path: str = "") -> str | None:
    """The first value whose JSON type FHIR forbids ("7.2" for a decimal), as a reason."""
    fields = _fields(model)
    for key, value in raw.items():
        kind, many = fields.get(key, (None, False))
        if kind is None:
            continue
        where = f"{path}{key}"
        for item in value if many and isinstance(value, list) else [value]:
            if isinstance(kind, str) and not _json_type_ok(kind, item):
                if isinstance(item, str) and kind != _BOOLEAN:
                    return _(
                        "« %(field)s » vaut « %(value)s » entre guillemets, comme un texte : "
                        "FHIR demande un nombre sans guillemets",
                        field=where[:60],
                        value=item[:20],
                    )
                return _("« %(field)s » n’a pas le type que FHIR demande", field=where[:60])
            if isinstance(kind, type) and isinstance(item, dict):
                found = _wrong_json_type(kind, item, f"{where}.")
                if found:
                    return found
    return None


def _validated(model: Any, resource: dict[str, Any]) -> Any:
    wrong = _wrong_json_type(model, resource)
    if wrong:
        raise RowError(wrong)
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
    if first.get("input") == "":
        return _("« %(field)s » est vide : FHIR demande de l’omettre plutôt", field=where)
    return _("valeur invalide pour « %(field)s »", field=where)


# --- reading each kind of resource --------------------------------------------------------


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


def _partial(value: Any, zone: ZoneInfo) -> tuple[date, Precision]:
    """A FHIR date or dateTime as the member's local day, or as a year or a month only."""
    if isinstance(value, datetime):
        local = value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
        return local.date(), Precision.DAY
    if isinstance(value, date):
        return value, Precision.DAY
    if value is None:
        raise RowError(_("la date manque"))
    found = parse_partial_iso(str(value))
    if found is None:
        raise RowError(_("date illisible « %(value)s »", value=str(value)[:20]))
    return found


def _moment(value: Any, zone: ZoneInfo) -> tuple[date, datetime]:
    """(the member's local day, naive UTC time) of a FHIR date or dateTime with its day."""
    if isinstance(value, datetime):
        local = value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
        return local.date(), local.astimezone(UTC).replace(tzinfo=None)
    day, precision = _partial(value, zone)
    if precision is not Precision.DAY:
        raise RowError(
            _(
                "la date « %(value)s » ne donne pas le jour : une mesure ou une analyse "
                "demande au moins le jour",
                value=str(value)[:20],
            )
        )
    return day, to_utc(day, None, zone)


def _quantity(quantity: Any) -> tuple[float, str]:
    if quantity is None or quantity.value is None:
        raise RowError(_("pas de valeur chiffrée (valueQuantity)"))
    unit = str(quantity.code or quantity.unit or "").strip()
    if not unit:
        value = format(Decimal(quantity.value), "f")[:20]
        raise RowError(
            _(
                "l’unité manque pour la valeur %(value)s : sans unité, elle ne veut rien dire",
                value=value,
            )
        )
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


def _observation(resource: dict[str, Any], zone: ZoneInfo, _meds: dict[str, str]) -> Record | None:
    observation = _validated(Observation, resource)
    when = observation.effectiveDateTime or observation.effectiveInstant
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
        return measurement(key, at, systolic, unit, value2=diastolic)
    if key is not None:
        value, unit = _series_value(key, observation.valueQuantity)
        return measurement(key, at, value, unit)
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
        return LabResult(on=day, test=test, value=value, unit=unit)
    text = observation.valueString or _concept_text(observation.valueCodeableConcept)
    if observation.valueInteger is not None:
        return LabResult(on=day, test=test, value=float(observation.valueInteger))
    if not text:
        # A panel whose values are its components (other than blood pressure), or a note
        # without a value: nothing the vault can show as a result.
        return None
    value_text = checked_text(str(text), what="valueString", limit=NAME_MAX)
    return LabResult(on=day, test=test, value=None, value_text=value_text)


def _medication_name(statement: Any, medications: dict[str, str]) -> str:
    name = _concept_text(statement.medicationCodeableConcept)
    reference = statement.medicationReference
    if not name and reference is not None:
        name = medications.get(str(reference.reference or ""), "") or str(reference.display or "")
    name = checked_text(name, what="medication", limit=NAME_MAX)
    if not name:
        raise RowError(_("le nom du médicament manque (medicationCodeableConcept)"))
    return name


def _dose(dosages: Any) -> str:
    text = dosages[0].text if dosages else None
    return checked_text(str(text or ""), what="dosage", limit=TEXT_MAX)


def _treatment(
    name: str, start_value: Any, stop_value: Any, dose: str, zone: ZoneInfo
) -> Treatment:
    start, start_precision = _partial(start_value, zone)
    stop, stop_precision = _partial(stop_value, zone) if stop_value else (None, Precision.DAY)
    if stop is not None and stop < start:
        raise RowError(_("la date de fin est avant la date de début"))
    return Treatment(
        name=name,
        start=start,
        stop=stop,
        dose=dose,
        start_precision=start_precision,
        stop_precision=stop_precision,
    )


def _medication_statement(
    resource: dict[str, Any], zone: ZoneInfo, medications: dict[str, str]
) -> Record:
    statement = _validated(MedicationStatement, resource)
    name = _medication_name(statement, medications)
    period = statement.effectivePeriod
    start = period.start if period is not None else statement.effectiveDateTime
    stop = period.end if period is not None else None
    return _treatment(name, start or statement.dateAsserted, stop, _dose(statement.dosage), zone)


def _medication_request(
    resource: dict[str, Any], zone: ZoneInfo, medications: dict[str, str]
) -> Record:
    request = _validated(MedicationRequest, resource)
    name = _medication_name(request, medications)
    dose = _dose(request.dosageInstruction)
    # When to take it, if the prescription says so; else from the day it was written.
    start, stop = request.authoredOn, None
    timing = request.dosageInstruction[0].timing if request.dosageInstruction else None
    bounds = timing.repeat.boundsPeriod if timing and timing.repeat else None
    if bounds is not None:
        start, stop = bounds.start or start, bounds.end
    return _treatment(name, start, stop, dose, zone)


def _condition(resource: dict[str, Any], zone: ZoneInfo, _meds: dict[str, str]) -> Record:
    condition = _validated(Condition, resource)
    named = _SEMANTIC_TAG.sub("", _concept_text(condition.code))
    name = checked_text(named, what="code", limit=NAME_MAX)
    if not name:
        raise RowError(_("le nom de la maladie manque (code.text)"))
    onset = condition.onsetDateTime
    if onset is None and condition.onsetPeriod is not None:
        onset = condition.onsetPeriod.start
    if onset is None and condition.recordedDate is None:
        raise RowError(_("la date de début manque (onsetDateTime ou recordedDate)"))
    since, precision = _partial(onset or condition.recordedDate, zone)
    end = condition.abatementDateTime
    if end is None and condition.abatementPeriod is not None:
        end = condition.abatementPeriod.end or condition.abatementPeriod.start
    ended, ended_precision = _partial(end, zone) if end else (None, Precision.DAY)
    if ended is not None and ended < since:
        raise RowError(_("la date de fin est avant la date de début"))
    note = condition.note[0].text if condition.note else ""
    return Diagnosis(
        name=name,
        since=since,
        ended=ended,
        note=checked_text(str(note or ""), what="note", limit=TEXT_MAX),
        precision=precision,
        ended_precision=ended_precision,
    )


_READERS: dict[str, Callable[[dict[str, Any], ZoneInfo, dict[str, str]], Record | None]] = {
    "Observation": _observation,
    "MedicationStatement": _medication_statement,
    "MedicationRequest": _medication_request,
    "Condition": _condition,
}

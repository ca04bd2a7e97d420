"""The owner's whole vault as a file to keep: CSV (read back by the importer) and JSON.

Only ever the owner's own records and profile: no card, nothing of another member, no
listing across members. The CSV is the documented import format (COMMON "CSV format"):
`;`, decimal comma, ISO dates and the local time, UTF-8 with a BOM for spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.kernel.clock import to_local, utcnow
from community.selfdata import store
from community.selfdata.records import (
    Diagnosis,
    LabResult,
    Measurement,
    Record,
    Symptom,
    Treatment,
    partial_iso,
)
from community.selfdata.vault import number_text
from community.selfdata.vault_input import FORMULA_STARTS

FORMAT = "communaute-patients/coffre"
VERSION = 1
COLUMNS = [
    "type",
    "date",
    "heure",
    "série",
    "nom",
    "valeur",
    "valeur2",
    "unité",
    "dose",
    "fin",
    "intensité",
    "note",
]
# The French names the importer reads (and the documentation shows) for each series.
SERIES_NAMES = {
    "glucose": "glycémie",
    "hba1c": "hba1c",
    "weight": "poids",
    "blood_pressure": "tension",
    "heart_rate": "fréquence cardiaque",
    "steps": "pas",
    "sleep": "sommeil",
    "pain": "douleur",
    "custom": "autre",
}


def _decimal(value: float | None) -> str:
    return "" if value is None else number_text(value).replace(".", ",")


def _cell(text: str) -> str:
    """Text as a spreadsheet shows it rather than runs it; entry refuses such texts anyway."""
    return "'" + text if text.startswith((*FORMULA_STARTS, "\t", "\r")) else text


def _csv_row(record: Record, zone: ZoneInfo) -> dict[str, str]:
    if isinstance(record, Measurement):
        local = to_local(record.at, zone)
        return {
            "type": "mesure",
            "date": local.date().isoformat(),
            "heure": f"{local:%H:%M}",
            "série": SERIES_NAMES[record.series],
            "nom": _cell(record.label),
            "valeur": _decimal(record.value),
            "valeur2": _decimal(record.value2),
            "unité": _cell(record.unit),
            "note": _cell(record.note),
        }
    if isinstance(record, Treatment):
        return {
            "type": "traitement",
            "date": partial_iso(record.start, record.start_precision),
            "nom": _cell(record.name),
            "dose": _cell(record.dose),
            "fin": partial_iso(record.stop, record.stop_precision) if record.stop else "",
            "note": _cell(record.note),
        }
    if isinstance(record, Diagnosis):
        return {
            "type": "maladie",
            "date": partial_iso(record.since, record.precision),
            "nom": _cell(record.name),
            "fin": partial_iso(record.ended, record.ended_precision) if record.ended else "",
            "note": _cell(record.note),
        }
    if isinstance(record, Symptom):
        return {
            "type": "symptôme",
            "date": record.on.isoformat(),
            "nom": _cell(record.symptom),
            "intensité": str(record.intensity),
            "note": _cell(record.note),
        }
    value = _decimal(record.value) if record.value is not None else _cell(record.value_text)
    return {
        "type": "analyse",
        "date": record.on.isoformat(),
        "nom": _cell(record.test),
        "valeur": value,
        "unité": _cell(record.unit),
        "note": _cell(record.note),
    }


def vault_csv(session: Session, *, owner: Member, zone: ZoneInfo) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";", restval="")
    writer.writeheader()
    for stored in store.records(session, owner=owner):
        writer.writerow(_csv_row(stored.record, zone))
    # The BOM tells spreadsheets the file is UTF-8; the importer accepts it.
    return out.getvalue().encode("utf-8-sig")


def _utc(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds") + "Z"


def _json_record(record: Record) -> dict[str, Any]:
    if isinstance(record, Measurement):
        return {
            "type": record.category.value,
            "series": record.series,
            "at": _utc(record.at),
            "value": record.value,
            "value2": record.value2,
            "unit": record.unit,
            "label": record.label,
            "note": record.note,
        }
    if isinstance(record, Treatment):
        return {
            "type": record.category.value,
            "name": record.name,
            # "2019-03" when only the month is known: as much as is known, no more.
            "start": partial_iso(record.start, record.start_precision),
            "stop": partial_iso(record.stop, record.stop_precision) if record.stop else None,
            "dose": record.dose,
            "note": record.note,
        }
    if isinstance(record, Diagnosis):
        return {
            "type": record.category.value,
            "name": record.name,
            "since": partial_iso(record.since, record.precision),
            "ended": partial_iso(record.ended, record.ended_precision) if record.ended else None,
            "note": record.note,
        }
    if isinstance(record, Symptom):
        return {
            "type": record.category.value,
            "on": record.on.isoformat(),
            "symptom": record.symptom,
            "intensity": record.intensity,
            "note": record.note,
        }
    assert isinstance(record, LabResult)
    return {
        "type": record.category.value,
        "on": record.on.isoformat(),
        "test": record.test,
        "value": record.value,
        "unit": record.unit,
        "value_text": record.value_text,
        "note": record.note,
    }


def vault_json(session: Session, *, owner: Member) -> bytes:
    profile = store.load_profile(session, owner=owner)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _utc(utcnow().replace(microsecond=0)),
        "profile": {
            "birth_year": profile.birth_year,
            "sex": profile.sex.value if profile.sex else None,
        },
        "records": [_json_record(stored.record) for stored in store.records(session, owner=owner)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")

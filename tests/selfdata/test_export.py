"""A member downloads their whole vault, as CSV for a spreadsheet or the importer, and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from community.selfdata import export, importers, store
from community.selfdata.importers import csv_file
from community.selfdata.records import (
    LabResult,
    Measurement,
    Profile,
    Sex,
    Symptom,
    Treatment,
)
from tests.forums.helpers import log_in, member

RECORDS = [
    Measurement("glucose", datetime(2026, 3, 1, 7, 30), 1.25, "g/L", note="À jeun"),
    Measurement("blood_pressure", datetime(2026, 7, 2, 19, 5), 125.0, "mmHg", 80.0),
    Measurement("custom", datetime(2026, 3, 3, 9), 0.00001, "L", label="Débit de pointe"),
    Treatment("Metformine", date(2025, 1, 10), date(2026, 2, 1), "500 mg"),
    Treatment("Levothyrox", date(2026, 1, 2)),
    Symptom(date(2026, 3, 4), "Fatigue", 7, "Après la piscine; le soir"),
    LabResult(date(2026, 3, 5), "TSH", 2.1, "mUI/L"),
    LabResult(date(2026, 3, 6), "Sérologie", None, "", "négatif"),
]


@pytest.fixture
def camille(session):
    owner = member(session, "Camille")
    for record in RECORDS:
        store.add_record(session, owner=owner, record=record)
    store.save_profile(session, owner=owner, profile=Profile(1975, Sex.FEMALE))
    other = member(session, "Dominique")
    store.add_record(
        session, owner=other, record=Symptom(date(2026, 3, 4), "Secret de Dominique", 3)
    )
    store.save_profile(session, owner=other, profile=Profile(1961, Sex.MALE))
    session.commit()
    return owner


def test_the_csv_export_has_the_documented_columns_and_reads_back_in_python(client, camille):
    log_in(client, camille)

    response = client.get("/donnees/export.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == export.COLUMNS
    assert len(rows) == len(RECORDS)
    by_name = {(row["type"], row["nom"] or row["série"]): row for row in rows}
    glucose = by_name[("mesure", "glycémie")]
    assert (glucose["date"], glucose["heure"], glucose["valeur"], glucose["unité"]) == (
        "2026-03-01",
        "08:30",
        "1,25",
        "g/L",  # local time, decimal comma
    )
    assert glucose["note"] == "À jeun"
    pressure = by_name[("mesure", "tension")]
    assert (pressure["heure"], pressure["valeur"], pressure["valeur2"]) == ("21:05", "125", "80")
    assert by_name[("mesure", "Débit de pointe")]["valeur"] == "0,00001"
    metformine = by_name[("traitement", "Metformine")]
    assert (metformine["date"], metformine["fin"], metformine["dose"]) == (
        "2025-01-10",
        "2026-02-01",
        "500 mg",
    )
    assert by_name[("symptôme", "Fatigue")]["intensité"] == "7"
    assert by_name[("symptôme", "Fatigue")]["note"] == "Après la piscine; le soir"
    assert by_name[("analyse", "Sérologie")]["valeur"] == "négatif"
    assert "Dominique" not in response.data.decode("utf-8-sig")


def test_the_json_export_holds_the_profile_and_every_record_of_the_owner_only(client, camille):
    log_in(client, camille)

    response = client.get("/donnees/export.json")

    assert response.headers["Content-Disposition"].endswith('.json"')
    assert response.headers["Cache-Control"] == "private, no-store"
    document = json.loads(response.data)
    assert document["format"] == "communaute-patients/coffre"
    assert document["version"] == 1
    assert document["exported_at"].endswith("Z")
    assert document["profile"] == {"birth_year": 1975, "sex": "F"}
    assert len(document["records"]) == len(RECORDS)
    assert {r["type"] for r in document["records"]} == {
        "measurement",
        "treatment",
        "symptom",
        "lab",
    }
    glucose = next(r for r in document["records"] if r.get("series") == "glucose")
    assert glucose == {
        "type": "measurement",
        "series": "glucose",
        "at": "2026-03-01T07:30:00Z",
        "value": 1.25,
        "value2": None,
        "unit": "g/L",
        "label": "",
        "note": "À jeun",
    }
    assert "Dominique" not in response.data.decode()
    assert "1961" not in response.data.decode()


def test_an_empty_vault_exports_a_header_and_nothing_else(client, session):
    someone = member(session, "Sacha")
    session.commit()
    log_in(client, someone)

    text = client.get("/donnees/export.csv").data.decode("utf-8-sig")

    assert text.splitlines() == [";".join(export.COLUMNS)]
    assert json.loads(client.get("/donnees/export.json").data)["records"] == []


def test_the_importer_reads_the_export_back_unchanged(client, camille, app):
    log_in(client, camille)
    data = client.get("/donnees/export.csv").data

    with app.test_request_context():  # the importer's messages are translated
        parsed = csv_file.parse_csv(
            data,
            limits=importers.Limits(max_bytes=10**6, max_rows=100),
            zone=ZoneInfo("Europe/Paris"),
        )

    assert parsed.rejected == []
    assert sorted(map(repr, parsed.records)) == sorted(map(repr, RECORDS))

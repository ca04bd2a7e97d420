"""A member keeps their own records in the vault: adds, reads, edits, deletes, erases."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from community.selfdata import store
from community.selfdata.crypto import keyring
from community.selfdata.models import PendingImport, VaultEntry, VaultProfile
from community.selfdata.records import (
    Category,
    LabResult,
    Measurement,
    Profile,
    Sex,
    Symptom,
    Treatment,
)
from tests.forums.helpers import fresh, log_in, member

GLUCOSE = {
    "series": "glucose",
    "date": "2026-03-12",
    "time": "08:30",
    "value": "1,2",
    "unit": "g/L",
}

# One form per kind of record, and what the vault holds once it is sent.
ADDED = [
    (
        "mesures",
        GLUCOSE,
        # 08:30 in Paris in March (UTC+1) is 07:30 UTC.
        Measurement("glucose", datetime(2026, 3, 12, 7, 30), 1.2, "g/L"),
    ),
    (
        "mesures",
        {
            "series": "blood_pressure",
            "date": "12/07/2026",
            "time": "21h05",
            "value": "125",
            "value2": "80",
        },
        # Summer time (UTC+2); the unit left empty is the series' usual one.
        Measurement("blood_pressure", datetime(2026, 7, 12, 19, 5), 125.0, "mmHg", 80.0),
    ),
    (
        "mesures",
        {
            "series": "custom",
            "date": "2026-03-12",
            "time": "09:00",
            "value": "3,5",
            "unit": "L",
            "label": "Débit de pointe",
            "note": "Après\r\nle vélo",
        },
        Measurement(
            "custom", datetime(2026, 3, 12, 8), 3.5, "L", None, "Débit de pointe", "Après le vélo"
        ),
    ),
    (
        "traitements",
        {"name": "Metformine", "dose": "500 mg", "start": "2025-01-10", "stop": "2026-02-01"},
        Treatment("Metformine", date(2025, 1, 10), date(2026, 2, 1), "500 mg"),
    ),
    (
        "symptomes",
        {"date": "2026-03-04", "symptom": "Fatigue", "intensity": "7", "note": "Après la piscine"},
        Symptom(date(2026, 3, 4), "Fatigue", 7, "Après la piscine"),
    ),
    (
        "analyses",
        {"date": "2026-03-05", "test": "TSH", "result": "2,1", "unit": "mUI/L"},
        LabResult(date(2026, 3, 5), "TSH", 2.1, "mUI/L"),
    ),
    (
        "analyses",
        {"date": "2026-03-06", "test": "Sérologie", "result": "négatif"},
        LabResult(date(2026, 3, 6), "Sérologie", None, "", "négatif"),
    ),
]


def entries(session) -> int:
    return session.scalar(select(func.count()).select_from(VaultEntry)) or 0


@pytest.mark.parametrize(("kind", "form", "expected"), ADDED)
def test_a_member_adds_each_kind_of_record(client, session, kind, form, expected):
    camille = member(session, "Camille")
    session.commit()
    log_in(client, camille)

    response = client.post(f"/donnees/{kind}/ajouter", data=form)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/donnees/{kind}")
    fresh(session)
    assert [s.record for s in store.records(session, owner=camille)] == [expected]
    page = client.get(f"/donnees/{kind}").text
    assert "C’est enregistré dans votre coffre." in page


def test_the_add_forms_start_from_today_and_a_chosen_series(client, session):
    camille = member(session, "Camille")
    session.commit()
    log_in(client, camille)

    page = client.get("/donnees/mesures/ajouter?serie=weight").text

    assert '<option selected value="weight">' in page or 'value="weight" selected' in page
    assert 'type="date"' in page and 'type="time"' in page
    for kind in ("traitements", "symptomes", "analyses"):
        assert client.get(f"/donnees/{kind}/ajouter").status_code == 200


@pytest.mark.parametrize(
    ("record", "changes", "expected"),
    [
        (
            Measurement("glucose", datetime(2026, 3, 12, 7, 30), 1.2, "g/L"),
            {"value": "1,35", "unit": "G/L"},
            Measurement("glucose", datetime(2026, 3, 12, 7, 30), 1.35, "g/L"),
        ),
        (
            Treatment("Metformine", date(2025, 1, 10)),
            {"stop": "2026-02-01", "dose": "850 mg"},
            Treatment("Metformine", date(2025, 1, 10), date(2026, 2, 1), "850 mg"),
        ),
        (
            Symptom(date(2026, 3, 4), "Fatigue", 7),
            {"intensity": "3", "note": "Mieux"},
            Symptom(date(2026, 3, 4), "Fatigue", 3, "Mieux"),
        ),
        (
            LabResult(date(2026, 3, 5), "TSH", 2.1, "mUI/L"),
            {"result": "2,4"},
            LabResult(date(2026, 3, 5), "TSH", 2.4, "mUI/L"),
        ),
    ],
    ids=["measurement", "treatment", "symptom", "lab"],
)
def test_a_member_edits_a_record_from_the_form_filled_with_it(
    client, session, record, changes, expected
):
    camille = member(session, "Camille")
    entry = store.add_record(session, owner=camille, record=record)
    session.commit()
    log_in(client, camille)

    form_page = client.get(f"/donnees/entrees/{entry.id}/modifier")
    assert form_page.status_code == 200
    shown = _fields(form_page.text)
    response = client.post(f"/donnees/entrees/{entry.id}/modifier", data={**shown, **changes})

    assert response.status_code == 302, response.text
    fresh(session)
    assert [s.record for s in store.records(session, owner=camille)] == [expected]


def _fields(page: str) -> dict[str, str]:
    """What a browser would send back from the edit form, unchanged."""
    import html
    import re

    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input [^>]*?name="(\w+)"[^>]*?value="([^"]*)"', page)
    }
    for name, body in re.findall(r'<textarea [^>]*?name="(\w+)"[^>]*>([^<]*)</textarea>', page):
        fields[name] = html.unescape(body).strip("\n")
    for name, value in re.findall(
        r'<select [^>]*?name="(\w+)"[^>]*>.*?<option selected value="([^"]*)"', page, re.S
    ):
        fields[name] = value
    return fields


def test_the_edit_form_shows_local_time_and_a_decimal_comma(client, session):
    camille = member(session, "Camille")
    entry = store.add_record(
        session,
        owner=camille,
        record=Measurement("glucose", datetime(2026, 7, 1, 22, 15), 6.2, "mmol/L"),
    )
    session.commit()
    log_in(client, camille)

    fields = _fields(client.get(f"/donnees/entrees/{entry.id}/modifier").text)

    # 22:15 UTC on 1 July is 00:15 on 2 July in Paris.
    assert fields["date"] == "2026-07-02"
    assert fields["time"] == "00:15"
    assert fields["value"] == "6,2"
    assert fields["series"] == "glucose"


def test_a_member_deletes_a_record_after_confirming(client, session):
    camille = member(session, "Camille")
    entry = store.add_record(
        session, owner=camille, record=Symptom(date(2026, 3, 4), "Migraine", 8)
    )
    session.commit()
    log_in(client, camille)

    confirm = client.get(f"/donnees/entrees/{entry.id}/supprimer")
    assert confirm.status_code == 200
    assert "Migraine" in confirm.text and "Oui, supprimer" in confirm.text
    assert entries(session) == 1  # asking is not deleting

    response = client.post(f"/donnees/entrees/{entry.id}/supprimer")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/donnees/symptomes")
    fresh(session)
    assert entries(session) == 0


def test_the_overview_counts_each_category_and_shows_the_latest(client, session):
    camille = member(session, "Camille")
    for day in range(1, 8):
        store.add_record(
            session,
            owner=camille,
            record=Measurement("weight", datetime(2026, 3, day, 7), 70 + day, "kg"),
        )
    store.add_record(session, owner=camille, record=Treatment("Levothyrox", date(2026, 1, 2)))
    store.save_profile(session, owner=camille, profile=Profile(1975, Sex.FEMALE))
    session.commit()
    log_in(client, camille)

    page = client.get("/donnees").text

    assert "Mesures</a> :\n        7" in page
    assert "Traitements</a> :\n        0" not in page
    assert "77" in page and "71" not in page  # the five latest only
    assert "1975" in page and "Femme" in page
    assert "/donnees/export.csv" in page and "/donnees/effacer" in page


def test_the_header_links_to_my_data(client, session):
    camille = member(session, "Camille")
    session.commit()
    log_in(client, camille)

    assert 'href="/donnees">Mes données</a>' in client.get("/notifications/").text


def test_measurements_are_listed_newest_first_page_by_page_and_by_series(client, session):
    camille = member(session, "Camille")
    for minute in range(30):
        store.add_record(
            session,
            owner=camille,
            record=Measurement("steps", datetime(2026, 3, 1, 8, minute), 500 + minute, "pas"),
        )
    store.add_record(
        session, owner=camille, record=Measurement("weight", datetime(2026, 2, 1), 64, "kg")
    )
    session.commit()
    log_in(client, camille)

    first = client.get("/donnees/mesures").text
    assert first.index(" 529 pas") < first.index(" 528 pas")
    assert "Page 1 sur 2" in first
    second = client.get("/donnees/mesures?page=2").text
    assert "64" in second
    weights = client.get("/donnees/mesures?serie=weight").text
    assert "64" in weights and "Nombre de pas" not in weights.split("</select>")[1]
    assert client.get("/donnees/mesures?page=3").status_code == 404
    assert client.get("/donnees/mesures?serie=inconnue").status_code == 200


def test_a_member_saves_their_profile_and_is_told_why_we_ask(client, session):
    camille = member(session, "Camille")
    session.commit()
    log_in(client, camille)

    page = client.get("/donnees/profil").text
    assert "Pourquoi nous le demandons" in page
    assert "assez de membres" in page

    response = client.post("/donnees/profil", data={"birth_year": "1982", "sex": "M"})

    assert response.status_code == 302
    fresh(session)
    assert store.load_profile(session, owner=camille) == Profile(1982, Sex.MALE)
    client.post("/donnees/profil", data={"birth_year": "", "sex": ""})
    fresh(session)
    assert store.load_profile(session, owner=camille) == Profile()


@pytest.mark.parametrize("year", ["1899", "3000", "19x5", "75"])
def test_an_impossible_birth_year_is_refused(client, session, year):
    camille = member(session, "Camille")
    session.commit()
    log_in(client, camille)

    response = client.post("/donnees/profil", data={"birth_year": year, "sex": "F"})

    assert response.status_code == 400
    assert "Tapez une année de naissance entre 1900 et" in response.text
    assert session.scalar(select(func.count()).select_from(VaultProfile)) == 0


def test_erasing_the_vault_needs_the_password_and_deletes_every_row(client, session):
    camille = member(session, "Camille")
    other = member(session, "Dominique")
    for owner in (camille, other):
        store.add_record(session, owner=owner, record=Symptom(date(2026, 3, 4), "Fatigue", 5))
        store.add_record(session, owner=owner, record=Treatment("Insuline", date(2026, 1, 1)))
        store.save_profile(session, owner=owner, profile=Profile(1990, Sex.FEMALE))
        session.add(PendingImport(owner_id=owner.id, sealed=keyring().seal([]), row_count=0))
    session.commit()
    log_in(client, camille)

    assert "Effacer définitivement mon coffre" in client.get("/donnees/effacer").text
    wrong = client.post("/donnees/effacer", data={"password": "pas le bon"})
    assert wrong.status_code == 400
    assert "Ce n’est pas votre mot de passe." in wrong.text
    fresh(session)
    assert entries(session) == 4

    response = client.post("/donnees/effacer", data={"password": "correct horse battery"})

    assert response.status_code == 302
    fresh(session)
    assert store.records(session, owner=camille) == []
    assert store.load_profile(session, owner=camille) == Profile()
    assert session.scalars(select(PendingImport.owner_id)).all() == [other.id]
    assert len(store.records(session, owner=other)) == 2  # nobody else's vault


def test_someone_elses_entry_is_not_found(client, session):
    camille = member(session, "Camille")
    intruder = member(session, "Intrus")
    entry = store.add_record(session, owner=camille, record=Symptom(date(2026, 3, 4), "Fatigue", 5))
    session.commit()
    log_in(client, intruder)

    for url in (f"/donnees/entrees/{entry.id}/modifier", f"/donnees/entrees/{entry.id}/supprimer"):
        assert client.get(url).status_code == 404
        assert client.post(url, data={"intensity": "1"}).status_code == 404
    fresh(session)
    assert [s.record.intensity for s in store.records(session, owner=camille)] == [5]
    assert "Fatigue" not in client.get("/donnees/symptomes").text
    assert "Fatigue" not in client.get("/donnees").text


@pytest.mark.parametrize(
    "url",
    [
        "/donnees",
        "/donnees/mesures",
        "/donnees/analyses/ajouter",
        "/donnees/profil",
        "/donnees/export.csv",
        "/donnees/export.json",
        "/donnees/entrees/999/modifier",
    ],
)
def test_every_vault_page_is_private_and_not_indexed(client, session, url):
    camille = member(session, "Camille")
    session.commit()
    log_in(client, camille)

    response = client.get(url)

    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/donnees")

    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


def test_the_overview_links_only_to_pages_that_exist(client, session, app):
    camille = member(session, "Camille")
    session.commit()
    log_in(client, camille)

    page = client.get("/donnees").text

    for endpoint, text in (
        ("imports.upload", "Importer un fichier"),
        ("cards.index", "Mes cartes de données"),
        ("cards.views_log", "Qui a vu mes données"),
    ):
        assert (text in page) == (endpoint in app.view_functions)


def test_categories_are_kept_apart(session):
    camille = member(session, "Camille")
    store.add_record(session, owner=camille, record=Symptom(date(2026, 3, 4), "Fatigue", 5))
    session.commit()

    assert store.records(session, owner=camille, category=Category.LAB) == []

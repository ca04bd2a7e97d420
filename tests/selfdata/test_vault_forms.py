"""Whatever a member types wrong in a vault form, they get a French message and nothing is kept."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from community.kernel.text import has_visible_text
from community.selfdata import store, vault_input
from community.selfdata.models import VaultEntry
from community.selfdata.records import Category, Diagnosis, Precision, Symptom, Treatment
from tests.forums.helpers import fresh, log_in, member

PARIS = ZoneInfo("Europe/Paris")
GLUCOSE = {
    "series": "glucose",
    "date": "2026-03-12",
    "time": "08:30",
    "value": "1,2",
    "unit": "g/L",
}
TREATMENT = {"name": "Metformine", "start": "2025-01-10"}
SYMPTOM = {"date": "2026-03-04", "symptom": "Fatigue", "intensity": "7"}
LAB = {"date": "2026-03-05", "test": "TSH", "result": "2,1", "unit": "mUI/L"}
CONDITION = {"name": "Diabète de type 2", "since": "03/2019"}

BAD = [
    ("mesures", {**GLUCOSE, "value": "douze"}, "value", "Tapez un nombre"),
    ("mesures", {**GLUCOSE, "value": "1,2,3"}, "value", "Tapez un nombre"),
    ("mesures", {**GLUCOSE, "value": ""}, "value", "Indiquez une valeur."),
    ("mesures", {**GLUCOSE, "value": "45"}, "value", "entre 0,1 et 10"),
    ("mesures", {**GLUCOSE, "value": "nan"}, "value", "Tapez un nombre"),
    ("mesures", {**GLUCOSE, "unit": "mmol"}, "unit", "Unité inconnue « mmol » pour : Glycémie"),
    ("mesures", {**GLUCOSE, "series": "cholesterol"}, "series", "Choisissez ce que vous avez"),
    ("mesures", {**GLUCOSE, "date": "31/02/2026"}, "date", "Cette date n’existe pas."),
    ("mesures", {**GLUCOSE, "date": "1850-01-01"}, "date", "Cette date est impossible."),
    ("mesures", {**GLUCOSE, "date": "2026-12-31"}, "date", "dans le futur"),
    ("mesures", {**GLUCOSE, "time": "25:00"}, "time", "Cette heure n’existe pas."),
    ("mesures", {**GLUCOSE, "value2": "80"}, "value2", "que pour la tension"),
    (
        "mesures",
        {**GLUCOSE, "series": "blood_pressure", "unit": "", "value": "120"},
        "value2",
        "Indiquez une valeur.",
    ),
    ("mesures", {**GLUCOSE, "series": "custom", "unit": "L"}, "label", "Donnez un nom"),
    ("mesures", {**GLUCOSE, "note": "x" * 501}, "note", "500 caractères au plus"),
    ("traitements", {**TREATMENT, "stop": "2025-01-09"}, "stop", "avant la date de début"),
    ("traitements", {**TREATMENT, "name": ""}, "name", "Ce champ est obligatoire."),
    ("traitements", {**TREATMENT, "name": "M" * 81}, "name", "80 caractères au plus"),
    ("traitements", {**TREATMENT, "name": "Metformine\t850"}, "name", "caractères invisibles"),
    ("traitements", {**TREATMENT, "dose": "=1+1"}, "dose", "un tableur le prendrait"),
    ("symptomes", {**SYMPTOM, "intensity": "11"}, "intensity", "de 0 (rien) à 10"),
    ("symptomes", {**SYMPTOM, "intensity": "fort"}, "intensity", "de 0 (rien) à 10"),
    ("symptomes", {**SYMPTOM, "symptom": "@douleur"}, "symptom", "un tableur le prendrait"),
    ("symptomes", {**SYMPTOM, "symptom": "Mal\nde tête"}, "symptom", "caractères invisibles"),
    ("analyses", {**LAB, "result": ""}, "result", "Ce champ est obligatoire."),
    # Invisible characters alone are nothing typed: Hangul fillers, zero-width, braille blank.
    ("traitements", {**TREATMENT, "name": "\u3164\u3164"}, "name", "Ce champ est obligatoire."),
    ("symptomes", {**SYMPTOM, "symptom": "\u200b\u200d"}, "symptom", "Ce champ est obligatoire."),
    ("analyses", {**LAB, "test": " \u2800 "}, "test", "Ce champ est obligatoire."),
    ("analyses", {**LAB, "result": "9999999999"}, "result", "bien trop grand"),
    ("analyses", {**LAB, "note": "y" * 5000}, "note", "vous en avez écrit 5000"),
    ("maladies", {**CONDITION, "name": ""}, "name", "Ce champ est obligatoire."),
    ("maladies", {**CONDITION, "since": ""}, "since", "Indiquez la date."),
    ("maladies", {**CONDITION, "since": "13/2019"}, "since", "Cette date n’existe pas."),
    ("maladies", {**CONDITION, "since": "1850"}, "since", "Cette date est impossible."),
    ("maladies", {**CONDITION, "ended": "2018"}, "ended", "avant la date de début"),
]


def entries(session) -> int:
    return session.scalar(select(func.count()).select_from(VaultEntry)) or 0


@pytest.mark.parametrize(("kind", "form", "field", "message"), BAD)
def test_bad_input_gets_a_french_message_and_writes_nothing(
    client, session, kind, form, field, message
):
    camille = member(session, "Camille")
    session.commit()
    log_in(client, camille)

    response = client.post(f"/donnees/{kind}/ajouter", data=form)

    assert response.status_code == 400
    assert message in response.text
    assert f'id="{field}-erreurs"' in response.text  # next to its field
    fresh(session)
    assert entries(session) == 0


def test_a_refused_edit_leaves_the_record_as_it_was(client, session):
    camille = member(session, "Camille")
    entry = store.add_record(session, owner=camille, record=Symptom(date(2026, 3, 4), "Fatigue", 5))
    session.commit()
    log_in(client, camille)

    response = client.post(
        f"/donnees/entrees/{entry.id}/modifier", data={**SYMPTOM, "intensity": "12"}
    )

    assert response.status_code == 400
    fresh(session)
    assert [s.record for s in store.records(session, owner=camille)] == [
        Symptom(date(2026, 3, 4), "Fatigue", 5)
    ]


def test_the_messages_read_in_english_too(client, session):
    camille = member(session, "Camille", locale="en")
    session.commit()
    log_in(client, camille)
    client.set_cookie("lang", "en", domain="localhost")

    response = client.post("/donnees/mesures/ajouter", data={**GLUCOSE, "value": "douze"})

    assert response.status_code == 400
    assert "Type a number" in response.text


@pytest.mark.parametrize("name", ["Anti\u202egib", "Fièvre\x00", "Toux\x07", "Nausée\u2066"])
def test_a_service_caller_gets_control_characters_refused_too(name):
    with pytest.raises(vault_input.VaultInputError) as refused:
        vault_input.symptom_from({**SYMPTOM, "symptom": name}, zone=PARIS)
    assert "caractères invisibles" in str(refused.value.errors["symptom"])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1,2", 1.2), ("1.2", 1.2), (" 7 ", 7.0), ("-0,5", -0.5), ("1\u202f000", 1000.0)],
)
def test_numbers_are_read_with_a_comma_or_a_point(typed, expected):
    assert vault_input._as_number(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2024-03-12", date(2024, 3, 12)),
        ("12/03/2024", date(2024, 3, 12)),
        ("12.03.2024", date(2024, 3, 12)),
        ("2024-02-30", None),
        ("hier", None),
    ],
)
def test_days_are_read_as_a_date_field_or_a_person_writes_them(typed, expected):
    assert vault_input.parse_day(typed) == expected


def test_a_time_in_the_night_of_the_clock_change_is_kept_in_utc(app):
    # 27 March 2026, 02:30 does not exist in Paris; 25 October 02:30 happens twice.
    record = vault_input.record_from(
        Category.MEASUREMENT, {**GLUCOSE, "date": "2025-10-26", "time": "02:30"}, zone=PARIS
    )
    assert record.at == datetime(2025, 10, 26, 0, 30)  # the first of the two, summer time


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the app is not changed
@given(st.text(max_size=40))
def test_whatever_a_member_types_as_a_name_is_kept_as_is_or_refused(app, typed):
    try:
        record = vault_input.symptom_from({**SYMPTOM, "symptom": typed}, zone=PARIS)
    except vault_input.VaultInputError as error:
        assert set(error.errors) == {"symptom"}
        with app.test_request_context():
            assert str(error.errors["symptom"])
    else:
        assert record.symptom == typed.strip()
        assert has_visible_text(record.symptom)
        if record.symptom.startswith(vault_input.FORMULA_STARTS):
            # Only a number may start so: a spreadsheet reads "-0" as a number, not a formula.
            assert re.fullmatch(r"[+-][\d\s.,\u00a0\u202f]+", record.symptom)
        assert all(ord(c) >= 32 and not 0x7F <= ord(c) <= 0x9F for c in record.symptom)


@pytest.mark.parametrize(
    ("typed", "since", "precision", "shown"),
    [
        ("2019", date(2019, 1, 1), Precision.YEAR, "depuis : 2019"),
        ("03/2019", date(2019, 3, 1), Precision.MONTH, "depuis : mars 2019"),
        ("2019-03", date(2019, 3, 1), Precision.MONTH, "depuis : mars 2019"),
        ("12/03/2019", date(2019, 3, 12), Precision.DAY, "depuis : 12 mars 2019"),
    ],
)
def test_a_member_notes_a_condition_with_as_much_of_its_date_as_she_knows(
    client, session, typed, since, precision, shown
):
    camille = member(session, "Camille")
    session.commit()
    log_in(client, camille)

    added = client.post("/donnees/maladies/ajouter", data={"name": "Asthme", "since": typed})

    assert added.status_code == 302
    listed = client.get("/donnees/maladies").text
    assert "Asthme" in listed and shown in listed
    fresh(session)
    (stored,) = store.records(session, owner=camille)
    assert stored.record == Diagnosis("Asthme", since, precision=precision)


def test_editing_a_treatment_known_by_its_month_keeps_it_a_month(client, session):
    camille = member(session, "Camille")
    started = Treatment("Metformine", date(2019, 4, 1), start_precision=Precision.MONTH)
    entry = store.add_record(session, owner=camille, record=started)
    session.commit()
    log_in(client, camille)

    form = client.get(f"/donnees/entrees/{entry.id}/modifier").text
    assert 'value="04/2019"' in form
    client.post(
        f"/donnees/entrees/{entry.id}/modifier",
        data={"name": "Metformine", "start": "04/2019", "dose": "500 mg"},
    )

    fresh(session)
    (stored,) = store.records(session, owner=camille)
    assert stored.record == Treatment(
        "Metformine", date(2019, 4, 1), dose="500 mg", start_precision=Precision.MONTH
    )

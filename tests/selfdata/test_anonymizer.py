"""The anonymizer: what a member's records become on a data card, and when a card is refused."""

from __future__ import annotations

import contextvars
import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import pytest
from flask import Flask, has_request_context

from community.selfdata.anonymizer import (
    MAX_POINTS,
    Anonymized,
    CardRequest,
    anonymize,
    round_to_step,
    two_significant,
)
from community.selfdata.records import (
    LabResult,
    Measurement,
    Profile,
    Record,
    Sex,
    Symptom,
    Treatment,
)

TODAY = date(2026, 11, 23)
MARCH = CardRequest(("glucose",), date(2024, 3, 1), date(2024, 3, 31))
ANNE = Profile(birth_year=1981, sex=Sex.FEMALE)  # 45 this year: the 40–49 band


@pytest.fixture(autouse=True)
def in_request(app: Flask) -> Iterator[None]:
    # Texts are translated, and the member's local day comes from the site's zone.
    with app.test_request_context():
        yield


def glucose(day: int, value: float, hour: int = 8, **kwargs: Any) -> Measurement:
    return Measurement("glucose", datetime(2024, 3, day, hour), value, "mg/dL", **kwargs)


def crowd(n: int, profile: Profile = ANNE) -> list[Profile]:
    return [profile] * n


def card(
    records: Sequence[Record],
    request: CardRequest = MARCH,
    *,
    profile: Profile = ANNE,
    population: Sequence[Profile] | None = None,
    space_members: int = 50,
    identifiers: Sequence[str] = (),
) -> Anonymized:
    return anonymize(
        records,
        profile=profile,
        population=crowd(10) if population is None else population,
        space_members=space_members,
        condition="Diabète de type 1",
        request=request,
        k=5,
        today=TODAY,
        identifiers=identifiers,
    )


def snapshot(records: Sequence[Record], request: CardRequest = MARCH, **kwargs: Any) -> dict:
    result = card(records, request, **kwargs)
    assert result.refusal is None, result.refusal
    assert result.snapshot is not None
    return result.snapshot


# --- Dates become days after the first point -------------------------------------------


def test_days_are_counted_from_the_first_point_shown():
    shown = snapshot([glucose(10, 140), glucose(3, 150), glucose(17, 130)])
    assert shown["series"][0]["points"] == [[0, 150.0], [7, 140.0], [14, 130.0]]
    assert shown["period_days"] == 15
    assert all(isinstance(point[0], int) for point in shown["series"][0]["points"])


def test_a_measurement_counts_on_the_members_local_day():
    # 23:30 UTC on 31 March is already 1 April in Paris: outside March.
    late = Measurement("glucose", datetime(2024, 3, 31, 23, 30), 200, "mg/dL")
    # 22:30 UTC on 29 February is 23:30 in Paris, still February.
    early = Measurement("glucose", datetime(2024, 2, 29, 22, 30), 210, "mg/dL")
    shown = snapshot([glucose(5, 140), late, early])
    assert shown["series"][0]["points"] == [[0, 140.0]]


def test_records_outside_the_period_or_not_chosen_are_left_out():
    records: list[Record] = [
        glucose(5, 140),
        Measurement("glucose", datetime(2024, 4, 2, 8), 300, "mg/dL"),
        Measurement("weight", datetime(2024, 3, 6, 8), 71.4, "kg"),
        Symptom(date(2024, 3, 7), "Fatigue", 5),
        LabResult(date(2024, 3, 8), "TSH", 2.1, "mUI/L"),
    ]
    shown = snapshot(records)
    assert [s["key"] for s in shown["series"]] == ["glucose"]
    assert shown["series"][0]["points"] == [[0, 140.0]]
    assert shown["symptoms"] == [] and shown["labs"] == [] and shown["treatments"] == []


def test_symptoms_and_labs_on_days_of_the_period_are_shown_on_the_same_scale():
    request = CardRequest(
        ("glucose",), date(2024, 3, 1), date(2024, 3, 31), symptoms=True, labs=True
    )
    records: list[Record] = [
        glucose(5, 140),
        Symptom(date(2024, 3, 3), "Fatigue", 6, note="épuisée"),
        Symptom(date(2024, 4, 3), "Migraine", 8),
        LabResult(date(2024, 3, 12), "TSH", 2.137, "mUI/L"),
        LabResult(date(2024, 3, 13), "Glycosurie", None, "", "négatif"),
    ]
    shown = snapshot(records, request)
    # The symptom on 3 March is the first point: J0.
    assert shown["symptoms"] == [{"day": 0, "symptom": "Fatigue", "intensity": 6, "note": ""}]
    assert shown["series"][0]["points"] == [[2, 140.0]]
    assert shown["labs"] == [
        {"day": 9, "test": "TSH", "value": 2.1, "unit": "mUI/L", "value_text": ""},
        {"day": 10, "test": "Glycosurie", "value": None, "unit": "", "value_text": "négatif"},
    ]


def test_treatments_overlapping_the_period_are_shown_with_relative_days():
    request = CardRequest(("glucose",), date(2024, 3, 1), date(2024, 3, 31), treatments=True)
    records: list[Record] = [
        glucose(1, 140),
        Treatment("Insuline glargine", date(2024, 1, 31), None, dose="12 UI"),
        Treatment("Metformine", date(2024, 2, 1), date(2024, 3, 10)),
        Treatment("Ancien traitement", date(2023, 1, 1), date(2024, 2, 29)),
        Treatment("Plus tard", date(2024, 4, 1)),
    ]
    shown = snapshot(records, request)
    assert shown["treatments"] == [
        {"name": "Insuline glargine", "start_day": -30, "stop_day": None, "dose": ""},
        {"name": "Metformine", "start_day": -29, "stop_day": 9, "dose": ""},
    ]


# --- Values are rounded ------------------------------------------------------------


def test_values_are_rounded_to_each_series_step_in_its_unit():
    request = CardRequest(
        ("glucose", "hba1c", "weight", "sleep", "steps"), date(2024, 3, 1), date(2024, 3, 31)
    )
    at = datetime(2024, 3, 5, 8)
    records: list[Record] = [
        Measurement("glucose", at, 142.4, "mg/dL"),
        Measurement("glucose", at, 7.33, "mmol/L"),
        Measurement("hba1c", at, 7.26, "%"),
        Measurement("weight", at, 71.6, "kg"),
        Measurement("sleep", at, 7.4, "h"),
        Measurement("steps", at, 8_449, "pas"),
    ]
    values = {
        (s["key"], s["unit"]): s["points"][0][1] for s in snapshot(records, request)["series"]
    }
    assert values == {
        ("glucose", "mg/dL"): 140.0,
        ("glucose", "mmol/L"): 7.4,
        ("hba1c", "%"): 7.3,
        ("weight", "kg"): 72.0,
        ("sleep", "h"): 7.5,
        ("steps", "pas"): 8_400.0,
    }


def test_blood_pressure_keeps_both_values_rounded():
    request = CardRequest(("blood_pressure",), date(2024, 3, 1), date(2024, 3, 31))
    records = [Measurement("blood_pressure", datetime(2024, 3, 5, 8), 128, "mmHg", value2=83)]
    assert snapshot(records, request)["series"][0]["points"] == [[0, 130.0, 85.0]]


def test_custom_measurements_and_labs_keep_two_significant_digits():
    request = CardRequest(("custom",), date(2024, 3, 1), date(2024, 3, 31))
    records = [Measurement("custom", datetime(2024, 3, 5, 8), 1234.5, "ml", label="Diurèse")]
    series = snapshot(records, request)["series"][0]
    assert series == {"key": "custom", "label": "Diurèse", "unit": "ml", "points": [[0, 1200.0]]}
    assert two_significant(0.01234) == 0.012
    assert round_to_step(7.26, 0.1) == 7.3


def test_a_long_series_is_thinned_to_daily_means():
    many = [glucose(1 + i % 20, 100 + i % 3 * 10, hour=i % 12) for i in range(500)]
    points = snapshot(many)["series"][0]["points"]
    assert len(points) == 20 <= MAX_POINTS
    assert [p[0] for p in points] == list(range(20))


# --- Free text ---------------------------------------------------------------------


def test_notes_and_doses_are_dropped_unless_the_member_keeps_them():
    base = dict(series=("glucose",), start=date(2024, 3, 1), end=date(2024, 3, 31))
    records: list[Record] = [
        glucose(2, 140),
        Symptom(date(2024, 3, 3), "Fatigue", 6, note="Vue au CHU le 12/03/2024, j’ai 43 ans"),
        Treatment("Insuline", date(2024, 3, 1), dose="12 UI, appeler le 06 12 34 56 78"),
    ]
    dropped = snapshot(records, CardRequest(**base, treatments=True, symptoms=True))
    assert dropped["symptoms"][0]["note"] == "" and dropped["treatments"][0]["dose"] == ""
    assert dropped["notes_kept"] is False

    kept = snapshot(records, CardRequest(**base, treatments=True, symptoms=True, keep_text=True))
    assert kept["notes_kept"] is True
    assert kept["symptoms"][0]["note"] == "Vue au CHU le [retiré], [retiré]"
    assert kept["treatments"][0]["dose"] == "12 UI, appeler le [retiré]"


def test_names_are_scrubbed_and_cut():
    request = CardRequest(("custom",), date(2024, 3, 1), date(2024, 3, 31), symptoms=True)
    records: list[Record] = [
        Measurement("custom", datetime(2024, 3, 5, 8), 3, "", label="Crises de Marie Dupont"),
        Symptom(date(2024, 3, 5), "Douleur " + "très " * 30 + "forte", 7),
    ]
    shown = snapshot(records, request, identifiers=["marie.dupont@example.org"])
    assert shown["series"][0]["label"] == "Crises de [retiré]"
    assert len(shown["symptoms"][0]["symptom"]) <= 60


# --- What the card is called, and when it is empty -------------------------------------


def test_the_title_names_what_the_card_holds_and_for_how_long_never_a_date():
    request = CardRequest(
        ("glucose", "weight"), date(2024, 3, 1), date(2024, 3, 31), treatments=True, labs=True
    )
    records: list[Record] = [
        glucose(1, 140),
        Measurement("weight", datetime(2024, 3, 30, 8), 70, "kg"),
        Treatment("Insuline", date(2024, 1, 1)),
        LabResult(date(2024, 3, 12), "TSH", 2.1, "mUI/L"),
    ]
    shown = snapshot(records, request)
    assert shown["title"] == "Glycémie, Poids, traitements, analyses · 31 jours"
    text = json.dumps(shown, ensure_ascii=False)
    assert "2024" not in text and "mars" not in text


def test_a_card_with_nothing_in_the_period_is_refused():
    result = card([glucose(5, 140)], CardRequest(("weight",), date(2024, 3, 1), date(2024, 3, 31)))
    assert result.snapshot is None
    assert result.refusal is not None and "Aucune donnée dans cette période" in result.refusal
    assert card([], MARCH).snapshot is None


def test_a_period_ending_before_it_starts_is_refused():
    result = card([glucose(5, 140)], CardRequest(("glucose",), date(2024, 3, 31), date(2024, 3, 1)))
    assert result.snapshot is None and result.refusal


# --- k-anonymity: what the card says about its author ------------------------------------


def with_sex() -> CardRequest:
    return CardRequest(("glucose",), date(2024, 3, 1), date(2024, 3, 31), keep_sex=True)


def test_an_age_band_and_sex_shared_by_k_members_are_shown_as_they_are():
    shown = card([glucose(5, 140)], with_sex(), population=crowd(5))
    assert shown.snapshot is not None
    assert shown.snapshot["age"] == {"low": 40, "high": 49}
    assert shown.snapshot["sex"] == "F"
    assert shown.snapshot["condition"] == "Diabète de type 1"
    assert shown.coarsened == ()


def test_sex_is_not_shown_unless_the_member_keeps_it():
    shown = card([glucose(5, 140)], population=crowd(5))
    assert shown.snapshot is not None and shown.snapshot["sex"] is None
    assert shown.coarsened == ()


def test_with_one_member_short_the_band_widens_to_twenty_years():
    # 4 women in their forties, 1 woman of 55: 40–49 holds 4, 40–59 holds 5.
    population = [*crowd(4), Profile(1971, Sex.FEMALE)]
    shown = card([glucose(5, 140)], with_sex(), population=population)
    assert shown.snapshot is not None
    assert shown.snapshot["age"] == {"low": 40, "high": 59}
    assert shown.snapshot["sex"] == "F"
    assert shown.coarsened == (
        "Moins de 5 membres de cet espace ont votre tranche d’âge : nous affichons une "
        "tranche plus large (40–59 ans).",
    )


def test_sex_is_dropped_before_the_ten_year_band_is():
    # 4 women and 1 man in their forties; nobody else near.
    population = [*crowd(4), Profile(1982, Sex.MALE), Profile(1950, Sex.FEMALE)]
    shown = card([glucose(5, 140)], with_sex(), population=population)
    assert shown.snapshot is not None
    assert shown.snapshot["age"] == {"low": 40, "high": 49}
    assert shown.snapshot["sex"] is None
    assert shown.coarsened == (
        "Moins de 5 membres de cet espace ont votre tranche d’âge et votre sexe : nous "
        "n’affichons pas votre sexe.",
    )


def test_then_the_twenty_year_band_without_sex():
    population = [*crowd(3), Profile(1983, Sex.MALE), Profile(1970, Sex.MALE)]
    shown = card([glucose(5, 140)], with_sex(), population=population)
    assert shown.snapshot is not None
    assert (shown.snapshot["age"], shown.snapshot["sex"]) == ({"low": 40, "high": 59}, None)
    assert len(shown.coarsened) == 2


def test_then_only_the_condition_counted_over_all_members_of_the_space():
    population = crowd(2) + [Profile(1990, Sex.MALE)] * 10
    shown = card([glucose(5, 140)], with_sex(), population=population, space_members=5)
    assert shown.snapshot is not None
    assert (shown.snapshot["age"], shown.snapshot["sex"]) == (None, None)
    assert any("nous n’affichons pas votre âge" in note for note in shown.coarsened)


def test_a_space_with_fewer_than_k_members_refuses_the_card_and_says_why():
    shown = card([glucose(5, 140)], population=crowd(4), space_members=4)
    assert shown.snapshot is None
    assert shown.refusal == (
        "Cet espace compte moins de 5 membres : une carte de données permettrait de vous "
        "reconnaître. Elle ne peut pas être créée ici."
    )


def test_a_member_without_a_birth_year_shows_no_age():
    nobody = Profile(birth_year=None, sex=Sex.MALE)
    shown = card([glucose(5, 140)], with_sex(), profile=nobody, population=crowd(6, nobody))
    assert shown.snapshot is not None
    assert (shown.snapshot["age"], shown.snapshot["sex"]) == (None, "M")


def test_a_minor_is_shown_as_under_eighteen_and_never_narrower():
    teen = Profile(birth_year=2011, sex=Sex.FEMALE)  # 15
    population = [Profile(2009 + i, Sex.FEMALE) for i in range(5)]  # 17 to 13
    shown = card([glucose(5, 140)], with_sex(), profile=teen, population=population)
    assert shown.snapshot is not None
    assert shown.snapshot["age"] == {"low": 0, "high": 17}
    assert shown.coarsened == ()


def test_a_minor_among_too_few_minors_loses_the_age_not_gains_a_narrower_one():
    teen = Profile(birth_year=2011, sex=Sex.FEMALE)
    shown = card([glucose(5, 140)], profile=teen, population=[teen] * 3 + crowd(10))
    assert shown.snapshot is not None
    assert shown.snapshot["age"] is None


def test_a_card_of_treatments_only_starts_where_the_period_does():
    request = CardRequest((), date(2024, 3, 1), date(2024, 3, 31), treatments=True)
    shown = snapshot([Treatment("Insuline", date(2024, 1, 1))], request)
    assert shown["treatments"][0]["start_day"] == -60
    assert shown["series"] == [] and shown["period_days"] == 31
    assert shown["title"] == "Traitements · 31 jours"


def test_a_measurements_own_note_never_reaches_the_card():
    request = CardRequest(("glucose",), date(2024, 3, 1), date(2024, 3, 31), keep_text=True)
    shown = snapshot([glucose(5, 140, note="après le dîner chez Paul")], request)
    assert "Paul" not in json.dumps(shown)


def test_a_card_made_outside_a_request_is_in_the_sites_language(app: Flask):
    # The demo and commands have no reader: the card is written in the site's language.
    def in_a_command() -> Anonymized:
        assert not has_request_context()
        with app.app_context():
            return card([glucose(5, 140)], population=crowd(5))

    # A fresh context: none of this test's request context leaks into the "command".
    shown = contextvars.Context().run(in_a_command)
    assert shown.snapshot is not None and shown.snapshot["title"] == "Glycémie · 1 jour"

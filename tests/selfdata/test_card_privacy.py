"""Whatever a vault holds, a data card never names nor dates its author.

Property-based: hypothesis fills a vault with random records whose names and notes are
seeded with e-mails, phone numbers, dates in several forms, the birth date, the age and
the member's names, then checks the snapshot and the rendered card for each of them.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask, render_template_string
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from community.selfdata.anonymizer import CardRequest, anonymize
from community.selfdata.charts import present
from community.selfdata.records import (
    LabResult,
    Measurement,
    Profile,
    Record,
    Sex,
    Symptom,
    Treatment,
)
from community.selfdata.scrub import scrub

TODAY = date(2026, 11, 23)
PARIS = ZoneInfo("Europe/Paris")
MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip
EMAILS = ["marie.dupont@example.org", "jp.martin@gmail.com", "Lefevre.C@orange.fr"]
PHONES = ["06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "0612345678", "+44 20 7946 0958"]
IDENTIFIERS = ["marie.dupont@example.org", "Dupont", "Marie-Claire Lefèvre", "Kerbrat"]
WORDS = ["fatigue", "après le repas", "hypo", "Glycémie haute", "bien dormi", "sport", "ok"]
SERIES = ["glucose", "weight", "blood_pressure", "steps", "pain", "custom"]


def date_forms(day: date) -> list[str]:
    return [
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d/%m/%y"),
        f"{day.day} {MONTHS[day.month - 1]} {day.year}",
    ]


def value_for(series: str, draw: Any) -> tuple[float, str, float | None]:
    if series == "glucose":
        return draw(st.floats(40, 400)), "mg/dL", None
    if series == "weight":
        return draw(st.floats(30, 150)), "kg", None
    if series == "blood_pressure":
        return draw(st.floats(90, 200)), "mmHg", draw(st.floats(50, 120))
    if series == "steps":
        return draw(st.floats(0, 30_000)), "pas", None
    if series == "pain":
        return float(draw(st.integers(0, 10))), "/10", None
    return draw(st.floats(-1000, 1000)), "ml", None


@st.composite
def vaults(draw: Any) -> dict[str, Any]:
    # Never a round decade: a rounded value (1 900 steps) must not pass for a birth year.
    birth_year = draw(st.integers(1931, 2014).filter(lambda year: year % 10))
    birth_date = date(birth_year, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    age = TODAY.year - birth_year
    first = draw(st.dates(date(2019, 1, 1), date(2025, 12, 31)))
    days = st.integers(0, 150)
    seeds = [
        *EMAILS,
        *PHONES,
        *IDENTIFIERS,
        *date_forms(birth_date),
        *date_forms(first),
        f"J’ai {age} ans",
        f"{age} ans",
        f"née en {birth_year}",
        "12 rue de la Paix, 75002 Paris",
    ]
    text = st.lists(st.sampled_from(WORDS + seeds), max_size=6).map(" ".join)
    records: list[Record] = []
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["measurement", "treatment", "symptom", "lab"]))
        day = first + timedelta(days=draw(days))
        if kind == "measurement":
            series = draw(st.sampled_from(SERIES))
            value, unit, value2 = value_for(series, draw)
            at = datetime.combine(day, datetime.min.time()) + timedelta(
                minutes=draw(st.integers(0, 1439))
            )
            label = draw(text) or "Mesure" if series == "custom" else ""
            records.append(Measurement(series, at, value, unit, value2, label, draw(text)))
        elif kind == "treatment":
            stop = day + timedelta(days=draw(days)) if draw(st.booleans()) else None
            records.append(Treatment(draw(text) or "Traitement", day, stop, draw(text), draw(text)))
        elif kind == "symptom":
            records.append(
                Symptom(day, draw(text) or "Fatigue", draw(st.integers(0, 10)), draw(text))
            )
        else:
            value = draw(st.none() | st.floats(0, 500))
            records.append(
                LabResult(day, draw(text) or "TSH", value, "mUI/L", draw(text), draw(text))
            )
    start = first + timedelta(days=draw(st.integers(-10, 60)))
    request = CardRequest(
        series=tuple(draw(st.lists(st.sampled_from(SERIES), min_size=1, unique=True))),
        start=start,
        end=start + timedelta(days=draw(st.integers(0, 200))),
        treatments=draw(st.booleans()),
        symptoms=draw(st.booleans()),
        labs=draw(st.booleans()),
        keep_sex=draw(st.booleans()),
        keep_text=draw(st.booleans()),
    )
    return {
        "profile": Profile(birth_year, draw(st.sampled_from([Sex.FEMALE, Sex.MALE, None]))),
        "birth_date": birth_date,
        "age": age,
        "records": records,
        "request": request,
    }


def record_days(record: Record) -> list[date]:
    if isinstance(record, Measurement):
        return [record.at.date(), record.at.replace(tzinfo=UTC).astimezone(PARIS).date()]
    if isinstance(record, Treatment):
        return [record.start] + ([record.stop] if record.stop else [])
    return [record.on]


def forbidden(vault: dict[str, Any]) -> list[str]:
    found = [*EMAILS, *PHONES, *IDENTIFIERS, "Marie-Claire", "Lefèvre", "Lefevre"]
    found += [str(vault["birth_date"].year), *date_forms(vault["birth_date"])]
    for record in vault["records"]:
        for day in record_days(record):
            found += date_forms(day)
    return found


@settings(
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(vault=vaults(), population_size=st.integers(0, 12))
def test_no_card_ever_shows_a_date_an_age_or_an_identifier(
    app: Flask, vault: dict[str, Any], population_size: int
) -> None:
    with app.test_request_context():
        profile = vault["profile"]
        result = anonymize(
            vault["records"],
            profile=profile,
            population=[profile] * population_size,
            space_members=population_size + 3,
            condition="Diabète de type 1",
            request=vault["request"],
            k=5,
            today=TODAY,
            identifiers=IDENTIFIERS,
        )
        event("refused" if result.snapshot is None else "shown")
        if result.snapshot is None:
            assert result.refusal
            return
        macro = '{% from "selfdata/_card.html" import data_card %}{{ data_card(p) }}'
        html = render_template_string(macro, p=present(result.snapshot))
    shown = json.dumps(result.snapshot, ensure_ascii=False)
    json.loads(shown)  # plain JSON types only
    for text in (shown, html):
        folded = text.casefold()
        for secret in forbidden(vault):
            assert secret.casefold() not in folded, secret
        # "43 ans", but not the top of a band ("50–59 ans" for someone of 59).
        assert not re.search(rf"(?<![–0-9]){vault['age']} ans", text), vault["age"]
    age = result.snapshot["age"]
    if age is not None:
        assert age["high"] - age["low"] >= 9 or (age["low"], age["high"]) == (0, 17)


# --- the scrubber, form by form ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "écrire à marie.dupont@example.org",
        "jean (at) gmail . com",
        "appeler le 06 12 34 56 78",
        "appeler le 06-12-34-56-78",
        "appeler le +33 (0)6 12 34 56 78",
        "call +1 415 555 0132",
        "le 12/03/2024",
        "le 12.03.24",
        "le 2024-03-12",
        "le 12 mars 2024",
        "le 1er mars",
        "mardi 12",
        "depuis mars 2024",
        "en février",
        "March 12, 2024",
        "le 12/03",
        "j’ai 43 ans",
        "43ans",
        "âgée de 43",
        "née en 1981",
        "NIR 2 84 12 75 123 456 78",
        "284127512345678",
        "12 rue de la Paix",
        "75002 Paris",
        "code 75002",
        "voir https://exemple.fr/profil/42",
        "voir www.exemple.com",
    ],
)
def test_the_scrubber_removes_each_kind_of_identifier(text: str) -> None:
    scrubbed = scrub(text)
    assert "[retiré]" in scrubbed
    assert not any(char.isdigit() for char in scrubbed.replace("(0)", "")), scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "Insuline glargine 100 UI/ml",
        "Metformine 1000 mg, 2 fois par jour",
        "douleur 7/10 le soir",
        "glycémie 7,2 mmol/L après 30 min de marche",
        "10000 pas",
        "TSH",
    ],
)
def test_the_scrubber_keeps_what_is_medical(text: str) -> None:
    assert scrub(text) == text


def test_the_scrubber_removes_the_members_names_whatever_their_case_and_accents() -> None:
    text = "Note de MARIE-CLAIRE LEFEVRE, dite marie, pour Kerbrat"
    scrubbed = scrub(text, identifiers=["Marie-Claire Lefèvre", "kerbrat"])
    # "marie" alone is a piece of the name: gone too.
    assert scrubbed == "Note de [retiré], dite [retiré], pour [retiré]"


def test_the_scrubber_strips_control_characters_and_caps_the_length() -> None:
    assert scrub("a\x00b\u202ec\u200bd\n\te") == "a bcd e"
    long = scrub("fatigue " * 100, limit=60)
    assert len(long) <= 60 and long.endswith("…")

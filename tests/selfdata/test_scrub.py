"""A member who keeps their notes on a data card ("Garder mes notes et doses") keeps the
medical words, never the names, places, dates of birth or contact details in them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from flask import Flask

from community.selfdata.anonymizer import CardRequest, anonymize
from community.selfdata.records import Measurement, Profile, Sex, Symptom, Treatment
from community.selfdata.scrub import REMOVED, scrub

MARCH = CardRequest(
    ("glucose",),
    date(2024, 3, 1),
    date(2024, 3, 31),
    treatments=True,
    symptoms=True,
    keep_text=True,
)
ANNE = Profile(birth_year=1981, sex=Sex.FEMALE)


@pytest.fixture(autouse=True)
def in_request(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


def kept_notes(note: str, dose: str) -> tuple[str, str]:
    """The symptom's note and the treatment's dose as the card shows them."""
    result = anonymize(
        [
            Measurement("glucose", datetime(2024, 3, 2, 8), 140, "mg/dL"),
            Symptom(date(2024, 3, 3), "Fatigue", 6, note=note),
            Treatment("Insuline", date(2024, 3, 1), dose=dose),
        ],
        profile=ANNE,
        population=[ANNE] * 10,
        space_members=50,
        condition="Diabète de type 1",
        request=MARCH,
        k=5,
        today=date(2026, 11, 23),
    )
    assert result.snapshot is not None, result.refusal
    return result.snapshot["symptoms"][0]["note"], result.snapshot["treatments"][0]["dose"]


def test_a_kept_note_loses_the_full_name_and_the_city_it_names():
    note, dose = kept_notes(
        "Vue par le Dr Sophie Marchand à Bordeaux, fatigue après l'effort",
        "12 UI, réglée avec Kevin Durand, infirmier au CHU de Nantes",
    )
    for word in ("Sophie", "Marchand", "Bordeaux", "Kevin", "Durand", "Nantes"):
        assert word not in note + dose
    assert note == f"Vue par le {REMOVED} à {REMOVED}, fatigue après l'effort"
    assert dose.startswith("12 UI, réglée avec ") and REMOVED in dose


@pytest.mark.parametrize(
    "text",
    [
        "rappeler au zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit",
        "écrire à marie point dubois arobase gmail point com",
        "née le 12/03/1978",
        "envoyer à Claire Dubois, 12 rue des Tilleuls, 69003 Lyon",
    ],
)
def test_the_scrubber_removes_what_moderation_finds_in_posts(text: str) -> None:
    scrubbed = scrub(text)
    assert REMOVED in scrubbed
    for word in ("douze", "dubois", "1978", "Claire", "Tilleuls", "Lyon"):
        assert word not in scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "Vue par le Dr Martin, dose augmentée",
        "Merci Nadia pour l'astuce du resucrage",
        "Suivie à l'hôpital Georges Pompidou",
    ],
)
def test_a_surname_a_first_name_or_a_hospital_alone_is_kept(text: str) -> None:
    assert scrub(text) == text

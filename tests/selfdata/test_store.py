"""The sealed store: what goes in comes out the same, for its owner only, and is never in clear."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from community.selfdata import store
from community.selfdata.models import VaultEntry, VaultProfile
from community.selfdata.records import (
    Category,
    LabResult,
    Measurement,
    Profile,
    Sex,
    Symptom,
    Treatment,
)
from tests.forums.helpers import joined, member, space

RECORDS = [
    Measurement(series="glucose", at=datetime(2026, 3, 1, 7, 30), value=142.0, unit="mg/dL"),
    Measurement(
        series="blood_pressure", at=datetime(2026, 3, 2, 8), value=125, unit="mmHg", value2=80
    ),
    Measurement(
        series="custom", at=datetime(2026, 3, 3, 9), value=3.5, unit="L", label="Débit de pointe"
    ),
    Treatment(name="Metformine", start=date(2025, 1, 10), stop=date(2026, 2, 1), dose="500 mg"),
    Symptom(on=date(2026, 3, 4), symptom="Fatigue", intensity=7, note="Après la piscine"),
    LabResult(on=date(2026, 3, 5), test="TSH", value=2.1, unit="mUI/L"),
    LabResult(on=date(2026, 3, 6), test="Sérologie", value=None, value_text="négatif"),
]


def test_each_kind_of_record_comes_back_as_it_went_in(session):
    owner = member(session, "Camille")
    for record in RECORDS:
        store.add_record(session, owner=owner, record=record)
    session.commit()
    # Oldest first: the treatment began in 2025, every other record is of March 2026.
    oldest_first = [RECORDS[3], *RECORDS[:3], *RECORDS[4:]]
    assert [s.record for s in store.records(session, owner=owner)] == oldest_first


def test_values_and_notes_never_reach_the_database_in_clear(session):
    owner = member(session, "Camille")
    store.add_record(session, owner=owner, record=RECORDS[4])
    store.save_profile(session, owner=owner, profile=Profile(1987, Sex.FEMALE))
    session.commit()
    for sealed in (
        session.scalars(select(VaultEntry.sealed)).all()
        + session.scalars(select(VaultProfile.sealed)).all()
    ):
        raw = bytes(sealed)
        for secret in (b"Fatigue", b"piscine", b"1987", b'"F"'):
            assert secret not in raw


def test_another_members_entry_is_not_found(session):
    owner, other = member(session, "Camille"), member(session, "Lucas")
    entry = store.add_record(session, owner=owner, record=RECORDS[0])
    session.commit()
    assert store.entry_of(session, owner=other, entry_id=entry.id) is None
    assert store.records(session, owner=other) == []
    assert store.entry_of(session, owner=owner, entry_id=entry.id) is entry


def test_records_filter_by_category_series_and_period(session):
    owner = member(session, "Camille")
    for record in RECORDS:
        store.add_record(session, owner=owner, record=record)
    glucose = store.records(session, owner=owner, category=Category.MEASUREMENT, series="glucose")
    assert [s.record for s in glucose] == [RECORDS[0]]
    march = store.records(
        session, owner=owner, start=datetime(2026, 3, 2), end=datetime(2026, 3, 4, 23, 59)
    )
    assert [s.record for s in march] == [*RECORDS[1:3], RECORDS[4]]


def test_a_record_can_be_replaced_and_deleted(session):
    owner = member(session, "Camille")
    entry = store.add_record(session, owner=owner, record=RECORDS[0])
    store.replace_record(session, entry=entry, record=RECORDS[3])
    assert store.open_entry(entry) == RECORDS[3]
    store.delete_entry(session, entry=entry)
    assert store.records(session, owner=owner) == []


def test_the_population_of_a_space_is_its_members_profiles_only(session):
    diabete, endo = space(session, "diabete"), space(session, "endo")
    inside = joined(session, member(session, "Camille"), diabete)
    outside = joined(session, member(session, "Lila"), endo)
    joined(session, member(session, "SansProfil"), diabete)
    store.save_profile(session, owner=inside, profile=Profile(1990, Sex.FEMALE))
    store.save_profile(session, owner=outside, profile=Profile(1970, Sex.MALE))
    assert store.space_profiles(session, space_id=diabete.id) == [Profile(1990, Sex.FEMALE)]
    store.save_profile(session, owner=inside, profile=Profile(1991, None))
    assert store.load_profile(session, owner=inside) == Profile(1991, None)
    assert store.load_profile(session, owner=member(session, "Nouveau")) == Profile()


def test_erasing_a_vault_leaves_other_vaults_alone(session):
    owner, other = member(session, "Camille"), member(session, "Lucas")
    for who in (owner, other):
        store.add_record(session, owner=who, record=RECORDS[0])
        store.save_profile(session, owner=who, profile=Profile(1990, None))
    store.erase_vault(session, owner=owner)
    assert store.records(session, owner=owner) == []
    assert store.load_profile(session, owner=owner) == Profile()
    assert len(store.records(session, owner=other)) == 1


_owners = itertools.count()
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=texts, name=texts, intensity=st.integers(0, 10))
def test_any_text_round_trips(session, note, name, intensity):
    owner = member(session, f"Membre{next(_owners)}")
    record = Symptom(on=date(2026, 1, 1), symptom=name, intensity=intensity, note=note)
    entry = store.add_record(session, owner=owner, record=record)
    assert store.open_entry(entry) == record


def test_a_page_of_the_newest_records_opens_only_that_page(session):
    owner, other = member(session, "Camille"), member(session, "Lucas")
    for record in RECORDS:
        store.add_record(session, owner=owner, record=record)
    store.add_record(session, owner=other, record=RECORDS[0])
    newest = store.newest(session, owner=owner, limit=2)
    assert [s.record for s in newest] == [RECORDS[6], RECORDS[5]]
    second = store.newest(session, owner=owner, limit=2, offset=2)
    assert [s.record for s in second] == [RECORDS[4], RECORDS[2]]
    assert store.count(session, owner=owner, category=Category.LAB) == 2
    assert store.counts(session, owner=owner) == {
        Category.MEASUREMENT: 3,
        Category.TREATMENT: 1,
        Category.SYMPTOM: 1,
        Category.LAB: 2,
        Category.CONDITION: 0,
    }

"""The one door to the vault's rows: records go in sealed and come out as plain records.

Every function takes the owner and only ever touches the owner's rows; nothing here
lists another member's vault. `space_profiles` is the single exception, and it returns
nothing but birth years and sexes, for the k-anonymity count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums.models import Membership
from community.selfdata.crypto import keyring
from community.selfdata.models import VaultEntry, VaultProfile
from community.selfdata.records import (
    Category,
    Diagnosis,
    LabResult,
    Measurement,
    Precision,
    Profile,
    Record,
    Sex,
    Symptom,
    Treatment,
    parse_partial_iso,
    partial_iso,
)


@dataclass(frozen=True)
class Stored:
    """A record and the id of the row that holds it (for edit and delete links)."""

    entry_id: int
    record: Record


def _day(value: date) -> datetime:
    return datetime.combine(value, time())


def _end(day: date | None, precision: Precision) -> str | None:
    """An end date as sealed: "2024-03-10", or "2019-03" when only the month is known."""
    return partial_iso(day, precision) if day is not None else None


def _opened_end(text: str | None) -> tuple[date | None, Precision]:
    found = parse_partial_iso(text) if text else None
    return found if found is not None else (None, Precision.DAY)


def _split(record: Record) -> tuple[str, datetime, Precision, dict[str, Any]]:
    """(series, occurred_at, its precision, sealed payload) for a record."""
    if isinstance(record, Measurement):
        payload = {
            "value": record.value,
            "unit": record.unit,
            "value2": record.value2,
            "label": record.label,
            "note": record.note,
        }
        return record.series, record.at, Precision.DAY, payload
    if isinstance(record, Treatment):
        payload = {
            "name": record.name,
            "dose": record.dose,
            "note": record.note,
            "stop": _end(record.stop, record.stop_precision),
        }
        return "", _day(record.start), record.start_precision, payload
    if isinstance(record, Diagnosis):
        payload = {
            "name": record.name,
            "note": record.note,
            "ended": _end(record.ended, record.ended_precision),
        }
        return "", _day(record.since), record.precision, payload
    if isinstance(record, Symptom):
        payload = {"symptom": record.symptom, "intensity": record.intensity, "note": record.note}
        return "", _day(record.on), Precision.DAY, payload
    payload = {
        "test": record.test,
        "value": record.value,
        "unit": record.unit,
        "value_text": record.value_text,
        "note": record.note,
    }
    return "", _day(record.on), Precision.DAY, payload


def _join(entry: VaultEntry, payload: dict[str, Any]) -> Record:
    if entry.category is Category.MEASUREMENT:
        return Measurement(series=entry.series, at=entry.occurred_at, **payload)
    if entry.category is Category.TREATMENT:
        stop, stop_precision = _opened_end(payload.pop("stop"))
        return Treatment(
            start=entry.occurred_at.date(),
            stop=stop,
            start_precision=entry.date_precision,
            stop_precision=stop_precision,
            **payload,
        )
    if entry.category is Category.CONDITION:
        ended, ended_precision = _opened_end(payload.pop("ended"))
        return Diagnosis(
            since=entry.occurred_at.date(),
            ended=ended,
            precision=entry.date_precision,
            ended_precision=ended_precision,
            **payload,
        )
    if entry.category is Category.SYMPTOM:
        return Symptom(on=entry.occurred_at.date(), **payload)
    return LabResult(on=entry.occurred_at.date(), **payload)


def add_record(session: Session, *, owner: Member, record: Record) -> VaultEntry:
    series, occurred_at, precision, payload = _split(record)
    entry = VaultEntry(
        owner_id=owner.id,
        category=record.category,
        series=series,
        occurred_at=occurred_at,
        date_precision=precision,
        sealed=keyring().seal(payload),
    )
    session.add(entry)
    session.flush()
    return entry


def replace_record(session: Session, *, entry: VaultEntry, record: Record) -> VaultEntry:
    """Put another record (of any category) in an existing row of the same owner."""
    series, occurred_at, precision, payload = _split(record)
    entry.category = record.category
    entry.series = series
    entry.occurred_at = occurred_at
    entry.date_precision = precision
    entry.sealed = keyring().seal(payload)
    session.flush()
    return entry


def delete_entry(session: Session, *, entry: VaultEntry) -> None:
    session.delete(entry)
    session.flush()


def entry_of(session: Session, *, owner: Member, entry_id: int) -> VaultEntry | None:
    """The owner's row with this id; None for another member's row (callers answer 404)."""
    return session.scalar(
        select(VaultEntry).where(VaultEntry.id == entry_id, VaultEntry.owner_id == owner.id)
    )


def open_entry(entry: VaultEntry) -> Record:
    return _join(entry, keyring().open(entry.sealed))


def records(
    session: Session,
    *,
    owner: Member,
    category: Category | None = None,
    series: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Stored]:
    """The owner's records, oldest first, filtered in SQL by what is stored in clear."""
    query = select(VaultEntry).where(*_mine(owner, category, series))
    if start is not None:
        query = query.where(VaultEntry.occurred_at >= start)
    if end is not None:
        query = query.where(VaultEntry.occurred_at <= end)
    rows = session.scalars(query.order_by(VaultEntry.occurred_at, VaultEntry.id))
    return [Stored(entry.id, open_entry(entry)) for entry in rows]


def _mine(
    owner: Member, category: Category | None, series: str | None
) -> list[ColumnElement[bool]]:
    conditions = [VaultEntry.owner_id == owner.id]
    if category is not None:
        conditions.append(VaultEntry.category == category)
    if series is not None:
        conditions.append(VaultEntry.series == series)
    return conditions


def count(
    session: Session, *, owner: Member, category: Category | None = None, series: str | None = None
) -> int:
    query = select(func.count()).select_from(VaultEntry).where(*_mine(owner, category, series))
    return session.scalar(query) or 0


def counts(session: Session, *, owner: Member) -> dict[Category, int]:
    """How many records of each category the owner has, without opening any."""
    rows = session.execute(
        select(VaultEntry.category, func.count())
        .where(VaultEntry.owner_id == owner.id)
        .group_by(VaultEntry.category)
    )
    found = {Category(category): number for category, number in rows}
    return {category: found.get(category, 0) for category in Category}


def newest(
    session: Session,
    *,
    owner: Member,
    limit: int,
    offset: int = 0,
    category: Category | None = None,
    series: str | None = None,
) -> list[Stored]:
    """A page of the owner's records, newest first: only that page is opened, so a vault
    of years of sensor readings costs no more to list than a small one."""
    rows = session.scalars(
        select(VaultEntry)
        .where(*_mine(owner, category, series))
        .order_by(VaultEntry.occurred_at.desc(), VaultEntry.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [Stored(entry.id, open_entry(entry)) for entry in rows]


def diagnoses(session: Session, *, owner: Member) -> list[Diagnosis]:
    """The owner's conditions, oldest first, each name once: what a card's condition line
    may be chosen from."""
    found: dict[str, Diagnosis] = {}
    for stored in records(session, owner=owner, category=Category.CONDITION):
        assert isinstance(stored.record, Diagnosis)
        found.setdefault(stored.record.name.casefold(), stored.record)
    return list(found.values())


def _profile_of(payload: dict[str, Any]) -> Profile:
    sex = payload.get("sex")
    return Profile(birth_year=payload.get("birth_year"), sex=Sex(sex) if sex else None)


def load_profile(session: Session, *, owner: Member) -> Profile:
    row = session.get(VaultProfile, owner.id)
    return _profile_of(keyring().open(row.sealed)) if row is not None else Profile()


def save_profile(session: Session, *, owner: Member, profile: Profile) -> None:
    payload = {"birth_year": profile.birth_year, "sex": profile.sex.value if profile.sex else None}
    row = session.get(VaultProfile, owner.id)
    if row is None:
        session.add(VaultProfile(member_id=owner.id, sealed=keyring().seal(payload)))
    else:
        row.sealed = keyring().seal(payload)
    session.flush()


def space_profiles(session: Session, *, space_id: int) -> list[Profile]:
    """The profiles of the space's members who filled one in: the k-anonymity population."""
    rows = session.scalars(
        select(VaultProfile)
        .join(Membership, Membership.member_id == VaultProfile.member_id)
        .where(Membership.space_id == space_id)
    )
    ring = keyring()
    return [_profile_of(ring.open(row.sealed)) for row in rows]


def erase_vault(session: Session, *, owner: Member) -> None:
    """Delete every record and the profile (account deletion, or the member's own wish)."""
    session.execute(delete(VaultEntry).where(VaultEntry.owner_id == owner.id))
    session.execute(delete(VaultProfile).where(VaultProfile.member_id == owner.id))
    session.flush()

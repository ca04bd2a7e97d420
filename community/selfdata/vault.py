"""The member's own vault: add, change, delete records, the profile, erase it all; the pages' data.

What was typed is read and checked in selfdata/vault_input.py; rows are only ever
touched through selfdata/store.py, and only the owner's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete as sql_delete
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.accounts.services import check_password
from community.kernel.clock import to_local
from community.kernel.pagination import Page, page_count
from community.selfdata import store
from community.selfdata.models import PendingImport, VaultEntry
from community.selfdata.records import (
    Category,
    Diagnosis,
    Measurement,
    Profile,
    Record,
    Symptom,
    Treatment,
)
from community.selfdata.vault_input import (
    VaultInputError,
    partial_text,
    profile_from,
    record_from,
)

PER_PAGE = 25
LATEST = 5


# --- services --------------------------------------------------------------------------------


def add(
    session: Session, *, owner: Member, category: Category, data: Mapping[str, Any], zone: ZoneInfo
) -> VaultEntry:
    record = record_from(category, data, zone=zone)
    return store.add_record(session, owner=owner, record=record)


def replace(
    session: Session, *, owner: Member, entry: VaultEntry, data: Mapping[str, Any], zone: ZoneInfo
) -> VaultEntry:
    if entry.owner_id != owner.id:
        raise LookupError(entry.id)
    record = record_from(entry.category, data, zone=zone)
    return store.replace_record(session, entry=entry, record=record)


def delete(session: Session, *, owner: Member, entry: VaultEntry) -> None:
    if entry.owner_id != owner.id:
        raise LookupError(entry.id)
    store.delete_entry(session, entry=entry)


def save_profile(session: Session, *, owner: Member, data: Mapping[str, Any]) -> Profile:
    profile = profile_from(data)
    store.save_profile(session, owner=owner, profile=profile)
    return profile


def erase(session: Session, *, owner: Member, password: str) -> None:
    """Delete every record, the profile and any import waiting, once the password is right.

    Raises VaultInputError before anything is deleted. Cards already shared are snapshots
    the member withdraws on their own page; the account stays.
    """
    if not check_password(owner, password):
        raise VaultInputError({"password": _l("Ce n’est pas votre mot de passe.")})
    store.erase_vault(session, owner=owner)
    session.execute(sql_delete(PendingImport).where(PendingImport.owner_id == owner.id))
    session.flush()


# --- what the pages show --------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    profile: Profile
    counts: dict[Category, int]
    latest: list[store.Stored]


def overview(session: Session, *, owner: Member) -> Overview:
    return Overview(
        profile=store.load_profile(session, owner=owner),
        counts=store.counts(session, owner=owner),
        latest=store.newest(session, owner=owner, limit=LATEST),
    )


def page(
    session: Session,
    *,
    owner: Member,
    category: Category,
    number: int,
    series: str | None = None,
) -> Page[store.Stored] | None:
    """One page of a category, newest first; None when the page does not exist."""
    total = store.count(session, owner=owner, category=category, series=series)
    count = page_count(total, PER_PAGE)
    if not 1 <= number <= count:
        return None
    items = store.newest(
        session,
        owner=owner,
        category=category,
        series=series,
        limit=PER_PAGE,
        offset=(number - 1) * PER_PAGE,
    )
    return Page(items=items, number=number, count=count)


def form_data(record: Record, *, zone: ZoneInfo, decimal_comma: bool) -> dict[str, Any]:
    """What an edit form shows for a stored record: the inverse of record_from."""

    def number(value: float | None) -> str:
        if value is None:
            return ""
        text = number_text(value)
        return text.replace(".", ",") if decimal_comma else text

    if isinstance(record, Measurement):
        local = to_local(record.at, zone)
        return {
            "series": record.series,
            "date": local.date().isoformat(),
            "time": f"{local:%H:%M}",
            "value": number(record.value),
            "value2": number(record.value2),
            "unit": record.unit,
            "label": record.label,
            "note": record.note,
        }
    if isinstance(record, Treatment):
        return {
            "name": record.name,
            "start": partial_text(record.start, record.start_precision),
            "stop": partial_text(record.stop, record.stop_precision),
            "dose": record.dose,
            "note": record.note,
        }
    if isinstance(record, Diagnosis):
        return {
            "name": record.name,
            "since": partial_text(record.since, record.precision),
            "ended": partial_text(record.ended, record.ended_precision),
            "note": record.note,
        }
    if isinstance(record, Symptom):
        return {
            "date": record.on.isoformat(),
            "symptom": record.symptom,
            "intensity": str(record.intensity),
            "note": record.note,
        }
    result = number(record.value) if record.value is not None else record.value_text
    return {
        "date": record.on.isoformat(),
        "test": record.test,
        "result": result,
        "unit": record.unit,
        "note": record.note,
    }


def number_text(value: float) -> str:
    """A stored number as typed, with a point, never in exponent notation (1e-05)."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text if float(text) == value else repr(value)

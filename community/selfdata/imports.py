"""Imports waiting for their owner's confirmation: prepare (parse, seal), confirm, purge.

An import is all or nothing: a file with one rejected row is not kept at all, and a
confirmed one adds every record in the caller's transaction, deleting the pending row
in the same one, so that a second click finds nothing left to import.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.kernel.clock import site_zone, utcnow
from community.selfdata import store
from community.selfdata.crypto import keyring
from community.selfdata.importers import ImportFileError, Limits, ParseResult
from community.selfdata.importers.csv_file import parse_csv
from community.selfdata.importers.fhir import parse_fhir
from community.selfdata.models import PendingImport
from community.selfdata.records import (
    Category,
    LabResult,
    Measurement,
    Record,
    Symptom,
    Treatment,
)

# An import not confirmed within this time is gone (models.PendingImport).
PENDING_LIFETIME = timedelta(hours=1)


class ImportNotFound(LookupError):
    """No such pending import for this member: another's, expired, or already confirmed."""


@dataclass
class PreparedImport:
    """What the preview page shows. `pending_id` is set only when the import may be confirmed."""

    filename: str
    error: str | None = None  # the whole file refused
    result: ParseResult = field(default_factory=ParseResult)
    pending_id: int | None = None

    @property
    def counts(self) -> dict[Category, int]:
        found = Counter(record.category for record in self.result.records)
        return {category: found[category] for category in Category if found[category]}


def import_limits() -> Limits:
    config = current_app.config
    return Limits(int(config["SELFDATA_IMPORT_MAX_BYTES"]), int(config["SELFDATA_IMPORT_MAX_ROWS"]))


def looks_like_json(filename: str, data: bytes) -> bool:
    start = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    return start in (b"{", b"[") or filename.lower().endswith(".json")


def parse_file(filename: str, data: bytes, *, limits: Limits, zone: ZoneInfo) -> ParseResult:
    """CSV or FHIR JSON, told apart by the content first, then by the file's name."""
    parser = parse_fhir if looks_like_json(filename, data) else parse_csv
    return parser(data, limits=limits, zone=zone)


def prepare_import(
    session: Session, *, owner: Member, filename: str, data: bytes
) -> PreparedImport:
    """Parse a file; if every row is good, keep the records sealed until the owner confirms."""
    prepared = PreparedImport(filename=filename[:120])
    try:
        zone = site_zone()
        prepared.result = parse_file(filename, data, limits=import_limits(), zone=zone)
    except ImportFileError as error:
        prepared.error = str(error)
        return prepared
    if prepared.result.rejected or not prepared.result.records:
        return prepared
    # The member's own expired imports go now; everyone's go with the worker's purge.
    # (A newer file does not replace an older one: on SQLite a deleted row's id may be
    # given again, and an older tab's button would then confirm the newer file.)
    expired = utcnow() - PENDING_LIFETIME
    session.execute(
        delete(PendingImport).where(
            PendingImport.owner_id == owner.id, PendingImport.created_at < expired
        )
    )
    pending = PendingImport(
        owner_id=owner.id,
        sealed=keyring().seal([record_to_dict(r) for r in prepared.result.records]),
        row_count=len(prepared.result.records),
    )
    session.add(pending)
    session.flush()
    prepared.pending_id = pending.id
    return prepared


def confirm_import(session: Session, *, owner: Member, pending_id: int) -> int:
    """Add every record of the owner's pending import; how many. Raises ImportNotFound."""
    mine = (
        PendingImport.id == pending_id,
        PendingImport.owner_id == owner.id,
        PendingImport.created_at >= utcnow() - PENDING_LIFETIME,
    )
    pending = session.scalar(select(PendingImport).where(*mine))
    if pending is None:
        raise ImportNotFound(pending_id)
    sealed = pending.sealed
    # Deleted before anything is added: of two clicks at once, only the one whose delete
    # found the row goes on (the other waits for the row lock, then finds nothing).
    deleted = session.execute(
        delete(PendingImport).where(*mine).execution_options(synchronize_session=False)
    )
    if deleted.rowcount != 1:  # type: ignore[attr-defined]
        raise ImportNotFound(pending_id)
    session.expunge(pending)
    records = [record_from_dict(item) for item in keyring().open(sealed)]
    for record in records:
        store.add_record(session, owner=owner, record=record)
    return len(records)


def purge_pending(session: Session, *, older_than: datetime) -> int:
    """Delete imports prepared before this time and never confirmed; how many."""
    deleted = session.execute(delete(PendingImport).where(PendingImport.created_at < older_than))
    session.flush()
    return int(deleted.rowcount)  # type: ignore[attr-defined]


def record_to_dict(record: Record) -> dict[str, Any]:
    """A record as JSON-able values, tagged with its category."""
    values: dict[str, Any] = {"category": record.category.value}
    for name, value in vars(record).items():
        values[name] = value.isoformat() if isinstance(value, date) else value
    return values


def record_from_dict(values: dict[str, Any]) -> Record:
    values = dict(values)
    category = Category(values.pop("category"))
    if category is Category.MEASUREMENT:
        return Measurement(**{**values, "at": datetime.fromisoformat(values["at"])})
    if category is Category.TREATMENT:
        stop = values["stop"]
        return Treatment(
            **{
                **values,
                "start": date.fromisoformat(values["start"]),
                "stop": date.fromisoformat(stop) if stop else None,
            }
        )
    if category is Category.SYMPTOM:
        return Symptom(**{**values, "on": date.fromisoformat(values["on"])})
    return LabResult(**{**values, "on": date.fromisoformat(values["on"])})

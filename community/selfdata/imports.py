"""Imports waiting for their owner's confirmation: prepare (parse, seal), confirm, discard, purge.

A file with refused lines is kept too: its owner chooses, after the preview, to import
the accepted lines and leave the refused ones, or to import nothing. The refused lines
stay downloadable, as a CSV to fix and send again, until the import expires. Confirming
adds every accepted record in the caller's transaction and empties the pending row in the
same one, so that a second click finds nothing left to import.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.kernel.clock import site_zone, utcnow
from community.selfdata import store
from community.selfdata.crypto import keyring
from community.selfdata.importers import ImportFileError, Limits, ParseResult, Rejected
from community.selfdata.importers.csv_file import parse_csv
from community.selfdata.importers.fhir import parse_fhir
from community.selfdata.models import PendingImport
from community.selfdata.records import (
    Category,
    Diagnosis,
    LabResult,
    Measurement,
    Precision,
    Record,
    Symptom,
    Treatment,
)
from community.selfdata.vault_input import FORMULA_STARTS

# An import not confirmed within this time is gone (models.PendingImport), and so are the
# refused lines of a confirmed one.
PENDING_LIFETIME = timedelta(hours=1)
# The column the refused lines' file adds, which the CSV importer reads back and ignores.
REASON_COLUMN = "raison du refus"


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
    def can_import(self) -> bool:
        return self.pending_id is not None and bool(self.result.records)

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
    """Parse a file and keep what it holds sealed, accepted and refused lines, for the owner
    to choose. Nothing goes in the vault before they confirm."""
    prepared = PreparedImport(filename=filename[:120])
    try:
        zone = site_zone()
        prepared.result = parse_file(filename, data, limits=import_limits(), zone=zone)
    except ImportFileError as error:
        prepared.error = str(error)
        return prepared
    result = prepared.result
    if not result.records and not result.rejected:
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
    ring = keyring()
    refused = {
        "kind": result.kind,
        "header": list(result.header),
        "rows": [[r.line, r.reason, list(r.source)] for r in result.rejected],
    }
    pending = PendingImport(
        owner_id=owner.id,
        sealed=ring.seal([record_to_dict(r) for r in result.records]),
        row_count=len(result.records),
        rejected_sealed=ring.seal(refused) if result.rejected else None,
        rejected_count=len(result.rejected),
    )
    session.add(pending)
    session.flush()
    prepared.pending_id = pending.id
    return prepared


def _mine(owner: Member, pending_id: int) -> tuple[Any, ...]:
    return (
        PendingImport.id == pending_id,
        PendingImport.owner_id == owner.id,
        PendingImport.created_at >= utcnow() - PENDING_LIFETIME,
    )


def confirm_import(session: Session, *, owner: Member, pending_id: int) -> PendingImport:
    """Add the accepted records of the owner's pending import; raises ImportNotFound.

    The row is kept, emptied and marked confirmed, while refused lines remain to download;
    otherwise it is deleted. Its `row_count` says how many records were added.
    """
    waiting = (*_mine(owner, pending_id), PendingImport.confirmed_at.is_(None))
    pending = session.scalar(select(PendingImport).where(*waiting))
    if pending is None or pending.row_count == 0:
        raise ImportNotFound(pending_id)
    sealed = pending.sealed
    # Emptied before anything is added: of two clicks at once, only the one whose update
    # found the row unconfirmed goes on (the other waits for the row lock, then finds none).
    changed = session.execute(
        update(PendingImport)
        .where(*waiting)
        .values(sealed=keyring().seal([]), confirmed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise ImportNotFound(pending_id)
    session.refresh(pending)
    records = [record_from_dict(item) for item in keyring().open(sealed)]
    for record in records:
        store.add_record(session, owner=owner, record=record)
    if not pending.rejected_count:
        session.delete(pending)
    session.flush()
    return pending


def confirmed_import(session: Session, *, owner: Member, pending_id: int) -> PendingImport:
    """The owner's import confirmed within the hour, for the page that says what was done."""
    found = session.scalar(
        select(PendingImport).where(
            *_mine(owner, pending_id), PendingImport.confirmed_at.is_not(None)
        )
    )
    if found is None:
        raise ImportNotFound(pending_id)
    return found


def discard_import(session: Session, *, owner: Member, pending_id: int) -> None:
    """Import nothing: the pending import is deleted, refused lines and all."""
    deleted = session.execute(
        delete(PendingImport)
        .where(*_mine(owner, pending_id), PendingImport.confirmed_at.is_(None))
        .execution_options(synchronize_session=False)
    )
    if deleted.rowcount != 1:  # type: ignore[attr-defined]
        raise ImportNotFound(pending_id)


def _safe_cell(text: str) -> str:
    """A cell as a spreadsheet shows it rather than runs it (a refused formula included)."""
    return "'" + text if text.startswith((*FORMULA_STARTS, "\t", "\r")) else text


def refused_lines_csv(session: Session, *, owner: Member, pending_id: int) -> bytes:
    """The refused lines of the owner's import, as a CSV to fix and send again.

    A CSV file's lines come back under its own first line, with the reason in a last
    column that the importer ignores; a FHIR file's refused entries are listed.
    """
    pending = session.scalar(select(PendingImport).where(*_mine(owner, pending_id)))
    if pending is None or pending.rejected_sealed is None:
        raise ImportNotFound(pending_id)
    refused = keyring().open(pending.rejected_sealed)
    rows = [Rejected(line, reason, tuple(source)) for line, reason, source in refused["rows"]]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    if refused["kind"] == "csv":
        header = list(refused["header"])
        folded = [cell.strip().casefold() for cell in header]
        at = folded.index(REASON_COLUMN) if REASON_COLUMN in folded else len(header)
        writer.writerow([*header[:at], REASON_COLUMN, *header[at + 1 :]])
        for row in rows:
            cells = [_safe_cell(cell) for cell in row.source]
            cells += [""] * (at - len(cells))
            writer.writerow([*cells[:at], _safe_cell(row.reason), *cells[at + 1 :]])
    else:
        writer.writerow(["entrée", "ressource", REASON_COLUMN])
        for row in rows:
            kind = row.source[0] if row.source else ""
            writer.writerow([row.line, _safe_cell(kind), _safe_cell(row.reason)])
    return out.getvalue().encode("utf-8-sig")


def purge_pending(session: Session, *, older_than: datetime) -> int:
    """Delete imports prepared before this time, confirmed or not; how many."""
    deleted = session.execute(delete(PendingImport).where(PendingImport.created_at < older_than))
    session.flush()
    return int(deleted.rowcount)  # type: ignore[attr-defined]


def record_to_dict(record: Record) -> dict[str, Any]:
    """A record as JSON-able values, tagged with its category."""
    values: dict[str, Any] = {"category": record.category.value}
    for name, value in vars(record).items():
        values[name] = value.isoformat() if isinstance(value, date) else value
    return values


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def record_from_dict(values: dict[str, Any]) -> Record:
    values = dict(values)
    category = Category(values.pop("category"))
    if category is Category.MEASUREMENT:
        return Measurement(**{**values, "at": datetime.fromisoformat(values["at"])})
    if category is Category.TREATMENT:
        return Treatment(
            **{
                **values,
                "start": date.fromisoformat(values["start"]),
                "stop": _day(values["stop"]),
                "start_precision": Precision(values["start_precision"]),
                "stop_precision": Precision(values["stop_precision"]),
            }
        )
    if category is Category.CONDITION:
        return Diagnosis(
            **{
                **values,
                "since": date.fromisoformat(values["since"]),
                "ended": _day(values["ended"]),
                "precision": Precision(values["precision"]),
                "ended_precision": Precision(values["ended_precision"]),
            }
        )
    if category is Category.SYMPTOM:
        return Symptom(**{**values, "on": date.fromisoformat(values["on"])})
    return LabResult(**{**values, "on": date.fromisoformat(values["on"])})

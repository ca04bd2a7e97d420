"""What both importers share: their result, their one error type, and the checks on a row.

A file is either refused as a whole (`ImportFileError`, with a French message for the
member) or read row by row: each row becomes a record or a `Rejected` line with its
reason. The checks here are the vault forms' rules (bounds, units, text lengths), so an
import can never put in the vault what a form would refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO, ClassVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from community.kernel.text import clean_text
from community.selfdata.records import SERIES, Measurement, Record, canonical_unit, in_bounds

NAME_MAX = 80  # a treatment, symptom, test or custom measurement's name
TEXT_MAX = 500  # a note or a dose
UNIT_MAX = 20  # a lab result's or custom measurement's own unit

# The first character of a spreadsheet formula: such a cell is refused unless it is a
# number ("-3"), so that a file opened later in a spreadsheet cannot run anything.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_DIGIT_GROUPS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)")

# How a message names a series: "unité inconnue … pour la glycémie".
SERIES_NAMES = {
    "glucose": _l("la glycémie"),
    "hba1c": _l("l’HbA1c"),
    "weight": _l("le poids"),
    "blood_pressure": _l("la tension"),
    "heart_rate": _l("la fréquence cardiaque"),
    "steps": _l("le nombre de pas"),
    "sleep": _l("le sommeil"),
    "pain": _l("la douleur"),
}


class ImportFileError(Exception):
    """The whole file is refused; `str(error)` is the French message for the member."""


class RowError(Exception):
    """One row is refused; `str(error)` is its reason."""


@dataclass(frozen=True)
class Rejected:
    line: int  # the CSV line, or the FHIR Bundle entry (from 1)
    reason: str
    # What the line held, to give it back to fix: a CSV line's cells, a FHIR entry's type.
    source: tuple[str, ...] = ()


@dataclass(frozen=True)
class LeftOut:
    """Resources of a FHIR Bundle not imported, counted by kind and why."""

    UNKNOWN: ClassVar[str] = "unknown"  # the vault keeps no such thing (Claim, Encounter …)
    VOID: ClassVar[str] = "void"  # entered in error, cancelled, refuted
    NO_VALUE: ClassVar[str] = "no_value"  # an Observation with nothing to show

    kind: str
    why: str
    count: int


@dataclass
class ParseResult:
    records: list[Record] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    # A CSV file's own first line, to write the refused lines back under it.
    header: tuple[str, ...] = ()
    # "csv" or "fhir": says whether a rejected row's number is a line or an entry.
    kind: str = "csv"


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int


def too_large(limits: Limits) -> ImportFileError:
    megabytes = f"{limits.max_bytes / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")
    return ImportFileError(
        _(
            "Ce fichier est trop volumineux (%(size)s Mo au plus). Découpez-le en plusieurs "
            "fichiers et envoyez-les l’un après l’autre.",
            size=megabytes,
        )
    )


def too_many_rows(limits: Limits) -> ImportFileError:
    return ImportFileError(
        _(
            "Ce fichier contient plus de %(rows)s lignes de données. Découpez-le en plusieurs "
            "fichiers et envoyez-les l’un après l’autre.",
            rows=limits.max_rows,
        )
    )


def read_limited(stream: BinaryIO, limits: Limits) -> bytes:
    """The upload's bytes, reading one byte past the limit at most: never a huge file whole."""
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise too_large(limits)
    return data


def parse_number(text: str) -> float | None:
    """ "7,2", "7.2", "1 234" as a float; None for anything else (units, words, "1e9")."""
    compact = _DIGIT_GROUPS.sub("", text.strip())
    if not _NUMBER.fullmatch(compact):
        return None
    return float(compact.replace(",", "."))


def checked_text(value: str, *, what: str, limit: int) -> str:
    """A cleaned text cell, refused if it looks like a formula or is too long."""
    first = value[:1] if value[:1] in ("\t", "\r") else value.strip()[:1]
    if first in _FORMULA_START and parse_number(value) is None:
        raise RowError(
            _(
                "« %(what)s » commence par « %(char)s » : une formule de tableur est refusée",
                what=what,
                char={"\t": "\\t", "\r": "\\r"}.get(first, first),
            )
        )
    text = clean_text(value).strip()
    if len(text) > limit:
        raise RowError(
            _("« %(what)s » est trop long (%(limit)s caractères au plus)", what=what, limit=limit)
        )
    return text


def series_name(key: str) -> str:
    return str(SERIES_NAMES.get(key, key))


def measurement(
    key: str,
    at: datetime,
    value: float,
    unit: str,
    *,
    value2: float | None = None,
    label: str = "",
    note: str = "",
) -> Measurement:
    """A measurement of a known series, checked as the vault form checks it."""
    series = SERIES[key]
    if key == "custom":
        if not label:
            raise RowError(_("le nom de la mesure manque"))
        canonical = checked_text(unit, what=_("unité"), limit=UNIT_MAX)
    elif not unit.strip():
        # The vault form may offer the usual unit; a file must say which it used: 1,32
        # is a glucose in g/L, 132 in mg/dL, and a guess would store a wrong value.
        raise RowError(
            _(
                "l’unité manque pour %(series)s (attendu : %(units)s)",
                series=series_name(key),
                units=", ".join(series.units),
            )
        )
    else:
        found = canonical_unit(series, unit)
        if found is None:
            raise RowError(
                _(
                    "unité inconnue « %(unit)s » pour %(series)s (attendu : %(units)s)",
                    unit=unit,
                    series=series_name(key),
                    units=", ".join(series.units),
                )
            )
        canonical = found
    for number in (value, value2):
        if number is not None and not in_bounds(series, canonical, number):
            raise RowError(
                _(
                    "valeur hors limites pour %(series)s : %(value)s %(unit)s",
                    series=series_name(key) if key != "custom" else label,
                    value=f"{number:g}".replace(".", ","),
                    unit=canonical,
                )
            )
    if series.two_values:
        if value2 is None:
            raise RowError(_("la tension demande deux valeurs (systolique et diastolique)"))
        if value2 >= value:
            raise RowError(_("la systolique doit être plus haute que la diastolique"))
    elif value2 is not None:
        value2 = None
    return Measurement(
        series=key, at=at, value=value, unit=canonical, value2=value2, label=label, note=note
    )

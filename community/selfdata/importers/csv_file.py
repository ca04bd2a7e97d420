"""Reading a member's CSV file (the format of the vault's export) into records.

Python's own `csv` module, not pandas: a file of at most a megabyte does not need a
dataframe library of tens of megabytes, and pandas guesses types, dates and encodings
on its own, where every cell here must be checked by our rules and refused with a
reason. Nothing is evaluated; cells that look like spreadsheet formulas are refused.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from community.kernel.clock import to_utc, utcnow
from community.selfdata.importers import (
    NAME_MAX,
    TEXT_MAX,
    UNIT_MAX,
    ImportFileError,
    Limits,
    ParseResult,
    Rejected,
    RowError,
    checked_text,
    measurement,
    parse_number,
    too_large,
    too_many_rows,
)
from community.selfdata.records import Category, LabResult, Record, Symptom, Treatment
from community.textscan.folding import strip_accents


def fold(text: str) -> str:
    """Without case, accents or underscores: "Fréquence_cardiaque" → "frequence cardiaque"."""
    plain = strip_accents(text.strip().casefold())
    return " ".join(plain.replace("_", " ").split())


# Each column: its key, its documented French name, its English name.
HEADERS = {
    "type": ("type", "type"),
    "date": ("date", "date"),
    "time": ("heure", "time"),
    "series": ("série", "series"),
    "name": ("nom", "name"),
    "value": ("valeur", "value"),
    "value2": ("valeur2", "value2"),
    "unit": ("unité", "unit"),
    "dose": ("dose", "dose"),
    "end": ("fin", "end"),
    "intensity": ("intensité", "intensity"),
    "note": ("note", "note"),
}
NAMES = {key: french for key, (french, _english) in HEADERS.items()}
DOCUMENTED = tuple(NAMES.values())  # in the order the documentation and the example show
COLUMNS = {fold(name): key for key, names in HEADERS.items() for name in names}
REQUIRED = ("type", "date")

TYPES = {
    **dict.fromkeys(("mesure", "measurement"), Category.MEASUREMENT),
    **dict.fromkeys(("traitement", "treatment"), Category.TREATMENT),
    **dict.fromkeys(("symptome", "symptom"), Category.SYMPTOM),
    **dict.fromkeys(("analyse", "lab"), Category.LAB),
}
SERIES_KEYS = {
    **dict.fromkeys(("glycemie", "glucose"), "glucose"),
    "hba1c": "hba1c",
    **dict.fromkeys(("poids", "weight"), "weight"),
    **dict.fromkeys(("tension", "tension arterielle", "blood pressure"), "blood_pressure"),
    **dict.fromkeys(("frequence cardiaque", "heart rate"), "heart_rate"),
    **dict.fromkeys(("pas", "nombre de pas", "steps"), "steps"),
    **dict.fromkeys(("sommeil", "sleep"), "sleep"),
    **dict.fromkeys(("douleur", "pain"), "pain"),
    **dict.fromkeys(("autre", "custom"), "custom"),
}

_DATE = re.compile(
    r"(?:(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})"
    r"|(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2}))"
    r"(?:(?:[ T]+|\s*à\s*)(?P<time>\d{1,2}\s*[:hH]\s*\d{2}(?::\d{2})?))?"
)
_TIME = re.compile(r"(?P<h>\d{1,2})\s*[:hH]\s*(?P<m>\d{2})(?::(?P<s>\d{2}))?")


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise ImportFileError(
            _(
                "Ce fichier n’est pas un texte en UTF-8 (il ressemble à de l’UTF-16 ou à un "
                "fichier binaire). Enregistrez le fichier en UTF-8 (« CSV UTF-8 » dans votre "
                "tableur) puis envoyez-le à nouveau."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "Ce fichier n’est pas en UTF-8 (caractère illisible à la ligne %(line)s, "
                "souvent une lettre accentuée). Enregistrez le fichier en UTF-8 (« CSV UTF-8 » "
                "dans votre tableur) puis envoyez-le à nouveau.",
                line=line,
            )
        ) from None


def _delimiter(header: str) -> str:
    semicolons, commas = header.count(";"), header.count(",")
    if semicolons or commas:
        return ";" if semicolons >= commas else ","
    if "\t" in header:
        raise ImportFileError(
            _(
                "Les colonnes de ce fichier sont séparées par des tabulations. Séparez-les par "
                "des points-virgules « ; » ou des virgules « , » (enregistrez en « CSV »)."
            )
        )
    raise _no_header()


def _no_header() -> ImportFileError:
    return ImportFileError(
        _(
            "La première ligne doit nommer les colonnes, par exemple : %(example)s",
            example="type;date;série;valeur;unité",
        )
    )


def _columns(cells: list[str]) -> dict[str, int]:
    folded = [fold(cell) for cell in cells]
    if not any(name in COLUMNS for name in folded):
        raise _no_header()
    pairs = zip(cells, folded, strict=True)
    unknown = [cell.strip() for cell, name in pairs if name not in COLUMNS]
    if unknown:
        raise ImportFileError(
            _(
                "Colonnes inconnues : %(unknown)s. Colonnes possibles : %(known)s.",
                unknown=", ".join(f"« {name[:40]} »" for name in unknown[:10]),
                known=", ".join(DOCUMENTED),
            )
        )
    positions: dict[str, int] = {}
    for index, name in enumerate(folded):
        key = COLUMNS[name]
        if key in positions:
            raise ImportFileError(_("La colonne « %(name)s » apparaît deux fois.", name=name))
        positions[key] = index
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise ImportFileError(
            _("Il manque la colonne obligatoire : %(names)s.", names=", ".join(missing))
        )
    return positions


def parse_csv(data: bytes, *, limits: Limits, zone: ZoneInfo) -> ParseResult:
    """Every row as a record or a rejected line; raises ImportFileError for the file."""
    if len(data) > limits.max_bytes:
        raise too_large(limits)
    text = _decode(data)
    if not text.strip():
        raise ImportFileError(_("Ce fichier est vide : il n’y a rien à importer."))
    lines = text.splitlines()
    header_line = next(line for line in lines if line.strip())
    delimiter = _delimiter(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    result = ParseResult(kind="csv")
    try:
        columns: dict[str, int] | None = None
        rows = 0
        previous_end = 0
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns = _columns(cells)
                continue
            rows += 1
            if rows > limits.max_rows:
                raise too_many_rows(limits)
            try:
                result.records.append(_row(cells, columns, zone))
            except RowError as error:
                result.rejected.append(Rejected(line, str(error)))
    except csv.Error:
        raise ImportFileError(
            _(
                "Ligne %(line)s : cette ligne est mal formée (des guillemets non refermés, ou "
                "une cellule trop longue). Corrigez-la puis envoyez le fichier à nouveau.",
                line=previous_end + 1,
            )
        ) from None
    if rows == 0:
        raise ImportFileError(_("Ce fichier n’a que la ligne des colonnes : rien à importer."))
    return result


class _Row:
    """A row's cells by column key, each checked once it is asked for."""

    def __init__(self, cells: list[str], columns: dict[str, int]) -> None:
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            raise RowError(_("plus de cellules que de colonnes (un séparateur de trop ?)"))
        self.cells = {key: cells[i] if i < len(cells) else "" for key, i in columns.items()}
        for key, cell in self.cells.items():
            checked_text(cell, what=NAMES[key], limit=10_000)  # formulas, in any column

    def raw(self, key: str) -> str:
        return self.cells.get(key, "").strip()

    def text(self, key: str, what: str, limit: int = TEXT_MAX) -> str:
        return checked_text(self.cells.get(key, ""), what=what, limit=limit)

    def required(self, key: str, what: str, limit: int = NAME_MAX) -> str:
        value = self.text(key, what, limit)
        if not value:
            raise RowError(_("la colonne « %(what)s » est vide", what=what))
        return value

    def number(self, key: str, what: str) -> float | None:
        cell = self.raw(key)
        if not cell:
            return None
        value = parse_number(cell)
        if value is None:
            raise RowError(
                _("« %(what)s » n’est pas un nombre : « %(cell)s »", what=what, cell=cell[:40])
            )
        return value


def _parse_time(cell: str) -> time:
    match = _TIME.fullmatch(cell.strip())
    hour, minute = (int(match["h"]), int(match["m"])) if match else (99, 99)
    if hour > 23 or minute > 59:
        raise RowError(_("heure illisible « %(cell)s » (attendu : 08:30)", cell=cell[:40]))
    return time(hour, minute)


def _parse_date(cell: str) -> tuple[date, time | None]:
    match = _DATE.fullmatch(cell.strip())
    if not match:
        raise RowError(
            _(
                "date illisible « %(cell)s » (attendu : 12/03/2024 ou 2024-03-12)",
                cell=cell[:40],
            )
        )
    if match["iso_y"]:
        year, month, day = int(match["iso_y"]), int(match["iso_m"]), int(match["iso_d"])
    else:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
        if len(match["y"]) == 2:
            year += 2000 if 2000 + year <= utcnow().year else 1900
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise RowError(_("date impossible « %(cell)s »", cell=cell[:40])) from None
    # A day of margin: the member's local day may already be tomorrow in UTC terms.
    if parsed.year < 1900 or parsed > utcnow().date() + timedelta(days=1):
        raise RowError(_("date hors limites « %(cell)s »", cell=cell[:40]))
    return parsed, _parse_time(match["time"]) if match["time"] else None


def _when(row: _Row, key: str = "date") -> tuple[date, time | None]:
    cell = row.raw(key)
    if not cell:
        raise RowError(_("la date manque"))
    day, at = _parse_date(cell)
    if key == "date" and row.raw("time"):
        if at is not None:
            raise RowError(_("l’heure est donnée deux fois (dans « date » et dans « heure »)"))
        at = _parse_time(row.raw("time"))
    return day, at


def _measurement(row: _Row, zone: ZoneInfo) -> Record:
    typed = row.raw("series")
    key = SERIES_KEYS.get(fold(typed))
    if key is None:
        raise RowError(
            _(
                "série inconnue « %(series)s » (attendu : glycémie, hba1c, poids, tension, "
                "fréquence cardiaque, pas, sommeil, douleur, autre)",
                series=typed[:40],
            )
        )
    day, at = _when(row)
    value = row.number("value", _("valeur"))
    if value is None:
        raise RowError(_("la valeur manque"))
    return measurement(
        key,
        to_utc(day, at, zone),
        value,
        row.text("unit", _("unité"), UNIT_MAX),
        value2=row.number("value2", _("valeur2")),
        label=row.text("name", _("nom"), NAME_MAX) if key == "custom" else "",
        note=row.text("note", _("note")),
    )


def _treatment(row: _Row, zone: ZoneInfo) -> Record:
    start, _at = _when(row)
    stop = _when(row, "end")[0] if row.raw("end") else None
    if stop is not None and stop < start:
        raise RowError(_("la date de fin est avant la date de début"))
    return Treatment(
        name=row.required("name", _("nom")),
        start=start,
        stop=stop,
        dose=row.text("dose", _("dose")),
        note=row.text("note", _("note")),
    )


def _symptom(row: _Row, zone: ZoneInfo) -> Record:
    day, _at = _when(row)
    name = row.required("name", _("nom"))
    cell = row.raw("intensity")
    if not cell:
        raise RowError(_("l’intensité manque (un nombre entier de 0 à 10)"))
    if not re.fullmatch(r"\d{1,2}", cell, re.ASCII) or not 0 <= int(cell) <= 10:
        raise RowError(
            _("l’intensité doit être un nombre entier de 0 à 10 (et non « %(cell)s »)", cell=cell)
        )
    return Symptom(on=day, symptom=name, intensity=int(cell), note=row.text("note", _("note")))


def _lab(row: _Row, zone: ZoneInfo) -> Record:
    day, _at = _when(row)
    test = row.required("name", _("nom"))
    cell = row.raw("value")
    value = parse_number(cell) if cell else None
    if value is not None and abs(value) >= 1e9:
        raise RowError(_("valeur hors limites pour « %(test)s »", test=test))
    value_text = "" if value is not None else row.required("value", _("valeur"), NAME_MAX)
    return LabResult(
        on=day,
        test=test,
        value=value,
        unit=row.text("unit", _("unité"), UNIT_MAX),
        value_text=value_text,
        note=row.text("note", _("note")),
    )


_BUILDERS: dict[Category, Callable[[_Row, ZoneInfo], Record]] = {
    Category.MEASUREMENT: _measurement,
    Category.TREATMENT: _treatment,
    Category.SYMPTOM: _symptom,
    Category.LAB: _lab,
}


def _row(cells: list[str], columns: dict[str, int], zone: ZoneInfo) -> Record:
    row = _Row(cells, columns)
    category = TYPES.get(fold(row.raw("type")))
    if category is None:
        raise RowError(
            _(
                "type inconnu « %(type)s » (attendu : mesure, traitement, symptôme, analyse)",
                type=row.raw("type")[:40],
            )
        )
    return _BUILDERS[category](row, zone)


EXAMPLE = """\
type;date;heure;série;nom;valeur;valeur2;unité;dose;fin;intensité;note
mesure;12/03/2024;08:30;glycémie;;1,32;;g/L;;;;
mesure;12/03/2024;08:35;tension;;128;82;mmHg;;;;
mesure;2024-03-13;;poids;;71,5;;kg;;;;
mesure;13/03/2024;21:00;autre;Débit de pointe;420;;L/min;;;;
traitement;01/02/2024;;;Metformine;;;;500 mg matin et soir;;;
symptôme;14/03/2024;;;Fatigue;;;;;;6;après le sport
analyse;15/03/2024;;;TSH;2,1;;mUI/L;;;;
analyse;15/03/2024;;;Glucose urinaire;négatif;;;;;;
"""


def example_csv() -> bytes:
    """The downloadable example: one row of each kind, as a spreadsheet saves it."""
    return codecs.BOM_UTF8 + EXAMPLE.replace("\n", "\r\n").encode()

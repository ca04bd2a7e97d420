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
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
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
from community.selfdata.records import (
    Category,
    Diagnosis,
    LabResult,
    Precision,
    Record,
    Symptom,
    Treatment,
    parse_partial_iso,
)
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
    # The column the download of refused lines adds: read back, and ignored.
    "reason": ("raison du refus", "reason refused"),
}
NAMES = {key: french for key, (french, _english) in HEADERS.items()}
# In the order the documentation and the example show.
DOCUMENTED = tuple(name for key, name in NAMES.items() if key != "reason")
COLUMNS = {fold(name): key for key, names in HEADERS.items() for name in names}
REQUIRED = ("type", "date")

TYPES = {
    **dict.fromkeys(("mesure", "measurement"), Category.MEASUREMENT),
    **dict.fromkeys(("traitement", "treatment"), Category.TREATMENT),
    **dict.fromkeys(("symptome", "symptom"), Category.SYMPTOM),
    **dict.fromkeys(("analyse", "lab"), Category.LAB),
    **dict.fromkeys(("maladie", "diagnostic", "condition", "diagnosis"), Category.CONDITION),
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
# What devices and health apps write: 2024-03-12T08:30:00+01:00, …Z, …+0100, with or
# without seconds and their fractions. The offset says which moment it was.
_ISO_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?\s*(?:Z|[+-]\d{2}:?\d{2})",
    re.IGNORECASE,
)
# A month or a year only, for a condition or a treatment: 2019, 2019-03, 03/2019.
_MONTH_YEAR = re.compile(r"(?P<m>\d{1,2})[/.-](?P<y>\d{4})")
_SLASHED = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})")


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
    read: list[tuple[int, tuple[str, ...], Record]] = []
    month_first: int | None = None  # the first line with a date written month first
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
                result.header = tuple(cells)
                continue
            rows += 1
            if rows > limits.max_rows:
                raise too_many_rows(limits)
            try:
                read.append((line, tuple(cells), _row(cells, columns, zone)))
            except RowError as error:
                result.rejected.append(Rejected(line, str(error), tuple(cells)))
            if month_first is None and any(_month_first(c) for c in _date_cells(cells, columns)):
                month_first = line
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
    assert columns is not None
    _keep_unambiguous(result, read, columns, month_first)
    return result


def _date_cells(cells: Sequence[str], columns: dict[str, int]) -> list[str]:
    return [
        cells[columns[key]] for key in ("date", "end") if columns.get(key, len(cells)) < len(cells)
    ]


def _keep_unambiguous(
    result: ParseResult,
    read: list[tuple[int, tuple[str, ...], Record]],
    columns: dict[str, int],
    month_first: int | None,
) -> None:
    """Accept the rows read, unless the file writes dates month first somewhere: then a
    row whose date reads as two days (03/04/2024) cannot be trusted, and is refused."""
    for line, cells, record in read:
        if month_first is not None and any(_either_way(c) for c in _date_cells(cells, columns)):
            reason = _(
                "date ambiguë : la ligne %(line)s écrit les dates mois d’abord, à l’américaine, "
                "et celle-ci peut se lire des deux façons ; écrivez-la année-mois-jour, "
                "par exemple 2024-03-04",
                line=month_first,
            )
            result.rejected.append(Rejected(line, reason, cells))
        else:
            result.records.append(record)
    result.rejected.sort(key=lambda rejected: rejected.line)


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


def _day_first_hint(cell: str) -> str:
    """The words for a date that is impossible read day first but would be read month first."""
    found = _month_first(cell)
    if found is None:
        return ""
    fixed = "/".join((found["b"], found["a"], found["y"]))
    return _(
        "date impossible « %(cell)s » : les dates sont lues jour d’abord (jour/mois/année), "
        "à la française ; écrivez %(fixed)s",
        cell=cell[:40],
        fixed=fixed,
    )


def _slashed(cell: str) -> re.Match[str] | None:
    return _SLASHED.fullmatch(cell.strip().split(" ")[0].split("T")[0])


def _month_first(cell: str) -> re.Match[str] | None:
    """A date that only makes sense month first, as in the United States: 03/25/2024."""
    found = _slashed(cell)
    return found if found and int(found["a"]) <= 12 < int(found["b"]) <= 31 else None


def _either_way(cell: str) -> bool:
    """A date that reads as two different days, day first or month first: 03/04/2024."""
    found = _slashed(cell)
    if found is None:
        return False
    first, second = int(found["a"]), int(found["b"])
    return first != second and max(first, second) <= 12


def _check_bounds(parsed: date, cell: str) -> date:
    # A day of margin: the member's local day may already be tomorrow in UTC terms.
    if parsed.year < 1900 or parsed > utcnow().date() + timedelta(days=1):
        raise RowError(_("date hors limites « %(cell)s »", cell=cell[:40]))
    return parsed


def _parse_moment(cell: str) -> datetime | None:
    """An ISO 8601 time with its offset, as naive UTC; None for any other writing."""
    text = cell.strip()
    if not _ISO_MOMENT.fullmatch(text):
        return None
    text = text.replace(",", ".").replace(" ", "T", 1).replace(" ", "")
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1] in "zZ" else text)
    except ValueError:
        raise RowError(_("date impossible « %(cell)s »", cell=cell[:40])) from None
    return moment.astimezone(UTC).replace(tzinfo=None)


def _parse_date(cell: str) -> tuple[date, time | None]:
    match = _DATE.fullmatch(cell.strip())
    if not match:
        raise RowError(
            _day_first_hint(cell)
            or _(
                "date illisible « %(cell)s » (attendu : 12/03/2024, 2024-03-12 ou "
                "2024-03-12T08:30:00+01:00 ; les dates sont lues jour d’abord)",
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
        raise RowError(
            _day_first_hint(cell) or _("date impossible « %(cell)s »", cell=cell[:40])
        ) from None
    return _check_bounds(parsed, cell), _parse_time(match["time"]) if match["time"] else None


def _when(row: _Row, zone: ZoneInfo, key: str = "date") -> tuple[date, datetime | None]:
    """(the local day, the moment in naive UTC if a time was given) of a row's date."""
    cell = row.raw(key)
    if not cell:
        raise RowError(_("la date manque"))
    moment = _parse_moment(cell)
    if moment is not None:
        if key == "date" and row.raw("time"):
            raise RowError(_("l’heure est donnée deux fois (dans « date » et dans « heure »)"))
        local = moment.replace(tzinfo=UTC).astimezone(zone)
        return _check_bounds(local.date(), cell), moment
    day, at = _parse_date(cell)
    if key == "date" and row.raw("time"):
        if at is not None:
            raise RowError(_("l’heure est donnée deux fois (dans « date » et dans « heure »)"))
        at = _parse_time(row.raw("time"))
    return day, to_utc(day, at, zone) if at is not None else None


def _partial_when(row: _Row, zone: ZoneInfo, key: str) -> tuple[date, Precision]:
    """A date that may be a month or a year only (a condition's, a treatment's)."""
    cell = row.raw(key)
    found = parse_partial_iso(cell)
    if found is not None and found[1] is not Precision.DAY:
        return _check_bounds(found[0], cell), found[1]
    month_year = _MONTH_YEAR.fullmatch(cell)
    if month_year and 1 <= int(month_year["m"]) <= 12:
        day = date(int(month_year["y"]), int(month_year["m"]), 1)
        return _check_bounds(day, cell), Precision.MONTH
    return _when(row, zone, key)[0], Precision.DAY


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
    day, at = _when(row, zone)
    value = row.number("value", _("valeur"))
    if value is None:
        raise RowError(_("la valeur manque"))
    return measurement(
        key,
        at if at is not None else to_utc(day, None, zone),
        value,
        row.text("unit", _("unité"), UNIT_MAX),
        value2=row.number("value2", _("valeur2")),
        label=row.text("name", _("nom"), NAME_MAX) if key == "custom" else "",
        note=row.text("note", _("note")),
    )


def _treatment(row: _Row, zone: ZoneInfo) -> Record:
    start, start_precision = _partial_when(row, zone, "date")
    stop, stop_precision = (
        _partial_when(row, zone, "end") if row.raw("end") else (None, Precision.DAY)
    )
    if stop is not None and stop < start:
        raise RowError(_("la date de fin est avant la date de début"))
    return Treatment(
        name=row.required("name", _("nom")),
        start=start,
        stop=stop,
        dose=row.text("dose", _("dose")),
        note=row.text("note", _("note")),
        start_precision=start_precision,
        stop_precision=stop_precision,
    )


def _diagnosis(row: _Row, zone: ZoneInfo) -> Record:
    since, precision = _partial_when(row, zone, "date")
    ended, ended_precision = (
        _partial_when(row, zone, "end") if row.raw("end") else (None, Precision.DAY)
    )
    if ended is not None and ended < since:
        raise RowError(_("la date de fin est avant la date de début"))
    return Diagnosis(
        name=row.required("name", _("nom")),
        since=since,
        ended=ended,
        note=row.text("note", _("note")),
        precision=precision,
        ended_precision=ended_precision,
    )


def _symptom(row: _Row, zone: ZoneInfo) -> Record:
    day, _at = _when(row, zone)
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
    day, _at = _when(row, zone)
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
    Category.CONDITION: _diagnosis,
}


def _row(cells: list[str], columns: dict[str, int], zone: ZoneInfo) -> Record:
    row = _Row(cells, columns)
    category = TYPES.get(fold(row.raw("type")))
    if category is None:
        raise RowError(
            _(
                "type inconnu « %(type)s » (attendu : mesure, traitement, symptôme, analyse, "
                "maladie)",
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
maladie;03/2019;;;Diabète de type 2;;;;;;;
"""


def example_csv() -> bytes:
    """The downloadable example: one row of each kind, as a spreadsheet saves it."""
    return codecs.BOM_UTF8 + EXAMPLE.replace("\n", "\r\n").encode()

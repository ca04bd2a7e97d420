"""A transparency page's figures: the lattice of counts, what must be hidden, the tables.

A space's figures and the site's add up (the site is the sum of the published spaces),
so a page is always worked out from every published space at once: what one page hides
may depend on what another shows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from community.kernel.reasons import RejectionReason
from community.moderation.transparency import queries as q
from community.moderation.transparency.suppression import Hidden, Sum, hidden_cells

SITE = 0  # the scope of the site's figures, beside the spaces' ids
MONTHS = 12


@dataclass(frozen=True)
class Cell:
    text: str  # as the reader sees it: "12", "moins de 5", "masqué"
    count: int | None = None  # None when hidden
    hidden: Hidden | None = None


@dataclass(frozen=True)
class Row:
    month: str  # "2026-11"
    label: str  # "novembre 2026"
    cells: list[Cell]
    first: date  # the month's first day


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    columns: list[str]  # the month's column first
    keys: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    minimum: int
    tables: list[Table]
    first_month: str
    last_month: str

    def table(self, table_id: str) -> Table:
        return next(table for table in self.tables if table.id == table_id)

    def csv_rows(self) -> Iterator[list[str]]:
        """month, figure key, figure, value: the page's cells one a line."""
        for table in self.tables:
            for row in table.rows:
                for key, column, cell in zip(table.keys, table.columns[1:], row.cells, strict=True):
                    yield [row.month, key, f"{table.caption} : {column}", cell.text]


def months_ending(today: date, count: int = MONTHS) -> list[date]:
    """The first day of each of the `count` months up to today's, oldest first."""
    firsts = []
    year, month = today.year, today.month
    for _step in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _groups() -> list[tuple[str, tuple[str, ...]]]:
    notices = [(key, q.NOTICE_OUTCOMES) for key in q.NOTICE_SOURCES]
    return [
        (q.REFUSED, q.REASONS),
        (q.FLAGGED, q.FLAG_OUTCOMES),
        *notices,
        (q.APPEALS, q.APPEAL_OUTCOMES),
    ]


def _all_keys() -> list[str]:
    keys = [q.RECEIVED, q.PUBLISHED, q.EDIT_REQUESTED]
    for total, parts in _groups():
        keys += [total, *(f"{total}:{part}" for part in parts)]
    return keys


def _tables() -> list[Table]:
    month = _("Mois")
    reasons = [str(reason.label) for reason in RejectionReason]
    notice_tables = [
        Table(
            f"notices-{key}",
            {
                "reports": _("Signalements des membres"),
                "notices": _("Signalements de contenus illicites (par tous)"),
            }.get(key, key),
            [month, _("Reçus"), _("Message retiré"), _("Message maintenu"), _("En attente")],
            [key, *(f"{key}:{outcome}" for outcome in q.NOTICE_OUTCOMES)],
        )
        for key in q.NOTICE_SOURCES
    ]
    return [
        Table(
            "posts",
            _("Messages"),
            [month, _("Reçus"), _("Publiés"), _("Refusés"), _("Modification demandée")],
            [q.RECEIVED, q.PUBLISHED, q.REFUSED, q.EDIT_REQUESTED],
        ),
        Table(
            "reasons",
            _("Refus par motif"),
            [month, *reasons],
            [f"{q.REFUSED}:{code}" for code in q.REASONS],
        ),
        Table(
            "flags",
            _("Messages signalés par la détection automatique"),
            [month, _("Signalés"), _("Puis refusés"), _("Puis publiés"), _("Puis à modifier")],
            [q.FLAGGED, *(f"{q.FLAGGED}:{outcome}" for outcome in q.FLAG_OUTCOMES)],
        ),
        *notice_tables,
        Table(
            "appeals",
            _("Contestations des décisions"),
            [month, _("Reçues"), _("Décision annulée"), _("Décision confirmée"), _("En attente")],
            [q.APPEALS, *(f"{q.APPEALS}:{outcome}" for outcome in q.APPEAL_OUTCOMES)],
        ),
        Table(
            "delays",
            _("Délai avant la décision d’un modérateur"),
            [month, _("Délai médian")],
            ["median_delay"],
        ),
    ]


def _medians(counts: dict[tuple[int, str, str], int], scope: int) -> dict[str, tuple[int, int]]:
    """month -> (median minutes to a first decision, posts decided), from the spreads."""
    spread: dict[str, dict[int, int]] = {}
    for (where, at, _key), minutes, count in delay_cells(counts):
        if where == scope:
            spread.setdefault(at, {})[minutes] = spread.get(at, {}).get(minutes, 0) + count
    return {at: median_of(by_minutes) for at, by_minutes in spread.items()}


def delay_cells(
    counts: dict[tuple[int, str, str], int],
) -> Iterator[tuple[tuple[int, str, str], int, int]]:
    """Each (cell, minutes, posts) of the delays' spreads among `counts`."""
    prefix = f"{q.DELAY}:"
    for cell, count in counts.items():
        if cell[2].startswith(prefix):
            yield cell, int(cell[2].removeprefix(prefix)), count


def median_of(by_minutes: Mapping[int, int]) -> tuple[int, int]:
    """(the median of a spread of delays {minutes: posts}, how many posts it counts);
    (0, 0) for an empty spread."""
    decided = sum(by_minutes.values())
    seen = 0
    for minutes in sorted(by_minutes):
        seen += by_minutes[minutes]
        if seen * 2 >= decided:
            return minutes, decided
    return 0, 0


def delay_text(minutes: int) -> str:
    """A delay as a reader says it: "25 min", "3 h 05 min", "4,5 jours"."""
    if minutes < 60:
        return _("%(n)s min", n=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(h)s h %(m)s min", h=hours, m=f"{minutes:02d}")
    return _("%(d)s jours", d=format_decimal(round(hours / 24, 1)))


def build(
    session: Session,
    *,
    scope: int,
    published: Collection[int],
    minimum: int,
    today: date,
) -> Report:
    """The report of one space (its id) or of the site (SITE), over the last MONTHS months.

    `published` are the spaces whose pages are public; a space previewed before its
    publication is worked out with them, and is not part of the site's sums."""
    firsts = months_ending(today)
    months = [first.strftime("%Y-%m") for first in firsts]
    spaces = set(published) | ({scope} if scope != SITE else set())
    raw = q.monthly_counts(
        session,
        space_ids=spaces,
        months=[datetime.combine(first, datetime.min.time()) for first in firsts],
    )
    counts: dict[tuple[int, str, str], int] = dict(raw)
    for (space_id, at, key), count in raw.items():
        if space_id in published:
            counts[SITE, at, key] = counts.get((SITE, at, key), 0) + count
    keys = _all_keys()
    sums = [
        Sum((where, at, total), [(where, at, f"{total}:{part}") for part in parts])
        for where in (*spaces, SITE)
        for at in months
        for total, parts in _groups()
    ]
    sums += [
        Sum((SITE, at, key), [(space_id, at, key) for space_id in published])
        for at in months
        for key in keys
    ]
    hidden = hidden_cells(counts, sums, minimum=minimum)
    delay_of = _medians(counts, scope)

    def cell(key: str, at: str) -> Cell:
        where = (scope, at, key)
        if where in hidden:
            why = hidden[where]
            small = _("moins de %(n)s", n=minimum)
            return Cell(small if why is Hidden.SMALL else _("masqué"), hidden=why)
        count = counts.get(where, 0)
        return Cell(format_decimal(count), count=count)

    def delay_cells(at: str) -> list[Cell]:
        # How many posts were decided is not shown: the site's would give a space's away.
        median, decided = delay_of.get(at, (0, 0))
        if decided == 0:
            return [Cell("—")]
        if decided < minimum:
            return [Cell(_("trop peu de décisions"), hidden=Hidden.SMALL)]
        return [Cell(delay_text(median))]

    tables = _tables()
    for table in tables:
        for first, at in zip(firsts, months, strict=True):
            cells = (
                delay_cells(at) if table.id == "delays" else [cell(key, at) for key in table.keys]
            )
            table.rows.append(Row(at, format_date(first, "MMMM yyyy"), cells, first))
    return Report(minimum, tables, months[0], months[-1])

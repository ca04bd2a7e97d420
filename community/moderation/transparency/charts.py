"""A bar chart of one figure by month, every position worked out here for the template."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal

from community.moderation.transparency.report import Table


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the month, short
    value: str  # as the table says it: a number, "moins de 5", "masqué"
    shown: bool  # False when the count is hidden: no bar, only its words


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    desc: str
    width: int
    height: int
    left: int
    bottom: int
    right: int
    top: int
    bars: list[Bar]
    y_ticks: list[tuple[float, str]]


def bar_chart(
    table: Table, column: int, *, chart_id: str, title: str, desc: str, short_months: list[str]
) -> BarChart:
    """The `column`-th figure of `table` (0 is its first figure), one bar a month."""
    width, height, left, right, top, bottom = 640, 260, 48, 630, 16, 200
    cells = [row.cells[column] for row in table.rows]
    largest = max((cell.count or 0 for cell in cells), default=0)
    step = _nice_step(largest)
    ceiling = max(step * 4, 1)
    slot = (right - left) / max(len(cells), 1)
    bars = []
    for index, (cell, label) in enumerate(zip(cells, short_months, strict=True)):
        shown = cell.count is not None
        bar_height = (bottom - top) * (cell.count or 0) / ceiling
        bars.append(
            Bar(
                x=round(left + index * slot + slot * 0.15, 1),
                y=round(bottom - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                label=label,
                value=cell.text,
                shown=shown,
            )
        )
    ticks = [
        (round(bottom - (bottom - top) * i * step / ceiling, 1), format_decimal(i * step))
        for i in range(5)
    ]
    return BarChart(chart_id, title, desc, width, height, left, bottom, right, top, bars, ticks)


def _nice_step(largest: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 … such that four steps reach `largest`."""
    rank = 0
    step = 1
    while step * 4 < largest:
        rank += 1
        step = (1, 2, 5)[rank % 3] * 10 ** (rank // 3)
    return step

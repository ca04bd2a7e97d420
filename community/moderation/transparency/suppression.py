"""Which published counts must be hidden so that no small number can be read or deduced.

A count from 1 to minimum - 1 is shown as "fewer than minimum" (SMALL): the reader knows
it lies between 1 and minimum - 1. Counts add up (the refusals by reason and their
total, the spaces' figures and the site's), and a sum with one unknown gives it away by
subtraction; with only SMALL unknowns, their bounds can still pin them down (a total of
"fewer than 5" over four "fewer than 5" parts makes each of them 1). So in every sum,
hidden cells come by two or more, one of them at least MASKED, a cell shown as "hidden"
with no bound at all: the total if it is still shown, otherwise the smallest part still
shown, otherwise the total even if it is small. Zero is always shown: it singles nobody
out.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

Cell = TypeVar("Cell", bound=Hashable)


class Hidden(StrEnum):
    SMALL = "small"  # 1 to minimum - 1
    MASKED = "masked"  # would let a small count be worked out


@dataclass(frozen=True)
class Sum(Generic[Cell]):
    """total = sum of parts, cells named by whatever keys the caller uses."""

    total: Cell
    parts: Sequence[Cell]


def hidden_cells(
    counts: Mapping[Cell, int], sums: Iterable[Sum[Cell]], *, minimum: int
) -> dict[Cell, Hidden]:
    """Every cell that must not be shown, and why. Cells missing from `counts` are 0."""
    hidden: dict[Cell, Hidden] = {
        cell: Hidden.SMALL for cell, count in counts.items() if 0 < count < minimum
    }
    sums = list(sums)
    changed = True
    while changed:  # hiding a cell may open another sum: until nothing changes
        changed = False
        for each in sums:
            cells = [each.total, *each.parts]
            unknown = [cell for cell in cells if cell in hidden]
            if not unknown or (
                len(unknown) >= 2 and any(hidden[cell] is Hidden.MASKED for cell in unknown)
            ):
                continue
            shown = [part for part in each.parts if part not in hidden and counts.get(part, 0)]
            if each.total not in hidden or not shown:
                target = each.total
            else:
                target = min(shown, key=lambda part: counts[part])
            if hidden.get(target) is not Hidden.MASKED:
                hidden[target] = Hidden.MASKED
                changed = True
    return hidden

"""How weak cues add up to a "suicide" hit: enough of them, of different kinds, close together."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from community.textscan.crisis.judging import WINDOW, Judge, capped
from community.textscan.crisis.patterns import Cue, S
from community.textscan.crisis.prefilter import Gate
from community.textscan.normalize import Hit


def added_up(judge: Judge, cues: Sequence[Cue], gate: Gate) -> Iterator[Hit]:
    """Farewells, veiled posts, plans and stopping a treatment: enough cues of different
    kinds within `WINDOW` characters. `gate` is the prefilter of `cues`."""
    found: list[tuple[int, int, Cue]] = []
    for index in gate.open(judge.words):
        cue = cues[index]
        for match in capped(judge, cue):
            found.append((match.start(), match.end(), cue))
    if not found:
        return
    found = _one_cue_per_passage(found)
    reported: set[int] = set()
    first = 0
    for last in range(len(found)):
        while found[last][0] - found[first][0] > WINDOW:
            first += 1
        window = found[first : last + 1]
        if _enough(window):
            for index in range(first, last + 1):
                if index not in reported:
                    reported.add(index)
                    yield Hit(S, found[index][0], found[index][1])


def _one_cue_per_passage(
    found: list[tuple[int, int, Cue]],
) -> list[tuple[int, int, Cue]]:
    """Cues sorted by start, without those inside a heavier or equal one: "soon it won't
    matter" is one cue, not also the "soon" of a time."""
    ordered = sorted(found, key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, Cue]] = []
    for item in ordered:
        if kept and item[1] <= kept[-1][1] and item[2].weight <= kept[-1][2].weight:
            continue
        kept.append(item)
    return kept


def _enough(window: Sequence[tuple[int, int, Cue]]) -> bool:
    best: dict[str, float] = {}
    for _start, _end, cue in window:
        best[cue.family] = max(best.get(cue.family, 0.0), cue.weight)
    if "stop" in best and "purpose" in best and "reason" not in best:
        return True
    score = sum(weight for family, weight in best.items() if family not in ("purpose", "reason"))
    return score >= 2 and (len(best) >= 2 or max(best.values()) >= 2)

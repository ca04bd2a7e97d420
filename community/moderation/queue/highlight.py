"""The queue's texts as HTML: every piece escaped, the flagged passages marked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from community.textscan.matching import merge_spans

# In the queue a long post shows its first characters, the rest folded under "lire la
# suite"; a rest shorter than the fold's own cost is shown.
FOLD_AFTER = 500
FOLD_AT_LEAST = 200


@dataclass(frozen=True)
class FoldedText:
    head: Markup
    rest: Markup | None  # None: the text is shown whole
    flagged_in_rest: int  # flagged passages that start in the folded rest


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """The text, every piece escaped, with <mark> around the flagged spans and <br> for newlines.

    Spans from several findings may overlap or fall outside a text edited since: they are
    clipped, sorted and merged, so the markup is always well formed.
    """
    merged = _merged(text, spans)
    pieces: list[Markup] = []
    position = 0
    for start, end in merged:
        pieces.append(_lines(text[position:start]))
        pieces.append(Markup("<mark>") + _lines(text[start:end]) + Markup("</mark>"))
        position = end
    pieces.append(_lines(text[position:]))
    return Markup("").join(pieces)


def _lines(text: str) -> Markup:
    return Markup("<br>\n").join(escape(line) for line in text.split("\n"))


def highlight_folded(text: str, spans: Iterable[tuple[int, int]]) -> FoldedText:
    """The text highlighted in two parts, cut between words after about FOLD_AFTER
    characters, never inside a flagged passage; whole when it is short."""
    merged = _merged(text, spans)
    cut = _fold_point(text, merged)
    if cut is None:
        return FoldedText(highlight(text, merged), None, 0)
    rest = [(start - cut, end - cut) for start, end in merged if end > cut]
    return FoldedText(
        highlight(text[:cut], merged),
        highlight(text[cut:], rest),
        sum(1 for start, _end in merged if start >= cut),
    )


def _fold_point(text: str, merged: list[tuple[int, int]]) -> int | None:
    if len(text) < FOLD_AFTER + FOLD_AT_LEAST:
        return None
    space = max(text.rfind(blank, 0, FOLD_AFTER + 1) for blank in " \n")
    cut = space if space > FOLD_AFTER // 2 else FOLD_AFTER
    for start, end in merged:
        if start < cut < end:
            cut = end
    if len(text) - cut < FOLD_AT_LEAST:
        return None
    return cut


def _merged(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    clipped = ((max(0, start), min(len(text), end)) for start, end in spans)
    return merge_spans((start, end) for start, end in clipped if start < end)

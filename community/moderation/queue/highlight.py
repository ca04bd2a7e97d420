"""The queue's texts as HTML: every piece escaped, the flagged passages marked."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from community.textscan.matching import merge_spans


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """The text, every piece escaped, with <mark> around the flagged spans and <br> for newlines.

    Spans from several findings may overlap or fall outside a text edited since: they are
    clipped, sorted and merged, so the markup is always well formed.
    """
    clipped = ((max(0, start), min(len(text), end)) for start, end in spans)
    merged = merge_spans((start, end) for start, end in clipped if start < end)
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

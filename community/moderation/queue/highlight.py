"""The queue's texts as HTML: every piece escaped, the flagged passages marked."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """The text, every piece escaped, with <mark> around the flagged spans and <br> for newlines.

    Spans from several findings may overlap or fall outside a text edited since: they are
    clipped, sorted and merged, so the markup is always well formed.
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
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

"""Hits, and how detectors find them fast: matches checked after the fact, merged spans."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from community.textscan.anchors import match_starts, word_starts


class Hit(NamedTuple):
    """One match, in folded-text offsets; `detail` is the domain or word its reason names."""

    code: str
    start: int
    end: int
    detail: str = ""


def matches_where(
    pattern: re.Pattern[str], text: str, allowed: Callable[[str, int], bool]
) -> Iterator[re.Match[str]]:
    """The matches of `pattern` whose start passes `allowed(text, start)`.

    This is a look-behind done in Python. Python's regex engine jumps straight to a
    pattern's first literal characters, but a leading look-behind or `\\b` makes it try
    every position: checked here instead, the detectors run ten to thirty times faster.
    A rejected match does not hide one that starts right after it.
    """
    position = 0
    while match := pattern.search(text, position):
        start = match.start()
        if allowed(text, start):
            yield match
            position = max(match.end(), start + 1)
        else:
            position = start + 1


def starts_word(text: str, index: int) -> bool:
    """True if `index` is not inside a word: what a leading `\\b` checks."""
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] == "_")


def word_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern` that begin a word, as if it began with `\\b`.

    A pattern that begins with known words (anchors.py) is only tried where a word of the
    text begins with one of them: the same matches, without a search through the text.
    """
    starts = word_starts(pattern, text)
    if starts is None:
        return matches_where(pattern, text, starts_word)
    return _matches_at(pattern, text, starts)


def all_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, the same matches; for a pattern whose every match begins a
    word with known letters (anchors.py), tried only where a word begins with them."""
    starts = match_starts(pattern, text)
    if starts is None:
        return pattern.finditer(text)
    # Its matches are never empty: the next one is looked for where one ends, as finditer.
    return _matches_at(pattern, text, starts)


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    # What `matches_where` finds, tried only at the places a match may start: a search
    # that failed at a word start would have gone on to the next one.
    position = 0
    match_at = pattern.match
    for start in starts:
        if start < position:
            continue
        if match := match_at(text, start):
            yield match
            position = max(match.end(), start + 1)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, with those that overlap or touch merged into one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def overlap_test(spans: Iterable[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether [start, end) overlaps any of `spans`, in logarithmic time.

    Hostile posts hold thousands of addresses and links: comparing each with each
    would take seconds.
    """
    merged = merge_spans(spans)
    starts = [start for start, _end in merged]

    def overlaps(start: int, end: int) -> bool:
        index = bisect_left(starts, end) - 1
        return index >= 0 and merged[index][1] > start

    return overlaps

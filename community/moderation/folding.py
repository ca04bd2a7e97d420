"""Text folded for matching (lower case, no accents, plain apostrophes), and hits found in it."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

# Typed by phones and word processors in place of the plain apostrophe and hyphen.
_APOSTROPHES = "\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032\uff07"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
# Drawn as nothing, so someone can slip them inside a word to dodge a filter.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"
# Cyrillic and Greek letters drawn exactly like Latin ones: "sui\u0441ide" with a
# Cyrillic "с" reads as "suicide" to a person and must to us too.
# fmt: off
_LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ο": "o", "α": "a", "ε": "e", "ι": "i",
    "κ": "k", "ν": "v", "τ": "t", "υ": "u", "ρ": "p",
}
# fmt: on


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    if char in _INVISIBLE:
        return ""
    if char.isspace():
        return "\n" if char in "\n\u2028\u2029\x85" else " "
    lower = char.lower()
    if lower in _LOOKALIKES:
        return _LOOKALIKES[lower]
    if lower == "œ":
        return "oe"
    if lower == "æ":
        return "ae"
    # NFKD splits "é" into "e" + a combining accent and turns full-width or
    # ligature forms ("ｓ", "ﬁ") into plain letters; the accents are then dropped.
    decomposed = unicodedata.normalize("NFKD", lower)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class _FoldTable(dict[int, str]):
    """A `str.translate` table that works out each character once, the first time it is met."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        # Bounded, so that posts in every script of Unicode cannot grow it for ever.
        if len(self) < 20_000:
            self[codepoint] = folded
        return folded


_TABLE = _FoldTable()


@dataclass(frozen=True)
class FoldedText:
    """The original text, its folded form, and where each folded character came from.

    `origin` is None when folding kept one character for one (the usual case: accents
    only), so that offsets are shared; otherwise origin[i] is the original offset of
    folded[i].
    """

    original: str
    folded: str
    origin: tuple[int, ...] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the folded slice [start, end)."""
        if self.origin is None:
            return start, end
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def original_slice(self, start: int, end: int) -> str:
        """The original text behind the folded slice [start, end)."""
        begin, stop = self.span(start, end)
        return self.original[begin:stop]


def fold(text: str) -> FoldedText:
    """Fold `text` for accent- and case-insensitive matching, keeping the way back."""
    if text.isascii():
        return FoldedText(text, text.lower().replace("`", "'"), None)
    folded = text.translate(_TABLE)
    uneven = "".join(char for char in set(text) if len(_TABLE[ord(char)]) != 1)
    if not uneven:
        return FoldedText(text, folded, None)
    # Only the few characters that fold to none or to two ("œ", a zero-width space)
    # are visited one by one; the runs between them are copied as ranges.
    origin: list[int] = []
    previous = 0
    for match in _any_of(uneven).finditer(text):
        index = match.start()
        origin.extend(range(previous, index))
        origin.extend([index] * len(_TABLE[ord(text[index])]))
        previous = index + 1
    origin.extend(range(previous, len(text)))
    return FoldedText(text, folded, tuple(origin))


@lru_cache(maxsize=512)
def _any_of(characters: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(''.join(sorted(characters)))}]")


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
    """The matches of `pattern` that begin a word, as if it began with `\\b`."""
    return matches_where(pattern, text, starts_word)


def overlap_test(spans: Iterable[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether [start, end) overlaps any of `spans`, in logarithmic time.

    Hostile posts hold thousands of addresses and links: comparing each with each
    would take seconds.
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [start for start, _end in merged]

    def overlaps(start: int, end: int) -> bool:
        index = bisect_left(starts, end) - 1
        return index >= 0 and merged[index][1] > start

    return overlaps

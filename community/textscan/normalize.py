"""Text normalised for matching, and the way back from every normalised character to the original.

`fold(text)` is the one normalisation every detector and the model read:

1. character by character: lower case, no accents, plain apostrophes and hyphens, no
   invisible characters, and letters of other scripts drawn like Latin ones (Unicode's
   confusables table: a Cyrillic "с" in "suiсide" reads "c");
2. word by word, what people type to slip past a filter: digits and symbols for letters
   ("c0nn4rd", "s@lope"), spaced, dotted or starred letters ("c o n n a r d",
   "s.a.l.o.p.e", "p*te"), letters repeated ("connaaaard"), and SMS spellings and
   acronyms ("jsuis", "fdp", "kys") written out in full.

Step 2 only rewrites a word into one the lexicon knows (or, for SMS spellings, one of a
fixed table), so that measurements ("5mg", "hba1c", "t2") and ordinary words are left as
they are. Every step keeps, for each character it produces, the offset of the original
character it came from: a detector's match on folded text highlights the right passage
of what the member wrote.

`model_text` gives the model the same rewritten words, with or without case and accents
(a multilingual model reads "Médecin" better than "medecin").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from community.textscan.disguises import Rewrite, rewrites
from community.textscan.folding import strip_accents

# Detectors take the text and their helpers from here: one import for both.
from community.textscan.matching import (
    Hit,
    all_matches,
    matches_where,
    merge_spans,
    overlap_test,
    starts_word,
    word_matches,
)

# Typed by phones and word processors in place of the plain apostrophe and hyphen.
_APOSTROPHES = "\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032\uff07"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
# Drawn as nothing, so someone can slip them inside a word to dodge a filter.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u034f\u2061\u2062\u2063\u2064"


def _latin_lookalike(char: str) -> str | None:
    """The ASCII letter `char` is drawn like, by Unicode's confusables table, if any."""
    from confusable_homoglyphs import confusables

    for candidate in (char, char.upper()):
        found = confusables.is_confusable(candidate, preferred_aliases=["latin"], greedy=True)
        for entry in found or ():
            for glyph in entry["homoglyphs"]:
                letter = glyph["c"].lower()
                if len(letter) == 1 and "a" <= letter <= "z":
                    return letter
    return None


def _fold_char(char: str, *, keep_case: bool = False) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    if char in _INVISIBLE or (unicodedata.category(char) == "Mn" and not keep_case):
        return ""
    if char.isspace():
        return "\n" if char in "\n\u2028\u2029\x85" else " "
    lower = char if keep_case else char.lower()
    if lower in "œŒ":
        return "oe" if lower == "œ" else "OE"
    if lower in "æÆ":
        return "ae" if lower == "æ" else "AE"
    if keep_case:
        # Only what a person would not see: width, ligatures and other scripts' look-alikes.
        if unicodedata.category(char)[0] == "L" and not _is_latin(char):
            return _latin_lookalike(char) or char
        return unicodedata.normalize("NFKC", char) if not char.isascii() else char
    # NFKD splits "é" into "e" + a combining accent and turns full-width or
    # ligature forms ("ｓ", "ﬁ") into plain letters; the accents are then dropped.
    plain = strip_accents(lower).lower()
    if plain.isascii() or unicodedata.category(char)[0] != "L":
        return plain
    return _latin_lookalike(char) or plain


def _is_latin(char: str) -> bool:
    try:
        return "LATIN" in unicodedata.name(char)
    except ValueError:
        return False


class _FoldTable(dict[int, str]):
    """A `str.translate` table that works out each character once, the first time it is met."""

    def __init__(self, *, keep_case: bool) -> None:
        super().__init__()
        self.keep_case = keep_case

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint), keep_case=self.keep_case)
        # Bounded, so that posts in every script of Unicode cannot grow it for ever.
        if len(self) < 20_000:
            self[codepoint] = folded
        return folded


_TABLE = _FoldTable(keep_case=False)
_LIGHT_TABLE = _FoldTable(keep_case=True)


class Edit(NamedTuple):
    """`original[start:end]` read as `replacement` (offsets in the original text)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class FoldedText:
    """The original text, its folded form, and where each folded character came from.

    `origin` is None when folding kept one character for one (the usual case: accents
    only), so that offsets are shared; otherwise origin[i] is the original offset of
    folded[i]. `edits` are the words step 2 rewrote, in original offsets.
    """

    original: str
    folded: str
    origin: tuple[int, ...] | None
    edits: tuple[Edit, ...] = ()

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


def fold_chars(text: str) -> FoldedText:
    """Step 1 only: case, accents, apostrophes, invisible characters, look-alike letters."""
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


def fold(text: str) -> FoldedText:
    """Fold `text` for matching (both steps), keeping the way back to the original.

    The worker folds a post twice, for the model and for the detectors (a reply's text
    is the same for both): the last posts folded are kept, a batch's worth and more.
    """
    return _fold(text)


@lru_cache(maxsize=128)
def _fold(text: str) -> FoldedText:
    chars = fold_chars(text)
    found = rewrites(chars.folded)
    return _apply(chars, found) if found else chars


def model_text(text: str, *, keep_case_and_accents: bool = False) -> str:
    """What the toxicity model reads: the folded text, or the original with case and
    accents kept but the same words rewritten (for a model trained on natural text)."""
    folded = fold(text)
    if not keep_case_and_accents:
        return folded.folded
    pieces = []
    previous = 0
    for edit in folded.edits:
        pieces.append(text[previous : edit.start])
        pieces.append(edit.replacement)
        previous = edit.end
    pieces.append(text[previous:])
    return unicodedata.normalize("NFC", "".join(pieces).translate(_LIGHT_TABLE))


def _apply(chars: FoldedText, found: Sequence[Rewrite]) -> FoldedText:
    """Rewrite the folded words; the new origin leads back through `chars` to the original."""
    folded = chars.folded
    base = chars.origin
    pieces: list[str] = []
    origin: list[int] = []
    original_edits: list[Edit] = []
    previous = 0
    for start, end, replacement, sources in found:
        pieces.append(folded[previous:start])
        origin.extend(base[previous:start] if base is not None else range(previous, start))
        if sources is None:
            width = end - start
            sources = [
                start + min(i * width // max(len(replacement), 1), width - 1)
                for i in range(len(replacement))
            ]
        pieces.append(replacement)
        origin.extend(base[i] if base is not None else i for i in sources)
        original_start, original_end = chars.span(start, end)
        original_edits.append(Edit(original_start, original_end, replacement))
        previous = end
    pieces.append(folded[previous:])
    origin.extend(base[previous:] if base is not None else range(previous, len(folded)))
    return FoldedText(chars.original, "".join(pieces), tuple(origin), tuple(original_edits))


__all__ = [
    "Edit",
    "FoldedText",
    "Hit",
    "all_matches",
    "fold",
    "fold_chars",
    "matches_where",
    "merge_spans",
    "model_text",
    "overlap_test",
    "starts_word",
    "word_matches",
]

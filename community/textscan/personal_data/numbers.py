"""Numbers as posts write them: digits, number words and what stands between their groups.

A number is read as a run of pieces: groups of digits ("06", "0612"), the letters O, I
and l glued to digits ("O6", "4I5"), number words ("zéro six", "quatre-vingt-dix-huit",
"double oh") and what stands between them ("06_12", "06 / 12", "06 point 12").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_PIECE = re.compile(r"[0-9]+|[a-z]+")
# fmt: off
_FRENCH_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9,
}
_ENGLISH_UNITS = {
    "zero": 0, "o": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_FRENCH_TEENS = {
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16,
}
_ENGLISH_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_FRENCH_TENS = {
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    # Belgium and Switzerland.
    "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
}
_ENGLISH_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# fmt: on
_UNITS = {**_FRENCH_UNITS, **_ENGLISH_UNITS}
_TEENS = {**_FRENCH_TEENS, **_ENGLISH_TEENS}
_REPEATS = {"double": 2, "triple": 3}
# "nine hundred" (900), "neuf cent" (900), "cinq cent vingt" (520).
_HUNDREDS = frozenset({"hundred", "cent", "cents"})
_NUMBER_WORDS = frozenset([*_UNITS, *_TEENS, *_FRENCH_TENS, *_ENGLISH_TENS, *_REPEATS, *_HUNDREDS])
# Words that stand between the groups as a dot or a dash would.
_SEPARATOR_WORDS = frozenset({"point", "tiret", "dash"})
_RUN_WORDS = _NUMBER_WORDS | _SEPARATOR_WORDS | {"et", "plus"}
# What may stand between two pieces: spaces and at most two marks. A colon (a time), a
# letter ("12h"), a line break or an arrow ends the run.
_GAP = re.compile(r"[ \t]{0,3}(?:[.\-_/|*+,()·][ \t]{0,3}){0,2}")
_COMPOUND = re.compile(r"[ \t]{0,2}-?[ \t]{0,2}")
# An aside inside a number, without digits: "six one seven (that's Boston), five five five".
_ASIDE = re.compile(r"\([^()0-9\n]{1,30}\)")
_DIGIT_LETTERS = frozenset("oil")
_LETTER_DIGITS = str.maketrans("oil", "011")


class Token(NamedTuple):
    kind: str  # "digits", "word", "sep", "et", "plus"
    text: str
    start: int
    end: int
    gap: str  # what stood between it and the token before it in the run


class DigitGroup(NamedTuple):
    """A group of digits, typed or spelled, where it is, and what stood before it."""

    digits: str
    start: int
    end: int
    spelled: bool
    before: str  # the separator before it: "" glued, " ", "/", "point" …


def _kind(folded: str, token: str, start: int, end: int) -> str:
    if token[0].isdigit():
        return "digits"
    if len(token) <= 3 and set(token) <= _DIGIT_LETTERS:
        glued_before = start > 0 and folded[start - 1].isdigit()
        glued_after = end < len(folded) and folded[end].isdigit()
        if glued_before or glued_after:
            return "digits"
    if token in _NUMBER_WORDS:
        return "word"
    if token in _SEPARATOR_WORDS:
        return "sep"
    if token in ("et", "plus"):
        return token
    return ""


def number_runs(folded: str) -> Iterator[list[Token]]:
    """Each run of tokens that may belong to one number."""
    run: list[Token] = []
    last_end = 0
    asides = [m.span() for m in _ASIDE.finditer(folded)] if "(" in folded else []
    aside = 0
    for match in _PIECE.finditer(folded):
        token = match.group()
        if asides:
            while aside < len(asides) and asides[aside][1] <= match.start():
                aside += 1
            if aside < len(asides) and asides[aside][0] <= match.start():
                continue  # a word of the aside: the run goes on after it
        # Most words are no part of a number: checked before anything else is done.
        if token[0] > "9" and token not in _RUN_WORDS and (len(token) > 3 or token.strip("oil")):
            if run:
                yield run
                run = []
            continue
        start, end = match.span()
        kind = _kind(folded, token, start, end)
        gap = folded[last_end:start]
        if asides and "(" in gap:
            gap = _ASIDE.sub("", gap)
        last_end = end
        if not kind or (kind == "et" and (not run or run[-1].kind != "word")):
            # "et" belongs to a number only between its words ("vingt et un").
            if run:
                yield run
                run = []
            continue
        if run:
            decimal = (
                kind == "digits"
                and run[-1].kind == "digits"
                and _decimal(folded, run[-1], gap, end)
            )
            if decimal or (gap and _GAP.fullmatch(gap) is None):
                yield run
                run = []
                if decimal:
                    # "1,06 12 …": the digits after a decimal comma begin no number.
                    continue
        if not run:
            if kind in ("sep", "et"):
                continue
            # Only a "+" right before the first piece opens an international number.
            gap = "+" if "+" in folded[max(0, start - 2) : start] else " "
        run.append(Token(kind, token, start, end, gap))
    if run:
        yield run


def _decimal(folded: str, left: Token, gap: str, end: int) -> bool:
    """ "1,20", "0.98 1.10": a decimal mark, not a separator. A dot stands between the
    pairs of "06.12.34" too, so it is a decimal only between a lone digit and a pair,
    outside a dotted chain ("+33 6.12.34" is a number)."""
    if gap == ",":
        return True
    if gap != "." or len(left.text) != 1 or folded[end : end + 1] == ".":
        return False
    return folded[left.start - 1 : left.start] != "."


def digit_groups(run: list[Token]) -> tuple[list[DigitGroup], bool]:
    """The run's groups of digits, and whether it opens with "+" or "plus"."""
    plus = run[0].kind == "plus" or run[0].gap == "+"
    groups: list[DigitGroup] = []
    before = ""
    index = 0
    while index < len(run):
        token = run[index]
        separator = before or _separator(token.gap)
        before = ""
        if token.kind == "digits":
            digits = token.text.translate(_LETTER_DIGITS)
            if groups and token.gap == "" and not groups[-1].spelled:
                last = groups.pop()
                groups.append(last._replace(digits=last.digits + digits, end=token.end))
            else:
                groups.append(DigitGroup(digits, token.start, token.end, False, separator))
            index += 1
        elif token.kind == "word":
            value, used = _read_number(run, index)
            if value is None:
                index += 1
                continue
            end = run[index + used - 1].end
            groups.append(DigitGroup(value, token.start, end, True, separator))
            index += used
        else:
            if token.kind == "sep":
                before = token.text
            index += 1
    return groups, plus


def _separator(gap: str) -> str:
    marks = gap.replace(" ", "").replace("\t", "")
    return marks or (" " if gap else "")


def _read_number(run: list[Token], index: int) -> tuple[str | None, int]:
    """The digits that the number words from `index` spell, and how many tokens they take:
    "zéro" is "0", "quatre-vingt-dix-huit" "98", "double oh" "00"."""

    def word(offset: int) -> str:
        # Only words written together ("vingt-huit", "vingt huit") make one number.
        at = index + offset
        if (
            at < len(run)
            and run[at].kind in ("word", "et")
            and (offset == 0 or _COMPOUND.fullmatch(run[at].gap))
        ):
            return run[at].text
        return ""

    first = word(0)
    if first in _UNITS and _UNITS[first] and word(1) in _HUNDREDS:
        # "nine hundred", "nine hundred twelve", "neuf cent douze"
        tail, tail_used = _read_number(run, index + 2) if word(2) else (None, 0)
        if tail is not None and len(tail) <= 2 and word(2) not in _HUNDREDS:
            return str(_UNITS[first]) + tail.zfill(2), 2 + tail_used
        return str(_UNITS[first]) + "00", 2
    if first in _REPEATS:
        unit = word(1)
        if unit in _UNITS:
            return str(_UNITS[unit]) * _REPEATS[first], 2
        return None, 1
    if first == "quatre" and word(1) in ("vingt", "vingts"):
        rest, used = _french_below_twenty(word(2), word(3))
        return str(80 + rest), 2 + used
    if first in _FRENCH_TENS:
        base = _FRENCH_TENS[first]
        if word(1) == "et" and word(2) in ("un", "une", "onze"):
            return str(base + (11 if word(2) == "onze" else 1)), 3
        if base == 60:
            rest, used = _french_below_twenty(word(1), word(2))
            return str(base + rest), 1 + used
        if _FRENCH_UNITS.get(word(1)):
            return str(base + _FRENCH_UNITS[word(1)]), 2
        return str(base), 1
    if first in _ENGLISH_TENS:
        if _ENGLISH_UNITS.get(word(1)):
            return str(_ENGLISH_TENS[first] + _ENGLISH_UNITS[word(1)]), 2
        return str(_ENGLISH_TENS[first]), 1
    if first == "dix" and word(1) in ("sept", "huit", "neuf"):
        return str(10 + _FRENCH_UNITS[word(1)]), 2
    if first in _TEENS:
        return str(_TEENS[first]), 1
    if first in _UNITS:
        return str(_UNITS[first]), 1
    return None, 1


def _french_below_twenty(first: str, second: str) -> tuple[int, int]:
    """What follows "soixante" or "quatre-vingt": "dix-huit" (18), "onze" (11), "trois" (3)."""
    if first == "dix" and second in ("sept", "huit", "neuf"):
        return 10 + _FRENCH_UNITS[second], 2
    if first in _FRENCH_TEENS:
        return _FRENCH_TEENS[first], 1
    if _FRENCH_UNITS.get(first):
        return _FRENCH_UNITS[first], 1
    return 0, 0

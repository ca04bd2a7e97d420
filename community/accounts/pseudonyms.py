"""Pseudonyms: what may be one, and the key that makes look-alikes collide."""

from __future__ import annotations

import functools
import re

from confusable_homoglyphs import confusables

from community.kernel.text import has_visible_text
from community.textscan.folding import strip_accents

PSEUDONYM_MIN = 3
PSEUDONYM_MAX = 30
# Letters and digits of any script, and a few separators inside; no spaces at the ends.
_ALLOWED = re.compile(r"^[^\W_](?:[\w .'’-]*[^\W_])?$")
# The separators _ALLOWED lets inside a pseudonym; every other character must show.
_INSIDE = frozenset(" .'’-")
# Separators do not tell two pseudonyms apart: "jean-paul" and "jean_paul" are one person.
_SEPARATORS = re.compile(r"[\s._'’-]+")
# Letter pairs that read as one letter at a glance ("rn" looks like "m"); Unicode's
# table only lists single characters, so these are folded by hand.
_PAIRS = (("rn", "m"), ("vv", "w"))


@functools.cache
def _canonical(char: str) -> str:
    """The lowest code point among a character and its Unicode look-alikes."""
    if char.isascii() and char.isalnum() and char not in "01lIoO5sS":
        return char
    found = confusables.is_confusable(char, greedy=True, preferred_aliases=[])
    candidates = [char]
    if found:
        for entry in found:
            for homoglyph in entry["homoglyphs"]:
                if len(homoglyph["c"]) == 1:
                    candidates.append(homoglyph["c"].casefold())
    canonical = min(candidates, key=ord)
    return "o" if canonical == "0" else canonical


def pseudonym_key(pseudonym: str) -> str:
    """Fold case, accents, separators and confusable characters.

    "Élodie", "elodie", "e1odie" and "еlodie" (with a Cyrillic е) share one key,
    so only the first of them can be taken.
    """
    bare = strip_accents(pseudonym).casefold()
    bare = _SEPARATORS.sub("", bare)
    key = "".join(_canonical(c) for c in bare)
    for pair, letter in _PAIRS:
        key = key.replace(pair, letter)
    return key


# Names that would let someone pass for the site's staff. A pseudonym is refused when
# its key is one of these, or starts with one of the prefixes.
_RESERVED_EXACT = ("equipe", "staff", "support", "modo", "root", "systeme", "communaute")
_RESERVED_PREFIXES = ("admin", "moderat")


@functools.cache
def _reserved_keys() -> tuple[frozenset[str], tuple[str, ...]]:
    return (
        frozenset(pseudonym_key(name) for name in _RESERVED_EXACT),
        tuple(pseudonym_key(name) for name in _RESERVED_PREFIXES),
    )


def is_reserved(pseudonym: str) -> bool:
    exact, prefixes = _reserved_keys()
    key = pseudonym_key(pseudonym)
    return key in exact or key.startswith(prefixes)


def pseudonym_problem(pseudonym: str) -> str | None:
    """Why this pseudonym cannot be used, or None.

    One of "length", "characters", "invisible", "mixed_scripts", "reserved": the form
    turns it into a sentence.
    """
    if not PSEUDONYM_MIN <= len(pseudonym) <= PSEUDONYM_MAX:
        return "length"
    if not _ALLOWED.match(pseudonym):
        return "characters"
    # Unicode files a few blank-looking characters (the Hangul fillers …) as letters:
    # a pseudonym of them, or ending with one, would look empty or like someone else's.
    if not all(has_visible_text(char) for char in pseudonym if char not in _INSIDE):
        return "invisible"
    if confusables.is_mixed_script(pseudonym, allowed_aliases=["COMMON", "INHERITED"]):
        return "mixed_scripts"
    if "@" in pseudonym or not pseudonym_key(pseudonym):
        return "characters"
    if is_reserved(pseudonym):
        return "reserved"
    return None

"""Identifiers removed from a short text before it goes on a data card.

A card's free text (a symptom's note, a dose) and its names (a treatment, a test, a
custom measurement) may hold what points at a person: an e-mail, a phone number, a date,
an age, an address, a name. Each becomes "[retiré]".

E-mail addresses, phone numbers (also spelled out), NIR, IBAN, street addresses, dates
of birth, and full names with the place they are tied to are found by textscan's
`find_personal_data`, written and tested for posts; it runs on folded text (`fold`),
whose offsets lead back to the original. What moderation does not look for,
because a post may name a day or an age freely, is found here: dates, ages, years,
phone numbers in any other grouping, long numbers, postal codes without a capitalised town,
links, and the member's own identifiers. Here over-removal costs a few words of a note;
under-removal could name the member, so the patterns lean wide. Every quantifier is
bounded, so a long note costs linear time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from community.textscan.matching import merge_spans
from community.textscan.normalize import fold, fold_chars
from community.textscan.personal_data import find_personal_data

REMOVED = "[retiré]"

_MONTHS = (
    r"(?:janvier|janv|fevrier|fevr|fev|mars|avril|avr|mai|juin|juillet|juil|aout|septembre"
    r"|sept|sep|octobre|oct|novembre|nov|decembre|dec|january|jan|february|feb|march|mar"
    r"|april|apr|may|june|jun|july|jul|august|aug|september|october|november|december)"
)
_WEEKDAYS = (
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)"
)
_DAY = r"(?:1er|[0-9]{1,2}(?:er|st|nd|rd|th)?)"

_PATTERNS = [
    # Links: www.…, http(s)://…, and bare domains with a usual ending.
    re.compile(r"(?:https?://|www\.)[^\s<>\"]{1,500}"),
    re.compile(
        r"(?<![a-z0-9@.\-])[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,4}"
        r"\.(?:com|fr|net|org|eu|info|io|be|ch|de|uk|co|me)(?![a-z0-9\-])(?:/[^\s<>\"]{0,500})?"
    ),
    # Dates with numbers: 12/03/2024, 12.03.24, 12-03-2024, 2024-03-12, 2024/3/12.
    re.compile(r"(?<![0-9])[0-9]{1,2}[ ]?[/.\-][ ]?[0-9]{1,2}[ ]?[/.\-][ ]?[0-9]{2,4}(?![0-9])"),
    re.compile(r"(?<![0-9])[0-9]{4}[/.\-][0-9]{1,2}[/.\-][0-9]{1,2}(?![0-9])"),
    # 12 mars 2024, 1er janvier, mardi 12, March 12, 2024, mars 2024, en mars.
    re.compile(
        rf"(?<![a-z0-9])(?:{_WEEKDAYS}[ ,]{{1,3}})?(?:le[ ]{{1,3}})?{_DAY}[ ]{{0,3}}"
        rf"{_MONTHS}\.?(?![a-z])(?:[ ,]{{1,3}}[0-9]{{2,4}}(?![0-9]))?"
    ),
    re.compile(
        rf"(?<![a-z0-9]){_MONTHS}\.?[ ]{{1,3}}{_DAY}(?![0-9a-z])"
        r"(?:[ ,]{1,3}[0-9]{2,4}(?![0-9]))?"
    ),
    re.compile(rf"(?<![a-z0-9]){_MONTHS}\.?[ ,]{{1,3}}(?:de[ ]{{1,3}})?[0-9]{{2,4}}(?![0-9])"),
    re.compile(
        r"(?<![a-z0-9])(?:(?:en|debut|fin|mi|depuis|mois[ ]de|de|au|jusqu'en|jusqu'a)[ \-]{1,3}|d')"
        rf"{_MONTHS}(?![a-z])"
    ),
    re.compile(
        rf"(?<![a-z0-9]){_WEEKDAYS}s?(?![a-z])(?:[ ]{{1,3}}(?:le[ ]{{1,3}})?{_DAY}(?![0-9]))?"
    ),
    # A day and month without a year ("le 12/03"), but not a score out of ten ("7/10").
    re.compile(r"(?<![0-9/.])(?:[0-2]?[0-9]|3[01])/(?:0[1-9]|1[12]|[1-9])(?![0-9/])"),
    re.compile(r"(?<![0-9/.])(?:0[0-9]|1[1-9]|2[0-9]|3[01])/10(?![0-9/])"),
    # Ages: "43 ans", "43ans", "j'ai 43", "âge : 43", "43 years old", "43 yo".
    re.compile(r"(?<![0-9])[0-9]{1,3}[ ]{0,3}(?:ans|an|years?|yrs?|yo)(?![a-z])"),
    re.compile(r"(?<![a-z])(?:j'ai|age|agee?|aged)[ :=]{0,4}(?:de[ ]{1,3})?[0-9]{1,3}(?![0-9])"),
    # Years, alone: a birth year, a year of diagnosis.
    re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])"),
    # Phone numbers in any grouping: "+44 20 7946 0958", "0033 6…", "06 12.34-56 78".
    re.compile(r"(?<![0-9+])(?:\+|00)[ ]?[1-9](?:[ .\-/()]{0,2}[0-9]){6,16}(?![0-9])"),
    re.compile(r"(?<![0-9])0[1-9](?:[ .\-/]{0,2}[0-9]){8}(?![0-9])"),
    # Long numbers: a NIR without its groups, a patient or card number.
    re.compile(r"(?<![0-9])[0-9]{9,}"),
]
# A five-digit number is a postal code unless it counts something.
_POSTCODE = re.compile(
    r"(?<![0-9,.])(?:0[1-9]|[1-8][0-9]|9[0-5]|97|98)[0-9]{3}(?![0-9,.])"
    r"(?![ ]{0,3}(?:pas|steps|ui|mg|g|kg|kcal|cal|calories|ml|l|euros?|eur|m|km|mm|u|%)(?![a-z]))"
)


def _without_controls(text: str) -> str:
    """Control and format characters (bidi overrides, zero-width joiners) out, spaces single."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char.isspace() or category == "Cc":
            kept.append(" ")
        elif category not in ("Cf", "Cs", "Co", "Cn"):
            kept.append(char)
    return re.sub(r" {2,}", " ", "".join(kept)).strip()


def _identifier_patterns(identifiers: Iterable[str]) -> list[re.Pattern[str]]:
    """Each identifier, and for an e-mail its local part and the names inside it."""
    words: set[str] = set()
    for identifier in identifiers:
        folded = fold_chars(_without_controls(identifier)).folded.strip()
        local = folded.split("@", 1)[0] if "@" in folded else ""
        for piece in [folded, local, *re.split(r"[._+\-\s]+", local or folded)]:
            # One or two letters would cut every other word of a note.
            if len(piece) >= 3:
                words.add(piece)
    return [
        re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")
        for word in sorted(words, key=len, reverse=True)
    ]


def _spans(text: str, identifiers: Sequence[re.Pattern[str]]) -> list[tuple[int, int]]:
    folded = fold(text)
    found = [(hit.start, hit.end) for hit in find_personal_data(folded)]
    for pattern in [*_PATTERNS, _POSTCODE, *identifiers]:
        found.extend(match.span() for match in pattern.finditer(folded.folded))
    return merge_spans(folded.span(start, end) for start, end in found if end > start)


def _replace(text: str, identifiers: Sequence[re.Pattern[str]]) -> str:
    pieces: list[str] = []
    previous = 0
    for start, end in _spans(text, identifiers):
        pieces.append(text[previous:start])
        pieces.append(REMOVED)
        previous = end
    pieces.append(text[previous:])
    return "".join(pieces)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Never leave half a "[retiré]" nor half a word at the end.
    if "[" in cut[-len(REMOVED) :] and not cut.endswith(REMOVED):
        cut = cut[: cut.rindex("[")]
    elif " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def scrub(text: str, *, identifiers: Sequence[str] = (), limit: int = 300) -> str:
    """`text` without identifiers, control characters, nor more than `limit` characters."""
    patterns = _identifier_patterns(identifiers)
    cleaned = _without_controls(text)
    return _cut(_replace(cleaned, patterns), limit)

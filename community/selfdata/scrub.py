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

A card sits beside a condition, an age band and a space, so in a card every full name is
tied to a diagnosis: names are removed whatever they stand next to, as are a title's
surname ("Dr Caradec") and towns (GeoNames' list, and any capitalised word after "à",
"de", "in"). A kept note (`scrub_note`) is then read once more: a capitalised word that
is neither at the start of a sentence nor a word we know may be a name or a village we do
not; the note is then left off the card, and the member is told which word and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from community.textscan import lexicon, vocabulary
from community.textscan.normalize import fold, fold_chars
from community.textscan.personal_data import find_personal_data
from community.textscan.personal_data.names import (
    find_names,
    find_places_named,
    is_first_name,
    is_title,
)
from community.textscan.personal_data.places import find_places

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

_LINKS = [
    # Links: www.…, http(s)://…, and bare domains with a usual ending.
    re.compile(r"(?:https?://|www\.)[^\s<>\"]{1,500}"),
    re.compile(
        r"(?<![a-z0-9@.\-])[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,4}"
        r"\.(?:com|fr|net|org|eu|info|io|be|ch|de|uk|co|me)(?![a-z0-9\-])(?:/[^\s<>\"]{0,500})?"
    ),
]
_DATES = [
    # Dates with numbers: 12/03/2024, 12.03.24, 12-03-2024, 2024-03-12, 2024/3/12.
    # The same separator twice, so that "douleur 6/10. 12 UI" holds no date.
    re.compile(
        r"(?<![0-9])[0-9]{1,2}(?P<sep>[ ]?/[ ]?|[ ]?-[ ]?|\.)[0-9]{1,2}(?P=sep)[0-9]{2,4}(?![0-9])"
    ),
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
    # Years, alone: a birth year, a year of diagnosis.
    re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])"),
]
_AGES = [
    # Ages: "43 ans", "43ans", "j'ai 43", "âge : 43", "43 years old", "43 yo".
    re.compile(r"(?<![0-9])[0-9]{1,3}[ ]{0,3}(?:ans|an|years?|yrs?|yo)(?![a-z])"),
    re.compile(r"(?<![a-z])(?:j'ai|age|agee?|aged)[ :=]{0,4}(?:de[ ]{1,3})?[0-9]{1,3}(?![0-9])"),
]
_PHONES = [
    # Phone numbers in any grouping: "+44 20 7946 0958", "0033 6…", "06 12.34-56 78".
    re.compile(r"(?<![0-9+])(?:\+|00)[ ]?[1-9](?:[ .\-/()]{0,2}[0-9]){6,16}(?![0-9])"),
    re.compile(r"(?<![0-9])0[1-9](?:[ .\-/]{0,2}[0-9]){8}(?![0-9])"),
]
_NUMBERS = [
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


# What textscan's hits are, as the member is told: "un nom", "une ville" …
_KIND_OF_CODE = {
    "email": "email",
    "phone": "phone",
    "nir": "number",
    "iban": "number",
    "address": "address",
    "birth_date": "date",
    "full_name": "name",
    "place": "place",
}
# Where one removal covers several kinds, the member is told the first of these.
KINDS = ("name", "address", "place", "phone", "email", "date", "age", "number", "link", "own")
_PATTERN_KINDS = (
    ("link", _LINKS),
    ("date", _DATES),
    ("age", _AGES),
    ("phone", _PHONES),
    ("number", _NUMBERS),
    ("address", [_POSTCODE]),
)


@dataclass(frozen=True)
class Scrubbed:
    """A text as a card shows it, and what was taken out of it, for its author's eyes."""

    text: str  # "" when the whole note was left off
    removed: tuple[str, ...]  # one KINDS entry per "[retiré]", in reading order
    doubt: str = ""  # the word that made a note be left off the card


def _spans(text: str, identifiers: Sequence[re.Pattern[str]]) -> list[tuple[int, int, str]]:
    """Where each identifier lies in `text`, overlapping findings merged, with its kind."""
    folded = fold(text)
    found = [
        (hit.start, hit.end, _KIND_OF_CODE.get(hit.code, "name"))
        for hit in [
            *find_personal_data(folded),
            *find_names(folded),
            *find_places_named(folded),
            *find_places(folded),
        ]
    ]
    # Moderation reports the town beside a name as part of the name: here it is a place.
    places = {(start, end) for start, end, kind in found if kind == "place"}
    found = [
        (start, end, "place" if (start, end) in places else kind) for start, end, kind in found
    ]
    for kind, patterns in (*_PATTERN_KINDS, ("own", identifiers)):
        for pattern in patterns:
            found.extend((*match.span(), kind) for match in pattern.finditer(folded.folded))
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(
        (*_whole_words(text, *folded.span(start, end)), kind)
        for start, end, kind in found
        if end > start
    ):
        if merged and start <= merged[-1][1]:
            first, last, other = merged[-1]
            merged[-1] = (first, max(end, last), min(kind, other, key=KINDS.index))
        else:
            merged.append((start, end, kind))
    return merged


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span grown to whole words: folding reads "Maaarie" as "marie", and the letters
    it let go of must not stay behind."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _replace(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    pieces: list[str] = []
    previous = 0
    for start, end, _kind in spans:
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


def _scrubbed(text: str, identifiers: Sequence[str], limit: int) -> Scrubbed:
    cleaned = _without_controls(text)
    spans = _spans(cleaned, _identifier_patterns(identifiers))
    shown = _cut(_replace(cleaned, spans), limit)
    # What the cut left out was removed from the card all the same, and is not counted.
    return Scrubbed(shown, tuple(kind for _s, _e, kind in spans)[: shown.count(REMOVED)])


def scrub(text: str, *, identifiers: Sequence[str] = (), limit: int = 300) -> str:
    """`text` without identifiers, control characters, nor more than `limit` characters."""
    return _scrubbed(text, identifiers, limit).text


# --- what may still name someone -------------------------------------------------------

# A capitalised word: a name, a place, or the first word of a sentence.
_CAPITALISED = re.compile(r"(?<![\w\[])[^\W\d_][^\W_]*")
_SENTENCE_OPENERS = '.!?:;…(«"“•*'
_KNOWN = re.compile(
    "(?:"
    + "|".join(
        (
            vocabulary.TREATMENT,
            vocabulary.SURGERY,
            vocabulary.REMEDY,
            vocabulary.DOCTOR,
            vocabulary.DISEASE,
        )
    )
    + ")"
)
_ACRONYM_LENGTH = 4  # IRM, HTA, CHU, BPCO: capitals, short; DUPONT is a name
# Devices patients name in their notes, capitalised as their makers write them.
_DEVICE_NAMES = """
    freestyle libre dexcom medtronic minimed guardian enlite omnipod tandem ypsomed mylife
    diabeloop eversense accu chek accu-chek contour onetouch novopen kwikpen flexpen
    solostar camaps control-iq
"""
_DEVICES = frozenset(_DEVICE_NAMES.split())


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    # A note's lines are one by now: a dash opens a sentence only as the note's first mark.
    if not before or before in ("-", "–", "—"):
        return True
    if before[-1] != ".":
        return before[-1] in _SENTENCE_OPENERS
    # "M. Caradec", "Dr. Lee": the full stop of a title ends no sentence.
    word = re.split(r"[^\w]", before[:-1])[-1]
    return word != "M" and not is_title(fold_chars(word).folded)


def _known(word: str) -> bool:
    folded = fold_chars(word).folded
    return (
        folded in lexicon.WORDS
        or is_first_name(folded)
        or is_title(folded)
        or folded in _DEVICES
        or _KNOWN.fullmatch(folded) is not None
    )


def doubtful_word(text: str) -> str:
    """The first word of `text` (already scrubbed) that may name someone or somewhere:
    capitalised in the middle of a sentence, or a long word in capitals, and known to us
    neither as an everyday, medical or treatment word nor as a first name alone."""
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if len(word) < 2 or not word[0].isupper():
            continue
        rest = word[1:]
        if any(char.isdigit() for char in word):
            continue  # "HbA1c", "B12": no name is written with a digit
        if rest.isupper() and len(word) <= _ACRONYM_LENGTH:
            continue
        # "McDonald" is read like "Durand": the first sentence's word says nothing.
        if not rest.isupper() and _opens_sentence(text, match.start()):
            continue
        if not _known(word):
            return word
    return ""


def scrub_note(text: str, *, identifiers: Sequence[str] = (), limit: int = 300) -> Scrubbed:
    """A note the member keeps on a card: scrubbed, or left off when a word still in it
    may be a name or a place that nothing above recognised."""
    scrubbed = _scrubbed(text, identifiers, limit)
    # "[retiré] Durand": the surname after a removed first name is in mid-sentence.
    doubt = doubtful_word(scrubbed.text)
    if doubt:
        return Scrubbed("", scrubbed.removed, doubt)
    return scrubbed

"""Street addresses in a post, and postcodes with their town, French or English-speaking."""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.textscan.normalize import FoldedText, Hit, all_matches, word_matches

_STREET_TYPES = (
    r"(?:rue|avenue|av\.?|boulevard|bd|bld|bvd|impasse|imp\.|allee|chemin|place|route|rte"
    r"|quai|cours|square|residence|lotissement|lieu-dit|passage|faubourg|fbg|villa|cite)"
)
# "1 place dans le groupe", "2 cours de yoga", "3 bd ce week-end": these types are
# also common words, so they count only when the name after them has a capital.
# fmt: off
_WEAK_TYPES = frozenset({
    "bd", "allee", "chemin", "place", "route", "rte", "cours", "square", "passage", "villa",
    "cite", "residence", "lotissement",
})
# fmt: on
_PARTICLES = r"(?:de la|de l'|de|du|des|d'|la|le|les|l'|saint|sainte|st|ste)"
_STREET_NAME = r"([a-z][a-z'\-]{1,40}(?:[ \t]{1,2}[a-z][a-z'\-]{1,40}){0,3})"
# "12 rue …", "12 bis, rue …", "au 12 de la rue …".
_STREET = re.compile(
    r"[0-9](?<![0-9a-z,./][0-9])[0-9]{0,3}[ \t]?(?:bis|ter|[a-d])?,?[ \t]{1,3}"
    r"(?:de[ \t]l(?:a[ \t]|')[ \t]?)?"
    rf"({_STREET_TYPES})"
    rf"(?![a-z])[ \t]{{1,3}}((?:{_PARTICLES}[ \t]{{0,2}})?){_STREET_NAME}"
)
# "42 Beechwood Road", "1184 Maple Ridge Drive": the type comes after the name, and both
# have capitals (which "2 road trips" has not).
_ENGLISH_TYPES = (
    r"(?:road|rd|street|st|avenue|ave|lane|ln|drive|dr|close|crescent|cres|way|place|pl"
    r"|parade|court|ct|terrace|gardens|grove|mews|square|sq|row|boulevard|blvd|highway|hwy"
    r"|circle|walk|rise|view|park|hill|heights|green|vale)"
)
# "310 W 88th St": a compass letter or an ordinal may be part of the name.
_ENGLISH_STREET = re.compile(
    r"[0-9](?<![0-9a-z,.][0-9])[0-9]{0,4}[a-z]?,?[ \t]{1,2}"
    r"((?:(?:[a-z][a-z'\-]{1,30}|[nsew]|[0-9]{1,3}(?:st|nd|rd|th))[ \t]{1,2}){1,3})"
    rf"({_ENGLISH_TYPES})(?![a-z])"
)
# Where someone lives, without a number: "she lives on Clifton Road", "il habite le
# lotissement des Oliviers", "elle vit rue Gambetta".
_LIVES_ON = re.compile(
    r"(?:lives?|living|lived|stays?|staying|resides?)[ \t]{1,2}(?:on|at|in)[ \t]{1,2}"
    rf"((?:[a-z][a-z'\-]{{1,30}}[ \t]{{1,2}}){{1,3}})({_ENGLISH_TYPES})(?![a-z])"
    r"|(?:habite|habites|habitent|habitons|habitez|vit|vivent|reside|demeure)[ \t]{1,2}"
    rf"(?:(?:au|a|dans|sur)[ \t]{{1,2}})?(?:(?:le|la|les|l')[ \t]{{0,2}})?({_STREET_TYPES})"
    rf"(?![a-z])[ \t]{{1,3}}(?:{_PARTICLES}[ \t]{{0,2}})?{_STREET_NAME}"
)
_POSTCODE = re.compile(
    r"([0-9](?<![0-9a-z,./][0-9])[0-9]{4})[ \t]{1,3}((?:(?:le|la|les)[ \t]|l')?[a-z][a-z\-']{1,40})"
)
# "Wetherby LS22 5PN", "Columbus OH 43215", "Wollongong NSW 2500": a town, then a British
# postcode or an American or Australian state and its code, in capitals.
# Found by their digits, then the letters and the town before them are read.
# An inward code that reads as a time or an ordinal ("G6 3PM", "G7 2ND") is one.
_UK_POSTCODE = re.compile(
    r"[0-9](?<=[a-z][0-9])[a-z0-9]?[ \t]?[0-9](?!am|pm|st|nd|rd|th)[a-z]{2}(?![a-z0-9])"
)
_UK_AREA = re.compile(r"(?<![a-z])[a-z]{1,2}$")
_STATE_CODE = re.compile(r"[ \t][0-9]{4,5}(?:-[0-9]{4})?(?![0-9])")
_STATE = re.compile(
    r"(?<![a-z])(?:al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo"
    r"|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|dc|nsw|vic"
    r"|qld|tas|act|nt)[ \t]?$"
)
_TOWN_BEFORE = re.compile(r"([a-z][a-z'\-]{1,30}),?[ \t]{1,2}$")
# Capitalised words that follow a five-digit number without being a town.
# fmt: off
_NOT_TOWNS = frozenset({
    "ui", "unites", "euros", "eur", "pas", "calories", "kcal", "mg", "patients", "personnes",
    "membres", "malades", "cas", "ans",
})
# fmt: on


def _is_capitalised(text: FoldedText, folded_index: int) -> bool:
    start, _ = text.span(folded_index, folded_index + 1)
    return text.original[start : start + 1].isupper()


def _name_end(text: FoldedText, start: int, end: int) -> int:
    """Where a street's name ends: at its last capitalised word or particle ("rue de la
    Paix à Paris" ends at "Paix")."""
    stop = start
    for word in re.finditer(r"[a-z][a-z'\-]*", text.folded[start:end]):
        at = start + word.start()
        if word.group()[1:2] == "'":
            at += 2  # "d'Eau", "l'Église"
        if at > start and not _is_capitalised(text, at):
            if word.group().rstrip("'") not in ("de", "du", "des", "la", "le", "les", "l", "d"):
                break
            continue
        stop = start + word.end()
    return stop


def _all_capitalised(text: FoldedText, start: int, end: int) -> bool:
    """Each word of the folded slice begins with a capital in the original."""
    return all(
        _is_capitalised(text, start + word.start())
        for word in re.finditer(r"(?<![0-9a-z])[a-z]+", text.folded[start:end])
        if word.group() not in ("of", "the", "de", "la", "le", "du", "des")
    )


def find_addresses(text: FoldedText) -> Iterator[Hit]:
    folded = text.folded
    for match in all_matches(_STREET, folded):
        street_type = match.group(1).rstrip(".")
        if street_type in _WEAK_TYPES and not _is_capitalised(text, match.start(3)):
            continue
        yield Hit("address", match.start(), _name_end(text, match.start(3), match.end()))
    for match in all_matches(_ENGLISH_STREET, folded):
        if _all_capitalised(text, match.start(1), match.end(2)):
            yield Hit("address", match.start(), match.end())
    lives = ("liv", "habit", "vit", "vivent", "resid", "stay", "demeur")
    found = word_matches(_LIVES_ON, folded) if any(w in folded for w in lives) else ()
    for match in found:
        if match.group(1) is not None:
            if _all_capitalised(text, match.start(1), match.end(2)):
                yield Hit("address", match.start(1), match.end(2))
        elif _is_capitalised(text, match.start(4)):
            yield Hit("address", match.start(3), _name_end(text, match.start(4), match.end(4)))
    for match in _POSTCODE.finditer(folded):
        postcode, town = match.groups()
        # Departments 01–95 (Corsica is 20), then overseas 97 and 98.
        if postcode < "01" or "95" < postcode[:2] < "97" or postcode[:2] > "98":
            continue
        if town in _NOT_TOWNS or not _is_capitalised(text, match.start(2)):
            continue
        yield Hit("address", match.start(), match.end())
    for pattern, before in ((_UK_POSTCODE, _UK_AREA), (_STATE_CODE, _STATE)):
        for match in pattern.finditer(folded):
            code = before.search(folded, max(0, match.start() - 4), match.start())
            if code is None:
                continue
            if not text.original_slice(code.start(), match.end()).strip().isupper():
                continue
            town = _TOWN_BEFORE.search(folded, max(0, code.start() - 34), code.start())
            if town and _is_capitalised(text, town.start(1)):
                yield Hit("address", town.start(1), match.end())

"""Personal data in a post: e-mail addresses, French phone numbers, NIR, IBAN, street addresses.

Every pattern runs on folded text (see folding.py). Every quantifier is bounded, and
what must come before a match is checked right after its first character (or, for
e-mail addresses, only near an "@" or an "arobase"), so that a hostile 100 kB post
costs linear time: no catastrophic backtracking.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.moderation.folding import FoldedText, Hit, overlap_test

# --- E-mail addresses, plain or spelled out -----------------------------------------

_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|yahoo|outlook|live|msn|icloud|me|free|orange|wanadoo"
    r"|laposte|sfr|neuf|bbox|aol|gmx|proton|protonmail|club-internet|numericable)"
)
_TLDS = (
    r"(?:com|fr|net|org|eu|be|ch|lu|ca|info|io|biz|me|co|uk|de|es|it|pt|nl|re|gp|mq|gf"
    r"|yt|pf|nc|mc|ma|dz|tn|sn|ci|us|app|dev|email|bzh)"
)
_LOCAL = r"[a-z0-9_%+\-]{1,64}"
_LABEL = r"[a-z0-9\-]{1,63}"
# "(at)", "[at]", "{a}", " arobase " and its misspellings say "e-mail" on their own.
_AT_SPELLED = (
    r"(?:[ \t]{0,3}[\[({<][ \t]{0,2}(?:at|a|@|arr?obase?|arr?obas)[ \t]{0,2}[\])}>][ \t]{0,3}"
    r"|[ \t]{1,3}(?:arr?obase?|arr?obas|arr?obe)[ \t]{1,3})"
)
# " at " and " chez " are words too ("look at gmail.com"): only before a mail provider.
_AT_WEAK = rf"(?:[ \t]{{1,3}}(?:at|chez)[ \t]{{1,3}}(?={_PROVIDERS}\b))"
_SPELLED_DOT = (
    r"(?:[ \t]{0,3}[\[({<][ \t]{0,2}(?:dot|point|pt|\.)[ \t]{0,2}[\])}>][ \t]{0,3}"
    r"|[ \t]{1,3}(?:dot|point)[ \t]{1,3})"
)
# A dot with spaces around it ("gmail . com") ends a sentence too often: only before
# a known top-level domain, like the spelled-out dots.
_LOOSE_DOT = rf"(?:[ \t]{{1,3}}\.[ \t]{{0,3}}|\.[ \t]{{1,3}}|{_SPELLED_DOT})"
_DOMAIN = (
    rf"(?:{_LABEL}(?:\.{_LABEL}){{0,3}}\.[a-z]{{2,24}}(?![a-z0-9\-])"
    rf"|{_LABEL}(?:(?:\.|{_LOOSE_DOT}){_LABEL}){{0,3}}{_LOOSE_DOT}{_TLDS}(?![a-z0-9\-]))"
)
# "@Marie" greets a member: a plain "@" needs a domain with its dot. A spelled-out
# "arobase" needs no more than a provider ("jean arobase gmail").
_EMAIL = re.compile(
    rf"(?<![a-z0-9._%+\-]){_LOCAL}(?:(?:\.|{_SPELLED_DOT}){_LOCAL}){{0,4}}"
    rf"(?:[ \t]{{0,3}}@[ \t]{{0,3}}{_DOMAIN}"
    rf"|{_AT_SPELLED}(?:{_DOMAIN}|{_PROVIDERS}(?![a-z0-9\-]))"
    rf"|{_AT_WEAK}{_DOMAIN})"
)


# Where an address may be: an "@", a spelled "arobase", a bracketed "at", or "at"/"chez"
# before a provider. The full pattern then runs only around these places.
_EMAIL_HINTS = [
    re.compile(r"[@\[({<]"),
    re.compile(r"arr?ob"),
    re.compile(rf"(?:at|chez)[ \t]{{1,3}}{_PROVIDERS}"),
]
_EMAIL_BEFORE, _EMAIL_AFTER = 400, 400


def _emails(folded: str) -> Iterator[Hit]:
    places = sorted(m.start() for hint in _EMAIL_HINTS for m in hint.finditer(folded))
    windows: list[list[int]] = []
    for place in places:
        low, high = max(0, place - _EMAIL_BEFORE), place + _EMAIL_AFTER
        if windows and low <= windows[-1][1]:
            windows[-1][1] = high
        else:
            windows.append([low, high])
    for low, high in windows:
        for match in _EMAIL.finditer(folded, low, high):
            yield Hit("email", match.start(), match.end())


# --- French phone numbers ----------------------------------------------------------

# 01–05 fixed lines, 06–07 mobiles, 09 internet boxes. 08 numbers are services,
# not people. Pairs with one separator, the same all along, so that dates
# ("01.02.2023 12h") never read as a number. The look-behinds (not the tail of a
# longer number, nor of "1,06 12…" or "12/06 12…") sit after the first character so
# that the regex engine can still leap from one "0" or "+" to the next.
_PHONE = re.compile(
    r"(?:0(?<![0-9]0)(?<![0-9][.,/\-]0)"
    r"(?:[1-79]([ .\-]?)[0-9]{2}(?:\1[0-9]{2}){3}"
    r"|0[ \t]?33[ \t.\-]?(?:\(0\)[ \t]?|0)?[1-79](?:[ .\-]?[0-9]{2}){4})"
    r"|\+(?<![0-9]\+)[ \t]?33[ \t.\-]?(?:\(0\)[ \t]?|0)?[1-79](?:[ .\-]?[0-9]{2}){4})"
    r"(?![0-9])"
)
# National help lines, which a post may quote to someone in distress: not personal data.
_HELP_LINES = frozenset({"0972394050", "0145394000"})


def _phones(folded: str) -> Iterator[Hit]:
    for match in _PHONE.finditer(folded):
        digits = re.sub(r"[^0-9]", "", match.group())
        national = "0" + digits[-9:]
        if national not in _HELP_LINES:
            yield Hit("phone", match.start(), match.end())


# --- NIR (numéro de sécurité sociale) ----------------------------------------------

# sex (1, 2, or 7, 8 for a provisional number), year, month (01–12, or 20–99 when
# unknown), department (2A/2B in Corsica), commune, order, then the key.
_NIR = re.compile(
    r"([1278])(?<![0-9a-z][1278])([ .]?)([0-9]{2})[ .]?((?:0[1-9]|1[0-2]|[2-9][0-9]))[ .]?"
    r"([0-9]{2}|2a|2b)[ .]?([0-9]{3})[ .]?([0-9]{3})(?:[ .\-]{0,3}([0-9]{2}))?(?![0-9a-z])"
)


def nir_key(number: str) -> int:
    """The control key of a 13-character NIR: 97 − (number mod 97), Corsica counted as 19/18."""
    corsica = {"2A": "19", "2B": "18"}
    department = number[5:7].upper()
    number = number[:5] + corsica.get(department, department) + number[7:]
    return 97 - int(number) % 97


def _nirs(folded: str) -> Iterator[Hit]:
    for match in _NIR.finditer(folded):
        sex, separator, year, month, department, commune, order, key = match.groups()
        number = f"{sex}{year}{month}{department}{commune}{order}"
        grouped = bool(separator)
        if key is None:
            # Thirteen bare digits are as likely a barcode; grouped as a NIR, they are one.
            if grouped:
                yield Hit("nir", match.start(), match.end())
        elif nir_key(number) == int(key) or grouped:
            # A wrong key on a NIR written in its usual groups is a typo in a real
            # number (and still tells birth date and place); on fifteen bare digits it
            # is another kind of number.
            yield Hit("nir", match.start(), match.end())


# --- IBAN --------------------------------------------------------------------------

# Countries whose length is known are cut there; others are tried at every length.
# fmt: off
_IBAN_LENGTHS = {
    "FR": 27, "MC": 27, "DE": 22, "BE": 16, "ES": 24, "IT": 27, "CH": 21, "LU": 20,
    "GB": 22, "NL": 18, "PT": 25, "AT": 20, "IE": 22, "PL": 28, "MA": 28, "TN": 24,
}
# fmt: on
# Found by its check digits (prose has few digits), then its country code read behind.
_IBAN = re.compile(
    r"[0-9](?<=[a-z]{2}[0-9])(?<![a-z0-9][a-z]{2}[0-9])[0-9](?:[ \-]?[a-z0-9]){11,30}"
)


def iban_is_valid(candidate: str) -> bool:
    """The ISO 13616 check: rotated, letters as numbers, the whole mod 97 is 1."""
    candidate = candidate.upper()
    rotated = candidate[4:] + candidate[:4]
    digits = "".join(str(int(char, 36)) for char in rotated)
    return int(digits) % 97 == 1


def _ibans(folded: str) -> Iterator[Hit]:
    for match in _IBAN.finditer(folded):
        start = match.start() - 2
        positions = [i for i in range(start, match.end()) if folded[i].isalnum()]
        compact = "".join(folded[i] for i in positions)
        expected = _IBAN_LENGTHS.get(compact[:2].upper())
        lengths = [expected] if expected else range(min(len(compact), 34), 14, -1)
        for length in lengths:
            if length <= len(compact) and iban_is_valid(compact[:length]):
                yield Hit("iban", start, positions[length - 1] + 1)
                break


# --- Street addresses --------------------------------------------------------------

_STREET_TYPES = (
    r"(?:rue|avenue|av\.?|boulevard|bd|bld|bvd|impasse|imp\.|allee|chemin|place|route|rte"
    r"|quai|cours|square|residence|lotissement|lieu-dit|passage|faubourg|fbg|villa|cite)"
)
# "1 place dans le groupe", "2 cours de yoga", "3 bd ce week-end": these types are
# also common words, so they count only when the name after them has a capital.
# fmt: off
_WEAK_TYPES = frozenset({
    "bd", "allee", "chemin", "place", "route", "rte", "cours", "square", "passage", "villa",
    "cite", "residence",
})
# fmt: on
_STREET = re.compile(
    r"[0-9](?<![0-9a-z,./][0-9])[0-9]{0,3}[ \t]?(?:bis|ter|[a-d])?,?[ \t]{1,3}"
    rf"({_STREET_TYPES})"
    r"(?![a-z])[ \t]{1,3}"
    r"((?:(?:de la|de l'|de|du|des|d'|la|le|les|l'|saint|sainte|st|ste)[ \t]{0,2})?)"
    r"([a-z][a-z'\-]{1,40}(?:[ \t]{1,2}[a-z][a-z'\-]{1,40}){0,3})"
)
_POSTCODE = re.compile(r"([0-9](?<![0-9a-z,./][0-9])[0-9]{4})[ \t]{1,3}([a-z][a-z\-']{1,40})")
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


def _addresses(text: FoldedText) -> Iterator[Hit]:
    folded = text.folded
    for match in _STREET.finditer(folded):
        street_type = match.group(1).rstrip(".")
        if street_type in _WEAK_TYPES and not _is_capitalised(text, match.start(3)):
            continue
        yield Hit("address", match.start(), match.end())
    for match in _POSTCODE.finditer(folded):
        postcode, town = match.groups()
        # Departments 01–95 (Corsica is 20), then overseas 97 and 98.
        if postcode < "01" or "95" < postcode[:2] < "97" or postcode[:2] > "98":
            continue
        if town in _NOT_TOWNS or not _is_capitalised(text, match.start(2)):
            continue
        yield Hit("address", match.start(), match.end())


def find_personal_data(text: FoldedText) -> Iterator[Hit]:
    """E-mail addresses, phone numbers, NIR, IBAN and street addresses in `text`."""
    folded = text.folded
    strong = [*_ibans(folded), *_nirs(folded)]
    yield from strong
    # Digits inside an IBAN or a NIR are a piece of it, not a phone number besides.
    inside_strong = overlap_test((hit.start, hit.end) for hit in strong)
    for hit in [*_phones(folded), *_emails(folded), *_addresses(text)]:
        if not inside_strong(hit.start, hit.end):
            yield hit

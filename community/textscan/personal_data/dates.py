"""Dates of birth in a post: a date soon after "née le", "born on", "date de naissance"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.textscan.normalize import FoldedText, Hit, word_matches

MONTHS = (
    r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
    r"|decembre|janv|fevr|fev|avr|juil|sept|oct|nov|dec|january|february|march|april|may"
    r"|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug"
    r"|sep)"
)
_DAY = r"(?:1er|[0-3]?[0-9](?:er|st|nd|rd|th)?)"
_YEAR = r"(?:19|20)[0-9]{2}"
_DATE = re.compile(
    r"(?<![0-9])(?P<a>[0-3]?[0-9])[ \t]?(?P<sep>[/.\-])[ \t]?(?P<b>[0-3]?[0-9])[ \t]?"
    r"(?P=sep)[ \t]?(?:19|20)?[0-9]{2}(?![0-9])"
    rf"|(?<![0-9a-z]){_DAY}[ \t]{{1,2}}(?:of[ \t]{{1,2}})?{MONTHS}\.?,?[ \t]{{1,2}}"
    rf"{_YEAR}(?![0-9])"
    rf"|(?<![a-z]){MONTHS}\.?[ \t]{{1,2}}{_DAY},?[ \t]{{1,2}}{_YEAR}(?![0-9])"
)
# A date in words: "le vingt-trois février deux mille neuf", "the first of May nineteen
# eighty".
_UNIT_WORDS = r"(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf)"
_NUMBER_WORDS = (
    r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|vingt|trente|quarante|cinquante|soixante|septante|huitante|nonante|et"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|oh|and|hundred)"
)
_DAY_WORDS = (
    rf"(?:premier|(?:vingt|trente)(?:[ \-]et[ \-]un|[ \-]{_UNIT_WORDS})?|dix[ \-](?:sept|huit|neuf)"
    rf"|onze|douze|treize|quatorze|quinze|seize|dix|{_UNIT_WORDS}"
    r"|(?:twenty|thirty)?[ \-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth)"
)
_YEAR_WORDS = (
    r"(?:deux[ \-]mille|mille[ \-]neuf[ \-]cents?|dix[ \-]neuf[ \-]cents?|nineteen"
    rf"|two[ \-]thousand)(?:[ \-]{{1,2}}{_NUMBER_WORDS}(?![a-z])){{0,4}}"
)
_WORD_DATE = re.compile(
    rf"(?<![a-z])(?:the[ \t])?{_DAY_WORDS}[ \t]{{1,2}}(?:of[ \t]{{1,2}})?{MONTHS}\.?,?[ \t]{{1,2}}"
    rf"(?:{_YEAR}(?![0-9])|{_YEAR_WORDS})"
)
_YEAR_IN_WORDS = re.compile(r"mille|thousand|nineteen")
# "née le", "born on", "date de naissance :", "DOB": a date soon after says when someone
# was born. A bare "ne" is the negation too ("je ne le 12…" never is): it needs "le".
# Each begins a word (read with `word_matches`): the look-behind says so too, and turns
# away at once the "ne" inside words ("une", "personne").
_BIRTH_CUE = re.compile(
    r"(?<![\w])(?:(?P<label>naissance|ddn|birth|d\.?o\.?b|dob)(?![a-z])"
    r"|(?:nee|nes|nees|naquit|born)(?![a-z])"
    # "je suis du 14 juillet 1962": the date right after says when one was born.
    r"|(?P<of>(?:je[ \t]suis|j'suis|chui|tu[ \t]es|t'es)[ \t]du)(?![a-z])"
    r"|ne(?![a-z]))"
)
_BARE_NE = re.compile(r"[ \t]{1,2}(?:le|en|a)[ \t]")
# Between "née" and a date, another event may take the date ("née en mars, diagnostiquée
# le 12/03/2019"), and a sentence ends the cue's reach unless it is a form's label
# ("date of birth on file doesn't match. It should be 09/30/2010").
_OTHER_EVENT = re.compile(
    r"diagnos|opere|hospitalis|rdv|rendez|consult|greff|admis|deced|mort|appointment|seen"
    r"|surgery|admitted|died|passed|depuis|since|until|jusqu"
)
_CUE_REACH = 70
# Every date above has digits: a post without any (most) holds no date of birth.
_DIGIT = re.compile(r"[0-9]")


def find_birth_dates(text: FoldedText) -> Iterator[Hit]:
    folded = text.folded
    if not _DIGIT.search(folded) and not _YEAR_IN_WORDS.search(folded):
        return
    last_end = -1
    for cue in word_matches(_BIRTH_CUE, folded):
        reach = _CUE_REACH
        if cue.group() == "ne" and "é" not in text.original_slice(cue.start(), cue.end()).lower():
            # Without its accent, "ne" is also the negation: only "ne le 3 mai 1990".
            if not _BARE_NE.match(folded, cue.end()):
                continue
            reach = 12
        if cue.group("of") is not None:
            reach = 2  # "je suis du 14 juillet 1962", a full date at once
        date = _first_date(folded, cue.end(), cue.end() + reach + 40)
        numeric = date is not None and date.re is _DATE and date.group("a") is not None
        if cue.group("of") is not None and numeric:
            continue  # "il est du 12/03": a letter's date as likely
        if date is None or date.start() > cue.end() + reach or date.start() < last_end:
            continue
        between = folded[cue.end() : date.start()]
        if _OTHER_EVENT.search(between):
            continue
        if cue.group("label") is None and re.search(r"[.!?;\n]", between):
            continue
        if numeric:
            assert date is not None
            first, second = int(date.group("a")), int(date.group("b"))
            # Day and month either way round ("09/30/2010" in American order).
            if not (1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12):
                continue
        last_end = date.end()
        yield Hit("birth_date", date.start(), date.end())


def _first_date(folded: str, start: int, end: int) -> re.Match[str] | None:
    """The first date in digits or in words between start and end."""
    dates = [
        date
        for date in (_DATE.search(folded, start, end), _WORD_DATE.search(folded, start, end))
        if date is not None
    ]
    return min(dates, key=lambda date: date.start()) if dates else None

"""Phone numbers in a post: French, British, American or international, typed or spelled.

The digits of a stretch of a run of pieces (numbers.py) say which kind of number it is,
and its grouping whether it is a date or a measurement instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.textscan.normalize import Hit, all_matches
from community.textscan.personal_data.numbers import DigitGroup, Token, digit_groups, number_runs

# A number needs digits or a spelled zero ("zéro six …", "oh seven seven …"). The
# look-behind follows the "o", so that the engine leaps from one "o" to the next.
_SPELLED_ZERO = re.compile(r"zero|o(?<![a-z]o)h?(?:[^a-z']|$)")
# National help lines, which a post may quote to someone in distress, written in any form
# that numbers.py reads: not personal data. (Short numbers such as 3114, 15, 112, 119, 3919,
# 116 123, 111 or 988, and 08 numbers, are never read as a private number anyway.)
# fmt: off
_HELP_LINES = frozenset({
    "0972394050",  # SOS Amitié
    "0145394000",  # Suicide Écoute
    "0980980930",  # Alcool Info Service
    "0140444645",  # SOS Suicide Phénix
    "0143460062",  # Phare Enfants-Parents
    "0148064241",  # SOS homophobie
    "0970818806",  # France Alzheimer
    "0477131114",  # Lifeline Australia, by text
})
# fmt: on
# North American toll-free prefixes: businesses and help lines, not people.
_TOLL_FREE = frozenset({"800", "888", "877", "866", "855", "844", "833"})
_ABROAD_GROUPS = ([4, 2, 2, 2], [4, 3, 3], [3, 3, 4], [3, 7])


def _national(groups: list[DigitGroup], plus: bool) -> str | None:
    """The number in national form ("0612345678", "07700900214", "3125550187") if these
    groups of digits make a phone number, else None."""
    digits = "".join(group.digits for group in groups)
    lengths = [len(group.digits) for group in groups]
    spelled = any(group.spelled for group in groups)
    if digits in "0123456789012" or digits in "9876543210":
        return None  # Counting, not a number: "zéro, un, deux, trois …"
    if plus or digits.startswith("00"):
        number = digits if plus else digits[2:]
        for code, length, first in (("33", 9, "12345679"), ("44", 10, "1237"), ("1", 10, "")):
            if number.startswith(code):
                rest = number[len(code) :]
                if len(rest) == length + 1 and rest[0] == "0":
                    rest = rest[1:]  # "+33 (0)6 …"
                if len(rest) == length and (not first or rest[0] in first):
                    return ("0" + rest) if code != "1" else rest
                return None
        return digits if plus and not spelled and 9 <= len(digits) <= 15 else None
    french = len(digits) == 10 and digits[0] == "0" and digits[1] in "12345679"
    # French: by pairs, digit by digit or in one piece, never around a 4-digit year.
    if french and (lengths == [10] or max(lengths) <= 2) and not _reads_as_date(groups):
        return digits
    if len(digits) == 11 and digits[:2] in ("07", "01", "02") and max(lengths) <= 6:
        # British: "07700 900214", "020 7946 0958", digit by digit or in words.
        british = lengths[0] >= 3 or spelled or max(lengths) == 1 or lengths == [11]
        years = any(len(g.digits) == 4 and g.digits[:2] in ("19", "20") for g in groups)
        if british and not years:
            return digits
    # Mobiles abroad, ten digits grouped as their country writes them: Belgium "0475 38 21
    # 96", Australia "0412 555 019", Ireland "087 123 4567" (also in words, set off as 3, 3
    # and 4). French 08 numbers are businesses; Irish 083 … 089 mobiles are not.
    abroad = len(digits) == 10 and digits[0] == "0" and digits[1] != "0"
    abroad = abroad and (digits[1] != "8" or digits[2] in "35679")
    if abroad and (lengths in _ABROAD_GROUPS or (spelled and _marks_at(groups) == [3, 6])):
        return digits
    american = len(digits) == 10 and digits[0] in "23456789"
    # American: "(312) 555-0187", "617-555-0142", or in words or digit by digit set off as
    # 3, 3 and 4 ("(418) 2 9 3 - 4 7 1 8"). Typed with its marks, it is one even when its
    # exchange is no real one ("(555) 014-2237").
    marked = _marks_at(groups) == [3, 6]
    typed = lengths == [3, 3, 4]
    real_exchange = digits[3] in "23456789"
    if american and (typed or marked) and (real_exchange or (typed and marked)):
        return None if digits[:3] in _TOLL_FREE else digits
    return None


def _marks_at(groups: list[DigitGroup]) -> list[int]:
    """After how many digits a mark other than a space stands ("two one two, five …": 3)."""
    marks = []
    count = 0
    for group in groups:
        if count and group.before not in ("", " "):
            marks.append(count)
        count += len(group.digits)
    return marks


def _reads_as_date(groups: list[DigitGroup]) -> bool:
    """ "01.02.23 12 30": a day and a month joined alike, then something else."""
    if len(groups) < 4 or any(group.spelled for group in groups[:3]):
        return False
    day, month = int(groups[0].digits), int(groups[1].digits)
    joined_alike = groups[1].before == groups[2].before and groups[1].before in ("/", ".", "-")
    return joined_alike and groups[3].before != groups[2].before and day <= 31 and month <= 12


# A number told in pieces, the pairs tied by words: "ça commence par zéro 6, puis 52 et 17,
# et ça finit par 90 38", "le 06 suivi de 13, 57, 24 puis 68", "le début c'est 07 62, et la
# fin 58 21 04". Read only where one of the tying words that a plain list of pairs lacks is
# in the post.
_TOLD_TIES = re.compile(
    r"(?<![a-z])(?:puis|ensuite|suivi|suivis|finit|termine|fin|debut|suite|reste|then|followed"
    r"|rest|last)"
)
_TOLD_FILLER = (
    r"(?:puis|ensuite|et|suivi|suivis|de|par|finit|fini|termine|fin|debut|suite|reste|ca"
    r"|enfin|apres|c'est|le|la|then|and|followed|by|ends|with|the|rest|last|is|finally)"
)
_TOLD_PAIR = (
    rf"[ \t]{{0,2}}[,;]?[ \t]{{1,2}}(?:{_TOLD_FILLER}[ \t]{{1,2}}){{0,4}}[0-9]{{2}}(?![0-9])"
)
_TOLD = re.compile(rf"(?<![0-9a-z])(?:zero[ \t]{{1,2}}|0)[1-79](?:{_TOLD_PAIR}){{4}}")


def _told_numbers(folded: str) -> Iterator[Hit]:
    if not _TOLD_TIES.search(folded):
        return
    for match in all_matches(_TOLD, folded):
        told = match.group()
        digits = "0" * told.startswith("zero") + "".join(re.findall(r"[0-9]", told))
        if len(digits) == 10 and digits not in _HELP_LINES and _TOLD_TIES.search(told):
            yield Hit("phone", match.start(), match.end())


def find_phones(folded: str) -> Iterator[Hit]:
    if sum(folded.count(digit) for digit in "0123456789") < 4 and not _SPELLED_ZERO.search(folded):
        return
    yield from _told_numbers(folded)
    for run in number_runs(folded):
        groups, plus = digit_groups(run)
        if sum(len(group.digits) for group in groups) < 9:
            continue
        first = 0
        while first < len(groups):
            found = _longest_number(groups, first, plus)
            if found is None:
                first += 1
                continue
            last, national = found
            if national not in _HELP_LINES:
                yield Hit(
                    "phone", _number_start(folded, run, groups, first, plus), groups[last].end
                )
            first = last + 1


def _longest_number(groups: list[DigitGroup], first: int, plus: bool) -> tuple[int, str] | None:
    """The last group and national form of the longest number from groups[first]: a
    British number spelled digit by digit also holds a ten-digit French one."""
    opens = (first == 0 and plus) or "+" in groups[first].before
    if not opens and not _may_begin(groups, first):
        return None
    found = None
    digits = 0
    for last in range(first, len(groups)):
        digits += len(groups[last].digits)
        if digits > 15:
            break
        if digits >= 9:
            national = _national(groups[first : last + 1], opens)
            if national is not None:
                found = last, national
    return found


def _may_begin(groups: list[DigitGroup], first: int) -> bool:
    """A cheap look at the first digits before any number is tried from groups[first]."""
    head = groups[first].digits
    last = first
    while len(head) < 4 and last + 1 < len(groups):
        last += 1
        head += groups[last].digits
    if head[:1] == "0" and len(head) >= 4:
        if head[1] == "0":
            return head[2:4] in ("33", "44") or head[2] == "1"
        return head[1] in "12345679" or (head[1] == "8" and head[2] in "35679")
    return head[:1] in "23456789" and (groups[first].spelled or len(groups[first].digits) == 3)


def _number_start(
    folded: str, run: list[Token], groups: list[DigitGroup], first: int, plus: bool
) -> int:
    """Where the number begins, with its "+", "plus" or "(" ("(312) 555-0187")."""
    start = groups[first].start
    if first == 0 and plus:
        return run[0].start if run[0].kind == "plus" else folded.rfind("+", 0, start)
    if folded[start - 1 : start] == "(":
        return start - 1
    return start

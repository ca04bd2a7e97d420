"""Words typed to dodge a filter, and the words they stand for (normalisation's second step).

Each finder returns rewrites of the folded text: digits and symbols for letters
("c0nn4rd"), spaced, dotted or starred letters ("c o n n a r d", "p*te"), letters repeated
("connaaaard"), SMS spellings and acronyms ("jsuis", "kys"). A word is only rewritten
into one the lexicon knows, or one of the SMS table, so that measurements ("5mg",
"hba1c", "t2") and ordinary words stay as typed. Every quantifier is bounded and every
finder is one pass: a hostile post costs linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import product

from community.textscan.lexicon import ABUSIVE, SMS, WORDS
from community.textscan.matching import overlap_test

# Each rewrite is (start, end, replacement, sources): sources[i] is the folded offset the
# replacement's character i comes from, or None to spread them over [start, end).
Rewrite = tuple[int, int, str, Sequence[int] | None]

_LEET = {
    "0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
    "@": "a", "$": "s", "€": "e", "!": "i", "|": "li", "+": "t",
}  # fmt: skip
# A word with at least one letter and one stand-in for a letter; "@" or "." ending it
# is an e-mail address or a domain, never a disguised word.
_HAS_LEET = re.compile(r"[0-9@$€!|+]")
# Single letters with the same separator between each: "c o n n a r d", "s.a.l.o.p.e".
_SPACED = re.compile(r"(?<![\w'])[a-z](?P<sep> {1,2}|[._*/\-])[a-z](?:(?P=sep)[a-z])+(?![\w@])")
# A word with stars, hashes or percents standing for letters inside or at its end: "p*te",
# "f**k", "c***". Markdown's "**gras**" starts with a star and is left alone.
_STARRED = re.compile(r"(?<![\w*#%])[a-z]{1,20}[*#%]{1,5}(?:[a-z]{1,20}[*#%]{0,5}){0,3}(?![\w*#%])")
_REPEATED = re.compile(r"([a-z])\1{2,}")
_WORD = re.compile(r"[a-z]+")
_POSTAGE = re.compile(r"\s{0,3}(?:offert|gratuit|inclus|compris|a\s|de\s|en\s|:|=)")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$€!|+")
# "www", "xxx", and roman numerals ("stade iii") are spelled so on purpose.
_KEEP_TRIPLES = frozenset("wxivlcm")


def rewrites(folded: str) -> list[Rewrite]:
    """Every word to rewrite, sorted and never overlapping; each finder yields to the
    ones before it (a spaced-out word is not also read as leetspeak)."""
    found: list[Rewrite] = []

    def add(new: list[Rewrite]) -> None:
        taken = overlap_test((start, end) for start, end, _r, _s in found)
        last_end = -1
        for rewrite in sorted(new):
            if rewrite[0] >= last_end and not taken(rewrite[0], rewrite[1]):
                found.append(rewrite)
                last_end = rewrite[1]

    add(_spaced(folded))
    if "*" in folded or "#" in folded or "%" in folded:
        add(_starred(folded))
    if _HAS_LEET.search(folded):
        add(_leet(folded))
    add(_repeated(folded))
    add(_sms(folded))
    found.sort()
    return found


def _spaced(folded: str) -> list[Rewrite]:
    found: list[Rewrite] = []
    for match in _SPACED.finditer(folded):
        step = 1 + len(match.group("sep"))
        letters = match.group()[::step]
        if len(letters) >= 4 or _known(letters):
            sources = list(range(match.start(), match.end(), step))
            found.append((match.start(), match.end(), letters, sources))
    return found


def _starred(folded: str) -> list[Rewrite]:
    return [
        (match.start(), match.end(), word, None)
        for match in _STARRED.finditer(folded)
        if (word := _unstar(match.group()))
    ]


def _leet(folded: str) -> list[Rewrite]:
    """Words holding a digit or symbol, found from each such character (prose has few)."""
    found: list[Rewrite] = []
    end = 0
    for match in _HAS_LEET.finditer(folded):
        if match.start() < end:
            continue
        start = match.start()
        while start > 0 and folded[start - 1] in _TOKEN_CHARS:
            start -= 1
        end = match.end()
        while end < len(folded) and folded[end] in _TOKEN_CHARS:
            end += 1
        # Trailing "!", "+", "|" are punctuation ("nul !!!", "c++").
        token_end = end
        while token_end > start and folded[token_end - 1] in "!+|":
            token_end -= 1
        token = folded[start:token_end]
        # "@Marie" greets a member; "jean@free.fr", "site.fr" or "6.5" are no words.
        if not token or token[0] == "@":
            continue
        before = folded[start - 1] if start else " "
        after = folded[token_end : token_end + 2]
        if before in "._-/@" or (after[:1] in ".@_-/" and after[1:].isalnum()):
            continue
        if _HAS_LEET.search(token) and (word := _unleet(token)):
            found.append((start, token_end, word, None))
    return found


def _repeated(folded: str) -> list[Rewrite]:
    found: list[Rewrite] = []
    last_end = -1
    for match in _REPEATED.finditer(folded):
        if match.start() < last_end:
            continue
        word = _word_around(folded, match.start(), match.end())
        if word is None:
            continue
        start, end = word
        last_end = end
        squeezed, sources = _squeeze(folded, start, end)
        if squeezed is not None:
            found.append((start, end, squeezed, sources))
    return found


def _sms(folded: str) -> list[Rewrite]:
    found: list[Rewrite] = []
    # Most posts hold no SMS spelling: told by their words at once, in C.
    if _SMS_WORDS.isdisjoint(_WORD.findall(folded)):
        return found
    for match in _WORD.finditer(folded):
        expansion = SMS.get(match.group())
        if expansion is None:
            continue
        # "fdp offerts" are postage costs ("frais de port"), not an insult.
        if match.group() == "fdp" and _POSTAGE.match(folded, match.end()):
            continue
        found.append((match.start(), match.end(), expansion, None))
    return found


def _word_around(folded: str, start: int, end: int) -> tuple[int, int] | None:
    """The letters-only word holding [start, end); None in a link or an address."""
    while start > 0 and folded[start - 1].isalpha():
        start -= 1
    while end < len(folded) and folded[end].isalpha():
        end += 1
    if (start and folded[start - 1] in "./@:") or (end < len(folded) and folded[end] in "@/"):
        return None
    if end < len(folded) - 1 and folded[end] == "." and folded[end + 1].isalpha():
        return None
    return start, end


def _squeeze(folded: str, start: int, end: int) -> tuple[str | None, list[int]]:
    """The word with each run of three or more letters cut to two, or to one: whichever the
    lexicon knows (two first: "connnnard"), else one ("saluuuut")."""
    word = folded[start:end]
    runs = [
        m
        for m in _REPEATED.finditer(word)
        if m.end() - m.start() >= 4 or m.group(1) not in _KEEP_TRIPLES
    ]
    if not runs:
        return None, []
    for keep in (2, 1):
        pieces: list[str] = []
        sources: list[int] = []
        previous = 0
        for run in runs:
            pieces.append(word[previous : run.start()])
            sources.extend(range(start + previous, start + run.start()))
            pieces.append(run.group(1) * keep)
            sources.extend(range(start + run.start(), start + run.start() + keep))
            previous = run.end()
        pieces.append(word[previous:])
        sources.extend(range(start + previous, end))
        candidate = "".join(pieces)
        if keep == 1 or _known(candidate):
            return candidate, sources
    raise AssertionError("unreachable")  # pragma: no cover


def _known(word: str) -> bool:
    return word in WORDS or word in ABUSIVE


def _unleet(token: str) -> str | None:
    """The known word `token` spells with digits or symbols for letters, if any.

    Two letters at least must be real ones ("4h", "t1" stay), and at most 64 readings are
    tried (a "1" is an "i" or an "l").
    """
    if sum(char.isalpha() for char in token) < 2 or len(token) > 30:
        return None
    choices = [_LEET.get(char, char) for char in token]
    if 0 < sum(len(c) > 1 for c in choices) <= 6:
        readings: Iterable[tuple[str, ...]] = product(*choices)
    else:
        readings = [tuple(c[0] for c in choices)]
    for reading in readings:
        word = "".join(reading)
        if _known(word):
            return word
        squeezed = _REPEATED.sub(lambda m: m.group(1), word)
        if squeezed != word and _known(squeezed):
            return squeezed
    return None


def _unstar(token: str) -> str | None:
    """The abusive or known word a starred spelling stands for: "p*te" is "pute", "f**k" is
    "fuck". As many letters as stars first, then one more or one fewer ("c**nard")."""
    for exact in (True, False):
        pattern = _star_pattern(token, exact)
        for words in (_ABUSIVE_BY_INITIAL, _WORDS_BY_INITIAL):
            for word in words.get(token[0], ()):
                if pattern.fullmatch(word):
                    return word
    return None


@lru_cache(maxsize=1024)
def _star_pattern(token: str, exact: bool) -> re.Pattern[str]:
    parts = re.split(r"([*#%]+)", token)
    return re.compile(
        "".join(
            (f"[a-z]{{{len(p)}}}" if exact else f"[a-z]{{{max(len(p) - 1, 1)},{len(p) + 1}}}")
            if p and p[0] in "*#%"
            else re.escape(p)
            for p in parts
        )
    )


def _by_initial(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    # Longest first: "connard" is tried before "con".
    table: dict[str, list[str]] = {}
    for word in sorted(words, key=lambda w: (-len(w), w)):
        table.setdefault(word[:1], []).append(word)
    return {initial: tuple(group) for initial, group in table.items()}


_SMS_WORDS = frozenset(SMS)
_ABUSIVE_BY_INITIAL = _by_initial(ABUSIVE)
_WORDS_BY_INITIAL = _by_initial(WORDS)

"""Where a pattern's matches can begin: the letters every match starts with, read off the
pattern, and the words of a text that start with them.

A detector reads most patterns only where a word starts (`word_matches`). Searching
the whole post for each of them costs a test at nearly every character: an alternation
of words ("stopped|quit|come\\s{1,3}off") is tried wherever its first letters could be.
Most patterns begin with one of a few literal words, so each is tried instead only at
the words of the post that begin with one of them: one pass over the post's words finds
those places for every pattern at once, and the words are looked up once for all posts.

A pattern's anchors are a promise about every match, so the matches are the same:

- each anchor is made of letters only (a to z), taken where the pattern is sure of
  them; what may be absent (an optional word, "vous" in "(?:vous\\s)?comprendrez") gives
  both ways in; look-arounds and `\\b` consume nothing and are read through;
- a pattern that may begin with a digit is tried at every number where a word starts,
  and one that begins with a class of letters and digits (`[a-z0-9]`) at every word;
- a pattern that may begin anything else (a space, a capital, an optional part that
  leaves nothing sure) has no anchors and is searched as before.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from itertools import chain
from re import _parser  # type: ignore[attr-defined]
from typing import Any

# A run of letters, or a digit, where a word starts: what `word_matches` keeps (\\w is
# what `starts_word` tests: a letter, a digit or "_").
_WORD_START = re.compile(r"(?<!\w)(?:[a-z]+|\d)")
# Past this many ways in, a pattern's anchors stop at the letters sure before.
_MOST_ANCHORS = 2000
# Enough for the words of the forum; beyond it, words are looked up without being kept.
_KEPT_WORDS = 50_000
_KEPT_LENGTH = 40
# Patterns made on the fly (a space's watched words) are not kept past this many.
_MOST_PATTERNS = 5_000
# Texts whose word starts are kept: a post's detectors ask about the same few texts.
_KEPT_TEXTS = 8

_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})


class _TooMany(Exception):
    """The pattern reads in a way not followed here (a back-reference, a flag)."""


# How sure a way in is of what follows its letters: still reading (the next item's letters
# add up), the word may go on, or the word ends there (what follows is no letter).
_OPEN, _GOES_ON, _ENDS = 0, 1, 2
# A way in that is a number (a digit where a word starts), not letters: "0", which no
# word of letters can be.
_NUMBER = "0"
# A way in by any word or number (a class of letters and digits): "*" while reading, the
# empty prefix once read, which every word begins with.
_ANY = "*"
_Ways = set[tuple[str, int]]


def anchors(pattern: re.Pattern[str]) -> tuple[frozenset[str], frozenset[str]] | None:
    """The words one of which begins every match of `pattern`: those a word of the text
    must begin with, and those it must be whole. None if the pattern gives none."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        ways = _closed(_sequence(list(_parser.parse(pattern.pattern, pattern.flags))))
    except (_TooMany, re.error, RecursionError):
        return None
    if not ways or any(not letters for letters, _how in ways):
        return None
    whole = frozenset(letters for letters, how in ways if how == _ENDS and letters != _ANY)
    prefixes = frozenset(
        "" if letters == _ANY else letters
        for letters, how in ways
        if how != _ENDS or letters == _ANY
    )
    return prefixes, whole


def _sequence(items: Sequence[tuple[Any, Any]]) -> _Ways:
    """The ways into a sequence; those still open were read to its end."""
    ways: _Ways = {("", _OPEN)}
    for op, value in items:
        if all(how != _OPEN for _letters, how in ways):
            break
        item = _item(str(op), value)
        following: _Ways = set()
        for letters, how in ways:
            if how != _OPEN:
                following.add((letters, how))
                continue
            following.update(
                # A number after letters only ends their word.
                _joined(letters, more, then)
                for more, then in item
            )
        if len(following) > _MOST_ANCHORS:
            # Too many ways on: stop at the letters already sure (fewer letters are as safe).
            return _closed(ways)
        ways = following
    return ways


def _joined(letters: str, more: str, then: int) -> tuple[str, int]:
    if more in (_NUMBER, _ANY) and letters:
        # After letters, a digit ends their word; a letter from a class may go on.
        return letters, _ENDS if more == _NUMBER else _GOES_ON
    return letters + more, then


def _closed(ways: _Ways) -> _Ways:
    """What was still being read may go on with anything."""
    return {(letters, _GOES_ON if how == _OPEN else how) for letters, how in ways}


def _item(name: str, value: Any) -> _Ways:
    if name == "LITERAL":
        char = chr(value)
        return {(char, _OPEN)} if "a" <= char <= "z" else {("", _ENDS)}
    if name in _ZERO_WIDTH:
        return {("", _OPEN)}
    if name == "SUBPATTERN":
        _group, add_flags, _del_flags, inner = value
        if add_flags & re.IGNORECASE:
            raise _TooMany
        return _sequence(list(inner))
    if name == "ATOMIC_GROUP":
        return _sequence(list(value))
    if name == "BRANCH":
        ways: _Ways = set()
        for alternative in value[1]:
            ways |= _sequence(list(alternative))
        return ways
    if name in _REPEATS:
        least, _most, inner = value
        # What one turn begins with; after it, another turn or what follows: not sure.
        once = _closed(_sequence(list(inner)))
        return once if least >= 1 else once | {("", _OPEN)}
    if name in ("GROUPREF_EXISTS", "GROUPREF"):
        raise _TooMany
    if name == "IN" and _digits_only(value):
        return {(_NUMBER, _ENDS)}
    if name == "IN" and _word_start_chars(value):
        return {(_ANY, _ENDS)}
    if name == "IN" and _no_letter(value):
        return {("", _ENDS)}
    # A class that may hold a letter, any character: the word may go on.
    return {("", _GOES_ON)}


def _digits_only(members: Sequence[tuple[Any, Any]]) -> bool:
    """True if a character class matches digits only (`\\d`, `[0-9]`)."""
    for op, value in members:
        name = str(op)
        if name == "CATEGORY" and str(value) == "CATEGORY_DIGIT":
            continue
        if name == "RANGE" and ord("0") <= value[0] <= value[1] <= ord("9"):
            continue
        if name == "LITERAL" and "0" <= chr(value) <= "9":
            continue
        return False
    return bool(members)


def _word_start_chars(members: Sequence[tuple[Any, Any]]) -> bool:
    """True if a character class matches only letters from a to z and digits (`[a-z0-9]`):
    a match that begins a word with it begins at one of the words or numbers of a text."""
    for op, value in members:
        name = str(op)
        if name == "CATEGORY" and str(value) == "CATEGORY_DIGIT":
            continue
        if name == "RANGE" and (
            ord("a") <= value[0] <= value[1] <= ord("z")
            or ord("0") <= value[0] <= value[1] <= ord("9")
        ):
            continue
        if name == "LITERAL" and ("a" <= chr(value) <= "z" or "0" <= chr(value) <= "9"):
            continue
        return False
    return bool(members)


def _no_letter(members: Sequence[tuple[Any, Any]]) -> bool:
    """True if a character class can match no letter from a to z (spaces, digits,
    punctuation): a word of letters ends where it stands."""
    for op, value in members:
        name = str(op)
        if name == "LITERAL" and not ("a" <= chr(value) <= "z"):
            continue
        if name == "RANGE" and (value[1] < ord("a") or value[0] > ord("z")):
            continue
        if name == "CATEGORY" and str(value) in ("CATEGORY_DIGIT", "CATEGORY_SPACE"):
            continue
        return False
    return True


def begins_word(pattern: re.Pattern[str]) -> bool:
    """True if every match of `pattern` begins where a word starts, as the pattern itself
    says: each way in opens with `\\b` or a look-behind refusing a letter or digit. Then
    its matches (`finditer`) are exactly those `word_matches` finds."""
    try:
        return _opens_word(list(_parser.parse(pattern.pattern, pattern.flags)))
    except (re.error, RecursionError):
        return False


def _opens_word(items: Sequence[tuple[Any, Any]]) -> bool:
    if not items:
        return False
    op, value = items[0]
    name = str(op)
    if name == "AT":
        return str(value) == "AT_BOUNDARY"
    if name == "ASSERT_NOT":
        # (?<!\w), (?<![\w-]): the character before is no letter, digit or "_".
        direction, inner = value
        if direction != -1 or len(inner) != 1 or str(inner[0][0]) != "IN":
            return False
        members = [(str(kind), str(what)) for kind, what in inner[0][1]]
        return ("CATEGORY", "CATEGORY_WORD") in members and all(
            kind != "NEGATE" for kind, _what in members
        )
    if name == "SUBPATTERN":
        return _opens_word(list(value[3]))
    if name == "BRANCH":
        return all(_opens_word(list(alternative)) for alternative in value[1])
    return False


class _Registry:
    """Every anchored pattern met so far, and which of them may begin at a given word."""

    def __init__(self) -> None:
        # By the pattern's id, with the pattern itself (kept alive, so its id stays its
        # own): hashing a pattern hashes its source, thousands of characters.
        self._ids: dict[int, tuple[re.Pattern[str], int | None]] = {}
        self._count = 0
        self._by_prefix: dict[str, list[int]] = {}
        self._by_word: dict[str, list[int]] = {}
        self._lengths: tuple[int, ...] = ()
        # The words met so far, and for each pattern those that begin with its anchors.
        self.seen: set[str] = set()
        self.words_of: dict[int, set[str]] = {}
        self.version = 0
        # Patterns are met once each, at the first post: then nothing is written but the
        # words' cache, and a word looked up while a pattern was added is not kept.
        self._lock = threading.Lock()

    def id_of(self, pattern: re.Pattern[str]) -> int | None:
        """The pattern's number, or None when it has no anchors (searched as before)."""
        known = self._ids.get(id(pattern))
        if known is not None and known[0] is pattern:
            return known[1]
        with self._lock:
            return self._register(pattern)

    def _register(self, pattern: re.Pattern[str]) -> int | None:
        known = self._ids.get(id(pattern))
        if known is not None and known[0] is pattern:
            return known[1]
        if len(self._ids) >= _MOST_PATTERNS:
            return None
        found = anchors(pattern)
        number = None
        if found is not None:
            number = self._count
            self._count += 1
            prefixes, words = found
            for prefix in prefixes:
                self._by_prefix.setdefault(prefix, []).append(number)
            for word in words:
                self._by_word.setdefault(word, []).append(number)
            self._lengths = tuple(sorted({len(prefix) for prefix in self._by_prefix}))
            # The words met before, read for this pattern too (startswith: in C).
            begins = tuple(prefixes)
            self.words_of[number] = {
                word for word in self.seen if word in words or word.startswith(begins)
            }
            self.version += 1
        self._ids[id(pattern)] = (pattern, number)
        return number

    def learn(self, words: Iterable[str]) -> dict[int, list[str]]:
        """Note which patterns each new word begins; the words that could not be kept (too
        many, too long), by pattern."""
        unkept: dict[int, list[str]] = {}
        with self._lock:
            for word in words:
                if word in self.seen:
                    continue
                numbers = set(self._by_word.get(word, ()))
                for length in self._lengths:
                    if length > len(word):
                        break
                    numbers.update(self._by_prefix.get(word[:length], ()))
                keep = len(self.seen) < _KEPT_WORDS and len(word) <= _KEPT_LENGTH
                for number in numbers:
                    if keep:
                        self.words_of.setdefault(number, set()).add(word)
                    else:
                        unkept.setdefault(number, []).append(word)
                if keep:
                    self.seen.add(word)
        return unkept


_REGISTRY = _Registry()


class _WordStarts:
    """For one text: where each anchored pattern may begin, in order."""

    def __init__(self, text: str) -> None:
        # Each word is looked up once however often the text holds it, and only the first
        # time any text holds it; a pattern's places are put together when it is asked.
        self._places: dict[str, list[int]] = {}
        for match in _WORD_START.finditer(text):
            word = match.group()
            key = word if "a" <= word[0] <= "z" else _NUMBER
            self._places.setdefault(key, []).append(match.start())
        self.refresh()

    def refresh(self) -> None:
        """Read the text's words for the patterns known now (more may have come since)."""
        self.version = _REGISTRY.version
        seen = _REGISTRY.seen
        new = [word for word in self._places if word not in seen]
        self._unkept = _REGISTRY.learn(new) if new else {}
        self._merged: dict[int, list[int]] = {}

    def of(self, number: int) -> list[int]:
        merged = self._merged.get(number)
        if merged is None:
            words = self._places.keys() & _REGISTRY.words_of.get(number, _NONE)
            words.update(self._unkept.get(number, ()))
            places = self._places
            if len(words) == 1:
                merged = places[next(iter(words))]
            else:
                merged = sorted(chain.from_iterable(places[word] for word in words))
            self._merged[number] = merged
        return merged


_NONE: frozenset[str] = frozenset()


# Per thread: the worker and the pages may scan at the same time.
_local = threading.local()


_begins: dict[int, tuple[re.Pattern[str], bool]] = {}


def match_starts(pattern: re.Pattern[str], text: str) -> list[int] | None:
    """Where every match of `pattern` in `text` may start, in order, if the pattern says
    that each of its matches begins a word (`begins_word`) with one of its anchors; else
    None."""
    known = _begins.get(id(pattern))
    if known is None or known[0] is not pattern:
        if len(_begins) >= _MOST_PATTERNS:
            return None
        known = _begins[id(pattern)] = (pattern, begins_word(pattern))
    return word_starts(pattern, text) if known[1] else None


def word_starts(pattern: re.Pattern[str], text: str) -> list[int] | None:
    """Where a word of `text` begins with one of `pattern`'s anchors, in order: the only
    places a match that begins a word can start. None if the pattern has no anchors."""
    number = _REGISTRY.id_of(pattern)
    if number is None:
        return None
    texts: dict[str, _WordStarts] | None = getattr(_local, "texts", None)
    if texts is None:
        texts = _local.texts = {}
    starts = texts.get(text)
    if starts is None:
        if len(texts) >= _KEPT_TEXTS:
            texts.pop(next(iter(texts)))
        starts = texts[text] = _WordStarts(text)
    elif starts.version != _REGISTRY.version:
        # A pattern met for the first time: the text's words stay, their patterns are
        # read again.
        starts.refresh()
    return starts.of(number)

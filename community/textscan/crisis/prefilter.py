"""Which patterns of a table can match a post at all, told from the words it holds before
any regex runs, and patterns that fail fast where no word starts.

A post passes a few dozen of the three hundred crisis patterns' key words, and most of
those patterns then find nothing: running each regex over the whole post was most of the
detector's time. Two checks skip a pattern, and neither can ever hide a match:

- its key words (`Rule.keys`): one of them must be in the folded text, as before;
- the letters it cannot match without, read off the pattern itself: "come" and "off" for
  "come\\s{1,3}off", one of "pont", "viaduc", "falaise"… for an alternation of them.

Both are substring tests on letters only, so each holds inside one run of letters: each
distinct run of a post ("suicider", "medocs") is looked up once, and runs repeat from post
to post, so the lookups are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from re import _parser  # type: ignore[attr-defined]
from typing import Any

_LETTERS = re.compile(r"[a-z]+")
_LETTER_WORD = re.compile(r"[a-z]+\Z")
# A required word longer than this is cut: a piece of a required word is required too.
_LONGEST = 12
# Long runs of letters are read in overlapping pieces this long, so that a hostile post of
# one 100 kB "word" costs linear time and its repeated pieces are looked up once.
_CHUNK = 64
# Enough for the words of the forum; beyond it, runs are looked up without being kept.
_KEPT_RUNS = 50_000


def required_words(pattern: re.Pattern[str]) -> list[frozenset[str]]:
    """What every match of `pattern` contains: a list of choices, each a set of words (lower
    case letters) at least one of which is in the matched text. Empty if nothing is sure."""
    if pattern.flags & re.IGNORECASE:
        return []
    choices = _needs(_parsed(pattern.pattern, pattern.flags))
    unique = sorted(set(choices), key=_likelihood)
    return [choice for choice in unique if not any(other < choice for other in unique)]


@cache
def _parsed(source: str, flags: int) -> list[tuple[Any, Any]]:
    # Several tables share patterns: each is parsed once, at import.
    return list(_parser.parse(source, flags))


def _needs(items: Sequence[tuple[Any, Any]]) -> list[frozenset[str]]:
    """The choices every match of a parsed sequence needs. Anything not understood needs
    nothing: the check can only be weaker than the pattern, never stricter."""
    choices: list[frozenset[str]] = []
    run: list[str] = []

    def end_run() -> None:
        pieces = _LETTERS.findall("".join(run))
        if pieces:
            choices.append(frozenset([max(pieces, key=len)[:_LONGEST]]))
        run.clear()

    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(value))
            continue
        end_run()
        if name == "SUBPATTERN":
            _group, add_flags, _del_flags, inner = value
            if not add_flags & re.IGNORECASE:
                choices.extend(_needs(list(inner)))
        elif name == "ATOMIC_GROUP":
            choices.extend(_needs(list(value)))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            least, _most, inner = value
            if least >= 1:
                choices.extend(_needs(list(inner)))
        elif name == "BRANCH":
            # Each alternative needs its own words: together, one of them at least.
            union: set[str] = set()
            for alternative in value[1]:
                needed = _needs(list(alternative))
                if not needed:
                    break
                rarest: frozenset[str] = min(needed, key=_likelihood)
                union |= rarest
            else:
                choices.append(frozenset(union))
        # Look-arounds, anchors, classes and the rest consume no sure letters.
    end_run()
    return choices


def _likelihood(choice: frozenset[str]) -> float:
    """A rough chance that a post holds one of `choice`: short words are everywhere."""
    return sum(26.0 ** -len(word) for word in choice)


def at_word_start(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, made to fail at once inside a word, for `word_matches` (which keeps only
    matches where a word starts, so the matches it keeps are the same).

    The regex engine jumps straight to a pattern's first letters when it can tell them (a
    literal, or an alternation of literals); otherwise it tries the whole pattern at every
    character, and a leading `(?<!\\w)` then costs one test at each character inside a
    word. Patterns it can jump in are left as they are: the look-behind would stop that.
    """
    if _starts_with_literal(_parsed(pattern.pattern, pattern.flags)):
        return pattern
    try:
        return re.compile(rf"(?<!\w)(?:{pattern.pattern})", pattern.flags)
    except re.error:
        return pattern


def _starts_with_literal(items: Sequence[tuple[Any, Any]]) -> bool:
    # What the regex compiler itself looks for to jump ahead (re._compiler._compile_info).
    while items:
        op, value = items[0]
        name = str(op)
        if name == "SUBPATTERN":
            items = list(value[3])
            continue
        if name in ("LITERAL", "IN"):
            return True
        if name == "BRANCH":
            return all(
                alternative and str(alternative[0][0]) == "LITERAL" for alternative in value[1]
            )
        return False
    return False


class Gate:
    """For one table of patterns and their key words: the patterns that can match a text,
    given `words_in(text)`."""

    def __init__(self, table: Iterable[tuple[Sequence[str], re.Pattern[str]]]) -> None:
        # Which patterns each key word opens; those without keys are always open.
        self._opened_by: dict[str, set[int]] = {}
        self._keyless: set[int] = set()
        self._needed: list[list[frozenset[str]]] = []
        for index, (keys, pattern) in enumerate(table):
            for key in keys:
                if not _LETTER_WORD.match(key):
                    raise ValueError(f"a key word is lower case letters only: {key!r}")
                self._opened_by.setdefault(key, set()).add(index)
            if not keys:
                self._keyless.add(index)
            self._needed.append(required_words(pattern))
        self._keys = frozenset(self._opened_by)
        tested = set(self._keys)
        for needed in self._needed:
            for choice in needed:
                tested |= choice
        _VOCABULARY.add(tested)

    def open(self, present: frozenset[str]) -> list[int]:
        """The indices, in table order, of the patterns that may match a text holding the
        words `present` (as returned by `words_in`)."""
        opened_by = self._opened_by
        candidates = self._keyless.union(*[opened_by[key] for key in present & self._keys])
        kept = []
        for index in sorted(candidates):
            for choice in self._needed[index]:
                if choice.isdisjoint(present):
                    break
            else:
                kept.append(index)
        return kept


class _Vocabulary:
    """Every word the gates test, and which of them each run of letters holds."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self._lengths: tuple[int, ...] = ()
        self._runs: dict[str, frozenset[str]] = {}

    def add(self, words: set[str]) -> None:
        self.words |= words
        self._lengths = tuple(sorted({len(word) for word in self.words}))
        # Runs looked up before did not look for the new words.
        self._runs.clear()

    def held_by(self, runs: Iterable[str]) -> frozenset[str]:
        """The words held by any of `runs` (runs of letters)."""
        known = self._runs.get
        found = []
        for run in runs:
            words = known(run)
            if words is None:
                words = self._look_up(run)
            if words:
                found.append(words)
        return frozenset().union(*found)

    def _look_up(self, run: str) -> frozenset[str]:
        if len(run) > 2 * _CHUNK:
            # Pieces overlap by a word's length less one: each word fits whole in one.
            reach = _CHUNK + max(self._lengths, default=1) - 1
            return self.held_by(run[start : start + reach] for start in range(0, len(run), _CHUNK))
        words = frozenset(
            self.words.intersection(
                run[start : start + length]
                for length in self._lengths
                for start in range(len(run) - length + 1)
            )
        )
        if len(self._runs) < _KEPT_RUNS:
            self._runs[run] = words
        return words


_VOCABULARY = _Vocabulary()


def words_in(text: str) -> frozenset[str]:
    """The words of every gate that `text` holds, inside a run of letters or as one."""
    return _VOCABULARY.held_by(set(_LETTERS.findall(text)))

"""@mentions: which pseudonyms a published post names, read from the text its readers see.

A pseudonym may hold spaces, dots and dashes ("Dre Aubrac", "Lucas.Glyc"), so after each
"@" every run of words that could be a pseudonym is a candidate, compared by the
pseudonyms' key (case, accents, separators and look-alikes folded: "@camille_t1" names
Camille_T1); the longest candidate that names a member wins. What the post quotes, shows
as code or as a link's words is not the author mentioning anyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from community.accounts.pseudonyms import PSEUDONYM_MAX, PSEUDONYM_MIN, pseudonym_key

# Mentions read per post at most: enough for any real message, a bound for the query.
MAX_MENTIONS = 20
# Where the author does not speak in their own voice.
_SKIPPED = frozenset({"blockquote", "code", "pre", "a"})
# An "@" that starts a word (not an e-mail address), and what may follow in a pseudonym.
_AT = re.compile(r"(?<![\w@])@([^\W_][\w .'’-]*)")


class _VisibleText(HTMLParser):
    """The post's text outside quotes, code and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _SKIPPED:
            self._skipping.append(tag)
        elif tag in ("br", "p", "li", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
        elif tag in ("p", "li", "div"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


@dataclass(frozen=True)
class Mention:
    """One "@" of the post: the keys of its candidates, longest first."""

    keys: tuple[str, ...]


def mentions_in(html: str) -> list[Mention]:
    """The "@"s of a sanitized post, each with the pseudonym keys it could mean."""
    reader = _VisibleText()
    reader.feed(html)
    reader.close()
    text = "".join(reader.parts)
    found: list[Mention] = []
    for match in _AT.finditer(text):
        run = match.group(1)[:PSEUDONYM_MAX]
        candidates = []
        for end in range(len(run), 0, -1):
            # A pseudonym ends with a letter or digit, at the end of a word.
            if not run[end - 1].isalnum() or (
                end < len(run) and (run[end].isalnum() or run[end] == "_")
            ):
                continue
            if end >= PSEUDONYM_MIN and (key := pseudonym_key(run[:end])):
                candidates.append(key)
        if candidates:
            found.append(Mention(tuple(dict.fromkeys(candidates))))
        if len(found) >= MAX_MENTIONS:
            break
    return found


def candidate_keys(mentions: list[Mention]) -> set[str]:
    return {key for mention in mentions for key in mention.keys}


def named(mentions: list[Mention], existing: set[str]) -> set[str]:
    """The keys the post names: for each "@", its longest candidate that is a member's."""
    chosen = set()
    for mention in mentions:
        for key in mention.keys:
            if key in existing:
                chosen.add(key)
                break
    return chosen

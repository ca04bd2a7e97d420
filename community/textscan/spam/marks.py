"""A post read for spam: its links, sentence ends and prices, each found once and only if asked."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property

from community.textscan.normalize import FoldedText, Hit, all_matches
from community.textscan.spam.links import find_links

BOUNDARY = re.compile(r"[.!?…]+(?=\s|$)|\n+")
# A price: "19,90 €", "£450", "$20", "1 490 €", "15 euros"; "40e" is one in SMS spelling.
PRICE = re.compile(
    r"(?:[£$€]\s?\d{1,3}(?:[ ,.]\d{3})*(?:[.,]\d{1,2})?(?![\d])"
    r"|(?<![\w.,])\d{1,3}(?:[  .]\d{3})*(?:[.,]\d{1,2})?\s?(?:€|£|\$|euros?\b|eur\b))"
)
# Every price holds one of these: most posts have none, and are spared the search.
_PRICE_KEYS = ("€", "£", "$", "eur")
# Each pattern runs only if one of its key words is in the post (the tests may check them).
KEYED = ((PRICE, _PRICE_KEYS),)


class Marks:
    """Where a pattern matches in the post, found once: asking about a thousand windows of a
    long post then costs a thousand look-ups, not a thousand searches."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.spans = [m.span() for m in all_matches(pattern, text)]

    def first(self, start: int, end: int) -> tuple[int, int] | None:
        """The first match inside [start, end), if any."""
        index = bisect_left(self.spans, (start, -1))
        if index < len(self.spans) and self.spans[index][1] <= end:
            return self.spans[index]
        return None

    def within(self, start: int, end: int) -> bool:
        return self.first(start, end) is not None


class Post:
    """The folded text and its links; sentence ends, prices and capitals are counted the
    first time a rule asks for them, which on most posts is never."""

    def __init__(self, text: FoldedText) -> None:
        self.text = text
        self.folded = text.folded
        self.links: list[tuple[Hit, str]] = find_links(text)

    @cached_property
    def ends(self) -> list[int]:
        return [m.end() for m in BOUNDARY.finditer(self.folded)]

    @cached_property
    def prices(self) -> list[re.Match[str]]:
        if not any(key in self.folded for key in _PRICE_KEYS):
            return []
        return list(PRICE.finditer(self.folded))

    @cached_property
    def shouting(self) -> bool:
        """True if most letters of the post (of its first 5,000 characters) are capitals."""
        letters = [char for char in self.text.original[:5000] if char.isalpha()]
        return sum(char.isupper() for char in letters) > 0.6 * max(len(letters), 1)

    def mentions(self, keys: tuple[str, ...]) -> bool:
        """True if one of `keys` is in the post: a pattern that needs one can match."""
        return any(key in self.folded for key in keys)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around [start, end), at most 300 characters each way."""
        index = bisect_right(self.ends, start) - 1
        first = self.ends[index] if index >= 0 else 0
        index = bisect_left(self.ends, end)
        last = self.ends[index] if index < len(self.ends) else len(self.folded)
        return max(first, start - 300), min(last, end + 300)

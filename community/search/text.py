"""What the index reads of a post: its stored HTML as plain text, and the language it is in."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that end a word: their boundaries become spaces, so "<p>a</p><p>b</p>" gives
# "a b" and not "ab". Inline elements (strong, em, a, code) do not split words.
_BLOCK_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "table",
        "tr",
        "td",
        "th",
    }
)
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"[^\W\d_]+")

# Words frequent in one language and (nearly) absent from the other: "a", "on", "me",
# "as" and "en" are both, so they count for neither.
_ENGLISH_WORDS = """
    the and is are was were be been with you your my of to have has had this that it for
    not but what how do does did i in at from they we he she will would can could should
    about after when which there their
"""
_FRENCH_WORDS = """
    le la les des du et est je j vous nous que qui pour avec pas une un dans mon ma mes ce
    ces il elle sur au aux ne mais c d l qu ai suis sont très été était fait tout plus
    quand comme aussi votre notre
"""
_ENGLISH = frozenset(_ENGLISH_WORDS.split())
_FRENCH = frozenset(_FRENCH_WORDS.split())


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(body_html: str) -> str:
    """The text a reader sees in a post's sanitized HTML: no tags, entities decoded,
    whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(body_html)
    collector.close()
    return _SPACES.sub(" ", "".join(collector.parts)).strip()


def language_of(text: str) -> str:
    """The language of a text: "en" when English function words clearly outnumber French
    ones, else "fr" (the community writes French; a short or unclear text is French)."""
    english = french = 0
    for word in _WORDS.findall(text.lower()):
        if word in _ENGLISH:
            english += 1
        elif word in _FRENCH:
            french += 1
    return "en" if english >= 2 and english > 2 * french else "fr"

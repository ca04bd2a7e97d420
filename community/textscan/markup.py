"""A post's Markdown as its reader sees it: the marks of emphasis, headings and quotes out.

Posts are written in Markdown ("**important**"), and a model trained on plain posts reads
the stars of "**Tu n'as pas à tout porter seul.**" as the stars of a disguised insult
("p*te"). The model reads the text without these marks; the detectors read the source,
whose offsets the queue highlights.
"""

from __future__ import annotations

import re

# Paired emphasis around words: **bold**, __bold__, *italic*, _italic_; a star inside a
# word ("p*te", "f**k") is left alone.
_EMPHASIS = re.compile(
    r"(?<![\w*_])(\*\*\*|___|\*\*|__|\*|_)(?=[^\s*_])([^\n]{1,500}?)(?<=[^\s*_])\1(?![\w*_])"
)
_LINE_MARKS = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)", re.MULTILINE)
_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(([^)\s]{1,2000})\)")


def plain(text: str) -> str:
    """`text` without Markdown's marks of emphasis, headings, quotes and bullets; a link
    keeps its words and its address."""
    if not any(mark in text for mark in "*_#>[-+"):
        return text
    text = _LINK.sub(r"\1 (\2)", text)
    text = _LINE_MARKS.sub("", text)
    for _ in range(2):  # **_both_**
        text = _EMPHASIS.sub(r"\2", text)
    return text

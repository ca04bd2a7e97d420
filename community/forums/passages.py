"""Where a quoted passage stands in the text it quotes, the spaces between words aside."""

from __future__ import annotations

import re


def find_passage(text: str, passage: str) -> tuple[int, int] | None:
    """The span of `text` that says `passage` word for word, however the spaces and line
    breaks between its words differ (a passage kept from a text box was often re-flowed);
    None when it does not say it, or the passage has no word."""
    words = passage.split()
    if not words:
        return None
    found = re.search(r"\s+".join(map(re.escape, words)), text)
    return found.span() if found else None

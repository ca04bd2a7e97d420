"""Accent folding: the one implementation every domain uses (pseudonyms, search, slugs,
file headers, the lexicon)."""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """The text without its accents and other combining marks: "Éléonore" → "Eleonore".

    Case and everything else are left as they are.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))

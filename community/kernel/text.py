"""Submitted text: cleaned the same way everywhere, and tested for being really there."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# NUL (refused by PostgreSQL), other C0/C1 controls but tab and newlines, lone
# surrogates (not encodable), and the bidirectional overrides and isolates that make
# text display in another order than it is stored ("Trojan source").
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)

# Letters that draw nothing, though Unicode files them as letters or symbols: a title
# made only of them looks empty.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def clean_text(value: Any) -> Any:
    """NFC-normalise a submitted string and drop characters that no one meant to type."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _UNWANTED.sub("", value))


def has_visible_text(value: str) -> bool:
    """True if something would be seen: not only spaces, zero-width or combining marks."""
    for char in value:
        if char in _BLANK_LOOKING or char.isspace():
            continue
        if unicodedata.category(char)[0] not in "ZCM":
            return True
    return False

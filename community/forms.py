"""What every form shares: text cleaned the same way before any validator sees it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_wtf import FlaskForm

# NUL (refused by PostgreSQL), other C0/C1 controls but tab and newlines, lone
# surrogates (not encodable), and the bidirectional overrides and isolates that make
# text display in another order than it is stored ("Trojan source").
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)


def clean_text(value: Any) -> Any:
    """NFC-normalise a submitted string and drop characters that no one meant to type."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _UNWANTED.sub("", value))


class BaseForm(FlaskForm):
    """FlaskForm (with CSRF) whose string fields are all cleaned by clean_text."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            filters = unbound_field.kwargs.get("filters", ())
            return unbound_field.bind(form=form, filters=[clean_text, *filters], **options)

"""Every French message of the interface has its English translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "community" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _source_messages() -> set[str]:
    found: set[str] = set()
    methods = [
        ("community/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=methods, keywords={**DEFAULT_KEYWORDS, "_l": None}
    ):
        ids = message if isinstance(message, tuple) else (message,)
        found.add(ids[0])
    return found


def test_every_message_has_an_english_translation():
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    translated = {
        m.id[0] if isinstance(m.id, tuple) else m.id
        for m in catalogue
        if m.id
        and m.string
        and not m.fuzzy
        and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = sorted(_source_messages() - translated)
    assert not missing, (
        "untranslated (run `make translations` and fill community/translations/en): "
        + "; ".join(missing[:20])
    )

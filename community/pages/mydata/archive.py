"""A member's archive: every section as JSON and as readable pages, in one ZIP file.

The pages are plain HTML files that open in any browser without the site (no script, no
external file, the style inside each page), in the member's language; `donnees.json`
holds the same rows for a program to read, codes rather than words where there is a
choice. Built in a request for a small account, by the worker for a large one (jobs.py).
"""

from __future__ import annotations

import enum
import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.kernel.clock import site_zone, to_local, utcnow
from community.kernel.web import local_datetime
from community.pages.mydata.labels import Coded, field_label
from community.pages.mydata.sections import SECTIONS
from community.selfdata.charts import present

FORMAT = "communaute-patients/mes-donnees"
VERSION = 1
JSON_NAME = "donnees.json"


def _json_value(value: Any) -> Any:
    if isinstance(value, Coded):
        return value.code
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"  # stored in UTC, naive
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, LazyString):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no place in an archive")


def shown(value: Any) -> str:
    """A single value as a page shows it, in the archive's language."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return format_date(value, "long")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def kind_of(value: Any) -> str:
    """How a page lays a value out: "rows" (a list of dicts), "fields" (a dict), "items"
    (a list of single values), or "value"."""
    if isinstance(value, dict):
        return "fields"
    if isinstance(value, list):
        return "rows" if value and all(isinstance(item, dict) for item in value) else "items"
    return "value"


def _render(template: str, **context: Any) -> bytes:
    """One page of the archive, with what every page uses to lay values out."""
    return render_template(
        template,
        sections=SECTIONS,
        shown=shown,
        kind_of=kind_of,
        label=field_label,
        present=present,
        **context,
    ).encode()


def folder_name(now: datetime) -> str:
    """The archive's name, and its folder's: "mes-donnees-2026-12-09" (in its language)."""
    stem = _("mes-donnees")
    return f"{stem}-{to_local(now, site_zone()).date().isoformat()}"


def build(session: Session, *, member: Member, locale: str) -> bytes:
    """The member's archive, every section in `locale`; nothing is written in the database."""
    now = utcnow().replace(microsecond=0)
    with force_locale(locale):
        gathered = [(section, section.rows(session, member)) for section in SECTIONS]
        folder = folder_name(now)
        document = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": now,
            "site": current_app.config.get("SITE_NAME", ""),
            "language": locale,
            "sections": {section.name: rows for section, rows in gathered},
        }
        files: dict[str, bytes] = {
            "index.html": _render(
                "mydata/archive/index.html",
                gathered=gathered,
                exported_at=now,
                json_name=JSON_NAME,
            ),
            JSON_NAME: json.dumps(
                document, default=_json_value, ensure_ascii=False, indent=2
            ).encode(),
        }
        for section, rows in gathered:
            files[f"{section.name}.html"] = _render(section.template, section=section, rows=rows)
            if section.files is not None:
                files.update(section.files(session, member))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{folder}/{name}", content)
    return out.getvalue()

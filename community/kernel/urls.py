"""Addresses every domain links to: a thread (with its readable slug) and a profile."""

from __future__ import annotations

import re
from typing import Any, Protocol

from flask import Flask, url_for

from community.textscan.folding import strip_accents


class _Titled(Protocol):
    id: int
    title: str


def slugify(text: str) -> str:
    ascii_text = strip_accents(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "discussion"


def thread_url(thread: _Titled, **params: Any) -> str:
    return url_for("threads.thread", thread_id=thread.id, slug=slugify(thread.title), **params)


def profile_url(pseudonym: str) -> str:
    return url_for("accounts.profile", pseudonym=pseudonym)


def init_app(app: Flask) -> None:
    app.add_template_global(thread_url)
    app.add_template_global(profile_url)

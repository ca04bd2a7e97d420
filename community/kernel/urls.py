"""Addresses every domain links to: a thread (with its readable slug), a profile, and the
absolute links that leave the site (e-mails, exported files)."""

from __future__ import annotations

import re
from typing import Any, Protocol

from flask import Flask, current_app, url_for

from community.textscan.folding import strip_accents


class _Titled(Protocol):
    id: int
    title: str


def slugify(text: str) -> str:
    ascii_text = strip_accents(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "discussion"


def thread_url(thread: _Titled, **params: Any) -> str:
    return url_for("threads.thread", thread_id=thread.id, slug=slugify(thread.title), **params)


def post_url(thread: _Titled, post_id: int, *, before: int = 0) -> str:
    """A post at its anchor, on the page of its thread it is on: `before` published posts
    of the thread come first."""
    page = before // int(current_app.config["POSTS_PER_PAGE"]) + 1
    return thread_url(thread, page=page if page > 1 else None, _anchor=f"message-{post_id}")


def profile_url(pseudonym: str) -> str:
    return url_for("accounts.profile", pseudonym=pseudonym)


def site_root(app: Flask) -> str:
    """The site's public address, for links written outside any request (the worker's
    e-mails): SITE_URL, else SERVER_NAME's, else the local demo's."""
    configured = app.config.get("SITE_URL")
    if configured:
        return str(configured).rstrip("/")
    host = app.config.get("SERVER_NAME") or "localhost:5000"
    return f"{app.config['PREFERRED_URL_SCHEME']}://{host}"


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link that leaves the site (an e-mail, an exported file).

    From SITE_URL when it is set, so that a forged Host header can never put another
    site's address in a password-reset e-mail; otherwise Flask's own, from SERVER_NAME or
    from a host that TRUSTED_HOSTS vetted (past SQLite one of the three is required).
    """
    configured = current_app.config.get("SITE_URL")
    if configured:
        return str(configured).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def init_app(app: Flask) -> None:
    app.add_template_global(thread_url)
    app.add_template_global(post_url)
    app.add_template_global(profile_url)

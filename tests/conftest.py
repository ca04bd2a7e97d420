"""Fixtures: an app on a real database per test, its client and CLI runner, and log-in help.

SQLite by default (a new file per test). With COMMUNITY_TEST_DATABASE_URL set to a
PostgreSQL URL, the same tests run against that server: the schema is created once and
every table is emptied after each test.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import event, text

from community import create_app
from community.extensions import db

PG_URL = os.environ.get("COMMUNITY_TEST_DATABASE_URL")
TRANSLATIONS = Path(__file__).resolve().parent.parent / "community" / "translations"
_pg_schema_ready = False


def make_config(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": PG_URL or f"sqlite:///{tmp_path / 'test.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "locmem",
        "SERVER_NAME": "localhost",
        # Fast hashes: the tests are about behaviour, not about argon2's cost.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
        # The vault's key, fixed (tests of the key file set SELFDATA_KEY_FILE instead).
        "SELFDATA_KEYS": "k3yFdvbDH7rFNmQ2BRyKsdUjd9Hh0FzBMGlPRHk2yLU=",
        # Search finds nothing unless a test is about search (SEARCH_BACKEND="whoosh").
        "SEARCH_BACKEND": "null",
    }
    config.update(overrides)
    return config


def _empty_all_tables() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@contextmanager
def app_for(config: dict[str, Any]) -> Iterator[Flask]:
    global _pg_schema_ready
    app = create_app(config)
    with app.app_context():
        if PG_URL:
            if not _pg_schema_ready:
                db.drop_all()
                db.create_all()
                _pg_schema_ready = True
        else:
            db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            if PG_URL:
                _empty_all_tables()
            db.engine.dispose()


@pytest.fixture
def app(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The application. Mark a test `@pytest.mark.config(KEY=value)` to change its settings."""
    overrides: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("config"))):
        overrides.update(marker.kwargs)
    with app_for(make_config(tmp_path, **overrides)) as application, application.app_context():
        yield application


class FreshContextClient(FlaskClient):
    """A client whose every request runs in a new app context, as in production.

    The test itself holds an app context (for the `session` fixture); without this, Flask
    would reuse it for requests, so `g` (Flask-Login's cached user) and the database
    session would leak from one request to the next.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Any:
    """The database session a service is given, as in a request."""
    return db.session


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Any:
    """`with count_queries() as counter:` counts the SQL statements sent meanwhile."""

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)

    return counting


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "config(**settings): app settings for this test")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile each catalogue as `make translations` does, so that `pytest` alone works.

    The .mo files are not committed; without them Flask-Babel silently falls back to
    French and every English test would fail for a reason that has nothing to do with it.
    """
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po:
            catalogue = read_po(po, locale=po_path.parent.parent.name)
        # Written aside then renamed: another process never reads half a catalogue.
        fd, partial = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.part")
        with os.fdopen(fd, "wb") as mo:
            write_mo(mo, catalogue)
        os.chmod(partial, 0o644)  # as pybabel leaves it, not mkstemp's owner-only
        os.replace(partial, mo_path)

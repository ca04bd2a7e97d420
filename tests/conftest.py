"""Fixtures: the app on a real database, its client and CLI runner, and log-in help.

How tests are kept apart (the pattern of Warehouse's test suite):

- One database per test session, built by the Alembic migrations: a SQLite file in a
  temporary folder, or, with COMMUNITY_TEST_DATABASE_URL set to a PostgreSQL URL, that
  database, its public schema dropped and migrated again at the start. Under
  pytest-xdist (`make test` runs two processes) each process has its own: another
  temporary folder, or on PostgreSQL a database named after the worker
  (community_test_gw0 …), made if missing, so the role needs CREATEDB.
- Each test runs inside one transaction, rolled back at its end. The `app` fixture opens a
  connection, begins a transaction and binds `db.session` to that connection with
  `join_transaction_mode="create_savepoint"`: every session (the test's, and each
  request's, in its own app context) works in a SAVEPOINT of that transaction, so the
  code's own `commit()` and `rollback()` release or roll back a savepoint, and nothing
  is ever committed. On SQLite the tests' engine emits BEGIN itself (SQLAlchemy's recipe
  for pysqlite), so that savepoints nest inside the test's transaction.
- Sessions share that one connection, so a request's savepoint may open inside the test
  session's; a rollback of the test's session (for a fresh look) would then undo what the
  request committed. A harness savepoint whose session wrote nothing is therefore
  released rather than rolled back: as on a real database, a rollback only undoes what
  its own session wrote.
- A module whose tests read the same costly rows writes them once, in `app_for(config)`
  held by a module fixture (one transaction for the module); `rolled_back(app)` then
  wraps each test in a savepoint of it, rolled back after the test.
- Apps are built once per distinct configuration (`@pytest.mark.config(KEY=value)`) and
  reset before each test: settings restored, extensions a test added removed, the search
  backend and the vault's keys made again (a test's own index folder or key file is not
  part of the configuration that picks the app), the mail outbox emptied, the rate
  limiter's counters cleared and its switch set as this app's configuration says.
- `count_queries` ignores the statements of that machinery (BEGIN, and the savepoint each
  session opens as it joins the test's transaction); a `begin_nested()` of the code is
  still counted, as before.
- Tests that need real commits mark themselves `@pytest.mark.real_database`: a worker or
  server running in another thread, two sessions on `db.engine` at once (SKIP LOCKED,
  claims), anything that opens its own connection. They get a migrated database of their
  own (SQLite: a copy of the migrated file; PostgreSQL: the test database, emptied after
  the test). Module fixtures get the same from `real_database_app(config)`, and tests of
  the migrations an `empty_database()`, with no tables at all (PostgreSQL: a database
  made beside the test database, so the role needs CREATEDB). A test left unmarked that
  opens a connection of its own fails at once, saying so.
"""

from __future__ import annotations

import copy
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.globals import app_ctx
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import SessionTransaction, scoped_session, sessionmaker
from sqlalchemy.pool import Pool

from community import create_app
from community.config import Defaults
from community.extensions import db, limiter
from community.search import backend as search_backend
from community.selfdata import crypto

PG_URL = os.environ.get("COMMUNITY_TEST_DATABASE_URL")
# With a Redis server named (CI starts Debian's), rate limits are counted there, as on
# several hosts; otherwise in memory.
REDIS_URL = os.environ.get("COMMUNITY_TEST_REDIS_URL")
TRANSLATIONS = Path(__file__).resolve().parent.parent / "community" / "translations"
# Settings that name a test's own folder or file: not part of an app's identity in the
# cache, set again on the cached app for each test (only init_app reads them).
PER_TEST_SETTINGS = ("SEARCH_INDEX_DIR", "SELFDATA_KEY_FILE")


BASE_SETTINGS: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
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


def make_config(**overrides: Any) -> dict[str, Any]:
    """The tests' settings, on the session's migrated database unless `overrides` say otherwise."""
    limits = {"RATELIMIT_STORAGE_URI": redis_database()} if REDIS_URL else {}
    return {
        **BASE_SETTINGS,
        **limits,
        "SQLALCHEMY_DATABASE_URI": _databases().migrated,
        **overrides,
    }


def redis_database() -> str:
    """This pytest-xdist worker's Redis database (gw0 → 1, gw1 → 2 …; 1 without xdist):
    clearing the limiter's counters before a test never clears another process's."""
    assert REDIS_URL
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"{REDIS_URL.rstrip('/')}/{int(worker.removeprefix('gw')) + 1}"


# --- the session's databases --------------------------------------------------------------


class Databases:
    """The migrated database of this test session, and how to get others like it."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="community-tests-"))
        self._numbers = itertools.count(1)
        if PG_URL:
            self.server = _worker_database(PG_URL)
            self.migrated = self.real = self.server
            self._migrate(self.server, fresh_schema=True)
        else:
            # Migrated once, then never opened again: every other file is a copy of it.
            self._template = self.folder / "template.sqlite"
            self._migrate(f"sqlite:///{self._template}", fresh_schema=False)
            shutil.copyfile(self._template, self.folder / "transactions.sqlite")
            self._real_file = self.folder / "real.sqlite"
            self.migrated = f"sqlite:///{self.folder / 'transactions.sqlite'}"
            self.real = f"sqlite:///{self._real_file}"

    def _migrate(self, url: str, *, fresh_schema: bool) -> None:
        app = create_app(_bare_config(url))
        with app.app_context():
            if fresh_schema:
                with db.engine.begin() as connection:
                    connection.execute(text("DROP SCHEMA public CASCADE"))
                    connection.execute(text("CREATE SCHEMA public"))
            upgrade()
            db.session.remove()
            db.engine.dispose()

    def reset_real(self) -> None:
        """Make `real` a migrated database with nothing in it, before a test commits into it."""
        if PG_URL:
            return  # emptied after each test instead (empty_real)
        for suffix in ("-wal", "-shm"):
            self._real_file.with_name(self._real_file.name + suffix).unlink(missing_ok=True)
        shutil.copyfile(self._template, self._real_file)

    def empty_real(self, engine: Engine) -> None:
        """After a test on `real`: its connections closed and, on PostgreSQL, its rows gone."""
        if PG_URL:
            with engine.begin() as connection:
                # The models' tables and the search engine's, which have no model.
                names = set(inspect(connection).get_table_names()) - {"alembic_version"}
                tables = ", ".join(f'"{name}"' for name in sorted(names))
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()

    @contextmanager
    def empty(self) -> Iterator[str]:
        """The URL of a database without a single table, dropped afterwards (PostgreSQL:
        a database of its own beside the test database, so the role needs CREATEDB)."""
        number = next(self._numbers)
        if not PG_URL:
            yield f"sqlite:///{self.folder / f'empty-{number}.sqlite'}"
            return
        server = make_url(self.server)
        name = f"{server.database}_empty_{number}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with _refusing_outside_connections(False), admin.connect() as connection:
            # A run that was killed may have left one behind.
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with _refusing_outside_connections(False), admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _worker_database(url: str) -> str:
    """The database of this pytest-xdist worker (community_test_gw0 …), made if missing.

    Each worker needs a database of its own: it drops and migrates its schema at the start,
    empties its tables after a test that commits, and takes advisory locks, which hold
    across schemas but not across databases.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    server = make_url(url)
    name = f"{server.database}_{worker}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                try:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
                except ProgrammingError as refused:
                    raise RuntimeError(
                        f"cannot make {name} for this pytest-xdist worker: grant the role "
                        "CREATEDB (.ci/run does), or run pytest without -n"
                    ) from refused
    finally:
        engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


_the_databases: Databases | None = None


def _databases() -> Databases:
    """The session's databases, migrated on first use (a run of pure unit tests needs none)."""
    global _the_databases
    if _the_databases is None:
        with _refusing_outside_connections(False):
            _the_databases = Databases()
    return _the_databases


def _bare_config(url: str) -> dict[str, Any]:
    return {**BASE_SETTINGS, "SQLALCHEMY_DATABASE_URI": url}


def empty_database() -> AbstractContextManager[str]:
    """`with empty_database() as url:` a database with no tables, dropped afterwards."""
    return _databases().empty()


# --- db.session joins the test's transaction ---------------------------------------------


class JoiningSession(FlaskSession):
    """Flask-SQLAlchemy's session, working on the connection it is given when it is given one.

    Flask-SQLAlchemy's own get_bind always answers with the app's engine.
    """

    def get_bind(self, mapper: Any = None, clause: Any = None, bind: Any = None, **kw: Any) -> Any:
        if bind is None and self.bind is not None:
            return self.bind
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kw)


def _app_context_id() -> int:
    return id(app_ctx._get_current_object())  # type: ignore[attr-defined]


# The same scoping as Flask-SQLAlchemy's (one session per app context), another class.
db.session = scoped_session(
    sessionmaker(class_=JoiningSession, db=db, query_cls=db.Query), scopefunc=_app_context_id
)
_factory: sessionmaker[Any] = db.session.session_factory  # type: ignore[assignment]

# What the test's connection knows of its savepoints (in Connection.info): those the
# harness opened as sessions joined, those open now (innermost last), those written in.
HARNESS_SAVEPOINTS = "tests: savepoints of the harness"
_OPEN = "tests: open savepoints"
_WRITTEN = "tests: savepoints written in"
_SAVEPOINT_STATEMENT = re.compile(r"(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) (\S+)")


def _follow_savepoints(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
    opened: list[str] = conn.info.setdefault(_OPEN, [])
    found = _SAVEPOINT_STATEMENT.fullmatch(statement)
    if found:
        verb, name = found.groups()
        if verb == "SAVEPOINT":
            opened.append(name)
        elif name in opened:
            del opened[opened.index(name) :]
    elif opened and statement.lstrip()[:6].upper() != "SELECT":
        conn.info.setdefault(_WRITTEN, set()).add(opened[-1])


def _written_on_error(context: Any) -> None:
    # A failed statement leaves PostgreSQL's transaction aborted: only a rollback mends it.
    if context.connection is not None and (opened := context.connection.info.get(_OPEN)):
        context.connection.info.setdefault(_WRITTEN, set()).add(opened[-1])


@event.listens_for(JoiningSession, "after_begin")
def _note_joining_savepoint(
    session: JoiningSession, transaction: SessionTransaction, connection: Connection
) -> None:
    """The SAVEPOINT a session just opened to join the test's transaction is the harness's."""
    if transaction.nested or session.bind is None:
        return  # the code's own begin_nested(), or a test on a real database
    if opened := connection.info.get(_OPEN):
        connection.info.setdefault(HARNESS_SAVEPOINTS, set()).add(opened[-1])


def _keep_what_others_committed(conn: Connection, name: str, _context: Any) -> None:
    """A session's rollback undoes its own writes, not what other sessions committed since.

    Other sessions (a request, the worker's jobs) join the test's transaction while the
    test's session may hold its savepoint open, so their savepoints nest inside it; rolling
    it back would undo their commits, which on a real database it never could. A harness
    savepoint its session never wrote in is released instead (what other sessions
    committed inside it stays), and opened again empty for SQLAlchemy's ROLLBACK TO.
    """
    if name in conn.info.get(HARNESS_SAVEPOINTS, ()) and name not in conn.info.get(_WRITTEN, ()):
        conn.exec_driver_sql(f"RELEASE SAVEPOINT {name}")
        conn.exec_driver_sql(f"SAVEPOINT {name}")


def _sqlite_leaves_begin_to_sqlalchemy(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite would otherwise BEGIN on its own (only before DML) and let SAVEPOINT run
    # outside the transaction: SQLAlchemy's documented recipe, in the tests' engine only.
    dbapi_connection.isolation_level = None


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


# A connection opened while a test runs in a transaction would not see the test's rows,
# and would commit for real (or wait on SQLite's lock): such a test must say so.
_outside_connections_refused: list[bool] = [False]


@event.listens_for(Pool, "checkout")
def _refuse_outside_connections(*_args: Any) -> None:
    if _outside_connections_refused[-1]:
        raise RuntimeError(
            "this test opened a connection of its own (db.engine, another thread) while "
            "running in a transaction: mark it @pytest.mark.real_database"
        )


@contextmanager
def _refusing_outside_connections(refuse: bool) -> Iterator[None]:
    _outside_connections_refused.append(refuse)
    try:
        yield
    finally:
        _outside_connections_refused.pop()


@contextmanager
def _session_bound_to(connection: Connection | None) -> Iterator[None]:
    before = dict(_factory.kw)
    if connection is None:
        _factory.configure(bind=None, join_transaction_mode="conditional_savepoint")
    else:
        _factory.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield
    finally:
        _factory.kw.clear()
        _factory.kw.update(before)


# --- apps, one per configuration ------------------------------------------------------------


class CachedApp:
    """An app built once, and what to put back before each test uses it."""

    def __init__(self, config: dict[str, Any], *, transactions: bool) -> None:
        self.app = create_app(config)
        self.config = config
        with self.app.app_context():
            self.engine = db.engine
        if transactions:
            event.listen(self.engine, "before_cursor_execute", _follow_savepoints)
            event.listen(self.engine, "handle_error", _written_on_error)
            event.listen(self.engine, "rollback_savepoint", _keep_what_others_committed)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_leaves_begin_to_sqlalchemy)
                event.listen(self.engine, "begin", _sqlite_begin)
                self.engine.dispose()  # connections made from now on follow the recipe
        self.settings = copy.deepcopy(dict(self.app.config))
        self.extensions = dict(self.app.extensions)

    def reset(self, config: dict[str, Any] | None = None) -> Flask:
        """Put the app back as it was built, with this test's folders (PER_TEST_SETTINGS)."""
        self.config = config if config is not None else self.config
        app = self.app
        app.config.clear()
        app.config.update(copy.deepcopy(self.settings))
        for key in PER_TEST_SETTINGS:
            app.config[key] = self.config.get(key, getattr(Defaults, key))
        app.extensions.clear()
        app.extensions.update(self.extensions)
        search_backend.init_app(app)
        crypto.init_app(app)
        mailman = app.extensions["mailman"]
        if hasattr(mailman, "outbox"):
            del mailman.outbox
        # One Limiter serves every app, and its switch is the one of the app init_app saw
        # last: set it as this app's settings say, as init_app does first.
        limiter.enabled = app.config["RATELIMIT_ENABLED"]
        if limiter.enabled:
            limiter.reset()
        return app


_apps: dict[str, CachedApp] = {}


def cached_app(config: dict[str, Any]) -> Flask:
    """The app for this configuration, built on first use, reset for the test."""
    key = repr(sorted((k, v) for k, v in config.items() if k not in PER_TEST_SETTINGS))
    if key not in _apps:
        transactions = config["SQLALCHEMY_DATABASE_URI"] == _databases().migrated
        _apps[key] = CachedApp(config, transactions=transactions)
    return _apps[key].reset(config)


def _cached(app: Flask) -> CachedApp:
    for cached in _apps.values():
        if cached.app is app:
            return cached
    raise LookupError(f"{app} was not built by cached_app")


@contextmanager
def app_for(config: dict[str, Any]) -> Iterator[Flask]:
    """The app for `config`, its `db.session` in a transaction rolled back on leaving.

    No app context is pushed: callers push one for as long as they use `db.session`.
    """
    app = cached_app(config)
    connection = _cached(app).engine.connect()
    connection.info.update({HARNESS_SAVEPOINTS: set(), _OPEN: [], _WRITTEN: set()})
    outer = connection.begin()
    try:
        with _session_bound_to(connection), _refusing_outside_connections(True):
            yield app
    finally:
        outer.rollback()
        # The DBAPI connection goes back to the pool, and may serve a real commit next.
        for key in (HARNESS_SAVEPOINTS, _OPEN, _WRITTEN):
            connection.info.pop(key, None)
        connection.close()


@contextmanager
def rolled_back(app: Flask) -> Iterator[Flask]:
    """Within `app_for(…)`: the app reset, and what is written meanwhile undone on leaving.

    For a module that writes its rows once and lets each test change them: a SAVEPOINT
    around the test, inside the module's transaction.
    """
    connection: Connection = _factory.kw["bind"]
    _cached(app).reset()
    step = connection.begin_nested()
    try:
        yield app
    finally:
        if step.is_active:
            step.rollback()


@contextmanager
def real_database_app(config: dict[str, Any]) -> Iterator[Flask]:
    """The app for `config` on a migrated database of its own, where commits are real."""
    databases = _databases()
    databases.reset_real()
    config = {**config, "SQLALCHEMY_DATABASE_URI": databases.real}
    app = cached_app(config)
    with _session_bound_to(None), _refusing_outside_connections(False):
        try:
            yield app
        finally:
            with app.app_context():
                db.session.remove()
            databases.empty_real(_cached(app).engine)


# --- fixtures ---------------------------------------------------------------------------------


def configured(request: pytest.FixtureRequest) -> dict[str, Any]:
    """make_config with the test's `@pytest.mark.config` settings."""
    overrides: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("config"))):
        overrides.update(marker.kwargs)
    return make_config(**overrides)


@contextmanager
def app_in_context(request: pytest.FixtureRequest, config: dict[str, Any]) -> Iterator[Flask]:
    """The app for `config` in an app context, for this test: in a transaction rolled back
    at its end, or on a database of its own if it is marked `real_database`."""
    if request.node.get_closest_marker("real_database"):
        database = real_database_app(config)
    else:
        database = app_for(config)
    with database as application, application.app_context():
        yield application


@pytest.fixture
def app(request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The application. Mark a test `@pytest.mark.config(KEY=value)` to change its settings,
    `@pytest.mark.real_database` to give it a database where commits are real."""
    with app_in_context(request, configured(request)) as application:
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
    """The statements sent, less the test harness's BEGIN and joining savepoints."""

    def __init__(self) -> None:
        self._sent: list[tuple[str, Connection]] = []

    def __call__(self, conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        self._sent.append((statement, conn))

    @property
    def statements(self) -> list[str]:
        kept = []
        for statement, conn in self._sent:
            if statement == "BEGIN":
                continue
            found = _SAVEPOINT_STATEMENT.fullmatch(statement)
            if found and found.group(2) in conn.info.get(HARNESS_SAVEPOINTS, ()):
                continue
            kept.append(statement)
        return kept

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
    config.addinivalue_line(
        "markers",
        "real_database: real commits on a migrated database of the test's own (threads, "
        "several connections), instead of a transaction rolled back",
    )


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


def pytest_sessionfinish(session: pytest.Session) -> None:
    for cached in _apps.values():
        cached.engine.dispose()
    if _the_databases is not None:
        _the_databases.remove()

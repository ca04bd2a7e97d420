"""The search benchmark's PostgreSQL side: the same corpus indexed by PostgresBackend.

The database named by --postgresql (or COMMUNITY_BENCH_POSTGRESQL_URL) is migrated, as
an operator's would be, and its index filled by the backend's own `rebuild`, in one
transaction, then vacuumed and analysed (the planner's statistics and the visibility
map, which autovacuum would see to a little later). The index is reused by later runs
when it holds the same posts. Queries go through the backend as the search page calls
it: `search`, then `snippets` of the page's hits, each query in an app context of its
own whose session is then removed (a request's connection, back to the pool). Called
by bench/search.py, which prints.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from search_corpus import WORK
from sqlalchemy import make_url, text

from community.search.backend import IndexedPost, QueryError, SearchQuery, Sort

ENV = "COMMUNITY_BENCH_POSTGRESQL_URL"
TABLES = ("search_document", "search_word")


def app_for(url: str) -> Any:
    from community import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "SELFDATA_KEYS": "k3yFdvbDH7rFNmQ2BRyKsdUjd9Hh0FzBMGlPRHk2yLU=",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "SEARCH_BACKEND": "postgresql",
            "SITE_URL": "http://127.0.0.1",
        }
    )


def migrate(url: str) -> None:
    from flask_migrate import upgrade

    from community.extensions import db

    app = app_for(url)
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()


def _signature(corpus: list[IndexedPost]) -> str:
    last = corpus[-1]
    return f"{len(corpus)} posts, last {last.post_id} at {last.published_at.isoformat()}"


def index_bytes(session: Any) -> dict[str, int]:
    """pg_total_relation_size of each of the engine's tables (its indexes and TOAST in)."""
    return {
        table: int(
            session.execute(
                text("SELECT pg_total_relation_size(CAST(:t AS regclass))"), {"t": table}
            ).scalar_one()
        )
        for table in TABLES
    }


def build(url: str, corpus: list[IndexedPost], *, rebuild: bool) -> dict[str, Any]:
    """A full rebuild through PostgresBackend.rebuild, committed, then VACUUM (ANALYZE)
    (timed apart);
    reused when the database already holds this corpus and --rebuild is not given."""
    from community.extensions import db
    from community.search.backend import backend

    migrate(url)
    database = make_url(url).database
    record = WORK / f"postgresql-{database}-{len(corpus)}.json"
    app = app_for(url)
    with app.app_context():
        session = db.session()
        count = session.execute(text("SELECT count(*) FROM search_document")).scalar_one()
        if record.exists() and not rebuild and count == len(corpus):
            built: dict[str, Any] = json.loads(record.read_text())
            if built.get("signature") == _signature(corpus):
                built["reused"] = True
                built["bytes"] = index_bytes(session)
                db.session.remove()
                db.engine.dispose()  # a connection left open would block the copy
                return built
        step = max(1, len(corpus) // 10)
        done = 0

        def progress(more: int) -> None:
            nonlocal done
            if (done + more) // step > done // step:
                print(f"  indexed {done + more:,} posts, {time.perf_counter() - started:.0f} s")
            done += more

        started = time.perf_counter()
        count = backend().rebuild(iter(corpus), progress=progress)
        session.commit()
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
            )
        analyse = time.perf_counter() - started
        built = {
            "posts": count,
            "seconds": seconds,
            "analyse": analyse,
            "signature": _signature(corpus),
            "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "server": session.execute(text("SHOW server_version")).scalar_one(),
        }
        WORK.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(built))
        built["bytes"] = index_bytes(session)
        built["reused"] = False
        db.session.remove()
        db.engine.dispose()
    return built


Runner = Callable[[str, frozenset[int], Sort], tuple[int, int, bool]]


@contextmanager
def runner(url: str, corpus: list[IndexedPost], **options: Any) -> Iterator[tuple[Runner, float]]:
    """A run(text, scope, sort) as the search page calls the engine, and the first query's
    milliseconds (a new web process: its pool opens its first connection)."""
    from community.extensions import db
    from community.search.backend import backend
    from community.search.postgresql_backend import PostgresBackend

    bodies = {post.post_id: post.body for post in corpus}
    app = app_for(url)
    engine = PostgresBackend(**options)
    app.extensions["search"] = engine

    def run(typed: str, scope: frozenset[int], sort: Sort) -> tuple[int, int, bool]:
        with app.app_context():
            try:
                try:
                    page = backend().search(SearchQuery(text=typed, space_ids=scope, sort=sort))
                except QueryError:
                    return -1, 0, False
                backend().snippets(typed, [bodies[post_id] for post_id in page.post_ids])
                return page.total, len(page.post_ids), page.loosened
            finally:
                db.session.remove()

    started = time.perf_counter()
    run("traitement", frozenset({1}), Sort.RELEVANCE)
    cold = (time.perf_counter() - started) * 1000
    try:
        yield run, cold
    finally:
        with app.app_context():
            db.engine.dispose()


@contextmanager
def page_ids(url: str, **options: Any) -> Iterator[Callable[[SearchQuery], list[int]]]:
    """The post ids of a query's page, from a PostgresBackend made with `options`."""
    from community.extensions import db
    from community.search.postgresql_backend import PostgresBackend

    app = app_for(url)
    engine = PostgresBackend(**options)

    def ids(query: SearchQuery) -> list[int]:
        with app.app_context():
            try:
                return list(engine.search(query).post_ids)
            finally:
                db.session.remove()

    try:
        yield ids
    finally:
        with app.app_context():
            db.engine.dispose()


@contextmanager
def approval_copy(url: str) -> Iterator[str]:
    """A database made from the bench database as its template (its index copied, as the
    whoosh side copies its folder), dropped afterwards."""
    from sqlalchemy import create_engine

    server = make_url(url)
    name = f"{server.database}_approval"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        started = time.perf_counter()
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{server.database}"'))
        print(f"\n(database copied for the approvals in {time.perf_counter() - started:.1f} s)")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

"""Pages that read: on PostgreSQL a GET reads outside a transaction until it writes.

psycopg opens a transaction with a BEGIN of its own before a request's first statement,
and the session ends it with a ROLLBACK: two round trips to the server on every page (of
the five an anonymous thread page made, for instance). A GET only reads (the rule of the house),
and under READ COMMITTED, PostgreSQL's default, every statement takes a fresh snapshot,
inside a transaction or not; so a GET's session reads on an autocommit connection, and
the first statement that writes (the data cards' views, committed after the page) opens
a transaction first. From there on nothing changes: the page's writes are committed, or
rolled back, together, by the session, as before. This is what Python's sqlite3 module
does on SQLite, which begins a transaction only before the first write.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from community.extensions import db

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READING = "community_reading"  # the execution option that marks a reading connection
# A SELECT that locks rows, calls a function that writes or sets a setting for the
# transaction (set_config(…, true): PostgreSQL search plans its statements with their
# values) opens the transaction: its locks and settings last until the commit as they did.
_LOCKING = re.compile(
    r"\bFOR\s+(NO\s+KEY\s+UPDATE|UPDATE|KEY\s+SHARE|SHARE)\b|nextval|setval|"
    r"pg_advisory|pg_try_advisory|set_config",
    re.IGNORECASE,
)


def init_app(app: Flask) -> None:
    """Registered before any hook that may query (the limiter, Flask-Login's user)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return
    from psycopg.pq import TransactionStatus

    idle = TransactionStatus.IDLE

    @event.listens_for(engine, "before_cursor_execute")
    def begin_before_writing(conn: Connection, cursor: Any, statement: str, *_args: Any) -> None:
        if not conn.get_execution_options().get(READING) or reads(statement):
            return
        # psycopg in autocommit passes BEGIN through; from then on the connection is in a
        # transaction, and the session's COMMIT or ROLLBACK reaches the server as usual.
        if cursor.connection.info.transaction_status == idle:
            cursor.execute("BEGIN")

    @app.before_request
    def read_outside_a_transaction() -> None:
        if request.method not in READING_METHODS:
            return
        # A session bound to a connection someone else holds in a transaction (the
        # tests') is left to it: its isolation cannot change mid-transaction.
        if not isinstance(db.session.get_bind(), Engine):
            return
        try:
            db.session.connection(
                execution_options={"isolation_level": "AUTOCOMMIT", READING: True}
            )
        except SQLAlchemyError:
            # The server is unreachable: the page finds out itself and says so (/_health
            # answers 503), as it would have without this hook.
            db.session.rollback()


def reads(statement: str) -> bool:
    """Whether a statement only reads: a SELECT (or SHOW) that locks nothing."""
    first = statement.lstrip()[:7].upper()
    return first.startswith(("SELECT", "SHOW")) and not _LOCKING.search(statement)

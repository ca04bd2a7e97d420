"""A page that reads opens no transaction until it writes: on PostgreSQL no BEGIN and
ROLLBACK around every page (two round trips), and what a page does write (the views of
a data card) is still committed as a whole; a form sent by POST runs in a transaction
from its first statement. On SQLite, Python's sqlite3 module already works this way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select

from community.extensions import db
from community.kernel.reading import reads
from community.selfdata.models import CardView
from tests.forums.helpers import joined, log_in, member, space, thread
from tests.selfdata.card_helpers import K_FOR_TESTS, post_with_card

pytestmark = pytest.mark.config(SELFDATA_K_ANONYMITY=K_FOR_TESTS)


def in_transaction(dbapi_connection: Any) -> bool:
    if hasattr(dbapi_connection, "in_transaction"):  # sqlite3
        return bool(dbapi_connection.in_transaction)
    return dbapi_connection.info.transaction_status.name != "IDLE"  # psycopg


@contextmanager
def statements_seen() -> Iterator[list[tuple[str, bool]]]:
    """Each statement sent meanwhile, and whether a transaction was open once it ran."""
    seen: list[tuple[str, bool]] = []

    def note(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        seen.append((" ".join(statement.split())[:40], in_transaction(cursor.connection)))

    event.listen(db.engine, "after_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "after_cursor_execute", note)


@pytest.mark.real_database
def test_a_thread_page_reads_outside_a_transaction_and_commits_the_card_views_it_logs(
    app, client, session
):
    diabetes = space(session)
    camille = member(session, "Camille")
    lea = joined(session, member(session, "Lea"), diabetes)
    _card, post, thread = post_with_card(session, camille, diabetes)
    lea_id, url, post_id = lea.get_id(), f"/discussions/{thread.id}", post.id
    session.commit()

    log_in(client, lea_id)
    with statements_seen() as seen:
        page = client.get(url)
    assert page.status_code == 200
    assert "Voici mes chiffres." in page.text
    # Every read before the page's writes (the view, then how far Léa read) ran outside a
    # transaction; the first write opened one, which the page's end committed.
    first_write = next(n for n, (statement, _) in enumerate(seen) if statement.startswith("INSERT"))
    reads_before = [in_tx for _statement, in_tx in seen[:first_write]]
    assert len(reads_before) >= 3 and not any(reads_before)
    writes = [n for n, (statement, _) in enumerate(seen) if statement.startswith("INSERT")]
    assert [seen[n][0].split()[2] for n in writes] == ["card_view", "thread_read"]
    assert all(seen[n][1] for n in writes)

    session.rollback()
    views = session.scalars(select(CardView).where(CardView.post_id == post_id)).all()
    assert [view.viewer_id for view in views] == [int(lea_id.partition(":")[0])]


@pytest.mark.real_database
def test_a_form_sent_runs_in_a_transaction_from_its_first_statement(app, client, session):
    diabetes = space(session)
    lea = joined(session, member(session, "Lea"), diabetes)
    lea_id, url = lea.get_id(), f"/espaces/{diabetes.slug}/nouvelle-discussion"
    session.commit()

    log_in(client, lea_id)
    assert client.get(url).status_code == 200
    with statements_seen() as seen:
        client.post(url, data={"title": "x"})
    # psycopg's BEGIN went before the first statement (sqlite3 would wait for a write).
    if db.engine.dialect.name == "postgresql":
        assert seen and all(in_tx for _statement, in_tx in seen)


def test_what_counts_as_a_read():
    assert reads("SELECT post.id FROM post WHERE post.thread_id = %(id)s")
    assert reads("  select 1")
    assert not reads("SELECT post.id FROM post WHERE post.id = 1 FOR UPDATE SKIP LOCKED")
    assert not reads("SELECT pg_advisory_xact_lock(42)")
    # A setting for the rest of the transaction needs one (else it ends with the statement).
    assert not reads("SELECT set_config('plan_cache_mode', 'force_custom_plan', true), 1 AS fr")
    assert not reads("INSERT INTO card_view (post_id) VALUES (1)")
    assert not reads("WITH moved AS (DELETE FROM outbox RETURNING *) SELECT * FROM moved")


@pytest.mark.real_database
@pytest.mark.config(SEARCH_BACKEND="postgresql")
def test_a_search_on_postgresql_keeps_its_plan_setting_for_its_own_statements(app, client, session):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("whoosh searches on SQLite")
    thread(session, member(session, "Camille"), space(session), title="Insuline et pompe")
    session.commit()
    with statements_seen() as seen:
        page = client.get("/recherche?q=insuline+pompe")
    assert page.status_code == 200
    # set_config(…, true) lasts as long as its transaction: it opens one, and the search's
    # statements that follow run in it, planned with their words.
    setting = next(n for n, (statement, _) in enumerate(seen) if "set_config" in statement)
    assert len(seen) > setting + 1
    assert all(in_tx for _statement, in_tx in seen[setting:])

"""The migrations build the schema the models describe, from an empty database."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from community import create_app
from community.extensions import db
from community.search.postgresql_backend import TABLES as SEARCH_TABLES
from tests.conftest import empty_database, make_config


@pytest.fixture
def empty_app():
    """An app on a database with nothing in it (see empty_database)."""
    with empty_database() as url:
        app = create_app(make_config(SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


def test_migrating_from_empty_gives_the_models_schema(empty_app):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "render_as_batch": True,
                # PostgreSQL's search tables have no model (types of PostgreSQL's own).
                "include_object": lambda _o, name, kind, _r, _c: (
                    not (kind == "table" and name in SEARCH_TABLES)
                ),
            },
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "run `flask --app community db migrate`: the models changed"


def test_every_migration_can_be_undone(empty_app):
    upgrade()
    downgrade(revision="base")
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()


def test_the_queue_items_learn_what_waits_and_what_was_found_in_it(empty_app):
    """Items written before their copy of the request and their kinds of finding: the
    migration fills both from the posts and the stored findings."""
    upgrade(revision="e7c3a9d2b1f4")
    at = datetime(2026, 11, 30, 12, 0)
    phone = {"kind": "personal_data", "code": "phone", "severity": "flag", "spans": [[0, 2]]}
    sales = {"kind": "spam", "code": "sales", "severity": "flag", "spans": []}
    rows = {
        # post id: (post status, review requested, findings)
        1: ("pending", at, [phone, sales]),
        2: ("published", at + timedelta(hours=1), []),  # reported
        3: ("published", None, [phone]),  # decided long ago
        4: ("rejected", None, None),
    }
    with db.engine.begin() as connection:
        run = connection.execute
        run(
            text(
                "INSERT INTO association (id, slug, name, description, created_at)"
                " VALUES (1, 'a', 'A', '', :at)"
            ),
            {"at": at},
        )
        run(
            text(
                "INSERT INTO space (id, slug, name, description, rules, association_id,"
                " visibility, created_at, thread_count, post_count)"
                " VALUES (1, 's', 'S', '', '', 1, 'public', :at, 1, 1)"
            ),
            {"at": at},
        )
        run(
            text(
                "INSERT INTO member (id, pseudonym, pseudonym_key, email, email_key,"
                " password_hash, locale, status, is_site_admin, charter_accepted_at,"
                " privacy_accepted_at, created_at, password_changed_at)"
                " VALUES (1, 'M', 'm', 'm@example.org', 'm@example.org', 'x', 'fr', 'active',"
                " false, :at, :at, :at, :at)"
            ),
            {"at": at},
        )
        run(
            text(
                "INSERT INTO thread (id, space_id, author_id, title, status, created_at,"
                " last_activity_at, post_count) VALUES (1, 1, 1, 'T', 'published', :at, :at, 1)"
            ),
            {"at": at},
        )
        for post_id, (status, requested, findings) in rows.items():
            run(
                text(
                    "INSERT INTO post (id, thread_id, author_id, body_source, body_html, status,"
                    " created_at, status_changed_at, review_requested_at)"
                    " VALUES (:id, 1, 1, '', '', :status, :at, :at, :requested)"
                ),
                {"id": post_id, "status": status, "at": at, "requested": requested},
            )
            run(
                text(
                    "INSERT INTO moderation_item (id, post_id, space_id, requested_at, attempts,"
                    " risk, urgent, findings) VALUES (:id, :id, 1, :at, 1, 0.5, false, :findings)"
                ),
                {
                    "id": post_id,
                    "at": at,
                    "findings": None if findings is None else json.dumps(findings),
                },
            )

    upgrade()

    with db.engine.connect() as connection:
        found = {
            row.post_id: row
            for row in connection.execute(
                text(
                    "SELECT post_id, waiting_since, has_personal_data, has_spam,"
                    " has_dangerous_advice, has_watched_word FROM moderation_item"
                )
            )
        }
    waiting = {post_id: _as_datetime(row.waiting_since) for post_id, row in found.items()}
    assert waiting == {1: at, 2: at + timedelta(hours=1), 3: None, 4: None}
    kinds = {
        post_id: {
            kind
            for kind in ("personal_data", "spam", "dangerous_advice", "watched_word")
            if getattr(row, f"has_{kind}")
        }
        for post_id, row in found.items()
    }
    assert kinds == {1: {"personal_data", "spam"}, 2: set(), 3: {"personal_data"}, 4: set()}


def _as_datetime(value: Any) -> datetime | None:
    """SQLite answers a text column read without its model with the text."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value

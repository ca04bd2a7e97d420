"""The migrations build the schema the models describe, from an empty database."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from community import create_app
from community.extensions import db
from community.search.postgresql_backend import TABLES as SEARCH_TABLES
from tests.conftest import PG_URL, make_config


def _drop_everything() -> None:
    db.drop_all()
    for statement in (
        "DROP TABLE IF EXISTS alembic_version, search_document, search_word",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS community_fr",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS community_en",
    ):
        db.session.execute(text(statement))
    db.session.commit()


@pytest.fixture
def empty_app(tmp_path: Path):
    """An app on a database with nothing in it (the shared PostgreSQL one is emptied)."""
    app = create_app(make_config(tmp_path))
    with app.app_context():
        if PG_URL:
            _drop_everything()
        yield app
        db.session.remove()
        if PG_URL:
            # Leave the schema as the other tests expect it: the migrations' own.
            _drop_everything()
            upgrade()
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

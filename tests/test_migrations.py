"""The migrations build the schema the models describe, from an empty database."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

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

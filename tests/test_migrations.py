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
from tests.conftest import PG_URL, make_config


@pytest.fixture
def empty_app(tmp_path: Path):
    """An app on a database with nothing in it (the shared PostgreSQL one is emptied)."""
    app = create_app(make_config(tmp_path))
    with app.app_context():
        if PG_URL:
            db.drop_all()
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
        yield app
        db.session.remove()
        if PG_URL:
            # Leave the schema as the other tests expect it: created from the models.
            db.drop_all()
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
            db.create_all()
        db.engine.dispose()


def test_migrating_from_empty_gives_the_models_schema(empty_app):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "run `flask --app community db migrate`: the models changed"


def test_every_migration_can_be_undone(empty_app):
    upgrade()
    downgrade(revision="base")
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()

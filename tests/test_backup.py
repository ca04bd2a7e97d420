"""flask backup and flask restore: the database saved while the site runs, put back, its
vaults still opening and its posts found again; the keys never beside it."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import date

import pytest
from sqlalchemy import select

from community import create_app
from community.extensions import db
from community.forums.models import Post
from community.selfdata import store
from community.selfdata.records import Treatment
from tests.conftest import PG_URL, make_config
from tests.forums import helpers as h


@pytest.fixture
def site(tmp_path):
    """A site on a SQLite file of its own, its vault keys in a key file, as in production
    on one machine; whatever database the suite runs on."""
    app = create_app(
        make_config(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'site.sqlite'}",
            SELFDATA_KEYS=None,
            SELFDATA_KEY_FILE=str(tmp_path / "selfdata.keys"),
        )
    )
    with app.app_context():
        db.create_all()
        camille = h.member(db.session, "Camille")
        store.add_record(
            db.session, owner=camille, record=Treatment("Metformine", date(2025, 1, 2))
        )
        h.thread(db.session, camille, h.space(db.session), title="Ma première discussion")
        db.session.commit()
        db.session.remove()
    yield app  # outside its context: each command pushes the context of its own app
    with app.app_context():
        db.engine.dispose()


def _titles(app) -> list[str]:
    with app.app_context():
        db.session.remove()
        return [post.thread.title for post in db.session.scalars(select(Post))]


def test_a_backup_restored_gives_the_site_back_as_it_was(site, tmp_path):
    runner = site.test_cli_runner()
    saved = runner.invoke(
        args=["backup", "--to", str(tmp_path / "db"), "--keys-to", str(tmp_path / "keys")]
    )
    assert saved.exit_code == 0, saved.output
    [copy] = (tmp_path / "db").glob("community-*.sqlite")
    [keys] = (tmp_path / "keys").glob("selfdata-*.keys")
    assert oct(keys.stat().st_mode & 0o777) == "0o600"
    assert not list((tmp_path / "db").glob("*.keys"))  # never beside the database
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # Something goes wrong after the backup: the post is lost.
    with site.app_context():
        db.session.execute(db.delete(Post))
        db.session.commit()
    assert _titles(site) == []

    restored = runner.invoke(args=["restore", str(copy), "--yes"])

    assert restored.exit_code == 0, restored.output
    assert _titles(site) == ["Ma première discussion"]
    assert "L’ancienne base est gardée" in restored.output
    # The vault still opens with the keys, and the search index is rebuilt.
    assert (
        "0 avec aucune" in restored.output
        and "Tout s’ouvre avec la première clé." in restored.output
    )
    assert "Index reconstruit" in restored.output


def test_restoring_with_other_keys_says_so_and_fails(site, tmp_path):
    runner = site.test_cli_runner()
    runner.invoke(args=["backup", "--to", str(tmp_path / "db")])
    [copy] = (tmp_path / "db").glob("community-*.sqlite")
    other = create_app(
        make_config(
            SQLALCHEMY_DATABASE_URI=site.config["SQLALCHEMY_DATABASE_URI"],
            SELFDATA_KEYS="8pRkQb0X9Vqf6b0mO2K5WJd7C4sFz3lY1aNnU0tEhXg=",
        )
    )

    restored = other.test_cli_runner().invoke(args=["restore", str(copy), "--yes"])

    assert restored.exit_code == 1, restored.output
    assert "ne s’ouvrent avec aucune des clés actuelles" in restored.output


def test_the_keys_never_go_beside_the_database(site, tmp_path):
    refused = site.test_cli_runner().invoke(
        args=["backup", "--to", str(tmp_path / "db"), "--keys-to", str(tmp_path / "db")]
    )
    assert refused.exit_code != 0
    assert "Les clés ne vont jamais à côté de la base" in refused.output


def test_a_file_that_is_not_a_database_is_refused_and_nothing_changes(site, tmp_path):
    broken = tmp_path / "pas-une-base.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)

    refused = site.test_cli_runner().invoke(args=["restore", str(broken), "--yes"])

    assert refused.exit_code != 0
    assert _titles(site) == ["Ma première discussion"]


@pytest.mark.skipif(not PG_URL or not shutil.which("pg_dump"), reason="PostgreSQL's own tools")
@pytest.mark.real_database
def test_on_postgresql_the_backup_is_a_dump_pg_restore_reads(app, session, runner, tmp_path):
    h.thread(session, h.member(session, "Camille"), h.space(session), title="Sur PostgreSQL")

    saved = runner.invoke(args=["backup", "--to", str(tmp_path)])

    assert saved.exit_code == 0, saved.output
    [dump] = tmp_path.glob("community-*.dump")
    listing = subprocess.run(  # noqa: S603
        [str(shutil.which("pg_restore")), "--list", str(dump)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "TABLE DATA public post" in listing.stdout

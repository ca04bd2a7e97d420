"""The migrations build the schema the models describe, from an empty database."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select, text

from community import create_app
from community.accounts.services import create_member
from community.extensions import db
from community.forums import services as forums
from community.forums.models import Post, PostStatus, Space, Thread
from community.kernel.clock import utcnow
from community.moderation.canned import services as canned
from community.moderation.canned.models import CannedKind, CannedTextChange
from community.moderation.models import PostReport
from community.search.postgresql_backend import TABLES as SEARCH_TABLES
from tests.conftest import empty_database, make_config
from tests.forums import helpers as h

# The revision that brings the prepared texts.
PREPARED_TEXTS = "c4a8e2f6b1d3"


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


def _posted(session, author, space, title, *, status=PostStatus.PUBLISHED, thread=None) -> Post:
    """A post stored as it was before the latest migrations, bypassing the services
    (which write tables a database not yet migrated lacks)."""
    if thread is None:
        thread = Thread(space_id=space.id, author_id=author.id, title=title, status=status)
        session.add(thread)
        session.flush()
    post = Post(
        thread_id=thread.id,
        author_id=author.id,
        body_source=title,
        body_html=f"<p>{title}</p>",
        status=status,
    )
    session.add(post)
    session.flush()
    return post


def test_the_notices_waiting_take_their_places_when_places_come(empty_app):
    """Before c4a7e2f9d815, an address's waiting notices were only counted: each now takes
    a place of its address, oldest first; a second notice of the same post from the same
    address (two requests at once could store both) and those no longer waiting take none."""
    upgrade(revision="b8f2d4e6a913")
    session = db.session
    space = h.space(session)
    author = h.member(session, "Camille")
    posts = [_posted(session, author, space, f"Fil {n}") for n in range(3)]
    now = utcnow()
    rows = [  # (post, address, outcome)
        (posts[0], "a@exemple.fr", "open"),
        (posts[1], "a@exemple.fr", "kept"),
        (posts[1], "b@exemple.fr", "open"),
        (posts[2], "a@exemple.fr", "open"),
        (posts[2], "a@exemple.fr", "open"),  # its twin, stored by the race
        (posts[1], None, "open"),  # its address erased
    ]
    for post, email, outcome in rows:
        report = PostReport(post_id=post.id, space_id=space.id, reason_code="fraud", created_at=now)
        session.add(report)
        session.flush()
        session.execute(
            text(
                "INSERT INTO visitor_notice (report_id, post_id, space_id, category, "
                "justification, email, locale, created_at, outcome) VALUES (:report, :post, "
                ":space, 'fraud', 'Une arnaque.', :email, 'fr', :now, :outcome)"
            ),
            {
                "report": report.id,
                "post": post.id,
                "space": space.id,
                "email": email,
                "now": now,
                "outcome": outcome,
            },
        )
    session.commit()

    upgrade()

    places = session.execute(
        text("SELECT email, post_id, open_slot FROM visitor_notice ORDER BY id")
    ).all()
    assert [tuple(row) for row in places] == [
        ("a@exemple.fr", posts[0].id, 1),
        ("a@exemple.fr", posts[1].id, None),
        ("b@exemple.fr", posts[1].id, 1),
        ("a@exemple.fr", posts[2].id, 2),
        ("a@exemple.fr", posts[2].id, None),
        (None, posts[1].id, None),
    ]
    session.commit()


def test_the_prepared_texts_migration_keeps_the_spaces_and_undoes_cleanly(empty_app):
    """Upgraded onto a database with a space in it, then undone: only its tables come and
    go, whatever came before it."""
    scripts = ScriptDirectory.from_config(empty_app.extensions["migrate"].migrate.get_config())
    previous = scripts.get_revision(PREPARED_TEXTS).down_revision
    upgrade(revision=previous)
    association = forums.create_association(db.session, name="Asso", slug="asso")
    space = forums.create_space(db.session, association=association, name="Asthme", slug="asthme")
    admin = create_member(
        db.session, pseudonym="Presidente", email="p@example.org", password="x" * 12
    )
    db.session.commit()
    space_id = space.id

    upgrade(revision=PREPARED_TEXTS)
    canned.add_text(
        db.session,
        actor=admin,
        space=space,
        kind=CannedKind.REFUSAL,
        title="Numéro visible",
        body="Retirez votre numéro.",
        reason_code="personal_data",
    )
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(CannedTextChange)) == 1
    db.session.remove()

    downgrade(revision=previous)
    tables = set(inspect(db.engine).get_table_names())
    assert {"canned_text", "canned_text_change"}.isdisjoint(tables)
    assert db.session.get(Space, space_id) is not None


def test_undoing_the_archives_forgets_them_and_the_notifications_that_told_of_them(empty_app):
    """The code before b8d2f4a61c37 knows no archive, nor the notifications of one."""
    upgrade()
    session = db.session
    camille = h.member(session, "Camille")
    session.execute(
        text(
            "INSERT INTO member_export (member_id, status, locale, requested_at, size_bytes, "
            "attempts, downloads) VALUES (:member, 'pending', 'fr', :now, 0, 0, 0)"
        ),
        {"member": camille.id, "now": utcnow()},
    )
    for kind in ("export_ready", "post_approved"):
        session.execute(
            text(
                "INSERT INTO notification (member_id, kind, created_at, email_pending, "
                "email_tries) VALUES (:member, :kind, :now, false, 0)"
            ),
            {"member": camille.id, "kind": kind, "now": utcnow()},
        )
    session.commit()

    downgrade(revision="c4a8e2f6b1d3")

    assert "member_export" not in inspect(db.engine).get_table_names()
    kinds = session.execute(text("SELECT kind FROM notification")).scalars().all()
    assert kinds == ["post_approved"]


def test_who_wrote_in_a_thread_follows_it_once_follows_come(empty_app):
    """Before 4c6f88cc1c43 nobody followed anything: each member who wrote in a thread now
    follows it, once however many posts, unless all they wrote there was withdrawn."""
    upgrade(revision="b8d2f4a61c37")
    session = db.session
    space = h.space(session)
    camille, sam, lea = (h.member(session, name) for name in ("Camille", "Sam", "Lea"))
    opening = _posted(session, camille, space, "Pompe ou stylos")
    thread = opening.thread_id
    in_thread = session.get(Thread, thread)
    for author, status in [
        (sam, PostStatus.PUBLISHED),
        (sam, PostStatus.PENDING),
        (camille, PostStatus.PUBLISHED),
        (lea, PostStatus.WITHDRAWN),
    ]:
        _posted(session, author, space, "Réponse", status=status, thread=in_thread)
    session.commit()

    upgrade()

    follows = session.execute(
        text("SELECT member_id, thread_id, following FROM thread_follow ORDER BY member_id")
    ).all()
    assert [tuple(row) for row in follows] == [(camille.id, thread, True), (sam.id, thread, True)]
    session.commit()


def test_vault_entries_written_before_partial_dates_are_known_to_the_day(empty_app):
    """Before 7b3e1f0a9c42 every vault entry was typed or imported with its day: each keeps
    it, and a pending import has no refused lines; undone, the columns go and rows stay."""
    upgrade(revision="5e2a9c7d3b18")
    session = db.session
    owner = h.member(session, "Camille")
    session.execute(
        text(
            "INSERT INTO vault_entry (owner_id, category, series, occurred_at, sealed, "
            "created_at, updated_at) VALUES (:owner, 'treatment', '', :now, :sealed, :now, :now)"
        ),
        {"owner": owner.id, "now": utcnow(), "sealed": b"sealed"},
    )
    session.execute(
        text(
            "INSERT INTO pending_import (owner_id, sealed, row_count, created_at) "
            "VALUES (:owner, :sealed, 1, :now)"
        ),
        {"owner": owner.id, "now": utcnow(), "sealed": b"sealed"},
    )
    session.commit()

    upgrade(revision="7b3e1f0a9c42")

    assert session.execute(text("SELECT date_precision FROM vault_entry")).scalars().all() == [
        "day"
    ]
    pending = session.execute(
        text("SELECT rejected_count, rejected_sealed, confirmed_at FROM pending_import")
    ).one()
    assert tuple(pending) == (0, None, None)
    session.commit()
    downgrade(revision="5e2a9c7d3b18")
    assert session.execute(text("SELECT count(*) FROM vault_entry")).scalar() == 1
    session.commit()

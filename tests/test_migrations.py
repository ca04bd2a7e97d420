"""The migrations build the schema the models describe, from an empty database."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

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


def test_the_queue_items_learn_what_waits_and_what_was_found_in_it(empty_app):
    """Items written before their copy of the request and their kinds of finding: the
    migration fills both from the posts and the stored findings."""
    upgrade(revision="5e2a9c7d3b18")
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


def test_reactions_hold_one_of_each_kind_and_undoing_them_forgets_the_quotes_news(empty_app):
    """From a7e8d0051060 members react (one of each kind per post, the database says so) and
    quote; the code before it knows neither, nor the notifications of a quote."""
    upgrade()
    session = db.session
    space = h.space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    _thread, opening = h.thread(session, camille, space)
    insert = text(
        "INSERT INTO reaction (post_id, member_id, kind, created_at) "
        "VALUES (:post, :member, :kind, :now)"
    )
    values = {"post": opening.id, "member": sam.id, "now": utcnow()}
    session.execute(insert, {**values, "kind": "thanks"})
    session.execute(insert, {**values, "kind": "me_too"})
    session.commit()
    with pytest.raises(IntegrityError):
        session.execute(insert, {**values, "kind": "thanks"})
        session.commit()
    session.rollback()
    for kind in ("quoted", "post_approved"):
        session.execute(
            text(
                "INSERT INTO notification (member_id, kind, post_id, created_at, email_pending, "
                "email_tries) VALUES (:member, :kind, :post, :now, false, 0)"
            ),
            {"member": camille.id, "kind": kind, "post": opening.id, "now": utcnow()},
        )
    session.commit()

    downgrade(revision="8b3f1d6a2c47")

    assert {"reaction", "post_quote"}.isdisjoint(inspect(db.engine).get_table_names())
    kinds = session.execute(text("SELECT kind FROM notification")).scalars().all()
    assert kinds == ["post_approved"]
    session.commit()


def test_undoing_membership_requests_forgets_them_and_what_told_of_them(empty_app):
    """The code before 6f1d8b3a2c57 knows no request to join, nor its notifications; the
    members already in a space stay."""
    upgrade()
    session = db.session
    space = h.space(session, "rares", members_only=True)
    camille, lea = h.member(session, "Camille"), h.member(session, "Lea")
    h.joined(session, camille, space)
    session.execute(
        text(
            "INSERT INTO membership_request (space_id, member_id, message, status, created_at, "
            "answer) VALUES (:space, :member, '', 'pending', :now, '')"
        ),
        {"space": space.id, "member": lea.id, "now": utcnow()},
    )
    for kind in ("membership_requested", "post_approved"):
        session.execute(
            text(
                "INSERT INTO notification (member_id, kind, space_id, created_at, email_pending, "
                "email_tries) VALUES (:member, :kind, :space, :now, false, 0)"
            ),
            {"member": camille.id, "kind": kind, "space": space.id, "now": utcnow()},
        )
    # Two waiting requests of one member in one space: the second is refused.
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(
            text(
                "INSERT INTO membership_request (space_id, member_id, message, status, "
                "created_at, answer) VALUES (:space, :member, '', 'pending', :now, '')"
            ),
            {"space": space.id, "member": lea.id, "now": utcnow()},
        )
    session.commit()

    downgrade(revision="9b3d5f7a1c24")

    tables = inspect(db.engine).get_table_names()
    assert "membership_request" not in tables and "space_invitation" not in tables
    assert "space_id" not in {c["name"] for c in inspect(db.engine).get_columns("notification")}
    kinds = session.execute(text("SELECT kind FROM notification")).scalars().all()
    assert kinds == ["post_approved"]
    members = session.execute(text("SELECT member_id FROM membership")).scalars().all()
    assert members == [camille.id]
    session.commit()


def test_vault_entries_written_before_partial_dates_are_known_to_the_day(empty_app):
    """Before 7b3e1f0a9c42 every vault entry was typed or imported with its day: each keeps
    it, and a pending import has no refused lines; undone, the columns go and rows stay."""
    upgrade(revision="6f1d8b3a2c57")
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
    downgrade(revision="6f1d8b3a2c57")
    assert session.execute(text("SELECT count(*) FROM vault_entry")).scalar() == 1
    session.commit()

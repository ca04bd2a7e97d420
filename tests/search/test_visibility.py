"""Search never shows a post its reader may not read: members-only spaces to their readers
only, nothing but published posts of published threads, even when the index lags behind
the database, and never the text of a data card."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from flask import Flask, current_app
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.extensions import db
from community.forums import services
from community.forums.models import (
    Post,
    PostStatus,
    Space,
    SpaceRoleKind,
    SpaceVisibility,
    Thread,
)
from community.moderation.queue import services as moderation
from community.search.backend import SearchQuery, backend
from community.selfdata import cards as card_services
from community.selfdata import store
from community.selfdata.anonymizer import CardRequest
from community.selfdata.models import CardAudience
from community.selfdata.records import Measurement
from tests.forums.helpers import log_in, member, space, suspend
from tests.search.page_helpers import (
    ENGINES,
    index_now,
    published_reply,
    published_thread,
    result_ids,
    search_app,
)


@pytest.fixture(params=ENGINES)
def app(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    yield from search_app(tmp_path, request.param)


def in_index(query: str) -> list[int]:
    """What the engine itself answers, every space searched: what the page must filter."""
    every_space = frozenset(db.session.scalars(select(Space.id)))
    return list(backend().search(SearchQuery(text=query, space_ids=every_space)).post_ids)


def found(client: FlaskClient, query: str = "glycemie", **params: str) -> list[int]:
    response = client.get("/recherche", query_string={"q": query, **params})
    assert response.status_code in (200, 400)
    return result_ids(response.get_data(as_text=True))


@dataclass
class World:
    """One association with a public space and a members-only one, another association's
    members-only space, a reader for each role, and the same word written in each space."""

    readers: dict[str, Member | None] = field(default_factory=dict)
    public: Post | None = None
    private: Post | None = None
    elsewhere: Post | None = None  # in the other association's members-only space
    writer: Member | None = None
    moderator: Member | None = None


@pytest.fixture
def world(session: Session) -> World:
    w = World()
    association = services.create_association(session, name="Diabète France", slug="df")
    public = services.create_space(session, association=association, name="Diabète", slug="diabete")
    private = services.create_space(
        session,
        association=association,
        name="Entre nous",
        slug="prive",
        visibility=SpaceVisibility.MEMBERS,
    )
    other = space(session, "autre", members_only=True)
    w.writer = member(session, "autrice")
    adherent = member(session, "adherent")
    services.join_space(session, member=adherent, space=private)
    w.moderator = member(session, "moderatrice")
    presidente = member(session, "presidente")
    for where in (public, private):
        services.grant_space_role(
            session, space=where, member=w.moderator, kind=SpaceRoleKind.MODERATOR
        )
        services.grant_space_role(
            session, space=where, member=presidente, kind=SpaceRoleKind.ASSOCIATION_ADMIN
        )
    suspended = member(session, "suspendue")
    services.join_space(session, member=suspended, space=private)
    suspend(session, suspended)
    w.readers = {
        "visitor": None,
        "member": member(session, "membre"),
        "suspended member of the space": suspended,
        "member of the space": adherent,
        "moderator": w.moderator,
        "association admin": presidente,
        "site admin": member(session, "admin", is_site_admin=True),
    }
    w.public = published_thread(session, w.writer, public, "Ma glycémie", "Au grand jour.")[1]
    w.private = published_thread(session, w.writer, private, "Ma glycémie", "Entre nous.")[1]
    w.elsewhere = published_thread(session, w.writer, other, "Ma glycémie", "Ailleurs.")[1]
    index_now(session)
    return w


def as_reader(client: FlaskClient, reader: Member | None) -> FlaskClient:
    if reader is not None:
        log_in(client, reader)
    return client


WHO_READS_THE_PRIVATE_SPACE = {
    "visitor": False,
    "member": False,
    "suspended member of the space": False,
    "member of the space": True,
    "moderator": True,
    "association admin": True,
    "site admin": True,
}


@pytest.mark.parametrize("role", WHO_READS_THE_PRIVATE_SPACE)
def test_a_members_only_space_is_searched_only_by_those_who_may_read_it(
    client: FlaskClient, world: World, role: str
) -> None:
    assert world.public and world.private and world.elsewhere
    as_reader(client, world.readers[role])
    expected = {world.public.id}
    if WHO_READS_THE_PRIVATE_SPACE[role]:
        expected.add(world.private.id)
    if role == "site admin":  # reads every space
        expected.add(world.elsewhere.id)
    assert set(found(client)) == expected
    # The space filter offers what the reader may read, and only that.
    page = client.get("/recherche").get_data(as_text=True)
    assert ('value="prive"' in page) is WHO_READS_THE_PRIVATE_SPACE[role]
    # Asking for the space by its name in the address gives a refusal, not its posts.
    in_private = found(client, espace="prive")
    assert in_private == ([world.private.id] if WHO_READS_THE_PRIVATE_SPACE[role] else [])


def test_a_space_turned_members_only_leaves_the_results_at_once(
    client: FlaskClient, session: Session, world: World
) -> None:
    assert world.public
    diabete = world.public.thread.space
    diabete.visibility = SpaceVisibility.MEMBERS  # the index is not told, nor needs to be
    session.commit()
    assert world.public.id in in_index("glycemie")
    assert world.public.id not in found(client)
    assert world.public.id in found(as_reader(client, world.moderator))


# --- nothing but published posts of published threads -------------------------------------


def writers_thread(session: Session, world: World) -> Thread:
    assert world.public
    return world.public.thread


def test_posts_not_published_are_never_found_even_by_their_author_or_moderators(
    client: FlaskClient, session: Session, world: World
) -> None:
    thread = writers_thread(session, world)
    assert world.writer and world.moderator
    pending = services.reply(
        session, author=world.writer, thread=thread, body="Glycémie en attente."
    )
    refused = services.reply(session, author=world.writer, thread=thread, body="Glycémie refusée.")
    moderation.reject(session, moderator=world.moderator, post=refused, reason_code="off_topic")
    sent_back = services.reply(
        session, author=world.writer, thread=thread, body="Glycémie à revoir."
    )
    moderation.request_edit(
        session, moderator=world.moderator, post=sent_back, message="Précisez, s’il vous plaît."
    )
    session.commit()
    index_now(session)
    hidden = {pending.id, refused.id, sent_back.id}
    for reader in (None, world.writer, world.moderator, world.readers["site admin"]):
        assert not hidden & set(found(as_reader(client, reader))), reader


def hide_by_services(session: Session, world: World, post: Post, how: str) -> None:
    assert world.writer and world.moderator
    if how == "withdrawn":
        services.withdraw_post(session, author=world.writer, post=post)
    elif how == "unpublished after a report":
        services.unpublish_post(session, post=post)  # what moderation.unpublish does to it
    elif how == "rejected in the database":
        post.status = PostStatus.REJECTED
    elif how == "pending in the database":
        post.status = PostStatus.PENDING
    session.commit()


HOW = [
    "withdrawn",
    "unpublished after a report",
    "rejected in the database",
    "pending in the database",
]


@pytest.mark.parametrize("index_follows", [True, False], ids=["index applied", "index stale"])
@pytest.mark.parametrize("how", HOW)
def test_a_post_taken_down_disappears_from_results(
    client: FlaskClient, session: Session, world: World, how: str, index_follows: bool
) -> None:
    thread = writers_thread(session, world)
    assert world.writer
    reply = published_reply(session, world.writer, thread, "Ma glycémie après le repas.")
    index_now(session)
    assert reply.id in found(client)
    hide_by_services(session, world, reply, how)
    if index_follows:
        index_now(session)
    else:
        assert reply.id in in_index("repas")  # the index still has it: the page alone hides it
    # Stale or not, the page shows what the database allows, to every reader.
    for reader in (None, world.writer, world.moderator, world.readers["site admin"]):
        assert reply.id not in found(as_reader(client, reader)), reader
    page = client.get("/recherche", query_string={"q": "repas"}).get_data(as_text=True)
    assert "Aucun message ne correspond." in page
    assert "0 résultat" in page or "Aucun résultat" in page


@pytest.mark.parametrize("index_follows", [True, False], ids=["index applied", "index stale"])
def test_replies_of_a_hidden_thread_are_never_found(
    client: FlaskClient, session: Session, world: World, index_follows: bool
) -> None:
    assert world.writer and world.public
    thread = writers_thread(session, world)
    reply = published_reply(session, member(session, "Malo"), thread, "Ma glycémie au réveil.")
    index_now(session)
    assert reply.id in found(client, "reveil")
    services.withdraw_post(session, author=world.writer, post=world.public)  # the opening post
    session.commit()
    if index_follows:
        index_now(session)
    else:
        assert reply.id in in_index("reveil")
    assert reply.status is PostStatus.PUBLISHED  # the reply itself was not touched
    for reader in (None, world.moderator, world.readers["site admin"]):
        assert found(as_reader(client, reader), "reveil") == [], reader


def test_a_thread_hidden_in_the_database_hides_its_posts_from_a_stale_index(
    client: FlaskClient, session: Session, world: World
) -> None:
    assert world.public
    world.public.thread.status = PostStatus.REJECTED
    session.commit()
    assert world.public.id in in_index("glycemie")
    assert world.public.id not in found(client)


# --- data cards are never searched ----------------------------------------------------


def test_a_data_card_is_never_found_by_its_words(
    client: FlaskClient, session: Session, world: World
) -> None:
    assert world.writer and world.moderator
    diabete = writers_thread(session, world).space
    for n in range(5):  # enough members that a card cannot single its author out
        services.join_space(session, member=member(session, f"voisine{n}"), space=diabete)
    with current_app.test_request_context():
        today = card_services.local_today()
        for back in (20, 10, 1):
            store.add_record(
                session,
                owner=world.writer,
                record=Measurement(
                    series="glucose",
                    at=datetime.combine(today - timedelta(days=back), time(8)),
                    value=140,
                    unit="mg/dL",
                ),
            )
        card = card_services.create_card(
            session,
            owner=world.writer,
            space=diabete,
            request=CardRequest(series=("glucose",), start=today - timedelta(days=30), end=today),
            audience=CardAudience.MEMBERS,
        )
    _thread, post = services.start_thread(
        session, author=world.writer, space=diabete, title="Mes chiffres", body="Voici."
    )
    card_services.link_card(session, owner=world.writer, card=card, post=post)
    moderation.approve(session, moderator=world.moderator, post=post)
    session.commit()
    index_now(session)
    assert found(client, "chiffres") == [post.id]  # the post is findable by its own words
    as_reader(client, world.readers["site admin"])
    for word in (*card.title.split(), "140", "mg/dL"):
        if len(word) > 2:
            assert post.id not in found(client, word), word

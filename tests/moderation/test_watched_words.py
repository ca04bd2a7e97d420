"""Watched words: the association lists words to flag or block in its space."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import SpaceRoleKind
from community.moderation.models import WatchAction, WatchedWord
from community.moderation.policy.services import add_watched_word, blocked_notice, blocked_words_in
from tests.forums import helpers as h

URL = "/moderation/espaces/diabete/mots-surveilles"


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    diabete = h.space(session, "diabete")
    world = {
        "space": diabete,
        "other": h.space(session, "asthme"),
        "president": h.member(session, "Presidente"),
        "moderator": h.member(session, "Moderatrice"),
    }
    forums.grant_space_role(
        session, space=diabete, member=world["president"], kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )
    forums.grant_space_role(
        session, space=diabete, member=world["moderator"], kind=SpaceRoleKind.MODERATOR
    )
    session.commit()
    return world


def _words(session: Any) -> list[tuple[str, str, WatchAction]]:
    h.fresh(session)
    rows = session.scalars(select(WatchedWord).order_by(WatchedWord.id))
    return [(w.word, w.word_key, w.action) for w in rows]


def test_the_association_admin_adds_a_word_to_flag_and_one_to_block(client, session, world):
    h.log_in(client, world["president"])

    response = client.post(URL, data={"word": "Arnaque", "action": "block"})
    assert response.status_code == 302
    client.post(URL, data={"word": "  Perte   de POIDS ", "action": "flag"})
    page = client.get(URL).get_data(as_text=True)

    assert "« Perte de POIDS » est maintenant surveillé dans cet espace." in page
    assert "Arnaque" in page and "bloqué" in page and "signalé" in page
    assert _words(session) == [
        ("Arnaque", "arnaque", WatchAction.BLOCK),
        ("Perte de POIDS", "perte de poids", WatchAction.FLAG),
    ]
    words = session.scalars(select(WatchedWord)).all()
    assert all(w.created_by_id == world["president"].id for w in words)


def test_the_page_explains_the_prefix_form(client, world):
    h.log_in(client, world["president"])

    page = client.get(URL).get_data(as_text=True)

    assert "Aucun mot surveillé dans cet espace." in page
    assert "« régime* » trouve aussi « régimes »" in page


@pytest.mark.parametrize("typed", ["arnaque", "ARNAQUE", "Arnâque", " arnaque "])
def test_the_same_word_cannot_be_listed_twice_whatever_its_case_or_accents(
    client, session, world, typed
):
    h.log_in(client, world["president"])
    client.post(URL, data={"word": "arnaque", "action": "flag"})

    response = client.post(URL, data={"word": typed, "action": "block"})

    assert response.status_code == 400
    assert "est déjà surveillé dans cet espace." in response.get_data(as_text=True)
    assert len(_words(session)) == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Indiquez un mot ou une expression."),
        ("\u200b ", "Indiquez un mot ou une expression."),
        ("*", "Indiquez un mot ou une expression."),
        ("x" * 81, "80 caractères au plus."),
        ("ré*gime", "L’astérisque se met seulement à la fin d’un mot : « régime* »."),
        ("régime *", "L’astérisque se met seulement à la fin d’un mot : « régime* »."),
    ],
)
def test_a_word_that_cannot_be_watched_is_refused_clearly(client, session, world, typed, message):
    h.log_in(client, world["president"])

    response = client.post(URL, data={"word": typed, "action": "flag"})

    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _words(session) == []


def test_an_unknown_action_is_refused(client, session, world):
    h.log_in(client, world["president"])

    response = client.post(URL, data={"word": "arnaque", "action": "delete"})

    assert response.status_code == 400
    assert _words(session) == []


def test_a_word_is_removed_and_removing_it_again_says_so(client, session, world):
    watched = add_watched_word(
        session,
        actor=world["president"],
        space=world["space"],
        word="arnaque",
        action=WatchAction.FLAG,
    )
    session.commit()
    h.log_in(client, world["president"])
    remove = f"{URL}/{watched.id}/retirer"

    page = client.post(remove, follow_redirects=True).get_data(as_text=True)
    assert "Ce mot n’est plus surveillé." in page
    assert _words(session) == []

    page = client.post(remove, follow_redirects=True).get_data(as_text=True)
    assert "Ce mot n’était déjà plus surveillé." in page


def test_a_word_of_another_space_cannot_be_removed_from_this_one(client, session, world):
    watched = add_watched_word(
        session, actor=world["president"], space=world["other"], word="arnaque", action="flag"
    )
    session.commit()
    h.log_in(client, world["president"])

    client.post(f"{URL}/{watched.id}/retirer")

    assert len(_words(session)) == 1


def test_a_moderator_reads_the_list_but_cannot_change_it(client, session, world):
    add_watched_word(
        session, actor=world["president"], space=world["space"], word="arnaque", action="block"
    )
    session.commit()
    h.log_in(client, world["moderator"])

    page = client.get(URL).get_data(as_text=True)

    assert "arnaque" in page
    assert "Seuls les administrateurs de l’association peuvent modifier cette liste." in page
    assert client.post(URL, data={"word": "miracle", "action": "flag"}).status_code == 403
    assert len(_words(session)) == 1


def test_the_posting_page_can_tell_which_blocked_words_a_post_contains(session, world):
    space, president = world["space"], world["president"]
    for word, action in (("arnaque", "block"), ("régime*", "block"), ("miracle", "flag")):
        add_watched_word(session, actor=president, space=space, word=word, action=action)
    session.commit()

    found = blocked_words_in(
        session,
        space=space,
        text="Une ARNAQUE, ce régimes miracle ! Encore une arnaque.",
    )

    # Blocked words only, as the association wrote them, once each, in order.
    assert found == ["arnaque", "régime*"]
    assert blocked_words_in(session, space=space, text="Rien à signaler.") == []
    assert blocked_words_in(session, space=world["other"], text="arnaque") == []


def test_the_error_is_in_english_for_an_english_reader(client, session, world):
    world["president"].locale = "en"
    session.commit()
    h.log_in(client, world["president"])
    client.post(URL, data={"word": "arnaque", "action": "flag"})

    response = client.post(URL, data={"word": "Arnaque", "action": "flag"})

    assert "is already watched in this space" in response.get_data(as_text=True)


def test_the_author_is_told_at_once_which_words_are_not_accepted(app, session, world):
    add_watched_word(
        session, actor=world["president"], space=world["space"], word="arnaque", action="block"
    )
    session.commit()
    words = blocked_words_in(session, space=world["space"], text="Quelle arnaque !")

    with app.test_request_context():
        notice = blocked_notice(words)

    assert notice == (
        "Votre message contient un mot qui n’est pas accepté dans cet espace (« arnaque »). "
        "Il ne sera pas publié automatiquement : un modérateur va le relire."
    )


def test_a_member_posting_a_blocked_word_is_told_at_once_and_the_post_still_waits(
    client, session, world
):
    add_watched_word(
        session, actor=world["president"], space=world["space"], word="arnaque", action="block"
    )
    author = h.joined(session, h.member(session, "Camille"), world["space"])
    session.commit()
    h.log_in(client, author)

    response = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={"title": "Une arnaque ?", "body": "Ce lecteur de glycémie pas cher, arnaque ?"},
        follow_redirects=True,
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "n’est pas accepté dans cet espace (« arnaque »)" in page
    assert "Une arnaque ?" in page  # stored, waiting for a moderator

"""The page "Mes messages": a member finds every post they wrote, what became of it and why."""

from __future__ import annotations

import re

import pytest

from community.forums import services as forums
from community.forums.authored import OWN_POSTS_PER_PAGE
from community.forums.models import SpaceRoleKind
from community.moderation.queue import services as moderation
from tests.forums import helpers as h


@pytest.fixture
def camille_wrote(session):
    """Camille's posts in the diabetes space, one of each fate, oldest first."""
    diabetes = h.space(session, name="Diabète")
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    lea = h.joined(session, h.member(session, "Lea"), diabetes)
    doctor = h.member(session, "DrMartin")
    forums.grant_space_role(session, space=diabetes, member=doctor, kind=SpaceRoleKind.MODERATOR)
    opened, opening = h.thread(session, camille, diabetes, title="Capteur et piscine")
    others, lea_opening = h.thread(session, lea, diabetes, title="Le fil de Léa")
    answer = h.reply(session, camille, others, "Une réponse publiée de Camille.")
    withdrawn = h.reply(session, camille, others, "Un message que Camille a supprimé.")
    forums.withdraw_post(session, author=camille, post=withdrawn)
    refused = h.reply(session, camille, others, "Un message refusé.", published=False)
    refusal = moderation.reject(
        session,
        moderator=doctor,
        post=refused,
        reason_code="personal_data",
        reason_text="Votre message donne un numéro de téléphone.",
    )
    sent_back = h.reply(session, camille, opened, "Un message à reprendre.", published=False)
    moderation.request_edit(
        session, moderator=doctor, post=sent_back, message="Retirez le nom du médecin."
    )
    waiting = h.reply(session, camille, opened, "Un message en attente.", published=False)
    session.commit()
    return {
        "camille": camille,
        "lea": lea,
        "thread": opened,
        "others": others,
        "lea_opening": lea_opening,
        "posts": [opening, answer, withdrawn, refused, sent_back, waiting],
        "refusal": refusal,
    }


def _page(client, url: str = "/mes-messages") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def _entry(page: str, post_id: int) -> str:
    found = re.search(rf'<li id="mon-message-{post_id}">(.*?)</li>', page, re.S)
    assert found, f"post {post_id} is not listed"
    return found.group(1)


def test_every_post_i_wrote_is_listed_newest_first_with_its_status(client, camille_wrote):
    h.log_in(client, camille_wrote["camille"])
    page = _page(client)

    opening, answer, withdrawn, refused, sent_back, waiting = camille_wrote["posts"]
    places = [page.index(f'id="mon-message-{post.id}"') for post in camille_wrote["posts"]]
    assert places == sorted(places, reverse=True)  # the newest at the top
    assert "publié" in _entry(page, opening.id) and "Discussion" in _entry(page, opening.id)
    assert "Réponse dans" in _entry(page, answer.id)
    assert "en attente de modération" in _entry(page, waiting.id)
    assert "modification demandée" in _entry(page, sent_back.id)
    assert "refusé" in _entry(page, refused.id)
    assert "supprimé par vous" in _entry(page, withdrawn.id)


def test_each_post_links_to_where_i_can_read_it(client, camille_wrote):
    h.log_in(client, camille_wrote["camille"])
    page = _page(client)
    opening, answer, withdrawn, _refused, sent_back, waiting = camille_wrote["posts"]

    for post in (opening, answer, waiting):
        link = re.search(r'href="([^"]+)"', _entry(page, post.id))
        assert link and link.group(1).endswith(f"#message-{post.id}")
        assert f'id="message-{post.id}"' in _page(client, link.group(1).split("#")[0])
    assert f"/messages/{sent_back.id}/modifier" in _entry(page, sent_back.id)
    # A withdrawn post is gone for everybody: nothing to follow.
    assert "href" not in _entry(page, withdrawn.id)
    assert "personne ne le voit plus" in _entry(page, withdrawn.id)


def test_a_reply_in_a_thread_its_author_took_down_is_listed_without_a_link(
    client, session, camille_wrote
):
    lea, answer = camille_wrote["lea"], camille_wrote["posts"][1]
    forums.withdraw_post(session, author=lea, post=camille_wrote["lea_opening"])
    session.commit()
    h.log_in(client, camille_wrote["camille"])

    entry = _entry(_page(client), answer.id)
    assert "publié" in entry  # still published, in a thread nobody reads any more
    assert "Le fil de Léa" in entry and "href" not in entry


def test_a_refusal_comes_with_its_statement_of_reasons_and_a_way_to_contest(client, camille_wrote):
    h.log_in(client, camille_wrote["camille"])
    entry = _entry(_page(client), camille_wrote["posts"][3].id)

    assert "<details>" in entry  # folded, opened without JavaScript
    assert "Votre message donne un numéro de téléphone." in entry
    assert "La règle appliquée" in entry and "Un pseudonyme, pas votre nom" in entry
    assert f"/decisions/{camille_wrote['refusal'].id}/contester" in entry


def test_an_edit_request_says_what_to_change(client, camille_wrote):
    h.log_in(client, camille_wrote["camille"])
    entry = _entry(_page(client), camille_wrote["posts"][4].id)

    assert "Retirez le nom du médecin." in entry
    assert "Modifier ce message" in entry


def test_an_edit_of_a_published_post_waiting_for_a_moderator_is_said(
    client, session, camille_wrote
):
    answer = camille_wrote["posts"][1]
    forums.edit_post(session, author=camille_wrote["camille"], post=answer, body="Nouveau texte")
    session.commit()
    h.log_in(client, camille_wrote["camille"])

    assert "Votre modification attend un modérateur" in _entry(_page(client), answer.id)


@pytest.mark.config(POSTS_PER_PAGE=2)
def test_a_published_reply_links_to_the_page_of_its_thread_it_is_on(client, session, camille_wrote):
    others = camille_wrote["others"]
    late = h.reply(session, camille_wrote["camille"], others, "Une réponse plus loin.")
    h.log_in(client, camille_wrote["camille"])

    link = re.search(r'href="([^"]+)"', _entry(_page(client), late.id))
    assert link and "page=2" in link.group(1)
    assert f'id="message-{late.id}"' in _page(client, link.group(1).split("#")[0])


def test_only_my_own_posts_are_mine_to_see(client, camille_wrote):
    h.log_in(client, camille_wrote["lea"])
    page = _page(client)

    assert "Le fil de Léa" in page
    assert "Capteur et piscine" not in page
    assert "Un message refusé." not in page


def test_a_member_who_wrote_nothing_is_told_so_and_a_visitor_logs_in_first(client, session):
    sam = h.member(session, "Sam")
    session.commit()
    assert client.get("/mes-messages").status_code == 302

    h.log_in(client, sam)
    response = client.get("/mes-messages")
    assert "Vous n’avez encore écrit aucun message." in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"


def test_the_list_is_paginated_and_bad_page_numbers_never_fail(client, session, camille_wrote):
    camille, others = camille_wrote["camille"], camille_wrote["others"]
    for number in range(OWN_POSTS_PER_PAGE):
        h.reply(session, camille, others, f"Réponse numéro {number}.")
    h.log_in(client, camille)

    first, second = _page(client), _page(client, "/mes-messages?page=2")
    assert "Page 1 sur 2" in first and "Réponse numéro 19." in first
    assert "Capteur et piscine" not in first and "Capteur et piscine" in second
    for odd in ("abc", "0", "-1", ""):
        assert "Page 1 sur 2" in _page(client, f"/mes-messages?page={odd}")
    for beyond in ("3", "9" * 30):
        assert client.get(f"/mes-messages?page={beyond}").status_code == 404


def test_the_page_asks_a_fixed_number_of_queries(client, session, count_queries, camille_wrote):
    camille, others = camille_wrote["camille"], camille_wrote["others"]
    h.log_in(client, camille)

    def cost() -> int:
        h.fresh(session)
        with count_queries() as counter:
            assert client.get("/mes-messages").status_code == 200
        return counter.count

    few = cost()
    for number in range(10):
        h.reply(session, camille, others, f"Réponse numéro {number}.")
    # the member, the count, the page, the decisions and the edits waiting
    assert few == cost() == 5


def test_english_readers_get_the_page_in_english(client, camille_wrote):
    h.log_in(client, camille_wrote["camille"])
    client.get("/langue/en?next=/")
    page = _page(client)

    assert "My posts" in page
    assert "waiting for moderation" in page and "removed by you" in page

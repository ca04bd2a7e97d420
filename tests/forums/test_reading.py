"""Reading the forums: the list of spaces, a space's threads, a thread's posts, who sees what."""

from __future__ import annotations

import pytest

from community.forums import queries, services
from community.forums.models import SpaceRoleKind
from tests.forums import helpers as h


def test_the_list_of_spaces_shows_each_space_with_its_association_and_counts(client, session):
    diabetes = h.space(
        session, "diabete", name="Diabète de type 1", description="Vivre avec le DT1."
    )
    h.space(session, "endometriose", name="Endométriose", members_only=True)
    camille = h.member(session, "Camille")
    h.thread(session, camille, diabetes)

    page = client.get("/").get_data(as_text=True)

    assert "Diabète de type 1" in page and "Endométriose" in page
    assert "Association diabete" in page
    assert "Vivre avec le DT1." in page
    assert "1 discussion" in page and "1 message" in page
    assert "réservé aux membres" in page
    assert "vous êtes membre" not in page

    h.log_in(client, camille)
    assert "vous êtes membre" in client.get("/").get_data(as_text=True)


def test_a_space_page_shows_description_rules_moderators_and_threads(client, session):
    diabetes = h.space(
        session, "diabete", description="Pour les personnes diabétiques.", rules="Pas de pub."
    )
    doctor = h.member(session, "DrMartin")
    services.grant_space_role(
        session,
        space=diabetes,
        member=doctor,
        kind=SpaceRoleKind.MODERATOR,
        specialty="diabétologie",
    )
    camille = h.member(session, "Camille")
    h.thread(session, camille, diabetes, title="Capteurs de glycémie")

    response = client.get("/espaces/diabete")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Pour les personnes diabétiques." in page and "Pas de pub." in page
    assert "DrMartin" in page and "diabétologie" in page
    assert "Capteurs de glycémie" in page and "Camille" in page
    assert "Nouvelle discussion" not in page  # a visitor is invited to log in instead
    assert "Se connecter" in page


def test_threads_are_listed_latest_activity_first(client, session):
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    old, _ = h.thread(session, camille, diabetes, title="Ancienne discussion")
    h.thread(session, camille, diabetes, title="Discussion récente")
    h.reply(session, camille, old, "Je relance cette discussion.")

    page = client.get("/espaces/diabete").get_data(as_text=True)

    assert page.index("Ancienne discussion") < page.index("Discussion récente")


@pytest.mark.config(THREADS_PER_PAGE=2)
def test_the_space_page_is_paginated_and_bad_page_numbers_never_fail(client, session):
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    for number in range(5):
        h.thread(session, camille, diabetes, title=f"Sujet numéro {number}")

    first = client.get("/espaces/diabete").get_data(as_text=True)
    third = client.get("/espaces/diabete?page=3").get_data(as_text=True)

    assert "Sujet numéro 4" in first and "Sujet numéro 3" in first
    assert "Sujet numéro 2" not in first
    assert "Page 1 sur 3" in first
    assert "Sujet numéro 0" in third and "Sujet numéro 4" not in third
    for odd in ("abc", "0", "-2", "1.5", "9" * 5000, ""):
        response = client.get(f"/espaces/diabete?page={odd}")
        assert response.status_code == 200, odd
        assert "Sujet numéro 4" in response.get_data(as_text=True)
    assert client.get("/espaces/diabete?page=4").status_code == 404
    assert client.get("/espaces/diabete?page=99999999999999999999").status_code == 404


@pytest.mark.config(POSTS_PER_PAGE=3)
def test_the_thread_page_shows_published_posts_in_order_page_by_page(client, session):
    diabetes = h.space(session)
    camille, noa = h.member(session, "Camille"), h.member(session, "Noa")
    opened, _ = h.thread(session, camille, diabetes, body="Message d’ouverture")
    for number in range(1, 5):
        h.reply(session, noa, opened, f"Réponse numéro {number}")

    first = client.get(f"/discussions/{opened.id}").get_data(as_text=True)
    second = client.get(f"/discussions/{opened.id}/insuline-et-sport?page=2").get_data(as_text=True)

    assert (
        first.index("Message d’ouverture")
        < first.index("Réponse numéro 1")
        < first.index("Réponse numéro 2")
    )
    assert "Réponse numéro 3" not in first
    assert 'href="/membres/Noa"' in first
    assert "Réponse numéro 3" in second and "Réponse numéro 4" in second
    assert client.get(f"/discussions/{opened.id}?page=x").status_code == 200
    assert client.get(f"/discussions/{opened.id}?page=3").status_code == 404
    assert client.get("/discussions/999").status_code == 404
    assert client.get("/espaces/inconnu").status_code == 404


def test_a_members_only_space_hides_its_threads_from_non_members(client, session):
    private = h.space(session, "endometriose", members_only=True, description="Entre nous.")
    lea = h.member(session, "Lea")
    opened, _ = h.thread(session, lea, private, title="Parler du diagnostic")
    outsider = h.member(session, "Sam")
    session.commit()

    visitor_page = client.get("/espaces/endometriose").get_data(as_text=True)
    assert "Entre nous." in visitor_page
    assert "Parler du diagnostic" not in visitor_page
    assert "Connectez-vous" in visitor_page
    assert client.get(f"/discussions/{opened.id}").status_code == 302  # off to log in

    h.log_in(client, outsider)
    member_page = client.get("/espaces/endometriose").get_data(as_text=True)
    assert "Parler du diagnostic" not in member_page
    assert "Demander à rejoindre l’espace" in member_page
    refused = client.get(f"/discussions/{opened.id}")
    assert refused.status_code == 403
    assert "Parler du diagnostic" not in refused.get_data(as_text=True)

    # Joining it is a request (tests/forums/test_membership.py): one click lets no one in.
    asked = client.post("/espaces/endometriose/rejoindre")
    assert asked.status_code == 303 and asked.headers["Location"].endswith("/demande")
    assert "Parler du diagnostic" not in client.get("/espaces/endometriose").get_data(as_text=True)
    assert client.get(f"/discussions/{opened.id}").status_code == 403


def test_a_member_joins_and_leaves_a_space(client, session):
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    session.commit()
    h.log_in(client, camille)

    page = client.get("/espaces/diabete").get_data(as_text=True)
    assert "Rejoindre l’espace" in page and "Nouvelle discussion" not in page

    joined = client.post("/espaces/diabete/rejoindre", follow_redirects=True).get_data(as_text=True)
    assert "Bienvenue dans l’espace" in joined
    assert "Nouvelle discussion" in joined and "Quitter l’espace" in joined

    # Leaving is asked first, saying what it means; only the form's answer leaves.
    asked = client.get("/espaces/diabete/quitter").get_data(as_text=True)
    assert "Vous ne pourrez plus écrire dans cet espace." in asked
    assert "Vos messages déjà publiés restent visibles." in asked
    assert queries.space_context(session, member=camille, space=diabetes).is_member
    left = client.post("/espaces/diabete/quitter", follow_redirects=True).get_data(as_text=True)
    assert "Vous avez quitté l’espace" in left
    assert "Nouvelle discussion" not in left


def test_a_moderator_cannot_leave_the_space_they_moderate(client, session):
    diabetes = h.space(session)
    doctor = h.member(session, "DrMartin")
    services.grant_space_role(session, space=diabetes, member=doctor, kind=SpaceRoleKind.MODERATOR)
    session.commit()
    h.log_in(client, doctor)

    page = client.post("/espaces/diabete/quitter", follow_redirects=True).get_data(as_text=True)

    assert "Vous modérez ou animez cet espace" in page
    assert queries.space_context(session, member=doctor, space=diabetes).is_member


def test_joining_needs_an_account_and_an_active_one(client, session):
    diabetes = h.space(session)
    sam = h.suspend(session, h.member(session, "Sam"))
    session.commit()

    anonymous = client.post("/espaces/diabete/rejoindre")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]

    h.log_in(client, sam)
    assert client.post("/espaces/diabete/rejoindre").status_code == 403
    assert not queries.space_context(session, member=sam, space=diabetes).is_member

"""Who sees a data card on a post: the owner always, then as the owner chose, the space's
members or its moderators; never a visitor who is not logged in, nor a site admin as such."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.forums import services
from community.forums.models import SpaceRoleKind
from community.permissions import Role
from community.selfdata import cards
from community.selfdata.models import CardAudience, CardView
from tests.forums.helpers import fresh, joined, log_in, log_out, member, space
from tests.selfdata.card_helpers import K_FOR_TESTS, a_card, post_with_card
from tests.test_authorization import ROLES, build_world

pytestmark = pytest.mark.config(SELFDATA_K_ANONYMITY=K_FOR_TESTS)

CARD = 'class="data-card"'
FOR_MEMBERS = "elle est réservée aux membres de l’espace"
FOR_MODERATORS = "elle est réservée aux modérateurs de l’espace"


@pytest.fixture(autouse=True)
def in_a_request(app):
    with app.test_request_context():
        yield


def moderator(session, where, pseudonym="DrMartin"):
    doctor = member(session, pseudonym)
    services.grant_space_role(session, space=where, member=doctor, kind=SpaceRoleKind.MODERATOR)
    return doctor


def views(session) -> int:
    fresh(session)
    return session.scalar(select(func.count()).select_from(CardView))


def test_once_a_moderator_approves_the_post_another_member_sees_the_card(client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    doctor = moderator(session, diabetes)
    lea = joined(session, member(session, "Lea"), diabetes)
    card, post, opened = post_with_card(session, camille, diabetes, published=False)

    log_in(client, lea)
    assert client.get(f"/discussions/{opened.id}").status_code == 404
    log_in(client, doctor)
    assert client.post(f"/moderation/messages/{post.id}/approuver").status_code == 302
    log_in(client, lea)
    page = client.get(f"/discussions/{opened.id}")

    assert page.status_code == 200
    assert CARD in page.text and card.title in page.text
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "noindex" in page.headers["X-Robots-Tag"]


def test_outsiders_and_visitors_do_not_see_a_card_for_members(client, session):
    diabetes, other = space(session), space(session, "endometriose")
    camille = member(session, "Camille")
    _card, _post, opened = post_with_card(session, camille, diabetes)
    outsider = joined(session, member(session, "Sam"), other)
    session.commit()

    log_in(client, outsider)
    page = client.get(f"/discussions/{opened.id}")
    assert page.status_code == 200  # a public space: the post is read, not the card
    assert CARD not in page.text and FOR_MEMBERS in page.text
    assert "Rejoignez l’espace pour la voir." in page.text

    log_out(client)
    page = client.get(f"/discussions/{opened.id}")
    assert CARD not in page.text and FOR_MEMBERS in page.text
    assert "Connectez-vous" in page.text
    assert views(session) == 0  # nothing shown, nothing logged


def test_a_card_for_moderators_is_seen_by_the_spaces_moderators_only(client, session):
    diabetes, other = space(session), space(session, "endometriose")
    camille = member(session, "Camille")
    doctor = moderator(session, diabetes)
    elsewhere = moderator(session, other, "DrAilleurs")
    admin = member(session, "Admin", is_site_admin=True)
    lea = joined(session, member(session, "Lea"), diabetes)
    card, _post, opened = post_with_card(session, camille, diabetes, CardAudience.MODERATORS)
    url = f"/discussions/{opened.id}"

    for reader in (lea, elsewhere, admin):
        log_in(client, reader)
        page = client.get(url)
        assert page.status_code == 200
        assert CARD not in page.text and FOR_MODERATORS in page.text, reader.pseudonym
    log_out(client)
    assert CARD not in client.get(url).text
    assert views(session) == 0

    log_in(client, doctor)
    page = client.get(url)
    assert CARD in page.text and card.title in page.text
    assert views(session) == 1


def test_the_author_sees_their_card_on_their_pending_post(client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    card, _post, opened = post_with_card(session, camille, diabetes, published=False)

    log_in(client, camille)
    page = client.get(f"/discussions/{opened.id}")

    assert CARD in page.text and card.title in page.text
    assert views(session) == 0  # one's own views are not logged
    assert f"/donnees/cartes/{card.id}/retirer" in page.text  # withdrawn from the post too


def test_the_queue_shows_the_card_to_the_spaces_moderators(client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    doctor = moderator(session, diabetes)
    card, _post, _opened = post_with_card(
        session, camille, diabetes, CardAudience.MODERATORS, published=False
    )

    log_in(client, doctor)
    page = client.get("/moderation/")

    assert page.status_code == 200
    assert "Carte de données jointe" in page.text
    assert CARD in page.text and card.title in page.text
    assert page.headers["Cache-Control"] == "private, no-store"
    fresh(session)
    seen = session.scalars(select(CardView)).one()
    assert seen.viewer_id == doctor.id and seen.viewer_role == "space_moderator"


# --- every role, on the authorization table's world ------------------------------------

SEE_MEMBERS_CARD = {Role.SPACE_MEMBER, Role.SPACE_MODERATOR, Role.ASSOCIATION_ADMIN}
SEE_MODERATORS_CARD = {Role.SPACE_MODERATOR, Role.ASSOCIATION_ADMIN}


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_who_sees_which_card(client, session, role):
    world = build_world(session)
    if role is not Role.ANONYMOUS:
        log_in(client, world.members[role])

    for card, allowed in (
        (world.members_card, SEE_MEMBERS_CARD),
        (world.moderators_card, SEE_MODERATORS_CARD),
    ):
        page = client.get(f"/discussions/{card.post.thread_id}")
        assert page.status_code == 200
        assert (card.title in page.text) is (role in allowed), (role, card.audience)
        assert (CARD in page.text) is (role in allowed)
    fresh(session)
    logged = session.scalars(select(CardView.viewer_role)).all()
    assert logged == [role.value] * sum(
        role in allowed for allowed in (SEE_MEMBERS_CARD, SEE_MODERATORS_CARD)
    )


def test_a_page_of_cards_costs_the_same_queries_whatever_their_number(
    app, client, session, count_queries
):
    diabetes = space(session)
    camille = member(session, "Camille")
    lea = joined(session, member(session, "Lea"), diabetes)
    _card, _post, opened = post_with_card(session, camille, diabetes)
    for number in range(6):
        card = a_card(session, camille, diabetes)
        answer = services.reply(session, author=camille, thread=opened, body=f"Suite {number}")
        cards.link_card(session, owner=camille, card=card, post=answer)
        services.publish_post(session, post=answer)
    session.commit()
    log_in(client, lea)
    url = f"/discussions/{opened.id}"

    counts = []
    for per_page in (2, 40):
        app.config["POSTS_PER_PAGE"] = per_page
        fresh(session)
        with count_queries() as counter:
            page = client.get(url)
        assert page.text.count(CARD) == min(per_page, 7)
        counts.append(counter.count)

    # A member's thread page (tests/forums/test_query_counts.py: the user, the thread, the
    # posts, the reader's cards and draft for the reply form, how far she read, the posts'
    # reactions), then, as posts on it carry a card, one query for the page's cards and one
    # INSERT for the views of all of them.
    assert counts[0] == counts[1] == 7 + 1 + 1
    fresh(session)
    assert session.scalar(select(func.count()).select_from(CardView)) == 2 + 7

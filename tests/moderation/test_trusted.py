"""Trusted members: the space's moderators mark members whose posts they trust."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from community.accounts.models import MemberStatus
from community.forums import services as forums
from community.forums.models import Membership, PostStatus, SpaceRoleKind
from tests.forums import helpers as h

URL = "/moderation/espaces/diabete/membres-de-confiance"
# The cells of a member's row, each named after its column.
PSEUDONYM = '<td data-label="Pseudonyme">'
PUBLISHED = '<td data-label="Messages publiés">'
REFUSED = '<td data-label="Messages refusés">'


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    diabete = h.space(session, "diabete")
    world = {
        "space": diabete,
        "moderator": h.member(session, "Moderatrice"),
        "camille": h.member(session, "Camille"),
        "noa": h.member(session, "Noa"),
    }
    forums.grant_space_role(
        session, space=diabete, member=world["moderator"], kind=SpaceRoleKind.MODERATOR
    )
    # Camille: two posts published, one refused; Noa: one waiting.
    opened, _first = h.thread(session, world["camille"], diabete)
    h.reply(session, world["camille"], opened, "Merci pour vos réponses.")
    refused = h.reply(session, world["camille"], opened, "Hors sujet.", published=False)
    refused.status = PostStatus.REJECTED
    h.reply(session, world["noa"], opened, "Et vous ?", published=False)
    # A member of another space does not appear.
    h.joined(session, h.member(session, "Ailleurs"), h.space(session, "asthme"))
    session.commit()
    return world


def _membership(session: Any, world: dict[str, Any], who: str) -> Membership:
    h.fresh(session)
    return session.scalar(
        select(Membership).where(
            Membership.member_id == world[who].id, Membership.space_id == world["space"].id
        )
    )


def test_a_moderator_sees_the_members_with_their_record(client, world):
    h.log_in(client, world["moderator"])

    page = client.get(URL).get_data(as_text=True)

    assert "Membres de confiance : Diabete" in page
    assert "La publication immédiate est désactivée dans cet espace" in page
    camille = page.split(f"{PSEUDONYM}Camille</td>", 1)[1]
    assert camille.split("</tr>", 1)[0].count("<td ") == 3
    assert f"{PUBLISHED}2</td>\n      {REFUSED}1</td>" in camille
    assert f"{PSEUDONYM}Noa</td>\n      {PUBLISHED}0</td>\n      {REFUSED}0</td>" in page
    assert "Ailleurs" not in page
    assert "Faire confiance à Camille" in page


def test_a_moderator_marks_a_member_trusted_then_withdraws_it(client, session, world):
    h.log_in(client, world["moderator"])
    url = f"{URL}/{world['camille'].id}"

    page = client.post(url, data={"trusted": "1"}, follow_redirects=True).get_data(as_text=True)

    assert "Camille est membre de confiance de l’espace." in page
    assert "Retirer la confiance à Camille" in page
    membership = _membership(session, world, "camille")
    assert membership.trusted_at is not None
    assert membership.trusted_by_id == world["moderator"].id
    # Trusted members come first.
    assert page.index(f"{PSEUDONYM}Camille</td>") < page.index(f"{PSEUDONYM}Noa</td>")

    page = client.post(url, data={"trusted": "0"}, follow_redirects=True).get_data(as_text=True)

    assert "Camille n’est plus membre de confiance de l’espace." in page
    membership = _membership(session, world, "camille")
    assert membership.trusted_at is None and membership.trusted_by_id is None


def test_marking_twice_keeps_the_first_date(client, session, world):
    h.log_in(client, world["moderator"])
    url = f"{URL}/{world['camille'].id}"
    client.post(url, data={"trusted": "1"})
    first = _membership(session, world, "camille").trusted_at

    client.post(url, data={"trusted": "1"})

    assert _membership(session, world, "camille").trusted_at == first


def test_someone_outside_the_space_cannot_be_marked(client, session, world):
    stranger = h.member(session, "Passant")
    session.commit()
    h.log_in(client, world["moderator"])

    assert client.post(f"{URL}/{stranger.id}", data={"trusted": "1"}).status_code == 404
    assert client.post(f"{URL}/999999", data={"trusted": "1"}).status_code == 404


def test_a_deleted_account_is_not_listed(client, session, world):
    world["noa"].status = MemberStatus.DELETED
    session.commit()
    h.log_in(client, world["moderator"])

    assert f"{PSEUDONYM}Noa</td>" not in client.get(URL).get_data(as_text=True)


def test_a_member_of_the_space_cannot_mark_anyone(client, session, world):
    h.log_in(client, world["noa"])

    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}/{world['noa'].id}", data={"trusted": "1"}).status_code == 403
    assert _membership(session, world, "noa").trusted_at is None


def test_the_list_is_paged_in_a_fixed_number_of_queries(client, session, world, count_queries):
    for number in range(60):
        h.joined(session, h.member(session, f"Membre{number:02d}"), world["space"])
    session.commit()
    h.log_in(client, world["moderator"])

    with count_queries() as counter:
        first = client.get(URL).get_data(as_text=True)
    second = client.get(f"{URL}?page=2").get_data(as_text=True)

    assert counter.count <= 8, counter.statements
    assert "Page 1 sur 2" in first and "Page 2 sur 2" in second
    assert "Membre59" in second and "Membre59" not in first
    # A page past the end shows the last one.
    assert "Page 2 sur 2" in client.get(f"{URL}?page=99").get_data(as_text=True)


def test_the_page_is_in_english_for_an_english_reader(client, session, world):
    world["moderator"].locale = "en"
    session.commit()
    h.log_in(client, world["moderator"])

    page = client.get(URL).get_data(as_text=True)

    assert "Trusted members: Diabete" in page

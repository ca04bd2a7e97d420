"""Withdrawing a card is one action: the row is gone, every page says "Données retirées par
leur auteur"; deleting one's account deletes the vault, the cards and the view log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.accounts.services import delete_account
from community.forums import services
from community.forums.models import SpaceRoleKind
from community.permissions import Role
from community.selfdata import access_log, store
from community.selfdata.crypto import keyring
from community.selfdata.models import (
    CardAudience,
    CardView,
    DataCard,
    DataWithdrawal,
    PendingImport,
    VaultEntry,
    VaultProfile,
)
from tests.forums.helpers import fresh, joined, log_in, member, space
from tests.selfdata.card_helpers import K_FOR_TESTS, a_card, post_with_card

pytestmark = pytest.mark.config(SELFDATA_K_ANONYMITY=K_FOR_TESTS)

WITHDRAWN = "Données retirées par leur auteur."


@pytest.fixture(autouse=True)
def in_a_request(app):
    with app.test_request_context():
        yield


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_one_action_removes_the_card_everywhere(client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    lea = joined(session, member(session, "Lea"), diabetes)
    card, post, opened = post_with_card(session, camille, diabetes)
    title, card_id = card.title, card.id
    log_in(client, lea)
    assert title in client.get(f"/discussions/{opened.id}").text

    log_in(client, camille)
    assert "La carte sera effacée" in client.get(f"/donnees/cartes/{card_id}/retirer").text
    done = client.post(f"/donnees/cartes/{card_id}/retirer")

    assert done.status_code == 302
    fresh(session)
    assert session.get(DataCard, card_id) is None
    assert session.get(DataWithdrawal, post.id) is not None
    # Who saw it stays known to its owner; the log no longer points at a card.
    seen = session.scalars(select(CardView)).one()
    assert seen.card_id is None and seen.card_title == title
    assert title not in client.get("/donnees/cartes/").text
    assert title in client.get("/donnees/cartes/qui-a-vu").text
    log_in(client, lea)
    page = client.get(f"/discussions/{opened.id}").text
    assert WITHDRAWN in page and title not in page


def test_a_withdrawn_card_leaves_the_moderation_queue(client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    doctor = member(session, "DrMartin")
    services.grant_space_role(session, space=diabetes, member=doctor, kind=SpaceRoleKind.MODERATOR)
    card, _post, _opened = post_with_card(session, camille, diabetes, published=False)
    title = card.title
    log_in(client, doctor)
    assert title in client.get("/moderation/").text

    log_in(client, camille)
    client.post(f"/donnees/cartes/{card.id}/retirer")

    log_in(client, doctor)
    page = client.get("/moderation/").text
    assert title not in page and 'class="data-card"' not in page


def test_withdraw_all_my_cards(client, session):
    diabetes = space(session)
    camille, sam = member(session, "Camille"), member(session, "Sam")
    post_with_card(session, camille, diabetes)
    a_card(session, camille, diabetes, CardAudience.MODERATORS)
    _their_card, _post, _opened = post_with_card(session, sam, diabetes, title="Mes chiffres")
    log_in(client, camille)

    assert "Toutes vos cartes seront effacées" in client.get("/donnees/cartes/retirer-tout").text
    done = client.post("/donnees/cartes/retirer-tout")

    assert done.status_code == 302
    assert "Cartes retirées : 2." in client.get("/donnees/cartes/").text
    fresh(session)
    assert [card.owner_id for card in session.scalars(select(DataCard))] == [sam.id]


def test_no_one_withdraws_someone_elses_card(client, session):
    diabetes = space(session)
    camille, sam = member(session, "Camille"), member(session, "Sam")
    card, _post, _opened = post_with_card(session, camille, diabetes)
    log_in(client, sam)

    assert client.get(f"/donnees/cartes/{card.id}/retirer").status_code == 404
    assert client.post(f"/donnees/cartes/{card.id}/retirer").status_code == 404
    fresh(session)
    assert session.get(DataCard, card.id) is not None


def test_deleting_ones_account_deletes_vault_cards_imports_and_log(session):
    diabetes = space(session)
    camille = member(session, "Camille")
    lea = joined(session, member(session, "Lea"), diabetes)
    card, post, _opened = post_with_card(session, camille, diabetes)
    _leas_card, _leas_post, _t = post_with_card(session, lea, diabetes, title="Chez Léa")
    access_log.record_view(session, card=card, viewer=lea, role=Role.SPACE_MEMBER)
    session.add(PendingImport(owner_id=camille.id, sealed=keyring().seal([]), row_count=0))
    session.commit()
    assert store.records(session, owner=camille)

    delete_account(session, member=camille, password="correct horse battery", withdraw_posts=False)
    session.commit()

    assert store.records(session, owner=camille) == []
    assert session.get(VaultProfile, camille.id) is None
    assert session.scalar(select(func.count()).where(VaultEntry.owner_id == camille.id)) == 0
    assert session.scalar(select(func.count()).where(DataCard.owner_id == camille.id)) == 0
    assert session.scalar(select(func.count()).where(CardView.owner_id == camille.id)) == 0
    assert count(session, PendingImport) == 0
    assert session.get(DataWithdrawal, post.id) is not None
    # Léa's vault and card are hers: untouched.
    assert session.scalar(select(func.count()).where(DataCard.owner_id == lea.id)) == 1

"""Making a data card: the preview is what is stored, a refusal stores nothing, the server
rebuilds the card from the vault, and a card goes only with its owner's unpublished post."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.forums import services
from community.forums.models import PostStatus
from community.kernel.clock import utcnow
from community.selfdata import cards, store
from community.selfdata.models import CardAudience, DataCard
from community.selfdata.records import Measurement
from tests.forums.helpers import fresh, joined, log_in, member, space, thread
from tests.selfdata.card_helpers import (
    K_FOR_TESTS,
    a_card,
    fill_vault,
    form_data,
    last_days,
    post_with_card,
)

pytestmark = pytest.mark.config(SELFDATA_K_ANONYMITY=K_FOR_TESTS)


@pytest.fixture(autouse=True)
def in_a_request(app):
    """The services speak the member's language, which a request carries."""
    with app.test_request_context():
        yield


def card_count(session) -> int:
    return session.scalar(select(func.count()).select_from(DataCard))


def test_what_the_member_previews_is_what_is_stored(session):
    diabetes = space(session)
    camille = joined(session, member(session, "Camille"), diabetes)
    fill_vault(session, camille)

    shown = cards.preview(session, owner=camille, space=diabetes, request=last_days())
    card = cards.create_card(
        session,
        owner=camille,
        space=diabetes,
        request=last_days(),
        audience=CardAudience.MEMBERS,
    )

    assert shown.snapshot is not None
    assert cards.snapshot_of(card) == shown.snapshot
    assert card.title == shown.snapshot["title"]
    assert card.post_id is None


def test_the_preview_page_shows_the_card_and_the_confirmation_stores_it(client, session):
    diabetes = space(session, name="Diabète de type 1")
    camille = joined(session, member(session, "Camille"), diabetes)
    fill_vault(session, camille)
    session.commit()
    log_in(client, camille)

    assert "Créer une carte de données" in client.get("/donnees/cartes/nouvelle").text
    page = client.post("/donnees/cartes/apercu", data=form_data(last_days(), diabetes.id))
    assert page.status_code == 200
    assert "J’ai vérifié ce que les autres verront" in page.text
    assert "Diabète de type 1" in page.text
    assert page.headers["Cache-Control"] == "private, no-store"
    fresh(session)
    assert card_count(session) == 0  # a preview stores nothing

    done = client.post(
        "/donnees/cartes/creer",
        data=form_data(last_days(), diabetes.id, audience="members", consent="y"),
    )
    assert done.status_code == 302
    fresh(session)
    card = session.scalars(select(DataCard)).one()
    assert card.audience is CardAudience.MEMBERS
    assert "choisissez-la sous « Carte de données »" in client.get("/donnees/cartes/").text


def test_without_consent_nothing_is_stored(client, session):
    diabetes = space(session)
    camille = joined(session, member(session, "Camille"), diabetes)
    fill_vault(session, camille)
    session.commit()
    log_in(client, camille)

    page = client.post(
        "/donnees/cartes/creer", data=form_data(last_days(), diabetes.id, audience="members")
    )

    assert page.status_code == 400
    assert "Cochez cette case une fois la carte vérifiée." in page.text
    fresh(session)
    assert card_count(session) == 0


def test_a_refused_card_leaves_nothing(client, session):
    diabetes = space(session)
    camille = joined(session, member(session, "Camille"), diabetes)
    fill_vault(session, camille)
    session.commit()
    # Long ago: the vault holds nothing then.
    empty = last_days(10).__class__(
        series=("glucose",), start=last_days(400).start, end=last_days(380).start
    )

    refused = cards.preview(session, owner=camille, space=diabetes, request=empty)
    assert refused.snapshot is None and refused.refusal
    with pytest.raises(cards.CardError):
        cards.create_card(
            session, owner=camille, space=diabetes, request=empty, audience=CardAudience.MEMBERS
        )
    log_in(client, camille)
    page = client.post(
        "/donnees/cartes/creer",
        data=form_data(empty, diabetes.id, audience="members", consent="y"),
    )

    assert page.status_code == 400
    assert "Cette carte ne peut pas être créée" in page.text
    fresh(session)
    assert card_count(session) == 0


def test_the_card_is_rebuilt_from_the_vault_not_from_the_browser(client, session):
    diabetes = space(session)
    camille = joined(session, member(session, "Camille"), diabetes)
    fill_vault(session, camille)
    session.commit()
    before = cards.preview(session, owner=camille, space=diabetes, request=last_days())
    log_in(client, camille)
    client.post("/donnees/cartes/apercu", data=form_data(last_days(), diabetes.id))
    # Between the preview and the confirmation, the vault changes, and the browser sends
    # back words of its own: only the vault counts.
    store.add_record(
        session,
        owner=camille,
        record=Measurement(
            series="glucose", at=utcnow() - timedelta(days=1), value=300, unit="mg/dL"
        ),
    )
    session.commit()

    client.post(
        "/donnees/cartes/creer",
        data=form_data(
            last_days(),
            diabetes.id,
            audience="members",
            consent="y",
            title="Camille Martin, 12 rue des Lilas",
            snapshot='{"v": 1, "title": "faux"}',
        ),
    )

    fresh(session)
    card = session.scalars(select(DataCard)).one()
    stored = cards.snapshot_of(card)
    assert stored != before.snapshot
    assert len(stored["series"][0]["points"]) == len(before.snapshot["series"][0]["points"]) + 1
    assert "Lilas" not in card.title and stored["title"] != "faux"


def test_a_card_is_made_only_for_a_space_one_belongs_to(client, session):
    diabetes = space(session)
    other = space(session, "endometriose")
    camille = joined(session, member(session, "Camille"), diabetes)
    fill_vault(session, camille)
    session.commit()

    with pytest.raises(cards.CardError):
        cards.create_card(
            session, owner=camille, space=other, request=last_days(), audience=CardAudience.MEMBERS
        )
    log_in(client, camille)
    page = client.post(
        "/donnees/cartes/creer",
        data=form_data(last_days(), other.id, audience="members", consent="y"),
    )
    assert page.status_code == 400
    assert "Choisissez un des espaces dont vous êtes membre." in page.text
    fresh(session)
    assert card_count(session) == 0


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("pas une date", "2026-01-01", "Donnez une date, par exemple 2026-03-12."),
        ("2026-03-01", "2026-02-01", "La fin de la période doit suivre son début."),
        ("2020-01-01", "2026-01-01", "Une carte couvre deux ans au plus."),
    ],
)
def test_a_bad_period_is_explained_in_french(client, session, start, end, message):
    diabetes = space(session)
    camille = joined(session, member(session, "Camille"), diabetes)
    fill_vault(session, camille)
    session.commit()
    log_in(client, camille)

    data = {**form_data(last_days(), diabetes.id), "start": start, "end": end}
    page = client.post("/donnees/cartes/apercu", data=data)

    assert page.status_code == 400
    assert message in page.text


def test_nothing_chosen_is_explained(client, session):
    diabetes = space(session)
    camille = joined(session, member(session, "Camille"), diabetes)
    fill_vault(session, camille)
    session.commit()
    log_in(client, camille)

    data = {**form_data(last_days(), diabetes.id), "series": []}
    page = client.post("/donnees/cartes/apercu", data=data)

    assert page.status_code == 400
    assert "Choisissez au moins une mesure" in page.text


# --- linking ------------------------------------------------------------------------------


def test_a_card_goes_with_its_owners_pending_post_of_the_same_space(session):
    diabetes = space(session)
    camille = member(session, "Camille")
    fill_vault(session, camille)
    card = a_card(session, camille, diabetes)
    _thread, post = thread(session, camille, diabetes, published=False)

    cards.link_card(session, owner=camille, card=card, post=post)

    assert card.post_id == post.id and card.linked_at is not None


def test_a_card_is_not_joined_to_someone_elses_post(session):
    diabetes = space(session)
    camille = member(session, "Camille")
    fill_vault(session, camille)
    card = a_card(session, camille, diabetes)
    _thread, theirs = thread(session, member(session, "Sam"), diabetes, published=False)

    with pytest.raises(cards.CardError):
        cards.link_card(session, owner=camille, card=card, post=theirs)


def test_a_card_is_not_joined_to_a_published_post(session):
    diabetes = space(session)
    camille = member(session, "Camille")
    fill_vault(session, camille)
    card = a_card(session, camille, diabetes)
    _thread, post = thread(session, camille, diabetes, published=True)
    assert post.status is PostStatus.PUBLISHED

    with pytest.raises(cards.CardError) as refused:
        cards.link_card(session, owner=camille, card=card, post=post)
    assert refused.value.code == "post_not_linkable"


def test_a_card_is_not_joined_to_a_post_of_another_space(session):
    diabetes, other = space(session), space(session, "endometriose")
    camille = member(session, "Camille")
    fill_vault(session, camille)
    card = a_card(session, camille, diabetes)
    _thread, post = thread(session, camille, other, published=False)

    with pytest.raises(cards.CardError) as refused:
        cards.link_card(session, owner=camille, card=card, post=post)
    assert refused.value.code == "other_space"


def test_a_card_is_joined_once_and_a_post_takes_one_card(session):
    diabetes = space(session)
    camille = member(session, "Camille")
    card, post, opened = post_with_card(session, camille, diabetes, published=False)
    second_post = services.reply(session, author=camille, thread=opened, body="Et encore.")
    other_card = a_card(session, camille, diabetes)

    with pytest.raises(cards.CardError) as twice:
        cards.link_card(session, owner=camille, card=card, post=second_post)
    assert twice.value.code == "already_linked"
    with pytest.raises(cards.CardError) as crowded:
        cards.link_card(session, owner=camille, card=other_card, post=post)
    assert crowded.value.code == "post_has_card"


def test_writing_a_thread_with_a_card_joins_it_in_the_same_step(client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    fill_vault(session, camille)
    card = a_card(session, camille, diabetes)
    session.commit()
    log_in(client, camille)

    form = client.get("/espaces/diabete/nouvelle-discussion")
    assert card.title in form.text
    done = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={"title": "Mes chiffres", "body": "Voici.", "card": str(card.id), "submit": "Envoyer"},
    )

    assert done.status_code == 302
    fresh(session)
    linked = session.get(DataCard, card.id)
    assert linked.post is not None and linked.post.status is PostStatus.PENDING


def test_replying_with_a_card_that_is_not_mine_stores_nothing(client, session):
    diabetes = space(session)
    camille, sam = member(session, "Camille"), member(session, "Sam")
    opened, _post = thread(session, sam, diabetes)
    fill_vault(session, sam)
    sams_card = a_card(session, sam, diabetes)
    joined(session, camille, diabetes)
    session.commit()
    log_in(client, camille)

    page = client.post(
        f"/discussions/{opened.id}/repondre",
        data={"body": "Merci.", "card": str(sams_card.id), "submit": "Envoyer"},
    )

    assert page.status_code == 200
    assert "Choisissez une de vos cartes pour cet espace, ou aucune." in page.text
    fresh(session)
    assert session.get(DataCard, sams_card.id).post_id is None
    assert opened.post_count == 1

"""Nothing a member writes is lost: a draft is kept when they preview or step away from the
form, taken up again when they come back, sealed like the vault, theirs alone, and gone
once the post is sent.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from community.accounts.models import MemberExport
from community.forums import services
from community.forums.jobs import purge_drafts_once
from community.forums.models import Draft, Post, PostRevision, SpaceRoleKind
from community.kernel.clock import utcnow
from community.pages.mydata.archive import JSON_NAME
from community.pages.mydata.labels import FIELD_LABELS
from community.selfdata.crypto import keyring
from community.selfdata.models import DataCard
from tests.forums import helpers as h
from tests.pages.test_mydata import unzip
from tests.selfdata.card_helpers import K_FOR_TESTS, fill_vault, form_data, last_days

pytestmark = pytest.mark.config(SELFDATA_K_ANONYMITY=K_FOR_TESTS)

WORDS = "Depuis la pompe, mes nuits sont plus calmes : moins d’hypoglycémies vers 3 h."


@pytest.fixture
def world(session):
    """Camille, a member of the diabetes space with a vault; a published thread of Noa's
    there; and the space's moderator."""
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    noa = h.joined(session, h.member(session, "Noa"), diabetes)
    doctor = h.member(session, "DrAubrac")
    services.grant_space_role(session, space=diabetes, member=doctor, kind=SpaceRoleKind.MODERATOR)
    fill_vault(session, camille)
    thread, _opening = h.thread(
        session, noa, diabetes, title="La pompe la nuit", body="Qui la garde la nuit ?"
    )
    session.commit()
    return {"space": diabetes, "camille": camille, "noa": noa, "doctor": doctor, "thread": thread}


def _drafts(session) -> list[Draft]:
    h.fresh(session)
    return list(session.scalars(select(Draft)))


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_a_reply_previewed_is_kept_and_taken_up_on_the_thread_page_and_its_own(
    client, session, world
):
    thread = world["thread"]
    h.log_in(client, world["camille"])

    preview = client.post(
        f"/discussions/{thread.id}/repondre", data={"body": WORDS, "preview": "Aperçu"}
    )

    assert preview.status_code == 200
    assert "Voici votre message tel que les autres le verront" in preview.get_data(as_text=True)
    (draft,) = _drafts(session)
    assert (draft.member_id, draft.thread_id, draft.space_id, draft.post_id) == (
        world["camille"].id,
        thread.id,
        None,
        None,
    )
    # She comes back later: the thread page's form and the reply page both hold her words.
    for url in (f"/discussions/{thread.id}", f"/discussions/{thread.id}/repondre"):
        page = _page(client, url)
        assert WORDS.replace("’", "&#39;") in page or WORDS in page
        assert "Vous reprenez votre brouillon du" in page
    # Previewing again keeps one draft, with the new words.
    client.post(
        f"/discussions/{thread.id}/repondre", data={"body": WORDS + " Et vous ?", "preview": "1"}
    )
    (again,) = _drafts(session)
    assert again.id == draft.id and keyring().open(again.sealed)["body"].endswith("Et vous ?")


def test_a_draft_is_sealed_with_the_vaults_keys_and_read_by_its_author_only(client, session, world):
    thread = world["thread"]
    h.log_in(client, world["camille"])
    client.post(f"/discussions/{thread.id}/repondre", data={"body": WORDS, "preview": "1"})
    (draft,) = _drafts(session)

    # At rest, nothing of her words is in clear.
    assert b"hypoglyc" not in bytes(draft.sealed) and b"pompe" not in bytes(draft.sealed)
    assert keyring().open(draft.sealed)["body"] == WORDS
    # Neither the other member nor the space's moderator sees it, anywhere.
    for other in (world["noa"], world["doctor"]):
        h.log_in(client, other)
        for url in (f"/discussions/{thread.id}", f"/discussions/{thread.id}/repondre"):
            if other is world["doctor"] and url.endswith("repondre"):
                continue  # the moderator is not a member of the space: no form for her
            assert "hypoglycémies" not in _page(client, url)
        assert "La pompe la nuit" not in _page(client, "/brouillons/")
        assert client.get(f"/brouillons/{draft.id}/supprimer").status_code == 404
        assert client.post(f"/brouillons/{draft.id}/supprimer").status_code == 404
    if client.get("/moderation/").status_code == 200:
        assert "hypoglycémies" not in client.get("/moderation/").get_data(as_text=True)
    assert len(_drafts(session)) == 1


def test_a_draft_survives_building_a_data_card_then_goes_once_the_reply_is_sent(
    client, session, world
):
    thread, diabetes = world["thread"], world["space"]
    h.log_in(client, world["camille"])

    # In the middle of her reply, she asks to build a card: her words are kept, and the
    # card builder opens for this space, knowing where to come back.
    away = client.post(
        f"/discussions/{thread.id}/repondre", data={"body": WORDS, "quitter": "carte"}
    )
    assert away.status_code == 302
    target = urlsplit(away.headers["Location"])
    assert target.path == "/donnees/cartes/nouvelle"
    query = parse_qs(target.query)
    assert query == {"espace": [str(diabetes.id)], "retour": [f"/discussions/{thread.id}/repondre"]}
    assert len(_drafts(session)) == 1
    builder = _page(client, away.headers["Location"])
    assert "Votre message est gardé en brouillon" in builder
    assert f'<option selected value="{diabetes.id}">' in builder
    assert f'value="/discussions/{thread.id}/repondre"' in builder

    # She builds it: preview, consent; and is taken back to her reply, the card chosen.
    request = form_data(last_days(), diabetes.id, retour=f"/discussions/{thread.id}/repondre")
    preview = client.post("/donnees/cartes/apercu", data=request)
    assert preview.status_code == 200
    assert f'value="/discussions/{thread.id}/repondre"' in preview.get_data(as_text=True)
    made = client.post(
        "/donnees/cartes/creer", data={**request, "audience": "members", "consent": "y"}
    )
    assert made.status_code == 302
    card = session.scalars(select(DataCard)).one()
    assert made.headers["Location"] == f"/discussions/{thread.id}/repondre?carte={card.id}"
    back = _page(client, made.headers["Location"])
    assert "Votre carte est prête et choisie pour votre message" in back
    assert "Vous reprenez votre brouillon du" in back
    assert "moins d&#39;hypoglycémies" in back or "moins d’hypoglycémies" in back
    assert re.search(rf'<option selected value="{card.id}">', back)

    # The preview shows the card as the post will, and who will see it.
    shown = client.post(
        f"/discussions/{thread.id}/repondre",
        data={"body": WORDS, "card": str(card.id), "preview": "Aperçu"},
    ).get_data(as_text=True)
    assert 'class="data-card"' in shown and card.title in shown
    assert "Qui verra cette carte : Les membres de l’espace." in shown
    assert keyring().open(_drafts(session)[0].sealed)["card"] == card.id

    # She sends it: the reply carries the card, and the draft is gone.
    sent = client.post(
        f"/discussions/{thread.id}/repondre", data={"body": WORDS, "card": str(card.id)}
    )
    assert sent.status_code == 302
    assert _drafts(session) == []
    post = session.scalars(select(Post).where(Post.author_id == world["camille"].id)).one()
    assert session.get(DataCard, card.id).post_id == post.id
    assert "Vous n’avez aucun brouillon." in _page(client, "/brouillons/")
    assert "Vous reprenez votre brouillon" not in _page(client, f"/discussions/{thread.id}")


def test_a_new_thread_kept_by_its_button_is_listed_and_deleted_from_the_list(
    client, session, world
):
    h.log_in(client, world["camille"])
    kept = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={"title": "La nuit", "body": WORDS, "quitter": "brouillon"},
    )

    assert kept.status_code == 302
    assert kept.headers["Location"] == "/espaces/diabete/nouvelle-discussion"
    form = _page(client, kept.headers["Location"])
    assert "Votre brouillon est enregistré" in form and 'value="La nuit"' in form
    (draft,) = _drafts(session)
    assert draft.space_id == world["space"].id
    listed = _page(client, "/brouillons/")
    assert "Nouvelle discussion dans « Diabete »" in listed and "La nuit" in listed
    assert "/espaces/diabete/nouvelle-discussion" in listed

    # Deleting asks first, and shows the words in full to copy them.
    confirm = _page(client, f"/brouillons/{draft.id}/supprimer")
    assert "Supprimer ce brouillon ?" in confirm and "3 h." in confirm
    gone = client.post(f"/brouillons/{draft.id}/supprimer", data={"retour": "/brouillons/"})
    assert gone.status_code == 302 and gone.headers["Location"] == "/brouillons/"
    assert _drafts(session) == []
    assert 'value="La nuit"' not in _page(client, "/espaces/diabete/nouvelle-discussion")


def test_reading_the_help_from_the_form_keeps_the_draft(client, session, world):
    h.log_in(client, world["camille"])

    away = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={"title": "", "body": WORDS, "quitter": "aide"},
    )

    assert away.status_code == 302
    assert away.headers["Location"] == "/comment-ca-marche?espace=diabete#moderation"
    assert len(_drafts(session)) == 1


def test_an_emptied_form_leaves_no_draft(client, session, world):
    thread = world["thread"]
    h.log_in(client, world["camille"])
    client.post(f"/discussions/{thread.id}/repondre", data={"body": WORDS, "preview": "1"})
    assert len(_drafts(session)) == 1

    client.post(f"/discussions/{thread.id}/repondre", data={"body": " \u200b ", "preview": "1"})

    assert _drafts(session) == []


def test_a_reply_too_long_to_send_is_kept_to_shorten_later(client, session, world):
    thread = world["thread"]
    h.log_in(client, world["camille"])
    long = "Très long. " * 2000

    refused = client.post(f"/discussions/{thread.id}/repondre", data={"body": long})

    assert refused.status_code == 200 and "trop long" in refused.get_data(as_text=True)
    (draft,) = _drafts(session)
    assert keyring().open(draft.sealed)["body"] == long
    assert session.scalars(select(Post).where(Post.author_id == world["camille"].id)).all() == []


def test_an_edit_is_kept_apart_from_the_post_and_goes_once_sent(client, session, world):
    _thread, opening = h.thread(session, world["camille"], world["space"], title="Mon capteur")
    session.commit()
    h.log_in(client, world["camille"])
    url = f"/messages/{opening.id}/modifier"

    client.post(url, data={"title": "Mon capteur", "body": WORDS, "preview": "1"})

    (draft,) = _drafts(session)
    assert draft.post_id == opening.id
    # Others still see the post as it was; she finds her draft in the form.
    assert session.get(Post, opening.id).body_source != WORDS
    form = _page(client, url)
    assert "Vous reprenez votre brouillon du" in form and "3 h." in form
    assert "Modification de votre message dans « Mon capteur »" in _page(client, "/brouillons/")

    # Taken back to what the post says, there is nothing left to keep.
    client.post(url, data={"title": "Mon capteur", "body": opening.body_source, "preview": "1"})
    assert _drafts(session) == []

    sent = client.post(url, data={"title": "Mon capteur", "body": WORDS})

    assert sent.status_code == 302
    assert _drafts(session) == []
    assert session.scalars(select(PostRevision.body_source)).all()[-1] == WORDS


def test_the_worker_forgets_drafts_left_untouched_for_months(app, client, session, world):
    thread = world["thread"]
    h.log_in(client, world["camille"])
    client.post(f"/discussions/{thread.id}/repondre", data={"body": WORDS, "preview": "1"})
    client.post("/espaces/diabete/nouvelle-discussion", data={"body": WORDS, "preview": "1"})
    old, recent = _drafts(session)
    old.updated_at = utcnow() - timedelta(days=app.config["DRAFT_KEPT_DAYS"] + 1)
    session.commit()

    assert purge_drafts_once(app) == 1

    assert [draft.id for draft in _drafts(session)] == [recent.id]


def test_a_members_archive_holds_their_drafts_in_words(client, session, world):
    thread = world["thread"]
    h.log_in(client, world["camille"])
    client.post(f"/discussions/{thread.id}/repondre", data={"body": WORDS, "preview": "1"})

    assert client.post("/compte/mes-donnees", follow_redirects=True).status_code == 200
    export = session.scalars(select(MemberExport).order_by(MemberExport.id.desc())).first()
    files = unzip(client.get(f"/compte/mes-donnees/{export.id}/archive.zip").data)

    (draft,) = json.loads(files[JSON_NAME])["sections"]["drafts"]
    assert draft["text"] == WORDS and draft["where"] == "Réponse à « La pompe la nuit »"
    assert draft["link"].endswith(f"/discussions/{thread.id}/repondre")
    assert set(draft) - set(FIELD_LABELS) == set()
    page = files["drafts.html"].decode()
    assert "Mes brouillons" in page and "Enregistré le" in page and "3 h." in page

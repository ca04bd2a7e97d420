"""Deleting one's account: confirmed by password, explained, and nothing half-done."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from community.accounts.models import Member, MemberStatus
from community.forums import services as forums
from community.forums.models import Membership, Post, PostStatus, SpaceRole, SpaceRoleKind
from community.notifications.models import Notification, NotificationKind
from community.notifications.services import notify
from tests.accounts.conftest import PASSWORD, registration
from tests.forums import helpers as h

DELETED = "Votre compte est supprimé."


def _world(session: Any) -> dict[str, Any]:
    """Camille moderates the diabetes space, wrote a published thread, a pending reply,
    and has a notification; Sam answered in her thread."""
    space = h.space(session, "diabete")
    camille = h.member(session, "Camille")
    sam = h.member(session, "Sam")
    forums.grant_space_role(session, space=space, member=camille, kind=SpaceRoleKind.MODERATOR)
    thread, opening = h.thread(session, camille, space, title="Pompe ou stylos", body="Mon avis.")
    answer = h.reply(session, sam, thread, "Les stylos, pour moi.")
    pending = h.reply(session, camille, thread, "Pas encore relu.", published=False)
    notify(session, member=camille, kind=NotificationKind.POST_APPROVED, post=opening)
    session.commit()
    return {
        "space": space,
        "camille": camille,
        "camille_id": camille.id,
        "sam": sam,
        "thread": thread,
        "opening": opening,
        "answer": answer,
        "pending": pending,
    }


def _delete(client: FlaskClient, *, password: str = PASSWORD, posts: str = "keep") -> Any:
    return client.post("/compte/supprimer", data={"password": password, "posts": posts})


def _member(session: Any, member_id: int) -> Member:
    session.expire_all()
    member = session.get(Member, member_id)
    assert member is not None
    return member


def test_the_page_explains_what_happens_and_keeps_posts_by_default(client, session):
    world = _world(session)
    h.log_in(client, world["camille"])

    account = client.get("/compte").get_data(as_text=True)
    assert 'href="/compte/supprimer"' in account
    page = client.get("/compte/supprimer").get_data(as_text=True)

    assert "Vous ne pourrez plus vous connecter." in page
    assert "sous un nom neutre" in page
    # Keeping is checked; withdrawing says what becomes of the others' replies.
    assert (
        '<input aria-describedby="posts-0-aide" checked id="posts-0" name="posts" required '
        'type="radio" value="keep">'
    ) in page
    assert 'value="withdraw">' in page and "Retirer aussi tous mes messages" in page
    assert "les réponses que d’autres membres y ont écrites disparaissent avec elle" in page
    assert 'autocomplete="current-password"' in page


def test_the_page_says_the_vault_and_cards_go_and_offers_to_download_them_first(client, session):
    world = _world(session)
    h.log_in(client, world["camille"])

    page = client.get("/compte/supprimer").get_data(as_text=True)

    assert "Votre coffre de données et chacune de vos cartes de données seront effacés." in page
    before, _sep, after = page.partition('action="/compte/supprimer"')
    # The downloads come before the form that deletes.
    for link in ('href="/donnees/export.csv"', 'href="/donnees/export.json"'):
        assert link in before and link not in after
    assert 'href="/compte/mes-donnees"' in before


def test_i_delete_my_account_withdrawing_my_posts_and_nothing_leads_to_me(client, session, auth):
    world = _world(session)
    h.log_in(client, world["camille"])

    done = _delete(client, posts="withdraw")

    assert done.status_code == 302
    assert DELETED in client.get(done.headers["Location"]).get_data(as_text=True)
    camille = _member(session, world["camille_id"])
    assert camille.status is MemberStatus.DELETED and camille.deleted_at is not None
    assert camille.pseudonym.startswith("membre-supprimé-")
    assert camille.email == "" and "@" not in camille.email_key
    assert camille.notify_by_email is False
    # Logged out, and the account opens no more, by pseudonym or e-mail.
    assert client.get("/compte").status_code == 302
    assert auth.login("Camille").status_code == 200
    assert auth.login("camille@example.org").status_code == 200
    assert auth.login(camille.pseudonym).status_code == 200
    # No role, no space, no notification left.
    for model in (SpaceRole, Membership, Notification):
        assert session.scalars(select(model).where(model.member_id == camille.id)).all() == []
    # Withdrawn posts, published or not; Sam's answer stays but the thread went with its opening.
    for key in ("opening", "pending"):
        assert session.get(Post, world[key].id).status is PostStatus.WITHDRAWN
    assert session.get(Post, world["answer"].id).status is PostStatus.PUBLISHED
    assert world["space"].thread_count == 0 and world["space"].post_count == 0


def test_by_default_my_published_posts_stay_signed_deleted_member(client, session):
    world = _world(session)
    h.log_in(client, world["camille"])
    page = client.get("/compte/supprimer").get_data(as_text=True)
    assert 'checked id="posts-0" name="posts" required type="radio" value="keep"' in page

    assert _delete(client, posts="keep").status_code == 302

    session.expire_all()
    assert session.get(Post, world["opening"].id).status is PostStatus.PUBLISHED
    # Not yet published: nobody is left to revise it or hear a moderator's answer.
    assert session.get(Post, world["pending"].id).status is PostStatus.WITHDRAWN
    page = client.get(f"/discussions/{world['thread'].id}").get_data(as_text=True)
    assert "Mon avis." in page and "membre supprimé" in page
    assert "Camille" not in page and "membre-supprimé-" not in page
    assert "/membres/" in page  # Sam's profile link, none for the deleted member
    assert page.count('class="author deleted"') == 1
    # Sam's answer keeps its thread.
    assert "Les stylos, pour moi." in page
    assert session.get(Post, world["answer"].id).status is PostStatus.PUBLISHED
    assert world["space"].thread_count == 1 and world["space"].post_count == 2


def test_a_wrong_password_deletes_nothing(client, session):
    world = _world(session)
    h.log_in(client, world["camille"])

    refused = _delete(client, password="pas le bon mot de passe")

    assert refused.status_code == 400
    assert "Ce n’est pas votre mot de passe." in refused.get_data(as_text=True)
    camille = _member(session, world["camille_id"])
    assert camille.status is MemberStatus.ACTIVE and camille.pseudonym == "Camille"
    assert camille.email == "camille@example.org"
    assert session.scalars(select(SpaceRole)).all() != []
    assert session.scalars(select(Notification)).all() != []
    assert session.get(Post, world["opening"].id).status is PostStatus.PUBLISHED
    assert client.get("/compte").status_code == 200  # still logged in


def test_missing_answers_are_explained(client, session):
    world = _world(session)
    h.log_in(client, world["camille"])

    refused = client.post("/compte/supprimer", data={"posts": "tout"})

    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Indiquez votre mot de passe pour confirmer." in page
    assert "Choisissez ce que deviennent vos messages." in page
    assert _member(session, world["camille_id"]).status is MemberStatus.ACTIVE


def test_the_old_pseudonym_and_email_can_be_registered_again(client, session):
    world = _world(session)
    h.log_in(client, world["camille"])
    _delete(client)

    again = client.post(
        "/inscription", data=registration(pseudonym="Camille", email="camille@example.org")
    )

    assert again.status_code == 302
    session.expire_all()
    newcomer = session.scalar(select(Member).where(Member.pseudonym == "Camille"))
    assert newcomer is not None and newcomer.id != world["camille_id"]


def test_nobody_may_register_as_a_deleted_member(client):
    refused = client.post("/inscription", data=registration(pseudonym="Membre-supprime-7f3a9c"))

    assert refused.status_code == 200
    assert "Ce pseudonyme est réservé" in refused.get_data(as_text=True)


def test_a_suspended_member_may_delete_their_account_too(client, session):
    world = _world(session)
    h.suspend(session, world["camille"])
    session.commit()
    h.log_in(client, world["camille"])

    assert _delete(client).status_code == 302
    assert _member(session, world["camille_id"]).status is MemberStatus.DELETED


def test_the_page_in_english(client, session):
    world = _world(session)
    world["camille"].locale = "en"
    session.commit()
    h.log_in(client, world["camille"])

    page = client.get("/compte/supprimer").get_data(as_text=True)

    assert "Delete my account" in page and "Also withdraw all my posts" in page
    refused = _delete(client, password="wrong password!")
    assert "That is not your password." in refused.get_data(as_text=True)

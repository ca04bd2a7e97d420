"""A space's moderators open a thread still waiting for them; nobody else sees more than before."""

from __future__ import annotations

from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import Post, SpaceRoleKind
from tests.forums import helpers as h


def _world(session):
    space, other = h.space(session, "diabete"), h.space(session, "asthme")
    world = {
        "author": h.member(session, "Camille"),
        "mod": h.member(session, "Moderatrice"),
        "mod_elsewhere": h.member(session, "Pneumologue"),
        "reader": h.joined(session, h.member(session, "Noa"), space),
        "admin": h.member(session, "Admin", is_site_admin=True),
    }
    forums.grant_space_role(session, space=space, member=world["mod"], kind=SpaceRoleKind.MODERATOR)
    forums.grant_space_role(
        session, space=other, member=world["mod_elsewhere"], kind=SpaceRoleKind.MODERATOR
    )
    thread, _first = h.thread(
        session,
        world["author"],
        space,
        "Ma question",
        "Premier message <b>en attente</b>.",
        published=False,
    )
    world["thread_id"] = thread.id
    session.commit()
    return world


def test_a_moderator_opens_a_pending_thread_and_sees_its_posts_marked(client, session):
    world = _world(session)
    page = h.log_in(client, world["mod"]).get(f"/discussions/{world['thread_id']}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Ma question" in text and "Premier message" in text
    assert "en attente de modération" in text
    assert "seuls son auteur et les modérateurs de l’espace la voient" in text
    assert "Messages en attente de modération" in text
    # Seeing is not writing: no reply form, and the reply page stays closed.
    assert 'action="/discussions/' not in text
    assert client.get(f"/discussions/{world['thread_id']}/repondre").status_code == 404


def test_nobody_else_sees_a_pending_thread(client, session):
    world = _world(session)
    thread_id = world["thread_id"]
    for who in ("reader", "mod_elsewhere", "admin"):
        h.log_in(client, world[who])
        assert client.get(f"/discussions/{thread_id}").status_code == 404, who
    h.log_out(client)
    assert client.get(f"/discussions/{thread_id}").status_code == 404


def test_a_moderator_sees_pending_replies_in_a_published_thread_others_do_not(client, session):
    world = _world(session)
    space = h.space(session, "sep")
    forums.grant_space_role(session, space=space, member=world["mod"], kind=SpaceRoleKind.MODERATOR)
    thread, _first = h.thread(session, world["reader"], space, "Fatigue", "Comment faites-vous ?")
    h.reply(session, world["author"], thread, "Une réponse qui attend.", published=False)
    thread_id = thread.id

    moderator_view = h.log_in(client, world["mod"]).get(f"/discussions/{thread_id}")
    assert "Une réponse qui attend." in moderator_view.get_data(as_text=True)
    reader_view = h.log_in(client, world["reader"]).get(f"/discussions/{thread_id}")
    assert "Une réponse qui attend." not in reader_view.get_data(as_text=True)


def test_a_rejected_thread_stays_its_authors_alone(client, session):
    world = _world(session)
    h.log_in(client, world["mod"])
    post_id = session.scalar(select(Post.id).where(Post.thread_id == world["thread_id"]))
    client.post(
        f"/moderation/messages/{post_id}/rejeter", data={f"rejet-{post_id}-reason_code": "other"}
    )
    assert client.get(f"/discussions/{world['thread_id']}").status_code == 404


def test_a_thread_with_a_backlog_shows_its_oldest_waiting_posts_and_sends_to_the_queue(
    client, session
):
    world = _world(session)
    pending_thread = session.scalar(select(Post)).thread
    space = pending_thread.space
    thread, _first = h.thread(session, world["author"], space, "Discussion publiée", "Bonjour.")
    for number in range(22):
        h.reply(
            session,
            world["reader"],
            thread,
            f"Réponse en attente numéro {number:02d}.",
            published=False,
        )

    page = h.log_in(client, world["mod"]).get(f"/discussions/{thread.id}").get_data(as_text=True)

    assert "Réponse en attente numéro 00." in page
    assert "Réponse en attente numéro 19." in page
    assert "Réponse en attente numéro 20." not in page
    assert "D’autres messages de cette discussion attendent encore." in page

"""The author's side of a decision: why a post was refused or sent back, and resubmitting it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import Post, PostStatus, SpaceRoleKind
from community.moderation.models import DecisionAction, ModerationDecision
from community.moderation.queue import services as moderation
from tests.forums import helpers as h

MESSAGE = "Merci de retirer le nom de votre médecin, puis renvoyez votre message."


def _world(session: Any) -> dict[str, Any]:
    """A space with a moderator, an author, a reader, and a published thread by the reader."""
    space = h.space(session, "diabete")
    world = {
        "space": space,
        "mod": h.member(session, "Diabetologue"),
        "author": h.joined(session, h.member(session, "Camille"), space),
        "reader": h.joined(session, h.member(session, "Sam"), space),
    }
    forums.grant_space_role(session, space=space, member=world["mod"], kind=SpaceRoleKind.MODERATOR)
    thread, opening = forums.start_thread(
        session, author=world["reader"], space=space, title="Pompe à insuline", body="Vos avis ?"
    )
    forums.publish_post(session, post=opening)
    world["thread_id"] = thread.id
    world["thread"] = thread
    session.commit()
    return world


def _reply(session: Any, world: dict[str, Any], body: str) -> int:
    post = forums.reply(session, author=world["author"], thread=world["thread"], body=body)
    session.commit()
    return post.id


def _decisions(session: Any, post_id: int) -> list[ModerationDecision]:
    return list(
        session.scalars(select(ModerationDecision).where(ModerationDecision.post_id == post_id))
    )


def test_a_moderator_asks_for_an_edit_and_only_the_author_reads_the_message(client, session):
    world = _world(session)
    post_id = _reply(session, world, "Le Dr Dupont à Lyon m’a conseillé la pompe.")

    h.log_in(client, world["mod"])
    sent = client.post(
        f"/moderation/messages/{post_id}/demander-une-modification",
        data={f"modif-{post_id}-message": MESSAGE},
    )
    assert sent.status_code == 302
    (decision,) = _decisions(session, post_id)
    assert decision.action is DecisionAction.REQUEST_EDIT
    assert decision.reason_text == MESSAGE
    h.fresh(session)
    post = session.get(Post, post_id)
    assert post.status is PostStatus.NEEDS_EDIT
    assert post.review_requested_at is None
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "Dr Dupont" not in queue

    h.log_in(client, world["author"])
    own = client.get(f"/discussions/{world['thread_id']}").get_data(as_text=True)
    assert "modification demandée" in own
    assert "Merci de retirer le nom de votre médecin" in own

    for other in (world["reader"], None):
        if other is None:
            h.log_out(client)
        else:
            h.log_in(client, other)
        page = client.get(f"/discussions/{world['thread_id']}").get_data(as_text=True)
        assert "Dr Dupont" not in page
        assert "Merci de retirer" not in page
        assert "modification demandée" not in page


def test_after_the_author_edits_the_post_is_pending_and_back_in_the_queue(client, session):
    world = _world(session)
    post_id = _reply(session, world, "Le Dr Dupont à Lyon m’a conseillé la pompe.")
    post = session.get(Post, post_id)
    moderation.request_edit(session, moderator=world["mod"], post=post, message=MESSAGE)
    session.commit()

    h.log_in(client, world["author"])
    edited = client.post(
        f"/messages/{post_id}/modifier", data={"body": "Mon diabétologue m’a conseillé la pompe."}
    )
    assert edited.status_code == 302
    h.fresh(session)
    post = session.get(Post, post_id)
    assert post.status is PostStatus.PENDING
    assert post.review_requested_at is not None
    page = client.get(f"/discussions/{world['thread_id']}").get_data(as_text=True)
    assert "Merci de retirer" not in page
    assert "en attente de modération" in page

    h.log_in(client, world["mod"])
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "Mon diabétologue m’a conseillé la pompe." in queue


def test_a_rejected_post_shows_its_reason_to_its_author_only(client, session):
    world = _world(session)
    post_id = _reply(session, world, "Achetez ma cure miracle.")
    moderation.reject(
        session,
        moderator=world["mod"],
        post=session.get(Post, post_id),
        reason_code="advertising",
        reason_text="Pas de vente ici.",
    )
    session.commit()

    h.log_in(client, world["author"])
    own = client.get(f"/discussions/{world['thread_id']}").get_data(as_text=True)
    assert "Publicité ou démarchage" in own
    assert "Pas de vente ici." in own

    h.log_in(client, world["reader"])
    other = client.get(f"/discussions/{world['thread_id']}").get_data(as_text=True)
    assert "cure miracle" not in other
    assert "Publicité ou démarchage" not in other
    assert "Pas de vente ici." not in other


def test_asking_for_an_edit_needs_a_message(client, session):
    world = _world(session)
    post_id = _reply(session, world, "Un message à revoir.")

    h.log_in(client, world["mod"])
    for message in ("", "   ", "x" * 1001):
        sent = client.post(
            f"/moderation/messages/{post_id}/demander-une-modification",
            data={f"modif-{post_id}-message": message},
        )
        assert sent.status_code == 400
        text = sent.get_data(as_text=True)
        assert (
            "Dites à l’auteur ce qu’il doit modifier." in text or "1000 caractères au plus" in text
        )
    assert _decisions(session, post_id) == []
    h.fresh(session)
    assert session.get(Post, post_id).status is PostStatus.PENDING


def test_the_service_refuses_an_empty_message_and_a_second_decision(session):
    world = _world(session)
    post_id = _reply(session, world, "Un message à revoir.")
    post = session.get(Post, post_id)
    with pytest.raises(moderation.ModerationError, match="message_required"):
        moderation.request_edit(session, moderator=world["mod"], post=post, message="  ")
    moderation.approve(session, moderator=world["mod"], post=post)
    with pytest.raises(moderation.ModerationError, match="not_pending"):
        moderation.request_edit(session, moderator=world["mod"], post=post, message=MESSAGE)
    assert [d.action for d in _decisions(session, post_id)] == [DecisionAction.APPROVE]

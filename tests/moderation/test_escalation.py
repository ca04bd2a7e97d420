"""Handing a post over: to another moderator or an association admin of the space, with a note."""

from __future__ import annotations

from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import Post, PostStatus, SpaceRoleKind
from community.moderation.models import DecisionAction, ModerationDecision, ModerationItem
from community.notifications.models import Notification, NotificationKind
from tests.forums import helpers as h
from tests.moderation.test_queue import _pending, _world

NOTE = "Question de dosage : je préfère l’avis d’un diabétologue."


def test_a_moderator_hands_a_post_to_a_colleague_who_finds_it_first(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "Dosage douteux", risk=0.3)
    _pending(session, world, "a", "Autre message", risk=0.9)
    post_id, target_id = post.id, world["mod_a2"].id
    target = world["mod_a2"].get_id()

    h.log_in(client, world["mod_a"])
    sent = client.post(
        f"/moderation/messages/{post_id}/transmettre",
        data={f"transmettre-{post_id}-target": str(target_id), f"transmettre-{post_id}-note": NOTE},
        follow_redirects=True,
    )
    text = sent.get_data(as_text=True)
    assert "Message transmis à Moderateur." in text
    assert "Transmis à Moderateur par Moderatrice" in text and "avis d’un diabétologue" in text

    h.fresh(session)
    assert session.get(Post, post_id).status is PostStatus.PENDING
    [decision] = session.scalars(select(ModerationDecision)).all()
    assert decision.action is DecisionAction.ESCALATE
    assert decision.target_pseudonym == "Moderateur" and decision.reason_text == NOTE
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post_id))
    assert item.escalated_to_id == target_id and item.escalation_note == NOTE
    [notification] = session.scalars(select(Notification)).all()
    assert notification.member_id == target_id
    assert notification.kind is NotificationKind.ESCALATED_TO_YOU
    assert notification.decision_id == decision.id

    h.log_in(client, target)
    mine = client.get("/moderation/?transmis=1").get_data(as_text=True)
    assert "Dosage douteux" in mine and "Autre message" not in mine
    assert "Transmis à Moderateur par Moderatrice" in mine
    # The one who handed it over has nothing handed to them.
    h.log_in(client, world["mod_a"])
    assert "Dosage douteux" not in client.get("/moderation/?transmis=1").get_data(as_text=True)

    # Deciding ends the hand-over: the author is told of the decision, not of the hand-over.
    h.log_in(client, target)
    client.post(f"/moderation/messages/{post_id}/approuver")
    h.fresh(session)
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post_id))
    assert item.escalated_to_id is None
    kinds = [n.kind for n in session.scalars(select(Notification).order_by(Notification.id))]
    assert kinds == [NotificationKind.ESCALATED_TO_YOU, NotificationKind.POST_APPROVED]


def test_the_recipients_are_the_spaces_moderators_and_association_admins_but_oneself(
    client, session
):
    world = _world(session)
    president = h.member(session, "Presidente")
    forums.grant_space_role(
        session, space=world["a"], member=president, kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )
    session.commit()
    post_id = _pending(session, world, "a", "À qui ?", risk=0.2).id
    page = h.log_in(client, world["mod_a"]).get("/moderation/").get_data(as_text=True)
    select_html = page[page.index(f'id="transmettre-{post_id}-target"') :]
    select_html = select_html[: select_html.index("</select>")]
    assert "Moderateur" in select_html and "Presidente" in select_html
    assert "Moderatrice" not in select_html and "Pneumologue" not in select_html
    assert "Noa" not in select_html


def test_a_post_cannot_go_to_oneself_nor_to_someone_outside_the_space(client, session):
    world = _world(session)
    post_id = _pending(session, world, "a", "Refusé", risk=0.2).id
    h.log_in(client, world["mod_a"])
    for target in (world["mod_a"], world["mod_b"], world["reader"]):
        sent = client.post(
            f"/moderation/messages/{post_id}/transmettre",
            data={f"transmettre-{post_id}-target": str(target.id)},
        )
        assert sent.status_code == 400
        assert "Choisissez à qui transmettre ce message." in sent.get_data(as_text=True)
    garbage = client.post(
        f"/moderation/messages/{post_id}/transmettre",
        data={f"transmettre-{post_id}-target": "n'importe quoi"},
    )
    assert garbage.status_code == 400
    h.fresh(session)
    assert session.scalars(select(ModerationDecision)).all() == []
    assert session.scalars(select(Notification)).all() == []

"""Edits of published posts in the queue: the published text beside the proposed one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import Post, PostRevision, RevisionStatus, Thread
from community.moderation.models import DecisionAction, ModerationDecision, ModerationItem
from community.notifications.models import Notification, NotificationKind
from tests.forums import helpers as h
from tests.moderation.test_queue import _world

PUBLISHED = "Je prends 10 unités le matin."
PROPOSED = "Je prends 12 unités le matin <script>alert(1)</script>, appelez le 06 12 34 56 78."


def _edited(session: Any, world: dict[str, Any], *, title: str | None = None) -> Post:
    """A published opening post of the author's, then its edit, scored with a flagged phone."""
    _thread, post = h.thread(session, world["author"], world["a"], "Mon dosage", PUBLISHED)
    forums.edit_post(session, author=world["author"], post=post, body=PROPOSED, title=title)
    start = PROPOSED.index("06")
    session.add(
        ModerationItem(
            post_id=post.id,
            space_id=world["a"].id,
            requested_at=post.review_requested_at,
            scores={"toxicity": 0.2},
            findings=[
                {
                    "kind": "personal_data",
                    "code": "phone",
                    "severity": "flag",
                    "spans": [[start, start + 14]],
                    "detail": "",
                    "field": "body",
                }
            ],
            risk=0.2,
            model_version="test-model",
            scored_at=post.review_requested_at,
        )
    )
    session.commit()
    return post


def test_the_queue_shows_the_published_text_and_the_proposed_one(client, session):
    world = _world(session)
    _edited(session, world)
    text = h.log_in(client, world["mod_a"]).get("/moderation/").get_data(as_text=True)
    assert "Modification d’un message publié" in text
    assert "Texte publié" in text and PUBLISHED in text and "Texte proposé" in text
    assert "<mark>06 12 34 56 78</mark>" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert" not in text
    assert "Approuver la modification" in text and "Demander une modification" not in text


def test_approving_an_edit_publishes_the_new_text_and_keeps_the_old_one(client, session):
    world = _world(session)
    post = _edited(session, world, title="Mon nouveau dosage")
    post_id, thread_id = post.id, post.thread_id
    revision_id = session.scalar(
        select(PostRevision.id).where(PostRevision.status == RevisionStatus.PENDING)
    )

    h.log_in(client, world["mod_a"])
    sent = client.post(f"/moderation/messages/{post_id}/approuver", follow_redirects=True)
    assert "Modification approuvée" in sent.get_data(as_text=True)

    h.fresh(session)
    post = session.get(Post, post_id)
    assert post.body_source == PROPOSED and "&lt;script&gt;" in post.body_html
    assert post.review_requested_at is None
    assert session.get(Thread, thread_id).title == "Mon nouveau dosage"
    statuses = {
        r.body_source: r.status
        for r in session.scalars(select(PostRevision).where(PostRevision.post_id == post_id))
    }
    assert statuses[PUBLISHED] is RevisionStatus.HISTORY
    assert RevisionStatus.PENDING not in statuses.values()
    [decision] = session.scalars(select(ModerationDecision)).all()
    assert decision.action is DecisionAction.APPROVE and decision.revision_id == revision_id
    [notification] = session.scalars(select(Notification)).all()
    assert notification.kind is NotificationKind.EDIT_APPROVED

    h.log_in(client, world["reader"])
    page = client.get(f"/discussions/{thread_id}").get_data(as_text=True)
    assert "12 unités" in page and "Mon nouveau dosage" in page


def test_rejecting_an_edit_keeps_the_published_text_and_tells_the_author_why(client, session):
    world = _world(session)
    post = _edited(session, world)
    post_id, thread_id = post.id, post.thread_id
    h.log_in(client, world["mod_a"])
    sent = client.post(
        f"/moderation/messages/{post_id}/rejeter",
        data={
            f"rejet-{post_id}-reason_code": "personal_data",
            f"rejet-{post_id}-reason_text": "Retirez votre numéro de téléphone.",
        },
        follow_redirects=True,
    )
    assert "Modification refusée : le texte publié reste le même." in sent.get_data(as_text=True)

    h.fresh(session)
    post = session.get(Post, post_id)
    assert post.body_source == PUBLISHED and post.review_requested_at is None
    revision = session.scalar(select(PostRevision).where(PostRevision.body_source == PROPOSED))
    assert revision.status is RevisionStatus.REJECTED
    [decision] = session.scalars(select(ModerationDecision)).all()
    assert decision.action is DecisionAction.REJECT and decision.revision_id == revision.id
    [notification] = session.scalars(select(Notification)).all()
    assert notification.kind is NotificationKind.EDIT_REJECTED

    h.log_in(client, world["author"])
    notifications = client.get("/notifications/").get_data(as_text=True)
    assert "Retirez votre numéro de téléphone." in notifications
    h.log_in(client, world["reader"])
    assert "12 unités" not in client.get(f"/discussions/{thread_id}").get_data(as_text=True)


def test_two_moderators_cannot_both_decide_an_edit(client, session):
    world = _world(session)
    post_id = _edited(session, world).id
    h.log_in(client, world["mod_a"])
    client.post(f"/moderation/messages/{post_id}/approuver")
    h.log_in(client, world["mod_a2"])
    late = client.post(
        f"/moderation/messages/{post_id}/rejeter",
        data={f"rejet-{post_id}-reason_code": "other"},
        follow_redirects=True,
    )
    assert "Un autre modérateur a déjà décidé pour ce message." in late.get_data(as_text=True)
    h.fresh(session)
    assert len(session.scalars(select(ModerationDecision)).all()) == 1

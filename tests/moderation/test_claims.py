"""Claims: a moderator takes a post for a while, and others see who examines it until when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.extensions import db
from community.forums.models import Post, PostStatus
from community.kernel.clock import utcnow
from community.moderation.models import ModerationItem
from community.moderation.queue import claims
from community.moderation.scoring.services import claim_batch
from tests.forums import helpers as h
from tests.moderation.test_queue import _pending, _world


def _item(session, post_id: int) -> ModerationItem:
    h.fresh(session)
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post_id))
    assert item is not None
    return item


def test_a_claimed_post_shows_who_examines_it_and_only_they_decide(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "À examiner", risk=0.4)
    post_id = post.id
    second = world["mod_a2"].get_id()

    h.log_in(client, world["mod_a"])
    taken = client.post(f"/moderation/messages/{post_id}/prendre", follow_redirects=True)
    text = taken.get_data(as_text=True)
    assert "Vous examinez ce message jusqu’à" in text and "Libérer" in text
    item = _item(session, post_id)
    assert item.claimed_by_id == world["mod_a"].id
    assert item.claimed_until is not None
    assert timedelta(minutes=14) < item.claimed_until - utcnow() <= timedelta(minutes=15)

    h.log_in(client, second)
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "en cours d’examen par Moderatrice jusqu’à" in queue
    assert f"/moderation/messages/{post_id}/approuver" not in queue
    refused = client.post(f"/moderation/messages/{post_id}/approuver", follow_redirects=True)
    assert "Ce message est en cours d’examen par Moderatrice jusqu’à" in refused.get_data(
        as_text=True
    )
    assert session.get(Post, post_id).status is PostStatus.PENDING
    # Taking it over is refused too, and releasing someone else's claim does nothing.
    client.post(f"/moderation/messages/{post_id}/prendre")
    client.post(f"/moderation/messages/{post_id}/liberer")
    assert _item(session, post_id).claimed_by_id == world["mod_a"].id

    h.log_in(client, world["mod_a"])
    released = client.post(f"/moderation/messages/{post_id}/liberer", follow_redirects=True)
    assert "Message libéré" in released.get_data(as_text=True)
    assert _item(session, post_id).claimed_by_id is None

    h.log_in(client, second)
    assert client.post(f"/moderation/messages/{post_id}/approuver").status_code == 302
    assert session.get(Post, post_id).status is PostStatus.PUBLISHED


@pytest.mark.real_database
def test_two_moderators_claiming_at_once_exactly_one_wins(app, session):
    world = _world(session)
    post_id = _pending(session, world, "a", "Convoité", risk=0.2).id
    first_id, second_id = world["mod_a"].id, world["mod_a2"].id
    h.fresh(session)

    # Two requests, each with its own connection, both read the item free, then both claim.
    with Session(db.engine) as one, Session(db.engine) as two:
        post_one, post_two = one.get(Post, post_id), two.get(Post, post_id)
        mod_one, mod_two = one.get(Member, first_id), two.get(Member, second_id)
        for s in (one, two):
            item = s.scalar(select(ModerationItem).where(ModerationItem.post_id == post_id))
            assert item is not None and item.claimed_by_id is None
        claims.claim(one, moderator=mod_one, post=post_one, duration=timedelta(minutes=15))
        one.commit()
        with pytest.raises(claims.ModerationError) as refused:
            claims.claim(two, moderator=mod_two, post=post_two, duration=timedelta(minutes=15))
        two.rollback()
    assert refused.value.code == "claimed" and refused.value.holder == "Moderatrice"
    assert _item(session, post_id).claimed_by_id == first_id


def test_an_expired_claim_is_anybodys(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "Oublié", risk=0.2)
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post.id))
    item.claimed_by_id = world["mod_a"].id
    item.claimed_until = utcnow() - timedelta(minutes=1)
    session.commit()
    post_id = post.id

    h.log_in(client, world["mod_a2"])
    assert "en cours d’examen" not in client.get("/moderation/").get_data(as_text=True)
    client.post(f"/moderation/messages/{post_id}/prendre")
    assert _item(session, post_id).claimed_by_id == world["mod_a2"].id


def test_deciding_releases_the_claim(client, session):
    world = _world(session)
    post_id = _pending(session, world, "a", "Décidé", risk=0.2).id
    h.log_in(client, world["mod_a"])
    client.post(f"/moderation/messages/{post_id}/prendre")
    client.post(f"/moderation/messages/{post_id}/approuver")
    item = _item(session, post_id)
    assert item.claimed_by_id is None and item.claimed_until is None


def test_an_unscored_post_can_be_claimed_and_the_worker_still_scores_it(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "Pas encore noté")
    post_id, requested_at = post.id, post.review_requested_at
    h.log_in(client, world["mod_a"])
    client.post(f"/moderation/messages/{post_id}/prendre")
    item = _item(session, post_id)
    assert item.space_id == world["a"].id and item.requested_at == requested_at
    assert item.scored_at is None

    claimed = claim_batch(session, owner="test-worker", size=10, lease_seconds=60)
    assert [p.id for p in claimed] == [post_id]
    session.commit()
    item = _item(session, post_id)
    assert item.lease_owner == "test-worker" and item.claimed_by_id == world["mod_a"].id


def test_a_post_already_decided_cannot_be_claimed(client, session):
    world = _world(session)
    post_id = _pending(session, world, "a", "Fini", risk=0.2).id
    h.log_in(client, world["mod_a"])
    client.post(f"/moderation/messages/{post_id}/approuver")
    late = client.post(f"/moderation/messages/{post_id}/prendre", follow_redirects=True)
    assert "Un autre modérateur a déjà décidé pour ce message." in late.get_data(as_text=True)


def test_claiming_speaks_english_to_an_english_moderator(client, session):
    world = _world(session)
    post_id = _pending(session, world, "a", "In English", risk=0.2).id
    world["mod_a"].locale = "en"
    session.commit()
    h.log_in(client, world["mod_a"])
    page = client.post(f"/moderation/messages/{post_id}/prendre", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "You are examining this post until" in text and "Release" in text

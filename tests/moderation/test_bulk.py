"""Bulk decisions: approve or reject the checked posts at once, each as a single decision."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.extensions import db
from community.forums import services as forums
from community.forums.models import Post, PostStatus, SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.models import DecisionAction, ModerationDecision, ModerationItem
from community.moderation.queue.bulk import BULK_MAX, bulk_decide
from community.notifications.models import Notification, NotificationKind
from tests.forums import helpers as h
from tests.moderation.test_queue import _pending, _world


def test_bulk_approval_skips_what_is_decided_or_claimed_by_someone_else(client, session):
    world = _world(session)
    fine = [_pending(session, world, "a", f"Correct {n}", risk=0.1).id for n in range(2)]
    decided = _pending(session, world, "a", "Déjà décidé", risk=0.1).id
    claimed = _pending(session, world, "a", "Pris par un collègue", risk=0.1)
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == claimed.id))
    item.claimed_by_id = world["mod_a2"].id
    item.claimed_until = utcnow() + timedelta(minutes=10)
    elsewhere = _pending(session, world, "b", "Autre espace", risk=0.1).id
    session.commit()
    claimed_id = claimed.id

    h.log_in(client, world["mod_a"])
    queue = client.get("/moderation/").get_data(as_text=True)
    assert 'form="decision-en-lot"' in queue and "Approuver la sélection" in queue
    client.post(f"/moderation/messages/{decided}/approuver")
    sent = client.post(
        "/moderation/lot",
        data={
            "post_ids": [*map(str, fine), str(decided), str(claimed_id), str(elsewhere)],
            "approve": "1",
        },
        follow_redirects=True,
    )
    assert "Messages traités : 2. Ignorés" in sent.get_data(as_text=True)
    assert "quelqu’un d’autre) : 3." in sent.get_data(as_text=True)

    h.fresh(session)
    for post_id in fine:
        assert session.get(Post, post_id).status is PostStatus.PUBLISHED
    assert session.get(Post, claimed_id).status is PostStatus.PENDING
    assert session.get(Post, elsewhere).status is PostStatus.PENDING
    decisions = session.scalars(select(ModerationDecision)).all()
    assert len(decisions) == 3  # the single approval, then the two of the batch
    assert all(d.action is DecisionAction.APPROVE for d in decisions)
    notified = session.scalars(select(Notification.kind)).all()
    assert notified == [NotificationKind.POST_APPROVED] * 3


def test_bulk_rejection_gives_every_post_the_same_reason(client, session):
    world = _world(session)
    ids = [_pending(session, world, "a", f"Pub {n}", risk=0.6).id for n in range(3)]
    h.log_in(client, world["mod_a"])
    without_reason = client.post(
        "/moderation/lot", data={"post_ids": [str(i) for i in ids], "reject": "1"}
    )
    assert without_reason.status_code == 400
    assert "Choisissez un motif pour refuser la sélection." in without_reason.get_data(as_text=True)

    sent = client.post(
        "/moderation/lot",
        data={
            "post_ids": [str(i) for i in ids],
            "reject": "1",
            "reason_code": "advertising",
            "reason_text": "Pas de vente ici.",
        },
        follow_redirects=True,
    )
    assert "Messages traités : 3." in sent.get_data(as_text=True)
    h.fresh(session)
    decisions = session.scalars(select(ModerationDecision)).all()
    assert [d.reason_code for d in decisions] == ["advertising"] * 3
    assert {d.reason_text for d in decisions} == {"Pas de vente ici."}
    assert all(session.get(Post, i).status is PostStatus.REJECTED for i in ids)


def test_bulk_needs_a_choice_and_is_capped(client, session):
    world = _world(session)
    _pending(session, world, "a", "Seul", risk=0.1)
    h.log_in(client, world["mod_a"])
    nothing = client.post("/moderation/lot", data={"approve": "1"})
    assert nothing.status_code == 400
    assert "Cochez au moins un message." in nothing.get_data(as_text=True)
    too_many = client.post(
        "/moderation/lot",
        data={"post_ids": [str(n) for n in range(1, BULK_MAX + 2)], "approve": "1"},
    )
    assert too_many.status_code == 400
    assert f"Au plus {BULK_MAX} messages à la fois." in too_many.get_data(as_text=True)
    h.fresh(session)
    assert session.scalars(select(ModerationDecision)).all() == []


def test_bulk_is_refused_to_whoever_moderates_nothing(client, session):
    world = _world(session)
    post_id = _pending(session, world, "a", "Intouchable", risk=0.1).id
    h.log_in(client, world["reader"])
    sent = client.post("/moderation/lot", data={"post_ids": [str(post_id)], "approve": "1"})
    assert sent.status_code == 403


@pytest.mark.real_database
def test_two_bulk_approvals_in_one_space_at_the_same_instant_both_go_through(app, session):
    """Each moderator approves a reply in each of two threads, in crossed order, at once:
    the first has written its first thread and the space when the second writes its own
    first thread. Post after post, each would then wait for what the other holds."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: nothing can deadlock")
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    first, _ = h.thread(session, camille, diabetes, title="Première")
    second, _ = h.thread(session, camille, diabetes, title="Seconde")
    replies = {
        name: h.reply(session, h.member(session, name), where, name, published=False).id
        for name, where in (("Ana", first), ("Bea", second), ("Cleo", second), ("Dora", first))
    }
    moderators = {}
    for name in ("premier", "second"):
        moderators[name] = h.member(session, f"Mod{name}")
        forums.grant_space_role(
            session, space=diabetes, member=moderators[name], kind=SpaceRoleKind.MODERATOR
        )
    session.commit()
    work = {
        "premier": (moderators["premier"].id, [replies["Ana"], replies["Bea"]]),
        "second": (moderators["second"].id, [replies["Cleo"], replies["Dora"]]),
    }
    space_written, thread_written = threading.Event(), threading.Event()

    def interleave(_conn, _cursor, statement: str, *_args) -> None:
        me = threading.current_thread().name
        if me == "premier" and statement.startswith("UPDATE space") and not space_written.is_set():
            space_written.set()
            thread_written.wait(timeout=2)  # the second one's first thread, if it gets there
        elif me == "second" and statement.startswith("UPDATE thread"):
            thread_written.set()

    failures: list[BaseException] = []

    def moderate() -> None:
        me = threading.current_thread().name
        moderator_id, post_ids = work[me]
        if me == "second":
            space_written.wait(timeout=10)
        try:
            with app.app_context(), Session(db.engine) as own:
                posts = [own.get(Post, post_id) for post_id in post_ids]
                result = bulk_decide(
                    own, moderator=own.get(Member, moderator_id), posts=posts, approve_all=True
                )
                own.commit()
                assert result.done == 2
        except BaseException as error:  # reported to the test, not lost in a thread
            failures.append(error)

    event.listen(db.engine, "after_cursor_execute", interleave)
    try:
        moderating = [threading.Thread(target=moderate, name=name) for name in work]
        for thread in moderating:
            thread.start()
        for thread in moderating:
            thread.join(timeout=60)
    finally:
        event.remove(db.engine, "after_cursor_execute", interleave)

    assert failures == []
    h.fresh(session)
    assert (first.post_count, second.post_count, diabetes.post_count) == (3, 3, 6)

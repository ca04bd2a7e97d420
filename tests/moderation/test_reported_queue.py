"""Reported published posts in the queue: take them down, or keep them and close the reports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import Post, PostStatus, Space, Thread
from community.moderation.models import DecisionAction, ModerationDecision, PostReport
from community.moderation.reports.services import report_post
from community.notifications.models import Notification, NotificationKind
from community.notifications.news import NEWS_KINDS
from tests.forums import helpers as h
from tests.moderation.test_queue import _world


def _reported(session: Any, world: dict[str, Any], *, opening: bool = False) -> Post:
    """A published post of the author's, reported by two members."""
    thread, _first = h.thread(session, world["reader"], world["a"], "Traitements", "Vos avis ?")
    if opening:
        thread, post = h.thread(session, world["author"], world["a"], "Remède miracle", "Achetez.")
    else:
        post = h.reply(session, world["author"], thread, "Achetez ma cure, 50 € seulement.")
    witness = h.joined(session, h.member(session, "Temoin"), world["a"])
    report_post(
        session,
        reporter=world["reader"],
        post=post,
        reason_code="advertising",
        reason_text="Il vend quelque chose.",
    )
    report_post(session, reporter=witness, post=post, reason_code="other")
    session.commit()
    return post


def test_a_reported_post_waits_with_its_reports_and_who_made_them(client, session):
    world = _world(session)
    _reported(session, world)
    text = h.log_in(client, world["mod_a"]).get("/moderation/").get_data(as_text=True)
    assert "Message signalé" in text and "Signalements ouverts : 2" in text
    assert "publicité" in text and "Il vend quelque chose." in text
    assert "par Noa" in text and "par Temoin" in text
    assert "Dépublier" in text and "Garder publié" in text
    assert "Réponse dans la discussion « Traitements »" in text and "Vos avis ?" in text


def test_unpublishing_takes_the_post_down_and_resolves_its_reports(client, session):
    world = _world(session)
    post = _reported(session, world)
    post_id, thread_id = post.id, post.thread_id
    h.log_in(client, world["mod_a"])
    sent = client.post(
        f"/moderation/messages/{post_id}/depublier",
        data={
            f"depublier-{post_id}-reason_code": "advertising",
            f"depublier-{post_id}-reason_text": "La vente est interdite ici.",
        },
        follow_redirects=True,
    )
    assert "Message dépublié" in sent.get_data(as_text=True)

    h.fresh(session)
    post = session.get(Post, post_id)
    assert post.status is PostStatus.REJECTED and post.review_requested_at is None
    thread = session.get(Thread, thread_id)
    assert thread.post_count == 1 and thread.status is PostStatus.PUBLISHED
    assert session.get(Space, world["a"].id).post_count == 1
    [decision] = session.scalars(select(ModerationDecision)).all()
    assert decision.action is DecisionAction.UNPUBLISH and decision.reason_code == "advertising"
    reports = session.scalars(select(PostReport)).all()
    assert all(
        r.resolved_at is not None and r.resolved_by_decision_id == decision.id for r in reports
    )
    [notification] = session.scalars(select(Notification)).all()
    assert notification.kind is NotificationKind.POST_UNPUBLISHED

    h.log_in(client, world["reader"])
    assert "Achetez ma cure" not in client.get(f"/discussions/{thread_id}").get_data(as_text=True)
    h.log_in(client, world["author"])
    own = client.get(f"/discussions/{thread_id}").get_data(as_text=True)
    assert "Achetez ma cure" in own and "La vente est interdite ici." in own


def test_unpublishing_an_opening_post_takes_its_thread_down(client, session):
    world = _world(session)
    post = _reported(session, world, opening=True)
    post_id, thread_id = post.id, post.thread_id
    h.log_in(client, world["mod_a"])
    client.post(
        f"/moderation/messages/{post_id}/depublier",
        data={f"depublier-{post_id}-reason_code": "medical_misinformation"},
    )
    h.fresh(session)
    assert session.get(Thread, thread_id).status is PostStatus.REJECTED
    space = session.get(Space, world["a"].id)
    assert (space.thread_count, space.post_count) == (1, 1)
    h.log_in(client, world["reader"])
    assert client.get(f"/discussions/{thread_id}").status_code == 404


def test_keeping_a_post_published_closes_the_reports_and_tells_only_the_reporters(client, session):
    world = _world(session)
    post_id = _reported(session, world).id
    h.log_in(client, world["mod_a"])
    sent = client.post(f"/moderation/messages/{post_id}/garder", follow_redirects=True)
    assert "Signalements classés : le message reste publié." in sent.get_data(as_text=True)
    assert "Achetez ma cure" not in client.get("/moderation/").get_data(as_text=True)
    h.fresh(session)
    post = session.get(Post, post_id)
    assert post.status is PostStatus.PUBLISHED and post.review_requested_at is None
    [decision] = session.scalars(select(ModerationDecision)).all()
    assert decision.action is DecisionAction.DISMISS_REPORTS
    assert all(
        r.resolved_by_decision_id == decision.id for r in session.scalars(select(PostReport))
    )
    # The author is not told; each reporter is, and may contest the decision (besides
    # the news of the reply itself, told when it was published to who follows the thread).
    told = {
        (n.member_id, n.kind)
        for n in session.scalars(select(Notification).where(Notification.kind.not_in(NEWS_KINDS)))
    }
    reporters = {r.reporter_id for r in session.scalars(select(PostReport))}
    assert told == {(reporter, NotificationKind.REPORT_DISMISSED) for reporter in reporters}

    # A second moderator acting on the same reports is told it is done.
    h.log_in(client, world["mod_a2"])
    late = client.post(f"/moderation/messages/{post_id}/garder", follow_redirects=True)
    assert "Un autre modérateur a déjà décidé pour ce message." in late.get_data(as_text=True)


def test_a_post_stays_waiting_while_a_report_or_an_edit_is_left(client, session):
    world = _world(session)
    post = _reported(session, world)
    forums.edit_post(session, author=world["author"], post=post, body="Je retire mon offre.")
    session.commit()
    post_id = post.id
    h.log_in(client, world["mod_a"])
    page = client.get("/moderation/").get_data(as_text=True)
    assert "Modification d’un message publié" in page and "Message signalé" in page

    client.post(f"/moderation/messages/{post_id}/approuver")
    h.fresh(session)
    post = session.get(Post, post_id)
    assert post.body_source == "Je retire mon offre."
    assert post.review_requested_at is not None  # the reports still wait

    client.post(f"/moderation/messages/{post_id}/garder")
    h.fresh(session)
    assert session.get(Post, post_id).review_requested_at is None

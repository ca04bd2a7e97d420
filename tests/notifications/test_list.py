"""A member's notifications: what moderators decided on their posts, read in the app."""

from __future__ import annotations

import re

from sqlalchemy import select

from community.moderation.models import DecisionAction
from community.notifications.models import Notification, NotificationKind
from community.notifications.services import notify
from tests.forums import helpers as h
from tests.notifications.conftest import decided


def _unread(session, member) -> int:
    session.expire_all()
    return len(
        session.scalars(
            select(Notification).where(
                Notification.member_id == member.id, Notification.read_at.is_(None)
            )
        ).all()
    )


def test_i_read_what_moderators_decided_newest_first_with_their_reasons(client, session, world):
    decided(
        session, world["opening"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE
    )
    refused = decided(
        session,
        world["answer"],
        NotificationKind.POST_REJECTED,
        action=DecisionAction.REJECT,
        reason_code="personal_data",
        reason_text="Retirez votre HbA1c exacte.",
    )
    h.log_in(client, world["camille"])

    page = client.get("/notifications/").get_data(as_text=True)

    rejected = page.index("Votre message a été refusé par un modérateur.")
    published = page.index("Votre message a été publié.")
    assert rejected < published  # newest first
    assert "Motif :" in page and "Données personnelles" in page
    assert "Retirez votre HbA1c exacte." in page
    thread_id, answer_id = world["thread"].id, world["answer"].id
    assert f'action="/notifications/{refused.id}/ouvrir"' in page
    assert "Voir le message dans « Pompe ou stylos »" in page
    opened = client.post(f"/notifications/{refused.id}/ouvrir")
    assert re.fullmatch(rf"/discussions/{thread_id}/[^#]*#message-{answer_id}", opened.location)
    assert page.count("Non lu") == 2
    assert "Notifications (2)" in page


def test_an_edit_request_shows_what_to_change(client, session, world):
    decided(
        session,
        world["answer"],
        NotificationKind.EDIT_REQUESTED,
        action=DecisionAction.REQUEST_EDIT,
        reason_text="Enlevez le nom de la clinique.",
    )
    h.log_in(client, world["camille"])

    page = client.get("/notifications/").get_data(as_text=True)

    assert "Un modérateur vous demande de modifier votre message." in page
    assert "Ce que le modérateur vous demande de modifier :" in page
    assert "Enlevez le nom de la clinique." in page


def test_every_kind_has_its_own_words(client, session, world):
    words = {
        NotificationKind.EDIT_APPROVED: "Votre modification a été acceptée : elle est publiée.",
        NotificationKind.EDIT_REJECTED: "Votre modification a été refusée : le texte publié",
        NotificationKind.POST_UNPUBLISHED: "Votre message a été retiré de la publication",
        NotificationKind.ESCALATED_TO_YOU: "Un message vous a été transmis pour décision.",
    }
    told = {
        kind: notify(session, member=world["camille"], kind=kind, post=world["answer"])
        for kind in words
    }
    session.commit()
    h.log_in(client, world["camille"])

    page = client.get("/notifications/").get_data(as_text=True)

    for text in words.values():
        assert text in page
    handed = told[NotificationKind.ESCALATED_TO_YOU]
    assert handed is not None
    assert client.post(f"/notifications/{handed.id}/ouvrir").location == "/moderation/?transmis=1"


def test_opening_the_list_does_not_mark_anything_read(client, session, world):
    decided(
        session, world["opening"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE
    )
    h.log_in(client, world["camille"])

    client.get("/notifications/")
    client.get("/notifications/")

    assert _unread(session, world["camille"]) == 1


def test_i_mark_one_then_all_as_read(client, session, world):
    first = decided(
        session, world["opening"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE
    )
    decided(session, world["answer"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE)
    decided(session, world["answer"], NotificationKind.EDIT_APPROVED, action=DecisionAction.APPROVE)
    h.log_in(client, world["camille"])

    done = client.post(f"/notifications/{first.id}/lu")
    assert done.status_code == 302
    assert _unread(session, world["camille"]) == 2
    assert "Notifications (2)" in client.get("/").get_data(as_text=True)

    done = client.post("/notifications/tout-lu", follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "Toutes vos notifications sont marquées comme lues." in page
    assert _unread(session, world["camille"]) == 0
    assert "Notifications (" not in page and ">Notifications</a>" in page
    assert "Non lu" not in page and "Tout marquer comme lu" not in page


def test_nobody_marks_someone_elses_notifications(client, session, world):
    mine = decided(
        session, world["opening"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE
    )
    h.log_in(client, world["sam"])

    assert client.post(f"/notifications/{mine.id}/lu").status_code == 404
    client.post("/notifications/tout-lu")

    assert _unread(session, world["camille"]) == 1
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Vous n’avez aucune notification." in page


def test_visitors_see_no_notifications_link_and_are_sent_to_log_in(client, world):
    assert "/notifications/" not in client.get("/").get_data(as_text=True)
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_a_long_list_comes_in_pages(client, session, world):
    for _ in range(35):
        notify(
            session,
            member=world["camille"],
            kind=NotificationKind.POST_APPROVED,
            post=world["answer"],
        )
    session.commit()
    h.log_in(client, world["camille"])

    first = client.get("/notifications/").get_data(as_text=True)
    assert first.count('class="notification unread"') == 30
    older = re.search(r'href="(/notifications/\?avant=\d+)"', first)
    assert older is not None
    second = client.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert second.count('class="notification unread"') == 5
    assert "← Notifications les plus récentes" in second
    assert "Notifications plus anciennes" not in second


def test_the_list_costs_the_same_few_queries_whatever_its_length(
    client, session, world, count_queries
):
    h.log_in(client, world["camille"])

    def queries_with(count: int) -> int:
        for _ in range(count):
            decided(
                session,
                world["answer"],
                NotificationKind.POST_REJECTED,
                action=DecisionAction.REJECT,
                reason_code="hostile",
            )
        h.fresh(session)
        with count_queries() as counter:
            assert client.get("/notifications/").status_code == 200
        return counter.count

    few, many = queries_with(2), queries_with(25)
    # the member, the unread count, the notifications with their posts, their decisions
    assert few == many <= 4


def test_an_english_reader_reads_them_in_english(client, session, world):
    world["camille"].locale = "en"
    decided(
        session,
        world["answer"],
        NotificationKind.POST_REJECTED,
        action=DecisionAction.REJECT,
        reason_code="hostile",
    )
    h.log_in(client, world["camille"])

    page = client.get("/notifications/").get_data(as_text=True)

    assert "Your post was rejected by a moderator." in page
    assert "Reason:" in page and "Mark all as read" in page
    assert "Notifications (1)" in page

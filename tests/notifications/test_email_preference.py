"""On the account page, a member chooses whether notifications also come by e-mail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.accounts.models import Member
from community.moderation.models import DecisionAction
from community.notifications.models import Notification, NotificationKind
from tests.forums import helpers as h
from tests.notifications.conftest import decided

CHECKBOX = "Recevoir aussi les notifications par e-mail"


def _camille(session, world) -> Member:
    session.expire_all()
    return session.get(Member, world["camille"].id)


def test_i_turn_email_off_and_what_was_owed_is_not_sent(client, session, world):
    decided(
        session, world["opening"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE
    )
    h.log_in(client, world["camille"])
    page = client.get("/compte").get_data(as_text=True)
    assert CHECKBOX in page and 'name="courriel-notify_by_email"' in page
    assert "checked" in page.split(CHECKBOX)[0].rsplit("<input", 1)[1]

    done = client.post("/compte/notifications", data={}, follow_redirects=True)

    assert "Vous ne recevrez plus de notifications par e-mail." in done.get_data(as_text=True)
    assert _camille(session, world).notify_by_email is False
    (notification,) = session.scalars(select(Notification))
    assert notification.email_pending is False
    assert notification.read_at is None  # still there to read in the app


def test_i_turn_email_back_on(client, session, world):
    world["camille"].notify_by_email = False
    session.commit()
    h.log_in(client, world["camille"])

    done = client.post(
        "/compte/notifications", data={"courriel-notify_by_email": "y"}, follow_redirects=True
    )

    assert "Vous recevrez aussi vos notifications par e-mail." in done.get_data(as_text=True)
    assert _camille(session, world).notify_by_email is True


def test_the_page_says_when_the_site_sends_no_email_at_all(client, session, world):
    h.log_in(client, world["camille"])
    page = client.get("/compte").get_data(as_text=True)
    assert "Le site n’envoie pas encore d’e-mails" in page


@pytest.mark.config(NOTIFICATIONS_BY_EMAIL=True)
def test_no_such_warning_when_it_does(client, session, world):
    h.log_in(client, world["camille"])
    assert "Le site n’envoie pas encore" not in client.get("/compte").get_data(as_text=True)


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_choice_needs_the_forms_token(client, session, world):
    h.log_in(client, world["camille"])
    assert client.post("/compte/notifications", data={}).status_code == 400
    assert _camille(session, world).notify_by_email is True

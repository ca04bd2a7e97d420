"""Notification e-mails: generic words, sent by the worker loop, retried, never blocking it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from community.extensions import db
from community.jobs import run_once
from community.kernel.clock import utcnow
from community.moderation.models import DecisionAction
from community.notifications.jobs import send_emails_once
from community.notifications.mailer import (
    MAX_EMAIL_TRIES,
    MailRun,
    retry_delay,
    send_pending_emails,
)
from community.notifications.models import Notification, NotificationKind
from community.notifications.services import notify
from tests.conftest import PG_URL
from tests.forums import helpers as h
from tests.notifications.conftest import decided

SUBJECT = "Du nouveau sur votre message dans Communauté patients"
# Nothing of these may ever reach a mailbox: the post, the space, the moderator's reason.
PRIVATE = ("HbA1c", "glycémie", "Diabète de type 1", "Pompe ou stylos", "Données", "clinique")
# A port nobody listens on: a real SMTP failure, not a mock.
NO_SERVER = {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 9, "MAIL_TIMEOUT": 2}


def _rows(session) -> list[Notification]:
    session.expire_all()
    return list(session.scalars(select(Notification).order_by(Notification.id)))


def _two_decisions(session, world) -> None:
    decided(
        session,
        world["answer"],
        NotificationKind.POST_REJECTED,
        action=DecisionAction.REJECT,
        reason_code="personal_data",
        reason_text="Retirez le nom de la clinique.",
    )
    decided(
        session, world["opening"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE
    )


def test_one_generic_email_per_member_and_run(app, session, world, outbox):
    _two_decisions(session, world)
    notify(session, member=world["sam"], kind=NotificationKind.ESCALATED_TO_YOU)
    session.commit()

    result = send_pending_emails(
        session, enabled=True, site_name="Communauté patients", base_url="https://exemple.fr"
    )
    session.commit()

    assert result.sent == 2 and result.failed == 0
    by_address = {message.to[0]: message for message in outbox}
    assert set(by_address) == {"camille@example.org", "sam@example.org"}
    message = by_address["camille@example.org"]
    assert message.subject == SUBJECT
    assert "https://exemple.fr/notifications/" in message.body
    for secret in PRIVATE:
        assert secret not in message.subject and secret not in message.body
    for row in _rows(session):
        assert row.email_pending is False and row.emailed_at is not None and row.email_error is None


def test_when_the_site_sends_no_email_nothing_stays_owed(app, session, world, outbox):
    _two_decisions(session, world)

    result = send_pending_emails(session, enabled=False, site_name="x", base_url="http://x")
    session.commit()

    assert result.cleared == 2 and outbox == []
    assert all(not row.email_pending and row.emailed_at is None for row in _rows(session))


def test_a_member_who_wants_no_email_gets_none(app, session, world, outbox):
    world["camille"].notify_by_email = False
    session.commit()
    decided(
        session, world["opening"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE
    )
    world["sam"].notify_by_email = True
    notify(session, member=world["sam"], kind=NotificationKind.ESCALATED_TO_YOU)
    # Sam changes their mind before the worker runs.
    world["sam"].notify_by_email = False
    session.commit()

    result = send_pending_emails(session, enabled=True, site_name="x", base_url="http://x")
    session.commit()

    assert outbox == [] and result.sent == 0 and result.cleared == 1
    assert all(not row.email_pending for row in _rows(session))


def test_the_email_speaks_the_members_language(app, session, world, outbox):
    world["camille"].locale = "en"
    _two_decisions(session, world)

    send_pending_emails(session, enabled=True, site_name="Patients", base_url="http://x")

    (message,) = outbox
    assert message.subject == "News about your post on Patients"
    assert "To read it, log in:" in message.body


def _send(session) -> MailRun:
    result = send_pending_emails(session, enabled=True, site_name="x", base_url="http://x")
    session.commit()
    return result


@pytest.mark.config(**NO_SERVER)
def test_a_failing_mail_server_is_tried_again_ever_later_for_hours_then_given_up(
    app, session, world
):
    _two_decisions(session, world)
    waited = timedelta()

    for attempt in range(1, MAX_EMAIL_TRIES + 1):
        assert _send(session).failed == 1
        rows = _rows(session)
        assert all(row.email_error and row.email_tries == attempt for row in rows)
        assert all(row.emailed_at is None for row in rows)
        assert all(row.email_pending is (attempt < MAX_EMAIL_TRIES) for row in rows)
        if attempt < MAX_EMAIL_TRIES:
            # Not before its time: the next run, a moment later, leaves it alone.
            assert _send(session) == MailRun()
            wait = rows[0].email_retry_at - utcnow()
            # A minute, doubled after each failure, two hours at most.
            delay = min(timedelta(minutes=2 ** (attempt - 1)), timedelta(hours=2))
            assert delay - timedelta(seconds=5) < wait <= delay
            waited += delay
            for row in rows:  # as if that long had passed
                row.email_retry_at = utcnow() - timedelta(seconds=1)
            session.commit()

    assert retry_delay(1) == timedelta(minutes=1) and retry_delay(30) == timedelta(hours=2)
    assert timedelta(hours=8) < waited < timedelta(hours=12)
    # Still in the app, unread.
    assert all(row.read_at is None for row in _rows(session))


@pytest.mark.config(NOTIFICATIONS_BY_EMAIL=True)
def test_the_worker_loop_sends_them_after_scoring(app, session, world, outbox):
    _two_decisions(session, world)
    h.reply(session, world["sam"], world["thread"], "Bonjour à tous", published=False)

    assert run_once(app) == 1

    assert len(outbox) == 1
    assert not any(row.email_pending for row in _rows(session))


@pytest.mark.config(NOTIFICATIONS_BY_EMAIL=True, **NO_SERVER)
def test_a_mail_server_down_never_stops_the_scoring(app, session, world):
    _two_decisions(session, world)
    h.reply(session, world["sam"], world["thread"], "Bonjour à tous", published=False)

    assert run_once(app) == 1  # scored all the same

    assert all(row.email_pending and row.email_error for row in _rows(session))
    assert send_emails_once(app) is not None  # and the next loop tries again, quietly


def test_a_silent_mail_server_cannot_hold_the_worker_long(app):
    assert app.config["MAIL_TIMEOUT"] == 10
    assert app.extensions["mailman"].get_connection(backend="smtp").timeout == 10


@pytest.mark.skipif(not PG_URL, reason="several workers send mail on PostgreSQL only")
@pytest.mark.real_database
def test_two_workers_sending_at_once_never_send_the_same_email(app, session, world, outbox):
    _two_decisions(session, world)
    session.commit()

    with Session(db.engine) as first, Session(db.engine) as second:
        # The first run's notifications stay locked until it commits: the second skips them.
        sent_first = send_pending_emails(first, enabled=True, site_name="x", base_url="http://x")
        sent_second = send_pending_emails(second, enabled=True, site_name="x", base_url="http://x")
        first.commit()
        second.commit()

    assert (sent_first.sent, sent_second.sent) == (1, 0)
    assert len(outbox) == 1

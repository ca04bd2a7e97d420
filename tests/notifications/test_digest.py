"""The summary by e-mail: asked for on the account page, counts and links only, sent by the
worker, and stopped in one step from the link (or the mail program's button) it carries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from community.accounts.services import delete_account
from community.forums import follows
from community.jobs import run_once
from community.kernel.clock import utcnow
from community.moderation.models import DecisionAction
from community.notifications.digests import DigestRun, send_due_digests
from community.notifications.mailer import send_pending_emails
from community.notifications.models import DigestFrequency, EmailDigest, NotificationKind
from community.notifications.services import notify
from community.notifications.unsubscribe import MailingList, read_token, token_for
from tests.forums import helpers as h
from tests.notifications.conftest import decided

SITE = {"site_name": "Communauté patients", "base_url": "https://exemple.fr"}
# Nothing of these may reach a mailbox: titles, spaces, what anyone wrote.
PRIVATE = ("Pompe ou stylos", "Diabète", "diabete", "HbA1c", "glycémie", "Capteur", "pompe")
NO_SERVER = {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 9, "MAIL_TIMEOUT": 2}


def _digest(session, member) -> EmailDigest | None:
    session.expire_all()
    return session.get(EmailDigest, member.id)


def _due_now(session, member) -> None:
    row = _digest(session, member)
    assert row is not None
    row.due_at = utcnow() - timedelta(seconds=1)
    session.commit()


def _send(session) -> DigestRun:
    result = send_due_digests(session, enabled=True, **SITE)
    session.commit()
    return result


def _weekly(session, member) -> None:
    """Camille asked for a weekly summary a while ago."""
    row = EmailDigest(
        member_id=member.id,
        frequency=DigestFrequency.WEEKLY,
        since=utcnow() - timedelta(days=7),
        due_at=utcnow() - timedelta(seconds=1),
    )
    session.add(row)
    session.commit()


def _news_for_camille(session, world) -> None:
    """Two replies in her thread, two new threads in a space she follows, a mention in a
    reply to a thread she stopped following, a refusal of her post."""
    camille, sam = world["camille"], world["sam"]
    h.reply(session, sam, world["thread"], "Moi j’ai la pompe depuis un an.")
    h.reply(session, sam, world["thread"], "Et le capteur tient bien.")
    follows.follow_space(session, member=camille, space=world["space"])
    h.thread(session, sam, world["space"], title="Capteur qui se décolle", body="Une astuce ?")
    other, _ = h.thread(session, sam, world["space"], title="Glycémie du matin", body="Bonjour")
    follows.stop_following_thread(session, member=camille, thread=other)
    h.reply(session, sam, other, "@Camille tu avais une idée ?")
    decided(
        session,
        world["answer"],
        NotificationKind.POST_REJECTED,
        action=DecisionAction.REJECT,
        reason_code="personal_data",
        reason_text="Retirez votre HbA1c exacte.",
    )


def test_i_ask_for_a_weekly_summary_on_my_account_page(client, session, world):
    h.log_in(client, world["camille"])
    page = client.get("/compte").get_data(as_text=True)
    assert "Un résumé par e-mail" in page and 'checked id="resume-frequency-0"' in page

    done = client.post("/compte/resume", data={"resume-frequency": "weekly"}, follow_redirects=True)

    assert "Vous recevrez un résumé par e-mail chaque semaine" in done.get_data(as_text=True)
    row = _digest(session, world["camille"])
    assert row is not None and row.frequency is DigestFrequency.WEEKLY
    assert timedelta(days=6, hours=23) < row.due_at - utcnow() <= timedelta(days=7)
    assert 'checked id="resume-frequency-2"' in client.get("/compte").get_data(as_text=True)

    client.post("/compte/resume", data={"resume-frequency": "none"})
    assert _digest(session, world["camille"]) is None


def test_a_choice_that_is_none_of_the_three_changes_nothing(client, session, world):
    h.log_in(client, world["camille"])

    done = client.post("/compte/resume", data={"resume-frequency": "hourly"}, follow_redirects=True)

    assert "Choisissez l’une des trois réponses" in done.get_data(as_text=True)
    assert _digest(session, world["camille"]) is None


def test_the_summary_counts_and_links_and_says_nothing_of_health(session, world, outbox):
    _weekly(session, world["camille"])
    _news_for_camille(session, world)

    assert _send(session) == DigestRun(sent=1)

    [message] = outbox
    assert message.to == ["camille@example.org"]
    assert message.subject == "Votre résumé de Communauté patients"
    body = message.body
    assert "2 réponses dans les discussions que vous suivez" in body
    assert "2 nouvelles discussions dans les espaces que vous suivez" in body
    assert "1 message qui vous mentionne" in body
    assert "1 autre notification, sur vos messages ou votre compte" in body
    assert "https://exemple.fr/notifications/" in body and "https://exemple.fr/suivis" in body
    for secret in PRIVATE:
        assert secret not in message.subject and secret not in body, secret
    # Unsubscribing: a link in the text, and the mail program's own one-click button.
    [link] = re.findall(r"https://exemple\.fr/desabonnement/\S+", body)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = link.rsplit("/", 1)[1]
    found = read_token(token)
    assert found is not None
    assert (found.member_id, found.mailing) == (world["camille"].id, MailingList.DIGEST)
    # The next one counts from now, in a week.
    row = _digest(session, world["camille"])
    assert row is not None and row.since > utcnow() - timedelta(minutes=1)
    assert row.due_at - row.since == timedelta(weeks=1)


def test_what_was_read_or_came_before_is_not_counted_and_nothing_new_sends_nothing(
    session, world, outbox
):
    notify(session, member=world["camille"], kind=NotificationKind.POST_APPROVED)
    session.commit()
    _weekly(session, world["camille"])
    row = _digest(session, world["camille"])
    assert row is not None
    row.since = utcnow()  # the last summary went after that notification
    read = notify(session, member=world["camille"], kind=NotificationKind.POST_APPROVED)
    assert read is not None
    read.read_at = utcnow()
    session.commit()

    assert _send(session) == DigestRun(empty=1)

    assert outbox == []
    row = _digest(session, world["camille"])
    assert row is not None and row.due_at > utcnow() + timedelta(days=6)


def test_not_due_yet_is_not_sent(session, world, outbox):
    # A summary asked for now is due in a day.
    row = EmailDigest(
        member_id=world["camille"].id,
        frequency=DigestFrequency.DAILY,
        since=utcnow(),
        due_at=utcnow() + timedelta(days=1),
    )
    session.add(row)
    notify(session, member=world["camille"], kind=NotificationKind.POST_APPROVED)
    session.commit()

    assert _send(session) == DigestRun()
    assert outbox == []


def test_when_the_site_sends_no_email_the_summaries_wait(session, world, outbox):
    _weekly(session, world["camille"])
    notify(session, member=world["camille"], kind=NotificationKind.POST_APPROVED)
    session.commit()

    assert send_due_digests(session, enabled=False, **SITE) == DigestRun()
    assert outbox == []


@pytest.mark.config(NOTIFICATIONS_BY_EMAIL=True)
def test_the_worker_loop_sends_them(app, session, world, outbox):
    _weekly(session, world["camille"])
    _news_for_camille(session, world)
    world["camille"].notify_by_email = False  # the summary alone
    session.commit()

    run_once(app)

    assert [m.subject for m in outbox] == ["Votre résumé de Communauté patients"]


@pytest.mark.config(**NO_SERVER)
def test_a_summary_that_fails_is_tried_again_later(app, session, world):
    _weekly(session, world["camille"])
    notify(session, member=world["camille"], kind=NotificationKind.POST_APPROVED)
    session.commit()

    assert _send(session).failed == 1

    row = _digest(session, world["camille"])
    assert row is not None and row.tries == 1
    assert timedelta(seconds=50) < row.due_at - utcnow() <= timedelta(minutes=1)
    assert row.since < utcnow() - timedelta(days=6), "what it counts waits with it"


def test_the_summary_speaks_the_members_language(app, session, world, outbox):
    world["camille"].locale = "en"
    _weekly(session, world["camille"])
    _news_for_camille(session, world)

    _send(session)

    [message] = outbox
    assert message.subject == "Your summary from Communauté patients"
    assert "2 replies in the threads you follow" in message.body
    assert "2 new threads in the spaces you follow" in message.body
    assert "1 post that mentions you" in message.body


# --- unsubscribing in one step ---------------------------------------------------------


def test_the_link_shows_one_button_and_changes_nothing_until_it_is_pressed(client, session, world):
    _weekly(session, world["camille"])
    url = f"/desabonnement/{token_for(world['camille'].id, MailingList.DIGEST)}"

    page = client.get(url)

    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Ne plus recevoir le résumé par e-mail ?" in text and "Me désabonner" in text
    assert "Camille" not in text, "a forwarded e-mail's link names nobody"
    assert page.headers["Cache-Control"] == "private, no-store"
    assert _digest(session, world["camille"]) is not None


def test_pressing_it_unsubscribes_without_logging_in(app, client, session, world):
    _weekly(session, world["camille"])
    app.config["WTF_CSRF_ENABLED"] = True  # the signed link is the proof, not a form's token
    url = f"/desabonnement/{token_for(world['camille'].id, MailingList.DIGEST)}"

    done = client.post(url)

    assert done.status_code == 200
    assert "vous ne recevrez plus de résumé par e-mail" in done.get_data(as_text=True)
    assert _digest(session, world["camille"]) is None
    assert client.post(url).status_code == 200, "twice is once"


def test_a_mail_programs_one_click_button_unsubscribes(app, client, session, world):
    app.config["WTF_CSRF_ENABLED"] = True
    url = f"/desabonnement/{token_for(world['camille'].id, MailingList.NOTIFICATIONS)}"

    done = client.post(url, data={"List-Unsubscribe": "One-Click"})

    assert done.status_code == 200
    session.expire_all()
    assert world["camille"].notify_by_email is False


def test_a_link_that_is_not_ours_is_told_kindly(client, session, world):
    good = token_for(world["camille"].id, MailingList.DIGEST)
    for token in (good[:-3] + "abc", "nimportequoi", good.replace(".", "")):
        response = client.post(f"/desabonnement/{token}")
        assert response.status_code == 404
        assert "Ce lien de désabonnement n’est pas valable" in response.get_data(as_text=True)
    session.expire_all()
    assert world["camille"].notify_by_email is True


def test_every_notification_email_carries_its_unsubscribe_link_too(session, world, outbox):
    notify(session, member=world["camille"], kind=NotificationKind.POST_APPROVED)
    session.commit()

    send_pending_emails(session, enabled=True, **SITE)

    [message] = outbox
    [link] = re.findall(r"https://exemple\.fr/desabonnement/\S+", message.body)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    found = read_token(link.rsplit("/", 1)[1])
    assert found is not None and found.mailing is MailingList.NOTIFICATIONS


def test_a_deleted_account_gets_no_summary(session, world):
    _weekly(session, world["camille"])

    delete_account(
        session, member=world["camille"], password="correct horse battery", withdraw_posts=False
    )
    session.commit()

    assert _digest(session, world["camille"]) is None

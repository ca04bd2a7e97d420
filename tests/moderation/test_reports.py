"""Reports: a member flags someone else's published post, and it goes back to the moderators."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import Post, PostStatus
from community.jobs import run_once
from community.moderation.models import ModerationItem, PostReport
from community.moderation.reports import services as reports
from tests.forums import helpers as h

DONE = "Merci, votre signalement est transmis aux modérateurs de l’espace."
ALREADY = "Vous avez déjà signalé ce message. Les modérateurs vont l’examiner."
CRISIS_FLASH = 'class="flash crisis" role="alert"'


def _world(session: Any) -> dict[str, Any]:
    """A space, a thread by Camille with a published reply by Noa; Sam reads along."""
    space = h.space(session, "diabete")
    camille = h.member(session, "Camille")
    noa = h.member(session, "Noa")
    sam = h.joined(session, h.member(session, "Sam"), space)
    thread, opening = h.thread(session, camille, space, title="Insuline la nuit")
    answer = h.reply(session, noa, thread, "Achetez mes gélules miracle, 30 € la boîte !")
    return {
        "space": space,
        "camille": camille,
        "noa": noa,
        "sam": sam,
        "thread": thread,
        "opening": opening,
        "answer": answer,
        "url": f"/messages/{answer.id}/signaler",
    }


def _reports(session: Any) -> list[PostReport]:
    session.expire_all()
    return list(session.scalars(select(PostReport)))


def test_a_member_reports_a_post_and_it_goes_back_to_the_moderators(client, session):
    world = _world(session)
    h.log_in(client, world["sam"])

    page = client.get(f"/discussions/{world['thread'].id}").get_data(as_text=True)
    assert f'href="{world["url"]}"' in page and "Signaler" in page
    form = client.get(world["url"])
    assert form.status_code == 200
    text = form.get_data(as_text=True)
    assert "Signaler un message" in text
    for label in ("la personne semble en danger", "publicité", "information médicale dangereuse"):
        assert label in text

    sent = client.post(world["url"], data={"reason": "advertising", "text": "De la vente."})

    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"#message-{world['answer'].id}")
    (report,) = _reports(session)
    assert report.reporter_id == world["sam"].id
    assert report.space_id == world["space"].id
    assert report.reason_code == "advertising" and report.reason_text == "De la vente."
    assert report.resolved_at is None
    post = session.get(Post, world["answer"].id)
    # Still published until a moderator decides, but waiting for one now.
    assert post.status is PostStatus.PUBLISHED
    assert post.review_requested_at is not None
    assert DONE in client.get(sent.headers["Location"]).get_data(as_text=True)
    # The scoring worker picks it up like any post waiting for review.
    assert run_once(client.application) == 1


def test_the_post_stays_visible_to_everyone_meanwhile(client, session):
    world = _world(session)
    h.log_in(client, world["sam"])
    client.post(world["url"], data={"reason": "hostile"})

    h.log_out(client)
    page = client.get(f"/discussions/{world['thread'].id}").get_data(as_text=True)
    assert "gélules miracle" in page


def test_the_author_is_never_told_who_reported(client, session):
    world = _world(session)
    h.log_in(client, world["sam"])
    client.post(world["url"], data={"reason": "hostile", "text": "Sam trouve ça agressif."})

    h.log_in(client, world["noa"])
    for url in (f"/discussions/{world['thread'].id}", "/notifications/"):
        page = client.get(url).get_data(as_text=True)
        assert "Sam" not in page


def test_no_report_link_on_ones_own_post_nor_for_visitors_or_suspended_members(client, session):
    world = _world(session)
    thread_url = f"/discussions/{world['thread'].id}"

    h.log_in(client, world["noa"])
    assert world["url"] not in client.get(thread_url).get_data(as_text=True)
    h.log_out(client)
    assert "/signaler" not in client.get(thread_url).get_data(as_text=True)
    h.suspend(session, world["sam"])
    session.commit()
    h.log_in(client, world["sam"])
    assert "/signaler" not in client.get(thread_url).get_data(as_text=True)
    assert client.post(world["url"], data={"reason": "hostile"}).status_code == 403
    assert _reports(session) == []


def test_reporting_ones_own_post_is_explained_and_records_nothing(client, session):
    world = _world(session)
    h.log_in(client, world["noa"])

    sent = client.post(world["url"], data={"reason": "hostile"}, follow_redirects=True)

    assert "C’est votre propre message : vous ne pouvez pas le signaler." in sent.get_data(
        as_text=True
    )
    assert _reports(session) == []


def test_reporting_twice_says_it_is_already_done(client, session):
    world = _world(session)
    h.log_in(client, world["sam"])
    client.post(world["url"], data={"reason": "hostile"})

    again = client.post(world["url"], data={"reason": "other"}, follow_redirects=True)
    form_again = client.get(world["url"], follow_redirects=True)

    assert again.status_code == 200 and ALREADY in again.get_data(as_text=True)
    assert ALREADY in form_again.get_data(as_text=True)
    assert len(_reports(session)) == 1


def test_the_service_refuses_a_second_report_own_posts_and_unpublished_posts(session):
    world = _world(session)
    reports.report_post(session, reporter=world["sam"], post=world["answer"], reason_code="other")
    pending = forums.reply(session, author=world["noa"], thread=world["thread"], body="En attente")
    session.commit()

    refused = [
        (world["sam"], world["answer"], "other", "already_reported"),
        (world["noa"], world["answer"], "other", "own_post"),
        (world["sam"], pending, "other", "not_published"),
        (world["camille"], world["answer"], "spam", "unknown_reason"),
    ]
    for reporter, post, reason, code in refused:
        with pytest.raises(reports.ReportError) as error:
            reports.report_post(session, reporter=reporter, post=post, reason_code=reason)
        assert error.value.code == code
    assert len(_reports(session)) == 1


def test_a_report_asks_again_even_when_an_edit_already_waits(session):
    # A new request time: a moderator deciding on what they read before the report is
    # refused instead of clearing the request without having seen the report.
    world = _world(session)
    forums.edit_post(session, author=world["noa"], post=world["answer"], body="Texte corrigé.")
    session.commit()
    waiting_since = world["answer"].review_requested_at

    reports.report_post(session, reporter=world["sam"], post=world["answer"], reason_code="other")
    session.commit()
    h.fresh(session)

    assert world["answer"].review_requested_at > waiting_since


def test_a_pending_post_cannot_be_reported(client, session):
    world = _world(session)
    pending = forums.reply(session, author=world["noa"], thread=world["thread"], body="En attente")
    session.commit()
    h.log_in(client, world["sam"])

    url = f"/messages/{pending.id}/signaler"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"reason": "other"}).status_code == 404


def test_someone_in_danger_makes_the_post_urgent_and_the_reporter_sees_the_help_lines(
    client, session
):
    world = _world(session)
    session.add(
        ModerationItem(
            post_id=world["answer"].id,
            space_id=world["space"].id,
            requested_at=world["answer"].created_at,
            urgent=False,
        )
    )
    session.commit()
    h.log_in(client, world["sam"])

    post_id = world["answer"].id
    sent = client.post(world["url"], data={"reason": "danger"}, follow_redirects=True)

    page = sent.get_data(as_text=True)
    assert CRISIS_FLASH in page and "3114" in page
    assert DONE in page
    session.expire_all()
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post_id))
    assert item.urgent is True


def test_other_reasons_show_no_alarm(client, session):
    world = _world(session)
    h.log_in(client, world["sam"])

    page = client.post(world["url"], data={"reason": "off_topic"}, follow_redirects=True)

    assert CRISIS_FLASH not in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choisissez ce qui ne va pas dans ce message."),
        ({"reason": "pas-une-raison"}, "Choisissez ce qui ne va pas dans ce message."),
        ({"reason": "other", "text": "x" * 1001}, "1000 caractères au plus."),
    ],
)
def test_bad_input_is_explained_and_records_nothing(client, session, data, message):
    world = _world(session)
    h.log_in(client, world["sam"])

    sent = client.post(world["url"], data=data)

    assert sent.status_code == 400
    assert message in sent.get_data(as_text=True)
    assert _reports(session) == []


def test_a_members_only_post_is_reported_only_by_those_who_may_read_it(client, session):
    private = h.space(session, "prive", members_only=True)
    author = h.member(session, "Lou")
    _thread, post = h.thread(session, author, private)
    outsider = h.member(session, "Sam")
    session.commit()
    h.log_in(client, outsider)

    assert client.post(f"/messages/{post.id}/signaler", data={"reason": "other"}).status_code == 403
    assert _reports(session) == []


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_REPORTING="1 per minute")
def test_reporting_is_rate_limited(client, session):
    world = _world(session)
    h.log_in(client, world["sam"])
    client.post(world["url"], data={"reason": "other"})

    other = f"/messages/{world['opening'].id}/signaler"
    assert client.post(other, data={"reason": "other"}).status_code == 429
    assert client.get(other).status_code == 200  # reading the form is never limited


def test_an_english_reader_reports_in_english(client, session):
    world = _world(session)
    world["sam"].locale = "en"
    session.commit()
    h.log_in(client, world["sam"])

    form = client.get(world["url"]).get_data(as_text=True)
    assert "Report a post" in form and "the person seems to be in danger" in form
    done = client.post(world["url"], data={"reason": "danger"}, follow_redirects=True)
    assert "Thank you, your report has been sent" in done.get_data(as_text=True)

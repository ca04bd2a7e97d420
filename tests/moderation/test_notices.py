"""Notices of illegal content: anyone, logged in or not, tells the moderators, and is
answered by e-mail."""

from __future__ import annotations

import html
import threading
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session as OrmSession

from community.extensions import db
from community.forums.models import Post, PostStatus
from community.kernel.clock import utcnow
from community.kernel.outbox import OutgoingMail
from community.moderation.appeals import services as appeals
from community.moderation.models import (
    Appeal,
    ModerationDecision,
    NoticeOutcome,
    PostReport,
    VisitorNotice,
)
from community.moderation.notices import guard
from community.moderation.notices import services as notices
from community.moderation.notices.jobs import erase_notice_addresses_once
from community.moderation.reports import services as reports
from community.notifications.jobs import send_outgoing_once
from tests.accounts.conftest import Delivered
from tests.forums import helpers as h
from tests.moderation.test_queue import _world

URL = "/contenu-illicite"
ENGLISH = {"Accept-Language": "en"}
SENDER = "temoin@exemple.fr"


def _published(session: Any, world: dict[str, Any]) -> Post:
    thread, _first = h.thread(session, world["reader"], world["a"], "Traitements", "Vos avis ?")
    post = h.reply(session, world["author"], thread, "Untel, 12 rue des Lilas, est un escroc.")
    session.commit()
    return post


def _address(post: Post) -> str:
    return f"http://localhost/discussions/{post.thread_id}/traitements#message-{post.id}"


def _token(app: Flask, *, seconds_ago: float = 30) -> str:
    """The token of a form given out `seconds_ago`, as a person who read it would send."""
    with app.test_request_context():
        return guard.form_token(at=utcnow() - timedelta(seconds=seconds_ago))


def _form(app: Flask, post: Post, **changes: str) -> dict[str, str]:
    data = {
        "url": _address(post),
        "category": "others_personal_data",
        "justification": "Le message donne l’adresse d’une personne et l’accuse sans preuve.",
        "email": SENDER,
        "good_faith": "y",
        "token": _token(app),
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _stored(session: Any) -> tuple[int, int]:
    session.expire_all()
    return (
        session.scalar(select(func.count(VisitorNotice.id))),
        session.scalar(select(func.count(PostReport.id))),
    )


def _text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_visitors_notice_leads_to_an_unpublication(client: FlaskClient, session: Any) -> None:
    world = _world(session)
    post = _published(session, world)
    app = client.application
    delivered = Delivered(app)

    # From the post: its "Signaler un contenu illicite" link, open to a visitor.
    thread_page = client.get(f"/discussions/{post.thread_id}").get_data(as_text=True)
    assert f'href="{URL}?message={post.id}"' in thread_page
    page = client.get(f"{URL}?message={post.id}")
    assert page.status_code == 200
    text = _text(page)
    assert "Signaler un contenu illicite" in text and "12 rue des Lilas" in text
    assert "données personnelles d’autrui" in text and "effacée 30 jours après" in text

    sent = client.post(URL, data=_form(app, post))

    assert sent.status_code == 302, _text(sent)
    assert sent.headers["Location"].endswith(f"#message-{post.id}")
    notice = session.scalars(select(VisitorNotice)).one()
    assert notice.email == SENDER and notice.outcome is NoticeOutcome.OPEN
    assert notice.space_id == world["a"].id and notice.category == "others_personal_data"
    (ack,) = delivered
    assert ack.to == [SENDER] and "reçu" in ack.subject and _address(post) in ack.body

    # The moderator sees it in the queue, marked as a visitor's, with its justification.
    h.log_in(client, world["mod_a"])
    queue = _text(client.get("/moderation/"))
    assert "Message signalé" in queue and "signalement d’un visiteur" in queue
    assert "données personnelles d’autrui" in queue and "l’accuse sans preuve" in queue
    assert SENDER not in queue

    client.post(
        f"/moderation/messages/{post.id}/depublier",
        data={
            f"depublier-{post.id}-reason_code": "personal_data",
            f"depublier-{post.id}-reason_text": "Adresse d’un particulier.",
        },
    )

    session.expire_all()
    assert session.get(Post, post.id).status is PostStatus.REJECTED
    notice = session.scalars(select(VisitorNotice)).one()
    assert notice.outcome is NoticeOutcome.TAKEN_DOWN and notice.decided_at is not None
    assert notice.decision_id is not None
    ack, decision = delivered
    assert decision.to == [SENDER] and "décision" in decision.subject
    assert "retiré du site" in decision.body and "Données personnelles" in decision.body
    assert "Adresse d’un particulier." in decision.body


def test_a_notice_kept_tells_the_sender_why_in_their_language(
    client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    post = _published(session, world)
    app = client.application
    delivered = Delivered(app)
    assert client.post(URL, data=_form(app, post), headers=ENGLISH).status_code == 302
    assert "received" in delivered[0].subject

    h.log_in(client, world["mod_a"])  # a French-reading moderator
    client.post(f"/moderation/messages/{post.id}/garder", data={})

    notice = session.scalars(select(VisitorNotice)).one()
    assert notice.outcome is NoticeOutcome.KEPT
    answer = delivered[1]
    assert "decision" in answer.subject and "kept it published" in answer.body
    assert "not contrary to the law" in answer.body


def test_a_url_pasted_in_the_footer_names_the_post(client: FlaskClient, session: Any) -> None:
    world = _world(session)
    post = _published(session, world)
    assert 'id="pied-contenu-illicite"' in client.get("/").get_data(as_text=True)
    for pasted in (
        _address(post),
        f"localhost/discussions/{post.thread_id}#message-{post.id}",  # typed, no https://
        f"/discussions/{post.thread_id}#message-{post.id}",
    ):
        page = _text(client.get(URL, query_string={"url": pasted}))
        assert "12 rue des Lilas" in page and "ne désigne pas" not in page, pasted
    # A thread's address alone names its opening post.
    opening = _text(client.get(URL, query_string={"url": f"/discussions/{post.thread_id}"}))
    assert "Vos avis ?" in opening
    wrong = _text(client.get(URL, query_string={"url": "https://ailleurs.example/discussions/1"}))
    assert "ne désigne pas un message publié de ce site" in wrong


BAD = {
    "no good faith": (
        {"good_faith": None},
        "Cochez la déclaration de bonne foi",
        "Tick the declaration of good faith",
    ),
    "invisible text": (
        {"justification": "\u200b\u3164 \u2800"},
        "Expliquez pourquoi ce contenu est illicite.",
        "Explain why this content is illegal.",
    ),
    "another site": (
        {"url": "https://ailleurs.example/discussions/1"},
        "ne désigne pas un message publié de ce site",
        "does not point to a published post of this site",
    ),
    "a bad address": (
        {"email": "pas-une-adresse"},
        "n’est pas valide",
        "is not valid",
    ),
    "an unknown category": (
        {"category": "rien"},
        "Choisissez le type de contenu illicite.",
        "Choose the kind of illegal content.",
    ),
    "the honeypot filled": (
        {"website": "http://spam.example"},
        "Laissez vide le champ",
        "Leave the field",
    ),
    "a forged token": (
        {"token": "pas-un-jeton"},
        "Ce formulaire a expiré.",
        "This form has expired.",
    ),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize("english", [False, True], ids=["fr", "en"])
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    client: FlaskClient, session: Any, case: tuple[dict[str, Any], str, str], english: bool
) -> None:
    world = _world(session)
    post = _published(session, world)
    changes, french, in_english = case

    sent = client.post(
        URL, data=_form(client.application, post, **changes), headers=ENGLISH if english else {}
    )

    assert sent.status_code == 400
    assert (in_english if english else french) in _text(sent)
    assert _stored(session) == (0, 0)
    assert session.scalar(select(func.count(OutgoingMail.id))) == 0


@pytest.mark.parametrize("english", [False, True], ids=["fr", "en"])
def test_a_token_too_fresh_or_too_old_is_refused(
    client: FlaskClient, session: Any, english: bool
) -> None:
    world = _world(session)
    post = _published(session, world)
    app = client.application
    headers = ENGLISH if english else {}
    fresh = client.post(
        URL, data=_form(app, post, token=_token(app, seconds_ago=0)), headers=headers
    )
    old = client.post(
        URL, data=_form(app, post, token=_token(app, seconds_ago=4 * 3600)), headers=headers
    )
    assert fresh.status_code == old.status_code == 400
    assert ("too quickly" if english else "très vite") in _text(fresh)
    assert ("has expired" if english else "a expiré") in _text(old)
    assert _stored(session) == (0, 0)
    # The page given back carries a new token: sent again after reading, it goes through.
    assert 'name="token"' in _text(fresh)


def test_a_pending_post_cannot_be_notified(client: FlaskClient, session: Any) -> None:
    world = _world(session)
    _thread, waiting = h.thread(
        session, world["author"], world["a"], "Pas encore lu", "En attente.", published=False
    )
    session.commit()
    assert waiting.status is PostStatus.PENDING
    sent = client.post(URL, data=_form(client.application, waiting))
    assert sent.status_code == 400
    assert "ne désigne pas un message publié de ce site" in _text(sent)
    assert _stored(session) == (0, 0)


@pytest.mark.config(NOTICE_OPEN_PER_ADDRESS=2)
def test_one_address_has_few_notices_waiting_at_once(client: FlaskClient, session: Any) -> None:
    world = _world(session)
    posts = [_published(session, world) for _ in range(3)]
    app = client.application
    assert client.post(URL, data=_form(app, posts[0])).status_code == 302
    again = client.post(URL, data=_form(app, posts[0]))
    assert again.status_code == 400 and "déjà signalé ce message" in _text(again)
    assert client.post(URL, data=_form(app, posts[1], email="TEMOIN@exemple.fr")).status_code == 302
    third = client.post(URL, data=_form(app, posts[2]))
    assert third.status_code == 400 and "attendent encore une décision" in _text(third)
    assert _stored(session) == (2, 2)


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_NOTICES="2 per minute")
def test_notices_are_rate_limited_by_address(client: FlaskClient, session: Any) -> None:
    world = _world(session)
    posts = [_published(session, world) for _ in range(3)]
    app = client.application
    for number, post in enumerate(posts[:2]):
        sent = client.post(URL, data=_form(app, post, email=f"p{number}@exemple.fr"))
        assert sent.status_code == 302
    assert client.post(URL, data=_form(app, posts[2], email="p3@exemple.fr")).status_code == 429
    # Reading the form is not counted.
    assert client.get(URL).status_code == 200
    assert _stored(session) == (2, 2)


def test_the_address_is_erased_some_days_after_the_decision(
    client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    decided, undecided, recent = (_published(session, world) for _ in range(3))
    app = client.application
    for number, post in enumerate((decided, undecided, recent)):
        client.post(URL, data=_form(app, post, email=f"p{number}@exemple.fr"))
    h.log_in(client, world["mod_a"])
    client.post(f"/moderation/messages/{decided.id}/garder", data={})
    notices = {n.post_id: n for n in session.scalars(select(VisitorNotice))}
    notices[decided.id].decided_at = utcnow() - timedelta(days=31)
    notices[undecided.id].created_at = utcnow() - timedelta(days=200)
    session.commit()

    assert erase_notice_addresses_once(app) == 2

    session.expire_all()
    emails = {n.post_id: n.email for n in session.scalars(select(VisitorNotice))}
    assert emails == {decided.id: None, undecided.id: None, recent.id: "p2@exemple.fr"}
    # The notices stay, to be counted.
    assert _stored(session) == (3, 3)


def test_the_acknowledgement_sent_keeps_no_address_in_the_outbox(
    client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    post = _published(session, world)
    client.post(URL, data=_form(client.application, post, email="temoin@exemple.fr"))
    [written] = session.scalars(select(OutgoingMail)).all()
    assert written.to_address == "temoin@exemple.fr"  # owed: the worker needs it

    send_outgoing_once(client.application)

    session.expire_all()
    assert (written.pending, written.to_address, written.body) == (False, "", "")


def test_a_sender_is_told_when_an_appeal_reverses_the_decision(
    client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    post = _published(session, world)
    app = client.application
    delivered = Delivered(app)
    assert client.post(URL, data=_form(app, post)).status_code == 302
    h.log_in(client, world["mod_a"])
    client.post(
        f"/moderation/messages/{post.id}/depublier",
        data={f"depublier-{post.id}-reason_code": "personal_data"},
    )
    assert len(delivered) == 2  # the acknowledgement, then the take-down

    # The author contests the take-down, and another moderator of the space reverses it.
    notice = session.scalars(select(VisitorNotice)).one()
    h.log_in(client, world["author"])
    contest = "Untel est un personnage de roman, l’adresse est inventée : je le dis plus haut."
    client.post(f"/decisions/{notice.decision_id}/contester", data={"message": contest})
    appeal = session.scalars(select(Appeal)).one()
    h.log_in(client, world["mod_a2"])
    reasons = "Relu avec le début du fil : c’est un extrait de roman, il peut être publié."
    decided = client.post(
        f"/moderation/contestations/{appeal.id}/decider",
        data={
            f"contestation-{appeal.id}-outcome": "reversed",
            f"contestation-{appeal.id}-reasons": reasons,
        },
    )
    assert decided.status_code == 302
    session.expire_all()
    assert session.get(Post, post.id).status is PostStatus.PUBLISHED

    # The sender is told, as the first time: the post, what changed, nothing of the reasons.
    _ack, _decision, reversal = delivered
    assert reversal.to == [SENDER] and "annulée" in reversal.subject
    assert _address(post) in reversal.body and "de nouveau publié" in reversal.body
    assert "l’avait retiré du site" in reversal.body
    for private in (reasons, contest, "roman", "Camille"):
        assert private not in reversal.body


def test_a_notice_kept_then_taken_down_on_appeal_tells_the_sender_in_their_language(
    client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    post = _published(session, world)
    app = client.application
    delivered = Delivered(app)
    assert client.post(URL, data=_form(app, post), headers=ENGLISH).status_code == 302
    reports.report_post(session, reporter=world["reader"], post=post, reason_code="personal_data")
    session.commit()
    h.log_in(client, world["mod_a"])
    client.post(f"/moderation/messages/{post.id}/garder", data={})
    notice = session.scalars(select(VisitorNotice)).one()
    assert notice.outcome is NoticeOutcome.KEPT

    # The member who reported it too contests the dismissal, and it comes down.
    appeal = appeals.submit_appeal(
        session,
        member=world["reader"],
        decision=session.get(ModerationDecision, notice.decision_id),
        message="C’est l’adresse d’un voisin réel.",
    )
    appeals.decide_appeal(
        session,
        moderator=world["mod_a2"],
        appeal=appeal,
        reverse=True,
        reasons="Une adresse réelle : retirée.",
        reason_code="personal_data",
    )
    session.commit()

    reversal = delivered[2]
    assert reversal.to == [SENDER] and "reversed" in reversal.subject
    assert "had kept it published" in reversal.body and "now removed from the site" in reversal.body
    assert "voisin" not in reversal.body and "retirée" not in reversal.body


def test_a_sender_whose_address_is_erased_is_not_written_to(
    client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    post = _published(session, world)
    app = client.application
    delivered = Delivered(app)
    client.post(URL, data=_form(app, post))
    h.log_in(client, world["mod_a"])
    client.post(
        f"/moderation/messages/{post.id}/depublier",
        data={f"depublier-{post.id}-reason_code": "personal_data"},
    )
    notice = session.scalars(select(VisitorNotice)).one()
    notice.email = None  # erased, some days after the decision
    session.commit()
    appeal = appeals.submit_appeal(
        session,
        member=world["author"],
        decision=session.get(ModerationDecision, notice.decision_id),
        message="C’est inventé.",
    )
    appeals.decide_appeal(
        session, moderator=world["mod_a2"], appeal=appeal, reverse=True, reasons="Inventé."
    )
    session.commit()
    assert len(delivered) == 2


def _at_once(app: Flask, sends: list[dict[str, Any]]) -> list[str]:
    """Send these notices from two requests at the same instant: each has read the places
    its address holds before either writes. What each got: "sent", or the refusal's code."""
    read = threading.Barrier(len(sends), timeout=10)
    waited: set[str] = set()

    def both_read_first(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        me = threading.current_thread().name
        if statement.startswith("SELECT visitor_notice.open_slot") and me not in waited:
            waited.add(me)
            read.wait()

    outcomes: dict[str, str] = {}

    def send(name: str, fields: dict[str, Any]) -> None:
        try:
            with app.app_context(), OrmSession(db.engine) as own:
                try:
                    notices.send_notice(
                        own,
                        post=own.get(Post, fields["post_id"]),
                        email=SENDER,
                        category="fraud",
                        justification="Une arnaque aux faux traitements.",
                        locale="fr",
                        open_limit=fields["open_limit"],
                    )
                    own.commit()
                    outcomes[name] = "sent"
                except notices.NoticeError as error:
                    own.rollback()
                    outcomes[name] = error.code
        except BaseException as error:  # reported to the test, not lost in a thread
            outcomes[name] = repr(error)

    event.listen(db.engine, "after_cursor_execute", both_read_first)
    try:
        threads = [
            threading.Thread(target=send, name=f"envoi-{n}", args=(f"envoi-{n}", fields))
            for n, fields in enumerate(sends)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(db.engine, "after_cursor_execute", both_read_first)
    return sorted(outcomes.values())


@pytest.mark.real_database
def test_two_notices_sent_at_once_keep_to_the_address_s_limits(app: Flask, session: Any) -> None:
    """Both requests count the address's waiting notices before either writes: each would
    find room. The database's unique indexes let one through; the other is told why."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: two requests never both write")
    world = _world(session)
    first, second = (_published(session, world).id for _ in range(2))
    session.commit()

    # One place left for the address, two posts notified at once: one notice waits.
    outcomes = _at_once(
        app,
        [{"post_id": first, "open_limit": 1}, {"post_id": second, "open_limit": 1}],
    )
    assert outcomes == ["sent", "too_many_open"]
    assert _stored(session) == (1, 1)

    # The same post notified twice at once, room enough: once.
    session.execute(delete(OutgoingMail))
    for model in (VisitorNotice, PostReport):
        session.execute(delete(model))
    session.commit()
    outcomes = _at_once(
        app,
        [{"post_id": first, "open_limit": 3}, {"post_id": first, "open_limit": 3}],
    )
    assert outcomes == ["already_sent", "sent"]
    assert _stored(session) == (1, 1)


@pytest.mark.config(NOTICE_OPEN_PER_ADDRESS=2)
def test_a_decided_notice_frees_its_place_for_another(client: FlaskClient, session: Any) -> None:
    world = _world(session)
    posts = [_published(session, world) for _ in range(3)]
    app = client.application
    for post in posts[:2]:
        assert client.post(URL, data=_form(app, post)).status_code == 302
    assert client.post(URL, data=_form(app, posts[2])).status_code == 400

    h.log_in(client, world["mod_a"])
    client.post(f"/moderation/messages/{posts[0].id}/garder", data={})
    h.log_out(client)
    assert client.post(URL, data=_form(app, posts[2])).status_code == 302
    # Both places are taken again: one more waits for a decision first.
    again = client.post(URL, data=_form(app, posts[0]))
    assert again.status_code == 400 and "attendent encore une décision" in _text(again)

    session.expire_all()
    places = {
        (n.post_id, n.outcome, n.open_slot)
        for n in session.scalars(select(VisitorNotice).order_by(VisitorNotice.id))
    }
    assert places == {
        (posts[0].id, NoticeOutcome.KEPT, None),
        (posts[1].id, NoticeOutcome.OPEN, 2),
        (posts[2].id, NoticeOutcome.OPEN, 1),
    }

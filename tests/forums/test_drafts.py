"""Drafts are kept one per member and place, written over, never doubled, and forgotten
with the account or once too old."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from community.accounts.services import delete_account
from community.extensions import db
from community.forums import drafts
from community.forums.drafts import Place
from community.forums.models import Draft
from community.kernel.clock import utcnow
from community.selfdata.crypto import keyring
from tests.forums import helpers as h

PASSWORD = "correct horse battery"  # the helpers' members'


def _sealed(body: str) -> bytes:
    return keyring().seal({"title": "", "body": body, "card": None})


def test_one_draft_per_member_and_place_written_over(session):
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    noa = h.joined(session, h.member(session, "Noa"), diabetes)
    thread, opening = h.thread(session, camille, diabetes)
    places = [Place.new_thread(diabetes), Place.reply(thread), Place.edit(opening)]

    for place in places:
        drafts.keep_draft(session, member=camille, place=place, sealed=_sealed("premier"))
    first = drafts.draft_at(session, member=camille, place=Place.reply(thread))
    drafts.keep_draft(session, member=camille, place=Place.reply(thread), sealed=_sealed("second"))
    drafts.keep_draft(session, member=noa, place=Place.reply(thread), sealed=_sealed("à Noa"))

    assert len(drafts.drafts_of(session, member=camille)) == 3
    kept = drafts.draft_at(session, member=camille, place=Place.reply(thread))
    assert kept is first and keyring().open(kept.sealed)["body"] == "second"
    assert drafts.own_draft(session, member=noa, draft_id=kept.id) is None
    drafts.drop_draft(session, member=camille, place=Place.reply(thread))
    assert drafts.draft_at(session, member=camille, place=Place.reply(thread)) is None
    assert drafts.draft_at(session, member=noa, place=Place.reply(thread)) is not None


@pytest.mark.parametrize("places", [{}, {"space": True, "thread": True}])
def test_the_database_refuses_a_draft_with_no_place_or_two(session, places):
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    thread, _opening = h.thread(session, camille, diabetes)
    session.add(
        Draft(
            member_id=camille.id,
            space_id=diabetes.id if places.get("space") else None,
            thread_id=thread.id if places.get("thread") else None,
            sealed=_sealed("x"),
        )
    )

    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_an_account_deleted_leaves_no_draft(session):
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    noa = h.joined(session, h.member(session, "Noa"), diabetes)
    for who in (camille, noa):
        drafts.keep_draft(session, member=who, place=Place.new_thread(diabetes), sealed=b"x")
    session.commit()

    delete_account(session, member=camille, password=PASSWORD, withdraw_posts=False)
    session.commit()

    assert session.scalars(select(Draft.member_id)).all() == [noa.id]


def test_drafts_untouched_since_the_limit_are_purged(session):
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    thread, _opening = h.thread(session, camille, diabetes)
    old = drafts.keep_draft(session, member=camille, place=Place.reply(thread), sealed=b"x")
    old.updated_at = utcnow() - timedelta(days=200)
    kept = drafts.keep_draft(session, member=camille, place=Place.new_thread(diabetes), sealed=b"y")
    session.flush()

    assert drafts.purge_drafts(session, older_than=utcnow() - timedelta(days=183)) == 1
    assert session.scalars(select(Draft.id)).all() == [kept.id]


@pytest.mark.real_database
def test_two_previews_at_the_same_instant_keep_one_draft(app, client, session):
    """A double click on "Aperçu" that reaches two web processes: both look for the draft
    before either has written it, both insert; one draft is left, with the words. (The
    `client` fixture makes each request run in an app context of its own.)"""
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    opened, _ = h.thread(session, camille, diabetes)
    session.commit()
    clients = [h.log_in(app.test_client(), camille.get_id()) for _ in range(2)]
    url = f"/discussions/{opened.id}/repondre"
    both_looked = threading.Barrier(2, timeout=10)
    names = ("premier", "second")

    def wait_for_the_other(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("INSERT INTO draft ") and threading.current_thread().name in names:
            both_looked.wait()

    answers: dict[str, int] = {}

    def send(client) -> None:
        answer = client.post(
            url,
            data={"body": "Merci pour vos conseils.", "preview": "Aperçu"},
        )
        answers[threading.current_thread().name] = answer.status_code

    event.listen(db.engine, "before_cursor_execute", wait_for_the_other)
    try:
        senders = [
            threading.Thread(target=send, args=(client,), name=name)
            for client, name in zip(clients, names, strict=True)
        ]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(timeout=60)
    finally:
        event.remove(db.engine, "before_cursor_execute", wait_for_the_other)

    assert answers == {"premier": 200, "second": 200}
    (draft,) = session.scalars(select(Draft)).all()
    assert keyring().open(draft.sealed)["body"] == "Merci pour vos conseils."

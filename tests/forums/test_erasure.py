"""Deleting an account while a moderator approves in bulk: both go through, one after the
other, on PostgreSQL where each locks rows."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from community.accounts.models import Member, MemberStatus
from community.accounts.services import delete_account
from community.extensions import db
from community.forums import services as forums
from community.forums.models import Post, PostStatus, SpaceRoleKind
from community.moderation.queue.bulk import bulk_decide
from tests.forums import helpers as h

PASSWORD = "correct horse battery"


@pytest.mark.real_database
def test_an_erasure_and_a_bulk_approval_crossing_in_one_space_both_go_through(app, session):
    """Camille deletes her account, withdrawing her posts: a published reply in the first
    thread, a pending one in the second. At that instant a moderator approves her pending
    reply and Lea's in the first thread. The erasure has written the first thread when the
    approval, holding both pending posts, asks for the threads: post after post, the
    erasure would next wait for Camille's pending reply, and each for the other."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: nothing can deadlock")
    diabetes = h.space(session)
    sam = h.member(session, "Sam")
    first, _ = h.thread(session, sam, diabetes, title="Première")
    second, _ = h.thread(session, sam, diabetes, title="Seconde")
    camille = h.member(session, "Camille")
    published_reply = h.reply(session, camille, first, "Publiée.").id
    pending_reply = h.reply(session, camille, second, "En attente.", published=False).id
    leas_reply = h.reply(session, h.member(session, "Lea"), first, "De Lea.", published=False).id
    moderator = h.member(session, "Moderatrice")
    forums.grant_space_role(session, space=diabetes, member=moderator, kind=SpaceRoleKind.MODERATOR)
    session.commit()
    camille_id, moderator_id = camille.id, moderator.id

    space_written, threads_asked = threading.Event(), threading.Event()

    def interleave(_conn, _cursor, statement: str, *_args) -> None:
        me = threading.current_thread().name
        if me == "erasure" and statement.startswith("UPDATE space") and not space_written.is_set():
            space_written.set()
            # Wait until the approval asks for the threads (it never gets there once the
            # erasure holds its posts first), and a moment for it to be waiting.
            threads_asked.wait(timeout=2)
            time.sleep(0.3)
        elif (
            me == "bulk" and statement.startswith("SELECT thread.id") and "FOR UPDATE" in statement
        ):
            threads_asked.set()

    failures: list[BaseException] = []
    approved: list[int] = []

    def erase() -> None:
        try:
            with app.app_context(), Session(db.engine) as own:
                delete_account(
                    own, member=own.get(Member, camille_id), password=PASSWORD, withdraw_posts=True
                )
                own.commit()
        except BaseException as error:  # reported to the test, not lost in a thread
            failures.append(error)

    def approve() -> None:
        space_written.wait(timeout=10)
        try:
            with app.app_context(), Session(db.engine) as own:
                posts = [own.get(Post, post_id) for post_id in (pending_reply, leas_reply)]
                result = bulk_decide(
                    own, moderator=own.get(Member, moderator_id), posts=posts, approve_all=True
                )
                own.commit()
                approved.append(result.done)
        except BaseException as error:
            failures.append(error)

    event.listen(db.engine, "before_cursor_execute", interleave)
    try:
        running = [
            threading.Thread(target=erase, name="erasure"),
            threading.Thread(target=approve, name="bulk"),
        ]
        for thread in running:
            thread.start()
        for thread in running:
            thread.join(timeout=60)
    finally:
        event.remove(db.engine, "before_cursor_execute", interleave)

    assert failures == []
    assert space_written.is_set()  # the crossing was reached
    h.fresh(session)
    assert session.get(Member, camille_id).status is MemberStatus.DELETED
    # The erasure came first: Camille's reply was withdrawn, so only Lea's was approved.
    assert approved == [1]
    assert session.get(Post, published_reply).status is PostStatus.WITHDRAWN
    assert session.get(Post, pending_reply).status is PostStatus.WITHDRAWN
    assert session.get(Post, leas_reply).status is PostStatus.PUBLISHED
    assert (first.post_count, second.post_count, diabetes.post_count) == (2, 1, 3)

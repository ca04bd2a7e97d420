"""The search outbox: every change to what readers see writes its rows in the same
transaction, committed or rolled back with it, and the worker applies them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from community.accounts import services as accounts
from community.forums import services as forums
from community.forums.events import Change
from community.forums.models import Post, PostStatus
from community.moderation.queue import services as moderation
from community.search import outbox
from community.search.models import SearchOutbox
from tests.search.outbox_world import (
    PASSWORD,
    Forum,
    clear_outbox,
    outbox_rows,
    run_worker,
)

Rows = list[tuple[int | None, int | None]]
Path = Callable[[Forum], tuple[Callable[[], Any], Rows]]


def _approve_new_thread(forum: Forum) -> tuple[Callable[[], Any], Rows]:
    camille = forum.member("Camille")
    thread, first = forums.start_thread(
        forum.session, author=camille, space=forum.space, title="Insuline", body="Au sport ?"
    )
    forum.session.commit()
    return (
        lambda: moderation.approve(forum.session, moderator=forum.moderator, post=first),
        [(first.id, None), (None, thread.id)],
    )


def _approve_reply(forum: Forum) -> tuple[Callable[[], Any], Rows]:
    camille = forum.member("Camille")
    thread, _first = forum.thread(camille, "Insuline", "Au sport ?")
    answer = forums.reply(forum.session, author=camille, thread=thread, body="Et la nuit ?")
    forum.session.commit()
    return (
        lambda: moderation.approve(forum.session, moderator=forum.moderator, post=answer),
        [(answer.id, None)],
    )


def _auto_publish(forum: Forum) -> tuple[Callable[[], Any], Rows]:
    camille = forum.member("Camille")
    thread, _first = forum.thread(camille, "Insuline", "Au sport ?")
    forum.trust(camille)
    answer = forums.reply(forum.session, author=camille, thread=thread, body="Merci à tous.")
    forum.session.commit()
    return forum.score, [(answer.id, None)]


def _apply_edit(forum: Forum) -> tuple[Callable[[], Any], Rows]:
    camille = forum.member("Camille")
    _thread, first = forum.thread(camille, "Insuline", "Au sport ?")
    clear_outbox(forum.session)
    forums.edit_post(forum.session, author=camille, post=first, body="Au sport, le matin ?")
    forum.session.commit()
    # A proposed edit changes nothing readers see until a moderator accepts it.
    assert outbox_rows(forum.session) == []
    return (
        lambda: moderation.approve(forum.session, moderator=forum.moderator, post=first),
        [(first.id, None)],
    )


def _unpublish_reply(forum: Forum) -> tuple[Callable[[], Any], Rows]:
    camille, sam = forum.member("Camille"), forum.member("Sam")
    thread, _first = forum.thread(camille, "Insuline", "Au sport ?")
    answer = forum.reply(sam, thread, "Achetez mes gélules !")
    forum.report(camille, answer)
    return lambda: forum.unpublish(answer), [(answer.id, None)]


def _unpublish_thread(forum: Forum) -> tuple[Callable[[], Any], Rows]:
    camille, sam = forum.member("Camille"), forum.member("Sam")
    thread, first = forum.thread(camille, "Gélules miracle", "Achetez-les !")
    forum.report(sam, first)
    return (
        lambda: forum.unpublish(first),
        [(first.id, None), (None, thread.id)],
    )


def _withdraw_reply(forum: Forum) -> tuple[Callable[[], Any], Rows]:
    camille = forum.member("Camille")
    thread, _first = forum.thread(camille, "Insuline", "Au sport ?")
    answer = forum.reply(camille, thread, "Et la nuit ?")
    return (
        lambda: forums.withdraw_post(forum.session, author=camille, post=answer),
        [(answer.id, None)],
    )


def _withdraw_thread(forum: Forum) -> tuple[Callable[[], Any], Rows]:
    camille = forum.member("Camille")
    thread, first = forum.thread(camille, "Insuline", "Au sport ?")
    return (
        lambda: forums.withdraw_post(forum.session, author=camille, post=first),
        [(first.id, None), (None, thread.id)],
    )


PATHS: dict[str, Path] = {
    "approve_new_thread": _approve_new_thread,
    "approve_reply": _approve_reply,
    "auto_publish": _auto_publish,
    "apply_accepted_edit": _apply_edit,
    "unpublish_reply_after_report": _unpublish_reply,
    "unpublish_thread_after_report": _unpublish_thread,
    "withdraw_reply": _withdraw_reply,
    "withdraw_thread": _withdraw_thread,
}


@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS.keys())
def test_each_change_readers_see_writes_its_rows_in_the_same_transaction(session, path):
    forum = Forum(session)
    act, expected = path(forum)
    clear_outbox(session)

    act()
    assert outbox_rows(session) == expected
    session.rollback()
    assert outbox_rows(session) == []  # rolled back with the change itself

    act()
    session.commit()
    session.expire_all()
    assert outbox_rows(session) == expected


def test_the_first_commit_of_a_path_keeps_its_rows_for_the_worker(app, session):
    forum = Forum(session)
    act, expected = _withdraw_thread(forum)
    clear_outbox(session)
    act()
    session.commit()

    assert run_worker(app, session) == len(expected)
    # The null backend indexes nothing, but the rows must not pile up all the same.
    assert outbox_rows(session) == []


def _pending_reply(forum: Forum) -> Post:
    camille = forum.member("Camille")
    thread, _first = forum.thread(camille, "Insuline", "Au sport ?")
    answer = forums.reply(forum.session, author=camille, thread=thread, body="Et la nuit ?")
    forum.session.commit()
    clear_outbox(forum.session)
    return answer


def test_rejecting_or_sending_back_a_pending_post_writes_nothing(session):
    """Readers never saw it, and never will until a moderator approves it."""
    forum = Forum(session)
    answer = _pending_reply(forum)
    moderation.request_edit(session, moderator=forum.moderator, post=answer, message="Précisez.")
    session.commit()
    forums.edit_post(session, author=answer.author, post=answer, body="Et la nuit, vers 3 h ?")
    moderation.reject(session, moderator=forum.moderator, post=answer, reason_code="hostile")
    session.commit()

    assert answer.status is PostStatus.REJECTED
    assert outbox_rows(session) == []


def test_turning_down_a_proposed_edit_writes_nothing(session):
    forum = Forum(session)
    camille = forum.member("Camille")
    _thread, first = forum.thread(camille, "Insuline", "Au sport ?")
    forums.edit_post(session, author=camille, post=first, body="Achetez mes gélules !")
    session.commit()
    clear_outbox(session)

    moderation.reject(session, moderator=forum.moderator, post=first, reason_code="hostile")
    session.commit()

    assert outbox_rows(session) == []


@pytest.mark.parametrize("withdraw_posts", [False, True], ids=["keeping", "withdrawing"])
def test_deleting_an_account_enqueues_every_post_of_the_member(session, withdraw_posts):
    """Kept posts change pseudonym in the index; withdrawn ones must leave it."""
    forum = Forum(session)
    camille, sam = forum.member("Camille"), forum.member("Sam")
    thread, first = forum.thread(camille, "Insuline", "Au sport ?")
    answer = forum.reply(camille, thread, "Et la nuit ?")
    other = forum.reply(sam, thread, "Pareil pour moi.")
    pending = forums.reply(session, author=camille, thread=thread, body="Pas encore relu.")
    session.commit()
    clear_outbox(session)

    accounts.delete_account(
        session, member=camille, password=PASSWORD, withdraw_posts=withdraw_posts
    )
    rows = outbox_rows(session)
    session.rollback()
    assert outbox_rows(session) == []

    mine = {first.id, answer.id, pending.id}
    assert {post_id for post_id, _thread in rows if post_id} == mine
    assert other.id not in {post_id for post_id, _thread in rows}
    # Withdrawing the opening post takes the thread, with Sam's reply, out of the index.
    assert {thread_id for _post, thread_id in rows if thread_id} == (
        {thread.id} if withdraw_posts else set()
    )


def test_done_deletes_exactly_the_rows_taken(session):
    forum = Forum(session)
    camille = forum.member("Camille")
    _thread, first = forum.thread(camille, "Insuline", "Au sport ?")
    clear_outbox(session)
    outbox.enqueue_change(Change(post_ids=(first.id, first.id + 1)), session=session)
    session.commit()

    taken = outbox.take_batch(session, 1)
    assert [row.post_id for row in taken] == [first.id]
    outbox.enqueue_change(Change(post_ids=(first.id,)), session=session)  # meanwhile
    outbox.done(session, [row.id for row in taken])
    session.commit()

    assert outbox_rows(session) == [(first.id + 1, None), (first.id, None)]
    assert session.scalar(select(func.count()).select_from(SearchOutbox)) == 2

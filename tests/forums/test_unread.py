"""Unread markers: a member sees what is new to them since they last read each thread."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from community.accounts import services as accounts
from community.extensions import db
from community.forums import services, unread
from community.forums.models import ThreadRead
from tests.forums import helpers as h


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return str(response.get_data(as_text=True))


def _mark(session, member, thread) -> int | None:
    h.fresh(session)
    return session.scalar(
        select(ThreadRead.last_seen_post_id).where(
            ThreadRead.member_id == member.id, ThreadRead.thread_id == thread.id
        )
    )


def _leave(session, who, where) -> None:
    services.leave_space(session, member=who, space=where)
    session.commit()


def _first_unread_link(page: str) -> str:
    found = re.search(r'<a href="([^"]+)">Premier message non lu', page)
    assert found, "no link to the first unread post"
    return found.group(1).replace("&amp;", "&")


@pytest.fixture
def conversation(session):
    """Camille asked a question in the diabetes space; Sam, a member, read it."""
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    sam = h.joined(session, h.member(session, "Sam"), diabetes)
    lea = h.joined(session, h.member(session, "Lea"), diabetes)
    opened, first = h.thread(session, camille, diabetes, title="Capteur et piscine")
    return {"space": diabetes, "thread": opened, "first": first, "sam": sam, "lea": lea}


def test_replies_published_after_my_visit_are_counted_on_the_space_page(
    client, session, conversation
):
    sam, lea, opened = conversation["sam"], conversation["lea"], conversation["thread"]
    h.log_in(client, sam)
    _text(client, f"/discussions/{opened.id}")
    assert "nouveau" not in _text(client, "/espaces/diabete")

    first_new = h.reply(session, lea, opened, "Je garde le capteur, avec un patch.")
    h.reply(session, lea, opened, "Et vous, Camille ?")
    space_page = _text(client, "/espaces/diabete")

    assert "2 nouveaux messages" in space_page
    assert _first_unread_link(space_page).endswith(f"#message-{first_new.id}")


def test_each_thread_counts_from_its_own_mark(client, session, conversation):
    sam, lea, opened = conversation["sam"], conversation["lea"], conversation["thread"]
    h.log_in(client, sam)
    _text(client, f"/discussions/{opened.id}")  # read early: an early mark
    later, _ = h.thread(session, lea, conversation["space"], title="Un sujet plus récent")
    h.reply(session, lea, later, "Une réponse lue aussi.")
    _text(client, f"/discussions/{later.id}")  # a later mark

    assert "nouveau" not in _text(client, "/espaces/diabete")
    h.reply(session, lea, opened, "Du neuf dans le premier sujet.")
    page = _text(client, "/espaces/diabete")
    assert page.count("1 nouveau message") == 1
    assert page.index("1 nouveau message") < page.index("Un sujet plus récent")


def test_reading_the_thread_again_clears_its_marker_and_shows_where_the_news_began(
    client, session, conversation
):
    sam, lea, opened = conversation["sam"], conversation["lea"], conversation["thread"]
    h.log_in(client, sam)
    _text(client, f"/discussions/{opened.id}")
    news = h.reply(session, lea, opened, "Nouvelle réponse de Léa.")

    thread_page = _text(client, f"/discussions/{opened.id}")
    divider = thread_page.index("Nouveaux messages depuis votre dernière lecture")
    assert thread_page.index("Capteur et piscine") < divider
    assert divider < thread_page.index(f'id="message-{news.id}"')

    assert "nouveau message" not in _text(client, "/espaces/diabete")
    # Read once more, nothing new: no divider either.
    assert "Nouveaux messages depuis" not in _text(client, f"/discussions/{opened.id}")


@pytest.mark.config(POSTS_PER_PAGE=3)
def test_the_first_unread_link_opens_the_page_of_the_thread_it_is_on(client, session, conversation):
    sam, lea, opened = conversation["sam"], conversation["lea"], conversation["thread"]
    h.reply(session, lea, opened, "Réponse 1")
    h.reply(session, lea, opened, "Réponse 2")
    h.log_in(client, sam)
    _text(client, f"/discussions/{opened.id}")  # the first page: three posts of three
    fourth = h.reply(session, lea, opened, "Réponse 3")
    h.reply(session, lea, opened, "Réponse 4")

    link = _first_unread_link(_text(client, "/espaces/diabete"))
    assert "page=2" in link and link.endswith(f"#message-{fourth.id}")
    assert f'id="message-{fourth.id}"' in _text(client, link.split("#")[0])


@pytest.mark.config(POSTS_PER_PAGE=3)
def test_only_the_posts_a_page_showed_count_as_read(client, session, conversation):
    sam, lea, opened = conversation["sam"], conversation["lea"], conversation["thread"]
    replies = [h.reply(session, lea, opened, f"Réponse {n}") for n in range(1, 5)]
    h.log_in(client, sam)

    _text(client, f"/discussions/{opened.id}")
    assert _mark(session, sam, opened) == replies[1].id
    assert "2 nouveaux messages" in _text(client, "/espaces/diabete")
    _text(client, f"/discussions/{opened.id}?page=2")
    assert _mark(session, sam, opened) == replies[3].id
    # Going back to the first page unreads nothing.
    _text(client, f"/discussions/{opened.id}")
    assert _mark(session, sam, opened) == replies[3].id


def test_my_own_replies_are_never_news_to_me(client, session, conversation):
    sam, lea, opened = conversation["sam"], conversation["lea"], conversation["thread"]
    h.log_in(client, sam)
    _text(client, f"/discussions/{opened.id}")

    h.reply(session, sam, opened, "Ma réponse, publiée depuis.")
    assert "nouveau" not in _text(client, "/espaces/diabete")
    h.reply(session, lea, opened, "Léa répond à Sam.")
    assert "1 nouveau message" in _text(client, "/espaces/diabete")


def test_a_thread_i_never_opened_is_not_read_yet_unless_it_is_mine_or_older_than_me(
    client, session, conversation
):
    sam, lea, diabetes = conversation["sam"], conversation["lea"], conversation["space"]
    h.thread(session, sam, diabetes, title="Ma propre question")
    h.log_in(client, sam)

    page = _text(client, "/espaces/diabete")
    assert page.count("pas encore lue") == 1  # Camille's, not Sam's own
    assert "Premier message non lu" not in page  # nothing read: it opens at its start

    # Lea arrived after both threads were last written in: nothing is new to her.
    lea.created_at = conversation["thread"].last_activity_at + timedelta(days=1)
    session.commit()
    h.log_in(client, lea)
    assert "pas encore lue" not in _text(client, "/espaces/diabete")


def test_a_visitor_sees_no_marker_and_leaves_no_mark(client, session, conversation):
    opened = conversation["thread"]

    _text(client, f"/discussions/{opened.id}")
    page = _text(client, "/espaces/diabete")

    assert "nouveau" not in page and "pas encore lue" not in page
    h.fresh(session)
    assert session.scalars(select(ThreadRead)).all() == []


def test_a_page_that_is_not_shown_marks_nothing(client, session, conversation):
    sam, opened = conversation["sam"], conversation["thread"]
    h.log_in(client, sam)

    assert client.get(f"/discussions/{opened.id}?page=7").status_code == 404
    assert _mark(session, sam, opened) is None


def test_a_post_taken_down_after_i_read_it_leaves_the_count_right(client, session, conversation):
    sam, lea, opened = conversation["sam"], conversation["lea"], conversation["thread"]
    read = h.reply(session, lea, opened, "Lue par Sam, puis retirée.")
    h.log_in(client, sam)
    _text(client, f"/discussions/{opened.id}")
    services.withdraw_post(session, author=lea, post=read)
    h.reply(session, lea, opened, "Une autre réponse.")
    session.commit()

    assert "1 nouveau message" in _text(client, "/espaces/diabete")


def test_the_list_of_spaces_says_where_threads_i_read_have_news(client, session, conversation):
    sam, lea, opened = conversation["sam"], conversation["lea"], conversation["thread"]
    other, _ = h.thread(session, lea, conversation["space"], title="Autre sujet")
    h.log_in(client, sam)
    _text(client, f"/discussions/{opened.id}")
    _text(client, f"/discussions/{other.id}")
    assert "Du nouveau" not in _text(client, "/")

    h.reply(session, lea, opened, "Du neuf.")
    h.reply(session, lea, other, "Du neuf ici aussi.")
    assert "Du nouveau dans 2 discussions que vous avez lues" in _text(client, "/")
    h.log_out(client)
    assert "Du nouveau" not in _text(client, "/")


def test_a_members_only_space_i_left_keeps_its_news_to_itself(client, session):
    private = h.space(session, "endometriose", members_only=True)
    lea = h.member(session, "Lea")
    sam = h.joined(session, h.member(session, "Sam"), private)
    opened, _ = h.thread(session, lea, private, title="Entre nous")
    h.log_in(client, sam)
    _text(client, f"/discussions/{opened.id}")
    h.reply(session, lea, opened, "Du neuf, entre membres.")
    assert "Du nouveau dans 1 discussion que vous avez lue" in _text(client, "/")

    _leave(session, sam, private)
    assert "Du nouveau" not in _text(client, "/")


def test_the_mark_only_moves_forward_and_goes_with_the_account(app, session, conversation):
    sam, opened, first = conversation["sam"], conversation["thread"], conversation["first"]
    later = h.reply(session, conversation["lea"], opened, "Plus tard.")

    for post_id in (later.id, first.id):  # a newer page read, then an older one
        unread.mark_seen(session, member_id=sam.id, thread_id=opened.id, post_id=post_id)
    assert _mark(session, sam, opened) == later.id

    accounts.delete_account(
        session, member=sam, password="correct horse battery", withdraw_posts=False
    )
    assert _mark(session, sam, opened) is None


@pytest.mark.real_database
@pytest.mark.config(POSTS_PER_PAGE=2)
def test_two_pages_of_a_thread_read_at_the_same_instant_both_open_and_keep_the_later(app, session):
    """Two tabs (or two hosts) write the mark at once: neither fails, neither waits for
    the other longer than its one statement, and the mark is the later of the two."""
    diabetes = h.space(session)
    lea, sam = h.member(session, "Lea"), h.joined(session, h.member(session, "Sam"), diabetes)
    opened, _ = h.thread(session, lea, diabetes)
    last = [h.reply(session, lea, opened, f"Réponse {n}") for n in range(3)][-1]
    session.commit()
    ids = {"thread": opened.id, "sam": sam.id, "last": last.id, "who": sam.get_id()}
    clients = [h.log_in(app.test_client(), ids["who"]) for _ in range(2)]
    both_read = threading.Barrier(2, timeout=10)
    names = ("premier", "second")

    def wait_for_the_other(_conn, _cursor, statement, *_args) -> None:
        if (
            statement.startswith("INSERT INTO thread_read")
            and threading.current_thread().name in names
        ):
            both_read.wait()

    statuses: dict[str, int] = {}

    def read(client, page: int) -> None:
        answer = client.get(f"/discussions/{ids['thread']}?page={page}")
        statuses[threading.current_thread().name] = answer.status_code

    event.listen(db.engine, "before_cursor_execute", wait_for_the_other)
    try:
        readers = [
            threading.Thread(target=read, args=(client, page), name=name)
            for client, page, name in zip(clients, (2, 1), names, strict=True)
        ]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(timeout=60)
    finally:
        event.remove(db.engine, "before_cursor_execute", wait_for_the_other)

    assert statuses == {"premier": 200, "second": 200}
    marks = session.scalars(
        select(ThreadRead.last_seen_post_id).where(ThreadRead.member_id == ids["sam"])
    ).all()
    assert marks == [ids["last"]]

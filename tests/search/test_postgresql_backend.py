"""PostgreSQL's own full-text search, as readers meet it: accents and plurals, a typing
mistake, any of the words, excerpts, and an index every host shares."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from community import create_app
from community.forums import services
from community.forums.models import Post, Space
from community.search.backend import QueryError, SearchQuery, Sort, backend
from community.search.postgresql_backend import PostgresBackend
from tests.conftest import PG_URL, app_for, make_config
from tests.forums.helpers import member, space
from tests.search.page_helpers import index_now, published_reply, published_thread

pytestmark = pytest.mark.skipif(not PG_URL, reason="PostgreSQL's search needs PostgreSQL")


@pytest.fixture
def app() -> Iterator[Flask]:
    config = make_config(SEARCH_BACKEND="postgresql")
    with app_for(config) as application, application.app_context():
        yield application


def _search(text: str, spaces: set[int], **kwargs) -> list[int]:
    return list(
        backend().search(SearchQuery(text=text, space_ids=frozenset(spaces), **kwargs)).post_ids
    )


def test_on_postgresql_the_database_is_the_default_search_engine():
    built = create_app(make_config(SEARCH_BACKEND=None))
    assert isinstance(built.extensions["search"], PostgresBackend)


def test_accents_plurals_and_the_readers_spaces(session):
    diabetes, other = space(session), space(session, "sep")
    camille = member(session, "Camille")
    _, opening = published_thread(
        session, camille, diabetes, "Glycémie du matin", "Mes diabètes et moi"
    )
    reply = published_reply(session, camille, opening.thread, "La glycemie remonte après le sport")
    _, elsewhere = published_thread(
        session, camille, other, "Ailleurs", "glycémie dans un autre espace"
    )
    index_now(session)

    assert set(_search("glycemie", {diabetes.id})) == {opening.id, reply.id}
    assert _search("diabete", {diabetes.id}) == [opening.id]
    assert elsewhere.id in _search("glycémie", {diabetes.id, other.id})
    # The title weighs more than the body.
    assert _search("glycemie", {diabetes.id})[0] == opening.id


def test_a_typing_mistake_then_any_word_loosen_the_search(session):
    diabetes = space(session)
    camille = member(session, "Camille")
    _, post = published_thread(
        session, camille, diabetes, "Insuline", "Mon insuline rapide le soir"
    )
    index_now(session)
    spaces = frozenset({diabetes.id})

    typo = backend().search(SearchQuery(text="insulline", space_ids=spaces))
    assert list(typo.post_ids) == [post.id] and typo.loosened
    some = backend().search(SearchQuery(text="insuline vélo", space_ids=spaces))
    assert list(some.post_ids) == [post.id] and some.loosened
    exact = backend().search(SearchQuery(text="insuline", space_ids=spaces))
    assert not exact.loosened


def test_what_cannot_be_searched_is_said(session):
    with pytest.raises(QueryError, match="empty"):
        backend().search(SearchQuery(text="  ", space_ids=frozenset({1})))
    with pytest.raises(QueryError, match="stop_words"):
        backend().search(SearchQuery(text="et de la", space_ids=frozenset({1})))
    with pytest.raises(QueryError, match="too_long"):
        backend().search(SearchQuery(text="mot " * 200, space_ids=frozenset({1})))


def _pump_thread(session, replies: int) -> tuple[Space, list[Post]]:
    """A thread titled "Pompe" and its replies, all about the pump, oldest first, indexed."""
    diabetes = space(session)
    camille = member(session, "Camille")
    _, first = published_thread(session, camille, diabetes, "Pompe", "pompe à insuline")
    posts = [first] + [
        published_reply(session, camille, first.thread, f"encore la pompe, jour {n}")
        for n in range(replies)
    ]
    index_now(session)
    return diabetes, posts


def test_newest_first_and_pages(session):
    diabetes, posts = _pump_thread(session, 4)

    newest = _search("pompe", {diabetes.id}, sort=Sort.DATE, per_page=2)
    assert newest == [posts[-1].id, posts[-2].id]
    second_page = _search("pompe", {diabetes.id}, sort=Sort.DATE, per_page=2, page=2)
    assert second_page == [posts[-3].id, posts[-4].id]


def test_a_word_in_more_posts_than_the_budget_ranks_the_newest_and_says_about(session):
    diabetes, posts = _pump_thread(session, 5)
    first = posts[0]
    budgeted = PostgresBackend(match_budget=3)
    spaces = frozenset({diabetes.id})

    best = budgeted.search(SearchQuery(text="pompe", space_ids=spaces, per_page=2))
    # Ranked among the newest 3 only: the opening post's title would have put it first.
    assert list(best.post_ids) == [posts[-1].id, posts[-2].id]
    assert not best.total_is_exact and best.total >= 3
    every = PostgresBackend(match_budget=None).search(
        SearchQuery(text="pompe", space_ids=spaces, per_page=2)
    )
    assert every.post_ids[0] == first.id and every.total == 6 and every.total_is_exact
    # By date it stays exact: a deeper page widens the window to reach it.
    deep = budgeted.search(
        SearchQuery(text="pompe", space_ids=spaces, sort=Sort.DATE, per_page=2, page=3)
    )
    assert list(deep.post_ids) == [posts[1].id, posts[0].id]


def test_an_excerpt_marks_the_words_and_escapes_the_rest(session):
    excerpt = backend().snippet("glycémie", "Ma glycemie <b>ce</b> matin & le <script>x</script>")
    assert "<mark>glycemie</mark>" in excerpt
    assert "<script>" not in excerpt and "&lt;b&gt;" in excerpt and "&amp;" in excerpt


def test_a_post_taken_down_leaves_the_index_and_a_rebuild_gives_the_same(session):
    diabetes = space(session)
    camille = member(session, "Camille")
    _, kept = published_thread(session, camille, diabetes, "Sport", "vélo et glycémie")
    reply = published_reply(session, camille, kept.thread, "la glycémie après la marche")
    index_now(session)
    services.withdraw_post(session, author=camille, post=reply)
    session.commit()
    index_now(session)

    assert _search("glycemie", {diabetes.id}) == [kept.id]
    assert backend().indexed_ids() == {kept.id}

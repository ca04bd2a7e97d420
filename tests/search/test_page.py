"""The search page, as a reader uses it: a query box everywhere, results they can follow,
a filter, two orders, pages, and plain words for every query the engine cannot take."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from community.search.views import QUERY_ERROR_FALLBACK, QUERY_ERRORS
from tests.forums.helpers import log_in, member, space
from tests.search.page_helpers import (
    ENGINE_QUERIES,
    ENGINES,
    index_now,
    published_reply,
    published_thread,
    result_ids,
    result_links,
    search_app,
)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def app(tmp_path: Path, request: pytest.FixtureRequest, engine: str) -> Iterator[Flask]:
    """The site with a real search engine (settings from `@pytest.mark.config`, if any)."""
    overrides: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("config"))):
        overrides.update(marker.kwargs)
    yield from search_app(tmp_path, engine, **overrides)


def search(client: FlaskClient, **params: str) -> Any:
    return client.get("/recherche", query_string=params)


def text_of(response: Any) -> str:
    return str(response.get_data(as_text=True))


# --- a query box on every page ------------------------------------------------------------


def test_every_page_has_a_labelled_query_box_that_leads_to_the_results(
    client: FlaskClient, session: Session
) -> None:
    space(session, "diabete")
    session.commit()
    for url in ("/", "/espaces/diabete", "/connexion"):
        page = text_of(client.get(url))
        assert re.search(r'<form role="search" method="get" action="/recherche"', page), url
        assert '<label for="recherche-site"' in page
        assert 'id="recherche-site" name="q"' in page


def test_a_first_visit_or_an_empty_query_gets_a_hint_not_an_error(client: FlaskClient) -> None:
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": " \t "}, {"q": "\u200b\x00"}):
        response = search(client, **params)
        assert response.status_code == 200
        assert "Tapez un ou plusieurs mots" in text_of(response)
        assert "résultat" not in text_of(response)


def test_result_pages_are_kept_out_of_search_engines(client: FlaskClient) -> None:
    response = search(client, q="insuline")
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in text_of(response)
    for refused in (search(client, q="x" * 500), search(client, q="insuline", page="999")):
        assert refused.status_code in (400, 404)
        assert refused.headers["X-Robots-Tag"] == "noindex"
    assert "X-Robots-Tag" not in client.get("/").headers


# --- what a result shows ------------------------------------------------------------------


@pytest.fixture
def diabete(session: Session) -> Any:
    """A public space where Camille asked about insulin and sport, and Malo answered."""
    where = space(session, "diabete", name="Diabète")
    camille, malo = member(session, "Camille"), member(session, "Malo")
    thread, opening = published_thread(
        session,
        camille,
        where,
        "Insuline et sport",
        "Comment gérez-vous vos hypoglycémies pendant l’effort ?",
        at=datetime(2026, 3, 10, 8, 30),
    )
    answer = published_reply(
        session,
        malo,
        thread,
        "Je baisse ma dose d’insuline avant la course, et je garde du sucre sur moi.",
        at=datetime(2026, 3, 11, 17, 5),
    )
    index_now(session)
    return where, thread, opening, answer


def test_a_result_shows_thread_space_pseudonym_date_and_the_words_found(
    client: FlaskClient, diabete: Any
) -> None:
    _where, thread, opening, _answer = diabete
    response = search(client, q="hypoglycemies")  # typed without its accent
    page = text_of(response)
    assert response.status_code == 200
    assert result_ids(page) == [opening.id]
    assert "1 résultat" in page
    assert "Insuline et sport" in page
    assert "Diabète" in page
    assert ">Camille</a>" in page
    assert "10 mars 2026, 09:30" in page  # Paris time, in French
    assert re.search(r"<mark[^>]*>hypoglycémies</mark>", page)
    assert result_links(page) == [
        f"/discussions/{thread.id}/insuline-et-sport#message-{opening.id}"
    ]


def test_a_result_links_to_the_page_of_the_thread_its_post_is_on(
    client: FlaskClient, session: Session, diabete: Any
) -> None:
    _where, thread, _opening, _answer = diabete
    late = published_reply(session, member(session, "Inès"), thread, "Le vélo aussi : glucomètre.")
    index_now(session)
    client.application.config["POSTS_PER_PAGE"] = 2
    link = result_links(text_of(search(client, q="glucometre")))[0]
    assert link == f"/discussions/{thread.id}/insuline-et-sport?page=2#message-{late.id}"
    assert f'id="message-{late.id}"' in text_of(client.get(link.split("#")[0]))


def test_a_member_sees_which_results_are_new_to_them(
    client: FlaskClient, session: Session, diabete: Any
) -> None:
    _where, thread, _opening, _answer = diabete
    lectrice = member(session, "Lectrice")  # joined after Camille and Malo wrote
    session.commit()
    log_in(client, lectrice)
    assert "nouveau pour vous" not in text_of(search(client, q="insuline"))

    late = published_reply(session, member(session, "Inès"), thread, "Insuline et vélo : oui.")
    index_now(session)
    page = text_of(search(client, q="insuline"))
    assert page.count("nouveau pour vous") == 1
    assert page.index(f"#message-{late.id}") < page.index("nouveau pour vous")

    client.get(f"/discussions/{thread.id}")  # she reads the thread: nothing is new now
    assert "nouveau pour vous" not in text_of(search(client, q="insuline"))
    log_in(client, member(session, "Arrivee"))  # who joined after every post
    session.commit()
    assert "nouveau pour vous" not in text_of(search(client, q="insuline"))


def test_the_snippet_escapes_what_the_author_wrote(client: FlaskClient, session: Session) -> None:
    where = space(session, "diabete")
    published_thread(
        session,
        member(session, "Farceur"),
        where,
        "Une question",
        'Mon capteur <script>alert("x")</script> affiche <b>mal</b> ma glycémie.',
    )
    index_now(session)
    page = text_of(search(client, q="capteur"))
    assert re.search(r"<mark[^>]*>capteur</mark>", page)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page  # shown as the text it was, harmless
    assert "<b>mal</b>" not in page


def test_english_readers_get_the_page_in_english(client: FlaskClient, diabete: Any) -> None:
    client.set_cookie("lang", "en")
    page = text_of(search(client, q="insuline"))
    assert "Search the posts" in page
    assert "2 results" in page
    assert "Sort by" in page
    nothing = text_of(search(client, q="zebre"))
    assert "No post matches. Try another word, or search every space." in nothing


# --- filter, order, pages -----------------------------------------------------------------


@pytest.fixture
def two_spaces(session: Session) -> Any:
    """The same word in two spaces, the older post with it in its title (more relevant)."""
    diabete = space(session, "diabete", name="Diabète")
    endo = space(session, "endometriose", name="Endométriose")
    lea = member(session, "Léa")
    _thread, older = published_thread(
        session,
        lea,
        diabete,
        "Fatigue le matin",
        "Une fatigue qui ne passe pas, la fatigue encore.",
        at=datetime(2026, 1, 5, 9),
    )
    _thread, newer = published_thread(
        session,
        lea,
        endo,
        "Mes douleurs",
        "Les douleurs et une grande fatigue.",
        at=datetime(2026, 2, 5, 9),
    )
    index_now(session)
    return older, newer


def test_a_reader_narrows_the_search_to_one_space(client: FlaskClient, two_spaces: Any) -> None:
    older, newer = two_spaces
    everywhere = text_of(search(client, q="fatigue"))
    assert sorted(result_ids(everywhere)) == sorted([older.id, newer.id])
    assert '<option value="diabete">Diabète</option>' in everywhere
    only_endo = text_of(search(client, q="fatigue", espace="endometriose"))
    assert result_ids(only_endo) == [newer.id]
    assert '<option selected value="endometriose">Endométriose</option>' in only_endo


def test_results_come_by_relevance_or_newest_first(client: FlaskClient, two_spaces: Any) -> None:
    older, newer = two_spaces
    assert result_ids(text_of(search(client, q="fatigue"))) == [older.id, newer.id]
    by_date = text_of(search(client, q="fatigue", tri="date"))
    assert result_ids(by_date) == [newer.id, older.id]
    assert '<option selected value="date">' in by_date
    # An order nobody offered is no reason to refuse: relevance.
    assert search(client, q="fatigue", tri="n'importe").status_code == 200


def test_an_unknown_space_is_refused_with_a_reason(client: FlaskClient, two_spaces: Any) -> None:
    response = search(client, q="fatigue", espace="nulle-part")
    assert response.status_code == 400
    assert "Cet espace n’existe pas, ou vous n’y avez pas accès." in text_of(response)
    assert result_ids(text_of(response)) == []


@pytest.mark.config(SEARCH_PER_PAGE=2)
def test_results_come_in_pages(client: FlaskClient, session: Session) -> None:
    where = space(session, "diabete")
    ids = [
        published_thread(
            session,
            member(session, f"m{n}"),
            where,
            f"Sport {n}",
            "Du sport.",
            at=datetime(2026, 1, n + 1),
        )[1].id
        for n in range(5)
    ]
    index_now(session)
    newest_first = list(reversed(ids))
    first = text_of(search(client, q="sport", tri="date"))
    assert result_ids(first) == newest_first[:2]
    assert "5 résultats" in first
    assert "Page 1 sur 3" in first
    assert 'rel="prev"' not in first
    assert 'rel="next" href="/recherche?page=2&amp;q=sport&amp;tri=date"' in first
    second = text_of(search(client, q="sport", tri="date", page="2"))
    assert result_ids(second) == newest_first[2:4]
    assert 'rel="prev" href="/recherche?q=sport&amp;tri=date"' in second
    last = text_of(search(client, q="sport", tri="date", page="3"))
    assert result_ids(last) == newest_first[4:]
    assert 'rel="next"' not in last
    assert search(client, q="sport", tri="date", page="4").status_code == 404
    assert search(client, q="sport", page="1000000").status_code == 404
    # Not a page number: the first page.
    assert result_ids(text_of(search(client, q="sport", tri="date", page="-3"))) == ids[::-1][:2]


def test_a_typing_mistake_still_finds_and_the_page_says_so(
    client: FlaskClient, diabete: Any
) -> None:
    _where, _thread, opening, _answer = diabete
    page = text_of(search(client, q="hypoglicemies"))
    assert result_ids(page) == [opening.id]
    assert "Aucun message ne contient exactement ces mots" in page
    assert "Aucun message ne contient exactement" not in text_of(search(client, q="hypoglycemies"))


def test_nothing_found_says_what_to_try(client: FlaskClient, diabete: Any) -> None:
    response = search(client, q="zebre")
    assert response.status_code == 200
    assert "Aucun message ne correspond. Essayez un autre mot, ou sans filtre d’espace." in (
        text_of(response)
    )


# --- queries the engine cannot take -------------------------------------------------------

MESSAGES = [str(message) for message in QUERY_ERRORS.values()] + [str(QUERY_ERROR_FALLBACK)]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "(",
        ")",
        "AND",
        "OR NOT",
        "*",
        "?",
        "~",
        "^2",
        "title:",
        "espace:prive",
        '"insuline',
        "insuline)",
        "(insuline OR",
        "le la les",
        "[a TO",
        "{}",
        "\\",
        "insuline\x00sport",
        "\x00",
        "x" * 10_000,
        "💉" * 300,
    ],
)
def test_a_query_the_engine_cannot_take_gets_a_french_message_never_a_500(
    client: FlaskClient, diabete: Any, query: str
) -> None:
    response = search(client, q=query)
    page = text_of(response)
    assert response.status_code in (200, 400), query
    if response.status_code == 400:
        assert any(message in page for message in MESSAGES) or "trop longue" in page, query
    assert "<script" not in page


def test_a_long_query_is_refused_next_to_the_box(client: FlaskClient) -> None:
    response = search(client, q="insuline " * 1200)
    assert response.status_code == 400
    assert "Votre recherche est trop longue : 200 caractères au plus." in text_of(response)


def test_nul_bytes_are_dropped_before_searching(client: FlaskClient, diabete: Any) -> None:
    _where, _thread, opening, _answer = diabete
    page = text_of(search(client, q="hypoglyc\x00emies"))
    assert result_ids(page) == [opening.id]


# --- cost ---------------------------------------------------------------------------------


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="3 per minute")
def test_searching_is_rate_limited(client: FlaskClient) -> None:
    statuses = [search(client, q="insuline").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_results_page_needs_a_fixed_number_of_queries(
    client: FlaskClient, session: Session, diabete: Any, count_queries: Any, engine: str
) -> None:
    _where, thread, _opening, _answer = diabete
    for n in range(8):
        published_reply(session, member(session, f"r{n}"), thread, f"Insuline, réponse {n}.")
    index_now(session)
    log_in(client, member(session, "Lectrice"))
    session.commit()
    with count_queries() as counter:
        page = text_of(search(client, q="insuline"))
    assert len(result_ids(page)) == 10
    # The member, their unread notifications, the spaces, the hits (and what the engine
    # asks of the database, if it lives there): no query per hit.
    assert counter.count <= 5 + ENGINE_QUERIES[engine], counter.statements

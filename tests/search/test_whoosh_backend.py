"""The whoosh engine: what it finds, in which order, how it changes, and that no typed
query, however strange, gets anything but results or a QueryError."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.search.backend import IndexedPost, QueryError, SearchQuery, Sort, backend
from community.search.whoosh_backend import IndexBusy, WhooshBackend
from tests.conftest import app_for, make_config

START = datetime(2026, 3, 1, 9, 0)
BOTH = frozenset({1, 2})


def post(
    post_id: int, body: str, *, space_id: int = 1, title: str = "", days: int = 0
) -> IndexedPost:
    return IndexedPost(
        post_id=post_id,
        thread_id=100 + post_id,
        space_id=space_id,
        title=title,
        body=body,
        author="camille",
        published_at=START + timedelta(days=days or post_id),
    )


def ids(
    engine: WhooshBackend, text: str, spaces: frozenset[int] = BOTH, **options: object
) -> list[int]:
    return list(engine.search(SearchQuery(text, spaces, **options)).post_ids)  # type: ignore[arg-type]


@pytest.fixture
def engine(tmp_path: Path) -> WhooshBackend:
    return WhooshBackend(tmp_path / "ix", lock_timeout=0.2)


def test_a_new_index_is_empty_and_searchable(engine: WhooshBackend) -> None:
    assert engine.indexed_ids() == set()
    assert engine.search(SearchQuery("insuline", BOTH)).post_ids == ()


def test_applied_posts_are_found_and_removed_ones_are_not(engine: WhooshBackend) -> None:
    engine.apply([post(1, "Insuline avant le sport"), post(2, "Insuline le soir")], [])
    assert sorted(ids(engine, "insuline")) == [1, 2]
    engine.apply([], [1])
    assert ids(engine, "insuline") == [2]
    assert engine.indexed_ids() == {2}
    engine.apply([post(2, "Pompe le soir")], [])  # replaced, not added twice
    assert ids(engine, "insuline") == []
    assert ids(engine, "pompe") == [2]
    assert engine.indexed_ids() == {2}


def test_a_post_moved_to_another_space_leaves_the_first(engine: WhooshBackend) -> None:
    engine.apply([post(1, "Insuline", space_id=1)], [])
    engine.apply([post(1, "Insuline", space_id=2)], [])
    assert ids(engine, "insuline", frozenset({1})) == []
    assert ids(engine, "insuline", frozenset({2})) == [1]
    assert engine.indexed_ids() == {1}


def test_only_the_readers_spaces_are_searched(engine: WhooshBackend) -> None:
    engine.apply([post(1, "Insuline", space_id=1), post(2, "Insuline", space_id=2)], [])
    assert ids(engine, "insuline", frozenset({1})) == [1]
    assert ids(engine, "insuline", frozenset({2})) == [2]
    assert ids(engine, "insuline", frozenset({3})) == []  # a space with no index yet
    assert sorted(ids(engine, "insuline", frozenset({1, 2, 3}))) == [1, 2]


def test_newest_first_when_sorting_by_date(engine: WhooshBackend) -> None:
    engine.apply(
        [
            post(1, "Insuline insuline insuline", days=1),
            post(2, "Insuline", space_id=2, days=3),
            post(3, "Insuline et pompe", days=2),
        ],
        [],
    )
    assert ids(engine, "insuline", sort=Sort.DATE) == [2, 3, 1]


def test_pages_and_totals(engine: WhooshBackend) -> None:
    engine.apply([post(n, "Glycémie du matin", space_id=1 + n % 2) for n in range(1, 26)], [])
    pages = [
        engine.search(SearchQuery("glycemie", BOTH, page=page, per_page=10)) for page in (1, 2, 3)
    ]
    assert [len(page.post_ids) for page in pages] == [10, 10, 5]
    assert len({post_id for page in pages for post_id in page.post_ids}) == 25
    assert all(page.total == 25 for page in pages)
    beyond = engine.search(SearchQuery("glycemie", BOTH, page=4, per_page=10))
    assert (beyond.post_ids, beyond.total) == ([], 25)


def test_sorting_by_date_reads_the_newest_posts_and_stays_exact(engine: WhooshBackend) -> None:
    # Published in turn in three spaces; the third has only old posts.
    engine.apply(
        [post(n, "Glycémie du matin", space_id=1 + n % 2, days=n) for n in range(3, 80)], []
    )
    engine.apply([post(n, "Glycémie du soir", space_id=3, days=n) for n in (1, 2)], [])
    newest_first = list(range(79, 0, -1))
    spaces = frozenset({1, 2, 3})
    for page in (1, 2, 16):
        found = ids(engine, "glycemie", spaces, sort=Sort.DATE, page=page, per_page=5)
        assert found == newest_first[(page - 1) * 5 : page * 5]


def test_a_query_matching_too_much_is_ranked_over_the_newest_posts(tmp_path: Path) -> None:
    engine = WhooshBackend(tmp_path / "ix", match_budget=10)
    # The oldest posts say "glycémie" most often: ranked over all, they would come first.
    engine.apply([post(n, "glycémie " * (60 - n) + "du jour", days=n) for n in range(1, 60)], [])
    page = engine.search(SearchQuery("glycemie", BOTH, per_page=5))
    assert min(page.post_ids) > 40
    assert (page.total, page.total_is_exact) == (59, False)
    everything = WhooshBackend(tmp_path / "ix", match_budget=None)
    assert max(ids(everything, "glycemie", per_page=5)) < 20


def test_titles_outrank_bodies(engine: WhooshBackend) -> None:
    engine.apply(
        [
            post(1, "Je cours le matin, et la pompe tient bien.", title="Pompe et course"),
            post(2, "Une question de pompe pour la course du dimanche.", title="Question"),
        ],
        [],
    )
    assert ids(engine, "pompe") == [1, 2]


def test_the_snippet_escapes_the_post_and_marks_the_words(engine: WhooshBackend) -> None:
    text = "<script>alert('x')</script> Comment gérez-vous l'insuline au sport ?"
    snippet = engine.snippet("insuline", text)
    assert "<script>" not in snippet
    assert "&lt;/script&gt;" in snippet
    assert '<mark class="match term0">insuline</mark>' in snippet
    plain = engine.snippet("pompe", "<b>gras</b> " + "mot " * 100)
    assert plain.startswith("&lt;b&gt;gras&lt;/b&gt; mot")
    assert len(plain) < 260
    assert engine.snippet("((", "<i>x</i>") == "&lt;i&gt;x&lt;/i&gt;"


def test_a_rebuild_swaps_the_whole_index_at_once(engine: WhooshBackend, tmp_path: Path) -> None:
    engine.apply([post(1, "Ancien message sur l'insuline")], [])
    steps: list[int] = []
    count = engine.rebuild(
        (post(n, "Nouveau message sur l'insuline") for n in range(10, 1210)), progress=steps.append
    )
    assert count == 1200
    assert steps == [500, 500, 200]
    assert engine.indexed_ids() == set(range(10, 1210))
    builds = [path.name for path in (tmp_path / "ix").iterdir() if path.name.startswith("build-")]
    assert len(builds) == 1  # the old build is gone


def test_a_failed_rebuild_leaves_the_old_index_serving(
    engine: WhooshBackend, tmp_path: Path
) -> None:
    engine.apply([post(1, "Insuline")], [])

    def failing() -> Iterator[IndexedPost]:
        yield post(2, "Insuline")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        engine.rebuild(failing())
    assert ids(engine, "insuline") == [1]
    assert len(list((tmp_path / "ix").glob("build-*"))) == 1
    engine.apply([post(3, "Insuline")], [])  # and it still takes changes
    assert sorted(ids(engine, "insuline")) == [1, 3]


def test_two_processes_see_each_others_commits(tmp_path: Path) -> None:
    worker = WhooshBackend(tmp_path / "ix")
    web = WhooshBackend(tmp_path / "ix")
    assert ids(web, "insuline") == []  # its searcher is now cached
    worker.apply([post(1, "Insuline")], [])
    assert ids(web, "insuline") == [1]
    worker.apply([], [1])
    assert ids(web, "insuline") == []
    worker.rebuild([post(2, "Insuline")])
    assert ids(web, "insuline") == [2]
    web.apply([post(3, "Insuline")], [])
    assert sorted(ids(worker, "insuline")) == [2, 3]


def test_a_writer_held_elsewhere_makes_apply_busy(engine: WhooshBackend, tmp_path: Path) -> None:
    engine.apply([post(1, "Insuline")], [])
    other = WhooshBackend(tmp_path / "ix")
    ix = other._space_index(other._live_dir(), 1)
    assert ix is not None
    writer = ix.writer()
    try:
        with pytest.raises(IndexBusy):
            engine.apply([post(2, "Insuline")], [])
    finally:
        writer.cancel()
    engine.apply([post(2, "Insuline")], [])
    assert sorted(ids(engine, "insuline")) == [1, 2]


def test_apply_waits_for_no_rebuild(engine: WhooshBackend, tmp_path: Path) -> None:
    with (tmp_path / "ix" / "rebuild.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # what a rebuild in another process holds
        with pytest.raises(IndexBusy):
            engine.apply([post(1, "Insuline")], [])
        fcntl.flock(lock, fcntl.LOCK_UN)
    engine.apply([post(1, "Insuline")], [])


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ('"', "empty"),
        ("(( ))", "empty"),
        ("\x00\x00", "empty"),
        ("le la les", "stop_words"),
        ("NOT insuline", "syntax"),
        ("insuline " * 30, "too_long"),
    ],
)
def test_queries_that_cannot_be_searched(engine: WhooshBackend, typed: str, code: str) -> None:
    with pytest.raises(QueryError) as refused:
        engine.search(SearchQuery(typed, BOTH))
    assert refused.value.code == code


@pytest.mark.parametrize(
    "typed",
    [
        '"insuline',
        "insuline)",
        "(insuline",
        "insuline AND",
        "OR insuline",
        "insuline*",
        "insuline~2",
        "insuline^3",
        "title:insuline",
        "insuline\x00",
        "insuline \ud800",
        "-sport insuline",
    ],
)
def test_stray_syntax_is_just_punctuation(engine: WhooshBackend, typed: str) -> None:
    engine.apply([post(1, "Insuline"), post(2, "Insuline et sport")], [])
    assert 1 in ids(engine, typed)


def test_field_names_are_not_query_syntax(engine: WhooshBackend) -> None:
    engine.apply([post(1, "Insuline")], [])
    assert ids(engine, "post_id:1") == []
    assert ids(engine, "space_id:1 OR insuline") == [1]


# Words the index holds, operators, and the characters a query parser cares about.
_PIECES = st.sampled_from(
    [
        "insuline",
        "diabète",
        "sport",
        "AND",
        "OR",
        "NOT",
        "ANDNOT",
        "ANDMAYBE",
        "le",
        "(",
        ")",
        '"',
        "'",
        "*",
        "?",
        "~",
        "^",
        ":",
        "title:",
        "[",
        "]",
        "{",
        "}",
        "-",
        "+",
        "\\",
        "/",
        "\x00",
    ]
)
_QUERIES = st.one_of(
    st.text(max_size=250),
    st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=25).map(" ".join),
    st.lists(_PIECES, max_size=25).map("".join),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=_QUERIES)
def test_no_typed_query_raises_anything_but_query_error(engine: WhooshBackend, typed: str) -> None:
    if not engine.indexed_ids():
        engine.apply(
            [post(1, "Insuline et sport", title="Diabète"), post(2, "Le sport", space_id=2)], []
        )
    for sort in Sort:
        try:
            page = engine.search(SearchQuery(typed, BOTH, sort=sort, page=2, per_page=1))
        except QueryError as refused:
            assert refused.code in {"empty", "too_long", "stop_words", "syntax"}
        else:
            assert set(page.post_ids) <= {1, 2}
    assert isinstance(engine.snippet(typed, "Insuline et sport <b>"), str)


def test_the_app_gets_a_whoosh_engine_in_its_index_folder(tmp_path: Path) -> None:
    folder = tmp_path / "search-index"
    config = make_config(SEARCH_BACKEND="whoosh", SEARCH_INDEX_DIR=str(folder))
    with app_for(config) as app, app.app_context():
        engine = backend()
        assert isinstance(engine, WhooshBackend)
        assert engine.index_dir == folder
        assert (folder / "CURRENT").exists()

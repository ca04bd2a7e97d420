"""What the rest of the site asks of a search engine, and the engine that finds nothing.

The whoosh engine (whoosh_backend.py) is the default; the null one serves the tests that
are not about search, and sites that do without it. The backend is chosen by
SEARCH_BACKEND and lives in app.extensions["search"] (init_app).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from flask import Flask, current_app
from markupsafe import Markup


@dataclass(frozen=True)
class IndexedPost:
    """What the index holds of a published post: text to find it by, ids to filter it by."""

    post_id: int
    thread_id: int
    space_id: int
    title: str  # the thread's title on its opening post, "" on replies
    body: str  # plain text, without markup
    author: str  # pseudonym
    published_at: datetime
    language: str = "fr"  # "fr" or "en": which analyzer reads it


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"  # newest first


@dataclass(frozen=True)
class SearchQuery:
    text: str
    # The spaces the reader may read (one, when they filter by space). Never empty: a
    # reader who may read nothing is not searched for.
    space_ids: frozenset[int]
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class SearchPage:
    post_ids: Sequence[int]  # best first (or newest first), this page only
    total: int  # an estimate when the engine cannot count cheaply
    total_is_exact: bool = True
    # Nothing had all the words as typed: these results allow a typing mistake in a
    # word, or have only some of the words (say so to the reader).
    loosened: bool = False


class QueryError(ValueError):
    """A query that cannot be searched (empty, nothing but operators …); `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SearchBackend(Protocol):
    def apply(self, upserts: Sequence[IndexedPost], removals: Sequence[int]) -> None:
        """Add or replace these posts and remove those ids, in one index commit."""

    def search(self, query: SearchQuery) -> SearchPage:
        """Raises QueryError for a query that cannot be searched; never another error for
        what a reader typed."""

    def snippet(self, query_text: str, text: str) -> Markup:
        """An excerpt of `text` around the query's words, HTML-escaped, words in <mark>."""

    def snippets(self, query_text: str, texts: Sequence[str]) -> list[Markup]:
        """The excerpts of a page's hits, in order: one call, so one query where the
        engine is the database."""

    def indexed_ids(self) -> set[int]:
        """Every post id in the index (for the check command)."""

    def rebuild(
        self, posts: Iterable[IndexedPost], *, progress: Callable[[int], None] | None = None
    ) -> int:
        """Build a whole new index aside from these posts, then swap it in at once; how many."""


class NullBackend:
    """Indexes nothing and finds nothing."""

    def apply(self, upserts: Sequence[IndexedPost], removals: Sequence[int]) -> None:
        return None

    def search(self, query: SearchQuery) -> SearchPage:
        if not query.text.strip():
            raise QueryError("empty")
        return SearchPage(post_ids=(), total=0)

    def snippet(self, query_text: str, text: str) -> Markup:
        return Markup.escape(text[:200])

    def snippets(self, query_text: str, texts: Sequence[str]) -> list[Markup]:
        return [self.snippet(query_text, text) for text in texts]

    def indexed_ids(self) -> set[int]:
        return set()

    def rebuild(
        self, posts: Iterable[IndexedPost], *, progress: Callable[[int], None] | None = None
    ) -> int:
        return sum(1 for _post in posts)


def init_app(app: Flask) -> None:
    """SEARCH_BACKEND, or by default the database's own engine on PostgreSQL (every host
    searches the same index) and whoosh on SQLite (one machine, an index on its disk)."""
    kind = app.config["SEARCH_BACKEND"]
    if kind is None:
        database = str(app.config["SQLALCHEMY_DATABASE_URI"])
        kind = "postgresql" if database.startswith("postgresql") else "whoosh"
    if kind == "null":
        app.extensions["search"] = NullBackend()
    elif kind == "whoosh":
        from community.search.whoosh_backend import WhooshBackend

        app.extensions["search"] = WhooshBackend.for_app(app)
    elif kind == "postgresql":
        from community.search.postgresql_backend import PostgresBackend

        app.extensions["search"] = PostgresBackend.for_app(app)
    else:
        raise ValueError(f"SEARCH_BACKEND must be 'postgresql', 'whoosh' or 'null', not {kind!r}")


def backend() -> SearchBackend:
    engine: SearchBackend = current_app.extensions["search"]
    return engine

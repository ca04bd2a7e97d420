"""The PostgreSQL engine: full-text search in the database itself, the default there.

One row per findable post in `search_document`, with a `tsvector` in the post's
language (the `community_fr` and `community_en` configurations: Debian's French and
English stemmers after `unaccent`, so "diabete" finds "Diabète") and a GIN index. A
search box is read as all its words (`websearch_to_tsquery`), ranked by `ts_rank_cd`;
when that finds nothing, each word the index does not know is replaced by its nearest
known word (`pg_trgm` over `search_word`, one typing mistake or so), then any of the
words will do, as whoosh does. Excerpts come from `ts_headline`.

The index lives in the database: every web host searches the same one, and the outbox
is applied in the worker's own transaction (a change and its index row commit
together). The tables are made by a migration on PostgreSQL only (SQLite keeps whoosh).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import text
from sqlalchemy.orm import Session

from community.extensions import db
from community.search.backend import IndexedPost, QueryError, SearchPage, SearchQuery, Sort

# Not in the models' metadata (their types exist on PostgreSQL only): the migrations'
# comparison of models and schema leaves them out.
TABLES = ("search_document", "search_word")

CONFIGURATIONS = {"fr": "community_fr", "en": "community_en"}
QUERY_MAX = 500  # characters, as whoosh's analysis allows
_WORD = re.compile(r"\w{3,}")
_FUZZY_MIN = 5  # letters: shorter words are not guessed at
_SIMILAR_ENOUGH = 0.45  # pg_trgm similarity for a guess
_START, _STOP = "\x02", "\x03"  # ts_headline's marks, escaped after


def _session() -> Session:
    return db.session()


def _words(value: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(value)]


class PostgresBackend:
    """Implements search.backend.SearchBackend in the application's own database."""

    def apply(self, upserts: Sequence[IndexedPost], removals: Sequence[int]) -> None:
        session = _session()
        gone = [post.post_id for post in upserts] + list(removals)
        if gone:
            session.execute(
                text("DELETE FROM search_document WHERE post_id = ANY(CAST(:ids AS integer[]))"),
                {"ids": gone},
            )
        if upserts:
            self._insert(session, upserts)

    def _insert(self, session: Session, posts: Sequence[IndexedPost]) -> None:
        session.execute(
            text(
                "INSERT INTO search_document "
                "(post_id, thread_id, space_id, title, body, author, published_at, language, "
                " document) "
                "VALUES (:post_id, :thread_id, :space_id, :title, :body, :author, "
                " :published_at, :language, "
                " setweight(to_tsvector(CAST(:config AS regconfig), :title), 'A') "
                " || to_tsvector(CAST(:config AS regconfig), :body))"
            ),
            [
                {
                    "post_id": post.post_id,
                    "thread_id": post.thread_id,
                    "space_id": post.space_id,
                    "title": post.title,
                    "body": post.body,
                    "author": post.author,
                    "published_at": post.published_at,
                    "language": post.language if post.language in CONFIGURATIONS else "fr",
                    "config": CONFIGURATIONS.get(post.language, CONFIGURATIONS["fr"]),
                }
                for post in posts
            ],
        )
        words = sorted({word for post in posts for word in _words(f"{post.title} {post.body}")})
        if words:
            session.execute(
                text(
                    "INSERT INTO search_word (word) "
                    "SELECT unaccent(w) FROM unnest(CAST(:words AS text[])) AS w "
                    "ON CONFLICT DO NOTHING"
                ),
                {"words": words},
            )

    # --- searching ------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchPage:
        typed = query.text.strip()
        if not typed:
            raise QueryError("empty")
        if len(typed) > QUERY_MAX:
            raise QueryError("too_long")
        words = _words(typed)
        if not words:
            raise QueryError("stop_words")
        session = _session()
        found = self._page(session, query, typed, any_word=False)
        if found.total:
            return found  # one query, the common case
        # One stop list for both languages, as whoosh has: "et de la" is nothing to look
        # for, though English would keep those words.
        meaningful = session.execute(
            text(
                "SELECT least(numnode(websearch_to_tsquery(CAST(:fr AS regconfig), :q)), "
                " numnode(websearch_to_tsquery(CAST(:en AS regconfig), :q)))"
            ),
            {"q": typed, "fr": CONFIGURATIONS["fr"], "en": CONFIGURATIONS["en"]},
        ).scalar_one()
        if not meaningful:
            raise QueryError("stop_words")
        guessed = self._guess(session, words)
        if guessed != words:
            found = self._page(session, query, " ".join(guessed), any_word=False)
            if found.total:
                return SearchPage(found.post_ids, found.total, loosened=True)
        found = self._page(session, query, " ".join(guessed), any_word=True)
        return SearchPage(found.post_ids, found.total, loosened=bool(found.total))

    def _page(
        self, session: Session, query: SearchQuery, typed: str, *, any_word: bool
    ) -> SearchPage:
        # Each post is matched in its own language's configuration.
        if any_word:
            # Each word's own query, joined by OR: already normalised, so cast, not parsed.
            tsquery = (
                "(SELECT string_agg(plainto_tsquery(CAST(:config AS regconfig), w)::text, ' | ')"
                " FROM regexp_split_to_table(:q, '\\s+') AS w"
                " WHERE numnode(plainto_tsquery(CAST(:config AS regconfig), w)) > 0)::tsquery"
            )
        else:
            tsquery = "websearch_to_tsquery(CAST(:config AS regconfig), :q)"
        order = (
            "ts_rank_cd(d.document, q.query) DESC, d.published_at DESC, d.post_id DESC"
            if query.sort is Sort.RELEVANCE
            else "d.published_at DESC, d.post_id DESC"
        )
        # Only our own fixed fragments are put together here; what the reader typed is a
        # bound parameter (:q) everywhere.
        statement = text(
            "WITH q AS ("  # noqa: S608
            f"  SELECT 'fr' AS language, {tsquery.replace(':config', ':config_fr')} AS query"
            f"  UNION ALL SELECT 'en', {tsquery.replace(':config', ':config_en')}"
            ") "
            "SELECT d.post_id, count(*) OVER () AS total "
            "FROM search_document AS d JOIN q ON q.language = d.language "
            "WHERE d.space_id = ANY(CAST(:spaces AS integer[])) AND q.query IS NOT NULL "
            "AND d.document @@ q.query "
            f"ORDER BY {order} LIMIT :limit OFFSET :offset"
        )
        rows = session.execute(
            statement,
            {
                "q": typed,
                "config_fr": CONFIGURATIONS["fr"],
                "config_en": CONFIGURATIONS["en"],
                "spaces": sorted(query.space_ids),
                "limit": query.per_page,
                "offset": (query.page - 1) * query.per_page,
            },
        ).all()
        total = int(rows[0].total) if rows else 0
        return SearchPage(post_ids=[row.post_id for row in rows], total=total)

    def _guess(self, session: Session, words: list[str]) -> list[str]:
        """Each long word the index does not know, replaced by its nearest known word."""
        guessed = []
        for word in words:
            if len(word) < _FUZZY_MIN:
                guessed.append(word)
                continue
            nearest = session.execute(
                text(
                    "SELECT word, similarity(word, unaccent(:w)) AS likeness FROM search_word "
                    "WHERE word % unaccent(:w) ORDER BY likeness DESC, word LIMIT 1"
                ),
                {"w": word},
            ).first()
            if nearest is not None and nearest.likeness >= _SIMILAR_ENOUGH:
                guessed.append(str(nearest.word))
            else:
                guessed.append(word)
        return guessed

    def snippet(self, query_text: str, text_value: str) -> Markup:
        return self.snippets(query_text, [text_value])[0]

    def snippets(self, query_text: str, texts: Sequence[str]) -> list[Markup]:
        """The excerpts around the words (ts_headline), the words in <mark>; one query for
        the page. The texts are escaped before: ts_headline would drop what looks like a
        tag (an author's "<script>" must show as the text it was), and keeps entities."""
        if not texts:
            return []
        rows = (
            _session()
            .execute(
                text(
                    "SELECT ts_headline(CAST(:config AS regconfig), body, "
                    " websearch_to_tsquery(CAST(:config AS regconfig), :q), :options) "
                    "FROM unnest(CAST(:bodies AS text[])) WITH ORDINALITY AS hit(body, place) "
                    "ORDER BY place"
                ),
                {
                    "config": CONFIGURATIONS["fr"],
                    "bodies": [str(escape(value)) for value in texts],
                    "q": query_text,
                    "options": f"StartSel={_START}, StopSel={_STOP}, MaxWords=35, MinWords=15, "
                    "MaxFragments=1",
                },
            )
            .scalars()
        )
        return [
            Markup(headline.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S704
            for headline in rows
        ]

    def indexed_ids(self) -> set[int]:
        return set(_session().scalars(text("SELECT post_id FROM search_document")))

    def rebuild(
        self, posts: Iterable[IndexedPost], *, progress: Callable[[int], None] | None = None
    ) -> int:
        """Every row replaced in the caller's transaction: readers see the old index until
        it commits, then the new one whole."""
        session = _session()
        session.execute(text("DELETE FROM search_document"))
        count = 0
        batch: list[IndexedPost] = []
        for post in posts:
            batch.append(post)
            if len(batch) == 500:
                self._insert(session, batch)
                count += len(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            self._insert(session, batch)
            count += len(batch)
            if progress:
                progress(len(batch))
        return count

    @classmethod
    def for_app(cls, _app: Any) -> PostgresBackend:
        return cls()

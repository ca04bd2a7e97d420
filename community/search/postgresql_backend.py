"""The PostgreSQL engine: full-text search in the database itself, the default there.

One row per findable post in `search_document`, with a `tsvector` in the post's
language (the `community_fr` and `community_en` configurations: Debian's French and
English stemmers after `unaccent`, so "diabete" finds "Diabète") and a GIN index. A
search box is read as all its words (`websearch_to_tsquery`), ranked by `ts_rank_cd`;
when that finds nothing, each word the index does not know is replaced by its nearest
known word (`pg_trgm` over `search_word`, one typing mistake or so), then any of the
words will do, as whoosh does. Excerpts come from `ts_headline`.

As with whoosh (ranking.py), a query that matches more than `MATCH_BUDGET` posts is
ranked over its newest matches only, which the planner finds by walking the posts
newest first, and its total is the planner's estimate: the page then costs the same
for a word found in most posts as for a rare one. Date order stays exact.

The index lives in the database: every web host searches the same one, and the outbox
is applied in the worker's own transaction (a change and its index row commit
together). The tables are made by a migration on PostgreSQL only (SQLite keeps whoosh).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

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
# Matches ranked, at most, as whoosh's engine does (ranking.py): at 100,000 posts the
# cost of ranking every match of a word found in most posts is what missed the targets.
MATCH_BUDGET = 2_000


def _session() -> Session:
    return db.session()


def _words(value: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(value)]


class _Queries(NamedTuple):
    """A search's tsquery in each language, as text ("" when nothing is left to find)."""

    fr: str
    en: str


class PostgresBackend:
    """Implements search.backend.SearchBackend in the application's own database.

    `match_budget`: a query with more matches than this is ranked over its newest ones
    only (None: every match ranked, and counted exactly)."""

    def __init__(self, match_budget: int | None = MATCH_BUDGET) -> None:
        self.match_budget = match_budget

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
                "(post_id, thread_id, space_id, published_at, language, document) "
                "VALUES (:post_id, :thread_id, :space_id, :published_at, :language, "
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
        asked = self._queries(session, typed, any_word=False)
        found = self._page(session, query, asked)
        if found.total:
            return found  # two short statements, the common case
        # One stop list for both languages, as whoosh has: "et de la" is nothing to look
        # for, though English would keep those words.
        if not (asked.fr and asked.en):
            raise QueryError("stop_words")
        guessed = self._guess(session, words)
        if guessed != words:
            found = self._page(session, query, self._queries(session, " ".join(guessed)))
            if found.total:
                return replace(found, loosened=True)
        found = self._page(session, query, self._queries(session, " ".join(guessed), any_word=True))
        return replace(found, loosened=bool(found.total))

    def _queries(self, session: Session, typed: str, *, any_word: bool = False) -> _Queries:
        """The reader's words as a tsquery in each language, worked out before the search
        so that the planner sees them as constants: it then knows how common the words
        are, and walks the newest posts for a common word instead of fetching them all."""
        if any_word:
            # Each word's own query, joined by OR: already normalised, so one word each.
            one = (
                "(SELECT string_agg(plainto_tsquery(CAST(:{c} AS regconfig), w)::text, ' | ')"
                " FROM regexp_split_to_table(:q, '\\s+') AS w"
                " WHERE numnode(plainto_tsquery(CAST(:{c} AS regconfig), w)) > 0)"
            )
        else:
            one = "CAST(websearch_to_tsquery(CAST(:{c} AS regconfig), :q) AS text)"
        row = session.execute(
            text(
                # The driver prepares a statement it runs often, and a generic plan, made
                # without the words, cannot know how common they are: in this transaction
                # every statement is planned with its values.
                "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
                f"{one.format(c='fr')} AS fr, {one.format(c='en')} AS en"
            ),
            {"q": typed, "fr": CONFIGURATIONS["fr"], "en": CONFIGURATIONS["en"]},
        ).one()
        return _Queries(fr=row.fr or "", en=row.en or "")

    def _page(self, session: Session, query: SearchQuery, asked: _Queries) -> SearchPage:
        # Each post is matched in its own language's configuration; most words read the
        # same in both, and then one condition serves (one pass over the index).
        if not (asked.fr or asked.en):
            return SearchPage(post_ids=(), total=0)
        if asked.fr == asked.en:
            match, rank_query = "d.document @@ CAST(:fr AS tsquery)", "CAST(:fr AS tsquery)"
        else:
            sides = [
                f"(d.language = '{language}' AND d.document @@ CAST(:{language} AS tsquery))"
                for language in ("fr", "en")
                if getattr(asked, language)
            ]
            match = "(" + " OR ".join(sides) + ")"
            rank_query = (
                "CASE WHEN newest.language = 'en' THEN CAST(:en AS tsquery) "
                "ELSE CAST(:fr AS tsquery) END"
            )
        # One space: an equality, which the planner may walk in ix_search_document_space
        # newest first (a list, even of one, it cannot walk in order).
        where_space = (
            "d.space_id = :space"
            if len(query.space_ids) == 1
            else "d.space_id = ANY(CAST(:spaces AS integer[]))"
        )
        wanted = query.page * query.per_page
        budget = None if self.match_budget is None else max(self.match_budget, wanted)
        # The date order needs no document: the newest matches' ids and dates are all
        # that is kept aside.
        ranked = ", d.language, d.document" if query.sort is Sort.RELEVANCE else ""
        order = (
            f"ts_rank_cd(newest.document, {rank_query}) DESC, "
            "newest.published_at DESC, newest.post_id DESC"
            if query.sort is Sort.RELEVANCE
            else "newest.published_at DESC, newest.post_id DESC"
        )
        # Only our own fixed fragments are put together here; what the reader typed is in
        # bound parameters everywhere. Only the newest `budget` matches are ranked, as
        # whoosh does, walked from the newest post (ix_search_document_published) when
        # the words are common: a page no longer costs more as the matches grow. The CTE
        # is MATERIALIZED, else the planner costs that walk for the 20 rows of the page.
        statement = text(
            "WITH newest AS MATERIALIZED ("  # noqa: S608
            f"  SELECT d.post_id, d.published_at{ranked} "
            "  FROM search_document AS d "
            f"  WHERE {where_space} AND {match} "
            "  ORDER BY d.published_at DESC, d.post_id DESC"
            f"  {'' if budget is None else 'LIMIT :budget'}"
            ") "
            "SELECT newest.post_id, count(*) OVER () AS matches FROM newest "
            f"ORDER BY {order} LIMIT :limit OFFSET :offset"
        )
        spaces = sorted(query.space_ids)
        space = {"space": spaces[0], "spaces": spaces}
        rows = session.execute(
            statement,
            {
                "fr": asked.fr,
                "en": asked.en,
                **space,
                "budget": budget,
                "limit": query.per_page,
                "offset": (query.page - 1) * query.per_page,
            },
        ).all()
        if not rows:
            return SearchPage(post_ids=(), total=0)
        matches = int(rows[0].matches)
        post_ids = [row.post_id for row in rows]
        if budget is None or matches < budget:
            return SearchPage(post_ids=post_ids, total=matches)
        # More matches than ranked: counting them all would cost what the budget saves,
        # so the total is the planner's estimate (from the words' statistics), as whoosh
        # gives its own.
        plan = session.execute(
            text(
                "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_document AS d "  # noqa: S608
                f"WHERE {where_space} AND {match}"
            ),
            {"fr": asked.fr, "en": asked.en, **space},
        ).scalar_one()
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        return SearchPage(post_ids=post_ids, total=max(matches, estimate), total_is_exact=False)

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

"""The whoosh engine: one index per space, searched together, rebuilt aside and swapped in.

The index folder holds:

    CURRENT          the name of the live build, replaced with os.replace (atomic)
    build-…/         one build; space-<id>/ inside it is the whoosh index of that space
    rebuild.lock     flock: a rebuild holds it alone, writers share it

Speed (bench/SEARCH.md has the figures). Whoosh scores every document that matches
before keeping the best, and a filter on a space field only masks results, so the work
follows the size of what is searched. Hence:

- One index per space. A reader's spaces are searched as one: a Searcher over a
  MultiReader of those spaces' segment readers, so scores (idf, average lengths) are
  those of what the reader may see, pages and date sorting come out whole, and a search
  within one space touches that space's postings only. Spaces the reader may not read
  are not even opened.
- Searchers reused. Opening one costs ~145 ms at 100,000 posts: each space's searcher is
  kept by the process and replaced only when `up_to_date()` says another commit (here
  or in another process) made it stale. The fork's `refresh()` miscounts after a merge
  (it keeps the merged segments' old counts): a new searcher is opened instead.
  Searches in a process go one at a time (a lock): whoosh does not promise that threads
  may share a reader.
- Only `page * per_page` hits are kept, and the total is whoosh's estimate, never
  `len(results)` (which counts every match again: twice the time). ORs walk their
  postings as asked instead of preloading them (analysis._stream_unions).
- All the words (AND) before any of them: fewer documents to score. Each word is looked
  for in two fields (body_fr, which holds the title too, and body_en); the title field
  only adds to the score of what matched.
- A query that matches more than `match_budget` posts is ranked over the newest of
  them, and date sorting reads only the newest part of each index (ranking.py).

Writes: `apply` takes each concerned space's writer (waiting up to `lock_timeout`) and
raises IndexBusy if it cannot; the outbox keeps the change for the next try.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from markupsafe import Markup
from whoosh import index
from whoosh.fields import Schema
from whoosh.index import FileIndex, LockError
from whoosh.query import Query
from whoosh.reading import IndexReader, MultiReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from community.search import analysis, ranking
from community.search.backend import IndexedPost, SearchPage, SearchQuery
from community.search.text import language_of

PROGRESS_EVERY = 500
# Memory a rebuild's writer may fill before spilling to disk (each space has one).
REBUILD_LIMIT_MB = 128
_CURRENT = "CURRENT"
_LOCK = "rebuild.lock"
_BUILD_PREFIX = "build-"
_SPACE_PREFIX = "space-"


class IndexBusy(RuntimeError):
    """Another process held the index writer (or a rebuild ran) for too long."""


class WhooshBackend:
    def __init__(
        self,
        index_dir: Path,
        *,
        lock_timeout: float = 10.0,
        match_budget: int | None = ranking.MATCH_BUDGET,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.lock_timeout = lock_timeout
        self.match_budget = match_budget  # None: rank every match (ranking.py)
        self.schema: Schema = analysis.schema()
        self._lock = threading.Lock()  # this process's searchers, one search at a time
        self._build: str | None = None  # the build the cached searchers read
        self._searchers: dict[int, Searcher] = {}
        # A page asks for 20 snippets of one query: its terms are found once.
        self._highlight_terms = functools.lru_cache(maxsize=256)(
            functools.partial(analysis.highlight_terms, self.schema)
        )
        self.index_dir.mkdir(parents=True, exist_ok=True)
        if not (self.index_dir / _CURRENT).exists():
            with self._exclusive():
                if not (self.index_dir / _CURRENT).exists():
                    self._point_to(self._new_build_dir().name)

    @classmethod
    def for_app(cls, app: Flask) -> WhooshBackend:
        folder = app.config["SEARCH_INDEX_DIR"] or os.path.join(app.instance_path, "search")
        return cls(Path(folder))

    # --- searching ---------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchPage:
        exact = analysis.parse(self.schema, query.text)  # QueryError before locking
        with self._lock:
            try:
                return self._search(query, exact)
            except FileNotFoundError:
                # A rebuild in another process removed the build just after we read
                # CURRENT: read it again, once.
                self._build = None
                return self._search(query, exact)

    def _search(self, query: SearchQuery, exact: Query) -> SearchPage:
        wanted = query.page * query.per_page
        searcher = self._searcher_over(query.space_ids)
        if searcher is None:
            return SearchPage(post_ids=(), total=0)
        found = ranking.ranked(searcher, exact, query.sort, wanted, self.match_budget)
        loosened = False
        if found.results.is_empty():
            reader = searcher.reader()
            for looser in analysis.looser(
                self.schema, query.text, exact, lambda term: term in reader
            ):
                found = ranking.ranked(searcher, looser, query.sort, wanted, self.match_budget)
                if not found.results.is_empty():
                    loosened = True
                    break
            else:
                return SearchPage(post_ids=(), total=0)
        start = (query.page - 1) * query.per_page
        post_ids = [
            int(searcher.stored_fields(found.results.docnum(n))["post_id"])
            for n in range(start, min(wanted, found.results.scored_length()))
        ]
        return SearchPage(
            post_ids=post_ids,
            total=found.total,
            total_is_exact=found.total_is_exact,
            loosened=loosened,
        )

    def snippet(self, query_text: str, text: str) -> Markup:
        language = language_of(text)
        return analysis.excerpt(text, self._highlight_terms(query_text, language), language)

    def snippets(self, query_text: str, texts: Sequence[str]) -> list[Markup]:
        return [self.snippet(query_text, text) for text in texts]

    def indexed_ids(self) -> set[int]:
        with self._lock:
            self._follow_current()
            ids: set[int] = set()
            for space_id in self._spaces():
                searcher = self._space_searcher(space_id)
                if searcher is not None:
                    ids.update(int(f["post_id"]) for f in searcher.all_stored_fields())
            return ids

    def _searcher_over(self, space_ids: Iterable[int]) -> Searcher | None:
        """One searcher over these spaces' indexes (those that exist), cached parts."""
        self._follow_current()
        leaves: list[IndexReader] = []
        for space_id in sorted(space_ids):
            searcher = self._space_searcher(space_id)
            if searcher is not None:
                leaves.extend(reader for reader, _base in searcher.reader().leaf_readers())
        if not leaves:
            return None
        # Not closed after use: its readers belong to the cached searchers.
        return Searcher(MultiReader(leaves), closereader=False)

    def _space_searcher(self, space_id: int) -> Searcher | None:
        searcher = self._searchers.get(space_id)
        if searcher is not None and searcher.up_to_date():
            return searcher
        if searcher is not None:
            searcher.close()
            del self._searchers[space_id]
        assert self._build is not None  # _follow_current() came first
        ix = self._space_index(self.index_dir / self._build, space_id)
        if ix is None:
            return None
        self._searchers[space_id] = searcher = ix.searcher()
        return searcher

    def _follow_current(self) -> None:
        """Drop every cached searcher if a rebuild swapped another build in."""
        build = (self.index_dir / _CURRENT).read_text().strip()
        if build != self._build:
            for searcher in self._searchers.values():
                searcher.close()
            self._searchers.clear()
            self._build = build

    def _spaces(self) -> list[int]:
        """The spaces with an index in the build followed (_follow_current)."""
        return sorted(
            int(path.name.removeprefix(_SPACE_PREFIX))
            for path in (self.index_dir / (self._build or "")).glob(f"{_SPACE_PREFIX}*")
        )

    # --- writing -------------------------------------------------------------------

    def apply(self, upserts: Sequence[IndexedPost], removals: Sequence[int]) -> None:
        by_space: dict[int, list[IndexedPost]] = defaultdict(list)
        for post in upserts:
            by_space[post.space_id].append(post)
        touched = {post.post_id for post in upserts} | set(removals)
        with self._shared():
            # Where each post is now: removed, or moved with its thread to another space,
            # it must leave the index that holds it.
            with self._lock:
                self._follow_current()
                holders = {
                    space_id: held
                    for space_id in self._spaces()
                    if (held := self._held(space_id, touched))
                }
            build = self._live_dir()
            with self._writers(build, set(by_space) | set(holders)) as writers:
                for space_id, writer in writers.items():
                    for post_id in holders.get(space_id, ()):
                        writer.delete_by_term("post_id", str(post_id))
                    for post in by_space.get(space_id, ()):
                        writer.add_document(**_document(post))

    def _held(self, space_id: int, post_ids: set[int]) -> set[int]:
        searcher = self._space_searcher(space_id)
        if searcher is None:
            return set()
        return {
            post_id
            for post_id in post_ids
            if searcher.document_number(post_id=str(post_id)) is not None
        }

    @contextmanager
    def _writers(self, build: Path, space_ids: set[int]) -> Iterator[dict[int, IndexWriter]]:
        """A writer on each of these spaces' indexes, committed together at the end (or
        all cancelled); IndexBusy if one stays locked for `lock_timeout` seconds."""
        writers: dict[int, IndexWriter] = {}
        try:
            for space_id in sorted(space_ids):  # always the same order: no deadlock
                ix = self._space_index(build, space_id, create=True)
                assert ix is not None
                writers[space_id] = ix.writer(timeout=self.lock_timeout, delay=0.05)
            yield writers
        except LockError as error:
            for writer in writers.values():
                writer.cancel()
            raise IndexBusy("the search index is locked by another writer") from error
        except BaseException:
            for writer in writers.values():
                writer.cancel()
            raise
        # One by one: a crash between two commits leaves the outbox rows, replayed whole.
        for writer in writers.values():
            writer.commit()

    def rebuild(
        self, posts: Iterable[IndexedPost], *, progress: Callable[[int], None] | None = None
    ) -> int:
        with self._exclusive():
            self._remove_abandoned_builds()
            build = self._new_build_dir()
            writers: dict[int, IndexWriter] = {}
            count = 0
            try:
                for post in posts:
                    writer = writers.get(post.space_id)
                    if writer is None:
                        ix = self._space_index(build, post.space_id, create=True)
                        assert ix is not None
                        writer = writers[post.space_id] = ix.writer(limitmb=REBUILD_LIMIT_MB)
                    writer.add_document(**_document(post))
                    count += 1
                    if progress is not None and count % PROGRESS_EVERY == 0:
                        progress(PROGRESS_EVERY)
                for writer in writers.values():
                    writer.commit()
            except BaseException:
                for writer in writers.values():
                    if not writer.is_closed:
                        writer.cancel()
                shutil.rmtree(build, ignore_errors=True)
                raise
            if progress is not None and count % PROGRESS_EVERY:
                progress(count % PROGRESS_EVERY)
            previous = self._live_dir()
            self._point_to(build.name)
            shutil.rmtree(previous, ignore_errors=True)
        return count

    # --- the folder ------------------------------------------------------------------

    def _live_dir(self) -> Path:
        return self.index_dir / (self.index_dir / _CURRENT).read_text().strip()

    def _new_build_dir(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        build = self.index_dir / f"{_BUILD_PREFIX}{stamp}-{os.getpid()}"
        build.mkdir()
        return build

    def _point_to(self, build_name: str) -> None:
        pointer = self.index_dir / f"{_CURRENT}.{os.getpid()}.tmp"
        with pointer.open("w") as file:
            file.write(build_name + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(pointer, self.index_dir / _CURRENT)

    def _remove_abandoned_builds(self) -> None:
        """Builds a crashed rebuild left behind (we hold the lock: none is running)."""
        live = self._live_dir().name
        for path in self.index_dir.glob(f"{_BUILD_PREFIX}*"):
            if path.name != live:
                shutil.rmtree(path, ignore_errors=True)

    def _space_index(self, build: Path, space_id: int, *, create: bool = False) -> FileIndex | None:
        folder = build / f"{_SPACE_PREFIX}{space_id}"
        if index.exists_in(str(folder)):
            return index.open_dir(str(folder))
        if not create:
            return None
        # Made aside then renamed: two writers creating it at once keep one of them.
        aside = build / f".{folder.name}.{os.getpid()}.{threading.get_ident()}"
        aside.mkdir()
        index.create_in(str(aside), self.schema)
        try:
            aside.rename(folder)
        except OSError:  # the other one won
            shutil.rmtree(aside, ignore_errors=True)
        return index.open_dir(str(folder))

    @contextmanager
    def _shared(self) -> Iterator[None]:
        """Writers share the rebuild lock: none writes to a build being replaced."""
        with (self.index_dir / _LOCK).open("a") as file:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(file, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusy("the search index is being rebuilt") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        with (self.index_dir / _LOCK).open("a") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)


def _document(post: IndexedPost) -> dict[str, Any]:
    # The title is in body_fr too: a typed word is looked for in body_fr and body_en
    # only, and a match in the title adds to the score (analysis.SEARCHED_FIELDS).
    if post.language == "en":
        bodies = {"body_fr": post.title, "body_en": post.body}
    else:
        bodies = {"body_fr": f"{post.title}\n{post.body}"}
    return {
        "post_id": str(post.post_id),
        "thread_id": post.thread_id,
        "space_id": post.space_id,
        "title": post.title,
        "author": post.author,
        "published_at": post.published_at,
        **bodies,
    }

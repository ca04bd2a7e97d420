"""Ranking within a budget: a query that matches too much is ranked over the newest posts.

Whoosh scores every document that matches before keeping the best (its block skipping
gains nothing on words found in most posts: measured), so a word in 60 % of 100,000
posts costs ~200 ms whatever the page shows. Each space's index holds its posts in the
order they were published (a rebuild adds them oldest first, the outbox adds new ones
after), so the newest posts are the last document numbers of each segment. Hence:

- by relevance: when the query's estimated matches pass `budget`, each segment is
  searched from the document number that leaves its newest `budget / matches` share,
  so about `budget` matches are scored, the most recent ones. A query with fewer
  matches is ranked over all of them; one as common as "traitement" over the posts of
  the last weeks. Readers of a forum look at the first page: recent and relevant.
- by date: the same windows, sized for about twice the page, widened until the last
  post shown is newer than every post left out (exact, as long as each segment is in
  publication order).

The total is then whoosh's estimate over the whole index, and said to be one.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from whoosh.collectors import WrappingCollector
from whoosh.query import Query
from whoosh.reading import IndexReader
from whoosh.searching import Results, Searcher

from community.search.backend import Sort

# Matches a relevance search scores, about. An AND of two common words costs whoosh
# 10-15 µs a candidate here; at 100,000 posts, on a busy machine, 2,000 gave p95 35 ms
# within the big space and 73 ms over all (3,000: ~55 and ~95; 10,000: 93 and 149).
MATCH_BUDGET = 2_000
# How fast a window grows when it held too little.
_WIDEN = 4


class Found(NamedTuple):
    results: Results
    total: int
    total_is_exact: bool


class _Newest(WrappingCollector):
    """Collects, in each segment, only the documents from its window's start on."""

    def __init__(self, child: Any, starts: dict[int, int]) -> None:
        super().__init__(child)
        self.starts = starts  # id(segment reader) → first document number searched

    def set_subsearcher(self, subsearcher: Searcher, offset: int) -> None:
        super().set_subsearcher(subsearcher, offset)
        start = self.starts.get(id(subsearcher.reader()), 0)
        if start and self.child.matcher.is_active():
            self.child.matcher.skip_to(start)


def ranked(searcher: Searcher, q: Query, sort: Sort, wanted: int, budget: int | None) -> Found:
    """The `wanted` best (or newest) hits, the total and whether it is exact."""
    leaves: list[IndexReader] = [reader for reader, _base in searcher.reader().leaf_readers()]
    matches = sum(q.estimate_size(reader) for reader in leaves)
    if sort is Sort.DATE:
        share = 2 * wanted / matches if matches else 1.0
    else:
        share = budget / matches if matches and budget else 1.0
    while True:
        whole = share >= 1
        starts = {} if whole else _starts(leaves, share)
        results = _run(searcher, q, sort, wanted, starts)
        if whole:
            total = results.estimated_length()
            return Found(results, max(total, results.scored_length()), results.has_exact_length())
        if sort is Sort.RELEVANCE and not results.is_empty():
            return Found(results, matches, False)
        if sort is Sort.DATE and _holds(searcher, results, wanted, leaves, starts):
            return Found(results, matches, False)
        share *= _WIDEN


def _starts(leaves: list[IndexReader], share: float) -> dict[int, int]:
    return {id(reader): int(reader.doc_count_all() * (1 - share)) for reader in leaves}


def _run(searcher: Searcher, q: Query, sort: Sort, wanted: int, starts: dict[int, int]) -> Results:
    if sort is Sort.DATE:
        collector = searcher.collector(limit=wanted, sortedby="published_at", reverse=True)
    else:
        collector = searcher.collector(limit=wanted)
    if starts:
        collector = _Newest(collector, starts)
    searcher.search_with_collector(q, collector)
    results: Results = collector.results()
    return results


def _holds(
    searcher: Searcher,
    results: Results,
    wanted: int,
    leaves: list[IndexReader],
    starts: dict[int, int],
) -> bool:
    """Whether no post left out of the windows could be newer than the last one kept."""
    if results.scored_length() < wanted:
        return False
    dates = searcher.reader().column_reader("published_at", translate=False)
    last = dates[results.docnum(wanted - 1)]
    return all(
        reader.column_reader("published_at", translate=False)[starts[id(reader)] - 1] <= last
        for reader in leaves
        if starts[id(reader)] > 0
    )

"""The search benchmark's baseline: one plain whoosh index, built the plain way.

Whoosh as it is commonly used: one index for every space, the
French analysis (lowercase, accents folded, stop words, French stemmer), a space filter
that masks hits, one searcher reused, stored bodies highlighted by whoosh. Called by
bench/search.py for its ratios.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import search_corpus as corpus_module
from search_corpus import SPACES, WORK

from community.search.backend import IndexedPost, Sort

ALL_SPACES = frozenset(space_id for space_id, *_ in SPACES)


def naive_dir(posts: int) -> Path:
    return WORK / f"naive-{posts}"


def naive_analyzer() -> Any:
    from whoosh.analysis import (
        CharsetFilter,
        LowercaseFilter,
        RegexTokenizer,
        StemFilter,
        StopFilter,
    )
    from whoosh.lang import stemmer_for_language, stopwords_for_language
    from whoosh.support.charset import accent_map

    stops = set(stopwords_for_language("fr"))
    stops |= {corpus_module.unaccented(word) for word in stops}
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=stops)
        | StemFilter(stemfn=stemmer_for_language("fr"))
    )


def naive_build(corpus: list[IndexedPost], *, rebuild: bool) -> dict[str, Any]:
    from whoosh import index
    from whoosh.fields import DATETIME, ID, NUMERIC, TEXT, Schema

    folder = naive_dir(len(corpus))
    record = folder.parent / f"{folder.name}.json"
    if record.exists() and folder.exists() and not rebuild:
        built: dict[str, Any] = json.loads(record.read_text())
        return built
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    analyzer = naive_analyzer()
    schema = Schema(
        post_id=NUMERIC(stored=True, unique=True),
        space_id=ID(stored=True),
        title=TEXT(analyzer=analyzer, field_boost=2.0),
        body=TEXT(analyzer=analyzer, stored=True),
        author=ID,
        published_at=DATETIME(sortable=True),
    )
    started = time.perf_counter()
    ix = index.create_in(folder, schema)
    writer = ix.writer(limitmb=512)
    for post in corpus:
        writer.add_document(
            post_id=post.post_id,
            space_id=str(post.space_id),
            title=post.title,
            body=post.body,
            author=post.author,
            published_at=post.published_at,
        )
    writer.commit()
    built = {
        "seconds": time.perf_counter() - started,
        "bytes": sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()),
    }
    record.write_text(json.dumps(built))
    return built


def naive_runner(corpus: list[IndexedPost]) -> Any:
    from whoosh import index
    from whoosh.qparser import MultifieldParser
    from whoosh.query import Or, Term

    ix = index.open_dir(naive_dir(len(corpus)))
    searcher = ix.searcher()  # one searcher, reused
    parser = MultifieldParser(["title", "body"], ix.schema)

    def run(text: str, scope: frozenset[int], sort: Sort) -> tuple[int, int, bool]:
        query = parser.parse(text)
        mask = None if scope == ALL_SPACES else Or([Term("space_id", str(s)) for s in scope])
        if sort is Sort.DATE:
            results = searcher.search(
                query, limit=20, filter=mask, sortedby="published_at", reverse=True
            )
        else:
            results = searcher.search(query, limit=20, filter=mask)
        for hit in results:
            hit.highlights("body")
        return results.estimated_length(), len(results.top_n), False

    return run

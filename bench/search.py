"""Search at 100,000 posts: rebuild time, index size, query latency, approval → findable.

Five measurements on the generated corpus of bench/search_corpus.py, each printed (never
asserted in tests), for the whoosh engine and, given a PostgreSQL database
(--postgresql URL or COMMUNITY_BENCH_POSTGRESQL_URL), for the PostgreSQL engine beside
it, in the same run, on the same posts and queries, with PostgreSQL ÷ whoosh ratios
(bench/search_postgresql.py; without a URL the run says PostgreSQL was not measured):

1. build: a full rebuild of the index (WhooshBackend.rebuild) and its size on disk. The
   index is built once into bench/work/search/ and reused by later runs (--rebuild
   builds it again). PostgreSQL: PostgresBackend.rebuild in one transaction, then
   VACUUM (ANALYZE), and pg_total_relation_size of its two tables (indexes included); reused
   likewise when the database holds the same corpus.
2. query: latency p50/p95/p99 of `search` (top 20) plus `snippets` of the page's hits
   (as the search page calls them; whoosh makes each excerpt in turn), over --queries
   queries of one to three words, over every space, within the big space (30 % of the
   posts) and within a small one (3 %), sorted by relevance and by date. A
   new WhooshBackend on the built index, as a freshly started web process has; its
   first query is timed apart (cold), then 30 other queries per case warm it up.
   Before each case, the CPU use of the whole machine is sampled (busy %). PostgreSQL:
   `search` then `snippets` (one ts_headline query for the page), each query in an app
   context of its own, as a request has.
3. budget: the same queries with `WhooshBackend(match_budget=None)` (every match
   ranked), and how much of that first page the default backend keeps; likewise with
   `PostgresBackend(match_budget=None)`.
4. approval (bench/search_approval.py): a real app on SQLite (its index: a copy of the
   built one) with 30 pending replies; each is approved through
   moderation.queue.services.approve and committed, the worker's search step runs
   (community.search.jobs.index_search_once), and a second app, as a web process would
   be, searches the reply's words until the reply comes up. PostgreSQL: the same on a
   database copied from the bench database (CREATE DATABASE … TEMPLATE), dropped after.
5. naive (bench/search_naive.py): the same queries against one plain whoosh index built
   the plain way (one index, French analysis, a
   space filter that masks hits, stored bodies highlighted by whoosh), for ratios.
   Built once too (--rebuild builds both again).

    .venv/bin/python bench/search.py [--posts 100000] [--queries 200] [--rebuild]
        [--only build,query,budget,approval,naive] [--approvals 30] [--quiet-wait 120]
        [--postgresql postgresql+psycopg://USER:PASSWORD@HOST/DATABASE]

Each part waits up to --quiet-wait seconds for the CPUs to be mostly idle first.

Everything is written to bench/work/search/ (git-ignored). Figures: bench/SEARCH.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import search_corpus as corpus_module  # noqa: E402
import search_postgresql as postgresql  # noqa: E402
from search_approval import approvals, whoosh_config  # noqa: E402
from search_corpus import BIG_SPACE, SMALL_SPACE, SPACES, WORK, queries  # noqa: E402
from search_naive import naive_build, naive_runner  # noqa: E402

from community.search.backend import IndexedPost, QueryError, SearchQuery, Sort  # noqa: E402

ALL_SPACES = frozenset(space_id for space_id, *_ in SPACES)
SCOPES = (
    ("every space", ALL_SPACES),
    (f"big space ({BIG_SPACE})", frozenset({BIG_SPACE})),
    (f"small space ({SMALL_SPACE})", frozenset({SMALL_SPACE})),
)
WARMUP_QUERIES = 30


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    import whoosh

    return (
        f"{os.cpu_count()} CPU cores ({model}), Python {platform.python_version()}, "
        f"whoosh {whoosh.versionstring()}, load average {os.getloadavg()[0]:.2f}"
    )


def cpu_busy(seconds: float = 1.0) -> float:
    """% of all CPUs busy over `seconds` (everything on the machine, this process too)."""

    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:8]]
        return sum(fields) - fields[3] - fields[4], sum(fields)  # busy, all (idle, iowait out)

    busy, total = sample()
    time.sleep(seconds)
    busy2, total2 = sample()
    return 100 * (busy2 - busy) / max(1, total2 - total)


def wait_for_quiet(limit: float, most: float = 15.0) -> None:
    """Wait up to `limit` seconds for the other processes to leave the CPUs mostly idle."""
    deadline = time.monotonic() + limit
    busy = cpu_busy()
    while busy > most and time.monotonic() < deadline:
        time.sleep(4)
        busy = cpu_busy()
    print(f"# CPUs {busy:.0f} % busy just before measuring (load average {os.getloadavg()[0]:.2f})")


# --- 1. build -------------------------------------------------------------------------


def index_dir(posts: int) -> Path:
    return WORK / f"index-{posts}"


def build(corpus: list[IndexedPost], *, rebuild: bool) -> dict[str, Any]:
    from community.search.whoosh_backend import WhooshBackend

    folder = index_dir(len(corpus))
    record = folder.parent / f"{folder.name}.json"
    if record.exists() and folder.exists() and not rebuild:
        built: dict[str, Any] = json.loads(record.read_text())
        built["reused"] = True
        return built
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    backend = WhooshBackend(folder)
    step = max(1, len(corpus) // 10)
    done = 0

    def progress(more: int) -> None:  # called with how many more posts were indexed
        nonlocal done
        if (done + more) // step > done // step:
            print(f"  indexed {done + more:,} posts, {time.perf_counter() - started:.0f} s")
        done += more

    started = time.perf_counter()
    count = backend.rebuild(iter(corpus), progress=progress)
    seconds = time.perf_counter() - started
    built = {"posts": count, "seconds": seconds, "bytes": folder_bytes(folder)}
    built["files"] = sum(1 for f in folder.rglob("*") if f.is_file())
    built["at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    record.write_text(json.dumps(built))
    built["reused"] = False
    return built


# --- 2. and 4. queries ------------------------------------------------------------------


# (how many hits, how many shown, whether the engine loosened the query); -1 hits: refused
Runner = Callable[[str, frozenset[int], Sort], tuple[int, int, bool]]


def measure(run: Runner, texts: list[str], warm: list[str]) -> list[dict[str, Any]]:
    """Each case: warm-up queries, then the measured ones; ms per query (search + snippets)."""
    rows = []
    for scope_name, scope in SCOPES:
        for sort in (Sort.RELEVANCE, Sort.DATE):
            busy = cpu_busy(0.5)  # before: this process is idle meanwhile
            for text in warm:
                run(text, scope, sort)
            times, empty, refused, loose, flags = [], 0, 0, 0, []
            for text in texts:
                started = time.perf_counter()
                hits, shown, loosened = run(text, scope, sort)
                times.append((time.perf_counter() - started) * 1000)
                refused += hits < 0
                empty += shown == 0
                loose += loosened
                flags.append(loosened)
            rows.append(
                {
                    "busy": busy,
                    "scope": scope_name,
                    "sort": sort.value,
                    "p50": percentile(times, 0.5),
                    "p95": percentile(times, 0.95),
                    "p99": percentile(times, 0.99),
                    "max": max(times),
                    "empty": empty,
                    "refused": refused,
                    "loosened": loose,
                    "flags": flags,
                    "times": times,
                }
            )
    return rows


def engine_runner(corpus: list[IndexedPost], **options: Any) -> tuple[Runner, float, Any]:
    from community.search.whoosh_backend import WhooshBackend

    bodies = {post.post_id: post.body for post in corpus}
    backend = WhooshBackend(index_dir(len(corpus)), **options)

    def run(text: str, scope: frozenset[int], sort: Sort) -> tuple[int, int, bool]:
        try:
            page = backend.search(SearchQuery(text=text, space_ids=scope, sort=sort))
        except QueryError:
            return -1, 0, False
        backend.snippets(text, [bodies[post_id] for post_id in page.post_ids])
        return page.total, len(page.post_ids), bool(getattr(page, "loosened", False))

    started = time.perf_counter()
    run("traitement", ALL_SPACES, Sort.RELEVANCE)
    return run, (time.perf_counter() - started) * 1000, backend


def print_queries(rows: list[dict[str, Any]], title: str) -> None:
    print(f"\n{title}")
    print(
        "| scope | sort | p50 ms | p95 ms | p99 ms | max ms | no hit | loosened | refused "
        "| busy % |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(
            f"| {row['scope']} | {row['sort']} | {row['p50']:.1f} | {row['p95']:.1f} | "
            f"{row['p99']:.1f} | {row['max']:.1f} | {row['empty']} | {row['loosened']} | "
            f"{row['refused']} | "
            f"{row['busy']:.0f} |"
        )


def slowest(rows: list[dict[str, Any]], texts: list[str], count: int = 5) -> str:
    row = rows[0]
    ranked = sorted(zip(row["times"], texts, row["flags"], strict=True), reverse=True)[:count]
    return ", ".join(
        f"{text!r} {ms:.0f} ms{' (loosened)' if loose else ''}" for ms, text, loose in ranked
    )


PageIds = Callable[[SearchQuery], list[int]]


def budget_effect(
    corpus: list[IndexedPost], texts: list[str], warm: list[str]
) -> list[dict[str, Any]]:
    """The engine ranks only about `match_budget` of the newest matches of a common query:
    the same queries with every match ranked, and how much of each first page stays."""
    full_run, _cold, full = engine_runner(corpus, match_budget=None)
    rows = measure(full_run, texts, warm)
    print_queries(rows, "WhooshBackend(match_budget=None): every match ranked")
    _run, _cold, budgeted = engine_runner(corpus)
    print_kept(
        lambda query: list(budgeted.search(query).post_ids),
        lambda query: list(full.search(query).post_ids),
        texts,
    )
    return rows


def pg_budget_effect(
    url: str, corpus: list[IndexedPost], texts: list[str], warm: list[str]
) -> list[dict[str, Any]]:
    """The same for PostgresBackend: every match ranked (and counted), then what stays."""
    with postgresql.runner(url, corpus, match_budget=None) as (full_run, _cold):
        rows = measure(full_run, texts, warm)
    print_queries(rows, "PostgresBackend(match_budget=None): every match ranked")
    with (
        postgresql.page_ids(url) as budgeted,
        postgresql.page_ids(url, match_budget=None) as full,
    ):
        print_kept(budgeted, full, texts)
    return rows


def print_kept(budgeted: PageIds, full: PageIds, texts: list[str]) -> None:
    print("\n| scope | sort | top 20 kept, mean | same top 20 | same first hit |")
    print("| --- | --- | --- | --- | --- |")
    for scope_name, scope in SCOPES:
        for sort in (Sort.RELEVANCE, Sort.DATE):
            kept, same, first = [], 0, 0
            for text in texts:
                query = SearchQuery(text=text, space_ids=scope, sort=sort)
                ours, every = budgeted(query), full(query)
                kept.append(len(set(ours) & set(every)) / max(1, len(every)))
                same += ours == every
                first += ours[:1] == every[:1]
            print(
                f"| {scope_name} | {sort.value} | {statistics.mean(kept):.0%} | "
                f"{same / len(texts):.0%} | {first / len(texts):.0%} |"
            )


# --- 3. approval → findable (bench/search_approval.py) --------------------


def print_approvals(steps: dict[str, list[float]], engine: str) -> None:
    missed = int(steps.pop("missed")[0])
    count = len(steps["total"])
    print(
        f"\n{engine}: {count} replies approved one by one in the big space "
        f"({missed} not findable after 10 s)"
    )
    print("| approval → findable | p50 ms | p95 ms | max ms |")
    print("| --- | --- | --- | --- |")
    labels = {
        "commit": "approve + commit",
        "worker": "worker's search step (outbox → index commit)",
        "visible": "then until the web process finds it",
        "total": "**total**",
    }
    for name, values in steps.items():
        print(
            f"| {labels[name]} | {statistics.median(values):.1f} | "
            f"{percentile(values, 0.95):.1f} | {max(values):.1f} |"
        )
    print(
        "(a running worker polls every --interval seconds, 2 s by default, when it has "
        "nothing to score: add up to that)"
    )


def print_ratios(pg: list[dict[str, Any]], whoosh: list[dict[str, Any]]) -> None:
    """Each case's figures side by side; the ratio above 1: PostgreSQL is slower."""
    print("\nPostgreSQL beside whoosh, same queries (ratio PostgreSQL ÷ whoosh)")
    print(
        "| scope | sort | p50 ms PG / whoosh | ratio | p95 ms PG / whoosh | ratio "
        "| p99 ms PG / whoosh | ratio |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row, theirs in zip(pg, whoosh, strict=True):
        cells = " | ".join(
            f"{row[p]:.1f} / {theirs[p]:.1f} | {row[p] / theirs[p]:.2f}×"
            for p in ("p50", "p95", "p99")
        )
        print(f"| {row['scope']} | {row['sort']} | {cells} |")


def print_pg_build(built: dict[str, Any]) -> None:
    when = f"built {built['at']}, reused" if built["reused"] else "built now"
    sizes = ", ".join(f"{table} {size / 2**20:.0f} MB" for table, size in built["bytes"].items())
    print(
        f"\nPostgreSQL {built['server']}, full rebuild through PostgresBackend.rebuild "
        f"({when}): {built['posts']:,} posts in {built['seconds']:.0f} s "
        f"({built['posts'] / built['seconds']:.0f} posts/s), then VACUUM (ANALYZE) "
        f"{built['analyse']:.1f} s; on disk {sum(built['bytes'].values()) / 2**20:.0f} MB "
        f"(pg_total_relation_size: {sizes})"
    )


# --- main -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--approvals", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="build the indexes again")
    parser.add_argument("--only", default="build,query,budget,approval,naive")
    parser.add_argument(
        "--postgresql",
        default=os.environ.get(postgresql.ENV),
        help=f"a database of the bench's own for PostgreSQL (default: ${postgresql.ENV})",
    )
    parser.add_argument("--engines", default="whoosh,postgresql", help="which engines to measure")
    parser.add_argument(
        "--quiet-wait", type=float, default=120, help="seconds to wait at most for idle CPUs"
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    print(f"# Search benchmark, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC")
    print(f"# {machine()}")
    started = time.perf_counter()
    corpus = corpus_module.load(args.posts, args.seed)
    print(f"# corpus loaded in {time.perf_counter() - started:.1f} s: ", end="")
    print("\n# ".join(corpus_module.describe(corpus)))
    texts = queries(args.queries)
    warm = queries(WARMUP_QUERIES, seed=61)
    print(f"# {len(texts)} queries, e.g. " + ", ".join(repr(t) for t in texts[:8]))

    engines = set(args.engines.split(","))
    pg_url = args.postgresql if "postgresql" in engines else None
    if not pg_url:
        why = (
            "not asked (--engines)"
            if "postgresql" not in engines
            else (f"no database given (--postgresql URL or {postgresql.ENV})")
        )
        print(f"# PostgreSQL: not measured, {why}")
    use_whoosh = "whoosh" in engines
    if use_whoosh and parts & {"build", "query", "budget", "approval"}:
        built = build(corpus, rebuild=args.rebuild)
    if use_whoosh and "build" in parts:
        when = f"built {built['at']}, reused" if built["reused"] else "built now"
        print(
            f"\nwhoosh, full rebuild ({when}): {built['posts']:,} posts in "
            f"{built['seconds']:.0f} s ({built['posts'] / built['seconds']:.0f} posts/s); "
            f"index {built['bytes'] / 2**20:.0f} MB on disk in {built['files']} files"
        )
    if pg_url and parts & {"build", "query", "budget", "approval"}:
        if "build" in parts:
            wait_for_quiet(args.quiet_wait)
        pg_built = postgresql.build(pg_url, corpus, rebuild=args.rebuild)
        if "build" in parts:
            print_pg_build(pg_built)
    ours: list[dict[str, Any]] = []
    pg_rows: list[dict[str, Any]] = []
    naive_rows: list[dict[str, Any]] = []
    full_rows: list[dict[str, Any]] = []
    if use_whoosh and "query" in parts:
        wait_for_quiet(args.quiet_wait)
        run, cold_ms, _backend = engine_runner(corpus)
        print(f"\ncold: the first query of a new whoosh backend took {cold_ms:.0f} ms")
        ours = measure(run, texts, warm)
        print_queries(ours, "WhooshBackend: search (top 20) + snippets of the hits")
        print("slowest over every space, by relevance: " + slowest(ours, texts))
    if pg_url and "query" in parts:
        wait_for_quiet(args.quiet_wait)
        with postgresql.runner(pg_url, corpus) as (pg_run, pg_cold):
            print(f"\ncold: the first query of a new PostgreSQL app took {pg_cold:.0f} ms")
            pg_rows = measure(pg_run, texts, warm)
        print_queries(pg_rows, "PostgresBackend: search (top 20) + snippets of the hits")
        print("slowest over every space, by relevance: " + slowest(pg_rows, texts))
        if ours:
            print_ratios(pg_rows, ours)
    if use_whoosh and "budget" in parts:
        wait_for_quiet(args.quiet_wait)
        full_rows = budget_effect(corpus, texts, warm)
    if pg_url and "budget" in parts:
        wait_for_quiet(args.quiet_wait)
        pg_budget_effect(pg_url, corpus, texts, warm)
    if use_whoosh and "approval" in parts:
        wait_for_quiet(args.quiet_wait)
        steps = approvals(corpus, args.approvals, whoosh_config(index_dir(len(corpus))))
        print_approvals(steps, "whoosh")
    if pg_url and "approval" in parts:
        wait_for_quiet(args.quiet_wait)
        with postgresql.approval_copy(pg_url) as copy:
            engine = {"SQLALCHEMY_DATABASE_URI": copy, "SEARCH_BACKEND": "postgresql"}
            print_approvals(approvals(corpus, args.approvals, engine), "PostgreSQL")
    if use_whoosh and "naive" in parts:
        naive = naive_build(corpus, rebuild=args.rebuild)
        print(
            f"\nnaive index: built in {naive['seconds']:.0f} s, "
            f"{naive['bytes'] / 2**20:.0f} MB on disk"
        )
        wait_for_quiet(args.quiet_wait)
        naive_rows = measure(naive_runner(corpus), texts, warm)
        print_queries(naive_rows, "naive whoosh: search (top 20) + highlights of each hit")
        print("slowest over every space, by relevance: " + slowest(naive_rows, texts))
    for mine, name in ((ours, "ours"), (full_rows, "ours, every match ranked")):
        if not (mine and naive_rows):
            continue
        print(f"\n| scope | sort | p50 naive/{name} | p95 | p99 |")
        print("| --- | --- | --- | --- | --- |")
        for row, theirs in zip(mine, naive_rows, strict=True):
            print(
                f"| {row['scope']} | {row['sort']} | {theirs['p50'] / row['p50']:.1f}× | "
                f"{theirs['p95'] / row['p95']:.1f}× | {theirs['p99'] / row['p99']:.1f}× |"
            )


if __name__ == "__main__":
    main()

"""The cluster rehearsal's verdict: what the visitors were told against what the database
holds (plain SQL, not the app's code), what search finds on each host, what the mail
sink received, what the workers logged.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
from cluster_load import _NEXT, Tally

_HIT = re.compile(r'class="thread-title" href="[^"#]*#message-(\d+)"')
_SCORED = re.compile(r"Scored (\d+) of \d+ claimed posts")
_ACCESS_5XX = re.compile(r'" (5\d\d) ')


@dataclass
class Row:
    figure: str
    value: object
    target: str
    ok: bool | None  # None: a figure to read, not to pass


def run_posts(db: psycopg.Connection, first_id: int) -> list[tuple]:  # type: ignore[type-arg]
    """The posts written during the run: id, author, key, status, body, scored, attempts."""
    return db.execute(
        """
        SELECT p.id, m.pseudonym, p.submission_key, p.status, p.body_source,
               i.scored_at IS NOT NULL AND i.score_error IS NULL, COALESCE(i.attempts, 0)
        FROM post p JOIN member m ON m.id = p.author_id
        LEFT JOIN moderation_item i ON i.post_id = p.id
        WHERE p.id >= %s
        """,
        (first_id,),
    ).fetchall()


def posts_and_scores(
    db: psycopg.Connection, tally: Tally, first_id: int, logs: list[Path]
) -> list[Row]:
    posts = run_posts(db, first_id)
    stored_keys = Counter((author, key) for _id, author, key, *_ in posts)
    tokens = Counter(body.split()[1] for *_, body, _s, _a in posts if len(body.split()) > 1)
    sent_keys = {(s.author, s.key) for s in tally.sent}
    sent_tokens = {s.token for s in tally.sent}
    lost = sum(1 for s in tally.sent if (s.author, s.key) not in stored_keys)
    duplicates = sum(n - 1 for n in stored_keys.values() if n > 1)
    duplicates += sum(n - 1 for n in tokens.values() if n > 1)
    unacknowledged = sum(1 for token in tokens if token not in sent_tokens)
    scored = sum(1 for *_, is_scored, _a in posts if is_scored)
    logged = sum(int(m.group(1)) for log in logs for m in _SCORED.finditer(log.read_text()))
    reclaimed = sum(1 for *_, attempts in posts if attempts > 1)
    twice_led = tally.counts["second sending not led to the first post"]
    return [
        Row("posts sent (acknowledged by a redirect)", len(tally.sent), "", None),
        Row("  of which new threads", sum(1 for s in tally.sent if s.kind == "thread"), "", None),
        Row("posts stored", len(posts), f"= {len(sent_keys)} sent", len(posts) == len(sent_keys)),
        Row("posts lost (acknowledged, not stored)", lost, "0", lost == 0),
        Row("posts stored twice (same key or same text)", duplicates, "0", duplicates == 0),
        Row("posts stored but never acknowledged", unacknowledged, "0", unacknowledged == 0),
        Row("forms sent twice on purpose", tally.counts["forms sent twice"], "", None),
        Row("  of which not led back to the first post", twice_led, "0", twice_led == 0),
        Row("posts scored", scored, f"= {len(posts)} stored", scored == len(posts)),
        Row("scorings logged by the workers", logged, f"= {scored} scored", logged == scored),
        Row("posts claimed again (the killed worker's)", reclaimed, "", None),
    ]


def approvals(db: psycopg.Connection, tally: Tally, first_id: int) -> list[Row]:
    decided = Counter(
        post_id
        for (post_id,) in db.execute(
            "SELECT post_id FROM moderation_decision WHERE action = 'approve' AND post_id >= %s",
            (first_id,),
        )
    )
    twice = sum(n - 1 for n in decided.values() if n > 1)
    unpublished = db.execute(
        "SELECT count(*) FROM post WHERE id = ANY(%s) AND status <> 'published'",
        (list(decided),),
    ).fetchone()[0]  # type: ignore[index]
    told = tally.counts["approvals"]
    total = sum(decided.values())
    return [
        Row("approvals (moderators told so)", told, f"= {total} in the log", told == total),
        Row(
            "approvals refused (the other moderator first)",
            tally.counts["approvals refused (decided by the other moderator)"],
            "",
            None,
        ),
        Row("posts approved twice", twice, "0", twice == 0),
        Row("approved posts not published", unpublished, "0", unpublished == 0),
    ]


COUNTER_CHECKS = {
    "Thread.post_count": """SELECT count(*) FROM thread t WHERE t.post_count <>
        (SELECT count(*) FROM post p WHERE p.thread_id = t.id AND p.status = 'published')""",
    "Space.thread_count": """SELECT count(*) FROM space s WHERE s.thread_count <>
        (SELECT count(*) FROM thread t WHERE t.space_id = s.id AND t.status = 'published')""",
    "Space.post_count": """SELECT count(*) FROM space s WHERE s.post_count <>
        (SELECT count(*) FROM post p JOIN thread t ON t.id = p.thread_id
         WHERE t.space_id = s.id AND t.status = 'published' AND p.status = 'published')""",
}


def counters(db: psycopg.Connection) -> list[Row]:
    rows = []
    for name, query in COUNTER_CHECKS.items():
        wrong = db.execute(query).fetchone()[0]  # type: ignore[index]
        rows.append(Row(f"wrong counters {name} (against a COUNT)", wrong, "0", wrong == 0))
    return rows


def search_from(host: str, expected: dict[str, set[int]], tokens: dict[int, str]) -> int:
    """How many approved posts the search page of `host` does not find: by the member's
    word (every page, newest first), then each missing post by its own word."""
    missing = 0
    with httpx.Client(base_url=host, timeout=30) as client:
        for tag, ids in expected.items():
            found: set[int] = set()
            path: str | None = f"/recherche?q={tag}&tri=date"
            while path:
                page = client.get(path).text
                found.update(int(n) for n in _HIT.findall(page))
                after = _NEXT.search(page)
                path = after.group(1).replace("&amp;", "&") if after else None
            for post_id in ids - found:
                page = client.get(f"/recherche?q={tokens[post_id]}").text
                if str(post_id) not in _HIT.findall(page):
                    missing += 1
    return missing


def search(db: psycopg.Connection, first_id: int, hosts: list[str]) -> list[Row]:
    expected: dict[str, set[int]] = defaultdict(set)
    tokens = {}
    published = db.execute(
        "SELECT id, body_source FROM post WHERE id >= %s AND status = 'published'", (first_id,)
    ).fetchall()
    for post_id, body in published:
        tag, token = body.split()[:2]
        expected[tag].add(post_id)
        tokens[post_id] = token
    rows = [Row("approved posts to find", len(published), "", None)]
    for number, host in enumerate(hosts):
        missing = search_from(host, expected, tokens)
        rows.append(
            Row(f"approved posts search misses on host {'ab'[number]}", missing, "0", missing == 0)
        )
    return rows


def mail(db: psycopg.Connection, received: Counter[str]) -> list[Row]:
    """One e-mail per member per mail run: the distinct (member, sending time) pairs."""
    owed_by = Counter(
        email.lower()
        for (email,) in db.execute(
            """SELECT m.email FROM notification n JOIN member m ON m.id = n.member_id
               WHERE n.emailed_at IS NOT NULL GROUP BY m.email, n.emailed_at"""
        )
    )
    duplicates = sum(max(0, received[who] - owed_by[who]) for who in received)
    lost = sum(max(0, owed_by[who] - received[who]) for who in owed_by)
    still_owed = db.execute("SELECT count(*) FROM notification WHERE email_pending").fetchone()[0]  # type: ignore[index]
    return [
        Row("e-mails received by the sink", sum(received.values()), "", None),
        Row("duplicate e-mails", duplicates, "0", duplicates == 0),
        Row("e-mails marked sent, never received", lost, "0", lost == 0),
        Row("notifications still owing their e-mail", still_owed, "0", still_owed == 0),
    ]


def http(tally: Tally, web_logs: list[Path]) -> list[Row]:
    logged = sum(len(_ACCESS_5XX.findall(log.read_text())) for log in web_logs)
    served = sum(tally.statuses.values())
    pages = sorted(tally.thread_page_ms)
    p50 = statistics.median(pages) if pages else float("nan")
    p99 = pages[min(len(pages) - 1, int(len(pages) * 0.99))] if pages else float("nan")
    return [
        Row("HTTP answers to the visitors", served, "", None),
        Row("5xx answers (visitors)", len(tally.server_errors), "0", not tally.server_errors),
        Row("5xx in the hosts' access logs", logged, "0", logged == 0),
        Row(
            "connection errors, tried again elsewhere",
            tally.counts["connection errors (retried)"],
            "",
            None,
        ),
        Row(
            "visitors stopped by an error",
            tally.counts["visitors stopped by an error"],
            "0",
            tally.counts["visitors stopped by an error"] == 0,
        ),
        Row(
            "thread page during the run, p50 / p99 ms",
            f"{p50:.0f} / {p99:.0f}",
            f"{len(pages)} pages",
            None,
        ),
    ]


def table(rows: list[Row]) -> str:
    width = max(len(row.figure) for row in rows)
    lines = [f"{'figure':<{width}}  {'value':>12}  {'target':<18} ok"]
    for row in rows:
        mark = "" if row.ok is None else ("yes" if row.ok else "NO")
        lines.append(f"{row.figure:<{width}}  {row.value!s:>12}  {row.target:<18} {mark}")
    return "\n".join(lines)

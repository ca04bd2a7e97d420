"""Moderation at volume: the queue with 10,000 waiting posts, submission → score, worker memory.

Three measurements, each printed (never asserted in tests):

1. queue: a space with 10,000 waiting posts (9,500 scored, 1 % urgent, 500 not yet
   scored; a sixth with a phone number, a few spam, dangerous advice or a watched word;
   20 reported published posts) beside 100,000 published ones. A moderator's queue page
   is requested through the app (Flask's test client: server time, no HTTP): the first
   page, pages reached by keyset 50 and 200 pages deep, a filter by finding, the reported
   posts and the list view; p50/p95 and the SQL queries per page. Beside it, in the same
   run, the thread page of a published thread, the page the web benchmark measures, so
   the queue's cost reads as a ratio. Then the first page's time broken down: each SQL
   statement, the template, the rest.
2. latency: the worker runs in a thread with the development model while members submit
   replies at a steady rate; the time from each post's commit to its score (p50/p95/max).
3. memory: a worker process (the same code as `flask worker`) scores 2,000 posts with the
   development model (and, with --multilingual, with a random model of Detoxify
   multilingual's shape built by bench/scoring.py); its RSS after the first batch and
   after the last, and its peak.

    .venv/bin/python bench/moderation.py [--pending 10000] [--published 100000]
        [--only queue,latency,memory] [--multilingual] [--database-url postgresql+psycopg://…]

SQLite files go to bench/work/moderation/ (git-ignored). With --database-url the queue
and latency parts run on that database instead (it is emptied first).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch starts

import argparse
import json
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "moderation"
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, insert, select, update  # noqa: E402

from community import create_app  # noqa: E402
from community.kernel.clock import utcnow  # noqa: E402
from community.extensions import db  # noqa: E402

LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
SENTENCES = (
    "Bonjour à tous, je viens d'être diagnostiquée et je me pose beaucoup de questions.",
    "Mon endocrinologue a changé mon schéma d'insuline, quelqu'un a-t-il l'habitude du sport ?",
    "La fatigue est ce qui me pèse le plus, même plus que la douleur certains jours.",
    "Merci pour vos réponses, ça fait du bien de ne pas se sentir seule avec ça.",
    "Vous êtes vraiment nuls de croire encore à ces traitements.",
    "Appelez-moi au 06 12 34 56 78 pour en parler.",
)


# Six prepared texts in the space, as an association writes them: kind, title, reason.
PREPARED_TEXTS = (
    ("refusal", "Numéro visible", "personal_data"),
    ("refusal", "Propos blessants", "hostile"),
    ("refusal", "Conseil dangereux", "medical_misinformation"),
    ("refusal", "Hors sujet", None),
    ("edit_request", "Retirer le nom d’un médecin", None),
    ("edit_request", "Préciser la question", None),
)

# Published posts back in the queue after a member's report.
REPORTED = 20
PHONE = SENTENCES[5].index("06")


def finding(kind: str, code: str, spans: list[list[int]] = (), detail: str = "") -> dict[str, Any]:
    return {
        "kind": kind,
        "code": code,
        "severity": "flag",
        "spans": list(spans),
        "detail": detail,
        "field": "body",
    }


def findings_for(rng: random.Random, body: str) -> list[dict[str, Any]]:
    """What the detectors found in a waiting post: the phone number where there is one, and
    now and then spam, a dangerous advice or a watched word (the queue's filters)."""
    found = []
    if body == SENTENCES[5]:
        found.append(finding("personal_data", "phone", [[PHONE, PHONE + 14]]))
    draw = rng.random()
    if draw < 0.02:
        found.append(finding("spam", "sales"))
    elif draw < 0.03:
        found.append(finding("dangerous_advice", "dangerous_advice", detail="stop_treatment"))
    elif draw < 0.035:
        found.append(finding("watched_word", "watched_word", detail="nuls"))
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def app_for(url: str, **config: Any) -> Any:
    # Past SQLite the app wants what several hosts share: a vault key and its address.
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "SELFDATA_KEYS": "YmVuY2gtdmF1bHQta2V5LW5vdC1hLXNlY3JldC0wMDA=",
            "SITE_URL": "http://localhost",
            **config,
        }
    )


def fresh_schema(app: Any) -> None:
    with app.app_context():
        db.drop_all()
        db.create_all()


def seed(app: Any, *, pending: int, published: int = 1000, seed_value: int = 11) -> dict[str, int]:
    """One association, two spaces, 500 members; in the first space `published` posts in
    threads of 20, and `pending` waiting posts."""
    from community.accounts.models import Member
    from community.forums.models import (
        Association,
        Membership,
        Post,
        PostStatus,
        Space,
        SpaceRole,
        SpaceRoleKind,
        Thread,
    )
    from community.forums.rendering import render_markdown
    from community.moderation.canned.models import CannedKind, CannedText
    from community.moderation.models import ModerationItem, PostReport

    rng = random.Random(seed_value)
    now = utcnow()
    html = {text: render_markdown(text) for text in SENTENCES}
    with app.app_context():
        session = db.session()
        association = Association(slug="asso", name="Association")
        session.add(association)
        session.flush()
        spaces = [
            Space(slug=slug, name=slug.title(), association_id=association.id)
            for slug in ("diabete", "endometriose")
        ]
        session.add_all(spaces)
        session.flush()
        members = [
            {
                "pseudonym": f"membre{i}",
                "pseudonym_key": f"membre{i}",
                "email": f"m{i}@example.org",
                "email_key": f"m{i}@example.org",
                "password_hash": f"$argon2id$bench${i:08d}",
                "charter_accepted_at": now,
                "privacy_accepted_at": now,
                "created_at": now,
                "password_changed_at": now,
            }
            for i in range(500)
        ]
        session.execute(insert(Member), members)
        member_ids = list(session.scalars(select(Member.id).order_by(Member.id)))
        moderator_id = member_ids[0]
        session.add(
            SpaceRole(member_id=moderator_id, space_id=spaces[0].id, kind=SpaceRoleKind.MODERATOR)
        )
        session.execute(
            insert(Membership),
            [{"member_id": m, "space_id": spaces[0].id, "joined_at": now} for m in member_ids],
        )
        # The association's prepared texts, offered in each item's forms.
        session.execute(
            insert(CannedText),
            [
                {
                    "space_id": spaces[0].id,
                    "kind": CannedKind(kind),
                    "title": title,
                    "body": f"{title} : le texte que l’association a préparé.",
                    "reason_code": reason,
                    "position": position,
                }
                for position, (kind, title, reason) in enumerate(PREPARED_TEXTS)
            ],
        )
        # Published threads of 20 posts each, then the waiting posts: a fifth of them open
        # a new thread, the rest reply in the published threads.
        session.execute(
            insert(Thread),
            [
                {
                    "space_id": spaces[0].id,
                    "author_id": rng.choice(member_ids),
                    "title": f"Discussion publiée {t}",
                    "status": PostStatus.PUBLISHED,
                    "created_at": now - timedelta(days=30),
                    "last_activity_at": now - timedelta(days=1),
                    "post_count": 20,
                }
                for t in range(max(published // 20, 1))
            ],
        )
        published_threads = list(session.scalars(select(Thread).order_by(Thread.id)))
        rows = []
        for thread in published_threads:
            for _ in range(20):
                text = rng.choice(SENTENCES[:4])
                rows.append(
                    {
                        "thread_id": thread.id,
                        "author_id": rng.choice(member_ids),
                        "body_source": text,
                        "body_html": html[text],
                        "status": PostStatus.PUBLISHED,
                        "created_at": now - timedelta(days=2),
                        "published_at": now - timedelta(days=2),
                        "status_changed_at": now - timedelta(days=2),
                    }
                )
        session.execute(insert(Post), rows)
        new_threads = pending // 5
        thread_rows = [
            {
                "space_id": spaces[0].id,
                "author_id": rng.choice(member_ids),
                "title": f"Nouvelle question {i}",
                "status": PostStatus.PENDING,
                "created_at": now,
                "last_activity_at": now,
                "post_count": 0,
            }
            for i in range(new_threads)
        ]
        if thread_rows:  # an empty executemany would insert one row of defaults
            session.execute(insert(Thread), thread_rows)
        pending_thread_ids = list(
            session.scalars(select(Thread.id).where(Thread.status == PostStatus.PENDING))
        )
        rows = []
        for i in range(pending):
            thread_id = (
                pending_thread_ids[i] if i < new_threads else rng.choice(published_threads).id
            )
            text = rng.choice(SENTENCES)
            asked = now - timedelta(seconds=pending - i)
            rows.append(
                {
                    "thread_id": thread_id,
                    "author_id": rng.choice(member_ids),
                    "body_source": text,
                    "body_html": html[text],
                    "status": PostStatus.PENDING,
                    "created_at": asked,
                    "status_changed_at": asked,
                    "review_requested_at": asked,
                }
            )
        if rows:
            session.execute(insert(Post), rows)
        waiting = session.execute(
            select(Post.id, Post.review_requested_at)
            .where(Post.status == PostStatus.PENDING)
            .order_by(Post.id)
        ).all()
        bodies = dict(session.execute(select(Post.id, Post.body_source)).all())
        items = []
        for post_id, asked in waiting[: pending - pending // 20]:
            scores = {label: rng.betavariate(0.6, 4) for label in LABELS}
            items.append(
                {
                    "post_id": post_id,
                    "space_id": spaces[0].id,
                    "requested_at": asked,
                    "attempts": 1,
                    "scores": scores,
                    "findings": findings_for(rng, bodies[post_id]),
                    "risk": max(scores.values()),
                    "urgent": rng.random() < 0.01,
                    "model_version": "bench",
                    "scored_at": asked,
                }
            )
        # Published posts that members reported: back in the queue, half of them scored
        # once when they were first submitted.
        reported = rng.sample(
            list(
                session.scalars(
                    select(Post.id).where(Post.status == PostStatus.PUBLISHED).order_by(Post.id)
                )
            ),
            REPORTED if pending else 0,
        )
        reports = []
        for index, post_id in enumerate(reported):
            asked = now - timedelta(seconds=pending + index)
            session.execute(
                update(Post).where(Post.id == post_id).values(review_requested_at=asked)
            )
            reports.append(
                {
                    "post_id": post_id,
                    "space_id": spaces[0].id,
                    "reporter_id": member_ids[1 + index],
                    "reason_code": "other",
                    "reason_text": "",
                    "created_at": asked,
                }
            )
            if index % 2 == 0:
                scores = {label: rng.betavariate(0.6, 4) for label in LABELS}
                items.append(
                    {
                        "post_id": post_id,
                        "space_id": spaces[0].id,
                        "requested_at": now - timedelta(days=2),
                        "attempts": 1,
                        "scores": scores,
                        "findings": [],
                        "risk": max(scores.values()),
                        "urgent": False,
                        "model_version": "bench",
                        "scored_at": now - timedelta(days=2),
                    }
                )
        if reports:
            session.execute(insert(PostReport), reports)
        if items:
            session.execute(insert(ModerationItem), items)
        session.commit()
        return {
            "moderator_id": moderator_id,
            "thread_id": published_threads[0].id,
            "space_id": spaces[0].id,
        }


def analyze(engine: Any) -> None:
    """The planner's statistics, as a database in use has them (bench/seed.py does the same)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")


def logged_in_client(app: Any, member_id: int) -> Any:
    from community.accounts.models import Member

    with app.app_context():
        member = db.session.get(Member, member_id)
        user_id = member.get_id()
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = user_id
        flask_session["_fresh"] = True
    return client


class QueryCounter:
    def __init__(self, engine: Any) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args: Any) -> None:
        self.count += 1


def timed_get(client: Any, url: str, counter: QueryCounter) -> tuple[float, int, bytes]:
    before = counter.count
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"GET {url} → {response.status_code}")
    return elapsed, counter.count - before, response.data


def next_link(html: bytes) -> str | None:
    import re

    match = re.search(rb'href="(/moderation/\?[^"]*after=[^"]+)"', html)
    return match.group(1).decode().replace("&amp;", "&") if match else None


def bench_queue(url: str, pending: int, published: int, repeat: int) -> None:
    app = app_for(url)
    fresh_schema(app)
    started = time.perf_counter()
    ids = seed(app, pending=pending, published=published)
    print(
        f"seeded {pending:,} waiting posts beside {published:,} published ones in "
        f"{time.perf_counter() - started:.1f} s ({url.split(':')[0]})"
    )
    with app.app_context():
        analyze(db.engine)
        counter = QueryCounter(db.engine)
    client = logged_in_client(app, ids["moderator_id"])
    thread_url = f"/discussions/{ids['thread_id']}"
    with app.test_request_context():
        from flask import url_for

        thread_url = url_for("threads.thread", thread_id=ids["thread_id"])

    # Warm-up: templates compiled, caches filled.
    for _ in range(3):
        timed_get(client, "/moderation/", counter)
        timed_get(client, thread_url, counter)

    rows = []
    first = [timed_get(client, "/moderation/", counter) for _ in range(repeat)]
    thread = [timed_get(client, thread_url, counter) for _ in range(repeat)]
    rows.append(("queue, first page", first))
    # Walk the keyset 200 pages deep, timing page 50 and page 200 on the way back.
    link: str | None = "/moderation/"
    deep_links: dict[int, str] = {}
    for page in range(1, 201):
        assert link is not None
        _, _, html = timed_get(client, link, counter)
        if page in (50, 200):
            deep_links[page] = link
        link = next_link(html)
        if link is None:
            break
    for page, deep in sorted(deep_links.items()):
        rows.append(
            (
                f"queue, page {page} (keyset)",
                [timed_get(client, deep, counter) for _ in range(repeat)],
            )
        )
    # A finding's posts, the reported ones, and the list view (one line a post).
    for name, filtered in (
        ("queue, personal data only", "/moderation/?filtre=donnees"),
        ("queue, reported only", "/moderation/?filtre=signale"),
        ("queue, list view", "/moderation/?vue=liste"),
    ):
        timed_get(client, filtered, counter)
        rows.append((name, [timed_get(client, filtered, counter) for _ in range(repeat)]))
    rows.append(("thread page (the web benchmark's page)", thread))
    thread_p50 = statistics.median(t for t, _, _ in thread)
    print("\n| page | p50 ms | p95 ms | queries | × thread page p50 |")
    print("| --- | --- | --- | --- | --- |")
    for name, samples in rows:
        times = [t * 1000 for t, _, _ in samples]
        queries = max(q for _, q, _ in samples)
        p50 = statistics.median(times)
        print(
            f"| {name} | {p50:.1f} | {percentile(times, 0.95):.1f} | {queries} | "
            f"{p50 / (thread_p50 * 1000):.2f} |"
        )
    breakdown(app, client, "/moderation/", repeat)


def breakdown(app: Any, client: Any, url: str, repeat: int) -> None:
    """Where one request of `url` spends its time: each SQL statement it sends, replayed
    alone on the same connection (execute and fetch, median of `repeat`), the template
    (Flask's template signals, the outermost template), and the rest (Python: the view,
    the ORM building objects, the forms, Flask and its extensions)."""
    from flask import before_render_template, template_rendered

    sent: list[tuple[str, Any]] = []
    marks: list[float] = []

    def seen(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        sent.append((statement, params))

    def mark(*_: Any, **__: Any) -> None:
        marks.append(time.perf_counter())

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", seen)
    before_render_template.connect(mark, app)
    template_rendered.connect(mark, app)
    totals, templates = [], []
    for _ in range(repeat):
        sent.clear()
        marks.clear()
        started = time.perf_counter()
        client.get(url)
        totals.append((time.perf_counter() - started) * 1000)
        templates.append((max(marks) - min(marks)) * 1000)
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", seen)
    before_render_template.disconnect(mark, app)
    template_rendered.disconnect(mark, app)
    statements = []
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement, params in sent:
                times = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    cursor.execute(statement, params)
                    cursor.fetchall()
                    times.append((time.perf_counter() - started) * 1000)
                statements.append((statistics.median(times), " ".join(statement.split())))
        finally:
            raw.close()
    total, template = statistics.median(totals), statistics.median(templates)
    sql = sum(t for t, _ in statements)
    rest = total - sql - template
    print(
        f"\n`{url}`: {total:.1f} ms: SQL {sql:.1f} ms, template {template:.1f} ms, "
        f"the rest {rest:.1f} ms. Each statement, replayed alone:\n"
    )
    print("| ms | statement |\n| --- | --- |")
    for spent, statement in statements:
        print(f"| {spent:.2f} | `{statement[:110]}…` |")


def bench_latency(url: str, posts: int, rate: float) -> None:
    from community.accounts.models import Member
    from community.forums import services as forums
    from community.forums.models import Post, Thread
    from community.moderation.models import ModerationItem
    from community import jobs
    from community.moderation.scoring import jobs as worker

    app = app_for(url, MODERATION_SCORER="detoxify", MODERATION_THREADS=1)
    fresh_schema(app)
    ids = seed(app, pending=0)
    with app.app_context():
        worker.scorer_for(app)  # loaded before the clock starts, as in a running server
    stop = threading.Event()
    thread = threading.Thread(
        target=jobs.run,
        kwargs={"app": app, "interval": 0.2, "stop_event": stop, "size": 32},
        daemon=True,
    )
    thread.start()
    rng = random.Random(3)
    started = time.perf_counter()
    post_ids = []
    with app.app_context():
        session = db.session()
        authors = list(session.scalars(select(Member).limit(50)))
        target = session.get(Thread, ids["thread_id"])
        for i in range(posts):
            post = forums.reply(
                session, author=rng.choice(authors), thread=target, body=rng.choice(SENTENCES)
            )
            session.commit()
            post_ids.append(post.id)
            time.sleep(max(0.0, started + (i + 1) / rate - time.perf_counter()))
        submitted = time.perf_counter() - started
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            session.expire_all()
            done = session.scalar(
                select(func.count(ModerationItem.id)).where(
                    ModerationItem.post_id.in_(post_ids), ModerationItem.scored_at.is_not(None)
                )
            )
            if done == len(post_ids):
                break
            time.sleep(0.1)
        stop.set()
        thread.join(timeout=10)
        rows = session.execute(
            select(Post.created_at, ModerationItem.scored_at)
            .join(ModerationItem, ModerationItem.post_id == Post.id)
            .where(Post.id.in_(post_ids))
        ).all()
    waits = [(scored - created).total_seconds() for created, scored in rows if scored]
    print(
        f"\n{len(waits)} of {posts} posts scored; submitted at {posts / submitted:.1f}/s "
        f"with the worker polling every 0.2 s when idle, batches of 32"
    )
    print("| submission → score | p50 s | p95 s | max s |")
    print("| --- | --- | --- | --- |")
    print(
        f"| development model | {statistics.median(waits):.2f} | {percentile(waits, 0.95):.2f} | {max(waits):.2f} |"
    )


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _rss_mb() -> float:
    return _status_mb("VmRSS")


def memory_child(url: str, checkpoint: str | None, config_dir: str | None) -> None:
    """In its own process: score every waiting post batch by batch, report RSS."""
    from community import jobs
    from community.moderation.scoring import jobs as worker

    config: dict[str, Any] = {"MODERATION_SCORER": "detoxify", "MODERATION_THREADS": 2}
    if checkpoint:
        config.update(MODERATION_CHECKPOINT=checkpoint, MODERATION_MODEL_CONFIG_DIR=config_dir)
    app = app_for(url, **config)
    started = time.perf_counter()
    rss = []
    total = 0
    while claimed := jobs.run_once(app, size=32):
        total += claimed
        rss.append(_rss_mb())
    elapsed = time.perf_counter() - started
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child of a big
    # parent would report the parent's peak.
    peak = _status_mb("VmHWM")
    print(json.dumps({"posts": total, "seconds": elapsed, "rss": rss, "peak": peak}))


def bench_memory(posts: int, multilingual: bool) -> None:
    models: list[tuple[str, str | None, str | None]] = [("development", None, None)]
    if multilingual:
        sys.path.insert(0, str(ROOT / "bench"))
        from scoring import WORK as SCORING_WORK
        from scoring import build_multilingual_shape

        folder = SCORING_WORK / "multilingual-shape"
        checkpoint = build_multilingual_shape(folder)
        models.append(("`multilingual` shape, random weights", str(checkpoint), str(folder)))
    print(
        f"\n| worker process, {posts:,} posts | posts/s | RSS after 1st batch MB | RSS after last MB | peak RSS MB |"
    )
    print("| --- | --- | --- | --- | --- |")
    for name, checkpoint, config_dir in models:
        path = WORK / "memory.sqlite"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        app = app_for(url)
        fresh_schema(app)
        seed(app, pending=posts)
        with app.app_context():
            # Unscore everything: the worker must do the whole backlog.
            from community.moderation.models import ModerationItem

            db.session.query(ModerationItem).delete()
            db.session.commit()
        out = (
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--memory-child",
                    url,
                    checkpoint or "",
                    config_dir or "",
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        result = json.loads(out)
        rss = result["rss"]
        print(
            f"| {name} | {result['posts'] / result['seconds']:.0f} | {rss[0]:.0f} | {rss[-1]:.0f} | {result['peak']:.0f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=10_000)
    parser.add_argument("--published", type=int, default=100_000, help="beside the queue")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="queue,latency,memory")
    parser.add_argument("--latency-posts", type=int, default=300)
    parser.add_argument("--rate", type=float, default=20.0, help="posts submitted per second")
    parser.add_argument("--memory-posts", type=int, default=2000)
    parser.add_argument("--multilingual", action="store_true")
    parser.add_argument("--database-url")
    parser.add_argument("--memory-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        url, checkpoint, config_dir = args.memory_child
        memory_child(url, checkpoint or None, config_dir or None)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    parts = set(args.only.split(","))

    def url_for_part(name: str) -> str:
        if args.database_url:
            return args.database_url
        path = WORK / f"{name}.sqlite"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"

    print(
        f"# Moderation benchmark, {utcnow():%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.2f}"
    )
    if "queue" in parts:
        bench_queue(url_for_part("queue"), args.pending, args.published, args.repeat)
    if "latency" in parts:
        bench_latency(url_for_part("latency"), args.latency_posts, args.rate)
    if "memory" in parts:
        bench_memory(args.memory_posts, args.multilingual)


if __name__ == "__main__":
    main()

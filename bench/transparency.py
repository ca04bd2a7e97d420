"""Transparency pages with a year of decisions: one space's page, the site's, and the CSV.

A space with 50,000 moderation decisions over twelve months (posts, their decisions,
some flagged by detection, members' reports and visitors' notices with the decisions that
closed them, appeals), a second space with a tenth of that, both published, and the
closed months kept as the worker keeps them. The current month holds a twelfth of the
year whatever the day: it is the part counted live, as full as on a month's last day.
Each page and CSV, the space's and the site's, is requested through the app (Flask's test
client: server time, no HTTP); p50/p95 and the SQL queries per page are printed (never
asserted in tests). The target: under 100 ms. Then the space's page again, as it reads
just after a month has closed (until the worker keeps it) and with no month kept.

    .venv/bin/python bench/transparency.py [--decisions 50000] [--repeat 30]
        [--database-url postgresql+psycopg://…]

The SQLite file goes to bench/work/transparency/ (git-ignored). With --database-url the
run uses that database instead (it is emptied first).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "transparency"
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, event, insert, select  # noqa: E402

from community import create_app  # noqa: E402
from community.extensions import db  # noqa: E402
from community.kernel.clock import utcnow  # noqa: E402

# What the detectors store on a flagged post (a decision copies its item's findings).
FLAG = [{"kind": "spam", "code": "sales", "severity": "flag", "spans": [[0, 5]], "detail": ""}]
REASONS = ("personal_data", "hostile", "medical_misinformation", "off_topic", "advertising")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sent_times(rng: Any, posts: int, now: Any) -> list[Any]:
    """When each post was sent over the last 365 days, a twelfth of them in the current
    month whatever today's date: the page counts the current month live (the closed ones
    are kept by the worker), and a month's worth of it is what the last day of a month
    reads."""
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    year_ago = now - timedelta(days=365)
    this_month = posts // 12
    return sorted(
        [first + (now - first) * rng.random() for _ in range(this_month)]
        + [year_ago + (first - year_ago) * rng.random() for _ in range(posts - this_month)]
    )


def seed_space(
    session: Any, *, space_id: int, members: list[int], decisions: int, rng: Any
) -> None:
    """`decisions` decisions over the last 365 days: one per post, one post in ten decided
    twice (an edit asked, then approved); reports on one post in forty (four in five of
    them closed by a decision), a notice from a visitor on one post in four hundred, a few
    appeals."""
    from community.forums.models import Post, PostStatus, Thread
    from community.moderation.models import (
        Appeal,
        AppealStatus,
        DecisionAction,
        ModerationDecision,
        NoticeOutcome,
        PostReport,
        VisitorNotice,
    )

    now = utcnow()
    posts = int(decisions / 1.1)
    threads = [
        {
            "space_id": space_id,
            "author_id": rng.choice(members),
            "title": f"Discussion {i}",
            "status": PostStatus.PUBLISHED,
            "created_at": now - timedelta(days=365),
            "last_activity_at": now,
            "post_count": 10,
        }
        for i in range(posts // 10 + 1)
    ]
    session.execute(insert(Thread), threads)
    thread_ids = list(session.scalars(select(Thread.id).where(Thread.space_id == space_id)))
    sent = sent_times(rng, posts, now)
    session.execute(
        insert(Post),
        [
            {
                "thread_id": thread_ids[i // 10],
                "author_id": rng.choice(members),
                "body_source": "Bonjour",
                "body_html": "<p>Bonjour</p>",
                "status": PostStatus.PUBLISHED,
                "created_at": at,
                "status_changed_at": at,
            }
            for i, at in enumerate(sent)
        ],
    )
    post_rows = session.execute(
        select(Post.id, Post.created_at).join(Thread).where(Thread.space_id == space_id)
    ).all()
    rows: list[dict[str, Any]] = []
    for post_id, at in post_rows:
        roll = rng.random()
        action = (
            DecisionAction.AUTO_PUBLISH
            if roll < 0.05
            else DecisionAction.REJECT
            if roll < 0.17
            else DecisionAction.REQUEST_EDIT
            if roll < 0.27
            else DecisionAction.APPROVE
        )
        decided = min(at + timedelta(minutes=rng.expovariate(1 / 90)), now)
        flagged = action is not DecisionAction.AUTO_PUBLISH and rng.random() < 0.15
        rows.append(
            {
                "post_id": post_id,
                "space_id": space_id,
                "moderator_pseudonym": "" if action is DecisionAction.AUTO_PUBLISH else "Modo",
                "action": action,
                "reason_code": rng.choice(REASONS) if action is DecisionAction.REJECT else None,
                "reason_text": "",
                "findings": FLAG if flagged else [],
                "created_at": decided,
            }
        )
        if action is DecisionAction.REQUEST_EDIT:
            again = min(decided + timedelta(hours=rng.uniform(1, 48)), now)
            rows.append({**rows[-1], "action": DecisionAction.APPROVE, "created_at": again})
    session.execute(insert(ModerationDecision), rows[:decisions])
    decided_rows = session.execute(
        select(
            ModerationDecision.id, ModerationDecision.post_id, ModerationDecision.created_at
        ).where(
            ModerationDecision.space_id == space_id,
            ModerationDecision.action == DecisionAction.REJECT,
        )
    ).all()
    # Reports, and visitors' notices (each waits in the queue as a report of no member):
    # most closed by a decision that took the post down or kept it.
    reported = rng.sample(post_rows, len(post_rows) // 40 + len(post_rows) // 400)
    notified = {post_id for post_id, _at in reported[: len(post_rows) // 400]}
    closings = []
    for post_id, at in reported:
        made = min(at + timedelta(hours=3), now)
        closed = min(made + timedelta(hours=rng.uniform(1, 30)), now)
        closings.append(
            {
                "post_id": post_id,
                "space_id": space_id,
                "moderator_pseudonym": "Modo",
                "action": rng.choice((DecisionAction.UNPUBLISH, DecisionAction.DISMISS_REPORTS)),
                "reason_code": "hostile",
                "reason_text": "",
                "findings": [],
                "created_at": closed,
            }
        )
    session.execute(insert(ModerationDecision), closings)
    closing_of = {
        post_id: (decision_id, action, at)
        for decision_id, post_id, action, at in session.execute(
            select(
                ModerationDecision.id,
                ModerationDecision.post_id,
                ModerationDecision.action,
                ModerationDecision.created_at,
            ).where(
                ModerationDecision.space_id == space_id,
                ModerationDecision.action.in_(
                    (DecisionAction.UNPUBLISH, DecisionAction.DISMISS_REPORTS)
                ),
            )
        )
    }
    report_rows = []
    for index, (post_id, at) in enumerate(reported):
        decision_id, _action, closed = closing_of[post_id]
        open_still = index % 5 == 4
        report_rows.append(
            {
                "post_id": post_id,
                "space_id": space_id,
                "reporter_id": None if post_id in notified else rng.choice(members),
                "reason_code": "illegal_hate" if post_id in notified else "hostile",
                "reason_text": "",
                "created_at": min(at + timedelta(hours=3), now),
                "resolved_at": None if open_still else closed,
                "resolved_by_decision_id": None if open_still else decision_id,
            }
        )
    session.execute(insert(PostReport), report_rows)
    notices = []
    for report_id, post_id, made, resolved in session.execute(
        select(
            PostReport.id, PostReport.post_id, PostReport.created_at, PostReport.resolved_at
        ).where(PostReport.space_id == space_id, PostReport.reporter_id.is_(None))
    ):
        decision_id, action, closed = closing_of[post_id]
        outcome = (
            NoticeOutcome.OPEN
            if resolved is None
            else NoticeOutcome.TAKEN_DOWN
            if action is DecisionAction.UNPUBLISH
            else NoticeOutcome.KEPT
        )
        notices.append(
            {
                "report_id": report_id,
                "post_id": post_id,
                "space_id": space_id,
                "category": "illegal_hate",
                "justification": "Contenu haineux.",
                "email": None,
                "locale": "fr",
                "created_at": made,
                "outcome": outcome,
                "decided_at": None if resolved is None else closed,
                "decision_id": None if resolved is None else decision_id,
            }
        )
    if notices:
        session.execute(insert(VisitorNotice), notices)
    session.execute(
        insert(Appeal),
        [
            {
                "decision_id": decision_id,
                "post_id": post_id,
                "space_id": space_id,
                "appellant_id": rng.choice(members),
                "message": "Je conteste.",
                "created_at": min(at + timedelta(days=1), now),
                "status": rng.choice(list(AppealStatus)),
            }
            for decision_id, post_id, at in decided_rows[::20]
        ],
    )


def seed(app: Any, *, decisions: int) -> None:
    from community.accounts.models import Member
    from community.forums.models import Association, Space

    rng = random.Random(14)
    now = utcnow()
    with app.app_context():
        session = db.session()
        association = Association(slug="asso", name="Association")
        session.add(association)
        session.flush()
        spaces = [
            Space(
                slug=slug,
                name=slug.title(),
                association_id=association.id,
                transparency_published_at=now,
            )
            for slug in ("diabete", "endometriose")
        ]
        session.add_all(spaces)
        session.flush()
        session.execute(
            insert(Member),
            [
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
                for i in range(300)
            ],
        )
        members = list(session.scalars(select(Member.id)))
        seed_space(session, space_id=spaces[0].id, members=members, decisions=decisions, rng=rng)
        seed_space(
            session, space_id=spaces[1].id, members=members, decisions=decisions // 10, rng=rng
        )
        session.commit()
    # What the worker does once a month has closed: its figures kept.
    from community.moderation.transparency.jobs import keep_months_once

    keep_months_once(app)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--decisions", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        url = args.database_url
    else:
        WORK.mkdir(parents=True, exist_ok=True)
        (WORK / "transparency.db").unlink(missing_ok=True)
        url = f"sqlite:///{WORK / 'transparency.db'}"
    # Past SQLite the app wants what several hosts share: a vault key and its address.
    from cryptography.fernet import Fernet

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "SELFDATA_KEYS": Fernet.generate_key().decode(),
            "SITE_URL": "http://localhost",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    started = time.perf_counter()
    seed(app, decisions=args.decisions)
    print(
        f"seeded {args.decisions:,} decisions over 12 months in one space (and a tenth in "
        f"another) in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})"
    )
    with app.app_context():
        analyze(db.engine)
        queries = [0]
        event.listen(
            db.engine, "before_cursor_execute", lambda *a: queries.__setitem__(0, queries[0] + 1)
        )
    client = app.test_client()

    def measure(name: str, url_path: str) -> None:
        for _ in range(3):  # templates compiled, caches filled
            client.get(url_path)
        times = []
        for _ in range(args.repeat):
            before = queries[0]
            begun = time.perf_counter()
            response = client.get(url_path)
            times.append((time.perf_counter() - begun) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET {url_path} → {response.status_code}")
            per_page = queries[0] - before
        print(
            f"| {name} | `{url_path}` | {statistics.median(times):.1f} | "
            f"{percentile(times, 0.95):.1f} | {per_page} |"
        )

    print("\n| page | address | p50 ms | p95 ms | queries |\n| --- | --- | --- | --- | --- |")
    for name, url_path in (
        ("a space's page", "/espaces/diabete/transparence"),
        ("the site's page", "/transparence"),
        ("a space's CSV", "/espaces/diabete/transparence.csv"),
        ("the site's CSV", "/transparence.csv"),
    ):
        measure(name, url_path)
    # Just after a month ends, until the worker's next look (at most CHECK_SECONDS later),
    # the month just closed is counted live with the current one; and with no worker at
    # all, every month is.
    from community.moderation.models import TransparencyMonth
    from community.moderation.transparency.report import months_ending

    last_closed = months_ending(utcnow().date())[-2].strftime("%Y-%m")
    for name, condition in (
        (
            "a space's page, the month just closed not kept yet",
            TransparencyMonth.month == last_closed,
        ),
        (
            "a space's page, no month kept (no worker ever ran)",
            TransparencyMonth.month.is_not(None),
        ),
    ):
        with app.app_context():
            db.session.execute(delete(TransparencyMonth).where(condition))
            db.session.commit()
        measure(name, "/espaces/diabete/transparence")


def analyze(engine: Any) -> None:
    """The planner's statistics, as a database in use has them (bench/seed.py does the same)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")


if __name__ == "__main__":
    main()

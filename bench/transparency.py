"""Transparency pages with a year of decisions: one space's page, the site's, and the CSV.

A space with 50,000 moderation decisions over twelve months (posts, their decisions,
some flagged by detection, members' reports, appeals), a second space with a tenth of
that, both published. Each page is requested through the app (Flask's test client:
server time, no HTTP); p50/p95 and the SQL queries per page are printed (never asserted
in tests). The target: under 100 ms.

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

from sqlalchemy import event, insert, select  # noqa: E402

from community import create_app  # noqa: E402
from community.extensions import db  # noqa: E402
from community.kernel.clock import utcnow  # noqa: E402

FLAG = [{"kind": "spam", "reason": "publicité", "field": "body", "start": 0, "end": 5}]
REASONS = ("personal_data", "hostile", "medical_misinformation", "off_topic", "advertising")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def seed_space(
    session: Any, *, space_id: int, members: list[int], decisions: int, rng: Any
) -> None:
    """`decisions` decisions over the last 365 days: one per post, one post in ten decided
    twice (an edit asked, then approved); reports on one post in forty, a few appeals."""
    from community.forums.models import Post, PostStatus, Thread
    from community.moderation.models import (
        Appeal,
        AppealStatus,
        DecisionAction,
        ModerationDecision,
        PostReport,
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
    sent = sorted(now - timedelta(seconds=rng.uniform(0, 365 * 86400)) for _ in range(posts))
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
    reported = rng.sample(post_rows, len(post_rows) // 40)
    session.execute(
        insert(PostReport),
        [
            {
                "post_id": post_id,
                "space_id": space_id,
                "reporter_id": rng.choice(members),
                "reason_code": "hostile",
                "reason_text": "",
                "created_at": min(at + timedelta(hours=3), now),
            }
            for post_id, at in reported
        ],
    )
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
        queries = [0]
        event.listen(
            db.engine, "before_cursor_execute", lambda *a: queries.__setitem__(0, queries[0] + 1)
        )
    client = app.test_client()
    print(f"{'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for url_path in (
        "/espaces/diabete/transparence",
        "/transparence",
        "/espaces/diabete/transparence.csv",
    ):
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
            f"{url_path:<34} {statistics.median(times):>8.1f} {percentile(times, 0.95):>8.1f} "
            f"{per_page:>8}"
        )


if __name__ == "__main__":
    main()

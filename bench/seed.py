"""Seed the benchmark's database (SQLite or PostgreSQL) with 100,000 published posts, fast.

Usage: python bench/seed.py [--db bench/work/bench.sqlite] [--out bench/work/targets.env]
       python bench/seed.py --url postgresql+psycopg://USER:PASS@HOST/NAME [--out …]

Builds the app from its factory (COMMUNITY_* environment, as gunicorn will), creates the
schema, then inserts in one transaction, with SQLAlchemy Core executemany:

  * members   2,000, all sharing one argon2 hash made with the app's own settings
              (so logging in needs no rehash), password --password;
  * 1 association, 5 public spaces, one moderator per space;
  * threads   5,000 spread over the spaces; posts 100,000 published, opening posts
              included; posts per thread are 1 + a log-normal share of the rest (a few hot
              threads), as FlaskBB's bench seeds its forum;
  * memberships: every author in each space they wrote in, and the bench member in all;
  * counters kept by the services filled in: Space.thread_count/post_count,
    Thread.post_count/last_activity_at.

Post text is the same French-like lorem as FlaskBB's seed (40 to 120 words, 1 to 3
paragraphs); a pool of distinct texts is rendered once each with
community.forums.rendering.render_markdown and reused, so body_html is what the app
itself would store. Everything comes from a seeded RNG.

Idempotent: when the database and the targets file exist and the counts match, nothing
is done. RESEED=1 (or --force) starts from an empty file (SQLite), or from an empty
public schema (PostgreSQL; the database is created first when it does not exist).
On PostgreSQL it then runs VACUUM ANALYZE and sets every id sequence past the inserted
ids, so the app can insert afterwards.
Writes KEY=VALUE lines (SPACE_SLUG, THREAD_ID, BENCH_LOGIN, ...) to --out for run.sh.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Same vocabulary and shapes as FlaskBB's seed, so both forums carry comparable text.
WORDS = (  # noqa: SIM905
    "le la les un une des du de et à en dans pour sur avec par sans sous "
    "mais ou donc or ni car que qui quoi dont où ce cette ces son sa ses "
    "notre votre leur nous vous ils elles on il elle je tu est sont était "
    "sera avoir être faire dire pouvoir aller voir savoir vouloir venir "
    "falloir devoir croire trouver donner prendre parler aimer passer "
    "mettre forum sujet message réponse question problème solution version "
    "serveur fichier base données page lien merci bonjour salut avis idée "
    "exemple code erreur configuration installation mise jour projet "
    "utilisateur compte groupe modération règle discussion communauté "
    "temps jour semaine année moment chose façon raison côté point "
    "vraiment toujours jamais souvent encore déjà aussi très trop peu "
    "beaucoup assez plutôt bien mal mieux moins plus tout tous toute "
    "autre même nouveau grand petit premier dernier bon vrai simple "
    "rapide lent facile difficile possible important intéressant "
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed eiusmod "
    "tempor incididunt labore dolore magna aliqua enim minim veniam "
    "quis nostrud exercitation ullamco laboris nisi aliquip commodo "
    "consequat duis aute irure reprehenderit voluptate velit esse cillum "
    "fugiat nulla pariatur excepteur sint occaecat cupidatat proident "
    "sunt culpa officia deserunt mollit anim"
).split()

FIRST_NAMES = (  # noqa: SIM905
    "camille lea manon chloe ines jade louise emma alice lina julie sarah clara "
    "lucas hugo louis jules gabriel arthur nathan paul adam raphael leo tom noah "
    "martine sylvie nathalie isabelle catherine philippe michel alain patrick eric"
).split()

SPACES = (
    ("diabete-type-1", "Diabète de type 1", "diabétologie"),
    ("endometriose", "Endométriose", "gynécologie"),
    ("sclerose-en-plaques", "Sclérose en plaques", "neurologie"),
    ("maladie-de-crohn", "Maladie de Crohn", "gastro-entérologie"),
    ("asthme", "Asthme", "pneumologie"),
)

EPOCH = datetime(2024, 1, 1)
# A Fernet key for the bench's vault (it holds nothing): a fixed one, as every host shares.
BENCH_VAULT_KEY = "YmVuY2gtdmF1bHQta2V5LW5vdC1hLXNlY3JldC0wMDA="
SPAN_DAYS = 700


def sentence(rng: random.Random, n: int) -> str:
    w = rng.choices(WORDS, k=n)
    w[0] = w[0].capitalize()
    return " ".join(w) + rng.choice(".....?!")


def post_text(rng: random.Random) -> str:
    total = rng.randint(40, 120)
    paras: list[str] = []
    cur: list[str] = []
    left = total
    per_par = max(1, total // rng.randint(1, 3))
    while left > 0:
        n = min(left, rng.randint(6, 18))
        cur.append(sentence(rng, n))
        left -= n
        if sum(len(s.split()) for s in cur) >= per_par and left > 0:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return "\n\n".join(paras)


def title_text(rng: random.Random) -> str:
    return sentence(rng, rng.randint(3, 8)).rstrip(".?!")


def read_targets(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition("=")
        out[key] = value
    return out


COUNTED = ("member", "thread", "post")


def sqlite_seeded(db_path: Path, out: Path, args: argparse.Namespace) -> bool:
    if not (db_path.exists() and out.exists()):
        return False
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        counts = tuple(
            con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in COUNTED
        )
        con.close()
    except sqlite3.Error:
        return False
    return counts == (args.members, args.threads, args.posts)


def postgresql_seeded(url: str, out: Path, args: argparse.Namespace) -> bool:
    if not out.exists():
        return False
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            counts = tuple(
                conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()  # noqa: S608
                for table in COUNTED
            )
    except SQLAlchemyError:  # no database, no table yet
        return False
    finally:
        engine.dispose()
    return counts == (args.members, args.threads, args.posts)


def postgresql_reset(url: str) -> None:
    """An empty public schema in the database the URL names, which is made if missing.
    Dropping the schema takes the migrations' extensions and text search configurations
    with it, so the migrations run again from nothing."""
    from sqlalchemy import create_engine, make_url
    from sqlalchemy.exc import OperationalError

    target = make_url(url)
    name = target.database
    if not name:
        raise SystemExit(f"seed.py: no database name in {target!r}")
    engine = create_engine(target)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except OperationalError:
        engine.dispose()
        admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            quoted = conn.dialect.identifier_preparer.quote(name)
            conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
        admin.dispose()
        print(f"seed.py: created database {name}")
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def postgresql_finish(engine) -> None:
    """What a bulk load leaves undone on PostgreSQL: sequences past the ids we chose, and
    the planner's statistics and visibility map (VACUUM ANALYZE, outside a transaction)."""
    from sqlalchemy import Integer

    from community.extensions import db

    with engine.begin() as conn:
        for table in db.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) != 1 or not isinstance(pk[0].type, Integer):
                continue
            seq = conn.exec_driver_sql(
                "SELECT pg_get_serial_sequence(%s, %s)", (table.name, pk[0].name)).scalar()
            if seq:  # is_called=false: the next nextval() is max(id) + 1
                conn.exec_driver_sql(
                    f"SELECT setval(%s, coalesce(max({pk[0].name}), 0) + 1, false) "  # noqa: S608
                    f"FROM {table.name}", (seq,))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=str(HERE / "work" / "bench.sqlite"), help="SQLite file")
    ap.add_argument("--url", help="a database URL instead of --db (postgresql+psycopg://…)")
    ap.add_argument("--out", default=str(HERE / "work" / "targets.env"))
    ap.add_argument("--members", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=5000)
    ap.add_argument("--posts", type=int, default=100_000, help="total, opening posts included")
    ap.add_argument("--texts", type=int, default=3000, help="distinct post texts rendered")
    ap.add_argument("--per-page", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--password", default="benchpass123")
    ap.add_argument("--force", action="store_true", default=os.environ.get("RESEED") == "1")
    args = ap.parse_args()
    if args.posts < args.threads:
        ap.error("--posts must be >= --threads")

    url = args.url or f"sqlite:///{Path(args.db).resolve()}"
    if url.startswith("sqlite:///"):
        db_path: Path | None = Path(url.removeprefix("sqlite:///")).resolve()
        url = f"sqlite:///{db_path}"
    elif url.startswith("postgresql"):
        db_path = None
    else:
        ap.error(f"--url: SQLite or PostgreSQL only, not {url.split(':', 1)[0]}")
    where = str(db_path) if db_path else url.rsplit("@", 1)[-1]  # no password in the output
    out = Path(args.out).resolve()
    seeded = sqlite_seeded(db_path, out, args) if db_path else postgresql_seeded(url, out, args)
    if not args.force and seeded:
        print(f"seed.py: {where} already seeded ({args.posts} posts); RESEED=1 to redo")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    if db_path:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    else:
        postgresql_reset(url)

    t_start = time.perf_counter()
    # Same configuration path as the server: the factory reads COMMUNITY_* variables.
    os.environ["COMMUNITY_SQLALCHEMY_DATABASE_URI"] = url
    # Fixed values, so nothing is generated; past SQLite the app refuses to start without.
    os.environ.setdefault("COMMUNITY_SECRET_KEY", '"bench-secret-key"')
    os.environ.setdefault("COMMUNITY_SELFDATA_KEYS", BENCH_VAULT_KEY)
    os.environ.setdefault("COMMUNITY_SITE_URL", "http://127.0.0.1:8322")
    sys.path.insert(0, str(ROOT))
    from community import create_app

    app = create_app()
    rng = random.Random(args.seed)

    with app.app_context():
        from sqlalchemy import insert

        from community.accounts.models import Member, MemberStatus
        from community.accounts.pseudonyms import pseudonym_key
        from community.accounts.services import hash_password
        from community.extensions import db
        from community.forums.models import (
            Association,
            Membership,
            Post,
            PostStatus,
            Space,
            SpaceRole,
            SpaceRoleKind,
            SpaceVisibility,
            Thread,
        )
        from community.forums.rendering import render_markdown

        t0 = time.perf_counter()
        try:
            from flask_migrate import upgrade

            upgrade(directory=str(ROOT / "migrations"))
        except Exception as exc:  # a migration being rewritten must not stop the bench
            print(f"seed.py: flask db upgrade failed ({exc!r}); using create_all", file=sys.stderr)
        # Tables the migrations do not have yet come from the models.
        db.create_all()
        t_schema = time.perf_counter() - t0

        # ---- texts: a pool rendered once each -----------------------------------------
        t0 = time.perf_counter()
        pool_src = [post_text(rng) for _ in range(args.texts)]
        pool_html = [render_markdown(s) for s in pool_src]
        t_render = time.perf_counter() - t0

        # ---- plan ------------------------------------------------------------------------
        t0 = time.perf_counter()
        pw_hash = hash_password(args.password)
        members = []
        seen_keys: set[str] = set()
        for i in range(1, args.members + 1):
            pseudonym = f"{rng.choice(FIRST_NAMES).capitalize()}{i:04d}"
            key = pseudonym_key(pseudonym)
            if key in seen_keys:  # cannot happen with a unique number, but never insert a dup
                raise SystemExit(f"seed.py: pseudonym key collision {pseudonym!r}")
            seen_keys.add(key)
            joined = EPOCH + timedelta(seconds=rng.randint(0, 30 * 86400))
            email = f"{pseudonym.lower()}@example.org"
            members.append(dict(
                id=i, pseudonym=pseudonym, pseudonym_key=key, email=email, email_key=email,
                password_hash=pw_hash, locale="fr", status=MemberStatus.ACTIVE,
                is_site_admin=False, charter_accepted_at=joined, privacy_accepted_at=joined,
                created_at=joined, password_changed_at=joined,
            ))
        member_ids = [m["id"] for m in members]
        # Members 1..5 moderate one space each; the bench member is a plain member.
        bench_member = members[9]

        spaces = [
            dict(id=k + 1, slug=slug, name=name, description=sentence(rng, 20),
                 rules=sentence(rng, 30), association_id=1, visibility=SpaceVisibility.PUBLIC,
                 created_at=EPOCH, thread_count=0, post_count=0)
            for k, (slug, name, _) in enumerate(SPACES)
        ]
        roles = [
            dict(id=k + 1, member_id=k + 1, space_id=k + 1, kind=SpaceRoleKind.MODERATOR,
                 specialty=specialty, granted_by_id=None, granted_at=EPOCH)
            for k, (_, _, specialty) in enumerate(SPACES)
        ]

        T, P = args.threads, args.posts
        weights = [rng.lognormvariate(0.0, 0.75) for _ in range(T)]
        counts = [1] * T
        for ti, c in Counter(rng.choices(range(T), weights=weights, k=P - T)).items():
            counts[ti] += c
        u_weights = [rng.paretovariate(1.6) for _ in member_ids]
        span = SPAN_DAYS * 86400
        thread_start = sorted(rng.uniform(0, span * 0.95) for _ in range(T))
        events = []  # (time offset, thread index, author id)
        for ti in range(T):
            t = thread_start[ti]
            authors = rng.choices(member_ids, weights=u_weights, k=counts[ti])
            for j in range(counts[ti]):
                if j:
                    t += rng.expovariate(1 / 3600.0)  # about an hour between replies
                events.append((min(t, span), ti, authors[j]))
        events.sort()

        thread_space = [rng.randrange(len(spaces)) + 1 for _ in range(T)]
        thread_created: list[datetime | None] = [None] * T
        thread_author: list[int | None] = [None] * T
        thread_last: list[datetime | None] = [None] * T
        joined_pairs: set[tuple[int, int]] = {(bench_member["id"], s["id"]) for s in spaces}
        joined_pairs.update((r["member_id"], r["space_id"]) for r in roles)
        posts = []
        for pid, (toff, ti, uid) in enumerate(events, start=1):
            when = EPOCH + timedelta(days=30, seconds=toff)
            if thread_created[ti] is None:
                thread_created[ti], thread_author[ti] = when, uid
            thread_last[ti] = when
            joined_pairs.add((uid, thread_space[ti]))
            k = rng.randrange(args.texts)
            posts.append(dict(
                id=pid, thread_id=ti + 1, author_id=uid, body_source=pool_src[k],
                body_html=pool_html[k], status=PostStatus.PUBLISHED, created_at=when,
                edited_at=None, published_at=when, status_changed_at=when,
            ))
        threads = [
            dict(id=ti + 1, space_id=thread_space[ti], author_id=thread_author[ti],
                 title=title_text(rng), status=PostStatus.PUBLISHED,
                 created_at=thread_created[ti], last_activity_at=thread_last[ti],
                 post_count=counts[ti])
            for ti in range(T)
        ]
        for th in threads:
            space = spaces[th["space_id"] - 1]
            space["thread_count"] += 1
            space["post_count"] += th["post_count"]
        memberships = [
            dict(member_id=m, space_id=s, joined_at=EPOCH) for m, s in sorted(joined_pairs)
        ]
        t_plan = time.perf_counter() - t0

        # ---- insert, one transaction ------------------------------------------------------
        t0 = time.perf_counter()
        with db.engine.begin() as conn:
            conn.execute(insert(Member), members)
            conn.execute(insert(Association), [dict(
                id=1, slug="association-bench", name="Association des patients (bench)",
                description="", created_at=EPOCH)])
            conn.execute(insert(Space), spaces)
            conn.execute(insert(SpaceRole), roles)
            conn.execute(insert(Membership), memberships)
            conn.execute(insert(Thread), threads)
            for k in range(0, len(posts), 10_000):
                conn.execute(insert(Post), posts[k:k + 10_000])
        if db_path:
            with db.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            postgresql_finish(db.engine)
        t_insert = time.perf_counter() - t0
        db.engine.dispose()

    # ---- targets for run.sh ----------------------------------------------------------
    big = max(spaces, key=lambda s: s["thread_count"])
    # A thread of the biggest space whose page 1 is full (20 to 40 posts), as FlaskBB's
    # bench picks its topic; the median candidate, so neither the oldest nor the newest.
    cands = [th for th in threads if th["space_id"] == big["id"]
             and args.per_page <= th["post_count"] <= 2 * args.per_page]
    target = cands[len(cands) // 2]
    avg_words = sum(len(s.split()) for s in pool_src) / len(pool_src)
    total = time.perf_counter() - t_start
    values = {
        "SPACE_SLUG": big["slug"],
        "SPACE_THREADS": big["thread_count"],
        "THREAD_ID": target["id"],
        "THREAD_POSTS": target["post_count"],
        "BENCH_LOGIN": bench_member["pseudonym"],
        "BENCH_EMAIL": bench_member["email"],
        "BENCH_PASSWORD": args.password,
        "N_MEMBERS": len(members),
        "N_SPACES": len(spaces),
        "N_THREADS": len(threads),
        "N_POSTS": len(posts),
        "N_MEMBERSHIPS": len(memberships),
        "MAX_THREAD_POSTS": max(counts),
        "AVG_WORDS": f"{avg_words:.1f}",
        "SEED_SECONDS": f"{total:.1f}",
    }
    tmp = out.with_suffix(".tmp")
    tmp.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    tmp.replace(out)  # written last: its presence means the database is complete
    if db_path:
        size_mb = db_path.stat().st_size / 1e6
    else:
        from sqlalchemy import create_engine

        engine = create_engine(url)
        with engine.connect() as conn:
            size_mb = conn.exec_driver_sql(
                "SELECT pg_database_size(current_database())").scalar() / 1e6
        engine.dispose()
    print(f"seed.py: members={len(members)} spaces={len(spaces)} threads={len(threads)} "
          f"posts={len(posts)} memberships={len(memberships)} avg_words={avg_words:.1f} "
          f"db={size_mb:.0f} MB")
    print(f"seed.py: timings schema={t_schema:.1f}s render({args.texts} texts)={t_render:.1f}s "
          f"plan={t_plan:.1f}s insert={t_insert:.1f}s total(incl. app start)={total:.1f}s")
    print(f"seed.py: targets written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

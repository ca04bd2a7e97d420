"""A rehearsal of the site past one machine, on one machine: `make cluster`.

Starts Debian's PostgreSQL and Redis in a folder of their own, migrates (the release
step), seeds members, moderators, spaces and threads, then runs two gunicorn "hosts"
(separate instance folders, the same secrets from the environment) and two workers
(`flask worker --only scoring,mail`, and one with every job), scoring with the small
model the repository ships, e-mails going to a local SMTP sink. Then, for --duration
seconds, --members members write through the real forms (sometimes the same form twice)
while --moderators moderators approve through the queue; at --kill-at s one worker is
killed with SIGKILL while it holds a batch (and started again, as systemd would), at
--restart-at s one web host is stopped (SIGTERM) and started again. Once the workers
have drained, it checks in SQL and over HTTP and prints a table of figures and targets;
the exit status is 1 when a figure that must be zero is not.

    .venv/bin/python bench/cluster.py                       # 50 members, 60 s, ~2.5 min
    .venv/bin/python bench/cluster.py --members 10 --duration 15 --kill-at 5 --restart-at 9

Logs of every process: bench/work/cluster/logs/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cluster_checks as checks
from cluster_load import RETRY_SECONDS, Balancer, Member, Moderator, Tally, run_visitors
from cluster_services import (
    ROOT,
    MailSink,
    PostgreSQL,
    Stack,
    WebHost,
    Worker,
    flask_argv,
    start_redis,
)

WORK = ROOT / "bench" / "work" / "cluster"


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--moderators", type=int, default=2)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--kill-at", type=float, default=20.0, help="s: SIGKILL a worker")
    parser.add_argument("--restart-at", type=float, default=35.0, help="s: restart a host")
    parser.add_argument("--drain", type=float, default=120.0, help="s allowed to catch up")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per host")
    parser.add_argument("--think", type=float, default=0.5, help="s a member waits, at most")
    parser.add_argument("--thread-share", type=float, default=0.05, help="new threads")
    parser.add_argument("--resend-share", type=float, default=0.05, help="forms sent twice")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def environment(db: PostgreSQL, redis_port: int, mail_port: int, site: str) -> dict[str, str]:
    """What every host and worker gets: the same secrets, the shared services."""
    from cryptography.fernet import Fernet

    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "COMMUNITY_SQLALCHEMY_DATABASE_URI": db.url,
        "COMMUNITY_SECRET_KEY": secrets.token_urlsafe(48),
        "COMMUNITY_SELFDATA_KEYS": Fernet.generate_key().decode(),
        "COMMUNITY_SITE_URL": site,
        "COMMUNITY_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{redis_port}/0",
        # One address, 52 people and a checker: the limits stay on, high enough for that.
        "COMMUNITY_RATELIMIT_LOGIN": "1000 per minute",
        "COMMUNITY_RATELIMIT_POSTING": "600 per minute",
        "COMMUNITY_RATELIMIT_SEARCH": "100000 per hour",
        "COMMUNITY_MODERATION_SCORER": "detoxify",
        # A killed worker's posts come back after this long instead of five minutes.
        "COMMUNITY_MODERATION_LEASE_SECONDS": "10",
        "COMMUNITY_NOTIFICATIONS_BY_EMAIL": "true",
        "COMMUNITY_MAIL_BACKEND": "smtp",
        "COMMUNITY_MAIL_SERVER": "127.0.0.1",
        "COMMUNITY_MAIL_PORT": str(mail_port),
        # Hashing 52 passwords at production cost is not what is rehearsed here.
        "COMMUNITY_ARGON2_TIME_COST": "1",
        "COMMUNITY_ARGON2_MEMORY_COST": "8192",
        "COMMUNITY_ARGON2_PARALLELISM": "1",
        "GUNICORN_TIMEOUT": "60",
        "OMP_NUM_THREADS": "1",
    }


def run_step(name: str, argv: list[str], env: dict[str, str], logs: Path) -> None:
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        done = subprocess.run(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode:
        raise RuntimeError(f"{name} failed ({done.returncode}); see {log}")


def heartbeats(db: psycopg.Connection) -> set[str]:
    return {owner for (owner,) in db.execute("SELECT owner FROM worker_heartbeat")}


def wait_for_workers(db: psycopg.Connection, workers: list[Worker], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        owners = heartbeats(db)
        if all(any(f":{w.child.pid}:" in o for o in owners) for w in workers if w.child):
            return
        time.sleep(0.2)
    raise RuntimeError("the workers wrote no heartbeat; see their logs")


def kill_mid_batch(db: psycopg.Connection, worker: Worker, patience: float = 15.0) -> int:
    """SIGKILL `worker` as soon as it holds leases on posts it has not scored yet; how many
    it held (0: it was caught between batches after `patience` seconds)."""
    assert worker.child is not None
    deadline = time.monotonic() + patience
    held = 0
    while time.monotonic() < deadline:
        held = db.execute(
            "SELECT count(*) FROM moderation_item WHERE lease_owner LIKE %s AND scored_at IS NULL",
            (f"%:{worker.child.pid}:%",),
        ).fetchone()[0]  # type: ignore[index]
        if held:
            break
        time.sleep(0.005)
    worker.child.stop(signal.SIGKILL)
    return int(held)


def drain(db: psycopg.Connection, first_id: int, timeout: float) -> float:
    """Wait until every run post has its score, every change reached the index and every
    e-mail went; the seconds it took (or `timeout`)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        left = db.execute(
            """SELECT
                (SELECT count(*) FROM post p LEFT JOIN moderation_item i ON i.post_id = p.id
                 WHERE p.id >= %s AND p.review_requested_at IS NOT NULL
                   AND (i.id IS NULL OR i.scored_at IS NULL))
              + (SELECT count(*) FROM search_outbox)
              + (SELECT count(*) FROM notification WHERE email_pending)""",
            (first_id,),
        ).fetchone()[0]  # type: ignore[index]
        if not left:
            return time.monotonic() - started
        time.sleep(0.5)
    return timeout


def main() -> int:
    args = options()
    shutil.rmtree(WORK, ignore_errors=True)
    logs = WORK / "logs"
    logs.mkdir(parents=True)
    # A short folder for PostgreSQL: a unix socket's path has at most 107 bytes.
    short = Path(tempfile.mkdtemp(prefix="community-cluster-"))
    short.chmod(0o755)
    stack = Stack()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return rehearse(args, logs, short, stack)
    finally:
        print("stopping everything …")
        stack.close()
        shutil.rmtree(short, ignore_errors=True)


def rehearse(args: argparse.Namespace, logs: Path, short: Path, stack: Stack) -> int:
    rng = random.Random(args.seed)
    t0 = time.monotonic()
    pg = PostgreSQL(short / "pg", logs)
    stack.push(pg.stop)
    pg.start()
    redis, redis_port = start_redis(logs)
    stack.push(redis.stop)
    sink = MailSink()
    sink.start()
    stack.push(sink.stop)
    hosts = [WebHost(name, {}, WORK / f"host-{name}", logs, args.web_workers) for name in "ab"]
    env = environment(pg, redis_port, sink.port, hosts[0].url)
    for host in hosts:
        host.env = {**env, **host.env}
    print(f"PostgreSQL :{pg.port}, Redis :{redis_port}, mail sink :{sink.port}")

    run_step("release", flask_argv("db", "upgrade"), env, logs)
    seeded_file = WORK / "seeded.json"
    seed = [sys.executable, str(ROOT / "bench" / "cluster_seed.py")]
    seed += ["--members", str(args.members), "--moderators", str(args.moderators)]
    run_step("seed", [*seed, "--out", str(seeded_file)], env, logs)
    seeded = json.loads(seeded_file.read_text())
    db = psycopg.connect(pg.conninfo, autocommit=True)
    stack.push(db.close)
    first_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM post").fetchone()[0]  # type: ignore[index]

    workers = [Worker("a", env, logs, "scoring,mail"), Worker("b", env, logs, None)]
    for worker in workers:
        worker.start()
        stack.push(worker.stop)
    for host in hosts:
        host.start()
        stack.push(host.stop)
    wait_for_workers(db, workers)
    print(f"ready in {time.monotonic() - t0:.0f} s: hosts {', '.join(h.url for h in hosts)}")

    tally = Tally()
    balancer = Balancer([host.url for host in hosts])
    visitors: list[Member | Moderator] = [
        Member(n, balancer, tally, seeded=seeded, rng=random.Random(rng.random()), options=args)
        for n in range(args.members)
    ]
    visitors += [
        Moderator(n, balancer, tally, seeded=seeded, rng=random.Random(rng.random()))
        for n in range(args.moderators)
    ]
    start = time.monotonic()
    until = start + args.duration
    threads = run_visitors(visitors, until, tally)
    print(f"load: {args.members} members, {args.moderators} moderators, {args.duration:.0f} s")

    events = []
    time.sleep(max(0.0, start + args.kill_at - time.monotonic()))
    held = kill_mid_batch(db, workers[0])
    events.append(f"{time.monotonic() - start:.1f} s: worker a SIGKILLed holding {held} posts")
    time.sleep(1.0)  # systemd's RestartSec
    workers[0].start()
    time.sleep(max(0.0, start + args.restart_at - time.monotonic()))
    down = time.monotonic()
    code = hosts[1].stop()
    hosts[1].start()
    events.append(
        f"{down - start:.1f} s: host b stopped (exit {code}) and serving again "
        f"{time.monotonic() - down:.1f} s later"
    )
    for event in events:
        print("  " + event)
    for thread in threads:
        thread.join(timeout=max(1.0, until - time.monotonic()) + RETRY_SECONDS + 30)
    balancer.close()
    print(f"load over after {time.monotonic() - start:.0f} s; draining …")
    drained = drain(db, first_id, args.drain)

    rows = [
        checks.Row(
            "seconds to drain (scores, index, e-mails)",
            f"{drained:.1f}",
            f"< {args.drain:.0f}",
            drained < args.drain,
        )
    ]
    rows.append(checks.Row("posts the killed worker held (mid-batch)", held, "> 0", held > 0))
    rows += checks.posts_and_scores(db, tally, first_id, [w.log for w in workers])
    rows += checks.approvals(db, tally, first_id)
    rows += checks.counters(db)
    rows += checks.search(db, first_id, [host.url for host in hosts])
    rows += checks.mail(db, sink.received)
    rows += checks.http(tally, [host.log for host in hosts])
    print()
    print(checks.table(rows))
    print(
        "\nwhat the visitors saw:", ", ".join(f"{k} {v}" for k, v in sorted(tally.counts.items()))
    )
    print("statuses:", ", ".join(f"{k} {v}" for k, v in sorted(tally.statuses.items())))
    for line in tally.server_errors[:10] + tally.failures[:10]:
        print("  " + line)
    failed = [row.figure for row in rows if row.ok is False]
    print(f"\n{len(failed)} figure(s) off target" + (f": {'; '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Profile the benchmarked pages in-process: where one request's time goes, and its SQL.

Usage: python bench/profile_pages.py [--requests 300] [--pages space,thread,space_auth,thread_auth]
       [--top 25] [--explain] [--url postgresql+psycopg://…]

Runs on the database bench/run.sh seeds (bench/seed.py first; the SQLite file, or the
PostgreSQL database --url names, seeded with seed.py --url), through Flask's test
client, one request at a time (no server, no concurrency). For each page it prints:
  * mean milliseconds per request, and how much of it was SQL (cursor execute + fetch,
    from SQLAlchemy's engine events) and template rendering (Flask's template signals);
  * the queries one request issues, with their plans (--explain: EXPLAIN QUERY PLAN on
    SQLite, EXPLAIN ANALYZE on PostgreSQL);
  * a breakdown without cProfile's overhead: inclusive time per request of the request
    hooks (before/after_request, Flask-Login's user load, the session cookie), CSRF token
    generation, Babel (translations look-up, date formatting), url_for and ORM execution,
    measured by wrapping those callables (nested items overlap: url_for, Babel and CSRF
    run inside the templates);
  * the top functions of a cProfile over the same requests (own time and cumulative).
The logged-in pages log in through the real form (CSRF on), as bench/login.py does.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def install_timers(app) -> dict[str, list]:
    """Wrap the callables worth attributing time to; returns {label: [seconds, calls]}."""
    import flask
    import flask_babel
    from flask_login import LoginManager
    from sqlalchemy.orm import Session

    timers: dict[str, list] = {}

    def timed(label: str, fn):
        cell = timers.setdefault(label, [0.0, 0])

        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                cell[0] += time.perf_counter() - t0
                cell[1] += 1

        wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
        for attr in ("jinja_pass_arg", "__name__"):  # keep Jinja's pass_context marks
            if hasattr(fn, attr):
                setattr(wrapper, attr, getattr(fn, attr))
        return wrapper

    def name(f):
        inner = getattr(f, "func", f)  # functools.partial
        return getattr(inner, "__qualname__", repr(inner))

    for key, funcs in app.before_request_funcs.items():
        funcs[:] = [timed(f"before_request {key or 'app'}:{name(f)}", f) for f in funcs]
    for key, funcs in app.after_request_funcs.items():
        funcs[:] = [timed(f"after_request {key or 'app'}:{name(f)}", f) for f in funcs]
    for key, funcs in app.teardown_request_funcs.items():
        funcs[:] = [timed(f"teardown {key or 'app'}:{name(f)}", f) for f in funcs]
    for key, funcs in app.template_context_processors.items():
        funcs[:] = [timed(f"context_processor {key or 'app'}:{name(f)}", f) for f in funcs]
    for funcs in app.url_value_preprocessors.values():
        funcs[:] = [timed(f"url_value_preprocessor {name(f)}", f) for f in funcs]
    for funcs in app.url_default_functions.values():
        funcs[:] = [timed(f"url_defaults {name(f)}", f) for f in funcs]

    si = app.session_interface
    si.open_session = timed("session cookie: open (verify + decode)", si.open_session)
    si.save_session = timed("session cookie: save", si.save_session)
    LoginManager._load_user = timed(
        "Flask-Login: load user (incl. its query)", LoginManager._load_user)
    app.dispatch_request = timed("dispatch_request (view incl. templates)", app.dispatch_request)
    app.full_dispatch_request = timed(
        "full_dispatch_request (hooks + view)", app.full_dispatch_request)
    flask.Flask.url_for = timed("url_for", flask.Flask.url_for)
    env = app.jinja_env
    env.globals["url_for"] = app.url_for
    import flask_wtf.csrf
    import wtforms

    # The template's csrf_token comes from a context processor that looks the module
    # global up at call time; FlaskForm's hidden field calls it too.
    flask_wtf.csrf.generate_csrf = timed("CSRF token generation", flask_wtf.csrf.generate_csrf)
    if "csrf_token" in env.globals:
        env.globals["csrf_token"] = flask_wtf.csrf.generate_csrf
    wtforms.Form.__init__ = timed("WTForms form construction", wtforms.Form.__init__)
    for name in ("datetimeformat", "dateformat"):
        if name in env.filters:
            env.filters[name] = timed(f"Babel |{name}", env.filters[name])
    flask_babel.get_translations = timed(
        "Babel get_translations (per _() call)", flask_babel.get_translations)
    Session._execute_internal = timed(
        "ORM execute (build + SQL + load, lower bound)", Session._execute_internal)
    return timers


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--pages", default="space,thread,space_auth,thread_auth")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--targets", help="default: bench/work/targets.env, or "
                    "targets-postgresql.env with a PostgreSQL --url")
    ap.add_argument("--url", default=f"sqlite:///{HERE / 'work' / 'bench.sqlite'}",
                    help="the seeded database (default: the SQLite file)")
    args = ap.parse_args()
    postgresql = args.url.startswith("postgresql")
    if args.targets is None:
        name = "targets-postgresql.env" if postgresql else "targets.env"
        args.targets = str(HERE / "work" / name)

    targets = dict(
        line.split("=", 1) for line in Path(args.targets).read_text().splitlines() if "=" in line
    )
    os.environ["COMMUNITY_SQLALCHEMY_DATABASE_URI"] = args.url
    # The bench's fixed settings (run.sh's); past SQLite the app needs all three.
    os.environ.setdefault("COMMUNITY_SECRET_KEY", '"bench-secret-key"')
    os.environ.setdefault("COMMUNITY_SELFDATA_KEYS", "YmVuY2gtdmF1bHQta2V5LW5vdC1hLXNlY3JldC0wMDA=")
    os.environ.setdefault("COMMUNITY_SITE_URL", "http://127.0.0.1:8322")
    sys.path.insert(0, str(ROOT))

    from flask import before_render_template, template_rendered
    from sqlalchemy import event

    from community import create_app
    from community.extensions import db

    app = create_app()
    stats = {"sql_s": 0.0, "sql_n": 0, "tpl_s": 0.0}
    statements: list[tuple[str, object]] = []
    marks: dict[str, float] = {}

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):
        conn.info["t0"] = time.perf_counter()
        statements.append((statement, parameters))

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):
        stats["sql_s"] += time.perf_counter() - conn.info.pop("t0")
        stats["sql_n"] += 1

    # Rows are fetched after after_cursor_execute; on SQLite most of the work happens
    # while stepping, so "SQL" here is a lower bound: the cProfile below shows fetch time
    # under sqlite3.Cursor.fetchall / fetchone too.
    def _tpl_start(sender, template, context, **extra):
        marks["tpl"] = time.perf_counter()

    def _tpl_end(sender, template, context, **extra):
        stats["tpl_s"] += time.perf_counter() - marks.pop("tpl", time.perf_counter())

    timers = install_timers(app)
    before_render_template.connect(_tpl_start, app)
    template_rendered.connect(_tpl_end, app)

    space_url = f"/espaces/{targets['SPACE_SLUG']}"
    thread_url = f"/discussions/{targets['THREAD_ID']}"
    urls = {"space": space_url, "thread": thread_url,
            "space_auth": space_url, "thread_auth": thread_url}

    anon = app.test_client()
    auth = app.test_client()
    page = auth.get("/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if not token:
        sys.exit("profile_pages.py: no csrf_token on /connexion")
    resp = auth.post("/connexion", data={
        "login": targets["BENCH_LOGIN"], "password": targets["BENCH_PASSWORD"],
        "csrf_token": token.group(1)}, follow_redirects=True)
    if "Se déconnecter" not in resp.get_data(as_text=True):
        sys.exit(f"profile_pages.py: login failed ({resp.status})")

    for name in args.pages.split(","):
        client = auth if name.endswith("_auth") else anon
        url = urls[name]
        for _ in range(20):  # warm caches: templates compiled, Babel catalogues loaded
            r = client.get(url)
        if r.status_code != 200:
            print(f"== {name} {url}: HTTP {r.status_code}, skipped")
            continue
        logged = "Se déconnecter" in r.get_data(as_text=True)
        size = len(r.get_data())

        statements.clear()
        client.get(url)
        one_request = list(statements)

        stats.update(sql_s=0.0, sql_n=0, tpl_s=0.0)
        for t in timers.values():
            t[:] = [0.0, 0]
        t0 = time.perf_counter()
        for _ in range(args.requests):
            client.get(url)
        wall = time.perf_counter() - t0
        n = args.requests
        total_ms = wall / n * 1000
        sql_ms = stats["sql_s"] / n * 1000
        tpl_ms = stats["tpl_s"] / n * 1000
        print(f"\n== {name} {url} (logged in: {logged}, {size} bytes)")
        print(f"   {total_ms:.2f} ms/request over {n} requests "
              f"= {1000 / total_ms:.0f} req/s on one core")
        print(f"   SQL execute {sql_ms:.2f} ms ({stats['sql_n'] / n:.0f} queries), "
              f"templates {tpl_ms:.2f} ms (includes SQL from lazy loads in templates), "
              f"rest {total_ms - sql_ms - tpl_ms:.2f} ms")
        print("   breakdown, inclusive ms per request (calls per request):")
        for label, (secs, calls) in sorted(timers.items(), key=lambda kv: -kv[1][0]):
            if calls:
                print(f"     {secs / n * 1000:7.2f} ms  ({calls / n:5.1f})  {label}")
        print("   queries of one request:")
        raw = engine.raw_connection()
        try:
            for stmt, params in one_request:
                flat = " ".join(stmt.split())
                print(f"   - {flat[:300]}{'…' if len(flat) > 300 else ''}  {params!r}"[:420])
                if args.explain and flat.upper().startswith("SELECT"):
                    cur = raw.cursor()
                    explain = "EXPLAIN ANALYZE " if postgresql else "EXPLAIN QUERY PLAN "
                    cur.execute(explain + stmt, params)
                    for row in cur.fetchall():
                        print(f"       plan: {row[-1]}")
                    cur.close()
                    if postgresql:
                        raw.rollback()
        finally:
            raw.close()

        prof = cProfile.Profile()
        prof.enable()
        for _ in range(n):
            client.get(url)
        prof.disable()
        for key in ("tottime", "cumulative"):
            buf = io.StringIO()
            st = pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key)
            st.print_stats(args.top)
            lines = buf.getvalue().splitlines()
            start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
            print(f"   cProfile top {args.top} by {key} ({n} requests; per-request = cumtime/{n}):")
            for line in lines[start:start + args.top + 1]:
                print("     " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

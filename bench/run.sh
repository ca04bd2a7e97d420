#!/usr/bin/env bash
# Page-speed benchmark: seed 100,000 posts into SQLite, serve the forum with gunicorn on
# 127.0.0.1 and load its space page and thread page with wrk, logged out and logged in.
# With BENCH_POSTGRESQL_URL, the same data, pages and wrk line on PostgreSQL right after,
# and PostgreSQL / SQLite ratios per page. Then, when FlaskBB's bench is set up (or
# BENCH_FLASKBB=1), measure FlaskBB right after, in the same sitting, and print
# ours (on SQLite) / FlaskBB ratios.
#
# Usage: bash bench/run.sh            (`make bench`)
# Env (defaults in brackets), the first ones as FlaskBB's bench names them:
#   DURATION [20]    seconds of wrk per page      CONNS [16]  wrk connections
#   WRK_THREADS [2]  wrk threads                  WARMUP [3]  seconds of wrk warm-up per page
#   WORKERS [2]      gunicorn sync workers        PORT [8322] loopback port
#   RUNS [1]         measurements per page (ratios use the median req/s)
#   PAGES ["space thread space_auth thread_auth"]
#   SPACE_PATH / THREAD_PATH   override the URLs found in the app's routes
#   RESEED=1         rebuild the database      VENV [.venv]  the project's virtualenv
#   QUIET_WAIT [120] seconds to wait at most for the other processes to leave the CPUs
#                    idle (< QUIET_BUSY [10] % busy) before starting; the busy share measured
#                    just before each page is printed, since wrk shares the 2 cores
#   BENCH_FLASKBB    1 = set up FlaskBB if needed and measure it; 0 = never; unset = only if
#                    its work dir exists (FLASKBB_BENCH_WORK, default ${TMPDIR:-/tmp}/flaskbb-bench)
#   FLASKBB_PAGES ["topic forum topic_auth forum_auth"]  FlaskBB pages to measure
#   BENCH_POSTGRESQL_URL  unset: SQLite only. postgresql+psycopg://USER:PASS@HOST:PORT/NAME:
#                    seed that database too (created if missing; RESEED=1 empties its public
#                    schema first) and measure it right after SQLite
# Every loop is bounded; the server is stopped by its PID on exit; traffic stays on 127.0.0.1.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
WORK="$HERE/work"
VENV="${VENV:-$ROOT/.venv}"
DURATION="${DURATION:-20}"
CONNS="${CONNS:-16}"
WRK_THREADS="${WRK_THREADS:-2}"
WARMUP="${WARMUP:-3}"
WORKERS="${WORKERS:-2}"
PORT="${PORT:-8322}"
RUNS="${RUNS:-1}"
PAGES="${PAGES:-space thread space_auth thread_auth}"
FLASKBB_DIR="${FLASKBB_DIR:-$ROOT/../shared/bench/flaskbb}"
FLASKBB_WORK="${FLASKBB_BENCH_WORK:-${TMPDIR:-/tmp}/flaskbb-bench}"
FLASKBB_PAGES="${FLASKBB_PAGES:-topic forum topic_auth forum_auth}"
HOSTPORT="127.0.0.1:$PORT"
BASE="http://$HOSTPORT"
LOGGED_IN_MARK="Se déconnecter"

command -v wrk >/dev/null || { echo "wrk not found: apt-get update && apt-get install -y wrk" >&2; exit 1; }
[ -x "$VENV/bin/gunicorn" ] || { echo "no gunicorn in $VENV (pip install gunicorn, or set VENV=)" >&2; exit 1; }
mkdir -p "$WORK"
OUTDIR="$WORK/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUTDIR"

# ---- settings both engines share ----------------------------------------------------
# Fixed values, so nothing is generated and both engines run the same configuration; past
# SQLite the app refuses to start without all three (community/config.py).
export COMMUNITY_SECRET_KEY='"bench-secret-key"'
export COMMUNITY_SELFDATA_KEYS="YmVuY2gtdmF1bHQta2V5LW5vdC1hLXNlY3JldC0wMDA="  # an empty vault's
export COMMUNITY_SITE_URL="$BASE"
export PYTHONWARNINGS=ignore
cd "$ROOT"

ENGINES="sqlite"
if [ -n "${BENCH_POSTGRESQL_URL:-}" ]; then
    case "$BENCH_POSTGRESQL_URL" in
        postgresql*) ENGINES="sqlite postgresql" ;;
        *) echo "BENCH_POSTGRESQL_URL must be a postgresql+psycopg://… URL" >&2; exit 1 ;;
    esac
fi

# ---- data -------------------------------------------------------------------------
# Both engines get the same seeded data (same RNG seed): the same slug and thread id.
DBFILE="$WORK/bench.sqlite"
SQLITE_URL="sqlite:///$DBFILE"
timeout 600 "$VENV/bin/python" "$HERE/seed.py" --db "$DBFILE" --out "$WORK/targets.env"
if [ -n "${BENCH_POSTGRESQL_URL:-}" ]; then
    timeout 900 "$VENV/bin/python" "$HERE/seed.py" --url "$BENCH_POSTGRESQL_URL" \
        --out "$WORK/targets-postgresql.env"
    if ! diff <(grep -v '^SEED_SECONDS=' "$WORK/targets.env") \
              <(grep -v '^SEED_SECONDS=' "$WORK/targets-postgresql.env") >/dev/null; then
        echo "SQLite and PostgreSQL hold different seeds (other seed.py options?); RESEED=1" >&2
        exit 1
    fi
fi
# shellcheck disable=SC1091
. "$WORK/targets.env"
export COMMUNITY_SQLALCHEMY_DATABASE_URI="$SQLITE_URL"

# ---- URLs: from the app's own routes, unless overridden ---------------------------
if [ -z "${SPACE_PATH:-}" ] || [ -z "${THREAD_PATH:-}" ]; then
    read -r FOUND_SPACE FOUND_THREAD < <(timeout 120 "$VENV/bin/python" - "$SPACE_SLUG" "$THREAD_ID" <<'EOF'
import sys
from flask import url_for
from community import create_app

slug, thread_id = sys.argv[1], int(sys.argv[2])
app = create_app()
rules = [r for r in app.url_map.iter_rules()
         if r.endpoint.startswith("forums.") and "GET" in (r.methods or ())]
SKIP = ("new", "edit", "join", "leave", "reply", "delete", "preview", "withdraw")

def pick(names, want, arg_ok):
    for r in rules:  # the usual endpoint names first
        if r.endpoint in names and arg_ok(r):
            return r
    for r in rules:
        name = r.endpoint.split(".", 1)[1]
        if want in name and not any(s in name for s in SKIP) and arg_ok(r):
            return r
    return None

space = pick({"forums.space", "forums.show_space", "forums.space_page"}, "space",
             lambda r: set(r.arguments) == {"slug"})
thread = pick({"forums.thread", "forums.show_thread", "forums.thread_page"}, "thread",
              lambda r: len(r.arguments) == 1)
with app.test_request_context():
    s = url_for(space.endpoint, slug=slug) if space else "-"
    t = url_for(thread.endpoint, **{next(iter(thread.arguments)): thread_id}) if thread else "-"
print(s, t)
EOF
    ) || true
    SPACE_PATH="${SPACE_PATH:-${FOUND_SPACE:--}}"
    THREAD_PATH="${THREAD_PATH:-${FOUND_THREAD:--}}"
fi
# Defaults when the routes are not there yet (the status column will then say 404).
[ "$SPACE_PATH" = "-" ] && SPACE_PATH="/espaces/$SPACE_SLUG"
[ "$THREAD_PATH" = "-" ] && THREAD_PATH="/discussions/$THREAD_ID"

# ---- is the machine quiet? ----------------------------------------------------------
cpu_busy() {  # % of all CPUs busy over 1 s (everything on the machine)
    local a b
    a="$(awk '/^cpu / {print $2+$3+$4+$6+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat)"
    sleep 1
    b="$(awk '/^cpu / {print $2+$3+$4+$6+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat)"
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ");
        d = y[2] - x[2]; printf "%.0f", (d > 0 ? 100 * (y[1] - x[1]) / d : 0) }'
}
QUIET_WAIT="${QUIET_WAIT:-120}"
QUIET_BUSY="${QUIET_BUSY:-10}"
wait_quiet() {
    local waited=0
    while [ "$(cpu_busy)" -gt "$QUIET_BUSY" ] && [ "$waited" -lt "$QUIET_WAIT" ]; do
        [ "$waited" = 0 ] && echo "# other processes keep the CPUs busy; waiting up to ${QUIET_WAIT}s" >&2
        sleep 4; waited=$((waited + 5))
    done
}

# ---- server ------------------------------------------------------------------------
GPID=""
stop_server() {
    if [ -n "${GPID:-}" ] && kill -0 "$GPID" 2>/dev/null; then
        kill -TERM "$GPID" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$GPID" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$GPID" 2>/dev/null && kill -KILL "$GPID" 2>/dev/null || true
    fi
    [ -n "${GPID:-}" ] && wait "$GPID" 2>/dev/null || true
    GPID=""
}
trap stop_server EXIT INT TERM

start_server() {  # $1 = engine, which names the log files
    if curl -s -o /dev/null --max-time 2 "$BASE/"; then
        echo "something already listens on $HOSTPORT; set PORT=..." >&2; exit 1
    fi
    # gunicorn: no access log (its default), errors only, loopback only. --config /dev/null:
    # this command line is the whole configuration (gunicorn would otherwise read the
    # deployment's gunicorn.conf.py from the current folder: an access log, workers
    # restarted every 5,000 requests). --chdir puts this checkout first on sys.path,
    # whichever one the virtualenv has installed.
    "$VENV/bin/gunicorn" --config /dev/null --chdir "$ROOT" --workers "$WORKERS" -k sync --bind "$HOSTPORT" \
        --log-level warning --error-logfile "$OUTDIR/gunicorn-$1.err" --timeout 60 \
        "community:create_app()" > "$OUTDIR/gunicorn-$1.out" 2>&1 &
    GPID=$!
    local ready=0
    for _ in $(seq 1 60); do   # <= 30 s
        if curl -s -o /dev/null --max-time 2 "$BASE/"; then ready=1; break; fi
        kill -0 "$GPID" 2>/dev/null || break
        sleep 0.5
    done
    [ "$ready" = 1 ] || { echo "gunicorn did not come up; see $OUTDIR/gunicorn-$1.err" >&2; cat "$OUTDIR/gunicorn-$1.err" >&2; exit 1; }
}

url_of() {
    case "$1" in
        space|space_auth) echo "$BASE$SPACE_PATH" ;;
        thread|thread_auth) echo "$BASE$THREAD_PATH" ;;
        *) echo "unknown page $1" >&2; return 1 ;;
    esac
}

to_ms() {  # wrk latency like 812.33us / 45.10ms / 1.28s / 2.00m -> ms
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.1f", n }'
}

worker_rss() {  # "rss_kB_w1,rss_kB_w2 hwm_kB_w1,hwm_kB_w2" of the gunicorn workers
    local pids p rss hwm
    pids="$(ps -o pid= --ppid "$GPID" 2>/dev/null | tr -d ' ')"
    rss=""; hwm=""
    for p in $pids; do
        rss="$rss$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null),"
        hwm="$hwm$(awk '/^VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null),"
    done
    echo "${rss%,} ${hwm%,}"
}

# ---- one engine: serve, log in, load every page ---------------------------------------
LINE='%-12s %8s %9s %9s %8s %7s %9s %-10s %s\n'
measure() {  # $1 = engine (sqlite, postgresql), $2 = its database URL, $3 = summary file
    local engine="$1" summary="$3" page url status run busy f rps p50 p99 reqs non2xx sockerr
    local -a hdr
    export COMMUNITY_SQLALCHEMY_DATABASE_URI="$2"
    wait_quiet
    start_server "$engine"
    local cookie=""
    case " $PAGES " in *_auth*)
        cookie="$(timeout 60 "$VENV/bin/python" "$HERE/login.py" "$BASE" "$BENCH_LOGIN" \
            "$BENCH_PASSWORD" "$BENCH_EMAIL")" || { echo "login failed; the _auth pages will say NOT-LOGGED-IN" >&2; cookie=""; }
    esac
    {
        echo "# community bench on $engine $(date -u +%Y-%m-%dT%H:%M:%SZ) workers=$WORKERS sync duration=${DURATION}s warmup=${WARMUP}s conns=$CONNS wrk_threads=$WRK_THREADS runs=$RUNS"
        echo "# data: members=$N_MEMBERS spaces=$N_SPACES threads=$N_THREADS posts=$N_POSTS; space $SPACE_PATH ($SPACE_THREADS threads), thread $THREAD_PATH ($THREAD_POSTS posts); user=$BENCH_LOGIN"
        echo "# $("$VENV/bin/python" --version 2>&1), gunicorn $("$VENV/bin/python" -c "import gunicorn; print(gunicorn.__version__)"), master RSS kB: $(awk '/^VmRSS/ {print $2}' "/proc/$GPID/status")"
        echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg); busy_%: CPU use by other processes in the second before each page"
        printf "$LINE" page req/s p50_ms p99_ms requests non2xx sock_err status "rss_kB_workers(now,peak) busy_%"
    } | tee "$summary"

    for page in $PAGES; do
        url="$(url_of "$page")"
        hdr=()
        case "$page" in *_auth) hdr=(-H "Cookie: $cookie") ;; esac
        # curl -A "": no User-Agent, as wrk sends none (Flask-Login session protection).
        status="$(curl -s -A "" -D "$OUTDIR/$engine-$page.headers" -o "$OUTDIR/$engine-$page.html" \
            -w '%{http_code}' --max-time 30 "${hdr[@]}" "$url")"
        if [ "${page%_auth}" != "$page" ]; then
            grep -q "$LOGGED_IN_MARK" "$OUTDIR/$engine-$page.html" || status="$status-NOT-LOGGED-IN"
        else
            grep -q "$LOGGED_IN_MARK" "$OUTDIR/$engine-$page.html" && status="$status-LOGGED-IN"
        fi
        grep -qi '^set-cookie:' "$OUTDIR/$engine-$page.headers" && status="$status+cookie"
        for run in $(seq 1 "$RUNS"); do
            busy="$(cpu_busy)"
            if [ "$WARMUP" -gt 0 ]; then
                timeout $((WARMUP + 30)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" --timeout 10s \
                    "${hdr[@]}" "$url" > "$OUTDIR/$engine-$page.$run.warmup.txt" 2>&1 || true
            fi
            f="$OUTDIR/$engine-$page.$run.txt"
            timeout $((DURATION + 60)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s \
                --latency "${hdr[@]}" "$url" > "$f" 2>&1 || true
            rps="$(awk '/^Requests\/sec/ {print $2}' "$f")"
            p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")"
            p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")"
            reqs="$(awk '/requests in/ {print $1}' "$f")"
            non2xx="$(awk '/Non-2xx or 3xx/ {print $NF}' "$f")"
            sockerr="$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$f")"
            printf "$LINE" "$page" "${rps:-?}" "$p50" "$p99" "${reqs:-?}" "${non2xx:-0}" \
                "${sockerr:-0}" "$status" "$(worker_rss) $busy" | tee -a "$summary"
        done
    done
    echo "# status: HTTP code of the first response; +cookie = it set a cookie; NOT-LOGGED-IN / LOGGED-IN = wrong header state" \
        | tee -a "$summary"
    echo "# target: >= 250 req/s and p99 < 100 ms on every page" | tee -a "$summary"
    echo "# raw output: $OUTDIR" | tee -a "$summary"
    if [ -s "$OUTDIR/gunicorn-$engine.err" ]; then
        echo "# gunicorn-$engine.err (last lines):"; tail -5 "$OUTDIR/gunicorn-$engine.err"
    fi
    stop_server
}

median_rps() {  # median req/s of one page in a summary file
    awk -v p="$1" '$1 == p && $2 ~ /^[0-9.]+$/ {print $2}' "$2" | sort -g \
        | awk '{v[NR] = $1} END {if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}
median_p99() {  # p99 of the run with the median req/s (approximately: the middle line)
    awk -v p="$1" '$1 == p && $2 ~ /^[0-9.]+$/ {print $2, $4}' "$2" | sort -g \
        | awk '{v[NR] = $2} END {if (NR) print v[int((NR + 1) / 2)]}'
}

# SQLite first, then PostgreSQL on the same pages with the same wrk line.
measure sqlite "$SQLITE_URL" "$OUTDIR/summary.txt"
if [ -n "${BENCH_POSTGRESQL_URL:-}" ]; then
    measure postgresql "$BENCH_POSTGRESQL_URL" "$OUTDIR/summary-postgresql.txt"
    {
        echo "# PostgreSQL / SQLite, same sitting, same pages and wrk line (median of $RUNS run(s) each)"
        printf '%-12s %8s %8s %7s %8s %8s %7s  %s\n' page sq_rps pg_rps rps_% sq_p99 pg_p99 p99_% "target: rps_% >= 80, p99_% <= 125"
        for page in $PAGES; do
            s_rps="$(median_rps "$page" "$OUTDIR/summary.txt")"
            p_rps="$(median_rps "$page" "$OUTDIR/summary-postgresql.txt")"
            s_p99="$(median_p99 "$page" "$OUTDIR/summary.txt")"
            p_p99="$(median_p99 "$page" "$OUTDIR/summary-postgresql.txt")"
            [ -n "$s_rps" ] && [ -n "$p_rps" ] || continue
            awk -v page="$page" -v sr="$s_rps" -v pr="$p_rps" -v sp="$s_p99" -v pp="$p_p99" 'BEGIN {
                r = (sr > 0 ? 100 * pr / sr : 0); q = (sp > 0 ? 100 * pp / sp : 0)
                printf "%-12s %8.1f %8.1f %6.0f%% %8.1f %8.1f %6.0f%%  %s\n", page, sr, pr, r, sp, pp, q,
                    (r >= 80 && q <= 125 ? "met" : "NOT MET") }'
        done
        echo "# rps_% = PostgreSQL req/s / SQLite req/s; p99_% = PostgreSQL p99 / SQLite p99"
        echo "# (a p99 at most 125 % of SQLite's is a speed at least 80 % of it)"
    } | tee "$OUTDIR/postgresql-ratios.txt"
fi

# ---- FlaskBB, right after ours ------------------------------------------------------
FB_SUMMARY=""
want_fb="${BENCH_FLASKBB:-auto}"
if [ "$want_fb" = auto ] && [ -d "$FLASKBB_WORK" ]; then want_fb=1; fi
if [ "$want_fb" = 1 ]; then
    if [ ! -x "$FLASKBB_DIR/run.sh" ]; then
        echo "# FlaskBB bench not found at $FLASKBB_DIR" >&2
    else
        if [ ! -f "$FLASKBB_WORK/targets.env" ]; then
            echo "# setting up FlaskBB in $FLASKBB_WORK (about 1 min, needs Python 3.12)"
            timeout 1200 bash "$FLASKBB_DIR/setup.sh" "$FLASKBB_WORK"
        fi
        echo "# FlaskBB, same sitting: $FLASKBB_DIR/run.sh (pages: $FLASKBB_PAGES)"
        PAGES="$FLASKBB_PAGES" DURATION="$DURATION" CONNS="$CONNS" WARMUP="$WARMUP" \
            WRK_THREADS="$WRK_THREADS" WORKERS="$WORKERS" THREADS=1 \
            timeout 1800 bash "$FLASKBB_DIR/run.sh" "$FLASKBB_WORK" 2>&1 | tee "$OUTDIR/flaskbb.log" || true
        fb_dir="$(awk '/^# raw output:/ {print $4}' "$OUTDIR/flaskbb.log")"
        [ -n "$fb_dir" ] && [ -f "$fb_dir/summary.txt" ] && FB_SUMMARY="$fb_dir/summary.txt"
        [ -n "$FB_SUMMARY" ] && cp "$FB_SUMMARY" "$OUTDIR/flaskbb-summary.txt"
    fi
fi

# ---- ratios ----------------------------------------------------------------------------
# Comparable pages: space page vs FlaskBB forum page (c); thread page vs topic page (b);
# logged in: thread vs topic (d2), space vs forum (forum_auth, same sitting only).
PAIRS="space:forum thread:topic thread_auth:topic_auth space_auth:forum_auth"
# FlaskBB's figures from its bench's RESULTS.md (2026-11-22, median of 3 runs,
# 2 sync workers, schema as shipped): req/s and p99 ms.
ref_of() {
    case "$1" in
        forum) echo "33.1 681" ;; topic) echo "12.3 2230" ;; topic_auth) echo "7.5 3710" ;;
        *) echo "" ;;
    esac
}
{
    if [ -n "$FB_SUMMARY" ]; then
        echo "# ours (on SQLite) / FlaskBB, measured in this sitting ($FB_SUMMARY)"
    else
        echo "# ours (on SQLite) / FlaskBB, against the figures in $FLASKBB_DIR/RESULTS.md (2026-11-22):"
        echo "# NOT measured in the same sitting (BENCH_FLASKBB=1 measures FlaskBB right after ours)"
    fi
    printf '%-12s %-11s %9s %9s %8s %9s %9s %8s\n' ours flaskbb ours_rps fbb_rps x_rps ours_p99 fbb_p99 x_p99
    for pair in $PAIRS; do
        o="${pair%%:*}"; f="${pair##*:}"
        o_rps="$(median_rps "$o" "$OUTDIR/summary.txt")"; o_p99="$(median_p99 "$o" "$OUTDIR/summary.txt")"
        [ -n "$o_rps" ] || continue
        if [ -n "$FB_SUMMARY" ]; then
            f_rps="$(median_rps "$f" "$FB_SUMMARY")"; f_p99="$(median_p99 "$f" "$FB_SUMMARY")"
        else
            read -r f_rps f_p99 <<<"$(ref_of "$f") "
        fi
        [ -n "${f_rps:-}" ] || continue
        awk -v o="$o" -v f="$f" -v orps="$o_rps" -v frps="$f_rps" -v op="$o_p99" -v fp="$f_p99" \
            'BEGIN { printf "%-12s %-11s %9.1f %9.1f %7.1fx %9.1f %9.1f %7.1fx\n",
                     o, f, orps, frps, (frps > 0 ? orps / frps : 0), op, fp, (op > 0 ? fp / op : 0) }'
    done
    echo "# x_rps = ours/FlaskBB throughput; x_p99 = FlaskBB p99 / ours (higher is better for both)"
} | tee "$OUTDIR/ratios.txt"

"""The cluster rehearsal's processes: PostgreSQL, Redis, a mail sink, web hosts, workers.

Every child is started so that it dies with this process, whatever ends it (Linux's
parent-death signal), and is stopped in reverse order by `Stack.close`. PostgreSQL and
Redis are Debian's binaries, in a folder of their own, on free ports, keeping nothing.
"""

from __future__ import annotations

import ctypes
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
_PR_SET_PDEATHSIG = 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _child_setup(user: str | None, death_signal: int) -> Callable[[], None]:
    """Run in the child before exec: drop to `user` (PostgreSQL refuses root), then ask to
    receive `death_signal` when this process dies (set last: a change of user clears it)."""
    entry = pwd.getpwnam(user) if user else None

    def setup() -> None:
        os.setsid()
        if entry is not None:
            os.setgid(entry.pw_gid)
            os.setuid(entry.pw_uid)
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, death_signal)

    return setup


class Child:
    """One process, its output in a log file."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        *,
        log: Path,
        env: dict[str, str] | None = None,
        user: str | None = None,
        death_signal: int = signal.SIGTERM,
    ) -> None:
        self.name, self.argv, self.log, self.env = name, argv, log, env
        self.user, self.death_signal = user, death_signal
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Child:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=ROOT,
                preexec_fn=_child_setup(self.user, self.death_signal),
            )
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int | None:
        """Send `sig`, wait up to `timeout` s, then kill; the exit code (None if never run)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


class Stack:
    """What was started, stopped in reverse order on close, whatever happened."""

    def __init__(self) -> None:
        self._closers: list[Callable[[], Any]] = []

    def push(self, closer: Callable[[], Any]) -> None:
        self._closers.append(closer)

    def close(self) -> None:
        while self._closers:
            closer = self._closers.pop()
            try:
                closer()
            except Exception as error:
                print(f"  (stopping: {error})")


def wait_for(
    what: str, ready: Callable[[], bool], timeout: float, child: Child | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child is not None and not child.alive():
            raise RuntimeError(f"{what} exited at start; see {child.log}")
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} not ready after {timeout:.0f} s")


class PostgreSQL:
    """A throw-away cluster: initdb in `folder`, the server on a free port, its socket in
    the same folder, trust authentication for the local user only."""

    def __init__(self, folder: Path, logs: Path) -> None:
        self.folder, self.logs = folder, logs
        self.port = free_port()
        # PostgreSQL will not run as root: a root rehearsal runs it as Debian's postgres.
        self.user = "postgres" if os.geteuid() == 0 else None
        self.db_user = self.user or pwd.getpwuid(os.geteuid()).pw_name
        self.child: Child | None = None

    def start(self) -> None:
        data = self.folder / "data"
        self.folder.mkdir(parents=True)
        if self.user:
            shutil.chown(self.folder, self.user, self.user)
        initdb = [str(PG_BIN / "initdb"), "-D", str(data), "-U", self.db_user, "-E", "UTF8"]
        initdb += ["--auth=trust", "--locale=C.UTF-8", "--no-sync"]
        Child("initdb", initdb, log=self.logs / "initdb.log", user=self.user).start().process.wait()  # type: ignore[union-attr]
        if not (data / "PG_VERSION").exists():
            raise RuntimeError(f"initdb failed; see {self.logs / 'initdb.log'}")
        server = [str(PG_BIN / "postgres"), "-D", str(data), "-p", str(self.port)]
        server += ["-k", str(self.folder), "-c", "listen_addresses=", "-c", "max_connections=200"]
        # SIGQUIT if this process dies: PostgreSQL's immediate shutdown, nothing left behind.
        self.child = Child(
            "postgres",
            server,
            log=self.logs / "postgres.log",
            user=self.user,
            death_signal=signal.SIGQUIT,
        ).start()
        wait_for(
            "PostgreSQL", lambda: (self.folder / f".s.PGSQL.{self.port}").exists(), 30, self.child
        )
        time.sleep(0.3)
        createdb = [str(PG_BIN / "createdb"), "-h", str(self.folder), "-p", str(self.port)]
        createdb += ["-U", self.db_user, "community"]
        subprocess.run(createdb, check=True, capture_output=True)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.db_user}@/community?host={self.folder}&port={self.port}"

    @property
    def conninfo(self) -> str:
        return f"host={self.folder} port={self.port} user={self.db_user} dbname=community"

    def stop(self) -> None:
        if self.child is not None:
            self.child.stop(signal.SIGINT, timeout=20)  # fast shutdown


def start_redis(logs: Path) -> tuple[Child, int]:
    port = free_port()
    argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    argv += ["--appendonly", "no", "--daemonize", "no"]
    child = Child("redis", argv, log=logs / "redis.log").start()

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    wait_for("Redis", answers, 15, child)
    return child, port


class MailSink:
    """An SMTP server that keeps nothing but a count of messages per recipient."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.received: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            for recipient in envelope.rcpt_tos:
                self.received[recipient.lower()] += 1
        return "250 OK"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def flask_argv(*args: str) -> list[str]:
    return [str(PYTHON), "-m", "flask", "--app", "community", *args]


class WebHost:
    """One gunicorn "host": the repository's gunicorn.conf.py, its own instance folder."""

    def __init__(self, name: str, env: dict[str, str], folder: Path, logs: Path, workers: int):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        folder.mkdir(parents=True, exist_ok=True)
        self.env = {
            **env,
            "COMMUNITY_INSTANCE_PATH": str(folder),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
        }
        self.log = logs / f"web-{name}.log"
        self.child: Child | None = None

    def start(self) -> None:
        argv = [str(PYTHON), "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")]
        # Two masters on one machine: each its own control socket, not the shared default.
        argv += [
            "--control-socket",
            str(Path(self.env["COMMUNITY_INSTANCE_PATH"]) / "gunicorn.ctl"),
        ]
        self.child = Child(f"web-{self.name}", argv, log=self.log, env=self.env).start()
        wait_for(f"web host {self.name}", self.answers, 60, self.child)

    def answers(self) -> bool:
        try:
            return httpx.get(self.url + "/_health", timeout=2).status_code in (200, 503)
        except httpx.HTTPError:
            return False

    def stop(self) -> int | None:
        return self.child.stop(signal.SIGTERM, timeout=40) if self.child else None


class Worker:
    """`flask worker`, restarted the way systemd would after a crash."""

    def __init__(self, name: str, env: dict[str, str], logs: Path, only: str | None):
        self.name, self.env, self.only = name, env, only
        self.log = logs / f"worker-{name}.log"
        self.child: Child | None = None
        self.pids: list[int] = []

    def start(self) -> None:
        argv = flask_argv("worker", "--interval", "0.5")
        if self.only:
            argv += ["--only", self.only]
        self.child = Child(f"worker-{self.name}", argv, log=self.log, env=self.env).start()
        self.pids.append(self.child.pid)

    def stop(self, sig: int = signal.SIGTERM) -> int | None:
        return self.child.stop(sig, timeout=60) if self.child else None

"""The Makefile on a fresh machine: it finds a Python 3.11 or newer by itself (or takes the
one named), serves the demo on a port that is free on macOS (or the one named), and
Ctrl-C stops the server without make reporting an error.

Each test runs make in an empty folder of its own, with fake Pythons on a PATH of their
own (`make -n` prints what it would do), or with a stand-in for flask that serves the way
`flask run` does (werkzeug's server), for the one that really runs.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = ROOT / "Makefile"
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def fake_pythons(folder: Path, **versions: tuple[int, int]) -> Path:
    """A folder of commands named like Pythons (python3_12="python3.12"), each answering
    the Makefile's version check as a Python of that version would."""
    folder.mkdir()
    for name, version in versions.items():
        command = folder / name.replace("_", ".")
        modern = version >= (3, 11)
        command.write_text(f"#!/bin/sh\nexit {0 if modern else 1}\n")
        command.chmod(0o755)
    return folder


def make(folder: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    (folder / "pyproject.toml").touch()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHON", "PORT")}
    if path is not None:
        env["PATH"] = path
    assert MAKE is not None
    return subprocess.run(  # noqa: S603 (make, on this repository's Makefile)
        [MAKE, "--no-print-directory", "-C", str(folder), "-f", str(MAKEFILE), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def venv_command(dry_run: str) -> str:
    found = re.search(r"^(\S+) -m venv \.venv", dry_run, re.M)
    assert found, dry_run
    return found.group(1)


# --- which Python ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("versions", "chosen"),
    [
        # Ubuntu 24.04: python3 is 3.12, and there is no python3.11.
        ({"python3": (3, 12), "python3_12": (3, 12)}, "python3.12"),
        # Debian 12: python3.11 only.
        ({"python3": (3, 11), "python3_11": (3, 11)}, "python3.11"),
        # An older python3 beside a newer one: the newer.
        ({"python3": (3, 10), "python3_13": (3, 13)}, "python3.13"),
        # Only a python3, recent enough (macOS with Homebrew's, say).
        ({"python3": (3, 14)}, "python3"),
        # The newest first.
        ({"python3_11": (3, 11), "python3_13": (3, 13), "python3_12": (3, 12)}, "python3.13"),
    ],
)
def test_the_newest_python_from_3_11_on_is_found_on_the_path(
    tmp_path: Path, versions: dict[str, tuple[int, int]], chosen: str
) -> None:
    pythons = fake_pythons(tmp_path / "bin", **versions)
    work = tmp_path / "work"
    work.mkdir()
    planned = make(work, "-n", "demo", path=str(pythons))
    assert planned.returncode == 0, planned.stderr
    assert venv_command(planned.stdout) == chosen


def test_the_python_named_on_the_command_line_is_used(tmp_path: Path) -> None:
    pythons = fake_pythons(tmp_path / "bin", python3_12=(3, 12))
    work = tmp_path / "work"
    work.mkdir()
    planned = make(work, "-n", "demo", "PYTHON=/opt/python/bin/python3.11", path=str(pythons))
    assert venv_command(planned.stdout) == "/opt/python/bin/python3.11"


def test_without_a_recent_python_make_says_what_to_install_and_makes_nothing(
    tmp_path: Path,
) -> None:
    pythons = fake_pythons(tmp_path / "bin", python3=(3, 10), python3_9=(3, 9))
    work = tmp_path / "work"
    work.mkdir()
    refused = make(work, "demo", path=str(pythons))
    assert refused.returncode != 0
    assert "No Python 3.11 or newer found on PATH" in refused.stderr
    assert "PYTHON=" in refused.stderr and "apt install" in refused.stderr
    assert not (work / ".venv").exists()

    too_old = make(work, "demo", f"PYTHON={pythons / 'python3'}", path=str(pythons))
    assert too_old.returncode != 0
    assert "is not Python 3.11 or newer" in too_old.stderr
    assert not (work / ".venv").exists()


# --- which port ----------------------------------------------------------------------------


def test_the_demo_serves_on_5050_unless_told_another_port(tmp_path: Path) -> None:
    planned = make(tmp_path, "-n", "demo").stdout
    assert "--port 5050" in planned and "5000" not in planned
    assert "http://127.0.0.1:5050" in planned
    assert "--port 8123" in make(tmp_path, "-n", "demo", "PORT=8123").stdout
    assert "--port 8123" in make(tmp_path, "-n", "serve", "PORT=8123").stdout


def test_the_readme_gives_the_makefile_s_port_and_its_two_settings() -> None:
    port = re.search(r"^PORT \?= (\d+)$", MAKEFILE.read_text(), re.M)
    assert port
    readme = (ROOT / "README.md").read_text()
    assert f"http://127.0.0.1:{port.group(1)}" in readme
    assert "http://127.0.0.1:5000" not in readme
    assert "make demo PORT=" in readme and "PYTHON=" in readme


# --- Ctrl-C --------------------------------------------------------------------------------

# What `flask --app community demo` and `… run --host H --port P` do, as far as make sees:
# the demo prints and ends; run serves with werkzeug until Ctrl-C, as `flask run` does.
STAND_IN = """\
import sys
from werkzeug.serving import run_simple

args = sys.argv[1:]
if "demo" in args:
    print("Comptes de démonstration : …", flush=True)
    sys.exit(0)
port = int(args[args.index("--port") + 1])


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


run_simple("127.0.0.1", port, app)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    """Whether the server answers a request (it listens a little before it serves)."""
    connection = HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@pytest.mark.parametrize("target", ["demo", "serve"])
def test_ctrl_c_stops_the_demo_server_without_an_error_from_make(
    tmp_path: Path, target: str
) -> None:
    # A folder where the virtual environment is already installed, so make only serves.
    (tmp_path / "pyproject.toml").write_text("")
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text("")
    (tmp_path / ".venv" / ".installed-demo").write_text("")
    stamp = time.time() - 60
    os.utime(tmp_path / "pyproject.toml", (stamp, stamp))
    stand_in = tmp_path / "flask.py"
    stand_in.write_text(STAND_IN)
    port = _free_port()
    assert MAKE is not None
    server = subprocess.Popen(  # noqa: S603 (make, on this repository's Makefile)
        [
            MAKE,
            "--no-print-directory",
            "-C",
            str(tmp_path),
            "-f",
            str(MAKEFILE),
            target,
            f"PORT={port}",
            f"FLASK={sys.executable} {stand_in}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Its own process group, which gets the signal as a terminal's Ctrl-C gives it.
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            assert server.poll() is None, server.communicate()[0]
            assert time.monotonic() < deadline, "the server answers"
            time.sleep(0.1)
        os.killpg(server.pid, signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert f"→ http://127.0.0.1:{port}" in output
    assert "make: ***" not in output and "Error" not in output and "Interrupt" not in output
    # make ends as Ctrl-C ends any program: by the signal, which a shell does not report.
    assert server.returncode in (0, -signal.SIGINT), output
    assert not _answers(port)

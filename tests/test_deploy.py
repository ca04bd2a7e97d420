"""The deployment files in the repository are ones an operator can use as they are."""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

from community.config import Defaults

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
# Flask's and its extensions' own settings, which Defaults does not repeat.
FLASK_SETTINGS = {"SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SERVER_NAME", "TRUSTED_HOSTS"}


def test_gunicorn_accepts_its_configuration():
    checked = subprocess.run(  # noqa: S603 (the venv's own gunicorn, on our file)
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--check-config",
            "-c",
            "gunicorn.conf.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_every_variable_of_the_environment_template_is_a_setting():
    names = re.findall(
        r"^#? ?COMMUNITY_([A-Z_]+)=", (DEPLOY / "community.env.example").read_text(), re.M
    )
    assert "SECRET_KEY" in names and "SELFDATA_KEYS" in names and "SITE_URL" in names
    unknown = {name for name in names if not hasattr(Defaults, name) and name not in FLASK_SETTINGS}
    assert unknown == set()


def test_the_systemd_units_run_what_the_repository_has():
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert [unit.name for unit in units] == [
        "community-release.service",
        "community-web.service",
        "community-worker.service",
    ]
    for unit in units:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read(unit)
        service = parser["Service"]
        assert service["EnvironmentFile"] == "/etc/community/community.env"
        assert service["ExecStart"].startswith("/srv/community/.venv/bin/")
    web = (DEPLOY / "systemd" / "community-web.service").read_text()
    assert "gunicorn -c gunicorn.conf.py" in web and (ROOT / "gunicorn.conf.py").exists()


def test_nginx_forwards_what_the_app_believes_one_proxy_deep():
    site = (DEPLOY / "nginx" / "community.conf").read_text()
    env = (DEPLOY / "community.env.example").read_text()
    # One proxy, which overwrites X-Forwarded-For: a client cannot slip its own in.
    assert "COMMUNITY_PROXY_COUNT=1" in env
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site

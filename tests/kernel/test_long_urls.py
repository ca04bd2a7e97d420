"""Over-long addresses: a search of several kilobytes, a path pasted many times over. The
app answers them itself, in the reader's language, and gunicorn lets them reach it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from flask import Flask

from community.config import Defaults
from tests.forums import helpers as h

ROOT = Path(__file__).resolve().parents[2]
# About 8 KB of search: more than gunicorn's own limit (4 KB by default, 8190 at most).
EIGHT_KB_QUERY = "insuline " * 910
TOO_LONG = Defaults.MAX_URL_LENGTH + 1


def test_a_search_of_8_kb_gets_the_search_page_saying_it_is_too_long(client):
    response = client.get("/recherche", query_string={"q": EIGHT_KB_QUERY})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Votre recherche est trop longue : 200 caractères au plus." in page
    assert "<title>Erreur : " in page


def test_the_same_search_is_answered_in_english_too(client):
    client.set_cookie("lang", "en")
    response = client.get("/recherche", query_string={"q": EIGHT_KB_QUERY})

    assert response.status_code == 400
    assert "Your search is too long: 200 characters at most." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "address",
    [
        "/recherche?q=" + "x" * TOO_LONG,
        "/espaces/" + "diabete" * (TOO_LONG // 7),
        "/recherche?q=" + "%C3%A9" * (TOO_LONG // 6 + 1),  # é, two bytes, six when escaped
    ],
    ids=["query", "path", "escaped query"],
)
def test_an_address_past_the_limit_gets_a_page_saying_so_in_french(client, address):
    response = client.get(address)

    page = response.get_data(as_text=True)
    assert response.status_code == 414
    assert "<h1>Adresse trop longue</h1>" in page
    assert "gardez seulement quelques mots importants" in page
    # The links of the page (language, text size) do not carry the address along again.
    assert len(page) < 20_000


def test_the_page_speaks_english_to_an_english_browser(client):
    response = client.get(
        "/recherche?q=" + "x" * TOO_LONG, headers={"Accept-Language": "en-GB,en;q=0.8"}
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 414
    assert "<h1>Address too long</h1>" in page
    assert "keep only a few important words" in page


def test_a_member_gets_the_same_page_kept_private(client, session):
    h.log_in(client, h.member(session, "Camille"))

    response = client.get("/recherche?q=" + "x" * TOO_LONG)

    assert response.status_code == 414
    assert "Camille" in response.get_data(as_text=True)  # the header still names her
    assert response.headers["Cache-Control"] == "private, no-store"


def test_an_address_just_under_the_limit_is_served(client):
    path = "/recherche?q="
    response = client.get(path + "x" * (Defaults.MAX_URL_LENGTH - len(path)))

    assert response.status_code == 400  # the search page: a query of 200 characters at most
    assert "Votre recherche est trop longue" in response.get_data(as_text=True)


@pytest.mark.config(MAX_URL_LENGTH=100)
def test_the_limit_is_a_setting(client):
    assert client.get("/recherche?q=" + "x" * 100).status_code == 414
    assert client.get("/recherche?q=insuline").status_code == 200


def test_nginx_lets_addresses_longer_than_the_apps_limit_through():
    site = (ROOT / "deploy" / "nginx" / "community.conf").read_text()
    assert "large_client_header_buffers 4 32k;" in site
    assert Defaults.MAX_URL_LENGTH < 32 * 1024


# --- gunicorn, for real --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (our own server)
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


@pytest.mark.real_database
def test_gunicorn_lets_an_8_kb_search_reach_the_app(app: Flask, tmp_path: Path) -> None:
    """Run as deployed (gunicorn.conf.py): the answer is the app's page, not gunicorn's 414."""
    port = _free_port()
    environment = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "COMMUNITY_SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "COMMUNITY_SECRET_KEY": "test-secret",
        "COMMUNITY_SELFDATA_KEYS": Fernet.generate_key().decode(),
        "COMMUNITY_SITE_URL": f"http://127.0.0.1:{port}",
        "COMMUNITY_SEARCH_BACKEND": "null",
        "COMMUNITY_INSTANCE_PATH": str(tmp_path),
    }
    server = subprocess.Popen(  # noqa: S603 (the venv's own gunicorn, on our file)
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # The worker builds the app as it starts: seconds, more on a busy machine.
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _page = _get(f"{base}/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.2)
        assert status == 200

        query = urllib.parse.quote_plus(EIGHT_KB_QUERY)
        assert len(f"GET /recherche?q={query} HTTP/1.1") > 8190  # past gunicorn's own maximum
        status, page = _get(f"{base}/recherche?q={query}")
        assert status == 400
        assert "Votre recherche est trop longue : 200 caractères au plus." in page

        status, page = _get(f"{base}/recherche?q=" + "x" * TOO_LONG)
        assert status == 414
        assert "<h1>Adresse trop longue</h1>" in page
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        output, _ = server.communicate(timeout=30)
    assert b"Traceback" not in output, output.decode(errors="replace")

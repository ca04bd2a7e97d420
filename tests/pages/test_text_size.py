"""The text size: a link in every page's footer sets a cookie (no JavaScript), and every
page then gives its root element the class that sizes its text; choosing writes nothing
to the database."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from community.pages.text_size import COOKIE
from tests.forums import helpers as h


def _root_class(client: FlaskClient, path: str = "/") -> str | None:
    html = client.get(path).get_data(as_text=True)
    found = re.search(r"<html[^>]*>", html)
    assert found
    classes = re.search(r'class="([^"]*)"', found.group(0))
    return classes.group(1) if classes else None


def test_a_visitor_chooses_a_larger_text_and_every_page_has_it(client: FlaskClient) -> None:
    assert _root_class(client) is None
    footer = client.get("/").get_data(as_text=True)
    # The footer offers the three sizes, the current one marked as such.
    assert '<span class="size-normal" aria-current="true">normal</span>' in footer
    assert 'href="/taille-du-texte/grand?next=/"' in footer
    assert 'href="/taille-du-texte/tres-grand?next=/"' in footer

    chosen = client.get("/taille-du-texte/tres-grand?next=/comment-ca-marche")
    assert chosen.status_code == 302
    assert chosen.headers["Location"] == "/comment-ca-marche"
    cookie = chosen.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=tres-grand;")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie
    assert _root_class(client, "/comment-ca-marche") == "texte-tres-grand"
    assert _root_class(client, "/connexion") == "texte-tres-grand"
    footer = client.get("/").get_data(as_text=True)
    assert '<span class="size-tres-grand" aria-current="true">très grand</span>' in footer

    back = client.get("/taille-du-texte/normal?next=/")
    assert f"{COOKIE}=;" in back.headers["Set-Cookie"]  # the cookie is removed
    assert _root_class(client) is None


def test_choosing_a_size_writes_nothing_to_the_database(
    client: FlaskClient, session: Any, count_queries: Any
) -> None:
    camille = h.member(session, "Camille")
    session.commit()
    h.log_in(client, camille)
    with count_queries() as counter:
        assert client.get("/taille-du-texte/grand?next=/").status_code == 302
    writes = [s for s in counter.statements if not s.lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert _root_class(client, "/compte") == "texte-grand"


def test_a_size_the_site_does_not_offer_is_not_found_and_an_odd_cookie_is_ignored(
    client: FlaskClient,
) -> None:
    assert client.get("/taille-du-texte/enorme?next=/").status_code == 404
    client.set_cookie(COOKIE, '"><script>')
    assert _root_class(client) is None


def test_the_way_back_stays_on_the_site(client: FlaskClient) -> None:
    away = client.get("/taille-du-texte/grand?next=https://ailleurs.example/")
    assert away.headers["Location"] == "/"
    assert client.get("/taille-du-texte/grand").headers["Location"] == "/"

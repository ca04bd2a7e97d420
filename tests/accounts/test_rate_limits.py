"""Too many attempts get a French page, not a crash."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute")
def test_too_many_login_attempts_get_a_french_429_page(client: FlaskClient) -> None:
    for _ in range(2):
        assert client.post("/connexion", data={"login": "x", "password": "y"}).status_code == 200

    response = client.post("/connexion", data={"login": "x", "password": "y"})

    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Trop de tentatives" in page
    assert "Attendez quelques minutes" in page
    # Reading the page is never limited, only sending the form.
    assert client.get("/connexion").status_code == 200


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_REGISTER="1 per minute")
def test_registration_is_limited(client: FlaskClient) -> None:
    client.post("/inscription", data={})

    assert client.post("/inscription", data={}).status_code == 429


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_PASSWORD_RESET="1 per minute")
def test_password_reset_requests_are_limited(client: FlaskClient) -> None:
    client.post("/mot-de-passe-oublie", data={"email": "a@b.fr"})

    assert client.post("/mot-de-passe-oublie", data={"email": "a@b.fr"}).status_code == 429

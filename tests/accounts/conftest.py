"""Account test helpers: a member factory, a log-in helper and the mail outbox."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from community.accounts.models import Member
from community.accounts.services import create_member
from community.extensions import db

PASSWORD = "correct horse battery"


@pytest.fixture
def outbox(app: Flask) -> list[Any]:
    """The e-mails sent so far (MAIL_BACKEND is locmem in tests)."""
    mailman = app.extensions["mailman"]
    if not hasattr(mailman, "outbox"):
        mailman.outbox = []
    return mailman.outbox  # type: ignore[no-any-return]


@pytest.fixture
def make_member(app: Flask) -> Any:
    def make(pseudonym: str = "Camille", email: str | None = None, **kwargs: Any) -> Member:
        member = create_member(
            db.session(),
            pseudonym=pseudonym,
            email=email or f"{pseudonym.lower()}@exemple.fr",
            password=kwargs.pop("password", PASSWORD),
            **kwargs,
        )
        db.session.commit()
        return member

    return make


class Auth:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, login: str = "Camille", password: str = PASSWORD, **data: Any) -> TestResponse:
        return self.client.post("/connexion", data={"login": login, "password": password, **data})

    def logout(self) -> TestResponse:
        return self.client.post("/deconnexion")


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


def registration(**overrides: Any) -> dict[str, Any]:
    """A valid registration form, with some fields changed."""
    data: dict[str, Any] = {
        "pseudonym": "Camille",
        "email": "camille@exemple.fr",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "locale": "fr",
        "accept_charter": "y",
        "accept_privacy": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}

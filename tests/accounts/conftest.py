"""Account test helpers: a member factory, a log-in helper and the mail outbox."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from community.accounts.models import Member
from community.accounts.services import create_member
from community.extensions import db
from community.notifications.jobs import send_all_mail

PASSWORD = "correct horse battery"


class Delivered(Sequence[Any]):
    """The e-mails sent so far, as the mailbox sees them once the worker's mail job has
    run: a request only writes its e-mails (kernel.outbox), the worker sends them. Each
    look runs the job (which sends what is owed, and nothing twice), as a worker would
    have done meanwhile. MAIL_BACKEND is locmem in tests."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        mailman = app.extensions["mailman"]
        if not hasattr(mailman, "outbox"):
            mailman.outbox = []
        self.sent: list[Any] = mailman.outbox

    def _delivered(self) -> list[Any]:
        send_all_mail(self.app)
        return self.sent

    def __getitem__(self, index: Any) -> Any:
        return self._delivered()[index]

    def __len__(self) -> int:
        return len(self._delivered())

    def __eq__(self, other: object) -> bool:
        return self._delivered() == other

    __hash__ = None  # type: ignore[assignment]


@pytest.fixture
def outbox(app: Flask) -> Delivered:
    return Delivered(app)


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

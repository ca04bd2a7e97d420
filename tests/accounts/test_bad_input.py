"""Bad input on every account form: a French message or harmless text, never a 500."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from community.accounts.models import Member
from community.extensions import db
from tests.accounts.conftest import registration

BAD_VALUES = {
    "empty": "",
    "one megabyte": "a" * 1_000_000,
    "zero-width only": "\u200b",
    "zero-width inside": "Cam\u200bille",
    "right-to-left override": "\u202eelimaC",
    "NUL": "\x00",
    "NUL inside": "Cami\x00lle",
    "script": "<script>alert(1)</script>",
}
FIELDS = [
    "pseudonym",
    "email",
    "password",
    "confirm",
    "locale",
    "accept_charter",
    "accept_privacy",
]


def members() -> list[Member]:
    return list(db.session.scalars(select(Member)))


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_registration_survives_bad_input_in_every_field(
    client: FlaskClient, field: str, value: str
) -> None:
    data = registration(**{field: value})
    if field == "password":
        data["confirm"] = value

    response = client.post("/inscription", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code in (200, 302)
    assert "<script>alert" not in page
    if response.status_code == 200:
        assert members() == []
        error_field = "password" if field == "confirm" and not value else field
        assert f'id="{error_field}-erreurs"' in page or f'id="{field}-erreurs"' in page
    else:
        # Accepted once cleaned (a control character dropped, a box ticked by any value).
        [member] = members()
        for stored in (member.pseudonym, member.email):
            assert not any(c in stored for c in "\x00\u202e<>")


def test_text_that_is_not_utf8_is_refused_politely(client: FlaskClient) -> None:
    body = (
        "pseudonym=%ED%A0%80%FF&email=camille%40exemple.fr&password=correct+horse+battery"
        "&confirm=correct+horse+battery&locale=fr&accept_charter=y&accept_privacy=y"
    )

    response = client.post(
        "/inscription", data=body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert 'id="pseudonym-erreurs"' in response.get_data(as_text=True)
    assert members() == []


def test_a_bad_pseudonym_is_shown_back_escaped(client: FlaskClient) -> None:
    response = client.post("/inscription", data=registration(pseudonym="<b>gras</b>"))

    assert "&lt;b&gt;gras&lt;/b&gt;" in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["login", "password", "remember"])
@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_login_survives_bad_input(client: FlaskClient, make_member, field: str, value: str) -> None:
    make_member("Camille")
    data = {"login": "Camille", "password": "not the password", field: value}

    response = client.post("/connexion", data=data)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page
    assert "incorrect" in page or "-erreurs" in page


@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_password_reset_request_survives_bad_input(client: FlaskClient, outbox, value: str) -> None:
    response = client.post("/mot-de-passe-oublie", data={"email": value})

    assert response.status_code == 200
    assert 'id="email-erreurs"' in response.get_data(as_text=True)
    assert outbox == []


@pytest.mark.parametrize("field", ["mdp-current_password", "mdp-password", "mdp-confirm"])
@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_password_change_survives_bad_input(
    client: FlaskClient, make_member, auth, field: str, value: str
) -> None:
    member = make_member("Camille")
    hash_before = member.password_hash
    auth.login("Camille")
    data = {
        "mdp-current_password": "correct horse battery",
        "mdp-password": "a new passphrase",
        "mdp-confirm": "a new passphrase",
        field: value,
    }

    response = client.post("/compte/mot-de-passe", data=data)

    assert response.status_code == 200
    assert "<script>alert" not in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(Member.password_hash)) == hash_before


@pytest.mark.parametrize(
    "path",
    [
        "/membres/%00",
        "/membres/%E2%80%AEx",
        "/membres/%3Cscript%3E",
        "/langue/%00",
        "/mot-de-passe-oublie/%00",
    ],
)
def test_odd_paths_never_crash(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code in (302, 400, 404)


def test_no_half_written_row_after_refused_registrations(client: FlaskClient) -> None:
    for value in BAD_VALUES.values():
        client.post("/inscription", data=registration(email=value))

    assert db.session.scalar(select(func.count()).select_from(Member)) == 0

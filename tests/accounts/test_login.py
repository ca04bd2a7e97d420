"""Logging in by pseudonym or e-mail, remembering, coming back, logging out."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from community.accounts import services
from community.extensions import db

GENERIC_ERROR = "Pseudonyme, adresse e-mail ou mot de passe incorrect."


def is_logged_in(client: FlaskClient) -> bool:
    return "Se déconnecter" in client.get("/charte").get_data(as_text=True)


def test_i_log_in_with_my_pseudonym(client: FlaskClient, make_member, auth) -> None:
    make_member("Camille")

    response = auth.login("Camille")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert is_logged_in(client)


def test_i_log_in_with_my_email_whatever_its_case(client, make_member, auth) -> None:
    make_member("Camille", email="camille@exemple.fr")

    auth.login("  CAMILLE@exemple.fr ")

    assert is_logged_in(client)


def test_my_pseudonym_is_found_whatever_its_case_or_accents(client, make_member, auth) -> None:
    make_member("Élodie")

    auth.login("elodie")

    assert is_logged_in(client)


@pytest.mark.parametrize(
    ("login", "password"),
    [("Camille", "wrong password!"), ("Nobody", "whatever it is"), ("x@y.fr", "whatever it is")],
)
def test_a_wrong_login_gets_one_generic_message(client, make_member, auth, login, password) -> None:
    make_member("Camille")

    response = auth.login(login, password)

    assert response.status_code == 200
    assert GENERIC_ERROR in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_a_deleted_account_cannot_log_in(client, make_member, auth) -> None:
    member = make_member("Camille")
    member.status = services.MemberStatus.DELETED
    db.session.commit()

    response = auth.login("Camille")

    assert GENERIC_ERROR in response.get_data(as_text=True)


def test_a_suspended_member_may_still_log_in_to_read(client, make_member, auth) -> None:
    member = make_member("Camille")
    services.suspend_member(db.session(), member=member)
    db.session.commit()

    auth.login("Camille")

    assert is_logged_in(client)
    assert "Votre compte est suspendu" in client.get("/compte").get_data(as_text=True)


def test_remember_me_sets_a_long_lived_cookie(client, make_member, auth) -> None:
    make_member("Camille")

    response = auth.login("Camille", remember="y")

    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember
    assert "SameSite=Lax" in remember
    assert "Expires=" in remember


def test_without_remember_me_no_remember_cookie(client, make_member, auth) -> None:
    make_member("Camille")

    response = auth.login("Camille")

    assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


def test_after_logging_in_i_come_back_to_the_page_i_was_on(client, make_member) -> None:
    make_member("Camille")

    response = client.post(
        "/connexion?next=/membres/Camille",
        data={"login": "Camille", "password": "correct horse battery"},
    )

    assert response.headers["Location"] == "/membres/Camille"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_next_never_leads_to_another_site(client, make_member, target) -> None:
    make_member("Camille")

    response = client.post(
        "/connexion",
        query_string={"next": target},
        data={"login": "Camille", "password": "correct horse battery"},
    )

    assert response.headers["Location"] == "/"


def test_the_login_form_keeps_a_safe_next_only(client: FlaskClient) -> None:
    safe = client.get("/connexion?next=/membres/Camille").get_data(as_text=True)
    unsafe = client.get("/connexion?next=https://evil.example/").get_data(as_text=True)

    assert 'action="/connexion?next=/membres/Camille"' in safe
    assert 'action="/connexion"' in unsafe


def test_logging_out_needs_a_post(client, make_member, auth) -> None:
    make_member("Camille")
    auth.login("Camille")

    assert client.get("/deconnexion").status_code == 405
    assert is_logged_in(client)

    response = auth.logout()

    assert response.status_code == 302
    assert not is_logged_in(client)


def test_an_anonymous_visitor_is_sent_to_log_in_for_the_account_page(client: FlaskClient) -> None:
    response = client.get("/compte")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=")

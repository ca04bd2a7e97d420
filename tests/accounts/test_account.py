"""My account page: my e-mail (for me only), my language, my password."""

from __future__ import annotations

from flask.testing import FlaskClient

from community.accounts.models import Member
from community.extensions import db
from tests.accounts.conftest import PASSWORD

NEW_PASSWORD = "another long passphrase"


def is_logged_in(client: FlaskClient) -> bool:
    return "Se déconnecter" in client.get("/charte").get_data(as_text=True)


def test_my_account_page_shows_my_pseudonym_and_email(client, make_member, auth) -> None:
    make_member("Camille", email="camille@exemple.fr")
    auth.login("Camille")

    page = client.get("/compte").get_data(as_text=True)

    assert "Camille" in page
    assert "camille@exemple.fr" in page


def test_i_change_my_language_and_the_site_follows(client, make_member, auth) -> None:
    member = make_member("Camille")
    auth.login("Camille")

    response = client.post("/compte/langue", data={"langue-locale": "en"})

    assert response.status_code == 302
    assert "lang=en" in response.headers["Set-Cookie"]
    db.session.refresh(member)
    assert member.locale == "en"


def test_an_unknown_language_is_refused_politely(client, make_member, auth) -> None:
    member = make_member("Camille")
    auth.login("Camille")

    response = client.post("/compte/langue", data={"langue-locale": "xx"})

    assert response.status_code == 200
    db.session.refresh(member)
    assert member.locale == "fr"


def test_changing_my_password_ends_my_other_sessions_but_not_this_one(
    app, client, make_member, auth
) -> None:
    member = make_member("Camille")
    before = member.password_changed_at
    other_device = app.test_client()
    other_device.post("/connexion", data={"login": "Camille", "password": PASSWORD})
    auth.login("Camille")
    assert is_logged_in(other_device)

    response = client.post(
        "/compte/mot-de-passe",
        data={
            "mdp-current_password": PASSWORD,
            "mdp-password": NEW_PASSWORD,
            "mdp-confirm": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(other_device)
    db.session.refresh(member)
    assert member.password_changed_at > before
    auth.logout()
    assert auth.login("Camille", NEW_PASSWORD).status_code == 302


def test_a_remembered_device_is_forgotten_after_a_password_change(
    app, client, make_member, auth
) -> None:
    make_member("Camille")
    remembered = app.test_client()
    remembered.post("/connexion", data={"login": "Camille", "password": PASSWORD, "remember": "y"})
    # Only the remember-me cookie is left, as when the browser is reopened.
    remembered.delete_cookie("session", domain="localhost")
    assert is_logged_in(remembered)
    remembered.delete_cookie("session", domain="localhost")
    auth.login("Camille")

    client.post(
        "/compte/mot-de-passe",
        data={
            "mdp-current_password": PASSWORD,
            "mdp-password": NEW_PASSWORD,
            "mdp-confirm": NEW_PASSWORD,
        },
    )

    assert not is_logged_in(remembered)


def test_the_current_password_is_required_to_change_it(client, make_member, auth) -> None:
    member = make_member("Camille")
    hash_before = member.password_hash
    auth.login("Camille")

    response = client.post(
        "/compte/mot-de-passe",
        data={
            "mdp-current_password": "not my password",
            "mdp-password": NEW_PASSWORD,
            "mdp-confirm": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "Ce n’est pas votre mot de passe actuel." in response.get_data(as_text=True)
    assert db.session.get(Member, member.id).password_hash == hash_before

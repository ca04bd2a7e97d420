"""The site speaks English to those who ask for it, and French to everyone else."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from community.accounts.services import create_member
from community.extensions import db
from community.forums.services import create_association, create_space
from community.notifications.jobs import send_all_mail

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
PASSWORD = "correct horse battery"


def _page(response: Any) -> str:
    return response.get_data(as_text=True)


def _member(pseudonym: str = "Camille", **kwargs: Any) -> Any:
    member = create_member(
        db.session(),
        pseudonym=pseudonym,
        email=f"{pseudonym.lower()}@exemple.fr",
        password=PASSWORD,
        **kwargs,
    )
    db.session.commit()
    return member


@pytest.fixture
def a_space(app: Flask) -> None:
    association = create_association(db.session(), name="Horizon Diabète", slug="horizon")
    create_space(db.session(), association=association, name="Diabète de type 1", slug="dt1")
    db.session.commit()


# --- A visitor whose browser asks for English -------------------------------------


@pytest.mark.usefixtures("a_space")
def test_a_visitor_who_reads_english_gets_the_spaces_in_english(client: FlaskClient) -> None:
    page = _page(client.get("/", headers=ENGLISH))

    assert '<html lang="en">' in page
    assert "Community spaces" in page
    assert "Run by Horizon Diabète" in page
    assert "0 discussions" in page and "0 posts" in page
    assert "Log in" in page and "Create an account" in page
    assert "Les espaces de la communauté" not in page
    # The way back to French is offered, named in French.
    assert 'lang="fr" hreflang="fr">Français</a>' in page


def test_the_log_in_page_and_its_errors_are_in_english(client: FlaskClient) -> None:
    page = _page(client.get("/connexion", headers=ENGLISH))
    assert "Pseudonym or email address" in page
    assert "Remember me on this device" in page
    assert "Forgot your password?" in page

    page = _page(
        client.post("/connexion", data={"login": "Nobody", "password": "x"}, headers=ENGLISH)
    )
    assert "Wrong pseudonym, email address or password." in page


def test_registration_errors_are_in_english_with_their_numbers(client: FlaskClient) -> None:
    response = client.post(
        "/inscription",
        data={"pseudonym": "ab", "email": "not an address", "password": "short"},
        headers=ENGLISH,
    )
    page = _page(response)

    assert "Your pseudonym must be between 3 and 30 characters long." in page
    assert "This email address is not valid. Example: name@example.com" in page
    assert "Your password must be between 10 and 256 characters long." in page
    assert "To take part, you need to accept the community guidelines." in page
    assert "To create an account, you need to accept the privacy policy." in page
    assert "Le pseudonyme doit avoir" not in page


def test_a_missing_page_says_so_in_english(client: FlaskClient) -> None:
    response = client.get("/nulle-part", headers=ENGLISH)
    page = _page(response)

    assert response.status_code == 404
    assert '<html lang="en">' in page
    assert "Page not found" in page
    assert "Back to the list of spaces" in page


# --- Everyone else ------------------------------------------------------------------


@pytest.mark.usefixtures("a_space")
def test_without_any_preference_the_site_is_in_french(client: FlaskClient) -> None:
    page = _page(client.get("/"))

    assert '<html lang="fr">' in page
    assert "Les espaces de la communauté" in page
    assert "0 discussions" in page and "0 messages" in page
    assert "Community spaces" not in page


def test_a_browser_preferring_french_gets_french(client: FlaskClient) -> None:
    page = _page(client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}))

    assert '<html lang="fr">' in page
    assert "Se connecter" in page


def test_a_language_the_site_does_not_offer_falls_back_to_french(client: FlaskClient) -> None:
    page = _page(client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}))

    assert '<html lang="fr">' in page


# --- Choosing the language ------------------------------------------------------------


def test_the_language_link_switches_the_site_and_is_remembered(client: FlaskClient) -> None:
    response = client.get("/langue/en?next=/connexion")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/connexion")
    assert "lang=en" in response.headers["Set-Cookie"]
    # No Accept-Language from now on: the cookie alone decides.
    page = _page(client.get("/connexion"))
    assert '<html lang="en">' in page
    assert "Log in" in page

    client.get("/langue/fr?next=/")
    page = _page(client.get("/connexion"))
    assert '<html lang="fr">' in page
    assert "Se connecter" in page


def test_the_chosen_language_wins_over_the_browser(client: FlaskClient) -> None:
    client.get("/langue/fr?next=/")

    page = _page(client.get("/", headers=ENGLISH))

    assert '<html lang="fr">' in page


# --- Members ------------------------------------------------------------------------


def test_a_member_who_chose_english_reads_english_on_any_browser(
    app: Flask, client: FlaskClient
) -> None:
    _member("Camille", locale="en")
    client.post("/connexion", data={"login": "Camille", "password": PASSWORD})
    # A browser without the language cookie (another computer, cookies cleared).
    client.delete_cookie("lang", domain="localhost")

    page = _page(client.get("/", headers={"Accept-Language": "fr"}))

    assert '<html lang="en">' in page
    assert "Log out" in page

    page = _page(client.post("/deconnexion", follow_redirects=True, headers=ENGLISH))
    assert "You are logged out." in page


def test_a_new_member_who_picks_english_gets_the_welcome_mail_in_english(
    app: Flask, client: FlaskClient
) -> None:
    outbox = app.extensions["mailman"].outbox = []

    client.post(
        "/inscription",
        data={
            "pseudonym": "Camille",
            "email": "camille@exemple.fr",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "locale": "en",
            "accept_charter": "y",
            "accept_privacy": "y",
        },
    )

    send_all_mail(app)  # the worker sends what the request wrote
    [welcome] = outbox
    assert welcome.subject == "Welcome to the community"
    assert "Hello Camille," in welcome.body
    assert "Your account has been created. Welcome to the community." in welcome.body
    page = _page(client.get("/"))
    assert "Your registration has been received." in page

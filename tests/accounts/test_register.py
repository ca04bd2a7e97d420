"""Registering: a pseudonym, an e-mail nobody else learns about, and consent."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from community.accounts.models import Member
from community.extensions import db
from tests.accounts.conftest import registration


def member_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Member)) or 0


def test_i_register_and_see_my_pseudonym_in_the_header(client: FlaskClient, outbox) -> None:
    response = client.post("/inscription", data=registration(), follow_redirects=True)

    assert response.status_code == 200
    assert "Camille" in response.get_data(as_text=True)
    assert "Se déconnecter" in response.get_data(as_text=True)
    member = db.session.scalar(select(Member))
    assert member is not None
    assert member.charter_accepted_at is not None
    assert member.privacy_accepted_at is not None
    assert [m.to for m in outbox] == [["camille@exemple.fr"]]


def test_the_registration_page_has_a_label_for_every_field(client: FlaskClient) -> None:
    page = client.get("/inscription").get_data(as_text=True)

    for name in (
        "pseudonym",
        "email",
        "password",
        "confirm",
        "locale",
        "accept_charter",
        "accept_privacy",
    ):
        assert f'for="{name}"' in page
    assert 'href="/charte"' in page
    assert 'href="/confidentialite"' in page


def test_i_choose_english_when_registering(client: FlaskClient) -> None:
    response = client.post("/inscription", data=registration(locale="en"))

    member = db.session.scalar(select(Member))
    assert member is not None and member.locale == "en"
    assert "lang=en" in response.headers["Set-Cookie"]


def test_a_look_alike_of_an_existing_pseudonym_is_refused(client: FlaskClient, make_member) -> None:
    make_member("Elodie")

    # "Е" and "е" here are Cyrillic; "É1odie" folds to the same key as "Elodie".
    for look_alike in ("élodie", "ELODIE", "E1odie", "e.lodie"):
        response = client.post(
            "/inscription", data=registration(pseudonym=look_alike, email="autre@exemple.fr")
        )
        assert response.status_code == 200
        assert "déjà pris, ou il ressemble trop" in response.get_data(as_text=True)
    assert member_count() == 1


def test_a_pseudonym_mixing_alphabets_is_refused(client: FlaskClient) -> None:
    response = client.post("/inscription", data=registration(pseudonym="Еlodie"))  # Cyrillic Е

    assert "Utilisez un seul alphabet" in response.get_data(as_text=True)
    assert member_count() == 0


@pytest.mark.parametrize(
    ("pseudonym", "message"),
    [
        ("\u3164\u3164\u3164", "Choisissez un pseudonyme."),
        ("\u200b\u200b\u200b", "Choisissez un pseudonyme."),
        ("\u2800 \u2800", "Choisissez un pseudonyme."),
        ("Camille\u3164", "Ce pseudonyme contient des caractères qui ne se voient pas."),
    ],
)
def test_a_pseudonym_that_looks_blank_is_refused(
    client: FlaskClient, pseudonym: str, message: str
) -> None:
    """Hangul fillers are letters to Unicode: a profile named so would show an empty heading."""
    response = client.post("/inscription", data=registration(pseudonym=pseudonym))

    page = response.get_data(as_text=True)
    assert f'<a href="#pseudonym">Pseudonyme : {message}' in page  # summed up at the top
    assert member_count() == 0


def test_a_pseudonym_posing_as_staff_is_refused(client: FlaskClient) -> None:
    response = client.post("/inscription", data=registration(pseudonym="Modérateur_officiel"))

    assert "réservé à l’équipe" in response.get_data(as_text=True)
    assert member_count() == 0


def test_a_taken_email_answers_as_a_new_account_and_warns_its_owner(
    client: FlaskClient, make_member, outbox
) -> None:
    make_member("Camille", email="camille@exemple.fr")
    fresh = client.application.test_client()

    taken = client.post(
        "/inscription", data=registration(pseudonym="Dominique", email="Camille@Exemple.fr")
    )
    new = fresh.post("/inscription", data=registration(pseudonym="Sacha", email="sacha@exemple.fr"))

    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    with client.session_transaction() as s1, fresh.session_transaction() as s2:
        assert s1["_flashes"] == s2["_flashes"]
    assert member_count() == 2  # Camille and Sacha; no Dominique
    warning = next(m for m in outbox if m.to == ["camille@exemple.fr"])
    assert "Quelqu’un a essayé de créer un compte" in warning.body


def test_both_consents_are_required(client: FlaskClient) -> None:
    response = client.post(
        "/inscription", data=registration(accept_charter=None, accept_privacy=None)
    )

    page = response.get_data(as_text=True)
    assert "il faut accepter la charte" in page
    assert "il faut accepter la politique de confidentialité" in page
    assert member_count() == 0


def test_passwords_must_be_long_enough_and_match(client: FlaskClient) -> None:
    short = client.post("/inscription", data=registration(password="court", confirm="court"))
    mismatch = client.post("/inscription", data=registration(confirm="autre chose encore"))

    assert "entre 10 et 256 caractères" in short.get_data(as_text=True)
    assert "ne sont pas identiques" in mismatch.get_data(as_text=True)
    assert member_count() == 0


def test_a_logged_in_member_is_sent_home_from_the_registration_page(
    client: FlaskClient, make_member, auth
) -> None:
    make_member()
    auth.login()

    assert client.get("/inscription").status_code == 302

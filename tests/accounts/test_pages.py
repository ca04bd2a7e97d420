"""Public pages: profiles (never the e-mail), the charter, the privacy notice, the language."""

from __future__ import annotations

from flask.testing import FlaskClient

from community.accounts.models import MemberStatus
from community.extensions import db


def test_a_profile_shows_the_pseudonym_and_never_the_email(client, make_member) -> None:
    make_member("Camille", email="camille.secret@exemple.fr")

    page = client.get("/membres/Camille").get_data(as_text=True)

    assert "Camille" in page
    assert "Membre depuis" in page
    assert "camille.secret" not in page
    assert "exemple.fr" not in page


def test_the_profile_does_not_show_the_email_to_its_owner_either(client, make_member, auth) -> None:
    make_member("Camille", email="camille.secret@exemple.fr")
    auth.login("Camille")

    assert "camille.secret" not in client.get("/membres/Camille").get_data(as_text=True)


def test_unknown_and_deleted_members_have_no_profile(client, make_member) -> None:
    member = make_member("Camille")
    member.status = MemberStatus.DELETED
    db.session.commit()

    assert client.get("/membres/Camille").status_code == 404
    assert client.get("/membres/Personne").status_code == 404
    assert client.get("/membres/" + "x" * 5000).status_code == 404


def test_a_profile_page_costs_one_query(client, make_member, count_queries) -> None:
    make_member("Camille")

    with count_queries() as counter:
        client.get("/membres/Camille")

    assert counter.count <= 2


def test_the_charter_gives_the_emergency_numbers(client: FlaskClient) -> None:
    page = client.get("/charte").get_data(as_text=True)

    for number in ("15", "112", "3114"):
        assert f"le {number}" in page
    assert "modérateur" in page


def test_the_privacy_notice_names_every_cookie(client: FlaskClient) -> None:
    page = client.get("/confidentialite").get_data(as_text=True)

    for cookie in ("session", "remember_token", "lang", "taille_texte"):
        assert f"« {cookie} »" in page
    assert "Nous ne vendons pas vos données." in page


def test_i_switch_to_english_and_come_back_to_my_page(client: FlaskClient) -> None:
    response = client.get("/langue/en?next=/charte")

    assert response.status_code == 302
    assert response.headers["Location"] == "/charte"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en;")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Max-Age=31536000" in cookie
    assert '<html lang="en">' in client.get("/charte").get_data(as_text=True)


def test_switching_language_while_logged_in_remembers_it(client, make_member, auth) -> None:
    member = make_member("Camille")
    auth.login("Camille")

    client.get("/langue/en")

    db.session.refresh(member)
    assert member.locale == "en"


def test_an_unknown_language_or_a_foreign_next_just_redirects_home(client: FlaskClient) -> None:
    response = client.get("/langue/xx?next=https://evil.example/")

    assert response.headers["Location"] == "/"
    assert "Set-Cookie" not in response.headers

"""Forgotten password: a link by e-mail that works once, for a while."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from community.accounts import services
from community.extensions import db
from community.kernel.outbox import OutboxRun, OutgoingMail
from community.notifications.jobs import send_outgoing_once

NEW_PASSWORD = "a brand new passphrase"
SAME_ANSWER = "Si cette adresse correspond à un compte"


def reset_link(message) -> str:
    match = re.search(r"http://localhost(/mot-de-passe-oublie/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_i_reset_my_forgotten_password_from_the_link_i_receive(
    client: FlaskClient, make_member, auth, outbox
) -> None:
    make_member("Camille", email="camille@exemple.fr")

    response = client.post(
        "/mot-de-passe-oublie", data={"email": "camille@exemple.fr"}, follow_redirects=True
    )
    assert SAME_ANSWER in response.get_data(as_text=True)
    [message] = outbox
    assert message.to == ["camille@exemple.fr"]
    link = reset_link(message)

    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert done.status_code == 302
    assert auth.login("Camille", NEW_PASSWORD).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, make_member, outbox) -> None:
    make_member("Camille", email="camille@exemple.fr")

    known = client.post("/mot-de-passe-oublie", data={"email": "camille@exemple.fr"})
    unknown = client.post("/mot-de-passe-oublie", data={"email": "personne@exemple.fr"})

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert len(outbox) == 1


def test_a_reset_link_works_only_once(client, make_member, outbox) -> None:
    make_member("Camille", email="camille@exemple.fr")
    client.post("/mot-de-passe-oublie", data={"email": "camille@exemple.fr"})
    link = reset_link(outbox[0])
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    again = client.post(link, data={"password": "yet another one!", "confirm": "yet another one!"})

    assert again.status_code == 400
    assert "Ce lien ne marche plus" in again.get_data(as_text=True)


def test_a_reset_link_dies_when_the_password_changes_otherwise(app, make_member) -> None:
    member = make_member("Camille")
    token = services.make_reset_token(member)

    services.set_password(db.session(), member=member, password="changed another way")

    assert services.member_from_reset_token(db.session(), token=token) is None


@pytest.mark.config(PASSWORD_RESET_MAX_AGE=-1)
def test_an_expired_reset_link_is_refused(client, make_member) -> None:
    member = make_member("Camille")
    token = services.make_reset_token(member)

    response = client.get(f"/mot-de-passe-oublie/{token}")

    assert response.status_code == 400
    assert "Ce lien ne marche plus" in response.get_data(as_text=True)


@pytest.mark.parametrize("token", ["nonsense", "a" * 5000, "eyJtIjoxfQ.forged.sig"])
def test_a_forged_reset_link_is_refused(client, make_member, token) -> None:
    make_member("Camille")

    assert client.get(f"/mot-de-passe-oublie/{token}").status_code == 400


def test_a_reset_link_for_a_deleted_account_is_refused(app, make_member) -> None:
    member = make_member("Camille")
    token = services.make_reset_token(member)
    member.status = services.MemberStatus.DELETED
    db.session.commit()

    assert services.member_from_reset_token(db.session(), token=token) is None


def test_the_new_password_must_be_long_enough(client, make_member) -> None:
    member = make_member("Camille")
    token = services.make_reset_token(member)

    response = client.post(
        f"/mot-de-passe-oublie/{token}", data={"password": "short", "confirm": "short"}
    )

    assert response.status_code == 200
    assert "entre 10 et 256 caractères" in response.get_data(as_text=True)


@pytest.mark.config(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TIMEOUT=2)
def test_a_broken_mail_server_does_not_change_the_answer(app, client, make_member, session):
    make_member("Camille", email="camille@exemple.fr")

    known = client.post("/mot-de-passe-oublie", data={"email": "camille@exemple.fr"})
    unknown = client.post("/mot-de-passe-oublie", data={"email": "personne@exemple.fr"})

    # The request never talked to the mail server: it wrote the e-mail for the worker.
    assert known.status_code == unknown.status_code == 302
    [written] = session.scalars(select(OutgoingMail)).all()
    assert written.to_address == "camille@exemple.fr" and written.pending

    run = send_outgoing_once(app)  # the worker meets the broken server

    assert run == OutboxRun(sent=0, failed=1)
    session.expire_all()
    assert written.pending and written.tries == 1 and written.retry_at is not None


def test_a_sent_reset_link_and_its_address_do_not_stay_readable_in_the_database(
    client, make_member, outbox, session
) -> None:
    make_member("Camille", email="camille@exemple.fr")
    client.post("/mot-de-passe-oublie", data={"email": "camille@exemple.fr"})

    [message] = outbox  # sent by the worker
    written = session.scalars(select(OutgoingMail)).one()
    assert reset_link(message)
    assert written.sent_at is not None and not written.pending
    assert (written.body, written.to_address) == ("", "")


@pytest.mark.config(SITE_URL="https://communaute.example.org", SERVER_NAME=None)
def test_a_forged_host_header_never_reaches_the_reset_link(client, make_member, outbox) -> None:
    make_member("Camille", email="camille@exemple.fr")

    client.post(
        "/mot-de-passe-oublie",
        data={"email": "camille@exemple.fr"},
        headers={"Host": "piege.example.net"},
    )

    [message] = outbox
    assert "piege.example.net" not in message.body
    assert "https://communaute.example.org/mot-de-passe-oublie/" in message.body


@pytest.mark.config(TRUSTED_HOSTS=["communaute.example.org"], SERVER_NAME=None)
def test_a_host_the_site_does_not_answer_to_is_refused(client, make_member, outbox) -> None:
    make_member("Camille", email="camille@exemple.fr")

    refused = client.post(
        "/mot-de-passe-oublie",
        data={"email": "camille@exemple.fr"},
        headers={"Host": "piege.example.net"},
    )
    served = client.get("/mot-de-passe-oublie", headers={"Host": "communaute.example.org"})

    assert refused.status_code == 400
    assert outbox == []
    assert served.status_code == 200


@pytest.mark.config(PROXY_COUNT=1)
def test_behind_a_proxy_that_speaks_https_the_reset_link_is_https(
    client, make_member, outbox
) -> None:
    make_member("Camille", email="camille@exemple.fr")

    client.post(
        "/mot-de-passe-oublie",
        data={"email": "camille@exemple.fr"},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
    )

    [message] = outbox
    assert "https://localhost/mot-de-passe-oublie/" in message.body

"""An operator sets the site up from the terminal: the demo, and the first site admin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from community import create_app
from community.accounts.models import Member
from community.accounts.services import check_password, create_member, find_by_pseudonym
from community.demo import DEMO_PASSWORD
from community.extensions import db
from community.forums.models import Association, Post
from tests.conftest import empty_database, make_config

GOOD = ["--email", "gardienne@example.org", "--password", "un-mot-de-passe-solide"]


def members() -> int:
    return db.session.scalar(select(func.count()).select_from(Member)) or 0


# --- create-admin ---------------------------------------------------------------------


def test_an_operator_creates_the_first_site_admin_with_options(runner):
    result = runner.invoke(args=["create-admin", "--pseudonym", "Gardienne", *GOOD])

    assert result.exit_code == 0, result.output
    assert "Administrateur du site « Gardienne » créé." in result.output
    admin = find_by_pseudonym(db.session, "Gardienne")
    assert admin is not None and admin.is_site_admin
    assert check_password(admin, "un-mot-de-passe-solide")


def test_an_operator_answers_the_prompts_and_the_password_is_not_echoed(runner):
    answers = "Gardienne\ngardienne@example.org\nun-mot-de-passe-solide\nun-mot-de-passe-solide\n"
    result = runner.invoke(args=["create-admin"], input=answers)

    assert result.exit_code == 0, result.output
    assert "un-mot-de-passe-solide" not in result.output
    assert find_by_pseudonym(db.session, "Gardienne").is_site_admin


def test_two_different_passwords_at_the_prompt_create_nothing(runner):
    answers = "Gardienne\ngardienne@example.org\nun-mot-de-passe-solide\nun-autre-mot-de-passe\n"
    result = runner.invoke(args=["create-admin"], input=answers)

    assert result.exit_code == 1
    assert "ne sont pas identiques" in result.output
    assert members() == 0


def test_a_reserved_name_is_fine_for_a_real_admin(runner):
    result = runner.invoke(args=["create-admin", "--pseudonym", "Admin", *GOOD])

    assert result.exit_code == 0, result.output
    assert find_by_pseudonym(db.session, "Admin").is_site_admin


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--pseudonym", "Jo", *GOOD], "de 3 à 30 caractères"),
        (["--pseudonym", "x" * 31, *GOOD], "de 3 à 30 caractères"),
        (["--pseudonym", "<script>", *GOOD], "ne peut contenir que des lettres"),
        (["--pseudonym", "Ga\u200brdienne", *GOOD], "ne peut contenir que des lettres"),
        (["--pseudonym", "Gаrdienne", *GOOD], "mélange plusieurs alphabets"),  # Cyrillic а
        (["--pseudonym", "\u3164\u3164\u3164", *GOOD], "caractères qui ne se voient pas"),
        (
            ["--pseudonym", "Gardienne", "--email", "pas-une-adresse", "--password", "x" * 12],
            "adresse e-mail n’est pas valide",
        ),
        (
            ["--pseudonym", "Gardienne", "--email", "g@example.org", "--password", "court"],
            "au moins 10 caractères",
        ),
    ],
)
def test_bad_answers_are_refused_in_french_and_create_nothing(runner, options, message):
    result = runner.invoke(args=["create-admin", *options])

    assert result.exit_code == 1
    assert message in result.output
    assert members() == 0


@pytest.mark.parametrize("pseudonym", ["Camille", "camille", "CAMILLE", "Ca-mille"])
def test_a_taken_pseudonym_or_a_look_alike_is_refused(runner, session, pseudonym):
    create_member(session, pseudonym="Camille", email="camille@example.org", password="x" * 12)
    session.commit()

    result = runner.invoke(args=["create-admin", "--pseudonym", pseudonym, *GOOD])

    assert result.exit_code == 1
    assert "est déjà pris" in result.output
    assert "--promote" in result.output
    assert members() == 1


def test_a_taken_email_is_refused(runner, session):
    create_member(session, pseudonym="Camille", email="Gardienne@Example.org", password="x" * 12)
    session.commit()

    result = runner.invoke(args=["create-admin", "--pseudonym", "Gardienne", *GOOD])

    assert result.exit_code == 1
    assert "adresse e-mail est déjà celle d’un compte" in result.output
    assert members() == 1


def test_an_existing_member_is_promoted_once(runner, session):
    create_member(session, pseudonym="Camille", email="camille@example.org", password="x" * 12)
    session.commit()

    first = runner.invoke(args=["create-admin", "--promote", "--pseudonym", "camille"])
    again = runner.invoke(args=["create-admin", "--promote", "--pseudonym", "Camille"])

    assert first.exit_code == 0, first.output
    assert "« Camille » est maintenant administrateur du site." in first.output
    assert again.exit_code == 0
    assert "déjà administrateur" in again.output
    db.session.expire_all()
    assert find_by_pseudonym(db.session, "Camille").is_site_admin
    assert members() == 1


def test_promoting_nobody_says_so(runner):
    result = runner.invoke(args=["create-admin", "--promote", "--pseudonym", "Personne"])

    assert result.exit_code == 1
    assert "Aucun membre ne porte le pseudonyme « Personne »." in result.output


# --- demo -------------------------------------------------------------------------------


@pytest.fixture
def empty_app() -> Iterator[Flask]:
    """An app on a database with nothing in it, not even tables (see empty_database)."""
    with empty_database() as url:
        app = create_app(make_config(SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


def counts() -> tuple[int, int, int]:
    return (
        members(),
        db.session.scalar(select(func.count()).select_from(Association)) or 0,
        db.session.scalar(select(func.count()).select_from(Post)) or 0,
    )


def test_the_demo_builds_an_empty_database_and_a_second_run_changes_nothing(empty_app):
    runner = empty_app.test_cli_runner()

    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Données de démonstration créées" in first.output
    before = counts()
    assert before[1] == 3

    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert "déjà en place : rien n’a été modifié" in second.output
    db.session.expire_all()
    assert counts() == before
    # Both runs tell the operator how to log in.
    for output in (first.output, second.output):
        assert DEMO_PASSWORD in output
        assert "démonstration seulement" in output
        assert "Dre Aubrac (diabétologie)" in output


def test_the_demo_never_joins_a_database_that_has_real_accounts(runner, session):
    create_member(session, pseudonym="Camille", email="c@example.org", password="x" * 12)
    session.commit()

    result = runner.invoke(args=["demo", "--no-migrate"])

    assert result.exit_code == 1
    assert "déjà des comptes" in result.output
    assert "demo-patient" not in result.output
    db.session.expire_all()
    assert counts() == (1, 0, 0)

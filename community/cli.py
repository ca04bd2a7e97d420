"""Flask commands: demo data, create-admin, and each domain's own (model, selfdata, search); the
worker's comes with the jobs.

Messages are French, like the rest of the product; they are not in the translation
catalogue because they are written for the operator's terminal, not a visitor's page.
"""

from __future__ import annotations

import time
import unicodedata
from typing import NoReturn

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from community import demo
from community.accounts.forms import PASSWORD_MIN
from community.accounts.pseudonyms import pseudonym_problem
from community.accounts.services import (
    EMAIL_MAX,
    AccountError,
    create_member,
    find_by_pseudonym,
)
from community.extensions import db
from community.forums.services import ForumError
from community.search.backend import backend as search_backend
from community.search.indexing import findable_count, rebuild_index

_PSEUDONYM_PROBLEMS = {
    "length": "Le pseudonyme doit compter de 3 à 30 caractères.",
    "characters": (
        "Le pseudonyme ne peut contenir que des lettres, des chiffres, des espaces, "
        "des points, des tirets et des apostrophes, et doit commencer et finir par une "
        "lettre ou un chiffre."
    ),
    "invisible": "Le pseudonyme contient des caractères qui ne se voient pas.",
    "mixed_scripts": "Le pseudonyme mélange plusieurs alphabets : choisissez-en un seul.",
}


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(create_admin_command)
    from community.forums.commands import check_counters_command

    app.cli.add_command(check_counters_command)
    from community.backup import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    from community.moderation.model.commands import model_group

    app.cli.add_command(model_group)
    from community.selfdata.cli import selfdata_group

    app.cli.add_command(selfdata_group)
    from community.search.commands import check_index_command, reindex_command

    app.cli.add_command(reindex_command)
    app.cli.add_command(check_index_command)


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    raise click.exceptions.Exit(1)


@click.command("demo")
@click.option(
    "--no-migrate",
    is_flag=True,
    help="Ne pas appliquer les migrations (base déjà au bon schéma).",
)
@with_appcontext
def demo_command(no_migrate: bool) -> None:
    """Crée ou met à jour la base, y ajoute les données de démonstration, affiche les comptes."""
    started = time.monotonic()
    if not no_migrate:
        upgrade()  # from empty, or up to the latest revision; a no-op when up to date
    session = db.session()  # services take the plain Session behind the proxy
    if demo.is_seeded(session):
        click.echo("Les données de démonstration sont déjà en place : rien n’a été modifié.")
        # A demo seeded before search existed (or whose index was deleted): build it once.
        if not search_backend().indexed_ids() and findable_count(session):
            indexed = rebuild_index(session, search_backend(), progress=None).indexed
            session.commit()
            click.echo(f"Index de recherche construit : {indexed} messages trouvables.")
    elif demo.has_accounts(session):
        # Its accounts, a site admin among them, share a password printed in the README.
        _fail(
            "Cette base a déjà des comptes : la démonstration ne s’installe que dans une base "
            "vide, car le mot de passe de ses comptes est public. Rien n’a été modifié."
        )
    else:
        try:
            summary = demo.seed(
                session,
                scorer=demo.demo_scorer(),
                default_threshold=float(current_app.config["MODERATION_DEFAULT_THRESHOLD"]),
            )
        except (AccountError, ForumError) as error:
            session.rollback()
            _fail(
                "La base contient déjà des données qui entrent en conflit avec la démonstration "
                f"({error.code}) : rien n’a été modifié. Utilisez une base vide."
            )
        session.commit()
        # Search finds the demo's posts at once, rather than once the worker has caught up.
        indexed = rebuild_index(session, search_backend(), progress=None).indexed
        session.commit()
        click.echo(
            f"Données de démonstration créées en {time.monotonic() - started:.0f} s : "
            f"{summary.associations} associations, {summary.spaces} espaces, "
            f"{summary.members} membres, {summary.threads} discussions, "
            f"{summary.published_posts} messages publiés, "
            f"{summary.pending_posts} en attente de modération (dont une nouvelle discussion), "
            f"{summary.reports} signalements, {summary.pending_edits} modification en attente, "
            f"{summary.escalations} message transmis à l’association, "
            f"{summary.decisions} décisions passées au journal de modération, "
            f"{summary.data_cards} cartes de données jointes à des messages, "
            f"{summary.prepared_texts} textes préparés pour les modérateurs ; "
            f"{indexed} messages trouvables par la recherche."
        )
    click.echo("")
    for line in demo.login_lines():
        click.echo(line)
    click.echo("")
    for line in demo.appeal_lines(demo.NOTIFIED_MEMBER, *demo.APPEAL_DECIDERS):
        click.echo(line)
    click.echo("")
    for line in demo.join_request_lines(demo.JOIN_REQUEST[0], demo.JOIN_REQUEST[1]):
        click.echo(line)
    click.echo("")
    click.echo(
        "Les e-mails (réinitialisation du mot de passe …) s’affichent dans la console du "
        "serveur tant que MAIL_BACKEND vaut « console »."
    )


@click.command("create-admin")
@click.option("--pseudonym", help="Pseudonyme de l’administrateur.")
@click.option("--email", help="Adresse e-mail (pour réinitialiser le mot de passe).")
@click.option("--password", help="Mot de passe (demandé sans écho si absent).")
@click.option(
    "--promote",
    is_flag=True,
    help="Rendre administrateur du site un membre existant, désigné par son pseudonyme.",
)
@with_appcontext
def create_admin_command(
    pseudonym: str | None, email: str | None, password: str | None, promote: bool
) -> None:
    """Crée un administrateur du site, ou en fait un d’un membre existant (--promote)."""
    session = db.session()  # services take the plain Session behind the proxy
    if pseudonym is None:
        pseudonym = click.prompt("Pseudonyme")
    pseudonym = unicodedata.normalize("NFC", pseudonym.strip())

    if promote:
        member = find_by_pseudonym(session, pseudonym)
        if member is None:
            _fail(f"Aucun membre ne porte le pseudonyme « {pseudonym} ».")
        if member.is_site_admin:
            click.echo(f"« {member.pseudonym} » est déjà administrateur du site : rien à faire.")
            return
        member.is_site_admin = True
        session.commit()
        click.echo(f"« {member.pseudonym} » est maintenant administrateur du site.")
        return

    # "reserved" is not refused: reserved names exist so that only staff may wear them.
    problem = pseudonym_problem(pseudonym)
    if problem in _PSEUDONYM_PROBLEMS:
        _fail(_PSEUDONYM_PROBLEMS[problem])
    if find_by_pseudonym(session, pseudonym) is not None:
        _fail(
            f"Le pseudonyme « {pseudonym} » (ou un pseudonyme qui lui ressemble trop) est déjà "
            "pris. Pour rendre ce membre administrateur, ajoutez --promote."
        )

    if email is None:
        email = click.prompt("Adresse e-mail")
    email = email.strip()
    local, at, domain = email.rpartition("@")
    if not (local and at and "." in domain) or len(email) > EMAIL_MAX or " " in email:
        _fail("Cette adresse e-mail n’est pas valide.")

    if password is None:
        password = click.prompt("Mot de passe", hide_input=True)
        # Asked twice by hand: click's own confirmation speaks English.
        again = click.prompt("Le même mot de passe, encore une fois", hide_input=True)
        if again != password:
            _fail("Les deux mots de passe ne sont pas identiques : rien n’a été créé.")
    if len(password) < PASSWORD_MIN:
        _fail(f"Le mot de passe doit compter au moins {PASSWORD_MIN} caractères.")

    try:
        member = create_member(
            session, pseudonym=pseudonym, email=email, password=password, is_site_admin=True
        )
    except AccountError as error:
        session.rollback()
        if error.code == "email_taken":
            _fail("Cette adresse e-mail est déjà celle d’un compte.")
        _fail(f"Le pseudonyme « {pseudonym} » est déjà pris.")
    session.commit()
    click.echo(f"Administrateur du site « {member.pseudonym} » créé.")

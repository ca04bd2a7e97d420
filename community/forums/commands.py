"""`flask --app community check-counters [--fix]`: the space and thread counters against
the posts they count."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from community.extensions import db
from community.forums import counters

_TABLES = {"space": "espace", "thread": "discussion"}


@click.command("check-counters")
@click.option("--fix", is_flag=True, help="Corriger chaque compteur faux d’après les messages.")
@with_appcontext
def check_counters_command(fix: bool) -> None:
    """Recompte messages et discussions publiés, et dit (ou corrige) chaque compteur faux."""
    session = db.session()
    found = counters.check(session, fix=fix)
    for wrong in found:
        click.echo(
            f"{_TABLES[wrong.table]} {wrong.row_id} {wrong.column} : "
            f"{wrong.stored} enregistré, {wrong.counted} comptés"
        )
    if fix:
        session.commit()
        click.echo(f"{len(found)} compteur(s) corrigé(s).")
        return
    if found:
        click.echo(f"{len(found)} compteur(s) faux : relancez avec --fix pour les corriger.")
        raise click.exceptions.Exit(1)
    click.echo("Tous les compteurs sont exacts.")

"""`flask --app community selfdata …`: the operator's commands for the vault and data cards."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from community.extensions import db
from community.kernel.clock import utcnow
from community.selfdata.retention import purge_expired

selfdata_group = AppGroup("selfdata", help="Coffre de données et cartes de données.")


@selfdata_group.command("purge")
def purge_command() -> None:
    """Efface le journal « qui a vu mes données » trop ancien et les imports non confirmés."""
    session = db.session()
    purged = purge_expired(
        session, now=utcnow(), view_log_days=int(current_app.config["SELFDATA_VIEW_LOG_DAYS"])
    )
    session.commit()
    click.echo(
        f"{purged.views} consultation(s) et {purged.imports} import(s) en attente effacé(s)."
    )


@selfdata_group.command("rotate-key")
@click.option("--new-key-only", is_flag=True, help="Clés dans l’environnement : en créer une.")
@click.option("--reencrypt", is_flag=True, help="Rechiffrer avec la première clé (ou reprendre).")
def rotate_key_command(new_key_only: bool, reencrypt: bool) -> None:
    """Change la clé du coffre : nouvelle clé, tout rechiffrer, retirer les anciennes."""
    from community.selfdata import rotation

    try:
        rotation.rotate_key(db.session(), new_key_only=new_key_only, reencrypt=reencrypt)
    except rotation.RotationError as error:
        click.echo(str(error), err=True)
        raise click.exceptions.Exit(1) from error


@selfdata_group.command("check-keys")
def check_keys_command() -> None:
    """Compte les valeurs chiffrées que les clés actuelles ouvrent, ou pas."""
    from community.selfdata import rotation

    if not rotation.report_keys(db.session()):
        raise click.exceptions.Exit(1)

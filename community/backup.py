"""`flask backup` and `flask restore`: the database saved whole while the site runs, and
put back, then checked against the vault's keys and searchable again.

SQLite is copied with `VACUUM INTO`, a consistent snapshot even while others write (a
plain copy of a live WAL database may hold half a transaction). PostgreSQL is saved with
`pg_dump --format=custom` and put back with `pg_restore --clean`. The vault's keys are
never written beside the database: with both, anyone reads every vault. `--keys-to`
copies a key file to a place of its own.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from community.extensions import db
from community.kernel.clock import utcnow


class BackupError(click.ClickException):
    """What went wrong, in words the operator can act on; nothing was changed."""


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def _libpq_url(uri: str) -> str:
    """The SQLAlchemy URL as pg_dump and pg_restore read it (no "+psycopg")."""
    return make_url(uri).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str], what: str) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} est introuvable : installez le client PostgreSQL "
            "(paquet Debian postgresql-client) de la même version que le serveur."
        )
    done = subprocess.run(  # noqa: S603 (PostgreSQL's own tool, our arguments)
        [program, *command[1:]], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{what} a échoué : {done.stderr.strip() or done.stdout.strip()}")


def save_database(uri: str, folder: Path, now: datetime) -> Path:
    """The database, saved whole in `folder`; returns the file written."""
    folder.mkdir(parents=True, exist_ok=True)
    url = make_url(uri)
    if url.get_backend_name() == "sqlite":
        target = folder / f"community-{_stamp(now)}.sqlite"
        source = sqlite3.connect(str(url.database))
        try:
            source.execute("VACUUM INTO ?", (str(target),))
        finally:
            source.close()
        return target
    if url.get_backend_name() == "postgresql":
        target = folder / f"community-{_stamp(now)}.dump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(uri)],
            "pg_dump",
        )
        return target
    raise BackupError(f"Base {url.get_backend_name()} : ni SQLite ni PostgreSQL.")


def put_back_database(uri: str, saved: Path) -> Path | None:
    """The saved database in place of the current one. On SQLite the current file is
    kept aside first (returned); PostgreSQL restores into the same database."""
    url = make_url(uri)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(str(saved)) as check:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{saved} n’est pas une base SQLite intacte.")
        database = Path(str(url.database))
        aside = database.with_name(f"{database.name}.avant-restauration-{_stamp(utcnow())}")
        if database.exists():
            shutil.copy2(database, aside)
        for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)
        # Written aside then renamed: a crash never leaves half a database.
        partial = database.with_name(database.name + ".restauration")
        shutil.copy2(saved, partial)
        os.replace(partial, database)
        return aside if aside.exists() else None
    if url.get_backend_name() == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_libpq_url(uri)}",
                str(saved),
            ],
            "pg_restore",
        )
        return None
    raise BackupError(f"Base {url.get_backend_name()} : ni SQLite ni PostgreSQL.")


@click.command("backup")
@click.option(
    "--to",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Dossier de la sauvegarde (par défaut instance/sauvegardes).",
)
@click.option(
    "--keys-to",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Copier aussi le fichier de clés du coffre dans ce dossier, à part.",
)
@with_appcontext
def backup_command(folder: Path | None, keys_to: Path | None) -> None:
    """Sauvegarde la base entière, même pendant que le site tourne."""
    app = current_app
    folder = folder or Path(app.instance_path) / "sauvegardes"
    uri = str(app.config["SQLALCHEMY_DATABASE_URI"])
    now = utcnow()
    db.session.remove()
    saved = save_database(uri, folder, now)
    click.echo(f"Base sauvegardée : {saved}")
    source = app.extensions["selfdata_keys"]
    if keys_to is not None:
        if not source.from_file:
            raise BackupError("Les clés viennent de COMMUNITY_SELFDATA_KEYS : copiez la variable.")
        if keys_to.resolve() == folder.resolve():
            raise BackupError(
                "Les clés ne vont jamais à côté de la base : choisissez un autre dossier."
            )
        keys_to.mkdir(parents=True, exist_ok=True)
        copied = keys_to / f"selfdata-{_stamp(now)}.keys"
        shutil.copy2(source.path, copied)
        os.chmod(copied, 0o600)
        click.echo(f"Clés du coffre copiées à part : {copied}")
    else:
        where = source.path if source.from_file else "COMMUNITY_SELFDATA_KEYS"
        click.echo(
            f"Les clés du coffre ({where}) ne sont pas dans cette sauvegarde : gardez-en une "
            "copie ailleurs (--keys-to), sans elles les coffres restaurés ne s’ouvrent pas."
        )


@click.command("restore")
@click.argument("saved", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
@with_appcontext
def restore_command(saved: Path, yes: bool) -> None:
    """Remet une sauvegarde à la place de la base, puis vérifie les clés et reconstruit la
    recherche. Arrêtez le site et les workers avant."""
    from community.search.commands import reindex_command
    from community.selfdata import rotation

    uri = str(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if not yes:
        click.confirm(
            f"Remplacer toute la base par {saved.name} ? (site et workers arrêtés)", abort=True
        )
    db.session.remove()
    db.engine.dispose()  # no connection may stay open on the file being replaced
    aside = put_back_database(uri, saved)
    if aside is not None:
        click.echo(f"L’ancienne base est gardée : {aside}")
    click.echo(f"Base restaurée depuis {saved}.")
    if not rotation.report_keys(db.session()):
        raise click.exceptions.Exit(1)
    click.get_current_context().invoke(reindex_command)

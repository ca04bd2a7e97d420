"""Operator commands for the search index: rebuild it whole, check it against the database.

Messages are French, for the operator's terminal (like community/cli.py), and not in
the translation catalogue.
"""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from community.extensions import db
from community.forums.events import Change
from community.search import indexing, outbox
from community.search.backend import NullBackend, backend

# Ids printed per kind of difference; the counts say how many there are in all.
SHOWN_IDS = 20


@click.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Reconstruit tout l’index de recherche depuis la base (à lancer après une restauration)."""
    session = db.session()
    started = time.monotonic()
    try:
        total = indexing.findable_count(session)
        with click.progressbar(length=total, label="Indexation des messages") as bar:
            rebuilt = indexing.rebuild_index(session, backend(), progress=bar.update)
        session.commit()
    except Exception as error:
        session.rollback()
        click.echo(
            f"La reconstruction a échoué ({type(error).__name__} : {error}). "
            "L’index précédent reste en place, rien n’a été modifié.",
            err=True,
        )
        raise click.exceptions.Exit(1) from error
    seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
    click.echo(
        f"Index reconstruit en {seconds} s : {rebuilt.indexed} message(s) publié(s) "
        f"indexé(s), {rebuilt.superseded} modification(s) en attente rendue(s) inutile(s)."
    )


def _some(ids: list[int]) -> str:
    shown = ", ".join(str(post_id) for post_id in ids[:SHOWN_IDS])
    more = len(ids) - SHOWN_IDS
    return f"{shown} … (et {more} autres)" if more > 0 else shown


@click.command("check-index")
@click.option(
    "--fix",
    is_flag=True,
    help="Mettre ces messages en file : le worker les indexe ou les retire à son prochain passage.",
)
@with_appcontext
def check_index_command(fix: bool) -> None:
    """Compare l’index de recherche aux messages publiés ; code de sortie 1 s’ils diffèrent."""
    engine = backend()
    if isinstance(engine, NullBackend):
        click.echo('La recherche est désactivée (SEARCH_BACKEND = "null") : rien à vérifier.')
        return
    session = db.session()
    # A difference may be a change the worker has not applied yet: how many wait is shown.
    findable = indexing.findable_ids(session)
    in_index = engine.indexed_ids()
    missing = sorted(findable - in_index)
    extra = sorted(in_index - findable)
    click.echo(f"Messages publiés : {len(findable)} ; dans l’index : {len(in_index)}.")
    waiting = outbox.pending_count(session)
    if waiting:
        click.echo(f"{waiting} modification(s) attendent encore le worker.")
    if not (missing or extra):
        click.echo("L’index est à jour.")
        return
    if missing:
        click.echo(f"Absents de l’index : {len(missing)} — {_some(missing)}")
    if extra:
        click.echo(f"En trop dans l’index : {len(extra)} — {_some(extra)}")
    if fix:
        outbox.enqueue_change(Change(post_ids=tuple(missing + extra)), session=session)
        session.commit()
        click.echo(
            f"{len(missing) + len(extra)} message(s) mis en file : "
            "le worker corrigera l’index à son prochain passage."
        )
    else:
        click.echo("Relancez avec --fix pour les corriger, ou lancez « reindex ».")
    raise click.exceptions.Exit(1)

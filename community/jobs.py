"""The worker: runs in turn the periodic jobs each domain offers, model or no model.

`create_app` lists the jobs (scoring, notification e-mails, the search outbox, self-data
purges, score calibrations); this module knows none of them. A batched job claims up to
`size` items per run and sets the loop's pace: while one claims a full batch, the next
loop starts at once; otherwise the worker waits `interval` seconds. Every other job runs
once per loop in a transaction of its own and never stops the others.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from community.extensions import db

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Job:
    """One of the worker's periodic tasks.

    A batched job is called `run(app, owner=…, size=…)` and returns how many items it
    claimed; any other is called `run(app)`, and what it returns is its own business.
    """

    name: str
    run: Callable[..., Any]
    batched: bool = False


def init_app(app: Flask, jobs: Sequence[Job]) -> None:
    app.extensions["jobs"] = tuple(jobs)
    app.cli.add_command(worker_command)
    if app.config["MODERATION_WORKER_THREAD"]:
        start_in_thread(app)


def default_owner() -> str:
    """Who holds a lease, readable in the database when a worker has to be found."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def side_task(app: Flask, failure: str, work: Callable[[Session], T]) -> T | None:
    """Run `work` in a transaction of its own; never raises, since a mail server down or a
    failed purge must not stop the scoring, and what was not done is done on the next
    run. None when it failed (and `failure` is logged with the error)."""
    with app.app_context():
        session = db.session()
        try:
            result = work(session)
            session.commit()
        except Exception:
            session.rollback()
            log.exception(failure)
            return None
        finally:
            db.session.remove()
    return result


def run_once(app: Flask, *, owner: str | None = None, size: int = 32) -> int:
    """Run every job once, in the order `create_app` listed them; returns how many items
    the batched jobs claimed."""
    owner = owner or default_owner()
    claimed = 0
    for job in app.extensions["jobs"]:
        if job.batched:
            claimed += job.run(app, owner=owner, size=size)
        else:
            job.run(app)
    return claimed


def run(
    app: Flask,
    *,
    interval: float,
    stop_event: threading.Event,
    size: int = 32,
    owner: str | None = None,
) -> None:
    """Run the jobs until `stop_event` is set; waits `interval` seconds when nothing is left."""
    owner = owner or default_owner()
    log.info("Worker %s started", owner)
    while not stop_event.is_set():
        try:
            claimed = run_once(app, owner=owner, size=size)
        except Exception:
            # A database hiccup must not end the worker: the leases make retrying safe.
            log.exception("Worker loop failed; trying again in %.0f s", interval)
            claimed = 0
        if claimed < size:
            stop_event.wait(interval)
    log.info("Worker %s stopped", owner)


def start_in_thread(app: Flask, *, interval: float = 2.0) -> threading.Thread:
    """Run the worker in a daemon thread of this process (the demo server's single process).

    app.extensions["moderation_worker"] holds the thread and the event that stops it.
    """
    stop = threading.Event()
    thread = threading.Thread(
        target=run,
        kwargs={"app": app, "interval": interval, "stop_event": stop},
        name="moderation-worker",
        daemon=True,
    )
    thread.start()
    app.extensions["moderation_worker"] = (thread, stop)
    return thread


@click.command("worker")
@click.option("--once", is_flag=True, help="Traiter un lot puis s’arrêter.")
@click.option("--batch-size", default=32, show_default=True, help="Messages par lot.")
@click.option(
    "--interval",
    default=2.0,
    show_default=True,
    help="Secondes d’attente quand il n’y a rien à noter.",
)
@with_appcontext
def worker_command(once: bool, batch_size: int, interval: float) -> None:
    """Note les messages en attente de modération (modèle de toxicité et détecteurs)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if batch_size < 1:
        raise click.BadParameter("au moins 1", param_hint="--batch-size")
    if once:
        claimed = run_once(app, size=batch_size)
        click.echo(f"{claimed} message(s) traité(s).")
        return
    stop = threading.Event()
    click.echo("Notation des messages en attente ; Ctrl+C pour arrêter.")
    try:
        run(app, interval=interval, stop_event=stop, size=batch_size)
    except KeyboardInterrupt:
        stop.set()
        click.echo("Arrêté.")

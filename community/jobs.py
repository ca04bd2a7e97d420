"""The worker: runs in turn the periodic jobs each domain offers, model or no model.

`create_app` lists the jobs (scoring, mail, purge, notices, search, calibration,
transparency, exports, drafts); this module knows none of them. `flask worker --only
scoring,search` runs some of them only, so that a host with a GPU may score while
another sends the mail. A batched job claims up to `size` items per run and sets the
loop's pace: while one claims a full batch, the next loop starts at once; otherwise the
worker waits `interval` seconds. Every other job runs once per loop in a transaction of
its own and never stops the others.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import DateTime, String, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from community.extensions import db
from community.kernel.clock import utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")


class WorkerHeartbeat(db.Model):  # type: ignore[name-defined]
    """A running worker, as its last loop left it: what /_health reads to tell a live
    worker from a dead one. The row goes when the worker stops."""

    __tablename__ = "worker_heartbeat"

    owner: Mapped[str] = mapped_column(String(120), primary_key=True)
    jobs: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    beat_at: Mapped[datetime] = mapped_column(DateTime)


def _beat(app: Flask, owner: str, jobs: Sequence[Job], started_at: datetime) -> None:
    def write(session: Session) -> None:
        row = session.get(WorkerHeartbeat, owner)
        if row is None:
            names = ",".join(job.name for job in jobs)
            row = WorkerHeartbeat(owner=owner, jobs=names[:200], started_at=started_at)
            session.add(row)
        row.beat_at = utcnow()

    side_task(app, "The worker's heartbeat could not be written", write)


def _gone(app: Flask, owner: str) -> None:
    side_task(
        app,
        "The stopped worker's heartbeat could not be removed; it grows old by itself",
        lambda session: session.execute(
            delete(WorkerHeartbeat).where(WorkerHeartbeat.owner == owner)
        ),
    )


@dataclass(frozen=True)
class Job:
    """One of the worker's periodic tasks.

    A batched job is called `run(app, owner=…, size=…)` and returns how many items it
    claimed; any other is called `run(app)`, and what it returns is its own business.
    `stop(app, owner=…)`, if any, is called when the worker stops: to hand back what it
    claimed and did not finish.
    """

    name: str
    run: Callable[..., Any]
    batched: bool = False
    stop: Callable[..., Any] | None = None


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


def select_jobs(app: Flask, only: str | None) -> tuple[Job, ...]:
    """The jobs named in `only` ("scoring,search"), in the order create_app lists them;
    all of them when `only` is None. Raises ValueError, naming the known jobs, for a name
    that is none of them."""
    known: tuple[Job, ...] = app.extensions["jobs"]
    if only is None:
        return known
    wanted = {name.strip() for name in only.split(",") if name.strip()}
    unknown = wanted - {job.name for job in known}
    if unknown or not wanted:
        names = ", ".join(job.name for job in known)
        raise ValueError(
            f"tâche inconnue : {', '.join(sorted(unknown)) or '(aucune)'} ; "
            f"les tâches sont : {names}"
        )
    return tuple(job for job in known if job.name in wanted)


def run_once(
    app: Flask,
    *,
    owner: str | None = None,
    size: int = 32,
    jobs: Sequence[Job] | None = None,
) -> int:
    """Run each job once (every job unless `jobs` says which), in the order `create_app`
    listed them; returns how many items the batched jobs claimed."""
    owner = owner or default_owner()
    claimed = 0
    for job in app.extensions["jobs"] if jobs is None else jobs:
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
    jobs: Sequence[Job] | None = None,
) -> None:
    """Run the jobs until `stop_event` is set; waits `interval` seconds when nothing is left."""
    owner = owner or default_owner()
    chosen = tuple(app.extensions["jobs"] if jobs is None else jobs)
    started_at = utcnow()
    log.info("Worker %s started", owner)
    try:
        while not stop_event.is_set():
            _beat(app, owner, chosen, started_at)
            try:
                claimed = run_once(app, owner=owner, size=size, jobs=chosen)
            except Exception:
                # A database hiccup must not end the worker: the leases make retrying safe.
                log.exception("Worker loop failed; trying again in %.0f s", interval)
                claimed = 0
            if claimed < size:
                stop_event.wait(interval)
    finally:
        for job in chosen:
            if job.stop is not None:
                job.stop(app, owner=owner)
        _gone(app, owner)
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
@click.option(
    "--only",
    default=None,
    metavar="TÂCHES",
    help="Seulement ces tâches, séparées par des virgules (scoring, mail, purge, notices, search, "
    "calibration, transparency, exports, drafts).",
)
@with_appcontext
def worker_command(once: bool, batch_size: int, interval: float, only: str | None) -> None:
    """Fait les tâches de fond : noter les messages en attente, envoyer les e-mails, tenir
    la recherche à jour, purger, recalibrer."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if batch_size < 1:
        raise click.BadParameter("au moins 1", param_hint="--batch-size")
    try:
        jobs = select_jobs(app, only)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--only") from error
    if once:
        claimed = run_once(app, size=batch_size, jobs=jobs)
        click.echo(f"{claimed} message(s) traité(s).")
        return
    stop = threading.Event()
    # systemd, docker and the like stop a service with SIGTERM: the loop ends after the
    # job in flight (a scoring batch commits what it scored) and hands back its leases.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    click.echo(f"Tâches : {', '.join(job.name for job in jobs)} ; Ctrl+C ou SIGTERM pour arrêter.")
    try:
        run(app, interval=interval, stop_event=stop, size=batch_size, jobs=jobs)
    except KeyboardInterrupt:
        stop.set()
        click.echo("Arrêté.")

"""E-mails a request asks for (a welcome, a password-reset link), sent by the worker after
the commit, never by the request.

A request that talked to the SMTP server would wait on it (a silent server, a slow one),
and would take longer when an address belongs to a member than when it does not: the
time of the answer would tell. Here the request stores the e-mail, written in its
reader's language, in the same transaction as its other work; the worker sends it, with
the same retries as notifications, and then empties its text and its address (a reset
link inside it must not outlive its use in the database, nor a visitor's address).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_mailman import EmailMessage
from sqlalchemy import Boolean, DateTime, Integer, String, Text, func, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from community.extensions import db, mail
from community.kernel.clock import utcnow

log = logging.getLogger(__name__)

# As for notifications: 1 minute, then twice as long each time, up to 2 hours apart;
# about ten hours in all before giving up.
MAX_TRIES = 12
RETRY_FIRST = timedelta(minutes=1)
RETRY_LONGEST = timedelta(hours=2)


class OutgoingMail(db.Model):  # type: ignore[name-defined]
    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    pending: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    retry_at: Mapped[datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(String(200))


def retry_delay(tries: int) -> timedelta:
    """How long to wait after the `tries`-th failure before trying again."""
    return min(RETRY_FIRST * 2 ** (tries - 1), RETRY_LONGEST)


def enqueue(session: Session, *, to: str, subject: str, body: str) -> OutgoingMail:
    """An e-mail to send after the caller's commit. Flushes."""
    message = OutgoingMail(to_address=to, subject=subject[:200], body=body, pending=True)
    session.add(message)
    session.flush()
    return message


@dataclass(frozen=True)
class OutboxRun:
    sent: int = 0
    failed: int = 0


def send_outgoing(session: Session, *, limit: int = 100) -> OutboxRun:
    """Send what is owed and due, at most `limit`. On PostgreSQL the rows being sent are
    locked (SKIP LOCKED) until the caller commits: two workers never send one twice.
    Flushes; the caller commits."""
    now = utcnow()
    query = (
        select(OutgoingMail)
        .where(
            OutgoingMail.pending.is_(True),
            or_(OutgoingMail.retry_at.is_(None), OutgoingMail.retry_at <= now),
        )
        .order_by(OutgoingMail.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    sent = failed = 0
    rows = list(session.scalars(query))
    connection = mail.get_connection() if rows else None
    for row in rows:
        try:
            EmailMessage(
                subject=row.subject, body=row.body, to=[row.to_address], connection=connection
            ).send()
        except Exception as error:
            log.warning("E-mail %d failed: %s", row.id, error)
            failed += 1
            row.tries = (row.tries or 0) + 1
            row.error = str(error)[:200]
            row.retry_at = now + retry_delay(row.tries)
            if row.tries >= MAX_TRIES:
                row.pending = False
                _forget(row)
            continue
        sent += 1
        row.pending = False
        row.sent_at = now
        _forget(row)
    session.flush()
    return OutboxRun(sent=sent, failed=failed)


def _forget(row: OutgoingMail) -> None:
    """Once sent (or given up), the row is only a count: a reset link must not stay
    readable in the database, nor the address (a member's, or a visitor's who sent a
    notice, which the notices' purge erases from its own rows)."""
    row.body = ""
    row.to_address = ""


def backlog(session: Session) -> tuple[int, datetime | None]:
    """How many e-mails are owed, and since when the oldest (/_health, /_metrics)."""
    count, oldest = session.execute(
        select(func.count(OutgoingMail.id), func.min(OutgoingMail.created_at)).where(
            OutgoingMail.pending.is_(True)
        )
    ).one()
    return int(count or 0), oldest

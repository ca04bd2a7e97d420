"""The worker's mail job: the e-mails requests wrote (welcome, password reset), those
notifications owe, and the summaries due, sent after the commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy.orm import Session

from community.jobs import side_task
from community.kernel.outbox import OutboxRun, send_outgoing
from community.kernel.urls import site_root
from community.notifications.digests import DigestRun, send_due_digests
from community.notifications.mailer import MailRun, send_pending_emails

log = logging.getLogger(__name__)

# Notifications e-mailed per loop at most, so that a backlog never delays the scoring long.
EMAILS_PER_RUN = 100


def send_all_mail(app: Flask) -> None:
    """The requests' e-mails first (a reset link is awaited), then the notifications', then
    the summaries (which wait a day or a week anyway)."""
    send_outgoing_once(app)
    send_emails_once(app)
    send_digests_once(app)


def send_outgoing_once(app: Flask, *, limit: int = EMAILS_PER_RUN) -> OutboxRun | None:
    """Send the e-mails requests wrote; what fails is tried again later (kernel.outbox)."""
    return _sent(
        app,
        "E-mails",
        "Sending the requests' e-mails failed; they stay owed",
        lambda session: send_outgoing(session, limit=limit),
    )


def send_emails_once(app: Flask, *, limit: int = EMAILS_PER_RUN) -> MailRun | None:
    """Send the notification e-mails owed; what was not sent stays owed for the next run."""
    return _sent(
        app,
        "Notification e-mails",
        "Sending notification e-mails failed; they stay owed",
        lambda session: send_pending_emails(session, limit=limit, **_mail_settings(app)),
    )


def send_digests_once(app: Flask, *, limit: int = EMAILS_PER_RUN) -> DigestRun | None:
    """Send the summaries due; one that fails is tried again later."""
    return _sent(
        app,
        "Summaries",
        "Sending the summaries failed; they stay due",
        lambda session: send_due_digests(session, limit=limit, **_mail_settings(app)),
    )


def _mail_settings(app: Flask) -> dict[str, Any]:
    return {
        "enabled": bool(app.config["NOTIFICATIONS_BY_EMAIL"]),
        "site_name": str(app.config["SITE_NAME"]),
        "base_url": site_root(app),
    }


Run = TypeVar("Run", OutboxRun, MailRun, DigestRun)


def _sent(app: Flask, what: str, failure: str, send: Callable[[Session], Run]) -> Run | None:
    """One kind of mail sent in a transaction of its own (jobs.side_task), and logged when
    anything was sent or failed."""
    result = side_task(app, failure, send)
    if result is not None and (result.sent or result.failed):
        log.info("%s: %d sent, %d failed", what, result.sent, result.failed)
    return result

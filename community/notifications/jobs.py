"""The worker's mail job: the e-mails requests wrote (welcome, password reset), those
notifications owe, and the summaries due, sent after the commit."""

from __future__ import annotations

import logging

from flask import Flask

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
    result = side_task(
        app,
        "Sending the requests' e-mails failed; they stay owed",
        lambda session: send_outgoing(session, limit=limit),
    )
    if result is not None and (result.sent or result.failed):
        log.info("E-mails: %d sent, %d failed", result.sent, result.failed)
    return result


def send_emails_once(app: Flask, *, limit: int = EMAILS_PER_RUN) -> MailRun | None:
    """Send the notification e-mails owed; what was not sent stays owed for the next run."""
    result = side_task(
        app,
        "Sending notification e-mails failed; they stay owed",
        lambda session: send_pending_emails(
            session,
            enabled=bool(app.config["NOTIFICATIONS_BY_EMAIL"]),
            site_name=str(app.config["SITE_NAME"]),
            base_url=site_root(app),
            limit=limit,
        ),
    )
    if result is not None and (result.sent or result.failed):
        log.info("Notification e-mails: %d sent, %d failed", result.sent, result.failed)
    return result


def send_digests_once(app: Flask, *, limit: int = EMAILS_PER_RUN) -> DigestRun | None:
    """Send the summaries due; one that fails is tried again later."""
    result = side_task(
        app,
        "Sending the summaries failed; they stay due",
        lambda session: send_due_digests(
            session,
            enabled=bool(app.config["NOTIFICATIONS_BY_EMAIL"]),
            site_name=str(app.config["SITE_NAME"]),
            base_url=site_root(app),
            limit=limit,
        ),
    )
    if result is not None and (result.sent or result.failed):
        log.info("Summaries: %d sent, %d failed", result.sent, result.failed)
    return result

"""The notifications' job for the worker: the e-mails owed, sent after the commit."""

from __future__ import annotations

import logging

from flask import Flask

from community.jobs import side_task
from community.kernel.urls import site_root
from community.notifications.mailer import MailRun, send_pending_emails

log = logging.getLogger(__name__)

# Notifications e-mailed per loop at most, so that a backlog never delays the scoring long.
EMAILS_PER_RUN = 100


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

"""Notification e-mails: sent by the worker loop from the stored rows, after the commit.

One e-mail per member per run, not one per notification: the wording is deliberately
generic (no post text, no space, no reason: a mailbox is not the place for health
data), so ten identical e-mails would tell nothing more than one, only spam the reader.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from community.accounts.models import Member, MemberStatus
from community.extensions import mail
from community.kernel.clock import utcnow
from community.kernel.outbox import MAX_TRIES, retry_delay
from community.notifications.models import Notification, NotificationKind
from community.notifications.unsubscribe import (
    MailingList,
    unsubscribe_headers,
    unsubscribe_link,
)

log = logging.getLogger(__name__)

# A failed sending is tried again after 1 minute, then 2, 4 … up to 2 hours between tries
# (the outbox's schedule): a mail server down for a night still gets the e-mails out in
# the morning. After this many failures (about ten hours in all) a notification is no
# longer e-mailed; it stays in the app.
MAX_EMAIL_TRIES = MAX_TRIES
# What is about the reader's own post; anything else (an appeal to decide, one's account
# suspended, a post handed over) is worded as news for them, just as generic.
ABOUT_ONES_POST = frozenset(
    {
        NotificationKind.POST_APPROVED,
        NotificationKind.POST_REJECTED,
        NotificationKind.EDIT_REQUESTED,
        NotificationKind.EDIT_APPROVED,
        NotificationKind.EDIT_REJECTED,
        NotificationKind.POST_UNPUBLISHED,
    }
)


@dataclass(frozen=True)
class MailRun:
    sent: int = 0  # e-mails sent (one per member)
    failed: int = 0  # e-mails that failed, to be tried again
    cleared: int = 0  # notifications no longer owed an e-mail without one being sent


def owed(session: Session) -> tuple[int, datetime | None]:
    """How many notifications still owe their e-mail, and since when the oldest (/_health)."""
    count, oldest = session.execute(
        select(func.count(Notification.id), func.min(Notification.created_at)).where(
            Notification.email_pending.is_(True)
        )
    ).one()
    return int(count or 0), oldest


def send_pending_emails(
    session: Session, *, enabled: bool, site_name: str, base_url: str, limit: int = 100
) -> MailRun:
    """Send the e-mails notifications owe, at most `limit` notifications per run.

    Disabled (NOTIFICATIONS_BY_EMAIL off), nothing is sent and nothing stays owed. A failing
    mail server leaves the notifications owed, with the error, for a later run; after
    MAX_EMAIL_TRIES failures they are no longer owed, each try waiting longer than the
    last (retry_delay). On PostgreSQL the notifications being sent are locked (SKIP
    LOCKED) until the caller commits: two workers never send the same e-mail. Flushes;
    the caller commits.
    """
    if not enabled:
        result = session.execute(
            update(Notification)
            .where(Notification.email_pending.is_(True))
            .values(email_pending=False)
            .execution_options(synchronize_session=False)
        )
        session.flush()
        return MailRun(cleared=int(result.rowcount))  # type: ignore[attr-defined]
    now = utcnow()
    query = (
        select(Notification)
        .where(
            Notification.email_pending.is_(True),
            or_(Notification.email_retry_at.is_(None), Notification.email_retry_at <= now),
        )
        .order_by(Notification.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Notification)
    owed = list(session.scalars(query))
    if not owed:
        return MailRun()
    members = {
        member.id: member
        for member in session.scalars(
            select(Member).where(Member.id.in_({n.member_id for n in owed}))
        )
    }
    by_member: dict[int, list[Notification]] = {}
    for notification in owed:
        by_member.setdefault(notification.member_id, []).append(notification)
    link = base_url.rstrip("/") + "/notifications/"
    sent = failed = cleared = 0
    connection = mail.get_connection()
    for member_id, notifications in by_member.items():
        member = members[member_id]
        # The member may have turned e-mail off (or left) since the notification was written.
        if not member.notify_by_email or member.status is MemberStatus.DELETED:
            for notification in notifications:
                notification.email_pending = False
            cleared += len(notifications)
            continue
        about_post = all(n.kind in ABOUT_ONES_POST for n in notifications)
        try:
            _message(
                member,
                site_name=site_name,
                link=link,
                unsubscribe=unsubscribe_link(base_url, member.id, MailingList.NOTIFICATIONS),
                connection=connection,
                about_post=about_post,
            ).send()
        except Exception as error:
            log.warning("Notification e-mail to member %d failed: %s", member_id, error)
            failed += 1
            for notification in notifications:
                tries = (notification.email_tries or 0) + 1
                notification.email_tries = tries
                notification.email_error = str(error)[:200]
                notification.email_retry_at = now + retry_delay(tries)
                if tries >= MAX_EMAIL_TRIES:
                    notification.email_pending = False
            continue
        sent += 1
        for notification in notifications:
            notification.email_pending = False
            notification.emailed_at = now
    session.flush()
    return MailRun(sent=sent, failed=failed, cleared=cleared)


def _message(
    member: Member,
    *,
    site_name: str,
    link: str,
    unsubscribe: str,
    connection: object,
    about_post: bool,
) -> EmailMessage:
    with force_locale(member.locale):
        subject = (
            _("Du nouveau sur votre message dans %(site)s", site=site_name)
            if about_post
            else _("Du nouveau pour vous dans %(site)s", site=site_name)
        )
        return EmailMessage(
            subject=subject,
            body=render_template(
                "notifications/mail.txt",
                site_name=site_name,
                link=link,
                member=member,
                about_post=about_post,
                unsubscribe=unsubscribe,
            ),
            to=[member.email],
            headers=unsubscribe_headers(unsubscribe),
            connection=connection,
        )

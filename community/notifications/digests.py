"""The summary by e-mail, daily or weekly, for the members who ask for it: how many
notifications came since the last one, by kind, and links to the site. Never a title,
a space or a word of a post: the name of a space is already health data.

Built by the worker's mail job from the stored rows, after the commit; every summary
carries a one-step unsubscribe link, in its text and in the List-Unsubscribe headers
(RFC 2369, and RFC 8058's one click, which mail programs send as a POST).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from community.accounts.models import Member, MemberStatus
from community.extensions import mail
from community.kernel.clock import utcnow
from community.kernel.outbox import MAX_TRIES, retry_delay
from community.notifications.models import (
    DigestFrequency,
    EmailDigest,
    Notification,
    NotificationKind,
)
from community.notifications.unsubscribe import (
    MailingList,
    unsubscribe_headers,
    unsubscribe_link,
)

log = logging.getLogger(__name__)

PERIODS = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(weeks=1)}
# What a summary counts apart; every other kind is "about your posts or your account".
COUNTED_APART = {
    NotificationKind.FOLLOWED_THREAD_REPLY: "replies",
    NotificationKind.FOLLOWED_SPACE_THREAD: "threads",
    NotificationKind.MENTIONED: "mentions",
}


# --- the member's choice ------------------------------------------------------------


def digest_of(session: Session, *, member: Member) -> EmailDigest | None:
    return session.get(EmailDigest, member.id)


def set_digest(session: Session, *, member: Member, frequency: DigestFrequency | None) -> None:
    """Ask for a summary this often, or (None) for none. The first one counts from now:
    what came before was there to read in the site already."""
    row = session.get(EmailDigest, member.id)
    if frequency is None:
        if row is not None:
            session.delete(row)
        session.flush()
        return
    now = utcnow()
    if row is None:
        row = EmailDigest(member_id=member.id, since=now, tries=0)
        session.add(row)
    row.frequency = frequency
    row.due_at = row.since + PERIODS[frequency]
    session.flush()


# --- sending ------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    replies: int = 0
    threads: int = 0
    mentions: int = 0
    others: int = 0

    @property
    def total(self) -> int:
        return self.replies + self.threads + self.mentions + self.others


@dataclass(frozen=True)
class DigestRun:
    sent: int = 0
    failed: int = 0
    empty: int = 0  # due, but nothing new to count: no e-mail, the next one waits


def send_due_digests(
    session: Session, *, enabled: bool, site_name: str, base_url: str, limit: int = 100
) -> DigestRun:
    """Send the summaries due, at most `limit`. With the site sending no e-mail, nothing
    is sent and the summaries wait. A summary with nothing to count is not sent; one that
    fails is tried again later (the outbox's schedule), and after MAX_TRIES waits for the
    next period, which counts from the same moment. On PostgreSQL the rows being sent are
    locked (SKIP LOCKED) until the caller commits. Flushes; the caller commits."""
    if not enabled:
        return DigestRun()
    now = utcnow()
    query = select(EmailDigest).where(EmailDigest.due_at <= now).order_by(EmailDigest.due_at)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=EmailDigest)
    due = list(session.scalars(query.limit(limit)))
    if not due:
        return DigestRun()
    ids = [row.member_id for row in due]
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(ids)))}
    counts = _counts(session, ids)
    sent = failed = empty = 0
    connection = mail.get_connection()
    for row in due:
        member = members.get(row.member_id)
        if member is None or member.status is MemberStatus.DELETED:
            session.delete(row)
            continue
        found = counts.get(row.member_id, Counts())
        if not found.total:
            empty += 1
            _next_period(row, now)
            continue
        try:
            _message(
                member, row, found, site_name=site_name, base_url=base_url, connection=connection
            ).send()
        except Exception as error:
            log.warning("Summary e-mail to member %d failed: %s", member.id, error)
            failed += 1
            row.tries = (row.tries or 0) + 1
            if row.tries >= MAX_TRIES:
                row.tries = 0
                row.due_at = now + PERIODS[row.frequency]
            else:
                row.due_at = now + retry_delay(row.tries)
            continue
        sent += 1
        _next_period(row, now)
    session.flush()
    return DigestRun(sent=sent, failed=failed, empty=empty)


def _next_period(row: EmailDigest, now: datetime) -> None:
    row.since = now
    row.due_at = now + PERIODS[row.frequency]
    row.tries = 0


def _counts(session: Session, member_ids: list[int]) -> dict[int, Counts]:
    """The unread notifications of each member since their last summary, by kind (one query)."""
    rows = session.execute(
        select(Notification.member_id, Notification.kind, func.count(Notification.id))
        .join(
            EmailDigest,
            and_(
                EmailDigest.member_id == Notification.member_id,
                Notification.created_at > EmailDigest.since,
            ),
        )
        .where(Notification.member_id.in_(member_ids), Notification.read_at.is_(None))
        .group_by(Notification.member_id, Notification.kind)
    ).all()
    totals: dict[int, dict[str, int]] = {}
    for member_id, kind, count in rows:
        bucket = COUNTED_APART.get(kind, "others")
        per_member = totals.setdefault(member_id, {})
        per_member[bucket] = per_member.get(bucket, 0) + int(count)
    return {member_id: Counts(**found) for member_id, found in totals.items()}


def _message(
    member: Member,
    row: EmailDigest,
    counts: Counts,
    *,
    site_name: str,
    base_url: str,
    connection: object,
) -> EmailMessage:
    root = base_url.rstrip("/")
    unsubscribe = unsubscribe_link(base_url, member.id, MailingList.DIGEST)
    with force_locale(member.locale):
        return EmailMessage(
            subject=_("Votre résumé de %(site)s", site=site_name),
            body=render_template(
                "notifications/digest.txt",
                member=member,
                counts=counts,
                daily=row.frequency is DigestFrequency.DAILY,
                site_name=site_name,
                notifications=f"{root}/notifications/",
                followed=f"{root}/suivis",
                unsubscribe=unsubscribe,
            ),
            to=[member.email],
            headers=unsubscribe_headers(unsubscribe),
            connection=connection,
        )

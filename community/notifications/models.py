"""Notifications: one row per thing a member should know, read in the app, maybe e-mailed."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db, enum_type
from community.forums.models import Post, Space
from community.kernel.clock import utcnow


class NotificationKind(enum.StrEnum):
    POST_APPROVED = "post_approved"
    POST_REJECTED = "post_rejected"
    EDIT_REQUESTED = "edit_requested"
    EDIT_APPROVED = "edit_approved"
    EDIT_REJECTED = "edit_rejected"
    POST_UNPUBLISHED = "post_unpublished"
    # To a moderator or association admin a post was handed to.
    ESCALATED_TO_YOU = "escalated_to_you"
    # To a member whose report a moderator dismissed (the post stays published).
    REPORT_DISMISSED = "report_dismissed"
    # To the member who contested a decision: the answer, with its reasons.
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_REVERSED = "appeal_reversed"
    # To those who may decide a new appeal (decision_id: the decision it contests).
    APPEAL_TO_DECIDE = "appeal_to_decide"
    # To a member whose account a site admin suspended (with the statement of reasons),
    # or reactivated before the suspension's end.
    ACCOUNT_SUSPENDED = "account_suspended"
    ACCOUNT_REINSTATED = "account_reinstated"
    # To a member who asked for an archive of their data, built by the worker: ready to
    # download (on the "Mes données" page), or it could not be built.
    EXPORT_READY = "export_ready"
    EXPORT_FAILED = "export_failed"
    # News of posts others published (notifications.news): a reply in a thread one
    # follows, a new thread in a space one follows, a post naming one's @pseudonym.
    FOLLOWED_THREAD_REPLY = "followed_thread_reply"
    FOLLOWED_SPACE_THREAD = "followed_space_thread"
    MENTIONED = "mentioned"
    # A published reply quoting one's post.
    QUOTED = "quoted"
    # Requests to join a members-only space (space_id): to its deciders, one is waiting;
    # to the member who asked, the answer.
    MEMBERSHIP_REQUESTED = "membership_requested"
    MEMBERSHIP_ACCEPTED = "membership_accepted"
    MEMBERSHIP_REFUSED = "membership_refused"


class Notification(db.Model):  # type: ignore[name-defined]
    """What happened, about which post (or about one's account); the page words it in the
    reader's language.

    No text is stored: the reason lives in the decision it points to, so a notification
    never says more than the post's page would.
    """

    __tablename__ = "notification"
    __table_args__ = (
        # A member's list, newest first, and their unread count.
        Index("ix_notification_member", "member_id", "read_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind, 24))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_decision.id"))
    # The space a request to join is about (no post: a request is no post).
    space_id: Mapped[int | None] = mapped_column(ForeignKey("space.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set when an e-mail is owed (site sends e-mail and the member wants it), cleared
    # once sent: the worker loop sends from here after the commit, and can replay.
    email_pending: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime)
    email_error: Mapped[str | None] = mapped_column(String(200))
    # Failed sendings so far; past the mailer's limit the e-mail is no longer owed.
    email_tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # After a failure, not tried again before this (the wait doubles, up to two hours).
    email_retry_at: Mapped[datetime | None] = mapped_column(DateTime)

    post: Mapped[Post | None] = relationship()
    space: Mapped[Space | None] = relationship()


class DigestFrequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


class EmailDigest(db.Model):  # type: ignore[name-defined]
    """A member's summary by e-mail, which they asked for: how often, and when it is due.

    No row, no summary. The e-mail only counts what came (no title, no space, no text: a
    mailbox is not the place for health data) and links to the site.
    """

    __tablename__ = "email_digest"

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    frequency: Mapped[DigestFrequency] = mapped_column(enum_type(DigestFrequency))
    # The next summary counts the notifications that came after this: the last summary
    # sent, or the moment the member asked for them.
    since: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    # Failed sendings of the summary due; past the outbox's limit it waits for the next.
    tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

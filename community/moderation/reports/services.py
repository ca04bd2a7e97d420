"""Members' reports of published posts: writing one, and what the report page needs to know."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from community.accounts.models import Member
from community.forums.models import Post, PostStatus
from community.kernel.clock import utcnow
from community.kernel.reasons import ReportReason
from community.moderation.models import REPORT_REASONS, ModerationItem, PostReport
from community.moderation.queue import waiting

REPORT_TEXT_MAX = 1000


# The reason that makes the post urgent in the queue and shows the reporter the help lines.
DANGER = ReportReason.DANGER


class ReportError(Exception):
    """A report refused; `code` says why (the view picks the French message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def already_reported(session: Session, *, reporter: Member, post: Post) -> bool:
    """Whether this member has reported this post before (one query, the unique key)."""
    found = session.scalar(
        select(PostReport.id).where(
            PostReport.post_id == post.id, PostReport.reporter_id == reporter.id
        )
    )
    return found is not None


def report_post(
    session: Session, *, reporter: Member, post: Post, reason_code: str, reason_text: str = ""
) -> PostReport:
    """Report someone else's published post; it goes back to the moderators' queue.

    The post stays published until a moderator decides. Raises ReportError with code
    "own_post", "not_published", "unknown_reason", "text_too_long" or "already_reported".
    """
    if post.author_id == reporter.id:
        raise ReportError("own_post")
    if post.status is not PostStatus.PUBLISHED:
        raise ReportError("not_published")
    if reason_code not in REPORT_REASONS:
        raise ReportError("unknown_reason")
    reason_text = (reason_text or "").strip()
    if len(reason_text) > REPORT_TEXT_MAX:
        raise ReportError("text_too_long")
    if already_reported(session, reporter=reporter, post=post):
        raise ReportError("already_reported")
    now = utcnow()
    report = PostReport(
        post_id=post.id,
        space_id=post.thread.space_id,
        reporter_id=reporter.id,
        reason_code=reason_code,
        reason_text=reason_text,
        created_at=now,
    )
    # A savepoint: the same member sending the form twice at once hits the unique key,
    # and only this insert is undone, not the caller's transaction.
    try:
        with session.begin_nested():
            session.add(report)
    except IntegrityError:
        raise ReportError("already_reported") from None
    request_review(session, post=post, at=now)
    if reason_code == DANGER:
        item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post.id))
        if item is not None:
            item.urgent = True
    session.flush()
    return report


def request_review(session: Session, *, post: Post, at: datetime) -> None:
    """Put a published post back in the queue, for a report just written (a member's, or a
    visitor's notice)."""
    # The scoring worker and the queue read their work from review_requested_at: a new
    # request time, even if something else already waits. A moderator deciding on the
    # post at this very moment checks the time they read, so their decision is refused
    # rather than clearing the request without having seen this report (on PostgreSQL
    # their UPDATE re-reads the row after this commit; SQLite runs one writer at a time).
    session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(review_requested_at=at)
        .execution_options(synchronize_session=False)
    )
    # The database holds it now; the queue's item copies it (one UPDATE each).
    set_committed_value(post, "review_requested_at", at)
    waiting.follow(session, post=post)


def reasons_closed_at(session: Session, *, post: Post, at: datetime) -> list[str]:
    """The reasons of the post's reports closed at `at` and not yet linked to a decision:
    what a take-down's statement of reasons names as the reports' facts."""
    return list(
        session.scalars(
            select(PostReport.reason_code).where(
                PostReport.post_id == post.id,
                PostReport.resolved_at == at,
                PostReport.resolved_by_decision_id.is_(None),
            )
        )
    )

"""What the notification pages read: a member's list, one page at a time, and the unread count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import QueryableAttribute, Session, joinedload

from community.accounts.models import Member
from community.forums.models import Post
from community.moderation.models import ModerationDecision
from community.notifications.models import Notification

PAGE_SIZE = 30


def unread_count(session: Session, *, member: Member) -> int:
    """How many notifications the member has not marked read (ix_notification_member)."""
    count = session.scalar(unread_count_of(member.id))
    return int(count or 0)


def unread_count_of(member_id: ColumnElement[int] | QueryableAttribute[int] | int) -> Select[int]:
    """The query of unread_count, for a member's id or a column of one: as a scalar
    subquery it rides along with the query that loads the member."""
    return select(func.count(Notification.id)).where(
        Notification.member_id == member_id, Notification.read_at.is_(None)
    )


@dataclass(frozen=True)
class Entry:
    notification: Notification
    # The decision it tells about, for the moderator's reason or request; None otherwise.
    decision: ModerationDecision | None


@dataclass(frozen=True)
class NotificationPage:
    entries: Sequence[Entry]
    # The id to pass as ?avant= for older notifications; None on the last page.
    next_before: int | None


def notification_page(
    session: Session, *, member: Member, before: int | None = None, per_page: int = PAGE_SIZE
) -> NotificationPage:
    """The member's notifications, newest first, with their posts and threads, read by keyset.

    Two queries whatever the page: the notifications (posts and threads joined), then the
    decisions they point to.
    """
    query = (
        select(Notification)
        .options(joinedload(Notification.post).joinedload(Post.thread))
        .where(Notification.member_id == member.id)
        .order_by(Notification.id.desc())
        .limit(per_page + 1)
    )
    if before is not None:
        query = query.where(Notification.id < before)
    rows = list(session.scalars(query))
    shown = rows[:per_page]
    decision_ids = {n.decision_id for n in shown if n.decision_id is not None}
    decisions: dict[int, ModerationDecision] = {}
    if decision_ids:
        decisions = {
            decision.id: decision
            for decision in session.scalars(
                select(ModerationDecision).where(ModerationDecision.id.in_(decision_ids))
            )
        }
    entries = [
        Entry(notification=n, decision=decisions.get(n.decision_id) if n.decision_id else None)
        for n in shown
    ]
    next_before = shown[-1].id if len(rows) > per_page else None
    return NotificationPage(entries=entries, next_before=next_before)

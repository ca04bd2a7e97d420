"""What the notification pages read: a member's list, one page at a time, and the unread count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import QueryableAttribute, Session, joinedload

from community.accounts.models import Member
from community.forums import follows
from community.forums.models import Post, PostStatus, Thread
from community.moderation.models import ModerationDecision
from community.notifications.models import Notification
from community.notifications.news import NEWS_KINDS
from community.permissions import Action, can

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
    # Whether its post may be shown: news of someone else's post (a reply, a mention) is
    # not, once the post is gone or the reader may no longer read its space; the entry
    # then names no thread and links nowhere.
    shown: bool = True


@dataclass(frozen=True)
class NotificationPage:
    entries: Sequence[Entry]
    # The id to pass as ?avant= for older notifications; None on the last page.
    next_before: int | None


def notification_page(
    session: Session, *, member: Member, before: int | None = None, per_page: int = PAGE_SIZE
) -> NotificationPage:
    """The member's notifications, newest first, with their posts and threads, read by keyset.

    Two queries whatever the page: the notifications (posts, threads and spaces joined),
    then the decisions they point to; a third when news comes from members-only spaces,
    whether the reader may still read them.
    """
    query = (
        select(Notification)
        .options(
            joinedload(Notification.post).joinedload(Post.thread).joinedload(Thread.space),
            joinedload(Notification.space),
        )
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
    readable = may_read(session, member=member, notifications=shown)
    entries = [
        Entry(
            notification=n,
            decision=decisions.get(n.decision_id) if n.decision_id else None,
            shown=n.id in readable,
        )
        for n in shown
    ]
    next_before = shown[-1].id if len(rows) > per_page else None
    return NotificationPage(entries=entries, next_before=next_before)


def may_read(
    session: Session, *, member: Member, notifications: Sequence[Notification]
) -> set[int]:
    """The ids of those notifications whose post the member may be shown: any about their
    own posts and account; news of others' posts only while the post is published and
    its space readable to them (one query, for members-only spaces only)."""
    news = [n for n in notifications if n.kind in NEWS_KINDS]
    shown = {n.id for n in notifications if n.kind not in NEWS_KINDS}
    visible = [
        n
        for n in news
        if n.post is not None
        and n.post.status is PostStatus.PUBLISHED
        and n.post.thread.status is PostStatus.PUBLISHED
    ]
    closed = {
        n.post.thread.space_id for n in visible if n.post and n.post.thread.space.members_only
    }
    contexts = follows.contexts_of(session, member=member, space_ids=closed) if closed else {}
    by_id = {space.id: ctx for space, ctx in contexts.items()}
    for n in visible:
        assert n.post is not None
        space = n.post.thread.space
        if can(Action.READ_SPACE, member=member, space=space, space_ctx=by_id.get(space.id)):
            shown.add(n.id)
    return shown


def entry_of(session: Session, *, member: Member, notification_id: int) -> Entry | None:
    """One of the member's notifications, with its post, thread and space, and whether its
    post may be shown; None if it is not theirs (or gone)."""
    notification = session.scalar(
        select(Notification)
        .options(
            joinedload(Notification.post).joinedload(Post.thread).joinedload(Thread.space),
            joinedload(Notification.space),
        )
        .where(Notification.id == notification_id, Notification.member_id == member.id)
    )
    if notification is None:
        return None
    shown = notification.id in may_read(session, member=member, notifications=[notification])
    return Entry(notification=notification, decision=None, shown=shown)

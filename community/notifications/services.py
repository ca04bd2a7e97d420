"""Writing notifications. Sending their e-mails happens later, from the stored rows."""

from __future__ import annotations

from sqlalchemy.orm import Session

from community.accounts.models import Member, MemberStatus
from community.clock import utcnow
from community.forums.models import Post
from community.notifications.models import Notification, NotificationKind


def notify(
    session: Session,
    *,
    member: Member,
    kind: NotificationKind,
    post: Post | None = None,
    decision_id: int | None = None,
) -> Notification | None:
    """Tell a member something about a post; None for a deleted account (nobody to tell).

    The e-mail is only marked as owed here; whether the site sends e-mail at all is the
    sender's business (it clears what it will not send).
    """
    if member.status is MemberStatus.DELETED:
        return None
    notification = Notification(
        member_id=member.id,
        kind=kind,
        post_id=post.id if post is not None else None,
        decision_id=decision_id,
        created_at=utcnow(),
        email_pending=bool(member.notify_by_email),
    )
    session.add(notification)
    session.flush()
    return notification

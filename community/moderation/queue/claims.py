"""Who is examining a post: a moderator's claim that expires, and the queue item holding it.

Also home of ModerationError, which every moderation service raises.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from community.accounts.models import Member, MemberStatus
from community.forums.models import Post, SpaceRole, SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.models import ModerationItem
from community.moderation.queue.waiting import waiting

# Who may receive a post handed over: the people who may decide on it.
DECIDERS = (SpaceRoleKind.MODERATOR, SpaceRoleKind.ASSOCIATION_ADMIN)


class ModerationError(Exception):
    """A decision refused; `code` says why (the view picks the French message).

    For "claimed", `holder` and `until` say who examines the post, and until when.
    """

    def __init__(self, code: str, *, holder: str = "", until: datetime | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.holder = holder
        self.until = until


def ensure_item(session: Session, *, post: Post) -> ModerationItem:
    """The post's queue item, created now if the scoring worker has not reached the post.

    The worker creates items too. On PostgreSQL the post's row is locked first: the
    worker's claim skips locked posts, and if the worker holds it, this waits for its
    claim to commit and then finds its item. On both databases the unique post_id decides
    a remaining race: the insert runs in a savepoint, and losing it means the item exists.
    """
    query = select(ModerationItem).where(ModerationItem.post_id == post.id)
    item = session.scalar(query)
    if item is not None:
        return item
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Post.id).where(Post.id == post.id).with_for_update())
        item = session.scalar(query)
        if item is not None:
            return item
    assert post.review_requested_at is not None
    item = ModerationItem(
        post_id=post.id,
        space_id=post.thread.space_id,
        requested_at=post.review_requested_at,
        waiting_since=post.review_requested_at,
        attempts=0,
    )
    try:
        with session.begin_nested():
            session.add(item)
    except IntegrityError:
        item = session.scalar(query)
        assert item is not None
    return item


def check_claim(session: Session, *, post: Post, moderator: Member) -> None:
    """Refuse (code "claimed") if someone else holds a live claim on the post."""
    row = session.execute(
        select(ModerationItem.claimed_by_id, ModerationItem.claimed_until, Member.pseudonym)
        .outerjoin(Member, Member.id == ModerationItem.claimed_by_id)
        .where(ModerationItem.post_id == post.id)
    ).first()
    if row is None:
        return
    holder_id, until, pseudonym = row
    if holder_id is not None and holder_id != moderator.id and until and until > utcnow():
        raise ModerationError("claimed", holder=pseudonym or "", until=until)


def claim(
    session: Session, *, moderator: Member, post: Post, duration: timedelta
) -> ModerationItem:
    """Take the post for `duration`: others see who examines it and cannot decide meanwhile.

    A conditional UPDATE: of two moderators claiming at once, exactly one wins; claiming
    again one's own claim extends it, and an expired claim is anybody's.
    """
    if not waiting(post):
        raise ModerationError("not_pending")
    item = ensure_item(session, post=post)
    now = utcnow()
    until = now + duration
    result = session.execute(
        update(ModerationItem)
        .where(
            ModerationItem.id == item.id,
            or_(
                ModerationItem.claimed_by_id.is_(None),
                ModerationItem.claimed_until.is_(None),
                ModerationItem.claimed_until <= now,
                ModerationItem.claimed_by_id == moderator.id,
            ),
        )
        .values(claimed_by_id=moderator.id, claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        check_claim(session, post=post, moderator=moderator)
        raise ModerationError("claimed")
    set_committed_value(item, "claimed_by_id", moderator.id)
    set_committed_value(item, "claimed_until", until)
    return item


def release(session: Session, *, moderator: Member, post: Post) -> bool:
    """Give up one's claim on the post; False if one held none (expired, or someone else's)."""
    result = session.execute(
        update(ModerationItem)
        .where(ModerationItem.post_id == post.id, ModerationItem.claimed_by_id == moderator.id)
        .values(claimed_by_id=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def can_receive(session: Session, *, member: Member, space_id: int) -> bool:
    """Whether a post of this space may be handed to this member (an active moderator or
    association admin of the space)."""
    if member.status is not MemberStatus.ACTIVE:
        return False
    found = session.scalar(
        select(SpaceRole.id).where(
            SpaceRole.member_id == member.id,
            SpaceRole.space_id == space_id,
            SpaceRole.kind.in_(DECIDERS),
        )
    )
    return found is not None

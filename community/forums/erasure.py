"""What the forums forget of a member whose account is being deleted (signal
`member_erasing`)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session, joinedload

from community.accounts.services import Erasure
from community.forums import drafts, follows, membership, reactions, services, unread
from community.forums.models import Membership, Post, PostStatus, Space, SpaceRole, Thread


def lock_member_rows(erasure: Erasure, *, session: Session) -> None:
    """Lock what withdrawing the member's posts will write: the posts, then their threads,
    then their spaces, each kind by id (signal `member_erasure_begins`, before anything
    is written).

    A moderator's decision, and a bulk approval of several, take these rows in that order
    (moderation.queue.bulk). Withdrawn post after post instead, an erasure would hold a
    thread and its space while a bulk approval holding the next post waits for that
    thread: on PostgreSQL each would wait for the other until one is killed. SQLite lets
    one writer in at a time and renders no FOR UPDATE.
    """
    post_ids = session.scalars(
        select(Post.id).where(_to_withdraw(erasure)).order_by(Post.id).with_for_update()
    ).all()
    if not post_ids:
        return
    threads = session.execute(
        select(Thread.id, Thread.space_id)
        .where(Thread.id.in_(select(Post.thread_id).where(Post.id.in_(post_ids))))
        .order_by(Thread.id)
        .with_for_update()
    ).all()
    session.execute(
        select(Space.id)
        .where(Space.id.in_({space_id for _thread_id, space_id in threads}))
        .order_by(Space.id)
        .with_for_update()
    )


def forget_member(erasure: Erasure, *, session: Session) -> None:
    """The member's posts first (while they still belong to the spaces), then their roles
    and memberships, what they followed, how far they read, their reactions, what they
    had not sent and their requests to join."""
    _withdraw_posts(session, erasure)
    _leave_spaces(session, erasure)
    follows.forget_follows(session, member=erasure.member)
    unread.forget_reads(session, member=erasure.member)
    reactions.forget_reactions(session, member=erasure.member)
    drafts.forget_drafts(session, member=erasure.member)
    membership.forget_requests(session, member=erasure.member)


def _to_withdraw(erasure: Erasure) -> ColumnElement[bool]:
    """The member's posts an erasure withdraws: published ones if the member asked;
    unpublished ones always, as nobody is left to revise them or hear a moderator's
    answer."""
    kept = {PostStatus.WITHDRAWN} | (set() if erasure.withdraw_posts else {PostStatus.PUBLISHED})
    return and_(Post.author_id == erasure.member.id, Post.status.not_in(kept))


def _withdraw_posts(session: Session, erasure: Erasure) -> None:
    posts = session.scalars(
        select(Post)
        .options(joinedload(Post.thread).joinedload(Thread.space))
        .where(_to_withdraw(erasure))
        .order_by(Post.id)
    ).all()
    for post in posts:
        services.withdraw_post(session, author=erasure.member, post=post)


def _leave_spaces(session: Session, erasure: Erasure) -> None:
    """Roles first (a moderator may not leave a space), then every membership."""
    member = erasure.member
    roles = session.scalars(
        select(SpaceRole)
        .options(joinedload(SpaceRole.space))
        .where(SpaceRole.member_id == member.id)
    ).all()
    for role in roles:
        services.revoke_space_role(session, space=role.space, member=member, kind=role.kind)
    spaces = session.scalars(
        select(Space)
        .join(Membership, Membership.space_id == Space.id)
        .where(Membership.member_id == member.id)
    ).all()
    for space in spaces:
        services.leave_space(session, member=member, space=space)

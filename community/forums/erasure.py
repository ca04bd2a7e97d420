"""What the forums forget of a member whose account is being deleted (signal
`member_erasing`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from community.accounts.services import Erasure
from community.forums import follows, services
from community.forums.models import Membership, Post, PostStatus, Space, SpaceRole, Thread


def forget_member(erasure: Erasure, *, session: Session) -> None:
    """The member's posts first (while they still belong to the spaces), then their roles
    and memberships, and what they followed."""
    _withdraw_posts(session, erasure)
    _leave_spaces(session, erasure)
    follows.forget_follows(session, member=erasure.member)


def _withdraw_posts(session: Session, erasure: Erasure) -> None:
    """Published posts go if the member asked; unpublished ones always, as nobody is left
    to revise them or hear a moderator's answer."""
    kept = {PostStatus.WITHDRAWN} | (set() if erasure.withdraw_posts else {PostStatus.PUBLISHED})
    posts = session.scalars(
        select(Post)
        .options(joinedload(Post.thread).joinedload(Thread.space))
        .where(Post.author_id == erasure.member.id, Post.status.not_in(kept))
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

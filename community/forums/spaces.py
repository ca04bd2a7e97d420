"""Forum operations on associations, spaces, roles and memberships. Each flushes; the
caller commits. (Posts and threads: services.py, which also offers these.)"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums.models import (
    Association,
    Membership,
    Space,
    SpaceRole,
    SpaceRoleKind,
    SpaceVisibility,
)


class ForumError(Exception):
    """A request the forums domain refuses; `code` says why, for the form to explain."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- associations, spaces and roles -------------------------------------------------


def create_association(
    session: Session, *, name: str, slug: str, description: str = ""
) -> Association:
    if session.scalar(select(Association.id).where(Association.slug == slug)) is not None:
        raise ForumError("slug_taken")
    association = Association(name=name, slug=slug, description=description)
    session.add(association)
    session.flush()
    return association


def create_space(
    session: Session,
    *,
    association: Association,
    name: str,
    slug: str,
    description: str = "",
    rules: str = "",
    visibility: SpaceVisibility = SpaceVisibility.PUBLIC,
) -> Space:
    if session.scalar(select(Space.id).where(Space.slug == slug)) is not None:
        raise ForumError("slug_taken")
    space = Space(
        association=association,
        name=name,
        slug=slug,
        description=description,
        rules=rules,
        visibility=visibility,
    )
    session.add(space)
    session.flush()
    return space


def update_space(
    session: Session,
    *,
    space: Space,
    description: str,
    rules: str,
    name: str | None = None,
    visibility: SpaceVisibility | None = None,
) -> Space:
    space.description = description
    space.rules = rules
    if name is not None:
        space.name = name
    if visibility is not None:
        space.visibility = visibility
    session.flush()
    return space


def grant_space_role(
    session: Session,
    *,
    space: Space,
    member: Member,
    kind: SpaceRoleKind,
    granted_by: Member | None = None,
    specialty: str = "",
) -> SpaceRole:
    """Name a moderator or association admin of a space; naming again updates the specialty.

    A moderator or admin of a space is also a member of it.
    """
    role = session.scalar(
        select(SpaceRole).where(
            SpaceRole.space_id == space.id,
            SpaceRole.member_id == member.id,
            SpaceRole.kind == kind,
        )
    )
    if role is None:
        role = SpaceRole(
            space_id=space.id,
            member_id=member.id,
            kind=kind,
            granted_by_id=granted_by.id if granted_by else None,
        )
        session.add(role)
    role.specialty = specialty
    join_space(session, member=member, space=space)
    session.flush()
    return role


def revoke_space_role(
    session: Session, *, space: Space, member: Member, kind: SpaceRoleKind
) -> None:
    session.execute(
        delete(SpaceRole).where(
            SpaceRole.space_id == space.id,
            SpaceRole.member_id == member.id,
            SpaceRole.kind == kind,
        )
    )
    session.flush()


def join_space(session: Session, *, member: Member, space: Space) -> bool:
    """Join a space; True if the member was not in it yet."""
    exists = session.get(Membership, (member.id, space.id))
    if exists is not None:
        return False
    session.add(Membership(member_id=member.id, space_id=space.id))
    session.flush()
    return True


def leave_space(session: Session, *, member: Member, space: Space) -> bool:
    """Leave a space; its moderators and admins keep their role and so their membership."""
    has_role = session.scalar(
        select(SpaceRole.id).where(SpaceRole.member_id == member.id, SpaceRole.space_id == space.id)
    )
    if has_role is not None:
        raise ForumError("has_role")
    result = session.execute(
        delete(Membership).where(Membership.member_id == member.id, Membership.space_id == space.id)
    )
    session.flush()
    return bool(result.rowcount)  # type: ignore[attr-defined]

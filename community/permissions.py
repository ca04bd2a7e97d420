"""Roles, and what each may do: the one place every view asks."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import abort
from flask_login import current_user

if TYPE_CHECKING:
    from community.accounts.models import Member
    from community.forums.models import Space


class Role(enum.StrEnum):
    ANONYMOUS = "anonymous"
    SUSPENDED = "suspended"  # a logged-in member whose account is suspended
    MEMBER = "member"  # logged in, active
    SPACE_MEMBER = "space_member"  # has joined the space
    SPACE_MODERATOR = "space_moderator"
    ASSOCIATION_ADMIN = "association_admin"  # of the association running the space
    SITE_ADMIN = "site_admin"


class Action(enum.StrEnum):
    READ_SITE = "read_site"  # public pages: list of spaces, profiles, public spaces
    READ_SPACE = "read_space"  # threads and posts of a members-only space
    # Join a public space; ask to join a members-only one (its deciders let one in).
    JOIN_SPACE = "join_space"
    # Answer the requests to join a members-only space, and send its invitation links:
    # its moderators and association admins, who know who the space is for.
    DECIDE_MEMBERSHIP = "decide_membership"
    POST_IN_SPACE = "post_in_space"  # new thread, reply, edit one's own post
    EDIT_SPACE = "edit_space"  # description and rules
    NAME_MODERATORS = "name_moderators"
    MODERATE_SPACE = "moderate_space"
    MANAGE_SITE = "manage_site"  # associations, spaces, association admins
    USE_ACCOUNT = "use_account"  # change password, log out; one's own vault
    # See the data cards that members of a space linked to their posts for that space's
    # members. Never anonymous visitors; never the site admin as such. Cards for the
    # moderators only need MODERATE_SPACE.
    READ_DATA_CARDS = "read_data_cards"
    # Contest a decision about one's own post, or the dismissal of one's report: the
    # appeal's own checks say which decisions. Kept while suspended: a suspension is
    # itself a decision one may want to contest, and writing an appeal is not posting.
    CONTEST_DECISION = "contest_decision"
    # Decide the appeals of a space, except those against one's own decisions.
    DECIDE_APPEALS = "decide_appeals"
    # Notify content one holds illegal: open to anyone, logged in or not, suspended or
    # not (the law gives it to every person); the notice's own checks guard the form.
    NOTIFY_ILLEGAL_CONTENT = "notify_illegal_content"
    # Write, order and delete the texts a space's moderators pick from when they refuse a
    # post or ask for an edit: the association's words, as its watched words are. Using
    # them is part of MODERATE_SPACE; the site admins, who do not moderate, keep the say
    # they have on the rest of a space's policy.
    MANAGE_CANNED_TEXTS = "manage_canned_texts"
    # Say "Merci", "Moi aussi" or "Je vous soutiens" of a published post of the space: not
    # a post, but words of support in the space, so for those who may write there.
    REACT = "react"
    # See who reacted (their pseudonyms), not only how many: a "Moi aussi" under a post
    # about a disease says something of one's health, so only to the space's own people.
    SEE_WHO_REACTED = "see_who_reacted"


# Who may do what. A member holds several roles at once (member, member of the
# space, moderator …); an action is allowed when any of them allows it, except that
# a suspended member keeps only what SUSPENDED allows (see roles_of).
GRANTS: dict[Role, frozenset[Action]] = {
    Role.ANONYMOUS: frozenset({Action.READ_SITE, Action.NOTIFY_ILLEGAL_CONTENT}),
    Role.SUSPENDED: frozenset(
        {
            Action.READ_SITE,
            Action.USE_ACCOUNT,
            Action.CONTEST_DECISION,
            Action.NOTIFY_ILLEGAL_CONTENT,
        }
    ),
    Role.MEMBER: frozenset(
        {
            Action.READ_SITE,
            Action.USE_ACCOUNT,
            Action.JOIN_SPACE,
            Action.CONTEST_DECISION,
            Action.NOTIFY_ILLEGAL_CONTENT,
        }
    ),
    Role.SPACE_MEMBER: frozenset(
        {
            Action.READ_SPACE,
            Action.POST_IN_SPACE,
            Action.READ_DATA_CARDS,
            Action.REACT,
            Action.SEE_WHO_REACTED,
        }
    ),
    Role.SPACE_MODERATOR: frozenset(
        {
            Action.READ_SPACE,
            Action.MODERATE_SPACE,
            Action.READ_DATA_CARDS,
            Action.DECIDE_APPEALS,
            Action.SEE_WHO_REACTED,
            Action.DECIDE_MEMBERSHIP,
        }
    ),
    Role.ASSOCIATION_ADMIN: frozenset(
        {
            Action.READ_SPACE,
            Action.EDIT_SPACE,
            Action.NAME_MODERATORS,
            Action.MODERATE_SPACE,
            Action.READ_DATA_CARDS,
            Action.DECIDE_APPEALS,
            Action.DECIDE_MEMBERSHIP,
            Action.MANAGE_CANNED_TEXTS,
            Action.SEE_WHO_REACTED,
        }
    ),
    Role.SITE_ADMIN: frozenset(
        {
            Action.READ_SPACE,
            Action.EDIT_SPACE,
            Action.NAME_MODERATORS,
            Action.MANAGE_SITE,
            Action.MANAGE_CANNED_TEXTS,
        }
    ),
}


@dataclass(frozen=True)
class SpaceContext:
    """What the database says about one member in one space, loaded once per request."""

    is_member: bool = False
    role_kinds: frozenset[str] = field(default_factory=frozenset)


def roles_of(member: Member | None, space_ctx: SpaceContext | None = None) -> frozenset[Role]:
    if member is None or not member.is_authenticated:
        return frozenset({Role.ANONYMOUS})
    if member.is_suspended:
        return frozenset({Role.SUSPENDED})
    roles = {Role.MEMBER}
    if member.is_site_admin:
        roles.add(Role.SITE_ADMIN)
    if space_ctx is not None:
        if space_ctx.is_member:
            roles.add(Role.SPACE_MEMBER)
        if "moderator" in space_ctx.role_kinds:
            roles.add(Role.SPACE_MODERATOR)
        if "association_admin" in space_ctx.role_kinds:
            roles.add(Role.ASSOCIATION_ADMIN)
    return frozenset(roles)


def allowed(roles: Iterable[Role], action: Action) -> bool:
    return any(action in GRANTS[role] for role in roles)


def can(
    action: Action,
    *,
    member: Member | None = None,
    space: Space | None = None,
    space_ctx: SpaceContext | None = None,
) -> bool:
    """May this member (the current user by default) do this, here?

    A public space may be read by anyone; members-only spaces need READ_SPACE.
    """
    if member is None:
        member = current_user if current_user.is_authenticated else None
    roles = roles_of(member, space_ctx)
    if action is Action.READ_SPACE and space is not None and not space.members_only:
        return allowed(roles, Action.READ_SITE)
    return allowed(roles, action)


def require(action: Action, **kwargs: object) -> None:
    """Stop the request with 403 (or send an anonymous visitor to log in) unless allowed."""
    if can(action, **kwargs):  # type: ignore[arg-type]
        return
    if not current_user.is_authenticated:
        from community.extensions import login_manager

        abort(login_manager.unauthorized())
    abort(403)

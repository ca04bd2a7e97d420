"""Read-side queries about data cards: a page of posts, the owner's list, the forms' choices."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload

from community.accounts.models import Member
from community.forums.models import Membership, Post, Space, SpaceRole
from community.permissions import SpaceContext
from community.selfdata.models import DataCard, DataWithdrawal, VaultEntry
from community.selfdata.records import Category


def cards_for_posts(session: Session, post_ids: Collection[int]) -> dict[int, DataCard]:
    """The cards linked to these posts, by post id (one query, none for no post)."""
    if not post_ids:
        return {}
    cards = session.scalars(select(DataCard).where(DataCard.post_id.in_(post_ids)))
    return {card.post_id: card for card in cards if card.post_id is not None}


def withdrawn_posts(session: Session, post_ids: Collection[int]) -> set[int]:
    """Which of these posts had a card its author withdrew (one query, none for no post)."""
    if not post_ids:
        return set()
    return set(
        session.scalars(select(DataWithdrawal.post_id).where(DataWithdrawal.post_id.in_(post_ids)))
    )


def carries_card(
    post_id: ColumnElement[int] | InstrumentedAttribute[int],
) -> ColumnElement[bool]:
    """Whether the post of this id has a card or a withdrawal mark: a column a query of
    posts adds, so that a page whose posts have neither skips cards_and_withdrawals."""
    return or_(
        exists().where(DataCard.post_id == post_id),
        exists().where(DataWithdrawal.post_id == post_id),
    ).label("carries_card")


def cards_and_withdrawals(
    session: Session, post_ids: Collection[int]
) -> tuple[dict[int, DataCard], set[int]]:
    """cards_for_posts and withdrawn_posts together, in one query: what a thread page needs."""
    if not post_ids:
        return {}, set()
    rows = session.execute(
        select(Post.id, DataCard, DataWithdrawal.post_id)
        .outerjoin(DataCard, DataCard.post_id == Post.id)
        .outerjoin(DataWithdrawal, DataWithdrawal.post_id == Post.id)
        .where(
            Post.id.in_(post_ids),
            DataCard.id.is_not(None) | DataWithdrawal.post_id.is_not(None),
        )
    ).all()
    cards = {post_id: card for post_id, card, _mark in rows if card is not None}
    return cards, {post_id for post_id, _card, mark in rows if mark is not None}


def own_cards(session: Session, *, owner: Member) -> list[DataCard]:
    """The owner's cards, newest first, with their space, post and thread (one query)."""
    return list(
        session.scalars(
            select(DataCard)
            .options(
                joinedload(DataCard.space),
                joinedload(DataCard.post).joinedload(Post.thread),
            )
            .where(DataCard.owner_id == owner.id)
            .order_by(DataCard.created_at.desc(), DataCard.id.desc())
        )
    )


def own_card(session: Session, *, owner: Member, card_id: int) -> DataCard | None:
    """The owner's card with this id; None for another member's (callers answer 404)."""
    return session.scalar(
        select(DataCard)
        .options(joinedload(DataCard.space))
        .where(DataCard.id == card_id, DataCard.owner_id == owner.id)
    )


def unlinked_cards(session: Session, *, owner: Member, space_id: int) -> list[DataCard]:
    """The owner's cards built for this space and not yet joined to a post: a form's choices."""
    return list(
        session.scalars(
            select(DataCard)
            .where(
                DataCard.owner_id == owner.id,
                DataCard.space_id == space_id,
                DataCard.post_id.is_(None),
            )
            .order_by(DataCard.created_at.desc(), DataCard.id.desc())
        )
    )


def member_count(session: Session, *, space_id: int) -> int:
    return int(session.scalar(select(func.count()).where(Membership.space_id == space_id)) or 0)


def spaces_of(session: Session, *, member: Member) -> list[Space]:
    """The spaces the member has joined, by name: where they may build a card."""
    return list(
        session.scalars(
            select(Space)
            .join(Membership, Membership.space_id == Space.id)
            .where(Membership.member_id == member.id)
            .order_by(Space.name, Space.id)
        )
    )


def contexts_in(
    session: Session, *, member: Member, space_ids: Collection[int]
) -> dict[int, SpaceContext]:
    """The member's membership and roles in each of these spaces (one query): what
    permissions.can needs where a page spans several spaces, as the queue does."""
    if not space_ids:
        return {}
    joined = (
        select(Membership.space_id)
        .where(Membership.member_id == member.id, Membership.space_id.in_(space_ids))
        .subquery()
    )
    rows = session.execute(
        select(Space.id, joined.c.space_id, SpaceRole.kind)
        .outerjoin(joined, joined.c.space_id == Space.id)
        .outerjoin(SpaceRole, (SpaceRole.space_id == Space.id) & (SpaceRole.member_id == member.id))
        .where(Space.id.in_(space_ids))
    ).all()
    joined_ids: set[int] = set()
    kinds: dict[int, set[str]] = {space_id: set() for space_id in space_ids}
    for space_id, member_of, kind in rows:
        if member_of is not None:
            joined_ids.add(space_id)
        if kind is not None:
            kinds[space_id].add(str(kind))
    return {
        space_id: SpaceContext(is_member=space_id in joined_ids, role_kinds=frozenset(found))
        for space_id, found in kinds.items()
    }


def series_in_vault(session: Session, *, owner: Member) -> list[str]:
    """The measurement series the owner has records of. Reads only the clear `series`
    column of their own rows: what the card form offers, without decrypting the vault."""
    return sorted(
        session.scalars(
            select(VaultEntry.series)
            .where(
                VaultEntry.owner_id == owner.id,
                VaultEntry.category == Category.MEASUREMENT,
            )
            .distinct()
        )
    )

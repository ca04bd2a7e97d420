"""Who may see a data card, and the log of who saw it ("Qui a vu mes données")."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, joinedload

from community.accounts.models import Member
from community.forums.models import Post
from community.kernel.clock import utcnow
from community.kernel.pagination import Page, page_count
from community.permissions import Action, Role, SpaceContext, can, roles_of
from community.selfdata.card_queries import cards_and_withdrawals, contexts_in
from community.selfdata.cards import snapshot_of
from community.selfdata.charts import present
from community.selfdata.models import CardAudience, CardView, DataCard

# The role a view is logged with: the strongest the viewer holds in the card's space.
STRONGEST_FIRST = (
    Role.ASSOCIATION_ADMIN,
    Role.SPACE_MODERATOR,
    Role.SPACE_MEMBER,
    Role.SITE_ADMIN,
    Role.MEMBER,
    Role.SUSPENDED,
    Role.ANONYMOUS,
)


def _known(viewer: Member | None) -> Member | None:
    return viewer if viewer is not None and viewer.is_authenticated else None


def may_see(card: DataCard, viewer: Member | None, ctx: SpaceContext | None) -> bool:
    """The owner always; the space's members or its moderators, as the owner chose; never a
    visitor who is not logged in, nor a site admin as such."""
    viewer = _known(viewer)
    if viewer is None:
        return False
    if viewer.id == card.owner_id:
        return True
    needed = (
        Action.MODERATE_SPACE
        if card.audience is CardAudience.MODERATORS
        else Action.READ_DATA_CARDS
    )
    return can(needed, member=viewer, space_ctx=ctx)


def role_of(viewer: Member | None, ctx: SpaceContext | None) -> Role:
    held = roles_of(_known(viewer), ctx)
    return next(role for role in STRONGEST_FIRST if role in held)


def _row(card: DataCard, viewer: Member | None, role: Role, now: datetime) -> dict[str, Any]:
    return {
        "owner_id": card.owner_id,
        "card_id": card.id,
        "card_title": card.title,
        "post_id": card.post_id,
        "viewer_id": viewer.id if viewer is not None else None,
        "viewer_role": role.value,
        "viewed_at": now,
    }


def _log(session: Session, seen: Sequence[tuple[DataCard, Role]], viewer: Member | None) -> int:
    """One row per card seen by someone not its owner, all in one INSERT; how many."""
    viewer = _known(viewer)
    now = utcnow()
    rows = [
        _row(card, viewer, role, now)
        for card, role in seen
        if viewer is None or card.owner_id != viewer.id
    ]
    if rows:
        session.execute(insert(CardView), rows)
    return len(rows)


def record_views(
    session: Session, *, cards: Sequence[DataCard], viewer: Member | None, role: Role
) -> int:
    """Log one view per card not the viewer's own, in one INSERT; returns how many."""
    return _log(session, [(card, role) for card in cards], viewer)


def record_view(session: Session, *, card: DataCard, viewer: Member | None, role: Role) -> None:
    record_views(session, cards=[card], viewer=viewer, role=role)


def views_for(
    session: Session, *, owner: Member, number: int = 1, per_page: int = 50
) -> Page[CardView]:
    """One page of who saw the owner's cards, latest first, viewers loaded (two queries)."""
    total = session.scalar(select(func.count()).where(CardView.owner_id == owner.id)) or 0
    rows = session.scalars(
        select(CardView)
        .options(joinedload(CardView.viewer))
        .where(CardView.owner_id == owner.id)
        .order_by(CardView.viewed_at.desc(), CardView.id.desc())
        .limit(per_page)
        .offset((number - 1) * per_page)
    )
    return Page(list(rows), number, page_count(total, per_page))


def posts_of(session: Session, views: Sequence[CardView]) -> dict[int, Post]:
    """The posts these views were of, threads loaded, by id (one query, none if no post)."""
    ids = {view.post_id for view in views if view.post_id is not None}
    if not ids:
        return {}
    posts = session.scalars(select(Post).options(joinedload(Post.thread)).where(Post.id.in_(ids)))
    return {post.id: post for post in posts}


def purge_views(session: Session, *, older_than: datetime) -> int:
    """Forget the views logged before this instant; returns how many rows went."""
    result = session.execute(delete(CardView).where(CardView.viewed_at < older_than))
    return int(getattr(result, "rowcount", 0) or 0)


# --- what a page of posts shows in each post's card place --------------------------------


class SlotKind(enum.StrEnum):
    SHOWN = "shown"
    WITHDRAWN = "withdrawn"  # "Données retirées par leur auteur."
    FOR_MEMBERS = "members"  # a card the viewer may not see, for the space's members
    FOR_MODERATORS = "moderators"


@dataclass(frozen=True)
class CardSlot:
    kind: SlotKind
    card: DataCard | None = None
    presentation: Any = None  # charts.CardPresentation, when shown


def card_slots(
    session: Session, *, posts: Sequence[Post], viewer: Member | None, ctx: SpaceContext
) -> dict[int, CardSlot]:
    """For posts of one space: each card shown or not, withdrawal marks; logs the views
    by anyone but the owner. One query, and one INSERT when someone else sees a card."""
    cards, withdrawn = cards_and_withdrawals(session, [post.id for post in posts])
    return _decide(session, cards, withdrawn, viewer, lambda _space_id: ctx)


def queue_slots(session: Session, *, posts: Sequence[Post], viewer: Member) -> dict[int, CardSlot]:
    """The same for the moderation queue, whose posts come from several spaces; a waiting
    post has no withdrawal mark to show. One query for the cards, one for the viewer's
    roles in their spaces."""
    cards, _withdrawn = cards_and_withdrawals(session, [post.id for post in posts])
    if not cards:
        return {}
    contexts = contexts_in(session, member=viewer, space_ids={c.space_id for c in cards.values()})
    return _decide(session, cards, set(), viewer, lambda space_id: contexts[space_id])


def _decide(
    session: Session,
    cards: dict[int, DataCard],
    withdrawn: set[int],
    viewer: Member | None,
    contexts: Callable[[int], SpaceContext],  # the viewer's context in a space, by its id
) -> dict[int, CardSlot]:
    slots = {post_id: CardSlot(SlotKind.WITHDRAWN) for post_id in withdrawn}
    seen: list[tuple[DataCard, Role]] = []
    for post_id, card in cards.items():
        ctx = contexts(card.space_id)
        if may_see(card, viewer, ctx):
            slots[post_id] = CardSlot(SlotKind.SHOWN, card, present(snapshot_of(card)))
            seen.append((card, role_of(viewer, ctx)))
        elif card.audience is CardAudience.MODERATORS:
            slots[post_id] = CardSlot(SlotKind.FOR_MODERATORS, card)
        else:
            slots[post_id] = CardSlot(SlotKind.FOR_MEMBERS, card)
    _log(session, seen, viewer)
    return slots

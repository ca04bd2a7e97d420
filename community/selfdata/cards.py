"""Data cards' life: preview, consent and creation, linking to a post, withdrawal, erasure.

A card is built twice from the vault: once for the member to look at, and again when
they confirm, so that nothing the browser sends back is ever trusted as the snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.accounts.services import Erasure
from community.forums.models import Post, PostStatus, Space
from community.forums.queries import space_context
from community.kernel.clock import local_today, to_utc, utcnow
from community.permissions import Action, can
from community.selfdata import store
from community.selfdata.anonymizer import Anonymized, CardRequest, anonymize
from community.selfdata.card_queries import member_count
from community.selfdata.crypto import keyring
from community.selfdata.models import (
    CardAudience,
    CardView,
    DataCard,
    DataWithdrawal,
    PendingImport,
)
from community.selfdata.records import Category, Record

# A card goes with a post its author may still change: the moderator then decides on
# both at once ("the card is moderated with its post").
LINKABLE = (PostStatus.PENDING, PostStatus.NEEDS_EDIT)
TITLE_MAX = 160


class CardError(Exception):
    """A card the service refuses; `code` says why, `message` explains a refusal."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The member's local days [start, end] as naive UTC instants (measurements' times)."""
    after = to_utc(end + timedelta(days=1), None)
    return to_utc(start, None), after - timedelta(microseconds=1)


def _records(session: Session, *, owner: Member, request: CardRequest) -> list[Record]:
    """The owner's records the request covers; the anonymizer keeps what falls in the period."""
    first, last = utc_bounds(request.start, request.end)
    found = []
    for key in request.series:
        found += store.records(
            session,
            owner=owner,
            category=Category.MEASUREMENT,
            series=key,
            start=first,
            end=last,
        )
    # Days are stored as they were written (local days), not converted.
    day_end = datetime.combine(request.end, time())
    if request.treatments:
        # A treatment begun before the period may still run during it.
        found += store.records(session, owner=owner, category=Category.TREATMENT, end=day_end)
    day_start = datetime.combine(request.start, time())
    for wanted, category in ((request.symptoms, Category.SYMPTOM), (request.labs, Category.LAB)):
        if wanted:
            found += store.records(
                session, owner=owner, category=category, start=day_start, end=day_end
            )
    return [stored.record for stored in found]


def preview(session: Session, *, owner: Member, space: Space, request: CardRequest) -> Anonymized:
    """The card as others would see it, or why it cannot be made; nothing is stored."""
    return anonymize(
        _records(session, owner=owner, request=request),
        profile=store.load_profile(session, owner=owner),
        population=store.space_profiles(session, space_id=space.id),
        space_members=member_count(session, space_id=space.id),
        condition=space.name,
        request=request,
        k=int(current_app.config["SELFDATA_K_ANONYMITY"]),
        today=local_today(),
        identifiers=[owner.email] if owner.email else [],
    )


def create_card(
    session: Session,
    *,
    owner: Member,
    space: Space,
    request: CardRequest,
    audience: CardAudience,
) -> DataCard:
    """Anonymize again, from the vault as it is now, and store the sealed snapshot."""
    ctx = space_context(session, member=owner, space=space)
    if not ctx.is_member or not can(Action.POST_IN_SPACE, member=owner, space=space, space_ctx=ctx):
        raise CardError("not_member")
    result = preview(session, owner=owner, space=space, request=request)
    if result.snapshot is None:
        raise CardError("refused", result.refusal or "")
    card = DataCard(
        owner_id=owner.id,
        space_id=space.id,
        audience=audience,
        title=str(result.snapshot.get("title", ""))[:TITLE_MAX],
        sealed=keyring().seal(result.snapshot),
    )
    session.add(card)
    session.flush()
    return card


def snapshot_of(card: DataCard) -> dict[str, Any]:
    snapshot: dict[str, Any] = keyring().open(card.sealed)
    return snapshot


def link_card(session: Session, *, owner: Member, card: DataCard, post: Post) -> None:
    """Join the owner's unlinked card to their own post of the card's space, not yet published."""
    if card.owner_id != owner.id or post.author_id != owner.id:
        raise CardError("not_owner")
    if card.post_id is not None:
        raise CardError("already_linked")
    if post.status not in LINKABLE:
        raise CardError("post_not_linkable")
    if post.thread.space_id != card.space_id:
        raise CardError("other_space")
    if session.scalar(select(DataCard.id).where(DataCard.post_id == post.id)) is not None:
        raise CardError("post_has_card")
    card.post_id = post.id
    card.linked_at = utcnow()
    # A post given a new card no longer shows an older withdrawal.
    session.execute(delete(DataWithdrawal).where(DataWithdrawal.post_id == post.id))
    session.flush()


def withdraw_card(session: Session, *, owner: Member, card: DataCard) -> None:
    """Delete the card: the snapshot is gone, its post shows "données retirées par leur auteur".

    Cards are rendered on request from this row only: no search index holds them and no
    shared cache keeps them (their pages are sent no-store), so deleting the row removes
    the card everywhere. The search index holds posts' text only, never a card; anything
    that comes to index cards must remove them here.
    """
    if card.owner_id != owner.id:
        raise CardError("not_owner")
    if card.post_id is not None and session.get(DataWithdrawal, card.post_id) is None:
        session.add(DataWithdrawal(post_id=card.post_id))
    # The view log outlives the card, without pointing at a snapshot that no longer exists
    # (the foreign key also does so on the databases that enforce it).
    session.execute(update(CardView).where(CardView.card_id == card.id).values(card_id=None))
    session.delete(card)
    session.flush()


def withdraw_all(session: Session, *, owner: Member) -> int:
    cards: Sequence[DataCard] = session.scalars(
        select(DataCard).where(DataCard.owner_id == owner.id)
    ).all()
    for card in cards:
        withdraw_card(session, owner=owner, card=card)
    return len(cards)


def erase_cards(session: Session, *, owner: Member) -> None:
    """Every card withdrawn, the owner's view log deleted; as a viewer, the member becomes
    "membre supprimé" in other owners' logs."""
    withdraw_all(session, owner=owner)
    session.execute(delete(CardView).where(CardView.owner_id == owner.id))
    session.execute(update(CardView).where(CardView.viewer_id == owner.id).values(viewer_id=None))
    session.flush()


def forget_member(erasure: Erasure, *, session: Session) -> None:
    """Deleting one's account (signal `member_erasing`) deletes the vault, pending imports
    and every card."""
    member = erasure.member
    store.erase_vault(session, owner=member)
    session.execute(delete(PendingImport).where(PendingImport.owner_id == member.id))
    erase_cards(session, owner=member)

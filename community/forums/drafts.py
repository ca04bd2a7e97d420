"""Drafts: what a member was writing and has not sent, kept per place (a new thread of a
space, a reply in a thread, an edit of their post), to take up again later.

The words come and go sealed: sealing is the business of the page that keeps them, with
the vault's keys. Each operation flushes; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from community.accounts.models import Member
from community.forums.models import Draft, Post, Space, Thread
from community.kernel.clock import utcnow

# The most a member's list shows, latest first; the purge takes care of the others.
DRAFTS_LISTED = 200


@dataclass(frozen=True)
class Place:
    """Where a draft belongs: exactly one of the three."""

    space_id: int | None = None  # a new thread of this space
    thread_id: int | None = None  # a reply in this thread
    post_id: int | None = None  # an edit of this post

    @classmethod
    def new_thread(cls, space: Space) -> Place:
        return cls(space_id=space.id)

    @classmethod
    def reply(cls, thread: Thread) -> Place:
        return cls(thread_id=thread.id)

    @classmethod
    def edit(cls, post: Post) -> Place:
        return cls(post_id=post.id)

    def where(self) -> ColumnElement[bool]:
        if self.space_id is not None:
            return Draft.space_id == self.space_id
        if self.thread_id is not None:
            return Draft.thread_id == self.thread_id
        return Draft.post_id == self.post_id


def draft_at(session: Session, *, member: Member, place: Place) -> Draft | None:
    """The member's draft for this place, if any (one query)."""
    return session.scalar(select(Draft).where(Draft.member_id == member.id, place.where()))


def keep_draft(session: Session, *, member: Member, place: Place, sealed: bytes) -> Draft:
    """Write the member's draft for this place, replacing the one there was. Two requests
    of the same form at once (a double click) end with one draft: the one that inserts
    second finds the other's row and writes over it."""
    now = utcnow()
    draft = draft_at(session, member=member, place=place)
    if draft is None:
        try:
            with session.begin_nested():
                draft = Draft(
                    member_id=member.id,
                    space_id=place.space_id,
                    thread_id=place.thread_id,
                    post_id=place.post_id,
                    sealed=sealed,
                    created_at=now,
                    updated_at=now,
                )
                session.add(draft)
            return draft
        except IntegrityError:
            draft = draft_at(session, member=member, place=place)
            if draft is None:
                raise
    draft.sealed = sealed
    draft.updated_at = now
    session.flush()
    return draft


def drop_draft(session: Session, *, member: Member, place: Place) -> None:
    """The member sent what they wrote there, or emptied it: no draft is left."""
    session.execute(delete(Draft).where(Draft.member_id == member.id, place.where()))


def own_draft(session: Session, *, member: Member, draft_id: int) -> Draft | None:
    """The member's draft of this id, with where it belongs; None for anyone else's."""
    return session.scalar(
        select(Draft).options(*_places()).where(Draft.id == draft_id, Draft.member_id == member.id)
    )


def drafts_of(
    session: Session, *, member: Member, limit: int | None = DRAFTS_LISTED
) -> list[Draft]:
    """The member's drafts, the latest change first, with where each belongs (one query)."""
    return list(
        session.scalars(
            select(Draft)
            .options(*_places())
            .where(Draft.member_id == member.id)
            .order_by(Draft.updated_at.desc(), Draft.id.desc())
            .limit(limit)
        )
    )


def _places() -> tuple[_AbstractLoad, ...]:
    """Where each draft belongs, loaded with it: what the list names and links to."""
    return (
        joinedload(Draft.space),
        joinedload(Draft.thread).joinedload(Thread.space),
        joinedload(Draft.post).joinedload(Post.thread).joinedload(Thread.space),
    )


def delete_draft(session: Session, *, draft: Draft) -> None:
    session.delete(draft)
    session.flush()


def purge_drafts(session: Session, *, older_than: datetime) -> int:
    """Drafts nobody changed since `older_than`: their author has moved on."""
    result = session.execute(delete(Draft).where(Draft.updated_at < older_than))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def forget_drafts(session: Session, *, member: Member) -> None:
    """A member whose account goes leaves no draft behind."""
    session.execute(delete(Draft).where(Draft.member_id == member.id))

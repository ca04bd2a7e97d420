"""A space's prepared texts: written, ordered and deleted by its association, each change
logged; read by its moderators, who send one as it stands or followed by their own words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums.models import Space
from community.kernel.clock import utcnow
from community.kernel.text import has_visible_text
from community.moderation.canned.models import (
    CannedChange,
    CannedKind,
    CannedText,
    CannedTextChange,
)
from community.moderation.models import REJECTION_REASONS
from community.moderation.queue.services import REASON_TEXT_MAX
from community.textscan.normalize import fold_chars

TITLE_MAX = 80
# A prepared text is a moderator's text to an author: the same length rule.
TEXT_MAX = REASON_TEXT_MAX
# Of each kind, per space: every decision form lists them, and must stay short to read.
TEXTS_MAX = 30
CHANGES_PAGE_SIZE = 50
# Between the prepared text and what the moderator adds to it.
SEPARATOR = "\n\n"


class CannedError(Exception):
    """A change refused; `code` says why (the view picks the message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def compose(prepared: str, own: str) -> str:
    """The text an author receives: the prepared text, then the moderator's own words.

    Either may be empty: the moderator may send the prepared text as it stands, or write
    their own without one.
    """
    return SEPARATOR.join(part.strip() for part in (prepared, own) if part and part.strip())


def room_after(prepared: str) -> int:
    """How many characters the moderator may add after this prepared text."""
    return TEXT_MAX - len(prepared.strip()) - len(SEPARATOR)


# --- reading ------------------------------------------------------------------------------


def _ordered() -> tuple[Any, ...]:
    return (CannedText.kind, CannedText.position, CannedText.id)


def texts_of(session: Session, *, space: Space) -> list[CannedText]:
    """The space’s prepared texts, kind by kind, each kind in the order the association gave."""
    return list(
        session.scalars(
            select(CannedText).where(CannedText.space_id == space.id).order_by(*_ordered())
        )
    )


@dataclass(frozen=True)
class PreparedText:
    """A prepared text as the decision forms offer it: a copy of its row, which a
    rollback of the request (a form sent back) leaves readable without a query."""

    id: int
    space_id: int
    kind: CannedKind
    title: str
    body: str
    reason_code: str | None


def texts_for(session: Session, *, space_ids: Iterable[int]) -> dict[int, list[PreparedText]]:
    """Each space's prepared texts, in their order, in one query (none without a space)."""
    ids = set(space_ids)
    found: dict[int, list[PreparedText]] = {space_id: [] for space_id in ids}
    if ids:
        rows = session.execute(
            select(
                CannedText.id,
                CannedText.space_id,
                CannedText.kind,
                CannedText.title,
                CannedText.body,
                CannedText.reason_code,
            )
            .where(CannedText.space_id.in_(ids))
            .order_by(CannedText.space_id, *_ordered())
        )
        for row in rows:
            found[row.space_id].append(PreparedText(*row))
    return found


Kinded = TypeVar("Kinded", CannedText, PreparedText)


def of_kind(texts: Iterable[Kinded], kind: CannedKind) -> list[Kinded]:
    return [text for text in texts if text.kind is kind]


def text_of(session: Session, *, space: Space, text_id: int) -> CannedText | None:
    """One prepared text of this space; None if it is gone, or another space's."""
    text = session.get(CannedText, text_id)
    return text if text is not None and text.space_id == space.id else None


# --- the association's changes -------------------------------------------------------------


def _title_key(title: str) -> str:
    """What makes two titles the same in a form's list: case, accents and spaces folded."""
    return " ".join(fold_chars(title).folded.split())


def _checked(
    session: Session,
    *,
    space: Space,
    kind: CannedKind,
    title: str,
    body: str,
    reason_code: str | None,
    same: CannedText | None = None,
) -> tuple[str, str, str | None]:
    """The title, text and reason as stored, or CannedError before anything is written."""
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not has_visible_text(title):
        raise CannedError("no_title")
    if len(title) > TITLE_MAX:
        raise CannedError("title_too_long")
    if not has_visible_text(body):
        raise CannedError("no_body")
    if len(body) > TEXT_MAX:
        raise CannedError("body_too_long")
    reason_code = reason_code or None
    if reason_code is not None:
        if kind is not CannedKind.REFUSAL:
            raise CannedError("reason_for_edit")
        if reason_code not in REJECTION_REASONS:
            raise CannedError("unknown_reason")
    key = _title_key(title)
    siblings = session.scalars(
        select(CannedText).where(CannedText.space_id == space.id, CannedText.kind == kind)
    )
    if any(_title_key(other.title) == key for other in siblings if other is not same):
        raise CannedError("duplicate")
    return title, body, reason_code


def _log(
    session: Session,
    *,
    actor: Member,
    text: CannedText,
    action: CannedChange,
    position: int | None = None,
    previous_values: tuple[str, str, str | None] | None = None,
) -> CannedTextChange:
    change = CannedTextChange(
        space_id=text.space_id,
        canned_text_id=text.id,
        actor_id=actor.id,
        actor_pseudonym=actor.pseudonym,
        action=action,
        kind=text.kind,
        title=text.title,
        body=text.body,
        reason_code=text.reason_code,
        position=position,
        created_at=utcnow(),
    )
    if previous_values is not None:
        change.previous_title, change.previous_body, change.previous_reason_code = previous_values
    session.add(change)
    return change


def add_text(
    session: Session,
    *,
    actor: Member,
    space: Space,
    kind: CannedKind,
    title: str,
    body: str,
    reason_code: str | None = None,
) -> CannedText:
    """A new prepared text, last of its kind in the space.

    Raises CannedError "no_title", "title_too_long", "no_body", "body_too_long",
    "reason_for_edit", "unknown_reason", "duplicate" or "too_many".
    """
    kind = CannedKind(kind)
    title, body, reason_code = _checked(
        session, space=space, kind=kind, title=title, body=body, reason_code=reason_code
    )
    siblings = _siblings(session, space=space, kind=kind)
    if len(siblings) >= TEXTS_MAX:
        raise CannedError("too_many")
    now = utcnow()
    text = CannedText(
        space_id=space.id,
        kind=kind,
        title=title,
        body=body,
        reason_code=reason_code,
        position=max((other.position for other in siblings), default=0) + 1,
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
        updated_by_id=actor.id,
    )
    session.add(text)
    session.flush()
    _log(session, actor=actor, text=text, action=CannedChange.CREATED)
    session.flush()
    return text


def edit_text(
    session: Session,
    *,
    actor: Member,
    space: Space,
    text_id: int,
    title: str,
    body: str,
    reason_code: str | None = None,
) -> CannedText:
    """Change a prepared text's title, text or reason (its kind stays); an unchanged text
    is left as it was, and nothing logged. Decisions taken with it keep what they sent.

    Raises CannedError "gone" (deleted meanwhile, or another space's), or as add_text.
    """
    text = text_of(session, space=space, text_id=text_id)
    if text is None:
        raise CannedError("gone")
    checked = _checked(
        session,
        space=space,
        kind=text.kind,
        title=title,
        body=body,
        reason_code=reason_code,
        same=text,
    )
    before = (text.title, text.body, text.reason_code)
    if checked == before:
        return text
    text.title, text.body, text.reason_code = checked
    text.updated_at = utcnow()
    text.updated_by_id = actor.id
    _log(session, actor=actor, text=text, action=CannedChange.EDITED, previous_values=before)
    session.flush()
    return text


def _siblings(session: Session, *, space: Space, kind: CannedKind) -> list[CannedText]:
    return list(
        session.scalars(
            select(CannedText)
            .where(CannedText.space_id == space.id, CannedText.kind == kind)
            .order_by(CannedText.position, CannedText.id)
        )
    )


def move_text(
    session: Session, *, actor: Member, space: Space, text_id: int, up: bool
) -> CannedText | None:
    """Move a prepared text one place up or down among those of its kind; None if it is
    first (or last) already. The list is numbered again from 1, so that places two
    admins gave at once never stay tied.

    Raises CannedError "gone".
    """
    text = text_of(session, space=space, text_id=text_id)
    if text is None:
        raise CannedError("gone")
    siblings = _siblings(session, space=space, kind=text.kind)
    index = siblings.index(text)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(siblings):
        return None
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for place, sibling in enumerate(siblings, start=1):
        sibling.position = place
    _log(session, actor=actor, text=text, action=CannedChange.MOVED, position=target + 1)
    session.flush()
    return text


def delete_text(session: Session, *, actor: Member, space: Space, text_id: int) -> str | None:
    """Delete a prepared text, logged as it stood; its title, or None if it was gone.

    Decisions taken with it keep what they sent: they hold a copy, never a link.
    """
    text = text_of(session, space=space, text_id=text_id)
    if text is None:
        return None
    _log(session, actor=actor, text=text, action=CannedChange.DELETED)
    title = text.title
    session.delete(text)
    session.flush()
    return title


# --- the log --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangesPage:
    entries: Sequence[CannedTextChange]
    # The id to pass as ?avant= for the older changes, None on the last page.
    next_before: int | None


def changes_page(
    session: Session,
    *,
    space: Space,
    before: int | None = None,
    per_page: int = CHANGES_PAGE_SIZE,
) -> ChangesPage:
    """One page of the space's changes to its prepared texts, newest first, by keyset on
    (created_at, id); a cursor of another space's change yields an empty page."""
    query = (
        select(CannedTextChange)
        .where(CannedTextChange.space_id == space.id)
        .order_by(CannedTextChange.created_at.desc(), CannedTextChange.id.desc())
    )
    if before is not None:
        at = (
            select(CannedTextChange.created_at)
            .where(CannedTextChange.id == before, CannedTextChange.space_id == space.id)
            .scalar_subquery()
        )
        query = query.where(
            or_(
                CannedTextChange.created_at < at,
                and_(CannedTextChange.created_at == at, CannedTextChange.id < before),
            )
        )
    rows = list(session.scalars(query.limit(per_page + 1)))
    entries = rows[:per_page]
    return ChangesPage(
        entries=entries, next_before=entries[-1].id if len(rows) > per_page else None
    )

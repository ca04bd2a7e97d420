"""Reactions to published posts ("Merci", "Moi aussi", "Je vous soutiens"): adding and
withdrawing one, and what a page of posts shows of them. Each operation flushes; the
caller commits.

Who may react, and who may see who reacted, is permissions' (Action.REACT,
Action.SEE_WHO_REACTED); what is checked here is the post: published, in a published
thread, and not the member's own (a reaction is what others say of a post: thanking or
supporting oneself would only inflate the counts, and Discourse, the forum most patient
communities run on, refuses it for the same reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums.models import Post, PostStatus, Reaction, ReactionKind
from community.forums.spaces import ForumError
from community.kernel.clock import utcnow

KINDS = tuple(ReactionKind)


def _check(member: Member, post: Post) -> None:
    if post.status is not PostStatus.PUBLISHED or post.thread.status is not PostStatus.PUBLISHED:
        raise ForumError("not_published")
    if post.author_id == member.id:
        raise ForumError("own_post")


def react(session: Session, *, member: Member, post: Post, kind: ReactionKind) -> None:
    """Add the member's reaction of this kind; already there, nothing changes (a form sent
    twice, or by two requests at once, keeps one)."""
    _check(member, post)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(Reaction)
        .values(post_id=post.id, member_id=member.id, kind=kind, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["post_id", "member_id", "kind"])
    )
    session.flush()


def withdraw_reaction(session: Session, *, member: Member, post: Post, kind: ReactionKind) -> None:
    """Take the member's reaction of this kind back (none there: nothing changes)."""
    session.execute(
        delete(Reaction).where(
            Reaction.post_id == post.id, Reaction.member_id == member.id, Reaction.kind == kind
        )
    )
    session.flush()


def forget_reactions(session: Session, *, member: Member) -> None:
    """An account is being deleted: its reactions go."""
    session.execute(delete(Reaction).where(Reaction.member_id == member.id))
    session.flush()


# --- what a page shows ------------------------------------------------------------------


@dataclass
class PostReactions:
    """One post's reactions as a reader sees them."""

    counts: dict[ReactionKind, int] = field(default_factory=dict)
    # The reader's own, and (for who may see them) the pseudonyms, by kind, oldest first.
    mine: set[ReactionKind] = field(default_factory=set)
    names: dict[ReactionKind, list[str]] = field(default_factory=dict)
    # Whether the reader may react to this post here (the page's right, and not their own).
    can_react: bool = False
    names_shown: bool = False
    # The page's: each kind's label in the reader's language, and where a form comes back.
    labels: dict[ReactionKind, str] = field(default_factory=dict)
    back: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class PageReactions:
    """What a page of posts shows of their reactions, by post id."""

    by_post: dict[int, PostReactions]
    can_react: bool
    names_shown: bool
    reader_id: int | None
    # Words and an address the page's every post shares: worked out once, not per post.
    labels: dict[ReactionKind, str] = field(default_factory=dict)
    back: str = ""

    def of(self, post: Post) -> PostReactions | None:
        """A published post's reactions (none to show or give on any other)."""
        if post.status is not PostStatus.PUBLISHED:
            return None
        found = self.by_post.get(post.id) or PostReactions()
        found.can_react = self.can_react and post.author_id != self.reader_id
        found.names_shown = self.names_shown
        found.labels, found.back = self.labels, self.back
        return found


def for_page(
    session: Session,
    *,
    posts: Sequence[Post],
    reader: Member | None,
    can_react: bool,
    names_shown: bool,
    labels: dict[ReactionKind, str],
    back: str = "",
) -> PageReactions:
    """The reactions of every published post of a page, in one query (none without a
    post): with the reactors' pseudonyms for who may see them, else counts only. `labels`
    name each kind in the reader's language; `back` is where a reaction's form returns."""
    ids = [post.id for post in posts if post.status is PostStatus.PUBLISHED]
    by_post: dict[int, PostReactions] = {}
    reader_id = reader.id if reader is not None else None
    if ids and (names_shown or can_react):  # a reactor needs to know their own
        rows: Sequence[Any] = session.execute(
            select(Reaction.post_id, Reaction.kind, Reaction.member_id, Member.pseudonym)
            .join(Member, Member.id == Reaction.member_id)
            .where(Reaction.post_id.in_(ids))
            .order_by(Reaction.created_at, Reaction.member_id)
        ).all()
        for post_id, kind, member_id, pseudonym in rows:
            entry = by_post.setdefault(post_id, PostReactions())
            entry.counts[kind] = entry.counts.get(kind, 0) + 1
            entry.names.setdefault(kind, []).append(pseudonym)
            if member_id == reader_id:
                entry.mine.add(kind)
    elif ids:
        counted = session.execute(
            select(Reaction.post_id, Reaction.kind, func.count())
            .where(Reaction.post_id.in_(ids))
            .group_by(Reaction.post_id, Reaction.kind)
        ).all()
        for post_id, kind, count in counted:
            by_post.setdefault(post_id, PostReactions()).counts[kind] = count
    return PageReactions(by_post, can_react, names_shown, reader_id, labels, back)

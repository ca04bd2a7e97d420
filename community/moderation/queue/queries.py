"""The moderation queue: the spaces a member moderates and what waits there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session, joinedload

from community.accounts.models import Member
from community.forums.models import Post, PostRevision, PostStatus, Space, SpaceRole, Thread
from community.kernel.clock import utcnow
from community.moderation.models import ModerationItem
from community.moderation.scoring.detectors import Finding
from community.moderation.scoring.risk import HIGH_RISK
from community.permissions import Action, SpaceContext, can

QUEUE_PAGE_SIZE = 20


def moderated_spaces(session: Session, *, member: Member) -> list[Space]:
    """The spaces this member may moderate through a role there (one query).

    Site admins get nothing from being site admins: moderation is the specialists' work.
    """
    if not member.is_authenticated:
        return []
    rows = session.execute(
        select(Space, SpaceRole.kind)
        .join(SpaceRole, SpaceRole.space_id == Space.id)
        .where(SpaceRole.member_id == member.id)
        .order_by(Space.name, Space.id)
    ).all()
    kinds: dict[int, set[str]] = {}
    spaces: dict[int, Space] = {}
    for space, kind in rows:
        spaces[space.id] = space
        kinds.setdefault(space.id, set()).add(str(kind))
    return [
        space
        for space in spaces.values()
        if can(
            Action.MODERATE_SPACE,
            member=member,
            space=space,
            space_ctx=SpaceContext(role_kinds=frozenset(kinds[space.id])),
        )
    ]


@dataclass(frozen=True)
class Cursor:
    """Where a page of the queue ends: the sort key of its last item."""

    urgent: bool
    risk: float
    requested_at: datetime
    post_id: int

    def token(self) -> str:
        return f"{int(self.urgent)}_{self.risk!r}_{self.requested_at.isoformat()}_{self.post_id}"

    @classmethod
    def parse(cls, token: str | None) -> Cursor | None:
        """The cursor a token names, or None (the first page) for anything malformed."""
        if not token or len(token) > 100:
            return None
        try:
            urgent, risk, requested_at, post_id = token.split("_")
            return cls(
                urgent=bool(int(urgent)),
                risk=float(risk),
                requested_at=datetime.fromisoformat(requested_at),
                post_id=int(post_id),
            )
        except ValueError:
            return None


@dataclass(frozen=True)
class AuthorHistory:
    """What moderators decided on an author's posts so far (counts)."""

    published: int = 0
    refused: int = 0
    edits_requested: int = 0
    unpublished: int = 0


@dataclass(frozen=True)
class EntryReport:
    """An open report, with the reporter's pseudonym (moderators may see it, authors never)."""

    reason_code: str
    reason_text: str
    reporter: str
    created_at: datetime
    # A visitor's notice of illegal content (VisitorNotice), rather than a member's report.
    from_visitor: bool = False


@dataclass
class QueueEntry:
    """One post waiting, and what the queue page shows around it (see details)."""

    post: Post
    item: ModerationItem | None
    # A proposed edit of a published post, when that is what waits.
    revision: PostRevision | None = None
    reports: list[EntryReport] = field(default_factory=list)
    history: AuthorHistory = field(default_factory=AuthorHistory)
    # Whether the post opens its thread, and for a reply the thread's latest published
    # posts before it (at most two, oldest first).
    opens_thread: bool = True
    previous: list[Post] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [Finding.from_dict(data) for data in (self.item.findings or [])] if self.item else []

    def spans(self, field: str) -> list[tuple[int, int]]:
        if self.item is None:
            return []
        return [
            (int(start), int(end))
            for data in (self.item.findings or [])
            if data.get("field", "body") == field
            for start, end in data.get("spans", ())
        ]

    @property
    def is_new(self) -> bool:
        return self.post.status is PostStatus.PENDING

    @property
    def body_text(self) -> str:
        """The text the worker scored: the proposed one for an edit."""
        return self.revision.body_source if self.revision else self.post.body_source

    @property
    def title_text(self) -> str:
        """The title the worker scored: the proposed one, if an edit changes it."""
        proposed = self.revision.title if self.revision and self.revision.title else None
        return proposed or self.post.thread.title

    @property
    def title_changed(self) -> bool:
        return bool(self.revision and self.revision.title)

    @property
    def scores(self) -> list[tuple[str, float]]:
        if self.item is None or not self.item.scores:
            return []
        return sorted(self.item.scores.items(), key=lambda pair: -pair[1])

    @property
    def reasons(self) -> list[Any]:
        return [finding.reason for finding in self.findings]

    @property
    def is_scored(self) -> bool:
        return self.item is not None and self.item.is_scored

    @property
    def risk(self) -> float:
        return self.item.risk if self.item is not None else 0.0

    @property
    def high_risk(self) -> bool:
        return self.urgent or self.risk >= HIGH_RISK

    @property
    def score_unavailable(self) -> bool:
        return self.item is not None and self.item.score_error is not None

    @property
    def urgent(self) -> bool:
        return self.item is not None and self.item.urgent

    @property
    def claimant_id(self) -> int | None:
        """Who holds a live claim on the post, if anyone (an expired claim is nobody's)."""
        item = self.item
        if item is None or item.claimed_until is None or item.claimed_until <= utcnow():
            return None
        return item.claimed_by_id

    def claimed_by_other(self, member: Member) -> bool:
        """Whether someone else holds a live claim: then only they decide."""
        return self.claimant_id not in (None, member.id)

    def claimed_by_me(self, member: Member) -> bool:
        return self.claimant_id == member.id

    @property
    def escalated(self) -> bool:
        return self.item is not None and self.item.escalated_to_id is not None

    def cursor(self) -> Cursor:
        assert self.post.review_requested_at is not None
        return Cursor(
            urgent=self.urgent,
            risk=self.item.risk if self.item else 0.0,
            requested_at=self.post.review_requested_at,
            post_id=self.post.id,
        )


@dataclass(frozen=True)
class QueuePage:
    entries: Sequence[QueueEntry]
    next_token: str | None


# A post waits as new (pending) or, once published, for an edit or after a report.
WAITING_STATUSES = (PostStatus.PENDING, PostStatus.PUBLISHED)


def pending_queue(
    session: Session,
    *,
    spaces: Iterable[Space],
    after: Cursor | None = None,
    per_page: int = QUEUE_PAGE_SIZE,
    escalated_to: Member | None = None,
) -> QueuePage:
    """What waits for a moderator in these spaces: urgent first, then riskiest, then oldest;
    one query whatever the page, read by keyset (no OFFSET over 10,000 rows).

    `escalated_to`: only the posts handed to this member ("Transmis à moi").
    """
    space_ids = [space.id for space in spaces]
    if not space_ids:
        return QueuePage(entries=[], next_token=None)
    urgent = func.coalesce(ModerationItem.urgent, false())
    risk = func.coalesce(ModerationItem.risk, 0.0)
    query = (
        select(Post, ModerationItem)
        .join(Thread, Thread.id == Post.thread_id)
        .outerjoin(ModerationItem, ModerationItem.post_id == Post.id)
        .options(
            joinedload(Post.thread).joinedload(Thread.space),
            joinedload(Post.author),
            joinedload(ModerationItem.claimed_by),
            joinedload(ModerationItem.escalated_to),
            joinedload(ModerationItem.escalated_by),
        )
        .where(
            Thread.space_id.in_(space_ids),
            Post.status.in_(WAITING_STATUSES),
            Post.review_requested_at.is_not(None),
        )
        .order_by(urgent.desc(), risk.desc(), Post.review_requested_at, Post.id)
        .limit(per_page + 1)
    )
    if escalated_to is not None:
        query = query.where(ModerationItem.escalated_to_id == escalated_to.id)
    if after is not None:
        # Booleans do not compare with "<" in SQLAlchemy: after an urgent item come the
        # non-urgent ones; after a non-urgent one, nothing is "less urgent".
        less_urgent = urgent.is_(false()) if after.urgent else false()
        query = query.where(
            or_(
                less_urgent,
                and_(urgent == after.urgent, risk < after.risk),
                and_(
                    urgent == after.urgent,
                    risk == after.risk,
                    Post.review_requested_at > after.requested_at,
                ),
                and_(
                    urgent == after.urgent,
                    risk == after.risk,
                    Post.review_requested_at == after.requested_at,
                    Post.id > after.post_id,
                ),
            )
        )
    rows = session.execute(query).unique().all()
    entries = [QueueEntry(post=post, item=item) for post, item in rows[:per_page]]
    next_token = entries[-1].cursor().token() if len(rows) > per_page else None
    return QueuePage(entries=entries, next_token=next_token)


def posts_to_decide(
    session: Session, *, post_ids: Iterable[int], spaces: Iterable[Space]
) -> list[Post]:
    """These posts, if they are in these spaces, with thread and space (one query)."""
    ids = sorted(set(post_ids))
    space_ids = [space.id for space in spaces]
    if not ids or not space_ids:
        return []
    return list(
        session.scalars(
            select(Post)
            .join(Thread, Thread.id == Post.thread_id)
            .options(joinedload(Post.thread).joinedload(Thread.space), joinedload(Post.author))
            .where(Post.id.in_(ids), Thread.space_id.in_(space_ids))
            .order_by(Post.id)
        ).unique()
    )

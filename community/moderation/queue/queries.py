"""The moderation queue: the spaces a member moderates and what waits there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, case, cast, exists, false, func, or_, select
from sqlalchemy.orm import Session, joinedload

from community.accounts.models import Member
from community.forums.models import Post, PostRevision, PostStatus, Space, SpaceRole, Thread
from community.kernel.clock import utcnow
from community.moderation.models import ModerationItem, PostReport
from community.moderation.scoring.detectors import LABEL_NAMES, Finding, Kind
from community.moderation.scoring.risk import HIGH_RISK
from community.permissions import Action, SpaceContext, can

QUEUE_PAGE_SIZE = 20
# A model score below this says nothing worth a moderator's look: its bar is folded away.
SCORE_FLOOR = 0.2
# The labels always in the same order, item after item, so that the eye finds each one.
LABEL_ORDER = {label: index for index, label in enumerate(LABEL_NAMES)}
# The list view shows one line per post: more of them fit on a page.
LIST_PAGE_SIZE = 50


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
        """Every label's score, in the labels' fixed order (unknown labels last, by name)."""
        if self.item is None or not self.item.scores:
            return []
        return sorted(
            self.item.scores.items(),
            key=lambda pair: (LABEL_ORDER.get(pair[0], len(LABEL_ORDER)), pair[0]),
        )

    @property
    def strong_scores(self) -> list[tuple[str, float]]:
        """The scores at or above SCORE_FLOOR: the bars shown at once."""
        return [(label, value) for label, value in self.scores if value >= SCORE_FLOOR]

    @property
    def weak_scores(self) -> list[tuple[str, float]]:
        """The scores below SCORE_FLOOR: folded."""
        return [(label, value) for label, value in self.scores if value < SCORE_FLOOR]

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


def _has_kind(kind: Kind) -> ColumnElement[bool]:
    """Whether an item's stored findings hold one of this kind.

    The findings are JSON written by the worker through SQLAlchemy's serializer, the same
    text on both databases; a search in that text spares a column per kind, and the queue
    reads it only for the rows it already scans.
    """
    return cast(ModerationItem.findings, Text).like(f'%"kind": "{kind}"%')


def _reported() -> ColumnElement[bool]:
    """A published post with an open report (ix_post_report_open answers it)."""
    return and_(
        Post.status == PostStatus.PUBLISHED,
        exists().where(PostReport.post_id == Post.id, PostReport.resolved_at.is_(None)),
    )


# The queue's filters by finding, by the name the address gives them (?filtre=…).
FILTERS: dict[str, Any] = {
    "urgent": lambda: func.coalesce(ModerationItem.urgent, false()),
    "donnees": lambda: _has_kind(Kind.PERSONAL_DATA),
    "conseil": lambda: _has_kind(Kind.DANGEROUS_ADVICE),
    "spam": lambda: _has_kind(Kind.SPAM),
    "signale": _reported,
    "mot": lambda: _has_kind(Kind.WATCHED_WORD),
}


@dataclass(frozen=True)
class QueueFilter:
    """What part of the queue a moderator asked for: a finding, a space, or all."""

    finding: str | None = None
    space_id: int | None = None

    @classmethod
    def parse(
        cls, finding: str | None, space_slug: str | None, spaces: Sequence[Space]
    ) -> QueueFilter:
        """The filter the address names; an unknown finding or space is no filter."""
        space_ids = {space.slug: space.id for space in spaces}
        return cls(
            finding=finding if finding in FILTERS else None,
            space_id=space_ids.get(space_slug or ""),
        )


@dataclass(frozen=True)
class QueueCounts:
    """How many posts wait, in all, per space and per finding (in the chosen space)."""

    total: int
    by_space: dict[int, int]
    by_finding: dict[str, int]


def _waiting(space_ids: Sequence[int]) -> list[ColumnElement[bool]]:
    return [
        Thread.space_id.in_(space_ids),
        Post.status.in_(WAITING_STATUSES),
        Post.review_requested_at.is_not(None),
    ]


def queue_counts(
    session: Session, *, spaces: Iterable[Space], space_id: int | None = None
) -> QueueCounts:
    """The counts beside the queue's filters: one grouped query over the waiting posts."""
    space_ids = [space.id for space in spaces]
    if not space_ids:
        return QueueCounts(total=0, by_space={}, by_finding={})
    columns = [func.count(Post.id)] + [
        func.coalesce(func.sum(case((condition(), 1), else_=0)), 0)
        for condition in FILTERS.values()
    ]
    rows = session.execute(
        select(Thread.space_id, *columns)
        .select_from(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .outerjoin(ModerationItem, ModerationItem.post_id == Post.id)
        .where(*_waiting(space_ids))
        .group_by(Thread.space_id)
    ).all()
    by_space = {row[0]: int(row[1]) for row in rows}
    chosen = [row for row in rows if space_id is None or row[0] == space_id]
    by_finding = {
        name: sum(int(row[2 + index]) for row in chosen) for index, name in enumerate(FILTERS)
    }
    return QueueCounts(total=sum(by_space.values()), by_space=by_space, by_finding=by_finding)


def pending_queue(
    session: Session,
    *,
    spaces: Iterable[Space],
    after: Cursor | None = None,
    per_page: int = QUEUE_PAGE_SIZE,
    escalated_to: Member | None = None,
    only: QueueFilter | None = None,
) -> QueuePage:
    """What waits for a moderator in these spaces: urgent first, then riskiest, then oldest;
    one query whatever the page, read by keyset (no OFFSET over 10,000 rows).

    `escalated_to`: only the posts handed to this member ("Transmis à moi"); `only`: a
    finding's or a space's posts.
    """
    space_ids = [space.id for space in spaces]
    if only is not None and only.space_id is not None:
        space_ids = [space_id for space_id in space_ids if space_id == only.space_id]
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
    if only is not None and only.finding is not None:
        query = query.where(FILTERS[only.finding]())
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


def entry_for(session: Session, *, post: Post) -> QueueEntry | None:
    """The post as the queue shows it, if it still waits for a moderator."""
    if post.status not in WAITING_STATUSES or post.review_requested_at is None:
        return None
    item = session.scalar(
        select(ModerationItem)
        .options(
            joinedload(ModerationItem.claimed_by),
            joinedload(ModerationItem.escalated_to),
            joinedload(ModerationItem.escalated_by),
        )
        .where(ModerationItem.post_id == post.id)
    )
    return QueueEntry(post=post, item=item)


def next_waiting(
    session: Session,
    *,
    spaces: Iterable[Space],
    after: Cursor | None,
    member: Member,
    escalated_to: Member | None = None,
    only: QueueFilter | None = None,
) -> Post | None:
    """The first post after `after` in the same queue that nobody else is examining."""
    page = pending_queue(
        session, spaces=spaces, after=after, per_page=5, escalated_to=escalated_to, only=only
    )
    for entry in page.entries:
        if not entry.claimed_by_other(member):
            return entry.post
    return page.entries[0].post if page.entries else None


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

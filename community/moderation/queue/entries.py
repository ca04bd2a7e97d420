"""What the queue page shows of each waiting post, and where a page of the queue ends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from community.accounts.models import Member
from community.forums.models import Post, PostRevision, PostStatus
from community.kernel.clock import utcnow
from community.moderation.models import ModerationItem
from community.moderation.scoring.detectors import LABEL_NAMES, Finding
from community.moderation.scoring.risk import HIGH_RISK

# A model score below this says nothing worth a moderator's look: its bar is folded away.
SCORE_FLOOR = 0.2
# The labels always in the same order, item after item, so that the eye finds each one.
LABEL_ORDER = {label: index for index, label in enumerate(LABEL_NAMES)}


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
        # The queue sorts by its item's copy of the request (the post's own, kept equal).
        requested_at = (self.item and self.item.waiting_since) or self.post.review_requested_at
        assert requested_at is not None
        return Cursor(
            urgent=self.urgent,
            risk=self.item.risk if self.item else 0.0,
            requested_at=requested_at,
            post_id=self.post.id,
        )


@dataclass(frozen=True)
class QueuePage:
    entries: Sequence[QueueEntry]
    next_token: str | None

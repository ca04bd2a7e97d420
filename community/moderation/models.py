"""What moderation keeps about each post: scores, detectors' findings, the worker's lease."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from community.accounts.models import Member
from community.extensions import db, enum_type
from community.forums.models import Post
from community.kernel.clock import utcnow
from community.kernel.reasons import RejectionReason, ReportReason

# What an item says when its post could not be scored; the post stays pending.
SCORE_UNAVAILABLE = "score indisponible"


# The kinds of finding the queue filters on, each with the item's column that says whether
# the post's findings hold one (detectors.Kind names them; the queue's filters.py maps them).
QUEUE_KINDS = {
    "personal_data": "has_personal_data",
    "dangerous_advice": "has_dangerous_advice",
    "spam": "has_spam",
    "watched_word": "has_watched_word",
}


def _kinds_in(findings: Any) -> set[str]:
    return {str(finding.get("kind")) for finding in findings or ()}


def _found(kind: str) -> Any:
    """A column default: whether the row's findings hold this kind (for rows inserted in
    bulk, which no validator sees)."""

    def default(context: Any) -> bool:
        return kind in _kinds_in(context.get_current_parameters().get("findings"))

    return default


def _requested(context: Any) -> Any:
    """A column default: an item is made for the request it names, so its post waits since then."""
    return context.get_current_parameters().get("requested_at")


class ModerationItem(db.Model):  # type: ignore[name-defined]
    """One row per post that ever waited for a moderator.

    `requested_at` is the post's review_requested_at this row scored (or is scoring): when
    the post asks again (an edit), the two differ and the worker scores it anew.

    `waiting_since` is the queue's own copy of the post's review_requested_at while the
    post waits (None once nothing waits on it, see queue.waiting), and the has_* columns
    say what kinds of finding it holds: the queue's order, filters and counts read this
    table's partial indexes alone, never the whole of the waiting posts.
    """

    __tablename__ = "moderation_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: the claim query joins on it from ix_post_review_requested.
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), unique=True)
    # Copied from the thread when claimed, so that a space's queue reads one index.
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime)

    # A worker holds the item until lease_expires_at; past it another may claim it,
    # which is how a worker killed mid-batch loses nothing.
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # After a failed scoring, when to try again (the model may come back).
    retry_at: Mapped[datetime | None] = mapped_column(DateTime)

    scores: Mapped[dict[str, float] | None] = mapped_column(JSON)
    findings: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    risk: Mapped[float] = mapped_column(Float, default=0.0)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Written with the findings (the validator below, or the defaults for a bulk insert).
    has_personal_data: Mapped[bool] = mapped_column(
        Boolean, default=_found("personal_data"), server_default=false()
    )
    has_dangerous_advice: Mapped[bool] = mapped_column(
        Boolean, default=_found("dangerous_advice"), server_default=false()
    )
    has_spam: Mapped[bool] = mapped_column(Boolean, default=_found("spam"), server_default=false())
    has_watched_word: Mapped[bool] = mapped_column(
        Boolean, default=_found("watched_word"), server_default=false()
    )
    waiting_since: Mapped[datetime | None] = mapped_column(DateTime, default=_requested)
    model_version: Mapped[str | None] = mapped_column(String(120))
    scored_at: Mapped[datetime | None] = mapped_column(DateTime)
    score_error: Mapped[str | None] = mapped_column(String(200))

    # A moderator examining the post holds it until claimed_until, so that two people do
    # not work on the same post; others see "en cours d'examen par …". Past that time the
    # claim is void without anyone having to release it.
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    # Handed to another moderator or an association admin of the space, with a note; the
    # post stays in the space's queue, first in the queue of the one it was handed to.
    escalated_to_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    escalated_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime)
    escalation_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    post: Mapped[Post] = relationship()
    claimed_by: Mapped[Member | None] = relationship(foreign_keys=[claimed_by_id])
    escalated_to: Mapped[Member | None] = relationship(foreign_keys=[escalated_to_id])
    escalated_by: Mapped[Member | None] = relationship(foreign_keys=[escalated_by_id])

    @property
    def is_scored(self) -> bool:
        return self.scored_at is not None and self.score_error is None

    @validates("findings")
    def _kinds_follow(self, _key: str, findings: Any) -> Any:
        """Whatever writes the findings (the worker scoring, a test) writes their kinds."""
        kinds = _kinds_in(findings)
        for kind, column in QUEUE_KINDS.items():
            setattr(self, column, kind in kinds)
        return findings


def _waiting_index(name: str, *where: Any) -> Index:
    """A partial index of the waiting items of a space in the queue's order: urgent first,
    then riskiest, then oldest request (and the post as the last tie-break)."""
    item = ModerationItem.__table__.c
    condition = and_(item.waiting_since.is_not(None), *where)
    return Index(
        name,
        item.space_id,
        item.urgent.desc(),
        item.risk.desc(),
        item.waiting_since,
        item.post_id,
        sqlite_where=condition,
        postgresql_where=condition,
    )


# The queue, and each filter by kind of finding: only what waits, so each stays the size of
# what a moderator has to do, however long the space's history.
_waiting_index("ix_moderation_item_waiting")
for _kind, _column in QUEUE_KINDS.items():
    _waiting_index(f"ix_moderation_item_waiting_{_kind}", ModerationItem.__table__.c[_column])


# --- decisions ---


class DecisionAction(enum.StrEnum):
    # On a new post, or (with revision_id) on a proposed edit of a published post.
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_EDIT = "request_edit"
    # On a reported published post: take it down, or keep it and close its reports.
    UNPUBLISH = "unpublish"
    DISMISS_REPORTS = "dismiss_reports"
    # Handed to another moderator or an association admin (target_pseudonym); the post
    # still waits.
    ESCALATE = "escalate"
    # Published at once under the space's policy: a trusted member, every score under
    # its threshold, nothing found. No moderator; moderator_pseudonym is empty.
    AUTO_PUBLISH = "auto_publish"
    # The outcome of an appeal (Appeal), decided by another moderator than the first:
    # the decision stands, or is reversed (the post published again, or taken down, or
    # the account's suspension lifted).
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_REVERSED = "appeal_reversed"
    # About an account rather than a post (subject_id; no post_id): a member suspended
    # from the whole site (no space_id) by a site admin, and the suspension lifted early.
    SUSPEND = "suspend"
    REINSTATE = "reinstate"


# Why a post was rejected, and why a member reports one: fixed lists (see their labels).
REJECTION_REASONS = tuple(RejectionReason)


class ModerationDecision(db.Model):  # type: ignore[name-defined]
    """One moderator's decision on one post, or on one member's account: an append-only
    audit log, never updated.

    The pseudonym, scores, findings and model version are copied at the time of the
    decision, so the record still says what the moderator saw after the item is scored
    again or the account is deleted.
    """

    __tablename__ = "moderation_decision"
    __table_args__ = (
        # The audit log of a space (or, for NULL, of the whole site), latest first.
        Index("ix_moderation_decision_space", "space_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a decision about an account (subject_id) rather than a post.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id"), index=True)
    # None for a decision about the whole site (a site admin's suspension).
    space_id: Mapped[int | None] = mapped_column(ForeignKey("space.id"))
    # The member whose account a decision is about (a suspension, its lifting, and the
    # outcome of its appeal); None for a decision on a post.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    # Nullable: an account deleted later leaves its decisions, pseudonymized.
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    moderator_pseudonym: Mapped[str] = mapped_column(String(80))
    action: Mapped[DecisionAction] = mapped_column(enum_type(DecisionAction, 16))
    reason_code: Mapped[str | None] = mapped_column(String(40))
    reason_text: Mapped[str] = mapped_column(Text, default="")
    scores: Mapped[dict[str, float] | None] = mapped_column(JSON)
    findings: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    model_version: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The proposed edit this decision was about, for an edit of a published post.
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("post_revision.id"))
    # For an escalation: to whom, as they were named then.
    target_pseudonym: Mapped[str | None] = mapped_column(String(80))
    # For a restriction (refusal, take-down, edit request, suspension): what its statement
    # of reasons needs beyond the columns above, frozen at the decision
    # (moderation.statements).
    statement: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    subject: Mapped[Member | None] = relationship(foreign_keys=[subject_id])


# --- reports -------------------------------------------------------------------------------

# "danger" (the author seems to be at risk) makes the post urgent in the queue.
REPORT_REASONS = tuple(ReportReason)


class PostReport(db.Model):  # type: ignore[name-defined]
    """A member's report of a published post; it puts the post back in the queue.

    Resolved by the moderator's decision on the post (unpublish, or keep it and dismiss
    the reports); the row stays, as the record of who raised what.
    """

    __tablename__ = "post_report"
    __table_args__ = (
        # One report per member and post: reporting again says it is already done.
        UniqueConstraint("post_id", "reporter_id"),
        Index("ix_post_report_open", "post_id", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"), index=True)
    # Nullable: a reporter's account deleted later leaves the report, without them.
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    reason_code: Mapped[str] = mapped_column(String(40))
    reason_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by_decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_decision.id")
    )

    post: Mapped[Post] = relationship()
    reporter: Mapped[Member | None] = relationship()


# The open reports of a space (the queue's "reported" filter and its count), however many
# were closed before.
Index(
    "ix_post_report_open_space",
    PostReport.__table__.c.space_id,
    PostReport.__table__.c.post_id,
    sqlite_where=PostReport.__table__.c.resolved_at.is_(None),
    postgresql_where=PostReport.__table__.c.resolved_at.is_(None),
)


# --- appeals ------------------------------------------------------------------------------


class AppealStatus(enum.StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"
    REVERSED = "reversed"


class Appeal(db.Model):  # type: ignore[name-defined]
    """A contest of one decision by its author (or by a reporter whose report it dismissed,
    or by the member it suspended), decided by a moderator of the space (another site
    admin, for the site's suspensions) other than the one who took it.

    One per decision and appellant. The outcome is also a decision of the audit log
    (outcome_decision_id), which is what the appellant is told about.
    """

    __tablename__ = "appeal"
    __table_args__ = (
        UniqueConstraint("decision_id", "appellant_id"),
        # The appeals tab of a space: those waiting, oldest first.
        Index("ix_appeal_space_status", "space_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("moderation_decision.id"))
    # Both None for a suspension of the whole site: no post, answered by the site admins.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id"), index=True)
    space_id: Mapped[int | None] = mapped_column(ForeignKey("space.id"))
    # Nullable: an account deleted later leaves the appeal, without them.
    appellant_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    # A reporter contesting the dismissal of their report, rather than the post's author.
    as_reporter: Mapped[bool] = mapped_column(Boolean, default=False)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[AppealStatus] = mapped_column(
        enum_type(AppealStatus, 10), default=AppealStatus.PENDING
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome_decision_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_decision.id"))

    decision: Mapped[ModerationDecision] = relationship(foreign_keys=[decision_id])
    outcome: Mapped[ModerationDecision | None] = relationship(foreign_keys=[outcome_decision_id])
    post: Mapped[Post | None] = relationship()
    appellant: Mapped[Member | None] = relationship(foreign_keys=[appellant_id])


# --- the policy of a space -----------------------------------------------------------------


class SpacePolicy(db.Model):  # type: ignore[name-defined]
    """What the association decided for its space; a space without a row has the defaults.

    Strict pre-moderation is the default: auto_publish_trusted is off until an association
    admin turns it on.
    """

    __tablename__ = "space_policy"

    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"), primary_key=True)
    # label -> probability above which a post is marked high risk; missing labels take
    # the configured default (MODERATION_DEFAULT_THRESHOLD).
    thresholds: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    auto_publish_trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Order the queue by the scores calibrated on this space's own decisions
    # (SpaceScoreCalibration) rather than by the model's raw scores; off until an
    # association admin turns it on, and only once a calibration exists.
    use_calibrated_risk: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))


class WatchAction(enum.StrEnum):
    BLOCK = "block"  # never published automatically; the author is told at once
    FLAG = "flag"  # shown to the moderator with its reason


class WatchedWord(db.Model):  # type: ignore[name-defined]
    """A word or phrase ("perte de poids", "régime*") the association watches in its space."""

    __tablename__ = "watched_word"
    __table_args__ = (UniqueConstraint("space_id", "word_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"))
    # As typed; word_key (folded: case, accents, spaces) carries uniqueness.
    word: Mapped[str] = mapped_column(String(80))
    word_key: Mapped[str] = mapped_column(String(160))
    action: Mapped[WatchAction] = mapped_column(enum_type(WatchAction, 8))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))


# --- calibration of the model's scores on a space's decisions ----------------------------


class SpaceScoreCalibration(db.Model):  # type: ignore[name-defined]
    """For one space and one label, the probability that its moderators refuse a post,
    as a function of the model's raw score (an isotonic fit on their past decisions).

    `knots` are [score, probability] points, scores ascending, probabilities never
    decreasing; between two knots the probability is read by linear interpolation, and
    outside them it is the nearest knot's (score_calibration.calibrated). Replaced as a
    whole at each refit; the Brier scores say how far each kind of score was, on the
    decisions it was fitted on, from what the moderators decided (lower is better).
    """

    __tablename__ = "space_score_calibration"
    __table_args__ = (UniqueConstraint("space_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"))
    label: Mapped[str] = mapped_column(String(40))
    knots: Mapped[list[list[float]]] = mapped_column(JSON)
    decisions: Mapped[int] = mapped_column(Integer)  # decisions scored on this label
    refused: Mapped[int] = mapped_column(Integer)  # of which were refusals or take-downs
    fitted_at: Mapped[datetime] = mapped_column(DateTime)
    brier_raw: Mapped[float] = mapped_column(Float)
    brier_calibrated: Mapped[float] = mapped_column(Float)


# --- notices of illegal content, from anyone ----------------------------------------------


class NoticeOutcome(enum.StrEnum):
    OPEN = "open"
    TAKEN_DOWN = "taken_down"  # the post was unpublished
    KEPT = "kept"  # the post stays published; the sender is told why


class VisitorNotice(db.Model):  # type: ignore[name-defined]
    """A notice of illegal content sent by anyone, logged in or not, through the public
    form; it waits in the queue as a report with no member (`report_id`).

    The sender's e-mail address is kept only to answer: erased a few days after the
    decision (NOTICE_ADDRESS_KEPT_DAYS), the notice itself staying to be counted.

    While it waits, a notice holds one of its address's few places (`open_slot`, from 1
    to NOTICE_OPEN_PER_ADDRESS): the database's unique indexes, not a count read first,
    keep two requests sent at once from taking the same place, or from both notifying
    the same post, whatever the isolation of their transactions.
    """

    __tablename__ = "visitor_notice"
    __table_args__ = (
        # The transparency figures: notices of a space per month, by outcome.
        Index("ix_visitor_notice_space", "space_id", "created_at"),
        # One address, each place once (NULLs, the notices no longer waiting, are apart).
        UniqueConstraint("email", "open_slot", name="uq_visitor_notice_open_slot"),
        # One address, each post once among the notices that wait.
        Index(
            "uq_visitor_notice_open_post",
            "email",
            "post_id",
            unique=True,
            sqlite_where=text("open_slot IS NOT NULL"),
            postgresql_where=text("open_slot IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("post_report.id"), unique=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), index=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"))
    category: Mapped[str] = mapped_column(String(40))
    justification: Mapped[str] = mapped_column(Text)
    # None once erased.
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    # The language the sender wrote in, which their answers are written in.
    locale: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    outcome: Mapped[NoticeOutcome] = mapped_column(
        enum_type(NoticeOutcome, 12), default=NoticeOutcome.OPEN
    )
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_decision.id"))
    # The place of its address this notice holds while it waits; None once it is decided
    # or its address erased.
    open_slot: Mapped[int | None] = mapped_column(SmallInteger)

    report: Mapped[PostReport] = relationship()
    post: Mapped[Post] = relationship()


# --- transparency: the closed months' figures, kept --------------------------------------


class TransparencyMonth(db.Model):  # type: ignore[name-defined]
    """One figure of one space for one closed month, as the transparency pages count it.

    Only what a later day cannot change is kept: posts sent and decisions taken that
    month (and the spread of its delays to a decision, for medians over several spaces);
    reports and appeals, whose outcome comes later, are always counted afresh. Written
    once by the worker (moderation.transparency.jobs) after the month ends; the key
    "done" says a month was written even where every figure is zero.
    """

    __tablename__ = "transparency_month"

    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-11"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)

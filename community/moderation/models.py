"""What moderation keeps about each post: scores, detectors' findings, the worker's lease."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.clock import utcnow
from community.extensions import db, enum_type
from community.forums.models import Post

# What an item says when its post could not be scored; the post stays pending.
SCORE_UNAVAILABLE = "score indisponible"


class ModerationItem(db.Model):  # type: ignore[name-defined]
    """One row per post that ever waited for a moderator.

    `requested_at` is the post's review_requested_at this row scored (or is scoring): when
    the post asks again (an edit), the two differ and the worker scores it anew.
    """

    __tablename__ = "moderation_item"
    __table_args__ = (
        # The queue of a space: urgent first, then by risk, then oldest.
        Index("ix_moderation_item_queue", "space_id", "urgent", "risk", "requested_at"),
    )

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
    model_version: Mapped[str | None] = mapped_column(String(120))
    scored_at: Mapped[datetime | None] = mapped_column(DateTime)
    score_error: Mapped[str | None] = mapped_column(String(200))

    post: Mapped[Post] = relationship()

    @property
    def is_scored(self) -> bool:
        return self.scored_at is not None and self.score_error is None


# --- decisions ---


class DecisionAction(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_EDIT = "request_edit"


# Why a post was rejected: a fixed list, so that the audit log and the calibration page
# can count them; the free text says the rest.
REJECTION_REASONS = (
    "personal_data",
    "hostile",
    "medical_misinformation",
    "off_topic",
    "advertising",
    "other",
)


class ModerationDecision(db.Model):  # type: ignore[name-defined]
    """One moderator's decision on one post: an append-only audit log, never updated.

    The pseudonym, scores, findings and model version are copied at the time of the
    decision, so the record still says what the moderator saw after the item is scored
    again or the account is deleted.
    """

    __tablename__ = "moderation_decision"
    __table_args__ = (
        # The audit log of a space, latest first.
        Index("ix_moderation_decision_space", "space_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), index=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"))
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

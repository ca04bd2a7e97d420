"""The site's own moderation decisions as training examples for the development model.

A refused post says what its moderator found wrong with it, and only that: a refusal as
hostile teaches "toxic", one as dangerous advice teaches "misinfo", and leaves the other
outputs unknown (-1, left out of the loss) rather than teaching that they are absent. An
approved post teaches that it was no attack and no dangerous advice; whether it swore at
its disease or spoke of distress is left unknown, since both are approved here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from community.forums.models import Post, Thread
from community.moderation.model.corpus import LABELS, Example
from community.moderation.models import DecisionAction, ModerationDecision

UNKNOWN = -1
# Kept aside from training, to compare the models before and after on the site's own posts.
HELD_OUT_SHARE = 0.2

_ALL_UNKNOWN = dict.fromkeys(LABELS, UNKNOWN)
_APPROVED = {
    **_ALL_UNKNOWN,
    **dict.fromkeys(
        ("toxic", "severe_toxicity", "threat", "insult", "identity_attack", "misinfo"), 0
    ),
}
# By the refusal's reason code (REJECTION_REASONS): what it teaches.
_REFUSED = {
    "hostile": ({**_ALL_UNKNOWN, "toxic": 1, "misinfo": 0}, "toxic"),
    "medical_misinformation": ({**_ALL_UNKNOWN, "misinfo": 1, "toxic": 0}, "dangerous_advice"),
    "personal_data": ({**_ALL_UNKNOWN, "pii": 1, "toxic": 0}, "pii"),
    "advertising": ({**_ALL_UNKNOWN, "spam": 1, "toxic": 0}, "spam"),
}


def _held_out(post_id: int) -> bool:
    digest = hashlib.sha256(f"site-decision:{post_id}".encode()).digest()
    return digest[0] < 256 * HELD_OUT_SHARE


def decision_examples(session: Session) -> tuple[list[Example], list[Example]]:
    """The latest judging decision on each post, as (training, held-out) examples.

    Only decisions on new posts (not on proposed edits) by a person; a post refused for a
    reason the model does not learn (off topic, other) is left out.
    """
    latest = (
        select(func.max(ModerationDecision.id))
        .where(
            ModerationDecision.revision_id.is_(None),
            ModerationDecision.moderator_id.is_not(None),
            ModerationDecision.action.in_(
                (DecisionAction.APPROVE, DecisionAction.REJECT, DecisionAction.UNPUBLISH)
            ),
        )
        .group_by(ModerationDecision.post_id)
    )
    earlier = aliased(Post)
    first_of_thread = (
        select(func.min(earlier.id)).where(earlier.thread_id == Post.thread_id).scalar_subquery()
    )
    rows = session.execute(
        select(ModerationDecision, Post.body_source, Thread.title, Post.id == first_of_thread)
        .join(Post, Post.id == ModerationDecision.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(ModerationDecision.id.in_(latest))
        .order_by(ModerationDecision.post_id)
    ).all()
    training: list[Example] = []
    held_out: list[Example] = []
    for decision, body, title, opens in rows:
        if decision.action is DecisionAction.APPROVE:
            labels, kind = _APPROVED, "benign"
        elif decision.reason_code in _REFUSED:
            labels, kind = _REFUSED[decision.reason_code]
        else:
            continue
        example = Example(
            id=f"site-{decision.post_id}",
            family=f"site-{decision.post_id}",
            lang="",
            kind=kind,
            pattern="site_decision",
            text=f"{title}\n\n{body}" if opens else body,
            labels=dict(labels),
            source="site",
            # Joined on its post above: a decision about an account never comes here.
            split="test" if _held_out(decision.post_id or 0) else "train",
        )
        (held_out if example.split == "test" else training).append(example)
    return training, held_out


def known(examples: Sequence[Example], label: str) -> list[Example]:
    """The examples whose `label` is known (0 or 1)."""
    return [e for e in examples if e.labels[label] != UNKNOWN]

"""A space whose moderators have judged many posts: refusals grow likelier as scores rise.

Shared by the tests of the score calibration (services, worker) and of its page.
"""

from __future__ import annotations

import math
import random
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from community.forums import services as forums
from community.forums.models import SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.models import DecisionAction, ModerationDecision
from tests.forums import helpers as h

BODY = "Un message que la page de calibration ne montre jamais."


def make_world(session: Session, slug: str = "diabete") -> dict[str, Any]:
    """A space, its association admin, a moderator, a member, an author and a thread."""
    space = h.space(session, slug)
    world: dict[str, Any] = {
        "space": space,
        "president": h.member(session, f"Presidente-{slug}"),
        "moderator": h.member(session, f"Moderatrice-{slug}"),
        "member": h.member(session, f"Membre-{slug}"),
        "author": h.member(session, f"Camille-{slug}"),
    }
    forums.grant_space_role(
        session, space=space, member=world["president"], kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )
    forums.grant_space_role(
        session, space=space, member=world["moderator"], kind=SpaceRoleKind.MODERATOR
    )
    h.joined(session, world["member"], space)
    world["thread"], _first = h.thread(session, world["author"], space, body=BODY)
    session.commit()
    return world


def refusal_chance(score: float) -> float:
    """Near 0 under 0.2, near 1 over 0.8: a space whose moderators follow the model."""
    return 1 / (1 + math.exp(-12 * (score - 0.5)))


def judge(
    session: Session,
    world: dict[str, Any],
    count: int,
    *,
    seed: int = 7,
    extra: dict[str, int] | None = None,
    at: datetime | None = None,
) -> list[tuple[float, bool]]:
    """`count` new posts judged by the moderator, scores spread evenly over [0, 1].

    `extra` maps a label to how many of the decisions also carry it (the first ones).
    Returns (score, refused) per decision.
    """
    rng = random.Random(seed)
    decided: list[tuple[float, bool]] = []
    for index in range(count):
        score = round(index / max(count - 1, 1), 4)
        refused = rng.random() < refusal_chance(score)
        scores = {"toxicity": score, "insult": round(score * 0.9, 4)}
        for label, carried in (extra or {}).items():
            if index < carried:
                scores[label] = score
        post = forums.reply(session, author=world["author"], thread=world["thread"], body=BODY)
        session.add(
            ModerationDecision(
                post_id=post.id,
                space_id=world["space"].id,
                moderator_id=world["moderator"].id,
                moderator_pseudonym=world["moderator"].pseudonym,
                action=DecisionAction.REJECT if refused else DecisionAction.APPROVE,
                scores=scores,
                created_at=at or utcnow(),
            )
        )
        decided.append((score, refused))
    session.commit()
    return decided

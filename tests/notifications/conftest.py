"""Notification test helpers: decisions on Camille's posts with their notifications, the outbox."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums.models import Post
from community.kernel.clock import utcnow
from community.moderation.models import DecisionAction, ModerationDecision
from community.notifications.models import Notification, NotificationKind
from community.notifications.services import notify
from tests.forums import helpers as h


@pytest.fixture
def outbox(app: Flask) -> list[Any]:
    """The e-mails sent so far (MAIL_BACKEND is locmem in tests)."""
    mailman = app.extensions["mailman"]
    if not hasattr(mailman, "outbox"):
        mailman.outbox = []
    return mailman.outbox  # type: ignore[no-any-return]


def decided(
    session: Session,
    post: Post,
    kind: NotificationKind,
    *,
    action: DecisionAction,
    reason_code: str | None = None,
    reason_text: str = "",
    moderator: str = "Diabetologue",
) -> Notification:
    """A decision on the post as the moderation services record it, and its notification."""
    decision = ModerationDecision(
        post_id=post.id,
        space_id=post.thread.space_id,
        moderator_pseudonym=moderator,
        action=action,
        reason_code=reason_code,
        reason_text=reason_text,
        created_at=utcnow(),
    )
    session.add(decision)
    session.flush()
    author: Member = post.author
    notification = notify(session, member=author, kind=kind, post=post, decision_id=decision.id)
    assert notification is not None
    session.commit()
    return notification


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """Camille's thread in the diabetes space, with a published reply by Camille too."""
    space = h.space(session, "diabete", name="Diabète de type 1")
    camille = h.member(session, "Camille")
    sam = h.member(session, "Sam")
    thread, opening = h.thread(
        session, camille, space, title="Pompe ou stylos", body="Mon HbA1c est à 9 %."
    )
    answer = h.reply(session, camille, thread, "Je précise : ma glycémie du matin est haute.")
    return {
        "space": space,
        "camille": camille,
        "sam": sam,
        "thread": thread,
        "opening": opening,
        "answer": answer,
    }

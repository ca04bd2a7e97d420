"""A moderator deletes their account: their decisions stay in the log, under a neutral name."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from community import signals
from community.accounts import services as accounts
from community.forums import services as forums
from community.forums.models import Post, SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.models import (
    DecisionAction,
    ModerationDecision,
    ModerationItem,
    PostReport,
)
from community.moderation.reports.services import report_post
from tests.forums import helpers as h

PASSWORD = "correct horse battery"


def _decision(
    session: Any, post: Post, moderator: Any, action: DecisionAction, **fields: Any
) -> ModerationDecision:
    """A decision as the moderation services record it (pseudonym copied at the time)."""
    decision = ModerationDecision(
        post_id=post.id,
        space_id=post.thread.space_id,
        moderator_id=moderator.id,
        moderator_pseudonym=moderator.pseudonym,
        action=action,
        created_at=utcnow(),
        **fields,
    )
    session.add(decision)
    session.flush()
    return decision


def _world(session: Any) -> dict[str, Any]:
    """Diabetologue moderated two of Camille's posts, reported one of Sam's, holds a claim
    and was handed a post by Infirmier; Camille's post was refused by Infirmier."""
    space = h.space(session, "diabete")
    world: dict[str, Any] = {
        "space": space,
        "admin": h.member(session, "Presidente"),
        "mod": h.member(session, "Diabetologue"),
        "other_mod": h.member(session, "Infirmier"),
        "camille": h.member(session, "Camille"),
        "sam": h.member(session, "Sam"),
    }
    forums.grant_space_role(
        session, space=space, member=world["admin"], kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )
    for key in ("mod", "other_mod"):
        forums.grant_space_role(
            session, space=space, member=world[key], kind=SpaceRoleKind.MODERATOR
        )
    _t1, first = h.thread(session, world["camille"], space, title="Premier fil")
    _t2, second = h.thread(session, world["camille"], space, title="Second fil")
    _t3, by_sam = h.thread(session, world["sam"], space, title="Le fil de Sam")
    _t4, waiting = h.thread(session, world["camille"], space, title="En attente", published=False)
    _t5, by_mod = h.thread(session, world["mod"], space, title="Le fil du modérateur")
    mod, other = world["mod"], world["other_mod"]
    _decision(session, first, mod, DecisionAction.APPROVE)
    first_decision = _decision(
        session, second, mod, DecisionAction.REJECT, reason_code="hostile", reason_text="Agressif."
    )
    first_decision.created_at = utcnow() - timedelta(minutes=5)
    _decision(
        session,
        waiting,
        other,
        DecisionAction.ESCALATE,
        target_pseudonym=mod.pseudonym,
        reason_text="Avis de spécialiste ?",
    )
    _decision(session, by_mod, other, DecisionAction.APPROVE)
    report_post(session, reporter=mod, post=by_sam, reason_code="other")
    session.add(
        ModerationItem(
            post_id=waiting.id,
            space_id=space.id,
            requested_at=waiting.review_requested_at,
            claimed_by_id=mod.id,
            claimed_until=utcnow() + timedelta(minutes=10),
            escalated_to_id=mod.id,
            escalated_by_id=other.id,
            escalated_at=utcnow(),
        )
    )
    session.commit()
    world.update(mod_id=mod.id, by_mod=by_mod, waiting=waiting)
    return world


def _delete_moderator(session: Any, world: dict[str, Any]) -> str:
    neutral = accounts.delete_account(
        session, member=world["mod"], password=PASSWORD, withdraw_posts=True
    )
    session.commit()
    session.expire_all()
    return neutral


def test_the_journal_still_shows_one_person_took_those_decisions(client, session):
    world = _world(session)
    neutral = _delete_moderator(session, world)

    h.log_in(client, world["admin"])
    page = client.get("/moderation/espaces/diabete/journal").get_data(as_text=True)

    assert "Diabetologue" not in page
    assert page.count(f'<td data-label="Modérateur">{neutral}</td>') == 2
    assert "Agressif." in page  # the decision itself is intact
    assert page.count('<td data-label="Modérateur">Infirmier</td>') == 2


def test_the_csv_export_too(client, session):
    world = _world(session)
    neutral = _delete_moderator(session, world)
    h.log_in(client, world["admin"])

    body = client.get("/moderation/espaces/diabete/journal.csv").get_data(as_text=True)

    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    moderators = [row[1] for row in rows[1:]]
    assert moderators.count(neutral) == 2
    assert "Diabetologue" not in body


def test_the_records_are_unlinked_not_erased(session):
    world = _world(session)
    before = session.scalar(select(ModerationDecision.id).order_by(ModerationDecision.id.desc()))
    neutral = _delete_moderator(session, world)

    decisions = session.scalars(select(ModerationDecision).order_by(ModerationDecision.id)).all()
    assert len(decisions) == 4 and decisions[-1].id == before
    assert all(d.moderator_id != world["mod_id"] for d in decisions)
    theirs = [d for d in decisions if d.moderator_pseudonym == neutral]
    assert len(theirs) == 2 and all(d.moderator_id is None for d in theirs)
    (escalation,) = [d for d in decisions if d.action is DecisionAction.ESCALATE]
    assert escalation.target_pseudonym == neutral
    assert escalation.moderator_pseudonym == "Infirmier"
    # A decision about their own post is not theirs: it stays as it was.
    (about_them,) = [d for d in decisions if d.post_id == world["by_mod"].id]
    assert about_them.moderator_pseudonym == "Infirmier" and about_them.moderator_id is not None
    (report,) = session.scalars(select(PostReport)).all()
    assert report.reporter_id is None and report.reason_code == "other"
    item = session.scalar(
        select(ModerationItem).where(ModerationItem.post_id == world["waiting"].id)
    )
    assert item.claimed_by_id is None and item.claimed_until is None
    assert item.escalated_to_id is None and item.escalated_by_id is not None


def test_two_deleted_moderators_keep_two_names(session):
    world = _world(session)
    first = _delete_moderator(session, world)
    second = accounts.delete_account(
        session, member=world["other_mod"], password=PASSWORD, withdraw_posts=False
    )
    session.commit()

    assert first != second
    names = set(session.scalars(select(ModerationDecision.moderator_pseudonym)))
    assert names == {first, second}


def test_the_deletion_is_announced_to_any_domain_that_listens(session):
    world = _world(session)
    seen: list[str] = []

    def another_domain(erasure: accounts.Erasure, *, session: Any) -> None:
        seen.append(erasure.neutral_pseudonym)

    with signals.member_erasing.connected_to(another_domain):
        neutral = _delete_moderator(session, world)

    assert seen == [neutral]

"""Auto-publish: a trusted member's clean new post goes out at once, if the space allows it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import Membership, PostStatus, SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.model.scorers import LABELS, NullScorer
from community.moderation.models import (
    DecisionAction,
    ModerationDecision,
    ModerationItem,
    SpacePolicy,
)
from community.moderation.policy.services import add_watched_word
from community.moderation.queue import services as moderation
from community.moderation.scoring.services import claim_batch, score_batch
from tests.forums import helpers as h

CLEAN = "Merci à tous, j’ai suivi vos conseils pour l’insuline et ça va mieux."


class ScoresByWord:
    """A scorer for these tests: a post saying "grr" scores 0.7 for insult, others 0.1."""

    version = "mots"
    labels = LABELS

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        return [
            {label: 0.7 if label == "insult" and "grr" in text else 0.1 for label in self.labels}
            for text in texts
        ]


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    diabete = h.space(session, "diabete")
    world = {
        "space": diabete,
        "trusted": h.member(session, "Camille"),
        "newcomer": h.member(session, "Noa"),
        "moderator": h.member(session, "Moderatrice"),
    }
    forums.grant_space_role(
        session, space=diabete, member=world["moderator"], kind=SpaceRoleKind.MODERATOR
    )
    world["thread"], _first = h.thread(session, world["trusted"], diabete)
    h.joined(session, world["newcomer"], diabete)
    membership = session.get(Membership, (world["trusted"].id, diabete.id))
    membership.trusted_at = utcnow()
    membership.trusted_by_id = world["moderator"].id
    session.commit()
    return world


def _allow(session: Any, world: dict[str, Any], **thresholds: float) -> None:
    session.add(
        SpacePolicy(space_id=world["space"].id, thresholds=thresholds, auto_publish_trusted=True)
    )
    session.commit()


def _score(session: Any, scorer: Any = None) -> None:
    posts = claim_batch(session, owner="test", size=10, lease_seconds=60)
    session.commit()
    score_batch(
        session,
        posts=posts,
        scorer=NullScorer() if scorer is None else scorer,
        owner="test",
        default_threshold=0.5,
    )
    session.commit()


def _decisions(session: Any) -> list[ModerationDecision]:
    h.fresh(session)
    return list(session.scalars(select(ModerationDecision)))


def test_strict_pre_moderation_is_the_default(session, world):
    post = h.reply(session, world["trusted"], world["thread"], CLEAN, published=False)

    _score(session)

    h.fresh(session)
    assert post.status is PostStatus.PENDING and post.review_requested_at is not None
    assert _decisions(session) == []


def test_a_trusted_members_clean_post_is_published_at_once_and_logged(session, world):
    _allow(session, world)
    post = h.reply(session, world["trusted"], world["thread"], CLEAN, published=False)

    _score(session)

    h.fresh(session)
    assert post.status is PostStatus.PUBLISHED and post.review_requested_at is None
    assert world["thread"].post_count == 2
    (decision,) = _decisions(session)
    assert decision.action is DecisionAction.AUTO_PUBLISH
    assert decision.moderator_id is None and decision.moderator_pseudonym == ""
    assert decision.scores == dict.fromkeys(LABELS, 0.0)
    assert decision.model_version == "null"


def test_a_trusted_members_new_thread_is_published_with_its_thread(session, world):
    _allow(session, world)
    opened, first = h.thread(
        session,
        world["trusted"],
        world["space"],
        title="Bonne nouvelle",
        body=CLEAN,
        published=False,
    )

    _score(session)

    h.fresh(session)
    assert first.status is PostStatus.PUBLISHED
    assert opened.status is PostStatus.PUBLISHED


def test_a_member_who_is_not_trusted_waits_for_a_moderator(session, world):
    _allow(session, world)
    post = h.reply(session, world["newcomer"], world["thread"], CLEAN, published=False)

    _score(session)

    h.fresh(session)
    assert post.status is PostStatus.PENDING
    assert _decisions(session) == []


@pytest.mark.parametrize(
    "body",
    [
        "Appelez-moi au 06 12 34 56 78.",  # personal data
        "Je n'en peux plus, je veux mourir.",  # crisis
        "Voyez https://exemple.fr pour le reste.",  # a link
        "Une vraie arnaque, ce traitement.",  # a watched word, flagged only
    ],
)
def test_anything_found_in_the_post_keeps_it_for_a_moderator(session, world, body):
    _allow(session, world)
    add_watched_word(
        session, actor=world["moderator"], space=world["space"], word="arnaque", action="flag"
    )
    session.commit()
    post = h.reply(session, world["trusted"], world["thread"], body, published=False)

    _score(session)

    h.fresh(session)
    assert post.status is PostStatus.PENDING
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post.id))
    assert item.findings


def test_a_score_at_a_threshold_keeps_the_post_for_a_moderator(session, world):
    _allow(session, world, insult=0.7)
    post = h.reply(session, world["trusted"], world["thread"], "Bon, grr.", published=False)
    below = h.reply(session, world["trusted"], world["thread"], CLEAN, published=False)

    _score(session, ScoresByWord())

    h.fresh(session)
    assert post.status is PostStatus.PENDING
    assert below.status is PostStatus.PUBLISHED


def test_a_higher_threshold_lets_the_same_post_through(session, world):
    _allow(session, world, insult=0.8)
    post = h.reply(session, world["trusted"], world["thread"], "Bon, grr.", published=False)

    _score(session, ScoresByWord())

    h.fresh(session)
    assert post.status is PostStatus.PUBLISHED


def test_without_a_score_nothing_is_published(session, world):
    _allow(session, world)
    post = h.reply(session, world["trusted"], world["thread"], CLEAN, published=False)
    posts = claim_batch(session, owner="test", size=10, lease_seconds=60)
    session.commit()

    score_batch(session, posts=posts, scorer=None, owner="test")
    session.commit()

    h.fresh(session)
    assert post.status is PostStatus.PENDING


def test_an_edited_post_waits_for_a_moderator(session, world):
    _allow(session, world)
    post = h.reply(session, world["trusted"], world["thread"], "Premier jet.", published=False)
    forums.edit_post(session, author=world["trusted"], post=post, body=CLEAN)
    session.commit()

    _score(session)

    h.fresh(session)
    assert post.status is PostStatus.PENDING


def test_an_edit_of_a_published_post_waits_for_a_moderator(session, world):
    _allow(session, world)
    post = h.reply(session, world["trusted"], world["thread"], "Publié.")
    forums.edit_post(session, author=world["trusted"], post=post, body=CLEAN)
    session.commit()

    _score(session)

    h.fresh(session)
    assert post.body_source == "Publié."
    assert post.review_requested_at is not None


def test_a_moderator_who_decided_first_is_not_overruled(session, world):
    _allow(session, world)
    post = h.reply(session, world["trusted"], world["thread"], CLEAN, published=False)
    posts = claim_batch(session, owner="test", size=10, lease_seconds=60)
    session.commit()
    # While the worker scores, a moderator rejects the post.
    moderation.reject(session, moderator=world["moderator"], post=post, reason_code="off_topic")
    session.commit()

    score_batch(session, posts=posts, scorer=NullScorer(), owner="test")
    session.commit()

    h.fresh(session)
    assert post.status is PostStatus.REJECTED
    assert [d.action for d in _decisions(session)] == [DecisionAction.REJECT]

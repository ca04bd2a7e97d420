"""The calibration page: how the space's thresholds would have done against its moderators."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import PostRevision, SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.models import DecisionAction, ModerationDecision, SpacePolicy
from community.moderation.policy.calibration import rates, space_calibration, suggest
from tests.forums import helpers as h

URL = "/moderation/espaces/diabete/calibration"
SECRET_TEXT = "Un texte que la page ne doit jamais montrer."


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    diabete = h.space(session, "diabete")
    world = {
        "space": diabete,
        "president": h.member(session, "Presidente"),
        "moderator": h.member(session, "Moderatrice"),
        "author": h.member(session, "Camille"),
    }
    forums.grant_space_role(
        session, space=diabete, member=world["president"], kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )
    forums.grant_space_role(
        session, space=diabete, member=world["moderator"], kind=SpaceRoleKind.MODERATOR
    )
    world["thread"], _first = h.thread(session, world["author"], diabete, body=SECRET_TEXT)
    session.commit()
    return world


def _decide(
    session: Any,
    world: dict[str, Any],
    action: DecisionAction,
    insult: float | None,
    *,
    hours: float = 2,
    days_ago: float = 0,
) -> None:
    """A post submitted `hours` before a decision taken `days_ago` days ago."""
    decided_at = utcnow() - timedelta(days=days_ago)
    post = h.reply(session, world["author"], world["thread"], SECRET_TEXT, published=False)
    post.created_at = decided_at - timedelta(hours=hours)
    session.add(
        ModerationDecision(
            post_id=post.id,
            space_id=world["space"].id,
            moderator_id=world["moderator"].id,
            moderator_pseudonym=world["moderator"].pseudonym,
            action=action,
            scores=None if insult is None else {"insult": insult, "toxicity": insult},
            created_at=decided_at,
        )
    )
    session.commit()


def _history(session: Any, world: dict[str, Any]) -> None:
    """Four approvals and four rejections (one a take-down), with insult scores that overlap."""
    for score in (0.1, 0.2, 0.3, 0.6):
        _decide(session, world, DecisionAction.APPROVE, score, hours=1)
    for score in (0.4, 0.7, 0.8):
        _decide(session, world, DecisionAction.REJECT, score, hours=3)
    _decide(session, world, DecisionAction.UNPUBLISH, 0.9, days_ago=40)
    _decide(session, world, DecisionAction.ESCALATE, None)


def test_precision_and_recall_at_the_current_and_the_suggested_threshold(session, world):
    _history(session, world)

    figures = space_calibration(session, space=world["space"], thresholds={"insult": 0.5})

    (insult,) = figures.labels
    assert (insult.scored, insult.rejected) == (8, 4)
    # At 0.5: flags 0.6, 0.7, 0.8, 0.9, of which three were rejected; misses 0.4.
    assert insult.current.precision == 0.75 and insult.current.recall == 0.75
    # 0.4 catches every rejection for one approval flagged: the best F1; of the equal
    # thresholds from 0.31 to 0.40, the highest.
    assert insult.suggested is not None
    assert insult.suggested.threshold == 0.4
    assert insult.suggested.precision == 0.8 and insult.suggested.recall == 1.0
    assert figures.judged == 8 and figures.unscored == 0


def test_volume_counts_every_decision_recent_and_all_time(session, world):
    _history(session, world)

    figures = space_calibration(session, space=world["space"], thresholds={"insult": 0.5})

    volume = {row.action: (row.recent, row.total) for row in figures.volume}
    assert volume == {
        DecisionAction.APPROVE: (4, 4),
        DecisionAction.REJECT: (3, 3),
        DecisionAction.UNPUBLISH: (0, 1),
        DecisionAction.ESCALATE: (1, 1),
    }


def test_the_median_delay_runs_from_submission_to_decision(session, world):
    _history(session, world)

    figures = space_calibration(session, space=world["space"], thresholds={"insult": 0.5})

    # Approvals after 1 h (four), rejections after 3 h (three): the median is 1 h.
    assert figures.timed == 7
    assert figures.median_delay == timedelta(hours=1)


def test_decisions_without_scores_are_counted_apart(session, world):
    _decide(session, world, DecisionAction.APPROVE, None)
    _decide(session, world, DecisionAction.REJECT, 0.9)

    figures = space_calibration(session, space=world["space"], thresholds={"insult": 0.5})

    assert figures.judged == 2 and figures.unscored == 1
    (insult,) = figures.labels
    assert insult.scored == 1 and insult.one_class and insult.suggested is None


def test_with_one_class_only_there_is_no_suggestion():
    assert suggest([0.1, 0.5, 0.9], []) is None
    assert suggest([0.1, 0.5], [0.1, 0.5]) is None
    nothing = rates([], [], 0.5)
    assert nothing.precision is None and nothing.recall is None


def test_the_page_shows_figures_but_no_text_and_no_pseudonym(client, session, world, count_queries):
    _history(session, world)
    session.add(SpacePolicy(space_id=world["space"].id, thresholds={"insult": 0.5}))
    session.commit()
    h.log_in(client, world["president"])

    with count_queries() as counter:
        page = client.get(URL).get_data(as_text=True)

    assert counter.count <= 8, counter.statements
    assert "Calibration des seuils : Diabete" in page
    assert "8 décisions comparées" in page
    assert "0,50" in page and "0,40" in page
    assert "75\xa0%" in page or "75 %" in page or "75\u202f%" in page
    assert "retraits après signalement" in page
    assert "pas de suggestion : il faut des messages approuvés et des messages refusés" not in page
    assert SECRET_TEXT not in page
    assert "Moderatrice" not in page and "Camille" not in page


def test_a_space_without_decisions_says_so(client, world):
    h.log_in(client, world["president"])

    page = client.get(URL).get_data(as_text=True)

    assert "Pas encore de décision à comparer" in page
    assert "Pas encore de décision : pas de délai à mesurer." in page


def test_one_class_only_is_explained_on_the_page(client, session, world):
    _decide(session, world, DecisionAction.APPROVE, 0.2)
    h.log_in(client, world["president"])

    page = client.get(URL).get_data(as_text=True)

    assert "pas de suggestion : il faut des messages approuvés et des messages refusés" in page


def test_moderators_do_not_see_the_calibration(client, world):
    h.log_in(client, world["moderator"])

    assert client.get(URL).status_code == 403


def test_the_page_is_in_english_for_an_english_reader(client, session, world):
    world["president"].locale = "en"
    session.commit()
    h.log_in(client, world["president"])

    page = client.get(URL).get_data(as_text=True)

    assert "Threshold calibration: Diabete" in page
    # "Précision" is also the journal's column of details; here it is the measure.
    assert "<dt>Precision</dt>" in page


def test_a_decision_on_an_edit_counts_its_delay_from_the_edit(session, world):
    post = h.reply(session, world["author"], world["thread"], SECRET_TEXT)
    forums.edit_post(session, author=world["author"], post=post, body="Texte corrigé.")
    session.commit()
    revision = session.scalar(select(PostRevision).where(PostRevision.post_id == post.id))
    decided_at = revision.created_at + timedelta(minutes=30)
    post.created_at = decided_at - timedelta(days=3)
    session.add(
        ModerationDecision(
            post_id=post.id,
            space_id=world["space"].id,
            moderator_pseudonym="Moderatrice",
            action=DecisionAction.REJECT,
            scores={"insult": 0.9},
            revision_id=revision.id,
            created_at=decided_at,
        )
    )
    session.commit()

    figures = space_calibration(session, space=world["space"], thresholds={"insult": 0.5})

    # Not a new post: left out of precision and recall, but timed from the edit.
    assert figures.judged == 0
    assert figures.median_delay == timedelta(minutes=30)

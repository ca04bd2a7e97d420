"""The model's scores calibrated on a space's own decisions: the fit, reading it, refitting."""

from __future__ import annotations

import random
from datetime import timedelta
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy import func, select

from community.jobs import run_once
from community.kernel.clock import utcnow
from community.moderation.models import SpacePolicy, SpaceScoreCalibration
from community.moderation.policy.jobs import refit_calibrations_once
from community.moderation.policy.score_calibration import (
    MAX_KNOTS,
    calibrated,
    fit_knots,
    fits_for,
    refit_space,
    score_reaching,
)
from community.moderation.policy.services import calibrations_for
from tests.forums import helpers as h
from tests.moderation.calibration_world import judge, make_world


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    return make_world(session)


def _fits(session: Any) -> dict[tuple[int, str], SpaceScoreCalibration]:
    h.fresh(session)
    return {
        (fit.space_id, fit.label): fit for fit in session.scalars(select(SpaceScoreCalibration))
    }


def _increasing(knots: list[list[float]]) -> bool:
    return all(x1 > x0 and y1 >= y0 for (x0, y0), (x1, y1) in pairwise(knots))


# --- the fit ----------------------------------------------------------------------------


def test_a_space_with_enough_decisions_gets_an_increasing_fit_per_label(session, world):
    decided = judge(session, world, 300, extra={"crisis": 120})

    fits = refit_space(session, space=world["space"], now=utcnow(), min_decisions=200)
    session.commit()

    # Crisis was scored on 120 decisions only: too few to learn from.
    assert sorted(fit.label for fit in fits) == ["insult", "toxicity"]
    toxicity = _fits(session)[(world["space"].id, "toxicity")]
    assert toxicity.decisions == 300
    assert toxicity.refused == sum(refused for _score, refused in decided)
    assert 2 <= len(toxicity.knots) <= MAX_KNOTS
    assert _increasing(toxicity.knots)
    assert calibrated(toxicity.knots, 0.05) < 0.1
    assert calibrated(toxicity.knots, 0.95) > 0.9
    # The moderators refuse half the posts near 0.5: so does the fit, near there.
    reaching = score_reaching(toxicity.knots)
    assert reaching is not None and 0.35 < reaching < 0.65
    # On the decisions it learnt from, the calibrated score is closer to what was decided.
    assert 0 <= toxicity.brier_calibrated < toxicity.brier_raw


def test_refitting_replaces_the_fit_rather_than_adding_one(session, world):
    judge(session, world, 250)
    first = refit_space(session, space=world["space"], now=utcnow(), min_decisions=200)
    session.commit()
    judge(session, world, 50, seed=8)

    later = utcnow() + timedelta(hours=1)
    refit_space(session, space=world["space"], now=later, min_decisions=200)
    session.commit()

    fits = _fits(session)
    assert len(fits) == len(first) == 2
    assert {fit.decisions for fit in fits.values()} == {300}
    assert {fit.fitted_at for fit in fits.values()} == {later}


def test_below_the_minimum_nothing_is_fitted(session, world):
    judge(session, world, 199)

    assert refit_space(session, space=world["space"], now=utcnow(), min_decisions=200) == []
    session.commit()

    assert _fits(session) == {}


def test_a_large_space_keeps_a_short_list_of_knots():
    rng = random.Random(3)
    scores = [rng.random() for _ in range(5000)]
    refused = [rng.random() < score**2 for score in scores]

    knots = fit_knots(scores, refused)

    assert len(knots) <= MAX_KNOTS
    assert _increasing(knots)
    assert knots[0][1] >= 0 and knots[-1][1] <= 1
    # Still the shape of the data: few refusals at 0.2, most at 0.9.
    assert calibrated(knots, 0.2) < 0.15 and calibrated(knots, 0.9) > 0.65


# --- reading a fit ----------------------------------------------------------------------

KNOTS = [[0.2, 0.1], [0.4, 0.1], [0.6, 0.5], [0.8, 0.9]]


def test_calibrated_interpolates_between_knots():
    assert calibrated(KNOTS, 0.3) == pytest.approx(0.1)
    assert calibrated(KNOTS, 0.5) == pytest.approx(0.3)
    assert calibrated(KNOTS, 0.7) == pytest.approx(0.7)
    assert calibrated(KNOTS, 0.6) == pytest.approx(0.5)


def test_calibrated_is_clipped_beyond_the_knots():
    assert calibrated(KNOTS, 0.0) == pytest.approx(0.1)
    assert calibrated(KNOTS, -1.0) == pytest.approx(0.1)
    assert calibrated(KNOTS, 0.95) == pytest.approx(0.9)
    assert calibrated(KNOTS, 3.0) == pytest.approx(0.9)
    assert calibrated([[0.5, 0.4]], 0.9) == pytest.approx(0.4)
    # Without a fit: the raw score, kept within [0, 1].
    assert calibrated([], 0.42) == pytest.approx(0.42)
    assert calibrated([], 1.7) == 1.0


def test_the_score_at_which_refusal_becomes_likely():
    assert score_reaching(KNOTS) == pytest.approx(0.6)
    assert score_reaching(KNOTS, 0.7) == pytest.approx(0.7)
    assert score_reaching([[0.1, 0.6], [0.9, 0.8]]) == 0.0  # every score reaches it
    assert score_reaching([[0.1, 0.0], [0.9, 0.3]]) is None  # none does
    assert score_reaching([]) is None


def test_fits_for_reads_several_spaces_in_one_query(session, world, count_queries):
    other = make_world(session, "endometriose")
    for each in (world, other):
        judge(session, each, 200)
        refit_space(session, space=each["space"], now=utcnow(), min_decisions=200)
    session.commit()
    empty = h.space(session, "sep")
    session.commit()

    ids = [world["space"].id, other["space"].id, empty.id]

    with count_queries() as counter:
        fits = fits_for(session, space_ids=ids)

    assert counter.count == 1
    assert set(fits) == set(ids[:2])
    assert set(fits[ids[0]]) == {"toxicity", "insult"}
    assert _increasing(fits[ids[0]]["toxicity"])


def test_a_space_that_chose_it_reads_its_calibrated_probabilities(session, world):
    judge(session, world, 200)
    refit_space(session, space=world["space"], now=utcnow(), min_decisions=200)
    session.add(SpacePolicy(space_id=world["space"].id, use_calibrated_risk=True))
    other = make_world(session, "endometriose")
    judge(session, other, 200)
    refit_space(session, space=other["space"], now=utcnow(), min_decisions=200)
    session.add(SpacePolicy(space_id=other["space"].id))  # left off, as by default
    session.commit()

    chosen = calibrations_for(session, policies=session.scalars(select(SpacePolicy)).all())

    assert set(chosen) == {world["space"].id}
    calibrate = chosen[world["space"].id]
    high = calibrate("toxicity", 0.95)
    assert high is not None and high > 0.9
    assert calibrate("threat", 0.95) is None  # never scored in this space: not fitted


# --- the worker -------------------------------------------------------------------------


def _fitted_at(session: Any, world: dict[str, Any]) -> set[Any]:
    h.fresh(session)
    return set(
        session.scalars(
            select(SpaceScoreCalibration.fitted_at).where(
                SpaceScoreCalibration.space_id == world["space"].id
            )
        )
    )


def test_the_worker_refits_a_space_only_when_it_is_due(app, session, world):
    small = make_world(session, "endometriose")
    judge(session, world, 200)
    judge(session, small, 120)
    start = utcnow()

    # Never fitted: due. The small space has too few decisions.
    assert refit_calibrations_once(app, now=start) == [world["space"].id]
    assert _fitted_at(session, world) == {start}
    assert session.scalar(select(func.count()).select_from(SpaceScoreCalibration)) == 2

    # Just fitted, nothing new: not due.
    assert refit_calibrations_once(app, now=start + timedelta(minutes=5)) == []
    # 19 new decisions: not yet; the 20th makes it due.
    judge(session, world, 19, seed=9)
    assert refit_calibrations_once(app, now=start + timedelta(minutes=10)) == []
    judge(session, world, 1, seed=10)
    later = start + timedelta(minutes=15)
    assert refit_calibrations_once(app, now=later) == [world["space"].id]
    assert _fitted_at(session, world) == {later}

    # A day old: due again, new decisions or not.
    assert refit_calibrations_once(app, now=later + timedelta(hours=23)) == []
    next_day = later + timedelta(hours=24, minutes=1)
    assert refit_calibrations_once(app, now=next_day) == [world["space"].id]
    assert _fitted_at(session, world) == {next_day}


@pytest.mark.config(MODERATION_CALIBRATION_MIN_DECISIONS=30)
def test_the_minimum_is_a_setting(app, session, world):
    judge(session, world, 30)

    assert refit_calibrations_once(app) == [world["space"].id]


def test_the_scoring_loop_refits_the_calibrations_too(app, session, world):
    judge(session, world, 200)

    run_once(app)

    assert {label for _space, label in _fits(session)} == {"toxicity", "insult"}

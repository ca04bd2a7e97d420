"""The calibration page learns from the space's moderators: charts, the refit button, and
the policy's switch to order the queue by the calibrated scores."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from community.kernel.clock import utcnow
from community.moderation.models import SpacePolicy, SpaceScoreCalibration
from community.moderation.policy.score_calibration import refit_space
from community.moderation.policy.services import save_policy
from tests.forums import helpers as h
from tests.moderation.calibration_world import BODY, judge, make_world
from tests.moderation.test_policy import THRESHOLDS

PAGE = "/moderation/espaces/diabete/calibration"
REFIT = "/moderation/espaces/diabete/calibration/recalculer"
POLICY = "/moderation/espaces/diabete/politique"
CHECKBOX = re.compile(r"<input[^>]*\bid=\"use_calibrated_risk\"[^>]*>")


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    return make_world(session)


def _fit(session: Any, world: dict[str, Any]) -> None:
    refit_space(session, space=world["space"], now=utcnow(), min_decisions=200)
    session.commit()


def _fit_count(session: Any) -> int:
    h.fresh(session)
    return session.scalar(select(func.count()).select_from(SpaceScoreCalibration))


# --- the page ----------------------------------------------------------------------------


def test_below_the_minimum_the_page_says_how_many_decisions_are_missing(client, session, world):
    judge(session, world, 150)
    h.log_in(client, world["president"])

    page = client.get(PAGE).get_data(as_text=True)

    assert "Scores calibrés sur vos décisions" in page
    assert "il en manque encore 50." in page
    assert "Recalculer maintenant" not in page
    # The bins are drawn all the same, without a calibrated curve.
    assert "Pas encore de courbe calibrée pour cette catégorie." in page
    assert 'class="curve"' not in page


def test_the_page_draws_a_reliability_chart_and_its_table_per_label(
    client, session, world, count_queries
):
    judge(session, world, 300)
    _fit(session, world)
    h.log_in(client, world["president"])

    with count_queries() as counter:
        page = client.get(PAGE).get_data(as_text=True)

    assert counter.count <= 9, counter.statements
    assert "calibration.css" in page
    chart = page[page.index('<svg xmlns="http://www.w3.org/2000/svg"') :]
    chart = chart[: chart.index("</svg>")]
    assert 'role="img"' in chart
    assert 'aria-labelledby="reliability-toxicity-title reliability-toxicity-desc"' in chart
    assert (
        '<title id="reliability-toxicity-title">toxicité : score du modèle et part des '
        "messages refusés</title>" in chart
    )
    desc = chart[chart.index("<desc") : chart.index("</desc>")]
    assert "Axe horizontal : le score brut du modèle" in desc
    assert "300 messages en 10 tranches" in desc
    assert "atteint 50" in desc and "de refus au score 0," in desc
    # Points sized by their bins, the fitted curve, the dashed diagonal.
    assert chart.count('<circle class="bin"') == 10
    assert '<polyline class="curve"' in chart
    assert 'class="diagonal"' in chart and 'stroke-dasharray="6 4"' in chart
    # The same bins in a table, for whoever does not see the chart.
    assert "toxicité : messages et refus par tranche de scores" in page
    assert '<th scope="row">0,00 à 0,10</th><td data-label="Messages">30</td>' in page
    assert "Score de Brier" in page
    assert "D’après la calibration, un message a au moins une chance sur deux" in page
    # Beside the F1-best suggestion, the score at which refusal becomes likely.
    assert "Refus probable dès le score" in page
    # Figures only: no post, no pseudonym.
    assert BODY not in page and "Camille" not in page and "Moderatrice" not in page


def test_the_page_never_fits_on_a_get(client, session, world):
    judge(session, world, 250)
    h.log_in(client, world["president"])

    page = client.get(PAGE).get_data(as_text=True)

    assert "Pas encore calculée" in page
    assert "Recalculer maintenant" in page
    assert _fit_count(session) == 0


def test_the_page_is_in_english_for_an_english_reader(client, session, world):
    world["president"].locale = "en"
    session.commit()
    judge(session, world, 200)
    _fit(session, world)
    h.log_in(client, world["president"])

    page = client.get(PAGE).get_data(as_text=True)

    assert "Scores calibrated on your decisions" in page
    assert "Recalculate now" in page
    assert "Horizontal axis: the model’s raw score" in page


# --- the refit button ----------------------------------------------------------------------


def test_the_admin_recalculates_the_calibration_now(client, session, world):
    judge(session, world, 220)
    h.log_in(client, world["president"])

    response = client.post(REFIT)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(PAGE)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Calibration recalculée pour 2 catégories." in page
    assert '<polyline class="curve"' in page
    assert _fit_count(session) == 2


def test_with_too_few_decisions_the_button_says_there_is_nothing_to_calculate(
    client, session, world
):
    judge(session, world, 20)
    h.log_in(client, world["president"])

    page = client.post(REFIT, follow_redirects=True).get_data(as_text=True)

    assert "Rien à calculer : il faut au moins 200 décisions notées dans l’espace." in page
    assert _fit_count(session) == 0


@pytest.mark.parametrize("who", ["moderator", "member"])
def test_only_the_association_recalculates(client, session, world, who):
    judge(session, world, 200)
    h.log_in(client, world[who])

    assert client.post(REFIT).status_code == 403
    assert _fit_count(session) == 0


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_button_needs_the_form_s_token(client, session, world):
    judge(session, world, 200)
    h.log_in(client, world["president"])

    assert client.post(REFIT).status_code == 400
    assert _fit_count(session) == 0


# --- the policy's switch -----------------------------------------------------------------


def test_without_a_calibration_the_switch_is_disabled_and_explained(client, session, world):
    h.log_in(client, world["president"])

    page = client.get(POLICY).get_data(as_text=True)

    box = CHECKBOX.search(page)
    assert box is not None and "disabled" in box.group(0) and "checked" not in box.group(0)
    assert "Utiliser les scores calibrés sur nos décisions pour ordonner la file" in page
    assert "Indisponible pour l’instant" in page and "200 décisions" in page

    # Ticked all the same (a hand-made request): nothing to order by, it stays off.
    client.post(POLICY, data={**THRESHOLDS, "use_calibrated_risk": "y"})
    h.fresh(session)
    policy = session.get(SpacePolicy, world["space"].id)
    assert policy is not None and policy.use_calibrated_risk is False


def test_once_calibrated_the_admin_orders_the_queue_by_it(client, session, world):
    judge(session, world, 200)
    _fit(session, world)
    h.log_in(client, world["president"])

    page = client.get(POLICY).get_data(as_text=True)
    box = CHECKBOX.search(page)
    assert box is not None and "disabled" not in box.group(0)

    response = client.post(
        POLICY,
        data={**THRESHOLDS, "auto_publish_trusted": "y", "use_calibrated_risk": "y"},
    )

    assert response.status_code == 302
    h.fresh(session)
    policy = session.get(SpacePolicy, world["space"].id)
    assert policy is not None
    assert policy.use_calibrated_risk is True
    # The other fields are saved with it.
    assert policy.auto_publish_trusted is True and policy.thresholds["obscene"] == 0.75
    page = client.get(POLICY).get_data(as_text=True)
    box = CHECKBOX.search(page)
    assert box is not None and "checked" in box.group(0)

    # Unticked: back to the raw scores.
    client.post(POLICY, data=THRESHOLDS)
    h.fresh(session)
    assert session.get(SpacePolicy, world["space"].id).use_calibrated_risk is False


def test_moderators_read_how_the_queue_is_ordered(client, session, world):
    session.add(SpacePolicy(space_id=world["space"].id, use_calibrated_risk=True))
    session.commit()
    h.log_in(client, world["moderator"])

    page = client.get(POLICY).get_data(as_text=True)

    assert "La file est ordonnée par les scores calibrés" in page
    assert CHECKBOX.search(page) is None


def test_saving_the_policy_elsewhere_keeps_the_switch(session, world):
    session.add(SpacePolicy(space_id=world["space"].id, use_calibrated_risk=True))
    session.commit()

    save_policy(
        session,
        actor=world["president"],
        space=world["space"],
        thresholds={"insult": 0.6},
        auto_publish_trusted=False,
    )
    session.commit()

    h.fresh(session)
    assert session.get(SpacePolicy, world["space"].id).use_calibrated_risk is True

"""A space's policy page: the association sets its thresholds and the auto-publish switch."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import SpaceRoleKind
from community.moderation.models import SpacePolicy
from community.moderation.policy.services import PolicyError, parse_threshold, thresholds_of
from tests.forums import helpers as h

URL = "/moderation/espaces/diabete/politique"
THRESHOLDS = {
    "threshold_toxicity": "0,50",
    "threshold_severe_toxicity": "0,3",
    "threshold_obscene": "0.75",
    "threshold_threat": "0,40",
    "threshold_insult": "0,65",
    "threshold_identity_attack": "0,50",
}
BAD_THRESHOLD = (
    "Un seuil s’écrit comme 0,50 : un nombre entre 0,05 et 0,99, deux décimales au plus."
)


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    diabete = h.space(session, "diabete")
    world = {
        "space": diabete,
        "president": h.member(session, "Presidente"),
        "moderator": h.member(session, "Moderatrice"),
        "member": h.member(session, "Camille"),
    }
    forums.grant_space_role(
        session,
        space=diabete,
        member=world["president"],
        kind=SpaceRoleKind.ASSOCIATION_ADMIN,
    )
    forums.grant_space_role(
        session, space=diabete, member=world["moderator"], kind=SpaceRoleKind.MODERATOR
    )
    h.joined(session, world["member"], diabete)
    session.commit()
    return world


def _saved(session: Any, world: dict[str, Any]) -> SpacePolicy | None:
    h.fresh(session)
    return session.get(SpacePolicy, world["space"].id)


def test_a_new_space_has_the_default_thresholds_and_strict_pre_moderation(client, world):
    h.log_in(client, world["president"])

    page = client.get(URL).get_data(as_text=True)

    assert "Politique de modération : Diabete" in page
    assert "Réglages par défaut" in page
    # Written as the reader writes numbers.
    assert page.count('value="0,50"') == 6
    assert "checked" not in page
    assert "Personne ne le relit avant publication" in page


def test_the_association_admin_sets_thresholds_with_a_decimal_comma(client, session, world):
    h.log_in(client, world["president"])

    response = client.post(URL, data={**THRESHOLDS, "auto_publish_trusted": "y"})

    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "La politique de modération de l’espace est enregistrée." in page
    assert 'value="0,30"' in page and 'value="0,75"' in page
    policy = _saved(session, world)
    assert policy is not None
    assert policy.thresholds["severe_toxicity"] == 0.3
    assert policy.thresholds["obscene"] == 0.75
    assert policy.auto_publish_trusted is True
    assert policy.updated_by_id == world["president"].id
    assert policy.updated_at is not None


def test_saving_again_updates_the_same_row(client, session, world):
    h.log_in(client, world["president"])
    client.post(URL, data={**THRESHOLDS, "auto_publish_trusted": "y"})

    client.post(URL, data={**THRESHOLDS, "threshold_insult": "0,90"})

    h.fresh(session)
    (policy,) = session.scalars(select(SpacePolicy)).all()
    assert policy.thresholds["insult"] == 0.9
    # An unticked box is a switch turned off.
    assert policy.auto_publish_trusted is False


@pytest.mark.parametrize("typed", ["0,01", "1", "1,5", "abc", "0,555", "", "-0,5"])
def test_a_threshold_out_of_range_is_refused_with_a_clear_message(client, session, world, typed):
    h.log_in(client, world["president"])

    response = client.post(URL, data={**THRESHOLDS, "threshold_insult": typed})

    assert response.status_code == 400
    assert BAD_THRESHOLD in response.get_data(as_text=True)
    assert _saved(session, world) is None


def test_the_error_is_in_english_for_an_english_reader(client, session, world):
    world["president"].locale = "en"
    session.commit()
    h.log_in(client, world["president"])

    response = client.post(URL, data={**THRESHOLDS, "threshold_insult": "2"})

    assert response.status_code == 400
    assert "between 0.05 and 0.99" in response.get_data(as_text=True)


def test_a_moderator_reads_the_policy_but_cannot_change_it(client, session, world):
    h.log_in(client, world["moderator"])

    page = client.get(URL).get_data(as_text=True)

    assert "Seuls les administrateurs de l’association peuvent modifier cette politique." in page
    assert 'name="threshold_insult"' not in page
    assert "Tous les messages attendent la décision d’un modérateur" in page
    assert client.post(URL, data=THRESHOLDS).status_code == 403
    assert _saved(session, world) is None


def test_a_member_of_the_space_may_not_see_the_policy(client, world):
    h.log_in(client, world["member"])

    assert client.get(URL).status_code == 403


def test_the_space_administration_page_links_to_the_policy_pages(client, world):
    h.log_in(client, world["president"])

    page = client.get("/admin/espaces/diabete").get_data(as_text=True)

    for url in ("politique", "mots-surveilles", "calibration", "membres-de-confiance"):
        assert f"/moderation/espaces/diabete/{url}" in page


def test_thresholds_parse_as_french_or_english_decimals():
    assert parse_threshold("0,83") == 0.83
    assert parse_threshold(" 0.5 ") == 0.5
    assert parse_threshold(",9") == 0.9
    for typed in ("0,04", "0,995", "1", "0,5,", "5e-1"):
        with pytest.raises(PolicyError):
            parse_threshold(typed)


def test_labels_without_a_saved_threshold_take_the_configured_default():
    policy = SpacePolicy(thresholds={"insult": 0.8, "sexual_explicit": 0.7})

    thresholds = thresholds_of(policy, default=0.6)

    assert thresholds["insult"] == 0.8
    assert thresholds["toxicity"] == 0.6
    # A label of another model, saved earlier, is kept.
    assert thresholds["sexual_explicit"] == 0.7
    assert thresholds_of(None, default=0.5)["threat"] == 0.5

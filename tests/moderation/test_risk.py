"""One risk figure per post: crisis first, then what a moderator must act on, then what only
raises attention; the strongest reason first; dangerous advice never a toxicity score."""

from __future__ import annotations

import pytest

from community.moderation.scoring.risk import (
    HIGH_RISK,
    AuthorRecord,
    assess,
    combine,
    model_weight,
    record_weight,
    reports_weight,
)

THRESHOLDS = dict.fromkeys(
    ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack"), 0.5
)
HARMLESS = dict.fromkeys(THRESHOLDS, 0.01)


def finding(code: str, severity: str = "flag", **extra):
    return {"kind": "x", "code": code, "severity": severity, "spans": [[0, 1]], **extra}


def test_a_crisis_is_urgent_and_outranks_everything():
    crisis = assess([finding("suicide", "urgent")], HARMLESS, THRESHOLDS)
    insult = assess([], {**HARMLESS, "toxicity": 0.99, "insult": 0.99}, THRESHOLDS)

    assert crisis.urgent and crisis.risk == 1.0
    assert not insult.urgent and insult.risk < crisis.risk


def test_blocked_words_and_personal_data_come_above_harmless_posts():
    harmless = assess([], HARMLESS, THRESHOLDS)
    blocked = assess(
        [finding("watched_word", "block", detail="cure naturelle")], HARMLESS, THRESHOLDS
    )
    phone = assess([finding("phone")], HARMLESS, THRESHOLDS)
    link = assess([finding("link", detail="exemple.fr")], HARMLESS, THRESHOLDS)

    assert blocked.risk > phone.risk > link.risk > harmless.risk
    assert blocked.high_risk and phone.high_risk
    assert not link.high_risk and not harmless.high_risk


def test_several_signals_add_up_but_never_pass_one():
    one = assess([finding("sales")], HARMLESS, THRESHOLDS)
    three = assess(
        [finding("sales"), finding("link"), finding("watched_word", detail="régime*")],
        HARMLESS,
        THRESHOLDS,
    )
    assert one.risk < three.risk < 1
    assert combine([0.5, 0.5]) == 0.75


def test_the_strongest_reason_comes_first():
    result = assess(
        [finding("link"), finding("phone"), finding("watched_word", "block", detail="arnaque")],
        {**HARMLESS, "insult": 0.7},
        THRESHOLDS,
    )
    codes = [f["code"] for f in result.findings]
    assert codes == ["watched_word", "phone", "high_score", "link"]
    weights = [f["weight"] for f in result.findings]
    assert weights == sorted(weights, reverse=True)


def test_a_score_over_the_space_s_threshold_is_a_reason_and_below_it_still_orders():
    over = assess([], {**HARMLESS, "toxicity": 0.8}, THRESHOLDS)
    under = assess([], {**HARMLESS, "toxicity": 0.4}, THRESHOLDS)
    low = assess([], HARMLESS, THRESHOLDS)

    assert [f["code"] for f in over.findings] == ["high_score"]
    assert over.findings[0]["detail"] == "toxicity" and over.high_risk
    assert under.findings == [] and not under.high_risk
    assert over.risk > under.risk > low.risk
    assert model_weight("threat", 0.5, 0.5) > model_weight("insult", 0.5, 0.5)


def test_dangerous_advice_from_the_model_is_a_finding_of_its_own_never_toxicity():
    scores = {**HARMLESS, "misinfo": 0.9, "crisis": 0.01}
    result = assess([], scores, THRESHOLDS, signal_thresholds={"misinfo": 0.4, "crisis": 0.3})

    assert [f["code"] for f in result.findings] == ["misinfo_model"]
    assert result.findings[0]["kind"] == "dangerous_advice"
    assert not any(f["code"] == "high_score" for f in result.findings)
    assert result.high_risk and not result.urgent


def test_the_model_s_crisis_output_makes_a_post_urgent():
    result = assess([], {**HARMLESS, "crisis": 0.6}, THRESHOLDS, signal_thresholds={"crisis": 0.3})
    assert result.urgent and result.findings[0]["code"] == "crisis_model"


def test_open_reports_and_the_author_s_record_raise_the_risk():
    plain = assess([], HARMLESS, THRESHOLDS)
    reported = assess([], HARMLESS, THRESHOLDS, open_reports=2)
    danger = assess([], HARMLESS, THRESHOLDS, danger_reported=True)
    refused_before = assess([], HARMLESS, THRESHOLDS, record=AuthorRecord(refused=3))

    assert danger.urgent
    assert reported.risk > plain.risk and reported.high_risk
    assert refused_before.risk > plain.risk and not refused_before.high_risk
    assert reports_weight(1) == 0.5 and reports_weight(3) > reports_weight(2)
    assert record_weight(AuthorRecord(published=200, refused=1)) < record_weight(
        AuthorRecord(refused=1)
    )


def test_swearing_at_a_disease_raises_attention_but_is_not_held_as_high_risk():
    swearing = assess([], {**HARMLESS, "obscene": 0.97}, THRESHOLDS)
    insult = assess([], {**HARMLESS, "insult": 0.6}, THRESHOLDS)

    assert [f["detail"] for f in swearing.findings] == ["obscene"]
    assert not swearing.high_risk and insult.high_risk
    assert swearing.risk > assess([], HARMLESS, THRESHOLDS).risk


def test_labels_that_move_together_count_as_one_attack():
    one = assess([], {**HARMLESS, "toxicity": 0.8}, THRESHOLDS)
    three = assess(
        [], {**HARMLESS, "toxicity": 0.8, "insult": 0.8, "identity_attack": 0.8}, THRESHOLDS
    )
    many_low = assess([], dict.fromkeys(THRESHOLDS, 0.45), THRESHOLDS)

    assert len(three.findings) == 3 and three.risk == one.risk
    # Six labels just under their thresholds do not add up to a high risk.
    assert not many_low.high_risk


def test_a_post_the_model_could_not_score_keeps_its_detectors_risk():
    result = assess([finding("email")], None, THRESHOLDS)
    assert result.risk >= HIGH_RISK


@pytest.mark.parametrize("probability", [0.05, 0.9])
def test_a_space_s_calibration_replaces_the_threshold_rule(probability):
    scores = {**HARMLESS, "toxicity": 0.3}

    def calibrate(label: str, score: float) -> float | None:
        return probability if label == "toxicity" else None

    result = assess([], scores, THRESHOLDS, calibrate=calibrate)

    # The model is one signal: its strongest label, here the calibrated one or the others.
    others = [model_weight(label, 0.01, 0.5) for label in THRESHOLDS if label != "toxicity"]
    assert result.risk == pytest.approx(max(probability, *others), abs=1e-4)


def test_the_model_s_crisis_output_on_advice_to_others_is_a_reason_not_an_alarm():
    advice = [finding("dangerous_advice", detail="stop_treatment")]
    scores = {**HARMLESS, "crisis": 0.7}
    signals = {"crisis": 0.4}

    flagged = assess(advice, scores, THRESHOLDS, signal_thresholds=signals)
    confirmed = assess([*advice, finding("suicide", "urgent")], scores, THRESHOLDS,
                       signal_thresholds=signals)  # fmt: skip

    assert not flagged.urgent and flagged.high_risk
    assert [f["code"] for f in flagged.findings] == ["dangerous_advice", "crisis_model"]
    assert confirmed.urgent


def test_dangerous_advice_is_no_attack_unless_the_model_also_sees_one():
    advice = [finding("dangerous_advice", detail="stop_treatment")]
    alone = assess(advice, HARMLESS, THRESHOLDS)
    mistaken = assess(advice, {**HARMLESS, "toxicity": 0.85}, THRESHOLDS)
    # The model's own advice output mistakes attacks for advice too: it overrules nothing.
    by_the_model = assess(
        [], {**HARMLESS, "toxicity": 0.85, "misinfo": 0.9}, THRESHOLDS,
        signal_thresholds={"misinfo": 0.4},
    )  # fmt: skip
    insulting = assess(advice, {**HARMLESS, "toxicity": 0.85, "insult": 0.8}, THRESHOLDS)

    # Toxicity the model gives the advice alone is its mistake: no reason, no weight.
    assert [f["code"] for f in mistaken.findings] == ["dangerous_advice"]
    assert mistaken.risk == alone.risk and mistaken.high_risk
    assert [f["code"] for f in by_the_model.findings] == ["high_score", "misinfo_model"]
    # Advice that also insults someone is both.
    assert [f.get("detail") for f in insulting.findings if f["code"] == "high_score"] == [
        "toxicity",
        "insult",
    ]
    assert insulting.risk > alone.risk

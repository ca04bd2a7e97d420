"""One risk figure per post, which every signal feeds, and the order of its reasons.

Each signal (a detector's finding, a model score against the space's threshold, open
reports, the author's record) has a weight between 0 and 1: roughly, how likely a
moderator is to have to act on a post that shows it. The risk is their noisy-or,
1 − Π(1 − weight): one strong signal makes a high risk, several weak ones add up, and the
figure stays between 0 and 1 so that the queue can sort on it and an index serve it.
A post whose risk reaches HIGH_RISK is "held as high risk".

The weights are a policy, written here once: crisis before everything (the queue puts
urgent posts first anyway), then what a moderator must almost always act on (a word the
association blocks, personal data, a threat), then what usually needs acting on
(dangerous advice, selling, an insult), then what only raises attention (a link, a word
the association watches, a refusal in the author's past, swearing). Below a label's
threshold a model score still orders posts among themselves, weakly. The model's labels
are one signal, weighed by its strongest label: toxicity, insult and identity attack
move together, and three of them over their thresholds are one attack, not three.
Obscenity alone is swearing, not an attack: anger at an illness must not be held back.

The model's crisis output makes a post urgent, except where the rules read the post as
dangerous advice to others ("arrêtez votre insuline") and find no crisis: the model
mistakes one for the other (on the validation split, three false urgent posts in four
were such advice), so there it is a strong reason, not an alarm.

Dangerous advice is no attack (the policy): on a post the rules read as such, a toxicity
score that no insult, threat, identity attack or severe label backs is the model
mistaking the one for the other, and neither weighs nor shows as a reason; the advice is
the reason. The model's own dangerous-advice output does not overrule its toxicity so: it
mistakes attacks for advice too (half its false flags on the validation split are toxic
posts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from community.moderation.scoring.detectors import Finding, Kind, Severity, high_score_finding
from community.textscan import CRISIS

HIGH_RISK = 0.5
URGENT_WEIGHT = 0.99

# A detector's finding, by code. Unknown codes weigh as a plain flag.
FINDING_WEIGHTS = {
    "suicide": URGENT_WEIGHT,
    "self_harm": URGENT_WEIGHT,
    "relative_at_risk": URGENT_WEIGHT,
    "crisis_model": URGENT_WEIGHT,
    # The model's crisis output on a post the rules read as advice to others.
    "crisis_model_advice": 0.7,
    # Personal data exposes a person until a moderator acts: above most model judgements.
    "phone": 0.88,
    "email": 0.88,
    "nir": 0.9,
    "iban": 0.9,
    "address": 0.85,
    "birth_date": 0.75,
    "full_name": 0.75,
    "dangerous_advice": 0.75,
    "misinfo_model": 0.6,
    "miracle_cure": 0.7,
    "sales": 0.7,
    "promo_code": 0.7,
    "recruitment": 0.7,
    "private_contact": 0.65,
    "repeated_links": 0.6,
    "link": 0.15,
}
WATCHED_BLOCK_WEIGHT = 0.9
WATCHED_FLAG_WEIGHT = 0.45
FLAG_WEIGHT = 0.4
# Labels that say the most about a person's safety weigh more over their threshold.
SEVERE_LABELS = frozenset({"threat", "severe_toxicity"})
# Swearing aimed at no one is obscene only (the policy): it raises attention, no more.
MILD_LABELS = frozenset({"obscene"})
# The labels that say who is attacked and how: on dangerous advice, toxicity counts only
# when one of them backs it.
ATTACK_LABELS = frozenset({"insult", "threat", "identity_attack", "severe_toxicity"})


@dataclass(frozen=True)
class AuthorRecord:
    """What moderators decided before on this author's posts."""

    published: int = 0
    refused: int = 0
    unpublished: int = 0


def model_weight(label: str, score: float, threshold: float) -> float:
    """What a label's score weighs against the space's threshold.

    At the threshold a label weighs 0.6 (0.7 for threats and severe toxicity), rising to
    0.95 at a score of 1; below it, up to 0.4 in proportion, so that a post just under the
    threshold comes before one the model finds harmless. Obscenity weighs half as much,
    and never makes a post high risk on its own.
    """
    score = min(max(float(score), 0.0), 1.0)
    threshold = min(max(float(threshold), 0.01), 0.99)
    scale = 0.5 if label in MILD_LABELS else 1.0
    if score >= threshold:
        start = 0.7 if label in SEVERE_LABELS else 0.6
        return scale * (start + (0.95 - start) * (score - threshold) / (1 - threshold))
    return scale * 0.4 * score / threshold


def reports_weight(open_reports: int, danger: bool = False) -> float:
    """Members' open reports on a published post: one weighs 0.5, each more adds up."""
    if danger:
        return URGENT_WEIGHT
    if open_reports <= 0:
        return 0.0
    return 1 - 0.5 * 0.7 ** (open_reports - 1)


def record_weight(record: AuthorRecord | None) -> float:
    """An author whose posts were refused or taken down before: at most 0.3."""
    if record is None:
        return 0.0
    against = record.refused + 2 * record.unpublished
    if against == 0:
        return 0.0
    # A long record of published posts makes one old refusal count for little.
    return min(0.3, 0.1 * against * 10 / (10 + record.published))


def finding_weight(finding: Mapping[str, Any]) -> float:
    """The weight of one stored finding (a dict as the worker stores it)."""
    code = finding.get("code", "")
    if finding.get("severity") == "urgent":
        return URGENT_WEIGHT
    if code == "watched_word":
        return WATCHED_BLOCK_WEIGHT if finding.get("severity") == "block" else WATCHED_FLAG_WEIGHT
    if code == "high_score":
        return float(finding.get("weight", FLAG_WEIGHT))
    return FINDING_WEIGHTS.get(code, FLAG_WEIGHT)


def combine(weights: Iterable[float]) -> float:
    """The noisy-or of weights: 1 − Π(1 − w), rounded for a stable sort and cursor."""
    remaining = 1.0
    for weight in weights:
        remaining *= 1 - min(max(weight, 0.0), URGENT_WEIGHT)
    return round(1 - remaining, 6)


@dataclass(frozen=True)
class Assessment:
    """A post's risk, and its findings with their weights, the strongest first."""

    risk: float
    urgent: bool
    findings: list[dict[str, Any]]

    @property
    def high_risk(self) -> bool:
        return self.urgent or self.risk >= HIGH_RISK


def assess(
    findings: Sequence[Mapping[str, Any]],
    scores: Mapping[str, float] | None,
    thresholds: Mapping[str, float],
    *,
    signal_thresholds: Mapping[str, float] | None = None,
    open_reports: int = 0,
    danger_reported: bool = False,
    record: AuthorRecord | None = None,
    calibrate: Callable[[str, float], float | None] | None = None,
) -> Assessment:
    """Weigh every signal of a post into its risk and order its findings by weight.

    `findings` are the detectors' (dicts as stored); `scores` the model's, or None when it
    could not score. A label at or over its threshold adds a "high_score" finding; the
    model's own crisis and dangerous-advice outputs (over `signal_thresholds`) add
    "crisis_model" (urgent) and "misinfo_model" findings — never a toxicity score.
    `calibrate(label, score)`, when the space uses its calibration, gives the probability
    that its moderators refuse a post with that score, which then is the label's weight.
    """
    weighed: list[dict[str, Any]] = [dict(finding) for finding in findings]
    for finding in weighed:
        finding["weight"] = round(finding_weight(finding), 4)
    extra = [URGENT_WEIGHT if danger_reported else reports_weight(open_reports)]
    extra.append(record_weight(record))
    label_weights: dict[str, float] = {}
    passed: dict[str, dict[str, Any]] = {}
    if scores:
        for label, value in sorted(scores.items(), key=lambda pair: (-pair[1], pair[0])):
            if signal_thresholds and label in signal_thresholds:
                weighed.extend(_signal(label, value, signal_thresholds[label]))
                continue
            if label not in thresholds:
                continue
            weight = model_weight(label, value, thresholds[label])
            probability = calibrate(label, value) if calibrate else None
            if probability is not None:
                weight = min(max(probability, 0.0), 0.95)
            label_weights[label] = weight
            if value >= thresholds[label]:
                over = high_score_finding(label, float(value), float(thresholds[label]))
                passed[label] = replace(over, weight=round(weight, 4)).to_dict()
    advice = any(f.get("code") == "dangerous_advice" for f in weighed)
    if advice and not passed.keys() & ATTACK_LABELS:
        label_weights.pop("toxicity", None)
        passed.pop("toxicity", None)
    weighed.extend(passed.values())
    # The model's labels: one signal, its strongest label's weight.
    model = max(label_weights.values(), default=0.0)
    _advice_not_crisis(weighed)
    # Of equal weight, what the rules found (with its passage) before the model's opinion.
    weighed.sort(
        key=lambda f: (-f["weight"], not f.get("spans"), f.get("spans") or [], f.get("code", ""))
    )
    urgent = danger_reported or any(f.get("severity") == "urgent" for f in weighed)
    # Urgent posts come first in the queue whatever their risk; their figure says so too.
    signals = [f["weight"] for f in weighed if f["code"] != "high_score"]
    risk = 1.0 if urgent else min(combine([*signals, model, *extra]), 0.999)
    return Assessment(risk=risk, urgent=urgent, findings=weighed)


def _advice_not_crisis(weighed: list[dict[str, Any]]) -> None:
    """The model's crisis output is a flag, not urgent, on advice to others without crisis."""
    codes = {finding.get("code") for finding in weighed}
    if "dangerous_advice" not in codes or codes & set(CRISIS):
        return
    for finding in weighed:
        if finding.get("code") == "crisis_model":
            finding["severity"] = "flag"
            finding["weight"] = FINDING_WEIGHTS["crisis_model_advice"]


def _signal(label: str, value: float, threshold: float) -> list[dict[str, Any]]:
    if value < threshold:
        return []
    crisis = label == "crisis"
    finding = Finding(
        kind=Kind.CRISIS if crisis else Kind.DANGEROUS_ADVICE,
        code=f"{label}_model",
        severity=Severity.URGENT if crisis else Severity.FLAG,
        spans=(),
        detail=label,
        score=round(float(value), 4),
        threshold=float(threshold),
        weight=URGENT_WEIGHT if crisis else FINDING_WEIGHTS["misinfo_model"],
    )
    return [finding.to_dict()]

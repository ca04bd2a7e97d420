"""Calibration of the development model's outputs on the validation split, and its measures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from community.moderation.model.corpus import MODEL_OUTPUTS, Example
from community.moderation.model.inputs import logits_of

OUTPUTS = tuple(MODEL_OUTPUTS)
# The signals' thresholds flag at most this share of the validation split's other posts.
# Crisis comes first: a moderator reads every post anyway (and the risk makes the model's
# crisis output on advice to others a flag, which halves its false alarms).
SIGNAL_FALSE_RATE = {"crisis": 0.05, "misinfo": 0.02}


def mean_auc(logits: Any, examples: Sequence[Example]) -> float:
    """The mean ROC AUC of the outputs on labelled examples (those with both classes)."""
    from sklearn.metrics import roc_auc_score

    values = []
    for index, name in enumerate(OUTPUTS):
        truth = [e.labels[MODEL_OUTPUTS[name]] for e in examples]
        if 0 < sum(truth) < len(truth):
            values.append(float(roc_auc_score(truth, logits[:, index].tolist())))
    return sum(values) / len(values) if values else 0.0


def fit_platt(logits: Any, targets: Any) -> tuple[float, float]:
    """The slope and offset that turn one output's logits into calibrated probabilities:
    Platt scaling, a logistic regression of the label on the logit (scikit-learn's). An
    output that does not rank its validation examples keeps its logits as they are."""
    from sklearn.linear_model import LogisticRegression

    truth = [int(t > 0.5) for t in targets.tolist()]
    if not 0 < sum(truth) < len(truth):
        return 1.0, 0.0
    x = [[value] for value in logits.double().tolist()]
    fitted = LogisticRegression(C=1e4, max_iter=1000).fit(x, truth)
    slope, offset = float(fitted.coef_[0][0]), float(fitted.intercept_[0])
    if slope <= 0:
        return 1.0, 0.0
    return slope, offset


def false_rate_threshold(scores: Sequence[float], truth: Sequence[int], rate: float) -> float:
    """The lowest threshold at which at most `rate` of the negatives score at or above it."""
    negatives = sorted((s for s, t in zip(scores, truth, strict=True) if not t), reverse=True)
    if not negatives:
        return 0.5
    allowed = int(rate * len(negatives))
    # Just above the highest negative that must stay under it.
    return round(min(max(negatives[allowed] + 1e-4, 0.01), 0.99), 4)


def calibrate(
    model: Any, pad: int, held: Sequence[Sequence[list[int]]], validation: Sequence[Example]
) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Fit Platt scaling per output on the validation split and fold it into the
    classifier (the highest window stays the highest: the slope is positive); then set
    the thresholds of crisis and dangerous advice. Returns (slope, offset) per output,
    and the thresholds."""
    import torch

    logits = logits_of(model, held, pad)
    weight, bias = model.classifier.weight, model.classifier.bias
    calibration = {}
    with torch.no_grad():
        for index, name in enumerate(OUTPUTS):
            truth = torch.tensor([e.labels[MODEL_OUTPUTS[name]] for e in validation]).float()
            a, b = fit_platt(logits[:, index], truth)
            weight[index] *= a
            bias[index] = bias[index] * a + b
            calibration[name] = (round(a, 6), round(b, 6))
    return calibration, signal_thresholds(model, pad, held, validation)


def signal_thresholds(
    model: Any, pad: int, held: Sequence[Sequence[list[int]]], validation: Sequence[Example]
) -> dict[str, float]:
    """The thresholds of crisis and dangerous advice on the (calibrated) model: as low as
    they can be while flagging at most SIGNAL_FALSE_RATE of the validation's other posts."""
    import torch

    calibrated = torch.sigmoid(logits_of(model, held, pad))
    thresholds = {}
    for name, rate in SIGNAL_FALSE_RATE.items():
        index = OUTPUTS.index(name)
        positives = [e.labels[MODEL_OUTPUTS[name]] for e in validation]
        thresholds[name] = false_rate_threshold(calibrated[:, index].tolist(), positives, rate)
    return thresholds

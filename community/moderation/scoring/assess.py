"""The worker's judgement of one post: the detectors' findings and the model's scores weighed.

The text the model reads, the findings in the title and the body, each label's threshold,
and all of it weighed into one risk. It reads nothing from the database: `flask model
evaluate` runs the same judgement on the corpus.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from community.moderation.models import SpacePolicy
from community.moderation.policy import services as space_policy
from community.moderation.scoring.detectors import WatchedWord
from community.moderation.scoring.risk import Assessment, AuthorRecord, assess
from community.textscan.markup import plain

log = logging.getLogger(__name__)

try:
    from community.moderation.scoring.detectors import detect
except ImportError:  # pragma: no cover - scores are worth storing without the detectors
    detect = None  # type: ignore[assignment]


def scored_text(title: str | None, body: str) -> str:
    """The one text the model reads for a post: its title, if any, then its body, as the
    reader sees it (Markdown's marks out: the model would read "**" as a disguise)."""
    return plain(f"{title}\n\n{body}" if title else body)


def findings_for(
    title: str | None, body: str, watched_words: Sequence[WatchedWord] = ()
) -> list[dict[str, Any]]:
    """The detectors' findings, each saying in "field" whether its spans index the title or body."""
    if detect is None:
        return []
    found = []
    for field, text in (("title", title), ("body", body)):
        if text:
            found += [
                {**finding.to_dict(), "field": field}
                for finding in detect(text, watched_words=watched_words)
            ]
    return found


def thresholds_for(
    scores: dict[str, float] | None, policy: SpacePolicy | None, *, default: float
) -> dict[str, float]:
    """The space's threshold of every label; every label the model gave, even one the
    policy page does not list, has one."""
    return {
        **dict.fromkeys(scores or {}, default),
        **space_policy.thresholds_of(policy, default=default),
    }


def assess_post(
    title: str | None,
    body: str,
    scores: dict[str, float] | None,
    *,
    thresholds: dict[str, float],
    signal_thresholds: dict[str, float] | None = None,
    watched_words: Sequence[WatchedWord] = (),
    reports: tuple[int, bool] = (0, False),
    record: AuthorRecord | None = None,
    calibrate: Callable[[str, float], float | None] | None = None,
) -> tuple[Assessment, bool]:
    """The worker's judgement of one post: the detectors' findings and the model's scores
    weighed into one risk (also what `flask model evaluate` runs). Returns the assessment
    and whether the detectors did run."""
    checked = True
    try:
        findings = findings_for(title, body, watched_words)
    except Exception:
        log.exception("The detectors failed")
        findings, checked = [], False
    assessment = assess(
        findings,
        scores,
        thresholds,
        signal_thresholds=signal_thresholds,
        open_reports=reports[0],
        danger_reported=reports[1],
        record=record,
        calibrate=calibrate,
    )
    return assessment, checked

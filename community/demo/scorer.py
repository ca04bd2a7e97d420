"""The model that scores the demo's past decisions: the small one shipped with the code."""

from __future__ import annotations

from community.moderation.model.scorers import (
    DEFAULT_CHECKPOINT,
    PACKAGE_MODEL_DIR,
    DetoxifyScorer,
    ModelError,
    Scorer,
)


def demo_scorer() -> Scorer | None:
    """The small development model shipped with the code, which scores the demo's past
    decisions; None if it cannot be loaded (those posts then show "score indisponible").

    Always this one, whatever the site is configured with: it loads in seconds, where the
    production model would make `flask demo` wait.
    """
    try:
        return DetoxifyScorer(DEFAULT_CHECKPOINT, PACKAGE_MODEL_DIR)
    except (ModelError, ImportError, OSError):
        return None

"""The development model's teacher: logistic regressions on word and character n-grams.

A small transformer trained from scratch on a few thousand posts learns them by heart and
generalises poorly to posts it never saw; a linear model on word and character n-grams
(scikit-learn's) generalises far better on the same posts, but it is no Detoxify
checkpoint. So the transformer also learns from the teacher: on each training post with
some of its words hidden, the teacher says how likely each
label is, which teaches the transformer which words carry a label rather than which
posts did. The teacher only serves during training; it is not shipped.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

_WORD = re.compile(r"\S+")


class Teacher:
    """One logistic regression per output, on TF-IDF word (1–2) and character (2–5) n-grams."""

    def __init__(self, texts: Sequence[str], targets: Any, known: Any) -> None:
        import numpy as np
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self._hstack = hstack
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
            max_features=150_000,
        )  # fmt: skip
        features = hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts)])
        features = features.tocsr()
        self.models: list[Any] = []
        targets = np.asarray(targets)
        known = np.asarray(known) > 0
        for column in range(targets.shape[1]):
            rows = np.flatnonzero(known[:, column])
            truth = targets[rows, column] > 0.5
            if truth.all() or not truth.any():
                self.models.append(float(truth.mean()) if len(truth) else 0.0)
                continue
            model = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
            self.models.append(model.fit(features[rows], truth))

    def predict(self, texts: Sequence[str]) -> Any:
        """Probabilities, one row per text and one column per output."""
        import numpy as np

        features = self._hstack([self.words.transform(texts), self.chars.transform(texts)])
        features = features.tocsr()
        columns = [
            np.full(len(texts), model) if isinstance(model, float)
            else model.predict_proba(features)[:, 1]
            for model in self.models
        ]  # fmt: skip
        return np.stack(columns, axis=1)


def hide_words(text: str, share: float, rng: random.Random) -> str:
    """The text with a share of its words left out (at least one kept)."""
    words = _WORD.findall(text)
    kept = [word for word in words if rng.random() >= share]
    return " ".join(kept or words[:1])


def student_texts(texts: Sequence[str], rng: random.Random, share: float = 0.35) -> list[str]:
    """For each text, one the teacher labels for the student: some of its words hidden."""
    return [hide_words(text, share, rng) for text in texts]

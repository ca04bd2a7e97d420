"""Numbers as a reader reads them: the pages' decimal filter writes what Babel writes."""

from __future__ import annotations

import random

import pytest
from babel.numbers import format_decimal

from community.kernel.web import local_decimal

EDGES = [0, 0.0, 1, 0.005, 0.015, 0.025, 0.125, 0.135, 0.995, 0.9999, 1e-7, 2.5e-5, 12.345]
EDGES += [999.995, 1000.5, 123456.789, -0.0, -0.5, float("inf")]


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("pattern", ["0.00", "0.000", "#,##0.0", None])
def test_scores_read_the_same_as_babel_writes_them(app, locale, pattern):
    rng = random.Random(7)
    values = EDGES + [rng.random() for _ in range(400)] + [rng.uniform(0, 2000) for _ in range(100)]
    with app.test_request_context("/", headers={"Accept-Language": locale}):
        for value in values:
            assert local_decimal(value, pattern) == format_decimal(
                value, format=pattern, locale=locale
            ), (value, pattern)

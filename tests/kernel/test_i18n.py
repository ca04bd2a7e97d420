"""Words and numbers as a reader reads them: the pages' own translations and decimal
filter write what Flask-Babel and Babel write."""

from __future__ import annotations

import random

import pytest
from babel.numbers import format_decimal
from flask import render_template_string

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


PAGE = (
    '{{ _("Risque : %(risk)s", risk="<b>élevé</b>") }}|{{ _("Risque : %(risk)s", risk=r) }}|'
    '{{ ngettext("%(num)s jour", "%(num)s jours", 1) }}|'
    '{{ ngettext("%(num)s jour", "%(num)s jours", 3) }}|'
    "{% trans count=2 %}{{ count }} jour{% pluralize %}{{ count }} jours{% endtrans %}|"
    '{{ _("Pas dans le catalogue : %(x)s", x="&") }}|{{ _("Cent pour cent : 100 %%") }}'
)


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_a_page_reads_its_words_as_flask_babel_would_translate_them(app, locale):
    """`_()` and ngettext in a page read the page's translations, looked up once; the
    same page through Flask-Babel's own callables says the same, escaped the same."""
    with app.test_request_context("/", headers={"Accept-Language": locale}):
        ours = render_template_string(PAGE, r="<i>")
        flask_babels = app.jinja_env.from_string(PAGE).render(r="<i>")
    assert ours == flask_babels
    assert "&lt;b&gt;" in ours and "&lt;i&gt;" in ours and "&amp;" in ours
    assert ("Risk: " in ours) is (locale == "en")

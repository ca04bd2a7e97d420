"""A member looks at their own vault on its own: each series as a chart over a period they
pick (without JavaScript), and a summary to print for a doctor or a town hall."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from community.kernel.clock import local_today, to_utc
from community.selfdata import periods, store
from community.selfdata.records import LabResult, Measurement, Profile, Sex, Symptom, Treatment
from tests.forums.helpers import log_in, member
from tests.selfdata.test_charts import svgs as svgs_in

SVG = "{http://www.w3.org/2000/svg}"


def days_ago(days: int):
    return local_today() - timedelta(days=days)


def at(days: int, hour: int = 8) -> datetime:
    return to_utc(days_ago(days), time(hour))


@pytest.fixture
def camille(session):
    """A member with glucose every week for a year, blood pressure lately, and the rest."""
    camille = member(session, "Camille")
    store.save_profile(session, owner=camille, profile=Profile(birth_year=1981, sex=Sex.FEMALE))
    for back in range(0, 364, 7):
        store.add_record(
            session,
            owner=camille,
            record=Measurement("glucose", at(back), 120 + back % 50, "mg/dL"),
        )
    for back, (high, low) in enumerate([(128, 82), (135, 88), (131, 85)]):
        store.add_record(
            session,
            owner=camille,
            record=Measurement("blood_pressure", at(back * 3), high, "mmHg", low),
        )
    store.add_record(
        session,
        owner=camille,
        record=Treatment("Insuline lente", days_ago(400), dose="18 UI le soir"),
    )
    store.add_record(
        session,
        owner=camille,
        record=Treatment("Metformine", days_ago(300), days_ago(200), dose="500 mg"),
    )
    store.add_record(
        session, owner=camille, record=Symptom(days_ago(5), "Vertiges", 4, note="après le sport")
    )
    store.add_record(session, owner=camille, record=LabResult(days_ago(20), "HbA1c", 7.1, "%"))
    session.commit()
    return camille


def test_the_period_holds_what_falls_in_it_and_the_treatments_that_ran(session, camille):
    shown = periods.records_over(session, owner=camille, days=30, today=local_today())
    assert shown.start == days_ago(29) and shown.end == local_today()
    figures = {f.key: f for f in shown.figures}
    assert figures["glucose"].count == 5  # weeks 0 to 4
    assert figures["blood_pressure"].last == 128 and figures["blood_pressure"].last_second == 82
    assert figures["blood_pressure"].last_on == local_today()
    # The insulin runs still; metformin stopped long before these 30 days.
    assert [t.name for t in shown.treatments] == ["Insuline lente"]
    assert [s.symptom for s in shown.symptoms] == ["Vertiges"]
    assert [lab.test for lab in shown.labs] == ["HbA1c"]

    everything = periods.records_over(session, owner=camille, days=None, today=local_today())
    assert everything.start == days_ago(400)  # the first record of all, the insulin
    assert {f.key: f.count for f in everything.figures}["glucose"] == 52
    assert [t.name for t in everything.treatments] == ["Insuline lente", "Metformine"]


def test_the_charts_page_draws_each_series_with_dates_and_a_table(client, session, camille):
    log_in(client, camille)
    page = client.get("/donnees/courbes?periode=90")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "private, no-store"
    html = page.text
    assert "Glycémie" in html and "Tension artérielle" in html
    assert "Trait plein : systolique ; pointillés : diastolique." in html
    # Own data: dates on the axis and in the table, never the cards' "J+14".
    assert days_ago(0).strftime("%Y") in html and "J+" not in html
    svgs = svgs_in(html)
    assert len(svgs) == 2
    for svg in svgs:
        assert svg.attrib["role"] == "img"
        name, summary = svg.attrib["aria-labelledby"].split()
        assert svg.find(f"{SVG}title").attrib["id"] == name
        assert f'id="{summary}"' in html
    assert html.count("<table>") == 2  # each chart's values beside it
    # 13 weekly glucose readings over 90 days, counted in the summary under the chart.
    assert "13 mesures du " in html


def test_the_period_is_picked_by_a_plain_form(client, session, camille):
    log_in(client, camille)
    html = client.get("/donnees/courbes").text
    assert '<form method="get" action="/donnees/courbes"' in html
    assert 'name="periode" value="90" checked' in html
    for value in ("30", "90", "365", "tout"):
        assert f'name="periode" value="{value}"' in html
    year = client.get("/donnees/courbes?periode=365").text
    assert "52 mesures du " in year
    assert 'value="365" checked' in year


def test_a_period_that_does_not_exist_is_explained(client, session, camille):
    log_in(client, camille)
    page = client.get("/donnees/courbes?periode=1000")
    assert page.status_code == 400
    assert "Cette période n’existe pas : choisissez-en une dans la liste." in page.text
    assert "Glycémie" in page.text  # the default period, shown all the same


def test_an_empty_vault_says_so(client, session):
    newcomer = member(session, "Nouvelle")
    session.commit()
    log_in(client, newcomer)
    assert "Aucune mesure dans cette période." in client.get("/donnees/courbes").text
    assert "Rien dans votre coffre pour cette période." in client.get("/donnees/resume").text


def test_the_summary_to_print_holds_the_figures_treatments_symptoms_and_labs(
    client, session, camille
):
    log_in(client, camille)
    page = client.get("/donnees/resume?periode=30")
    assert page.status_code == 200
    html = page.text
    assert "Résumé de mes données de santé" in html
    assert "1981" in html and "Femme" in html
    assert "Insuline lente" in html and "18 UI le soir" in html and "Metformine" not in html
    assert "Vertiges" in html and "après le sport" in html
    assert "HbA1c" in html and "7,1 %" in html
    assert "128 / 82 mmHg" in html  # the latest blood pressure
    assert 'class="screen-only"' in html  # the period form, hidden on paper
    assert client.get("/donnees/resume?periode=demain").status_code == 400


def test_the_print_stylesheet_hides_the_form_and_unfolds_the_tables(app):
    css = (Path(app.static_folder or "") / "style.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    assert ".screen-only { display: none !important; }" in printed
    assert "details.data-table::details-content { content-visibility: visible; }" in printed


def test_visitors_are_sent_to_log_in(client):
    for url in ("/donnees/courbes", "/donnees/resume"):
        assert client.get(url).status_code in (302, 401)


def test_the_vault_links_to_its_charts_and_its_summary(client, session, camille):
    log_in(client, camille)
    html = client.get("/donnees").text
    assert 'href="/donnees/courbes"' in html and 'href="/donnees/resume"' in html


def test_an_english_reader_gets_the_charts_and_the_summary_in_english(client, session, camille):
    log_in(client, camille)
    client.get("/langue/en?next=/")
    charts = client.get("/donnees/courbes?periode=30").text
    assert "My charts" in charts and "Your measurements, the last 30 days." in charts
    assert "5 measurements from " in charts
    summary = client.get("/donnees/resume?periode=30").text
    assert "Summary of my health data" in summary and "Lowest" in summary

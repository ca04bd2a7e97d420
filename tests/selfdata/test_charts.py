"""A data card as readers see it: an SVG chart, its summary, its table, in their language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, render_template_string

from community.selfdata.charts import BOTTOM, HEIGHT, INSET, LEFT, RIGHT, TOP, WIDTH, present

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def in_request(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


def snapshot(*series: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "v": 1,
        "title": "",
        "period_days": 85,
        "condition": "Diabète de type 1",
        "age": {"low": 40, "high": 49},
        "sex": "F",
        "series": list(series),
        "treatments": [],
        "symptoms": [],
        "labs": [],
        "notes_kept": False,
        **more,
    }


def glucose(*points: list[Any], unit: str = "mg/dL") -> dict[str, Any]:
    return {"key": "glucose", "label": "", "unit": unit, "points": [list(p) for p in points]}


FALLING = glucose([0, 180.0], [14, 170.0], [28, 150.0], [42, 140.0], [84, 120.0])


def render(shot: dict[str, Any], heading_level: int = 3) -> str:
    macro = '{% from "selfdata/_card.html" import data_card %}{{ data_card(p, heading_level) }}'
    return render_template_string(macro, p=present(shot), heading_level=heading_level)


def svgs(html: str) -> list[ET.Element]:
    # Our own output, parsed to check it is well-formed: not untrusted data.
    found = re.findall(r"<svg.*?</svg>", html, re.S)
    return [ET.fromstring(text) for text in found]  # noqa: S314


def coordinates(svg: ET.Element) -> list[tuple[float, float]]:
    found = []
    for polyline in svg.iter(f"{SVG}polyline"):
        for pair in polyline.attrib["points"].split():
            x, y = pair.split(",")
            found.append((float(x), float(y)))
    for circle in svg.iter(f"{SVG}circle"):
        found.append((float(circle.attrib["cx"]), float(circle.attrib["cy"])))
    return found


def test_a_card_is_a_well_formed_svg_without_script_nor_link():
    html = render(snapshot(FALLING))
    (svg,) = svgs(html)
    assert svg.attrib["role"] == "img"
    assert svg.attrib["viewBox"] == f"0 0 {WIDTH} {HEIGHT}"
    assert "<script" not in html and "href" not in html and "style=" not in html
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == "Glycémie (mg/dL)"
    # The chart is named by its title and described by the summary under it.
    title_id, summary_id = svg.attrib["aria-labelledby"].split()
    assert title.attrib["id"] == title_id
    assert f'id="{summary_id}">5 mesures de J0 à J+84' in html


def test_every_point_lies_inside_the_plot():
    (svg,) = svgs(render(snapshot(FALLING)))
    points = coordinates(svg)
    assert len(points) == 10  # the line's five points and their five markers
    for x, y in points:
        assert LEFT < x <= RIGHT and TOP <= y < BOTTOM


def test_the_summary_counts_spans_and_gives_the_range_and_trend():
    chart = present(snapshot(FALLING)).charts[0]
    assert chart.summary == "5 mesures de J0 à J+84, de 120 à 180 mg/dL, en baisse."
    rising = glucose([0, 5.0], [7, 6.2], [14, 7.2], unit="mmol/L")
    assert present(snapshot(rising)).charts[0].summary.endswith("de 5 à 7,2 mmol/L, en hausse.")
    noisy = glucose([0, 140.0], [1, 160.0], [2, 140.0], [3, 160.0], [4, 140.0], [5, 160.0])
    assert present(snapshot(noisy)).charts[0].summary.endswith("stable.")


def test_axis_ticks_show_days_and_round_values_the_french_way():
    chart = present(snapshot(glucose([0, 5.4], [30, 7.2], [60, 6.1], unit="mmol/L"))).charts[0]
    assert [t.label for t in chart.x_ticks] == ["J0", "J+30", "J+60"]
    labels = [t.label for t in chart.y_ticks]
    assert labels == ["5", "6", "7", "8"]
    close = present(snapshot(glucose([0, 5.0], [1, 5.3], [2, 5.6], unit="mmol/L"))).charts[0]
    assert [t.label for t in close.y_ticks] == ["5", "5,2", "5,4", "5,6"]


def test_the_table_lists_each_day_and_value():
    html = render(snapshot(FALLING))
    assert "<caption>Glycémie : valeurs par jour</caption>" in html
    assert '<th scope="col">Jour</th><th scope="col">Glycémie (mg/dL)</th>' in html
    assert '<tr><th scope="row">J+14</th><td>170</td></tr>' in html
    rows = present(snapshot(glucose([0, 7.25], unit="mmol/L"))).charts[0].rows
    assert [(r.day, r.values) for r in rows] == [("J0", ("7,25",))]


def test_a_single_measurement_is_a_dot_and_says_so():
    shot = snapshot(glucose([3, 140.0]))
    chart = present(shot).charts[0]
    assert chart.summary == "Une seule mesure, à J+3 : 140 mg/dL."
    (svg,) = svgs(render(shot))
    assert not list(svg.iter(f"{SVG}polyline"))
    ((x, y),) = coordinates(svg)
    assert LEFT < x < RIGHT and TOP < y < BOTTOM


def test_a_constant_series_is_stable_and_drawn_mid_height():
    shot = snapshot(glucose([0, 100.0], [10, 100.0], [20, 100.0]))
    assert present(shot).charts[0].summary.endswith("de 100 à 100 mg/dL, stable.")
    (svg,) = svgs(render(shot))
    assert {y for _x, y in coordinates(svg)} == {(TOP + BOTTOM - INSET) / 2}


def test_blood_pressure_draws_two_lines_the_second_dashed():
    pressure = {
        "key": "blood_pressure",
        "label": "",
        "unit": "mmHg",
        "points": [[0, 140.0, 90.0], [7, 135.0, 85.0], [14, 125.0, 80.0]],
    }
    html = render(snapshot(pressure))
    (svg,) = svgs(html)
    first, second = svg.iter(f"{SVG}polyline")
    assert "stroke-dasharray" not in first.attrib and second.attrib["stroke-dasharray"]
    chart = present(snapshot(pressure)).charts[0]
    assert chart.summary == (
        "3 mesures de J0 à J+14, systolique de 125 à 140 mmHg, "
        "diastolique de 80 à 90 mmHg, en baisse."
    )
    assert chart.columns == ("systolique (mmHg)", "diastolique (mmHg)")
    assert '<tr><th scope="row">J+7</th><td>135</td><td>85</td></tr>' in html
    assert "pointillés : diastolique" in html


def test_the_card_says_who_in_bands_and_lists_treatments_symptoms_and_labs():
    shot = snapshot(
        FALLING,
        treatments=[{"name": "Insuline", "start_day": -30, "stop_day": None, "dose": "12 UI"}],
        symptoms=[{"day": 3, "symptom": "Fatigue", "intensity": 6, "note": ""}],
        labs=[{"day": 10, "test": "TSH", "value": 2.1, "unit": "mUI/L", "value_text": ""}],
    )
    html = render(shot, heading_level=2)
    assert "Carte de données anonymisée" in html
    assert "Diabète de type 1 · 40–49 ans · femme" in html
    assert "<h2" in html and "<h3>Traitements</h3>" in html
    assert "<li>Insuline, depuis J−30 — dose : 12 UI</li>" in html
    assert "<li>J+3 : Fatigue, intensité 6/10</li>" in html
    assert "<li>J+10 : TSH, 2,1 mUI/L</li>" in html
    assert present(shot).title == "Glycémie, traitements, symptômes, analyses · 85 jours"


def test_a_minor_and_a_card_without_age_nor_sex():
    assert present(snapshot(FALLING, age={"low": 0, "high": 17})).about == (
        "Diabète de type 1 · moins de 18 ans · femme"
    )
    assert present(snapshot(FALLING, age=None, sex=None)).about == "Diabète de type 1"


def test_the_card_renders_in_english(app: Flask):
    shot = snapshot(glucose([0, 5.0], [7, 6.2], [14, 7.25], unit="mmol/L"))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = render(shot)
    assert "Anonymized data card" in html
    assert "Blood glucose" in html or "Glucose" in html
    assert "3 measurements from D0 to D+14, from 5 to 7.25 mmol/L, rising." in html
    assert "aged 40–49 · woman" in html
    assert "· 85 days" in html


def test_two_cards_on_a_page_have_different_ids():
    one, two = present(snapshot(FALLING)), present(snapshot(glucose([0, 100.0])))
    assert one.id != two.id
    assert one.charts[0].id != two.charts[0].id

"""Reading a FHIR R4 Bundle: known codes become series, nothing about the patient is kept."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.selfdata.importers import ImportFileError, Limits
from community.selfdata.importers.fhir import parse_fhir
from community.selfdata.records import LabResult, Measurement, Symptom, Treatment

FILES = Path(__file__).parent / "files"
PARIS = ZoneInfo("Europe/Paris")
LIMITS = Limits(max_bytes=1024 * 1024, max_rows=5000)
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"


def parse(data: bytes | str, limits: Limits = LIMITS):
    if isinstance(data, str):
        data = data.encode()
    return parse_fhir(data, limits=limits, zone=PARIS)


def bundle(*resources: dict[str, Any]) -> str:
    return json.dumps(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": r} for r in resources],
        }
    )


def observation(loinc: str, /, **fields: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": loinc}]},
        "effectiveDateTime": "2024-03-12T08:30:00+01:00",
        **fields,
    }


def quantity(value: float, code: str) -> dict[str, Any]:
    return {"valueQuantity": {"value": value, "unit": code, "system": UCUM, "code": code}}


def refusal(data: bytes | str) -> str:
    with pytest.raises(ImportFileError) as caught:
        parse(data)
    return str(caught.value)


def test_a_bundle_of_each_kind_of_resource_becomes_records():
    result = parse((FILES / "bundle.json").read_bytes())

    assert result.rejected == []
    assert result.records == [
        Measurement("glucose", datetime(2024, 3, 12, 7, 30), 132.0, "mg/dL"),
        Measurement("blood_pressure", datetime(2024, 3, 12, 9), 128.0, "mmHg", value2=82.0),
        Measurement("sleep", datetime(2024, 3, 12, 22), 7.5, "h"),  # 450 min, from the start
        Measurement("weight", datetime(2024, 3, 12, 23), 71.5, "kg"),  # a day: local midnight
        LabResult(date(2024, 3, 15), "TSH", 2.1, "mUI/L"),
        LabResult(date(2024, 3, 15), "Glucose urinaire", None, value_text="négatif"),
        Treatment("Metformine", date(2024, 2, 1), date(2024, 3, 10), dose="500 mg matin et soir"),
        Symptom(date(2024, 3, 14), "Fatigue", 6, note="après le sport"),
    ]
    assert result.notes == ["Ignoré, jamais importé : 1 Patient."]


def test_nothing_about_the_patient_is_kept():
    result = parse((FILES / "bundle.json").read_bytes())

    kept = repr(result.records)
    for identifying in ("Dupont", "Marie", "1975", "2750475123456", "Dr Martin", "p1"):
        assert identifying not in kept


@pytest.mark.parametrize(
    ("code", "value", "unit", "expected"),
    [
        ("15074-8", 7.2, "mmol/L", ("glucose", 7.2, "mmol/L")),
        ("4548-4", 7.1, "%", ("hba1c", 7.1, "%")),
        ("3141-9", 70, "kg", ("weight", 70, "kg")),
        ("8867-4", 62, "/min", ("heart_rate", 62, "bpm")),
        ("55423-8", 8412, "{steps}", ("steps", 8412, "pas")),
        ("93832-4", 7.5, "h", ("sleep", 7.5, "h")),
        ("72514-3", 4, "{score}", ("pain", 4, "/10")),
    ],
)
def test_loinc_codes_and_ucum_units_map_to_series(code, value, unit, expected):
    (record,) = parse(bundle(observation(code, **quantity(value, unit)))).records

    assert (record.series, record.value, record.unit) == expected


def test_an_unknown_unit_or_a_bad_resource_is_rejected_with_a_short_french_reason():
    result = parse(
        bundle(
            observation("2339-0", **quantity(7.2, "mmol")),
            observation("2339-0", valueQuantity={"value": "beaucoup", "unit": "mg/dL"}),
            {"resourceType": "Observation", "code": {"text": "TSH"}},
            observation("2339-0", **quantity(5000, "mg/dL")),
            observation("2339-0", effectiveDateTime="2024-03", **quantity(120, "mg/dL")),
            observation("85354-9", component=[]),
            {"resourceType": "MedicationStatement", "status": "active", "subject": {}},
            observation("2339-0", favourite=True, **quantity(120, "mg/dL")),
        )
    )

    assert result.records == []
    assert [(r.line, r.reason) for r in result.rejected] == [
        (
            1,
            "Observation : unité inconnue « mmol » pour la glycémie (attendu : mg/dL, mmol/L, g/L)",
        ),
        (2, "Observation : valeur invalide pour « valueQuantity.value »"),
        (3, "Observation : champ obligatoire manquant « status »"),
        (4, "Observation : valeur hors limites pour la glycémie : 5000 mg/dL"),
        (5, "Observation : date incomplète « 2024-03 » (jour attendu)"),
        (6, "Observation : la tension demande deux valeurs (systolique et diastolique)"),
        (
            7,
            "MedicationStatement : il faut l’un de ces champs : "
            "medicationCodeableConcept, medicationReference",
        ),
        (8, "Observation : champ inconnu « favourite »"),
    ]


def test_condition_severity_becomes_an_intensity():
    def condition(**fields: Any) -> dict[str, Any]:
        return {
            "resourceType": "Condition",
            "subject": {"reference": "Patient/1"},
            "code": {"coding": [{"display": "Migraine"}]},
            "recordedDate": "2024-03-12",
            **fields,
        }

    result = parse(
        bundle(
            condition(severity={"text": "mild"}),
            condition(severity={"coding": [{"code": "24484000"}]}),
            condition(),
        )
    )

    assert [s.intensity for s in result.records] == [3, 9, 5]
    assert result.records[0].symptom == "Migraine"


def test_formula_text_in_a_resource_is_refused():
    result = parse(bundle(observation("3016-3", code={"text": "=HYPERLINK(1)"}, valueString="x")))

    assert "formule de tableur" in result.rejected[0].reason


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            '{"resourceType": "Bundle", "entry": [}',
            "Ce fichier n’est pas du JSON valide (ligne 1, colonne 38).",
        ),
        (
            "{\n  'resourceType': 'Bundle'\n}",
            "Ce fichier n’est pas du JSON valide (ligne 2, colonne 3).",
        ),
        ("[" * 10_000 + "]" * 10_000, "trop imbriqué"),
        ('{"a":' * 10_000 + "1" + "}" * 10_000, "trop imbriqué"),
        ("[" * 100_000, "trop imbriqué"),
        ('{"resourceType": "Patient"}', "n’est pas un Bundle FHIR"),
        ("[1, 2]", "n’est pas un Bundle FHIR"),
        ('{"resourceType": "Bundle", "entry": {}}', "« entry » n’est pas une liste"),
        (bundle({"resourceType": "Patient"}), "aucune Observation"),
        ("", "vide"),
        (
            '{"resourceType": "Bundle", "total": ' + "9" * 5000 + "}",
            "nombre y est beaucoup trop long",
        ),
        (b"\xff\xfe{\x00}\x00", "UTF-8"),
    ],
)
def test_a_bad_json_file_is_refused_with_a_clear_message(data, message):
    assert message in refusal(data)


def test_brackets_inside_strings_do_not_count_as_nesting():
    deep_text = "[" * 60
    result = parse(bundle(observation("3016-3", code={"text": "TSH"}, valueString=deep_text)))

    assert result.rejected == []
    assert result.records[0].value_text == deep_text


def test_too_many_entries_are_refused():
    data = bundle(*[observation("3141-9", **quantity(70, "kg"))] * 11)

    with pytest.raises(ImportFileError, match="plus de 10 lignes"):
        parse(data, Limits(max_bytes=100_000, max_rows=10))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(["resourceType", "entry", "resource", "code", "status", "x"]),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=30,
        ).map(lambda value: json.dumps(value).encode()),
        st.builds(
            lambda resource: bundle(resource).encode(),
            st.fixed_dictionaries(
                {
                    "resourceType": st.sampled_from(
                        ["Observation", "Condition", "MedicationStatement"]
                    )
                },
                optional={
                    "status": st.sampled_from(["final", "active", "nope"]),
                    "code": st.just({"text": "TSH"}),
                    "valueString": st.text(max_size=10),
                    "effectiveDateTime": st.text(max_size=25),
                },
            ),
        ),
    )
)
def test_whatever_the_bytes_the_parser_answers_or_raises_only_its_own_error(data):
    try:
        parse(data)
    except ImportFileError as error:
        assert str(error)

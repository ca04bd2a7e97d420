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

from community.selfdata.importers import ImportFileError, LeftOut, Limits
from community.selfdata.importers.fhir import parse_fhir
from community.selfdata.records import Diagnosis, LabResult, Measurement, Precision, Treatment

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
        Diagnosis("Fatigue", date(2024, 3, 14), note="après le sport"),
    ]
    assert result.left_out == [LeftOut("Patient", LeftOut.UNKNOWN, 1)]


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
        (
            2,
            "Observation : « valueQuantity.value » vaut « beaucoup » entre guillemets, comme un "
            "texte : FHIR demande un nombre sans guillemets",
        ),
        (3, "Observation : champ obligatoire manquant « status »"),
        (4, "Observation : valeur hors limites pour la glycémie : 5000 mg/dL"),
        (
            5,
            "Observation : la date « 2024-03 » ne donne pas le jour : une mesure ou une analyse "
            "demande au moins le jour",
        ),
        (6, "Observation : la tension demande deux valeurs (systolique et diastolique)"),
        (
            7,
            "MedicationStatement : il faut l’un de ces champs : "
            "medicationCodeableConcept, medicationReference",
        ),
        (8, "Observation : champ inconnu « favourite »"),
    ]


def test_a_condition_is_a_diagnosis_and_its_severity_invents_no_intensity():
    result = parse(
        bundle(
            {
                "resourceType": "Condition",
                "subject": {"reference": "Patient/1"},
                "code": {"coding": [{"display": "Migraine"}]},
                "severity": {"text": "mild"},
                "recordedDate": "2024-03-12",
            }
        )
    )

    assert result.records == [Diagnosis("Migraine", date(2024, 3, 12))]
    assert not hasattr(result.records[0], "intensity")


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
        ('{"resourceType": "Patient"}', "pas un dossier médical au format FHIR"),
        ("[1, 2]", "pas un dossier médical au format FHIR"),
        ('{"resourceType": "Bundle", "entry": {}}', "« entry » n’est pas une liste"),
        (bundle({"resourceType": "Patient"}), "aucune mesure, analyse, maladie ou traitement"),
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


# --- a whole patient's record, partial dates, FHIR's JSON types -----------------------------


def condition(name: str, **fields: Any) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "subject": {"reference": "Patient/1"},
        "code": {"text": name},
        **fields,
    }


def test_a_synthea_patient_imports_what_the_vault_knows_and_lists_the_rest():
    result = parse((FILES / "synthea" / "patient.json").read_bytes())

    assert result.rejected == []
    kinds = {}
    for record in result.records:
        kinds[type(record).__name__] = kinds.get(type(record).__name__, 0) + 1
    assert kinds == {"Diagnosis": 3, "Treatment": 2, "Measurement": 5, "LabResult": 3}
    assert Diagnosis("Prediabetes", date(1979, 1, 2)) in result.records
    # "Anemia (disorder)": SNOMED's semantic tag is no part of the name a reader knows.
    assert Diagnosis("Anemia", date(1985, 1, 8)) in result.records
    assert (
        Diagnosis("Acute viral pharyngitis", date(2011, 6, 29), ended=date(2011, 7, 9))
        in result.records
    )
    # Its blood pressure is an effectiveInstant with two components, at 12:44 in Boston.
    assert (
        Measurement("blood_pressure", datetime(2011, 6, 29, 16, 44, 52), 136.0, "mmHg", 49.0)
        in result.records
    )
    assert (
        Treatment(
            "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet",
            date(2011, 6, 29),
            dose="1 comprimé par jour",
        )
        in result.records
    )
    assert {(item.kind, item.count) for item in result.left_out} == {
        ("CarePlan", 1),
        ("CareTeam", 1),
        ("Claim", 2),
        ("DiagnosticReport", 1),
        ("DocumentReference", 1),
        ("Encounter", 3),
        ("ExplanationOfBenefit", 1),
        ("Immunization", 1),
        ("Patient", 1),
        ("Procedure", 1),
        ("Provenance", 1),
    }
    kept = repr(result.records)
    for identifying in ("Lindsay928", "Gerlach374", "999-34-2070", "Randolph", "Nienow652"):
        assert identifying not in kept


def test_partial_dates_are_kept_with_their_precision_and_the_bundle_imports_whole():
    result = parse(
        bundle(
            condition("Diabète de type 2", onsetDateTime="2019-03"),
            condition("Asthme", onsetDateTime="1998", abatementDateTime="2010-06"),
            condition("Hypertension", recordedDate="2021-11-04"),
            {
                "resourceType": "MedicationRequest",
                "status": "active",
                "intent": "order",
                "subject": {"reference": "Patient/1"},
                "medicationCodeableConcept": {"text": "Metformine"},
                "authoredOn": "2019-04",
            },
            {
                "resourceType": "MedicationStatement",
                "status": "completed",
                "subject": {"reference": "Patient/1"},
                "medicationCodeableConcept": {"text": "Ventoline"},
                "effectivePeriod": {"start": "1998", "end": "2010-06-15"},
            },
        )
    )

    assert result.rejected == []
    assert result.records == [
        Diagnosis("Diabète de type 2", date(2019, 3, 1), precision=Precision.MONTH),
        Diagnosis(
            "Asthme",
            date(1998, 1, 1),
            ended=date(2010, 6, 1),
            precision=Precision.YEAR,
            ended_precision=Precision.MONTH,
        ),
        Diagnosis("Hypertension", date(2021, 11, 4)),
        Treatment("Metformine", date(2019, 4, 1), start_precision=Precision.MONTH),
        Treatment("Ventoline", date(1998, 1, 1), date(2010, 6, 15), start_precision=Precision.YEAR),
    ]


def test_a_condition_without_any_date_is_refused_with_the_fields_it_lacks():
    (rejected,) = parse(
        bundle(condition("Migraine"), condition("Asthme", onsetDateTime="2001"))
    ).rejected

    assert rejected.line == 1
    assert "la date de début manque" in rejected.reason


@pytest.mark.parametrize(
    ("resource", "field"),
    [
        (
            observation("2339-0", valueQuantity={"value": "132", "unit": "mg/dL", "code": "mg/dL"}),
            "valueQuantity.value",
        ),
        (observation("3016-3", code={"text": "Score"}, valueInteger="3"), "valueInteger"),
        (
            observation(
                "85354-9",
                component=[
                    {"code": {"coding": [{"code": "8480-6"}]}, **quantity(128, "mm[Hg]")},
                    {
                        "code": {"coding": [{"code": "8462-4"}]},
                        "valueQuantity": {"value": "82", "code": "mm[Hg]"},
                    },
                ],
            ),
            "component.valueQuantity.value",
        ),
    ],
    ids=["a decimal", "an integer", "a component's decimal"],
)
def test_a_number_written_as_a_json_string_is_refused_with_why(resource, field):
    (rejected,) = parse(bundle(resource)).rejected

    assert f"« {field} » vaut" in rejected.reason
    assert "FHIR demande un nombre sans guillemets" in rejected.reason


def test_a_boolean_written_as_a_string_is_refused():
    medication = {
        "resourceType": "MedicationRequest",
        "status": "active",
        "intent": "order",
        "subject": {"reference": "Patient/1"},
        "medicationCodeableConcept": {"text": "Metformine"},
        "authoredOn": "2024-01-02",
        "dosageInstruction": [{"text": "1 par jour", "asNeededBoolean": "false"}],
    }

    (rejected,) = parse(bundle(medication)).rejected

    assert "« dosageInstruction.asNeededBoolean » n’a pas le type que FHIR demande" in (
        rejected.reason
    )


@pytest.mark.parametrize("value_quantity", [{"value": 132}, {"value": 6.1, "system": UCUM}])
def test_a_value_without_its_unit_is_refused_not_guessed(value_quantity):
    glucose = observation("2339-0", valueQuantity=value_quantity)  # a series of the vault
    cholesterol = observation("2093-3", code={"text": "Cholestérol"}, valueQuantity=value_quantity)

    result = parse(bundle(glucose, cholesterol))

    assert result.records == []
    assert [r.line for r in result.rejected] == [1, 2]
    assert all("l’unité manque" in r.reason for r in result.rejected)


def test_an_empty_unit_is_refused_as_fhir_forbids_empty_strings():
    (rejected,) = parse(
        bundle(observation("2339-0", valueQuantity={"value": 132, "unit": "", "code": ""}))
    ).rejected

    assert "est vide : FHIR demande de l’omettre" in rejected.reason


def test_a_time_with_an_offset_is_read_at_that_moment():
    (early,) = parse(
        bundle(
            observation(
                "2339-0", effectiveDateTime="2024-03-12T23:30:00-05:00", **quantity(110, "mg/dL")
            )
        )
    ).records

    # 23:30 in New York is 04:30 UTC the next day: 05:30 in Paris, on the 13th.
    assert early.at == datetime(2024, 3, 13, 4, 30)


def test_resources_entered_in_error_or_refuted_are_left_out_and_counted():
    result = parse(
        bundle(
            observation("3141-9", status="entered-in-error", **quantity(70, "kg")),
            condition(
                "Grippe",
                recordedDate="2024-01-02",
                verificationStatus={"coding": [{"code": "refuted"}]},
            ),
            observation("3141-9", **quantity(71, "kg")),
        )
    )

    assert len(result.records) == 1
    assert result.left_out == [
        LeftOut("Condition", LeftOut.VOID, 1),
        LeftOut("Observation", LeftOut.VOID, 1),
    ]


def test_a_medication_named_by_reference_takes_its_name_from_the_bundle():
    data = json.dumps(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {
                    "fullUrl": "urn:uuid:m1",
                    "resource": {
                        "resourceType": "Medication",
                        "id": "m1",
                        "code": {"text": "Insuline glargine"},
                    },
                },
                {
                    "resource": {
                        "resourceType": "MedicationRequest",
                        "status": "active",
                        "intent": "order",
                        "subject": {"reference": "Patient/1"},
                        "medicationReference": {"reference": "urn:uuid:m1"},
                        "authoredOn": "2024-01-02",
                    }
                },
            ],
        }
    )

    result = parse(data)

    assert result.records == [Treatment("Insuline glargine", date(2024, 1, 2))]
    assert result.left_out == [LeftOut("Medication", LeftOut.UNKNOWN, 1)]


def test_a_prescription_taken_for_a_period_is_a_treatment_with_its_end():
    request = {
        "resourceType": "MedicationRequest",
        "status": "completed",
        "intent": "order",
        "subject": {"reference": "Patient/1"},
        "medicationCodeableConcept": {"text": "Amoxicilline 1 g"},
        "authoredOn": "2024-01-02T10:00:00+01:00",
        "dosageInstruction": [
            {
                "text": "1 comprimé matin et soir",
                "timing": {
                    "repeat": {"boundsPeriod": {"start": "2024-01-03", "end": "2024-01-09"}}
                },
            }
        ],
    }

    assert parse(bundle(request)).records == [
        Treatment(
            "Amoxicilline 1 g", date(2024, 1, 3), date(2024, 1, 9), dose="1 comprimé matin et soir"
        )
    ]

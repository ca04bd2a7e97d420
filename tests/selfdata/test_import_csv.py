"""Reading a member's CSV file: every documented format is understood, every bad row is named."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.selfdata import store
from community.selfdata.export import vault_csv
from community.selfdata.importers import ImportFileError, Limits
from community.selfdata.importers.csv_file import example_csv, parse_csv
from community.selfdata.records import (
    Diagnosis,
    LabResult,
    Measurement,
    Precision,
    Symptom,
    Treatment,
)
from tests.forums.helpers import member

FILES = Path(__file__).parent / "files"
PARIS = ZoneInfo("Europe/Paris")
LIMITS = Limits(max_bytes=1024 * 1024, max_rows=5000)


def parse(data: bytes | str, limits: Limits = LIMITS):
    if isinstance(data, str):
        data = data.encode()
    return parse_csv(data, limits=limits, zone=PARIS)


def refusal(data: bytes | str, limits: Limits = LIMITS) -> str:
    with pytest.raises(ImportFileError) as caught:
        parse(data, limits)
    return str(caught.value)


def reasons(data: str) -> list[tuple[int, str]]:
    result = parse(data)
    assert result.records == []
    return [(rejected.line, rejected.reason) for rejected in result.rejected]


def test_a_spreadsheet_export_with_semicolons_a_bom_and_every_date_format_is_read():
    result = parse((FILES / "mesures.csv").read_bytes())

    assert result.rejected == []
    records = result.records
    assert len(records) == 14
    # Local Paris times (UTC+1 in March) become naive UTC.
    assert records[0] == Measurement(
        "glucose", datetime(2024, 3, 12, 7, 30), 1.32, "g/L", note="à jeun"
    )
    assert records[1] == Measurement("glucose", datetime(2024, 3, 12, 7, 45), 7.4, "mmol/L")
    assert records[2] == Measurement(
        "blood_pressure", datetime(2024, 3, 11, 23), 128.0, "mmHg", value2=82.0
    )
    assert records[3].at == datetime(2024, 3, 12, 20)  # 12-03-2024 21:00
    assert records[5].value == 8412  # "8 412": a thousands separator
    assert records[8] == Measurement(
        "custom", datetime(2024, 3, 12, 23), 420.0, "L/min", label="Débit de pointe"
    )
    assert records[9].unit == "%"
    assert records[10] == Treatment(
        "Metformine", date(2024, 2, 1), date(2024, 3, 10), dose="500 mg matin et soir"
    )
    assert records[11] == Symptom(date(2024, 3, 14), "Fatigue", 6, note="après le sport")
    assert records[12] == LabResult(date(2024, 3, 15), "TSH", 2.1, "mUI/L")
    assert records[13] == LabResult(
        date(2024, 3, 15), "Glucose urinaire", None, value_text="négatif"
    )


def test_commas_english_column_names_and_quoted_decimal_commas_are_read():
    result = parse((FILES / "mesures_virgules.csv").read_bytes())

    assert result.rejected == []
    glucose, weight, headache = result.records
    assert glucose == Measurement(
        "glucose", datetime(2024, 3, 12, 7, 30), 1.32, "g/L", note="fasting, at home"
    )
    assert weight.value == 71.5
    assert headache == Symptom(date(2024, 3, 12), "Headache", 4)


def test_the_downloadable_example_is_read_without_a_rejected_row():
    result = parse(example_csv())

    assert result.rejected == []
    kinds = {type(record) for record in result.records}
    assert kinds == {Measurement, Treatment, Symptom, LabResult, Diagnosis}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-03-12", datetime(2024, 3, 11, 23)),
        ("12/03/2024", datetime(2024, 3, 11, 23)),
        ("12/03/24", datetime(2024, 3, 11, 23)),
        ("12.03.2024", datetime(2024, 3, 11, 23)),
        ("12-03-2024", datetime(2024, 3, 11, 23)),
        ("12/03/2024 08:30", datetime(2024, 3, 12, 7, 30)),
        ("12/03/2024 08h30", datetime(2024, 3, 12, 7, 30)),
        ("2024-07-01 08:30", datetime(2024, 7, 1, 6, 30)),  # summer time: UTC+2
    ],
)
def test_every_documented_date_format_is_understood(cell, expected):
    (record,) = parse(f"type;date;série;valeur;unité\nmesure;{cell};poids;70;kg\n").records

    assert record.at == expected


def test_a_file_refused_as_a_whole_says_why_in_french():
    assert "tabulations" in refusal((FILES / "tabulations.csv").read_bytes())
    assert "première ligne doit nommer les colonnes" in refusal(
        (FILES / "sans_entete.csv").read_bytes()
    )
    assert "Colonnes inconnues : « humeur »" in refusal(
        (FILES / "colonne_inconnue.csv").read_bytes()
    )
    assert "colonne obligatoire : date" in refusal("type;série;valeur\nmesure;poids;70\n")
    assert "vide" in refusal(b"")
    assert "vide" in refusal(b"\xef\xbb\xbf \r\n\r\n")
    assert "rien à importer" in refusal("type;date;série;valeur\n")
    assert "deux fois" in refusal("type;date;Type\nmesure;12/03/2024;mesure\n")


@pytest.mark.parametrize(
    "data",
    [
        (FILES / "latin1.csv").read_bytes(),
        "type;date;note\nsymptôme;12/03/2024;été\n".encode("utf-16"),
        "type;date;note\nsymptôme;12/03/2024;été\n".encode("utf-16-le"),
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
    ids=["latin-1", "utf-16 with bom", "utf-16 without bom", "binary", "an image"],
)
def test_a_file_not_in_utf8_is_refused_with_how_to_save_it(data):
    assert "Enregistrez le fichier en UTF-8" in refusal(data)


def test_each_bad_row_is_rejected_with_its_line_and_reason():
    rows = reasons(
        "type;date;série;nom;valeur;valeur2;unité;fin;intensité\n"
        "mesure;31/02/2024;poids;;70;;kg;;\n"
        "mesure;hier;poids;;70;;kg;;\n"
        "mesure;12/03/2024;poids;;soixante-dix;;kg;;\n"
        "mesure;12/03/2024;poids;;7000;;kg;;\n"
        "mesure;12/03/2024;glycémie;;7,2;;mmol;;\n"
        "mesure;12/03/2024;humeur;;7;;;;\n"
        "\n"
        "symptôme;12/03/2024;;Fatigue;;;;;11\n"
        "traitement;12/03/2024;;Metformine;;;;01/03/2024;\n"
        "mesure;12/03/2024;tension;;80;120;mmHg;;\n"
        "mesure;12/03/2024;tension;;120;;mmHg;;\n"
        "bilan;12/03/2024;;;;;;;\n"
        "symptôme;12/03/2024;;" + "x" * 81 + ";;;;;5\n"
        "mesure;12/03/2099;poids;;70;;kg;;\n"
    )

    assert rows == [
        (2, "date impossible « 31/02/2024 »"),
        (
            3,
            "date illisible « hier » (attendu : 12/03/2024, 2024-03-12 ou "
            "2024-03-12T08:30:00+01:00 ; les dates sont lues jour d’abord)",
        ),
        (4, "« valeur » n’est pas un nombre : « soixante-dix »"),
        (5, "valeur hors limites pour le poids : 7000 kg"),
        (6, "unité inconnue « mmol » pour la glycémie (attendu : mg/dL, mmol/L, g/L)"),
        (
            7,
            "série inconnue « humeur » (attendu : glycémie, hba1c, poids, tension, "
            "fréquence cardiaque, pas, sommeil, douleur, autre)",
        ),
        (9, "l’intensité doit être un nombre entier de 0 à 10 (et non « 11 »)"),
        (10, "la date de fin est avant la date de début"),
        (11, "la systolique doit être plus haute que la diastolique"),
        (12, "la tension demande deux valeurs (systolique et diastolique)"),
        (13, "type inconnu « bilan » (attendu : mesure, traitement, symptôme, analyse, maladie)"),
        (14, "« nom » est trop long (80 caractères au plus)"),
        (15, "date hors limites « 12/03/2099 »"),
    ]


def test_formula_cells_are_refused_but_negative_numbers_are_not():
    rows = reasons((FILES / "formules.csv").read_text(encoding="utf-8"))

    assert rows == [
        (2, "« note » commence par « = » : une formule de tableur est refusée"),
        (3, "« nom » commence par « + » : une formule de tableur est refusée"),
        (4, "« nom » commence par « @ » : une formule de tableur est refusée"),
        (5, "« note » commence par « - » : une formule de tableur est refusée"),
    ]
    tab = parse('type;date;nom;intensité\nsymptôme;12/03/2024;"\tcmd";5\n').rejected
    assert "formule de tableur" in tab[0].reason
    (lab,) = parse("type;date;nom;valeur\nanalyse;12/03/2024;Base excess;-2,5\n").records
    assert lab.value == -2.5


def test_a_row_spread_over_two_lines_is_numbered_from_its_first_line():
    result = parse(
        'type;date;nom;intensité;note\nsymptôme;12/03/2024;Fatigue;5;"deux\nlignes"\n'
        "symptôme;12/03/2024;Fatigue;12;\n"
    )

    assert result.records[0].note == "deux\nlignes"
    assert [r.line for r in result.rejected] == [4]


def test_a_quote_left_open_refuses_the_file_with_its_line():
    assert "Ligne 2" in refusal('type;date;nom\nsymptôme;12/03/2024;"Fatigue\n')


def test_too_large_a_file_or_too_many_rows_is_refused_before_reading_rows():
    row = "mesure;12/03/2024;poids;70;kg\n"
    data = "type;date;série;valeur;unité\n" + row * 11

    assert "trop volumineux (1 Mo au plus)" in refusal(b"x" * (1024 * 1024 + 1))
    assert "plus de 10 lignes" in refusal(data, Limits(max_bytes=10_000, max_rows=10))
    assert len(parse(data, Limits(max_bytes=10_000, max_rows=11)).records) == 11


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(str.encode),
        st.lists(
            st.sampled_from(
                [
                    "type",
                    "date",
                    "mesure",
                    "12/03/2024",
                    "poids",
                    "70",
                    ";",
                    ",",
                    "\n",
                    '"',
                    "=1",
                    "\t",
                    "\r",
                    "é",
                    "kg",
                    "série",
                    "valeur",
                    "unité",
                ]
            ),
            max_size=40,
        ).map(lambda parts: "".join(parts).encode()),
    )
)
def test_whatever_the_bytes_the_parser_answers_or_raises_only_its_own_error(data):
    try:
        result = parse(data)
    except ImportFileError as error:
        assert str(error)
    else:
        assert all(rejected.reason for rejected in result.rejected)


def test_a_utf8_bom_is_not_taken_for_part_of_the_first_column_name():
    data = (
        codecs.BOM_UTF8 + "TYPE;Date;SÉRIE;Valeur;Unité\nmesure;12/03/2024;poids;70;kg\n".encode()
    )

    assert len(parse(data).records) == 1


def test_the_vaults_csv_export_reads_back_as_the_same_records(app, session):
    owner = member(session, "Alice")
    kept = [
        Measurement("glucose", datetime(2024, 3, 12, 7, 30), 1.32, "g/L", note="à jeun"),
        Measurement("blood_pressure", datetime(2024, 7, 1, 6, 5), 128.0, "mmHg", value2=82.0),
        Measurement("steps", datetime(2024, 3, 12, 22), 8412.0, "pas"),
        Measurement("sleep", datetime(2024, 3, 12, 5), 7.25, "h"),
        Measurement("pain", datetime(2024, 3, 12, 5), 3.0, "/10"),
        Measurement("heart_rate", datetime(2024, 3, 12, 5), 62.0, "bpm"),
        Measurement("hba1c", datetime(2024, 3, 12, 5), 7.1, "%"),
        Measurement("custom", datetime(2024, 3, 13, 20), 420.5, "L/min", label="Débit de pointe"),
        Measurement("custom", datetime(2024, 3, 13, 20), 3.0, "", label="Sans unité"),
        Treatment("Metformine", date(2024, 2, 1), date(2024, 3, 10), dose="500 mg; matin"),
        Treatment("Insuline", date(2024, 2, 1), note='dit "lente"\nle soir'),
        Symptom(date(2024, 3, 14), "Fatigue", 0, note="après le sport"),
        LabResult(date(2024, 3, 15), "TSH", 2.1, "mUI/L"),
        LabResult(date(2024, 3, 15), "Glucose urinaire", None, value_text="négatif"),
        Treatment(
            "Ventoline",
            date(1998, 1, 1),
            date(2010, 6, 1),
            start_precision=Precision.YEAR,
            stop_precision=Precision.MONTH,
        ),
        Diagnosis("Diabète de type 2", date(2019, 3, 1), precision=Precision.MONTH),
        Diagnosis("Grippe", date(2024, 1, 2), ended=date(2024, 1, 9), note="au travail"),
    ]
    for record in kept:
        store.add_record(session, owner=owner, record=record)

    exported = vault_csv(session, owner=owner, zone=PARIS)
    with app.test_request_context():
        result = parse(exported)

    assert result.rejected == []
    assert sorted(result.records, key=repr) == sorted(kept, key=repr)


# --- what devices and health apps write; US dates; units; conditions -------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-03-12T08:30:00+01:00", datetime(2024, 3, 12, 7, 30)),
        ("2024-03-12T08:30:00Z", datetime(2024, 3, 12, 8, 30)),
        ("2024-03-12T08:30:00.123-05:00", datetime(2024, 3, 12, 13, 30, 0, 123000)),
        ("2024-03-12T08:30+0100", datetime(2024, 3, 12, 7, 30)),
        ("2024-03-12 08:30:00 +02:00", datetime(2024, 3, 12, 6, 30)),
    ],
)
def test_an_iso_8601_time_with_its_offset_is_read_at_that_moment(cell, expected):
    (record,) = parse(f"type;date;série;valeur;unité\nmesure;{cell};poids;70;kg\n").records

    assert record.at == expected


def test_a_symptom_dated_with_an_offset_falls_on_the_members_local_day():
    (record,) = parse("type,date,name,intensity\nsymptom,2024-03-12T23:30:00Z,Headache,4\n").records

    assert record.on == date(2024, 3, 13)  # 00:30 in Paris


def test_a_us_date_is_refused_saying_dates_are_read_day_first():
    (rejected,) = parse("type;date;série;valeur;unité\nmesure;03/25/2024;poids;70;kg\n").rejected

    assert rejected.reason == (
        "date impossible « 03/25/2024 » : les dates sont lues jour d’abord (jour/mois/année), "
        "à la française ; écrivez 25/03/2024"
    )


def test_in_a_file_written_month_first_a_date_that_reads_both_ways_is_refused_too():
    result = parse(
        "type;date;série;valeur;unité\n"
        "mesure;03/04/2024;poids;70;kg\n"
        "mesure;03/25/2024;poids;70;kg\n"
        "mesure;2024-03-04;poids;70;kg\n"
        "mesure;13/04/2024;poids;70;kg\n"
        "mesure;04/04/2024;poids;70;kg\n"
    )

    assert [r.line for r in result.rejected] == [2, 3]
    assert "date ambiguë : la ligne 3 écrit les dates mois d’abord" in result.rejected[0].reason
    assert [r.at.date() for r in result.records] == [
        date(2024, 3, 3),
        date(2024, 4, 12),
        date(2024, 4, 3),
    ]


def test_without_a_month_first_date_a_slashed_date_is_read_day_first():
    (record,) = parse("type;date;série;valeur;unité\nmesure;03/04/2024;poids;70;kg\n").records

    assert record.at.date() == date(2024, 4, 2)  # the 3rd of April, midnight in Paris


def test_a_measurement_without_its_unit_is_refused_not_guessed():
    rows = reasons(
        "type;date;série;valeur;unité\n"
        "mesure;12/03/2024;glycémie;1,32;\n"
        "mesure;12/03/2024;poids;70;\n"
    )

    assert rows == [
        (2, "l’unité manque pour la glycémie (attendu : mg/dL, mmol/L, g/L)"),
        (3, "l’unité manque pour le poids (attendu : kg)"),
    ]


@pytest.mark.parametrize(
    ("cell", "since", "precision"),
    [
        ("2019", date(2019, 1, 1), Precision.YEAR),
        ("2019-03", date(2019, 3, 1), Precision.MONTH),
        ("03/2019", date(2019, 3, 1), Precision.MONTH),
        ("12/03/2019", date(2019, 3, 12), Precision.DAY),
    ],
)
def test_a_condition_is_read_with_as_much_of_its_date_as_is_given(cell, since, precision):
    (record,) = parse(f"type;date;nom\nmaladie;{cell};Diabète de type 2\n").records

    assert record == Diagnosis("Diabète de type 2", since, precision=precision)


def test_a_measurement_needs_its_day():
    (rejected,) = parse("type;date;série;valeur;unité\nmesure;2019-03;poids;70;kg\n").rejected

    assert "date illisible « 2019-03 »" in rejected.reason


def test_the_refused_lines_reason_column_is_read_back_and_ignored():
    result = parse(
        "type;date;série;valeur;unité;raison du refus\n"
        "mesure;12/03/2024;poids;70;kg;l’unité manque pour le poids\n"
    )

    assert result.rejected == []
    assert len(result.records) == 1


def test_each_refused_line_keeps_its_cells_to_be_given_back():
    result = parse("type;date;série;valeur;unité\nmesure;hier;poids;70;kg\n")

    assert result.header == ("type", "date", "série", "valeur", "unité")
    assert result.rejected[0].source == ("mesure", "hier", "poids", "70", "kg")

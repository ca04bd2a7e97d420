"""`flask model evaluate`: an association runs the worker's exact path on a CSV of its own
posts, reads how well it did, and gets one JSON line per post; bad files get a clear message."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import csv
import io
import json
from pathlib import Path

import pytest
from flask import Flask

from community.moderation.model.corpus import LABELS
from community.moderation.model.evaluation import (
    EvaluationError,
    Prediction,
    Row,
    predict,
    read_rows,
    report,
)
from community.moderation.model.scorers import NullScorer

PHONE = "Appelez-moi au 06 12 34 56 78, je vous expliquerai tout."
CRISIS = "Je n'en peux plus, ce soir je veux en finir avec la vie."
INSULIN = "Bonjour, des conseils pour les hypos de la nuit avec l'insuline lente ?"


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def labels_for(**on: int) -> list[int]:
    return [on.get(name, 0) for name in LABELS]


def label_dict(**on: int) -> dict[str, int]:
    return {name: on.get(name, 0) for name in LABELS}


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    return _csv(
        tmp_path / "posts.csv",
        ["id", "lang", "title", "text", *LABELS, "kind"],
        [
            ["1", "fr", "", PHONE, *labels_for(pii=1), "pii"],
            ["2", "fr", "Ce soir", CRISIS, *labels_for(crisis=1), "crisis"],
            ["3", "fr", "", INSULIN, *labels_for(), "benign"],
        ],
    )


def test_each_post_gets_one_json_line_with_its_verdict(runner, posts, tmp_path):
    output = tmp_path / "predictions.jsonl"

    result = runner.invoke(
        args=["model", "evaluate", "--input", str(posts), "--output", str(output)]
    )

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["1", "2", "3"]
    assert set(lines[0]) == {"id", "urgent", "risk", "high_risk", "findings", "scores"}
    phone, crisis, insulin = lines
    assert phone["findings"][0]["code"] == "phone" and phone["high_risk"]
    assert crisis["urgent"] and crisis["risk"] == 1.0
    assert not insulin["urgent"] and not insulin["high_risk"]
    assert {"toxicity", "insult"} <= set(insulin["scores"])
    assert "ROC AUC" in result.output and "crise : urgent" in result.output
    assert "Prédictions écrites" in result.output


def test_the_report_counts_recall_and_false_flags_per_kind():
    rows = [
        Row("1", PHONE, lang="fr", labels=label_dict(pii=1), kind="pii"),
        Row("2", CRISIS, lang="fr", labels=label_dict(crisis=1), kind="crisis"),
        Row("3", INSULIN, lang="en", labels=label_dict(), kind="benign"),
    ]
    predictions = list(predict(rows, scorer=NullScorer(), default_threshold=0.5))

    result = report(rows, predictions, default_threshold=0.5)

    assert str(result.rates["données personnelles : trouvées"][""]) == "1/1 (100.0 %)"
    assert str(result.rates["crise : urgent"]["fr"]) == "1/1 (100.0 %)"
    assert result.rates["bénin : risque élevé (fausse alerte)"]["en"].hits == 0
    assert result.rates["pas une crise : urgent (fausse urgence)"][""].total == 2
    # The null scorer gives every post 0: no label can be ranked.
    assert result.auc["toxic"][""] is None


def test_the_report_tells_dangerous_advice_the_model_scores_toxic_from_advice_held_as_an_attack():
    rows = [
        Row(str(i), "Arrête ton insuline.", labels=label_dict(misinfo=1), kind="dangerous_advice")
        for i in range(3)
    ]
    advice = {"code": "dangerous_advice", "severity": "flag", "weight": 0.75}
    held = {"code": "high_score", "severity": "flag", "weight": 0.8, "detail": "insult"}
    swearing = {"code": "high_score", "severity": "flag", "weight": 0.3, "detail": "obscene"}
    predictions = [
        Prediction("0", False, 0.75, True, [advice], {"toxicity": 0.9, "insult": 0.1}),
        Prediction("1", False, 0.9, True, [held, advice], {"toxicity": 0.9, "insult": 0.8}),
        Prediction("2", False, 0.8, True, [advice, swearing], {"obscene": 0.9}),
    ]

    result = report(rows, predictions, default_threshold=0.5)

    assert str(result.rates["conseil dangereux : trouvé"][""]) == "3/3 (100.0 %)"
    over = result.rates["conseil dangereux : au-dessus d’un seuil de toxicité (modèle)"]
    # Every score over 0.5 counts there; only a reason of attack counts as held for one.
    assert over[""].hits == 3
    assert str(result.rates["conseil dangereux : tenu pour une attaque (raison donnée)"][""]) == (
        "1/3 (33.3 %)"
    )


def test_a_file_without_labels_is_evaluated_without_a_report_of_rates(runner, tmp_path):
    path = _csv(tmp_path / "mine.csv", ["id", "text"], [["a", INSULIN], ["b", PHONE]])

    result = runner.invoke(args=["model", "evaluate", "--input", str(path)])

    assert result.exit_code == 0, result.output
    assert "2 messages évalués" in result.output
    assert "ROC AUC" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("texte,identifiant\nx,1\n", "au moins les colonnes id et text"),
        ("id,text,toxic\n1,bonjour,oui\n", "Ligne 2 : la colonne toxic vaut « oui »"),
        ("id,text\n,bonjour\n", "Ligne 2 : la colonne id est vide"),
        ("id,text\n1,bonjour\n1,salut\n", "Ligne 3 : l’id « 1 » est déjà pris"),
        ("id,text,kind\n1,bonjour,gentil\n", "kind « gentil » inconnu"),
    ],
)
def test_a_bad_file_gets_a_clear_message_in_french(content, message):
    with pytest.raises(EvaluationError, match=message):
        read_rows(io.StringIO(content))


def test_a_file_that_is_not_utf8_or_missing_is_refused_without_a_traceback(runner, tmp_path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("id,text\n1,déjà\n".encode("latin-1"))

    result = runner.invoke(args=["model", "evaluate", "--input", str(latin)])
    assert result.exit_code == 1 and "pas en UTF-8" in result.output

    result = runner.invoke(args=["model", "evaluate", "--input", str(tmp_path / "absent.csv")])
    assert result.exit_code == 1 and "Fichier introuvable" in result.output


def test_an_output_that_cannot_be_written_is_told_before_any_post_is_scored(runner, tmp_path):
    posts = _csv(tmp_path / "posts.csv", ["id", "text"], [["1", INSULIN]])
    nowhere = tmp_path / "absent" / "predictions.jsonl"

    result = runner.invoke(
        args=["model", "evaluate", "--input", str(posts), "--output", str(nowhere)]
    )

    assert result.exit_code == 1
    assert f"Impossible d’écrire {nowhere} : le dossier {nowhere.parent} n’existe pas" in (
        result.output
    )
    assert "messages évalués" not in result.output


def test_a_byte_order_mark_and_a_title_column_are_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("id,title,text\n1,Au secours,Je veux mourir\n", encoding="utf-8-sig")
    with path.open(encoding="utf-8-sig", newline="") as source:
        [row] = read_rows(source)
    assert row.id == "1" and row.title == "Au secours" and row.text == "Je veux mourir"


def test_evaluate_runs_the_form_s_text_cleaning_first(app: Flask):
    # A NUL and a bidirectional override are removed by the posting form: here too.
    rows = [Row("1", "Mon numéro\u202e : 06 12 34 56 78\x00")]
    [prediction] = predict(rows, scorer=NullScorer(), default_threshold=0.5)
    assert prediction.findings[0]["code"] == "phone"

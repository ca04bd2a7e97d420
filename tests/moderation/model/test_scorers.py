"""The toxicity scorers: our development model ranks posts sensibly, and a bad model is refused."""

from __future__ import annotations

import os

# Before torch starts: idle OpenMP threads must not spin on the other core.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import json
import shutil
from pathlib import Path

import pytest
import torch

from community.moderation.model.checkpoints import ModelError, load_detoxify, reference_path
from community.moderation.model.corpus import load_corpus
from community.moderation.model.inputs import model_inputs
from community.moderation.model.scorers import (
    DEFAULT_CHECKPOINT,
    LABELS,
    PACKAGE_MODEL_DIR,
    DetoxifyScorer,
    NullScorer,
    check_model,
    device_from_config,
    scorer_from_config,
)
from community.moderation.scoring.assess import assess_post, scored_text, thresholds_for

INSULIN = (
    "Bonjour, mon diabétologue veut augmenter mon insuline lente le soir, "
    "vous gérez comment les hypos de la nuit ?"
)
INSULT = "T'es vraiment qu'une grosse conne, ferme-la et dégage de ce forum, abrutie."


@pytest.fixture(scope="module")
def scorer() -> DetoxifyScorer:
    return DetoxifyScorer(DEFAULT_CHECKPOINT, PACKAGE_MODEL_DIR, threads=1)


def test_a_clearly_insulting_french_post_ranks_above_a_benign_one_about_insulin(scorer):
    benign, insult = scorer.score([INSULIN, INSULT])
    assert insult["toxicity"] > benign["toxicity"] + 0.3
    assert insult["insult"] > benign["insult"]
    assert set(LABELS) <= set(benign) == set(scorer.labels)


@pytest.mark.parametrize(
    "benign",
    [
        "Mon père est mort la nuit dernière en soins palliatifs, je voulais juste l'écrire ici.",
        "Depuis mon traitement j'ai une baisse de libido et des douleurs pendant les rapports.",
        "Je suis en dépression et j'ai parfois des idées noires, j'en parle à ma psychiatre.",
        "Je suis obèse et diabétique, je cherche des conseils pour reprendre le sport.",
    ],
)
def test_hard_benign_health_talk_scores_below_attacks(scorer, benign):
    attacks = [
        INSULT,
        "Je vais te retrouver et te tuer, sale menteur.",
        "Les obèses sont des parasites qui coûtent cher à la Sécu.",
    ]
    scores = scorer.score([benign, *attacks])
    assert all(scores[0]["toxicity"] < attack["toxicity"] for attack in scores[1:])
    assert scores[0]["toxicity"] < 0.5


def test_a_threat_scores_higher_on_threat_than_an_insult(scorer):
    threat, insult = scorer.score(["Je sais où tu habites, je vais venir te tuer.", INSULT])
    assert threat["threat"] > insult["threat"]


@pytest.mark.parametrize(
    "attack",
    [
        "Franchement va te pendre, personne ne te regrettera ici.",
        "Nobody wants you here, just go kill yourself.",
        "t'as qu'à crever toi et ta pompe, kys",
    ],
)
def test_telling_someone_else_to_kill_themselves_is_an_attack_not_its_author_s_crisis(
    scorer, attack
):
    (scores,) = scorer.score([scored_text(None, attack)])
    assessment, _checked = assess_post(
        None,
        attack,
        scores,
        thresholds=thresholds_for(scores, None, default=0.5),
        signal_thresholds=scorer.signal_thresholds,
    )
    assert assessment.high_risk and not assessment.urgent
    assert assessment.findings[0]["code"] == "high_score"
    assert assessment.findings[0]["detail"] in ("toxicity", "severe_toxicity", "threat", "insult")


def test_results_keep_the_input_order_across_length_sorted_batches():
    scorer = DetoxifyScorer(DEFAULT_CHECKPOINT, PACKAGE_MODEL_DIR, threads=1)
    scorer.batch_size = 2  # several batches, each sorted by length
    texts = [INSULIN * 3, INSULT, "Merci !", INSULIN, "Je vais te tuer.", INSULT + " " + INSULIN]
    together = scorer.score(texts)
    alone = [scorer.score([text])[0] for text in texts]
    for a, b in zip(together, alone, strict=True):
        assert a == pytest.approx(b, abs=1e-4)


def test_a_one_sentence_post_scores_as_detoxify_s_predict_on_what_the_model_reads(scorer):
    detoxify = load_detoxify(DEFAULT_CHECKPOINT, PACKAGE_MODEL_DIR)
    expected = detoxify.predict(model_inputs([INSULIN, INSULT], "fold"))
    for i, scores in enumerate(scorer.score([INSULIN, INSULT])):
        for label in LABELS:
            assert scores[label] == pytest.approx(expected[label][i], abs=1e-4)


def test_a_very_long_post_is_truncated_not_refused(scorer):
    long_post = INSULIN + " " + "la douleur revient chaque soir. " * 3000 + INSULT
    (scores,) = scorer.score([long_post])
    # The tail is kept: the insult at the very end still counts.
    assert scores["toxicity"] > scorer.score([INSULIN])[0]["toxicity"]


def test_no_texts_no_scores(scorer):
    assert scorer.score([]) == []


def test_int8_is_only_used_when_it_scores_within_0_02_of_full_precision(scorer):
    quantized = DetoxifyScorer(DEFAULT_CHECKPOINT, PACKAGE_MODEL_DIR, threads=1, quantize=True)
    sample = [e.text for e in load_corpus() if e.split == "test"][:120]
    full, small = scorer.score(sample), quantized.score(sample)
    drift = max(abs(a[k] - b[k]) for a, b in zip(full, small, strict=True) for k in LABELS)
    if quantized.quantized:
        assert quantized.version.endswith("-int8")
        assert drift <= 0.02
    else:
        # Our small development model moves by up to ~0.09 in int8 (see bench/SCORING.md),
        # so the scorer keeps it in fp32 and scores exactly as without quantization.
        assert quantized.version == scorer.version
        assert drift < 1e-6


def _copy_model(tmp_path: Path, state_dict_edit) -> Path:
    """A copy of the development checkpoint, its state dict changed, with its reference scores."""
    checkpoint = torch.load(DEFAULT_CHECKPOINT, weights_only=True)
    checkpoint["state_dict"] = state_dict_edit(checkpoint["state_dict"])
    path = tmp_path / "broken.ckpt"
    torch.save(checkpoint, path)
    shutil.copy(reference_path(DEFAULT_CHECKPOINT), reference_path(path))
    return path


def test_a_checkpoint_whose_weights_do_not_load_is_refused(tmp_path):
    # The classic silent failure: a "model." prefix, every score near 0.5.
    path = _copy_model(tmp_path, lambda sd: {f"model.{k}": v for k, v in sd.items()})
    with pytest.raises(ModelError, match="ne se sont pas chargés"):
        DetoxifyScorer(path, PACKAGE_MODEL_DIR)


def test_a_checkpoint_without_classifier_is_refused(tmp_path):
    path = _copy_model(
        tmp_path, lambda sd: {k: v for k, v in sd.items() if not k.startswith("classifier")}
    )
    with pytest.raises(ModelError, match="classifier"):
        DetoxifyScorer(path, PACKAGE_MODEL_DIR)


def test_reference_scores_that_do_not_match_are_refused(tmp_path):
    path = _copy_model(tmp_path, lambda sd: sd)
    stored = json.loads(reference_path(path).read_text())
    stored["scores"][1]["toxicity"] = 0.123
    reference_path(path).write_text(json.dumps(stored))
    with pytest.raises(ModelError, match="scores de référence"):
        DetoxifyScorer(path, PACKAGE_MODEL_DIR)


def test_missing_reference_scores_say_how_to_record_them(tmp_path):
    path = tmp_path / "copy.ckpt"
    shutil.copy(DEFAULT_CHECKPOINT, path)
    with pytest.raises(ModelError, match="model check --record"):
        DetoxifyScorer(path, PACKAGE_MODEL_DIR)


def test_a_missing_checkpoint_names_the_file_and_the_setting(tmp_path):
    missing = tmp_path / "multilingual.ckpt"
    with pytest.raises(ModelError) as error:
        DetoxifyScorer(missing, PACKAGE_MODEL_DIR)
    assert str(error.value) == (
        f"Fichier du modèle introuvable : {missing} (réglage MODERATION_CHECKPOINT)."
    )


def test_a_missing_config_folder_names_the_folder_and_the_setting(tmp_path):
    with pytest.raises(ModelError, match="MODERATION_MODEL_CONFIG_DIR"):
        DetoxifyScorer(DEFAULT_CHECKPOINT, tmp_path / "xlm-roberta-base")


def test_the_null_scorer_scores_everything_zero():
    scorer = NullScorer()
    assert scorer.version == "null"
    assert scorer.score(["a", "b"]) == [dict.fromkeys(LABELS, 0.0)] * 2


def test_configuration_chooses_the_scorer(scorer):
    assert isinstance(scorer_from_config({}), NullScorer)
    chosen = scorer_from_config({"MODERATION_SCORER": "detoxify"})
    assert chosen.version == scorer.version
    with pytest.raises(ModelError, match="MODERATION_SCORER inconnu"):
        scorer_from_config({"MODERATION_SCORER": "perspective"})


def test_model_check_scores_a_few_sentences_or_says_what_is_missing(tmp_path):
    report = check_model({"MODERATION_SCORER": "detoxify"})
    assert report.startswith("Modèle : toxicity-dev-")
    assert len(report.splitlines()) == 4
    with pytest.raises(ModelError, match="introuvable"):
        check_model(
            {"MODERATION_SCORER": "detoxify", "MODERATION_CHECKPOINT": str(tmp_path / "x.ckpt")}
        )


def test_the_model_runs_where_the_configuration_says_and_says_when_it_cannot():
    assert device_from_config({}) == "cpu"
    assert device_from_config({"MODERATION_DEVICE": "cpu"}) == "cpu"
    with pytest.raises(ModelError, match="MODERATION_DEVICE inconnu : 'tpu'"):
        device_from_config({"MODERATION_DEVICE": "tpu"})
    # This CPU build of torch sees no GPU: a worker configured for one says so at start.
    with pytest.raises(ModelError, match="aucune carte graphique"):
        device_from_config({"MODERATION_DEVICE": "cuda"})

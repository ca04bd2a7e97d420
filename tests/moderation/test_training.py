"""The development model's corpus, tokenizer, training script and evaluation."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import shutil
from collections import Counter

import pytest

from community.moderation.scorers import DetoxifyScorer, reference_path
from community.moderation.training import (
    DEV_DIR,
    LABELS,
    build_tokenizer,
    evaluate,
    load_corpus,
    roc_auc,
    train,
)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_the_corpus_is_large_mostly_french_and_mostly_written_as_posts(corpus):
    assert len(corpus) >= 1500
    languages = Counter(e.lang for e in corpus)
    assert set(languages) == {"fr", "en"} and languages["fr"] > 0.75 * len(corpus)
    assert sum(e.source != "template" for e in corpus) >= len(corpus) / 2
    assert len({e.text for e in corpus}) == len(corpus)


def test_the_corpus_has_plenty_of_benign_health_talk(corpus):
    benign = [e.text.lower() for e in corpus if not any(e.labels)]
    for topic in ("insuline", "mort", "douleur", "rapports", "dépression", "cancer", "règles"):
        assert sum(topic in text for text in benign) >= 10, topic


def test_every_label_has_examples_on_both_sides_of_the_split(corpus):
    for index, label in enumerate(LABELS):
        for split in ("train", "test"):
            positives = sum(e.labels[index] for e in corpus if e.split == split)
            assert positives >= 10, (label, split)
    # A toxic label always comes with toxicity.
    assert all(e.labels[0] for e in corpus if any(e.labels[1:]))


def test_the_held_out_split_is_fixed_and_never_shares_a_text_with_training(corpus):
    train_texts = {e.text for e in corpus if e.split == "train"}
    held_out = [e for e in corpus if e.split == "test"]
    assert 0.15 * len(corpus) < len(held_out) < 0.35 * len(corpus)
    assert not train_texts & {e.text for e in held_out}


def test_roc_auc():
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert roc_auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5
    assert roc_auc([1, 0], [0.2, 0.9]) == 0.0
    assert roc_auc([0, 0], [0.2, 0.9]) is None


def test_the_tokenizer_lowercases_and_keeps_french_accents(tmp_path):
    tokenizer = build_tokenizer(["Été, hôpital, piqûre, déprimée"] * 20, tmp_path, vocab_size=200)
    assert tokenizer.model_max_length == 256
    tokens = tokenizer.tokenize("ÉTÉ à l'hôpital")
    assert "été" in tokens and "hôpital" in tokens
    assert (tmp_path / "tokenizer.json").is_file()


def test_the_shipped_model_has_the_detoxify_labels_and_stays_small():
    checkpoint = DEV_DIR / "toxicity-dev.ckpt"
    assert checkpoint.stat().st_size < 20_000_000
    assert reference_path(checkpoint).is_file()


def test_one_tiny_epoch_writes_a_checkpoint_detoxify_loads(tmp_path, corpus):
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(DEV_DIR / name, tmp_path / name)
    checkpoint = train(out_dir=tmp_path, epochs=1, limit=50, log=lambda _: None)
    scorer = DetoxifyScorer(checkpoint, tmp_path, threads=1)
    assert scorer.labels == LABELS
    results = evaluate(scorer, [e for e in corpus if e.split == "test"][:60])
    assert set(results) == set(LABELS)

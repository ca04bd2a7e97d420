"""The development model's training: deterministic, calibrated, in Detoxify's format, small,
and trained on the corpus as it is now."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import shutil

import pytest
import torch

from community.moderation.model.calibrating import false_rate_threshold, fit_platt
from community.moderation.model.checkpoints import load_detoxify, reference_path
from community.moderation.model.corpus import load_corpus
from community.moderation.model.inputs import encode, windows
from community.moderation.model.scorers import DetoxifyScorer
from community.moderation.model.tokenizer import build_tokenizer
from community.moderation.model.training import (
    DEV_CHECKPOINT,
    DEV_DIR,
    OUTPUTS,
    Settings,
    corpus_digest,
    train,
)

TINY = Settings(epochs=1, hidden=32, layers=1, heads=2, threads=1, distill=0.5)


def test_the_tokenizer_lowercases_keeps_accents_and_cuts_long_posts_at_both_ends(tmp_path):
    tokenizer = build_tokenizer(["été hôpital piqûre déprimée"] * 20, tmp_path, vocab_size=200)

    assert tokenizer.model_max_length == 256
    assert "été" in tokenizer.tokenize("ÉTÉ à l'hôpital")
    [ids] = encode(tokenizer, ["été " * 50 + "hôpital"], max_tokens=10)
    assert len(ids) == 10 and ids[0] == tokenizer.cls_token_id and ids[-1] == tokenizer.sep_token_id
    assert ids[-2] == tokenizer.convert_tokens_to_ids("hôpital")


def test_platt_scaling_recovers_a_slope_and_an_offset():
    generator = torch.Generator().manual_seed(0)
    logits = torch.randn(4000, generator=generator) * 3
    truth = (torch.rand(4000, generator=generator) < torch.sigmoid(0.5 * logits - 1)).float()

    a, b = fit_platt(logits, truth)

    assert a == pytest.approx(0.5, abs=0.08) and b == pytest.approx(-1, abs=0.15)
    assert fit_platt(logits, torch.zeros(4000)) == (1.0, 0.0)


def test_a_signal_s_threshold_flags_at_most_the_share_of_other_posts_asked():
    negatives = [i / 100 for i in range(50)]
    scores = [*negatives, 0.8, 0.9]
    truth = [0] * 50 + [1, 1]
    threshold = false_rate_threshold(scores, truth, 0.04)
    flagged = sum(s >= threshold for s, t in zip(scores, truth, strict=True) if not t)
    assert flagged == 2 and 0.47 < threshold < 0.48
    assert all(s >= threshold for s, t in zip(scores, truth, strict=True) if t)


def test_a_post_is_read_in_windows_of_whole_sentences_its_first_and_last_kept(tmp_path):
    tokenizer = build_tokenizer(["un deux trois quatre cinq six."] * 20, tmp_path, vocab_size=100)
    [short] = windows(tokenizer, ["un deux. trois quatre."], size=16)
    assert len(short) == 1  # both sentences fit in one window
    # A sentence longer than a window is read in windows that overlap, none of it lost.
    [split] = windows(tokenizer, ["un deux trois quatre. cinq six."], size=6)
    sentence = tokenizer(["un deux trois quatre."], add_special_tokens=False)["input_ids"][0]
    assert len(split) == 3 and all(len(w) <= 6 for w in split)
    assert split[0][0] == tokenizer.cls_token_id
    assert split[0][1:3] == sentence[:2] and split[1][-3:-1] == sentence[-2:]
    [long] = windows(tokenizer, ["un deux trois. " * 40 + "six."], size=6, limit=4)
    assert len(long) == 4
    assert long[-1][1:-1] == tokenizer(["six."], add_special_tokens=False)["input_ids"][0]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny")
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(DEV_DIR / name, folder / name)
    return folder, train(out_dir=folder, settings=TINY, limit=64, log=lambda _: None)


def test_a_training_writes_a_checkpoint_detoxify_loads_with_our_outputs(tiny):
    folder, trained = tiny

    detoxify = load_detoxify(trained.checkpoint, folder)

    assert tuple(detoxify.class_names) == OUTPUTS
    assert detoxify.community["normalization"] == "fold"
    assert set(detoxify.community["thresholds"]) == {"crisis", "misinfo"}
    assert set(detoxify.community["calibration"]) == set(OUTPUTS)
    assert reference_path(trained.checkpoint).is_file()
    scorer = DetoxifyScorer(trained.checkpoint, folder, threads=1)
    assert scorer.labels == OUTPUTS and set(scorer.signal_thresholds) == {"crisis", "misinfo"}


def test_training_is_deterministic(tiny, tmp_path):
    folder, first = tiny
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(folder / name, tmp_path / name)

    second = train(out_dir=tmp_path, settings=TINY, limit=64, log=lambda _: None)

    one = torch.load(first.checkpoint, weights_only=True)["state_dict"]
    two = torch.load(second.checkpoint, weights_only=True)["state_dict"]
    assert one.keys() == two.keys()
    assert all(torch.equal(one[name], two[name]) for name in one)


def test_the_shipped_model_is_small_calibrated_and_trained_on_this_corpus():
    assert DEV_CHECKPOINT.stat().st_size < 40_000_000
    detoxify = load_detoxify(DEV_CHECKPOINT, DEV_DIR)
    ours = detoxify.community
    train_split = [e for e in load_corpus() if e.split == "train"]
    assert ours["corpus"] == corpus_digest(train_split), (
        "the corpus changed since the shipped model was trained: run flask model train"
    )
    assert tuple(detoxify.class_names) == OUTPUTS
    slopes = [a for a, _b in ours["calibration"].values()]
    assert all(a > 0 for a in slopes)

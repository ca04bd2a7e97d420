"""The labelled corpus: large, mostly written as real posts, every case of the policy in every
split, families never straddling two splits, and rebuilt exactly from its written files."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from community.moderation.model.corpus import (
    CORPUS_DIR,
    CORPUS_PATH,
    LABELS,
    PATTERN_SETS,
    SPLITS,
    WRITTEN_DIR,
    CorpusError,
    build,
    load_corpus,
    load_written,
)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_the_shipped_corpus_is_exactly_what_its_written_files_build(tmp_path):
    build(WRITTEN_DIR, tmp_path)
    for name in ("corpus.jsonl", "validation.csv", "test.csv"):
        assert (tmp_path / name).read_bytes() == (CORPUS_DIR / name).read_bytes(), (
            f"{name} is out of date: run python -m community.moderation.model.corpus build"
        )


def test_the_corpus_is_large_french_first_and_mostly_written_as_real_posts(corpus):
    assert len(corpus) >= 6000
    languages = Counter(e.lang for e in corpus)
    assert languages["fr"] > 0.6 * len(corpus) and languages["en"] > 0.2 * len(corpus)
    written = [e for e in corpus if e.source == "written"]
    assert len(written) >= len(corpus) / 2
    long_posts = [e for e in written if len(e.text.split()) >= 80]
    assert len(long_posts) >= 1000
    assert len({e.text for e in corpus}) == len(corpus)


def test_every_pattern_of_the_policy_is_in_every_split_in_french(corpus):
    present = defaultdict(set)
    for e in corpus:
        present[e.split].add((e.lang, e.kind, e.pattern))
    for kind, patterns in PATTERN_SETS.items():
        for pattern in patterns:
            for split in SPLITS:
                assert ("fr", kind, pattern) in present[split], (kind, pattern, split)


def test_the_test_split_holds_every_hard_negative_and_hard_positive_family(corpus):
    test = Counter((e.kind, e.pattern) for e in corpus if e.split == "test")
    for pattern in PATTERN_SETS["hard_benign"] | PATTERN_SETS["toxic"] | PATTERN_SETS["crisis"]:
        kind = next(k for k, names in PATTERN_SETS.items() if pattern in names)
        assert test[(kind, pattern)] >= 2, (kind, pattern)


def test_every_label_has_positives_in_every_split_and_each_language(corpus):
    for label in LABELS:
        for split in SPLITS:
            for lang in ("fr", "en"):
                positives = sum(
                    e.labels[label] for e in corpus if e.split == split and e.lang == lang
                )
                assert positives >= 3, (label, split, lang)


def test_a_family_never_straddles_two_splits_nor_shares_a_text(corpus):
    splits = defaultdict(set)
    for e in corpus:
        splits[e.family].add(e.split)
    assert all(len(s) == 1 for s in splits.values())
    texts = {split: {e.text for e in corpus if e.split == split} for split in SPLITS}
    assert not texts["train"] & texts["test"] and not texts["validation"] & texts["test"]


def test_variants_take_their_added_text_from_their_own_split_only(corpus):
    benign = {split: [e.text for e in corpus if e.split == split and e.kind == "benign"
                      and e.source == "written"] for split in SPLITS}  # fmt: skip
    for e in corpus:
        if e.source != "joined":
            continue
        others = [t for split, ts in benign.items() if split != e.split for t in ts]
        assert not any(text in e.text for text in others), e.id


def test_the_policy_s_rules_hold_on_every_example(corpus):
    for e in corpus:
        labels = e.labels
        if any(labels[n] for n in ("insult", "threat", "identity_attack", "severe_toxicity")):
            assert labels["toxic"], e.id
        if e.kind in ("benign", "hard_benign"):
            assert not any(v for n, v in labels.items() if n != "obscene"), e.id
        if e.kind == "dangerous_advice" and not labels["insult"]:
            assert not labels["toxic"] or labels["threat"] or labels["identity_attack"], e.id
        if e.pattern == "inciting_suicide":
            assert labels["severe_toxicity"] and not labels["crisis"], e.id


def _write(folder: Path, rows: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )


def _row(**changes):
    row = {
        "id": "fr-benign-t-0001",
        "family": "fr-benign-t-0001",
        "lang": "fr",
        "kind": "benign",
        "pattern": "question",
        "text": "Bonjour, une question sur l'insuline ?",
        "labels": dict.fromkeys(LABELS, 0),
    }
    row.update(changes)
    return row


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (_row(kind="toxic", pattern="insult"), "needs toxic = 1"),
        (_row(labels={**dict.fromkeys(LABELS, 0), "insult": 1}), "imply toxic"),
        (_row(pattern="insult"), "is not one of kind"),
        (_row(labels={**dict.fromkeys(LABELS, 0), "crisis": 1}), "benign with labels"),
        (_row(lang="de"), "lang must be"),
        (_row(text="  "), "empty text"),
        (
            _row(
                kind="toxic",
                pattern="inciting_suicide",
                labels={**dict.fromkeys(LABELS, 0), "toxic": 1, "crisis": 1},
            ),
            "not crisis",
        ),
    ],
)
def test_a_written_example_that_breaks_a_rule_is_refused_with_where(tmp_path, row, message):
    _write(tmp_path, [row])
    with pytest.raises(CorpusError, match=message) as error:
        load_written(tmp_path)
    assert "a.jsonl:1" in str(error.value)


def test_swearing_at_a_disease_may_be_obscene_and_nothing_else(tmp_path):
    labels = {**dict.fromkeys(LABELS, 0), "obscene": 1}
    _write(tmp_path, [_row(kind="hard_benign", pattern="swearing_at_disease", labels=labels)])
    [example] = load_written(tmp_path)
    assert example.labels["obscene"] == 1


def test_the_same_text_twice_is_refused(tmp_path):
    _write(tmp_path, [_row(), _row(id="fr-benign-t-0002", family="fr-benign-t-0002")])
    with pytest.raises(CorpusError, match="same text"):
        load_written(tmp_path)


def test_the_default_corpus_path_is_inside_the_package():
    assert CORPUS_PATH.is_file() and CORPUS_PATH.parent == CORPUS_DIR

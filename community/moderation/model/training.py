"""The development model: tokenizer, deterministic training, calibration, in Detoxify's format.

`python -m community.moderation.model.training train` (or `flask model train`) trains it
on the corpus's train split, calibrates each output on the validation split, and writes
the checkpoint, its configuration, its tokenizer and its reference scores.

What it learns from is the normalised text (`textscan.normalize.model_text`: folded,
disguised words written out), so a spelling the normaliser undoes costs it nothing. It
reads each post as windows of whole sentences and a post's score is its highest window's
(inputs.py): trained so, as multiple-instance learning, it learns what makes a sentence an
attack, not what makes a whole post look like the attacks it saw. A few tokens of each
window are masked at random while it learns, so that it does not lean on one word.

The epoch kept is the one that ranks the validation split best. Each output is then
calibrated by Platt scaling on the validation split (a slope and an offset per output,
folded into the classifier's weights), so that its scores read as probabilities rather
than 0 or 1, and the checkpoint stays a plain Detoxify checkpoint. The crisis and
dangerous-advice outputs also get a threshold from the validation split: as low as it can
be while flagging at most a few posts of the other kinds.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from community.moderation.model.calibrating import calibrate, mean_auc, signal_thresholds
from community.moderation.model.corpus import CORPUS_PATH, MODEL_OUTPUTS, Example, load_corpus
from community.moderation.model.inputs import (
    MAX_TOKENS,
    NORMALIZATION,
    WINDOW_TOKENS,
    logits_of,
    model_inputs,
    post_logits,
    windows,
)
from community.moderation.model.teacher import Teacher, student_texts
from community.moderation.model.tokenizer import build_tokenizer, load_tokenizer

MODEL_DIR = Path(__file__).parent
DEV_DIR = MODEL_DIR / "dev"
DEV_CHECKPOINT = DEV_DIR / "toxicity-dev.ckpt"
OUTPUTS = tuple(MODEL_OUTPUTS)


@dataclass(frozen=True)
class Settings:
    """Everything that decides the weights, so that a training can be repeated exactly."""

    epochs: int = 12
    seed: int = 1234
    hidden: int = 128
    layers: int = 2
    heads: int = 4
    vocab_size: int = 8_000
    # Posts per batch; each brings all its windows.
    batch: int = 32
    learning_rate: float = 1e-3
    label_smoothing: float = 0.05
    # Strong regularisation: a few thousand posts are learnt by heart otherwise.
    dropout: float = 0.3
    mask_rate: float = 0.3
    window: int = WINDOW_TOKENS
    # How much the teacher's word-level judgement weighs beside the gold labels (0: none).
    distill: float = 0.5
    threads: int = 2


@dataclass
class Trained:
    checkpoint: Path
    examples: int
    seconds: float
    calibration: dict[str, tuple[float, float]] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    best_epoch: int = 0
    validation_auc: float = 0.0


def _deterministic(seed: int, threads: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def _batches(sizes: Sequence[int], posts: int, rng: random.Random) -> list[list[int]]:
    """Batches of `posts` posts with similar window counts (little padding), shuffled."""
    order = list(range(len(sizes)))
    rng.shuffle(order)
    # Sorted within windows of 50 batches: similar posts together, a new mix each epoch.
    span = posts * 50
    batches = []
    for start in range(0, len(order), span):
        chunk = sorted(order[start : start + span], key=lambda i: sizes[i])
        batches += [chunk[i : i + posts] for i in range(0, len(chunk), posts)]
    rng.shuffle(batches)
    return batches


def _masked(
    posts: Sequence[Sequence[list[int]]], tokenizer: Any, rate: float, rng: random.Random
) -> list[list[list[int]]]:
    """Posts with a share of their words' tokens replaced by [MASK] (never [CLS] or [SEP])."""
    mask_id = tokenizer.mask_token_id
    return [
        [
            [token if i in (0, len(window) - 1) or rng.random() >= rate else mask_id
             for i, token in enumerate(window)]
            for window in post
        ]
        for post in posts
    ]  # fmt: skip


TEACHER_ROUNDS = 4


def _taught(
    texts: Sequence[str], targets: Any, known: Any, settings: Settings, tokenizer: Any
) -> list[tuple[list[list[list[int]]], Any]]:
    """A few rounds of variants of every training post (words hidden, or joined to another
    post), as windows, with the teacher's probabilities: made once, used epoch by epoch."""
    import torch

    teacher = Teacher(texts, targets, known)
    rng = random.Random(settings.seed + 1)
    rounds = []
    for _ in range(min(TEACHER_ROUNDS, settings.epochs)):
        variants = student_texts(texts, rng)
        probabilities = torch.tensor(teacher.predict(variants), dtype=torch.float32)
        rounds.append((windows(tokenizer, variants, size=settings.window), probabilities))
    return rounds


def corpus_digest(examples: Sequence[Example]) -> str:
    digest = hashlib.sha256()
    for example in examples:
        digest.update(example.id.encode())
        digest.update(example.text.encode())
    return digest.hexdigest()[:16]


def train(
    *,
    corpus_path: Path = CORPUS_PATH,
    out_dir: Path = DEV_DIR,
    settings: Settings = Settings(),
    new_tokenizer: bool = False,
    extra: Sequence[Example] = (),
    limit: int | None = None,
    log: Callable[[str], Any] = print,
) -> Trained:
    """Train, calibrate and save the development model (see the module's docstring).

    The tokenizer in `out_dir` is reused unless `new_tokenizer` is set (or none exists
    there): WordPiece training is not byte-reproducible from run to run, while
    everything after it is, given the same tokenizer and settings. `extra` examples
    (a site's own decisions, some labels unknown: -1) join the train split.
    """
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    from community.moderation.model import scorers

    started = time.monotonic()
    _deterministic(settings.seed, settings.threads)
    corpus = load_corpus(corpus_path)
    examples = [e for e in corpus if e.split == "train"]
    validation = [e for e in corpus if e.split == "validation"]
    if limit:
        # A quick trial: the first examples of each split (the corpus is sorted by kind,
        # so a stride keeps every kind).
        examples = examples[:: max(len(examples) // limit, 1)][:limit]
        validation = validation[:: max(len(validation) // max(limit // 4, 8), 1)]
    examples += list(extra)
    texts = model_inputs([e.text for e in examples])
    out_dir.mkdir(parents=True, exist_ok=True)
    if new_tokenizer or not (out_dir / "tokenizer.json").exists():
        tokenizer = build_tokenizer(texts, out_dir, settings.vocab_size)
    else:
        tokenizer = load_tokenizer(out_dir)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=settings.hidden,
        num_hidden_layers=settings.layers,
        num_attention_heads=settings.heads,
        intermediate_size=settings.hidden * 4,
        max_position_embeddings=MAX_TOKENS,
        hidden_dropout_prob=settings.dropout,
        attention_probs_dropout_prob=settings.dropout,
        num_labels=len(OUTPUTS),  # type: ignore[call-arg]
        problem_type="multi_label_classification",
        pad_token_id=tokenizer.pad_token_id,
    )
    config.save_pretrained(str(out_dir))
    model = BertForSequenceClassification(config)
    posts = windows(tokenizer, texts, size=settings.window)
    held = windows(tokenizer, model_inputs([e.text for e in validation]), size=settings.window)
    columns = [MODEL_OUTPUTS[name] for name in OUTPUTS]
    targets = torch.tensor([e.label_vector(columns) for e in examples], dtype=torch.float32)
    # A site's decision leaves some outputs unknown (-1): they are left out of the loss.
    known = (targets >= 0).float()
    targets = targets.clamp(min=0)
    smoothing = settings.label_smoothing
    soft = targets * (1 - smoothing) + smoothing / 2
    # Rare outputs (threat, severe) would otherwise be learnt as "never".
    positives = (targets * known).sum(0).clamp(min=1)
    pos_weight = ((known.sum(0) - positives) / positives).clamp(min=1.0, max=6.0)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight, reduction="none")
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, weight_decay=0.01)
    shuffler = random.Random(settings.seed)
    sizes = [len(post) * 1000 + max(map(len, post)) for post in posts]
    steps = settings.epochs * len(_batches(sizes, settings.batch, random.Random(0)))
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=settings.learning_rate, total_steps=steps, pct_start=0.1
    )
    pad = tokenizer.pad_token_id
    result = Trained(checkpoint=out_dir / DEV_CHECKPOINT.name, examples=len(examples), seconds=0.0)
    taught = _taught(texts, targets, known, settings, tokenizer) if settings.distill else None
    plain_loss = torch.nn.BCEWithLogitsLoss()
    best: dict[str, Any] | None = None
    for epoch in range(settings.epochs):
        model.train()
        total = 0.0
        for batch in _batches(sizes, settings.batch, shuffler):
            chosen = _masked([posts[i] for i in batch], tokenizer, settings.mask_rate, shuffler)
            logits = post_logits(model, chosen, pad)
            weights = known[batch]
            loss = (loss_fn(logits, soft[batch]) * weights).sum() / weights.sum().clamp(min=1)
            if taught is not None:
                # This epoch's variant of each post, and what the teacher said of it.
                variants, probabilities = taught[epoch % len(taught)]
                student = post_logits(model, [variants[i] for i in batch], pad)
                loss = loss + settings.distill * plain_loss(student, probabilities[batch])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(batch)
        auc = mean_auc(logits_of(model, held, pad), validation)
        if best is None or auc > result.validation_auc:
            best = {k: v.detach().clone() for k, v in model.state_dict().items()}
            result.best_epoch, result.validation_auc = epoch + 1, auc
        log(
            f"epoch {epoch + 1}/{settings.epochs}: loss {total / len(examples):.4f}, "
            f"validation AUC {auc:.4f} ({time.monotonic() - started:.0f} s)"
        )
    assert best is not None
    model.load_state_dict(best)
    model.eval()
    calibration, thresholds = calibrate(model, pad, held, validation)
    result.calibration.update(calibration)
    result.thresholds.update(thresholds)
    state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    torch.save(
        {
            "config": {
                "arch": {
                    "args": {
                        # Detoxify reads config.json and the tokenizer from this folder;
                        # the scorer replaces it with the folder's absolute path at load time.
                        "model_type": out_dir.name,
                        "model_name": "BertForSequenceClassification",
                        "tokenizer_name": "BertTokenizerFast",
                        "num_classes": len(OUTPUTS),
                    }
                },
                "dataset": {"args": {"classes": list(OUTPUTS)}},
                # Read by our scorer only; Detoxify ignores it.
                "community": {
                    "normalization": NORMALIZATION,
                    "windows": settings.window,
                    "thresholds": result.thresholds,
                    "calibration": {k: list(v) for k, v in result.calibration.items()},
                    "corpus": corpus_digest(examples),
                    "best_epoch": result.best_epoch,
                    "settings": dict(vars(settings)),
                },
            },
            "state_dict": state,
        },
        result.checkpoint,
    )
    scorers.record_reference_scores(result.checkpoint, out_dir, check_spread=limit is None)
    result.seconds = time.monotonic() - started
    log(
        f"{result.checkpoint} written ({result.checkpoint.stat().st_size / 1e6:.1f} MB, "
        f"{len(examples)} examples, epoch {result.best_epoch} kept, {result.seconds:.0f} s)"
    )
    return result


def reset_signal_thresholds(
    checkpoint: Path = DEV_CHECKPOINT, corpus_path: Path = CORPUS_PATH
) -> dict[str, float]:
    """Set a trained checkpoint's signal thresholds again (after SIGNAL_FALSE_RATE
    changed), without training: the weights, and so every score, stay as they are."""
    import torch

    from community.moderation.model.checkpoints import load_detoxify

    detoxify = load_detoxify(checkpoint, checkpoint.parent)
    window = int(detoxify.community["windows"])
    validation = [e for e in load_corpus(corpus_path) if e.split == "validation"]
    held = windows(detoxify.tokenizer, model_inputs([e.text for e in validation]), size=window)
    thresholds = signal_thresholds(
        detoxify.model, detoxify.tokenizer.pad_token_id, held, validation
    )
    saved = torch.load(checkpoint, map_location="cpu", weights_only=True)
    saved["config"]["community"]["thresholds"] = thresholds
    torch.save(saved, checkpoint)
    return thresholds


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train the development model")
    t.add_argument("--out", type=Path, default=DEV_DIR)
    t.add_argument("--epochs", type=int, default=Settings.epochs)
    t.add_argument("--hidden", type=int, default=Settings.hidden)
    t.add_argument("--layers", type=int, default=Settings.layers)
    t.add_argument("--vocab-size", type=int, default=Settings.vocab_size)
    t.add_argument("--seed", type=int, default=Settings.seed)
    t.add_argument("--new-tokenizer", action="store_true")
    r = sub.add_parser("thresholds", help="set a trained model's signal thresholds again")
    r.add_argument("--checkpoint", type=Path, default=DEV_CHECKPOINT)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if args.command == "thresholds":
        print(reset_signal_thresholds(args.checkpoint))
        return
    train(
        out_dir=args.out,
        settings=Settings(
            epochs=args.epochs,
            hidden=args.hidden,
            layers=args.layers,
            vocab_size=args.vocab_size,
            seed=args.seed,
        ),
        new_tokenizer=args.new_tokenizer,
    )


if __name__ == "__main__":
    main()

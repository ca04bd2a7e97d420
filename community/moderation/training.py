"""The development toxicity model: its corpus, tokenizer, deterministic training and evaluation.

Run `python -m community.moderation.training train` (or `evaluate`); the Flask commands
`model train` / `model evaluate` call the same functions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).parent / "model"
CORPUS_PATH = MODEL_DIR / "corpus.jsonl"
DEV_DIR = MODEL_DIR / "dev"
DEV_CHECKPOINT = DEV_DIR / "toxicity-dev.ckpt"
LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
MAX_TOKENS = 256


@dataclass(frozen=True)
class Example:
    text: str
    labels: tuple[int, ...]
    lang: str
    source: str  # "written", "composed" (hand-written pieces put together) or "template"
    split: str  # "train" or "test", fixed in the file


def load_corpus(path: Path = CORPUS_PATH) -> list[Example]:
    examples = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            labels = tuple(int(v) for v in row["labels"])
            if len(labels) != len(LABELS) or set(labels) - {0, 1}:
                raise ValueError(f"{path}:{number}: expected {len(LABELS)} labels of 0 or 1")
            examples.append(Example(row["text"], labels, row["lang"], row["source"], row["split"]))
    return examples


def _tokenizer_class() -> Any:
    # Looked up by name as Detoxify does (the checkpoint names it); transformers 5 keeps
    # BertTokenizerFast as a lazy alias that type checkers do not see.
    import transformers

    return getattr(transformers, "BertTokenizerFast")  # noqa: B009


def build_tokenizer(texts: Sequence[str], out_dir: Path, vocab_size: int = 6000) -> Any:
    """Train a WordPiece vocabulary on the corpus and save it as a BertTokenizerFast."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from tokenizers.trainers import WordPieceTrainer

    BertTokenizerFast = _tokenizer_class()

    names = {
        "pad_token": "[PAD]",
        "unk_token": "[UNK]",
        "cls_token": "[CLS]",
        "sep_token": "[SEP]",
        "mask_token": "[MASK]",
    }
    specials = list(names.values())
    tok = Tokenizer(models.WordPiece(unk_token=names["unk_token"]))
    # French accents carry meaning ("pute" / "puté" aside, "tué" is not "tue"): keep them.
    tok.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    tok.train_from_iterator(
        texts, WordPieceTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=specials)
    )
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))],
    )
    # transformers 5 rebuilds the normalizer from these arguments on reload, so they must
    # be explicit, and without model_max_length truncation would do nothing.
    fast = BertTokenizerFast(
        tokenizer_object=tok,
        do_lower_case=True,
        strip_accents=False,
        tokenize_chinese_chars=True,
        model_max_length=MAX_TOKENS,
        **names,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(str(out_dir))
    return fast


def _deterministic(seed: int) -> None:
    import numpy as np
    import torch

    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def train(
    *,
    corpus_path: Path = CORPUS_PATH,
    out_dir: Path = DEV_DIR,
    epochs: int = 40,
    seed: int = 1234,
    limit: int | None = None,
    new_tokenizer: bool = False,
    hidden: int = 128,
    layers: int = 2,
    log: Any = print,
) -> Path:
    """Train the development model and write its checkpoint and reference scores.

    The shipped tokenizer in `out_dir` is reused unless `new_tokenizer` is set (or none
    exists there): WordPiece training is not byte-reproducible from run to run, while
    everything after it is, given the same tokenizer.
    """
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    BertTokenizerFast = _tokenizer_class()

    from community.moderation import scorers

    started = time.monotonic()
    _deterministic(seed)
    examples = [e for e in load_corpus(corpus_path) if e.split == "train"]
    if limit:
        examples = examples[:limit]
    out_dir.mkdir(parents=True, exist_ok=True)
    if new_tokenizer or not (out_dir / "tokenizer.json").exists():
        tokenizer = build_tokenizer([e.text for e in examples], out_dir)
    else:
        tokenizer = BertTokenizerFast.from_pretrained(
            str(out_dir), local_files_only=True, do_lower_case=True, strip_accents=False
        )
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=4,
        intermediate_size=hidden * 4,
        max_position_embeddings=MAX_TOKENS,
        num_labels=len(LABELS),  # type: ignore[call-arg]
        problem_type="multi_label_classification",
        pad_token_id=tokenizer.pad_token_id,
    )
    config.save_pretrained(str(out_dir))
    model = BertForSequenceClassification(config)
    encoded = tokenizer([e.text for e in examples], truncation=True, max_length=MAX_TOKENS)[
        "input_ids"
    ]
    targets = torch.tensor([e.labels for e in examples], dtype=torch.float32)
    # Rare labels (threat, severe) would otherwise be learnt as "never".
    positives = targets.sum(0).clamp(min=1)
    pos_weight = ((len(examples) - positives) / positives).clamp(max=8.0)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    batch = 32
    steps = epochs * ((len(examples) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-3, total_steps=steps)
    order = list(range(len(examples)))
    shuffler = random.Random(seed)  # noqa: S311 (a shuffle, not a secret)
    model.train()
    for epoch in range(epochs):
        shuffler.shuffle(order)
        total = 0.0
        for start in range(0, len(order), batch):
            ids = [encoded[i] for i in order[start : start + batch]]
            width = max(len(x) for x in ids)
            input_ids = torch.tensor([x + [tokenizer.pad_token_id] * (width - len(x)) for x in ids])
            mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in ids])
            logits = model(input_ids=input_ids, attention_mask=mask).logits
            loss = loss_fn(logits, targets[order[start : start + batch]])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(ids)
        if epoch % 5 == 4 or epoch == epochs - 1:
            log(f"epoch {epoch + 1}/{epochs}: loss {total / len(examples):.4f}")
    model.eval()
    checkpoint = out_dir / DEV_CHECKPOINT.name
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
                        "num_classes": len(LABELS),
                    }
                },
                "dataset": {"args": {"classes": list(LABELS)}},
            },
            "state_dict": state,
        },
        checkpoint,
    )
    scorers.record_reference_scores(checkpoint, out_dir, check_spread=limit is None)
    log(
        f"{checkpoint} written ({checkpoint.stat().st_size / 1e6:.1f} MB, "
        f"{len(examples)} examples, {time.monotonic() - started:.0f} s)"
    )
    return checkpoint


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """Area under the ROC curve (Mann-Whitney, ties counted half); None without both classes."""
    ranked = sorted(zip(scores, labels, strict=True))
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return None
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid_rank = (i + j + 1) / 2  # average of 1-based ranks i+1 .. j
        rank_sum += mid_rank * sum(lab for _, lab in ranked[i:j])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def evaluate(scorer: Any, examples: Sequence[Example]) -> dict[str, dict[str, Any]]:
    """ROC AUC per label on `examples`, overall and for hand-written posts only."""
    scores = scorer.score([e.text for e in examples])
    results: dict[str, dict[str, Any]] = {}
    for index, label in enumerate(LABELS):
        if label not in scorer.labels:
            continue
        truth = [e.labels[index] for e in examples]
        predicted = [s[label] for s in scores]
        natural = [i for i, e in enumerate(examples) if e.source != "template"]
        results[label] = {
            "auc": roc_auc(truth, predicted),
            "auc_natural": roc_auc([truth[i] for i in natural], [predicted[i] for i in natural]),
            "positives": sum(truth),
        }
    return results


def evaluation_report(scorer: Any, corpus_path: Path = CORPUS_PATH) -> str:
    held_out = [e for e in load_corpus(corpus_path) if e.split == "test"]
    results = evaluate(scorer, held_out)
    natural = sum(e.source != "template" for e in held_out)
    lines = [
        f"Modèle {scorer.version} — ROC AUC sur {len(held_out)} exemples réservés "
        f"(dont {natural} messages rédigés) :",
        f"{'label':<17} {'AUC':>6} {'AUC rédigés':>12} {'positifs':>9}",
    ]
    for label, row in results.items():
        auc = "—" if row["auc"] is None else f"{row['auc']:.3f}"
        nat = "—" if row["auc_natural"] is None else f"{row['auc_natural']:.3f}"
        lines.append(f"{label:<17} {auc:>6} {nat:>12} {row['positives']:>9}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train the development model")
    t.add_argument("--out", type=Path, default=DEV_DIR)
    t.add_argument("--epochs", type=int, default=40)
    t.add_argument("--seed", type=int, default=1234)
    t.add_argument("--new-tokenizer", action="store_true")
    e = sub.add_parser("evaluate", help="ROC AUC per label on the held-out split")
    e.add_argument("--checkpoint", type=Path, default=DEV_CHECKPOINT)
    e.add_argument("--config-dir", type=Path, default=DEV_DIR)
    args = parser.parse_args(argv)
    if args.command == "train":
        train(
            out_dir=args.out, epochs=args.epochs, seed=args.seed, new_tokenizer=args.new_tokenizer
        )
    else:
        from community.moderation.scorers import DetoxifyScorer

        print(evaluation_report(DetoxifyScorer(args.checkpoint, args.config_dir)))


if __name__ == "__main__":
    main()

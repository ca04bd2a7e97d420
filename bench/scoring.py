"""Scoring speed: plain Detoxify.predict one post at a time against the worker's path.

Two models in one run: our development model, and a randomly initialised model with
the exact shape of Detoxify `multilingual` (XLM-R base, vocabulary 250,002, 16
outputs). Each measurement runs in its own process, so peak memory (RSS) is that of a
scoring process. Numbers are printed, never asserted.

With `--baseline REF` (a commit), the worker path of that commit's code and shipped
model scores the same posts in the same run, in a git worktree under bench/work/, so
that a change's cost in throughput is measured side by side.

    .venv/bin/python bench/scoring.py [--posts 64] [--threads 2] [--skip-multilingual]
                                      [--baseline 74e1988]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch starts

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "scoring"
sys.path.insert(0, str(ROOT))

from community.moderation.model.scorers import (  # noqa: E402
    DEFAULT_CHECKPOINT,
    PACKAGE_MODEL_DIR,
    DetoxifyScorer,
    load_detoxify,
    record_reference_scores,
)
from community.moderation.model.corpus import load_corpus  # noqa: E402

MULTILINGUAL_CLASSES = [
    "toxicity", "severe_toxicity", "obscene", "identity_attack", "insult", "threat",
    "sexual_explicit",
]


def posts(count: int, seed: int = 7) -> list[str]:
    """Forum-like posts from the corpus; one in ten is long (eight posts run together)."""
    rng = random.Random(seed)
    natural = [e.text for e in load_corpus() if e.source == "written"]
    out = []
    for i in range(count):
        if i % 10 == 9:
            out.append("\n\n".join(rng.sample(natural, 8)))
        else:
            out.append(rng.choice(natural))
    return out


def build_multilingual_shape(folder: Path) -> Path:
    """XLM-R base with random weights, a small local Unigram tokenizer, Detoxify's format."""
    import torch
    import transformers
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from tokenizers.trainers import UnigramTrainer

    checkpoint = folder / "multilingual-shape.ckpt"
    if checkpoint.exists() and checkpoint.with_suffix(".reference.json").exists():
        return checkpoint
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tok = Tokenizer(models.Unigram())
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace()]
    )
    tok.decoder = decoders.Metaspace()
    tok.train_from_iterator(
        [e.text for e in load_corpus()],
        UnigramTrainer(vocab_size=8000, special_tokens=specials, unk_token=specials[3]),
    )
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    names = {"bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
             "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>"}
    tokenizer = transformers.XLMRobertaTokenizerFast(
        tokenizer_object=tok, model_max_length=512, **names
    )
    tokenizer.save_pretrained(str(folder))
    config = transformers.XLMRobertaConfig(
        vocab_size=250002, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
        intermediate_size=3072, max_position_embeddings=514, type_vocab_size=1,
        layer_norm_eps=1e-5, pad_token_id=1, bos_token_id=0, eos_token_id=2,
    )
    config.num_labels = 16
    config.save_pretrained(str(folder))
    model = transformers.XLMRobertaForSequenceClassification(config)
    torch.save(
        {
            "config": {
                "arch": {"args": {
                    "model_type": str(folder),
                    "model_name": "XLMRobertaForSequenceClassification",
                    "tokenizer_name": "XLMRobertaTokenizerFast",
                    "num_classes": 16,
                }},
                "dataset": {"args": {"classes": MULTILINGUAL_CLASSES}},
            },
            "state_dict": model.state_dict(),
        },
        checkpoint,
    )
    del model
    # Random weights score everything near 0.5: record them anyway, they are the truth here.
    record_reference_scores(checkpoint, folder, check_spread=False)
    return checkpoint


def _current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(path: str, checkpoint: Path, config_dir: Path, texts: list[str], threads: int,
            quantize: bool) -> dict:
    """Runs in a child process: load, score every text, report speed and peak RSS."""
    import torch

    started = time.perf_counter()
    if path == "plain":
        torch.set_num_threads(threads)
        detoxify = load_detoxify(checkpoint, config_dir)
        loaded = time.perf_counter()
        scores = []
        for text in texts:
            raw = detoxify.predict(text)
            scores.append({k: float(v) for k, v in raw.items()})
        labels = list(detoxify.class_names)
        quantized = False
    else:
        scorer = DetoxifyScorer(checkpoint, config_dir, threads=threads, quantize=quantize)
        loaded = time.perf_counter()
        scores = scorer.score(texts)
        labels = list(scorer.labels)
        quantized = scorer.quantized
    done = time.perf_counter()
    return {
        "path": path, "load_s": loaded - started, "score_s": done - loaded,
        "per_s": len(texts) / (done - loaded), "quantized": quantized,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_mb": _current_rss_mb(),
        "scores": scores, "labels": labels,
    }


def run_child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if out.returncode:
        sys.exit(f"child failed: {args}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# The baseline's worker path, run with that commit's code first on the import path.
BASELINE_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
try:
    from community.moderation.model import scorers
except ImportError:  # before the model package
    from community.moderation import scorers
DEFAULT_CHECKPOINT, PACKAGE_MODEL_DIR = scorers.DEFAULT_CHECKPOINT, scorers.PACKAGE_MODEL_DIR
DetoxifyScorer = scorers.DetoxifyScorer
checkpoint, config_dir = sys.argv[2], sys.argv[3]
if checkpoint == "shipped":
    checkpoint, config_dir = DEFAULT_CHECKPOINT, PACKAGE_MODEL_DIR
texts = json.loads(open(sys.argv[4], encoding="utf-8").read())
started = time.perf_counter()
scorer = DetoxifyScorer(checkpoint, config_dir, threads=int(sys.argv[5]))
loaded = time.perf_counter()
scorer.score(texts)
done = time.perf_counter()
print(json.dumps({"per_s": len(texts) / (done - loaded), "load_s": loaded - started,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


# The detectors the worker runs beside the model, on the same posts, in a tree's code.
DETECTORS_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
try:
    from community.moderation.scoring.assess import findings_for
except ImportError:  # before the scoring package
    from community.moderation.scoring import findings_for
texts = json.loads(open(sys.argv[2], encoding="utf-8").read())
findings_for(None, texts[0])
rates = []
# Twice: the first pass also pays for what the rules learn once per word (the crisis
# prefilter's lookups), which a worker that has run a while has long paid.
for _ in range(2):
    started = time.perf_counter()
    for text in texts:
        findings_for(None, text)
    rates.append(len(texts) / (time.perf_counter() - started))
print(json.dumps({"first_per_s": rates[0], "per_s": rates[1]}))
"""


# The worker's loop itself, in a tree's code: a batch of 32 posts scored by the model, then
# the detectors on each post of the batch, one process; what one side computes for the
# other (the normalised text) is not computed twice where the code shares it.
WORKER_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
try:
    from community.moderation.model import scorers
except ImportError:  # before the model package
    from community.moderation import scorers
try:
    from community.moderation.scoring.assess import findings_for
except ImportError:  # before the scoring package
    from community.moderation.scoring import findings_for
checkpoint, config_dir = sys.argv[2], sys.argv[3]
if checkpoint == "shipped":
    checkpoint, config_dir = scorers.DEFAULT_CHECKPOINT, scorers.PACKAGE_MODEL_DIR
texts = json.loads(open(sys.argv[4], encoding="utf-8").read())
scorer = scorers.DetoxifyScorer(checkpoint, config_dir, threads=int(sys.argv[5]))
def worker_loop():
    for start in range(0, len(texts), 32):
        batch = texts[start : start + 32]
        scorer.score(batch)
        for text in batch:
            findings_for(None, text)
worker_loop()  # warm, as a worker that has run a while
started = time.perf_counter()
worker_loop()
print(json.dumps({"per_s": len(texts) / (time.perf_counter() - started)}))
"""


def run_worker_loop(folder: Path, checkpoint: str, config_dir: str, threads: int) -> float:
    """Posts per second of model and detectors run as the worker runs them, in one process."""
    out = subprocess.run(
        [sys.executable, "-c", WORKER_CHILD, str(folder), checkpoint, config_dir,
         str(WORK / "texts.json"), str(threads)],
        capture_output=True, text=True, check=False, cwd=str(folder),
    )
    if out.returncode:
        sys.exit(f"worker loop failed in {folder}:\n{out.stderr[-3000:]}")
    return float(json.loads(out.stdout.strip().splitlines()[-1])["per_s"])


def run_detectors(folder: Path) -> tuple[float, float]:
    """Posts per second of the detectors in `folder`'s code: first pass, then once warm."""
    out = subprocess.run(
        [sys.executable, "-c", DETECTORS_CHILD, str(folder), str(WORK / "texts.json")],
        capture_output=True, text=True, check=False, cwd=str(folder),
    )
    if out.returncode:
        sys.exit(f"detectors failed in {folder}:\n{out.stderr[-3000:]}")
    rates = json.loads(out.stdout.strip().splitlines()[-1])
    return float(rates["first_per_s"]), float(rates["per_s"])


def worker_rate(model_per_s: float, detectors_per_s: float) -> float:
    """Posts per second of model and detectors one after the other, as the worker runs them."""
    return 1 / (1 / model_per_s + 1 / detectors_per_s)


def baseline_worktree(ref: str) -> Path:
    """A worktree of `ref` under bench/work/ (made once, kept for later runs)."""
    folder = ROOT / "bench" / "work" / f"baseline-{ref}"
    if not folder.exists():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), ref],
            check=True, capture_output=True,
        )
    return folder


def run_baseline(folder: Path, checkpoint: str, config_dir: str, threads: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", BASELINE_CHILD, str(folder), checkpoint, config_dir,
         str(WORK / "texts.json"), str(threads)],
        capture_output=True, text=True, check=False, cwd=str(folder),
    )
    if out.returncode:
        sys.exit(f"baseline failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(name: str, checkpoint: Path, config_dir: Path, count: int, threads: int,
            plain_count: int, baseline: tuple[Path, str, str] | None = None) -> None:
    texts = posts(count)
    (WORK / "texts.json").write_text(json.dumps(texts, ensure_ascii=False))
    common = [str(checkpoint), str(config_dir), str(WORK / "texts.json"), str(threads)]
    plain = run_child("plain", *common, "0", str(plain_count))
    fp32 = run_child("worker", *common, "0", str(count))
    int8 = run_child("worker", *common, "1", str(count))
    print(f"\n## {name}  ({count} posts, {sum(len(t) for t in texts) // count} chars on average, "
          f"{threads} thread(s); plain predict on the first {plain_count})")
    print(f"{'path':<34}{'posts/s':>9}{'× plain':>9}{'load s':>8}{'peak RSS MB':>13}"
          f"{'RSS after':>11}{'max |Δ| short':>15}")
    for label, row in (("plain predict, one at a time", plain),
                       ("worker path, fp32", fp32),
                       ("worker path, int8 if it holds", int8)):
        # Long posts (every tenth) are cut differently on purpose (head + tail, not head
        # only), so agreement is measured on the others.
        drift = max(
            abs(a[k] - b[k])
            for i, (a, b) in enumerate(zip(plain["scores"], row["scores"][:plain_count],
                                           strict=True))
            if i % 10 != 9
            for k in row["labels"]
        )
        q = " (int8)" if row["quantized"] else ""
        print(f"{label + q:<34}{row['per_s']:>9.1f}{row['per_s'] / plain['per_s']:>9.2f}"
              f"{row['load_s']:>8.1f}{row['peak_rss_mb']:>13.0f}{row['rss_mb']:>11.0f}{drift:>15.4f}")
    full_drift = max(abs(a[k] - b[k]) for a, b in zip(fp32["scores"], int8["scores"], strict=True)
                     for k in fp32["labels"])
    print(f"int8 vs fp32 on all {count} posts: max |Δ| = {full_drift:.4f}")
    if baseline is not None:
        folder, base_checkpoint, base_config = baseline
        old = run_baseline(folder, base_checkpoint, base_config, threads)
        print(f"baseline {folder.name.removeprefix('baseline-')}, worker path fp32: "
              f"{old['per_s']:.1f} posts/s (load {old['load_s']:.1f} s, peak RSS "
              f"{old['peak_rss_mb']:.0f} MB); this tree ÷ baseline: "
              f"{fp32['per_s'] / old['per_s']:.2f}")
        (new_first, new_detectors), (old_first, old_detectors) = (
            run_detectors(ROOT), run_detectors(folder)
        )
        new_worker = worker_rate(fp32["per_s"], new_detectors)
        old_worker = worker_rate(old["per_s"], old_detectors)
        print(f"detectors alone, warm (first pass): {new_detectors:.0f} ({new_first:.0f}) "
              f"posts/s here, {old_detectors:.0f} ({old_first:.0f}) in the baseline; model + "
              f"warm detectors, as the worker runs them: {new_worker:.1f} vs "
              f"{old_worker:.1f} posts/s ({new_worker / old_worker:.2f})")
        here_checkpoint = "shipped" if base_checkpoint == "shipped" else str(checkpoint)
        here_config = "shipped" if base_checkpoint == "shipped" else str(config_dir)
        new_loop = run_worker_loop(ROOT, here_checkpoint, here_config, threads)
        old_loop = run_worker_loop(folder, base_checkpoint, base_config, threads)
        print(f"the worker's loop in one process (batches of 32: model, then detectors): "
              f"{new_loop:.1f} vs {old_loop:.1f} posts/s ({new_loop / old_loop:.2f})")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        path, checkpoint, config_dir, texts_file, threads, quantize, count = sys.argv[2:9]
        texts = json.loads(Path(texts_file).read_text())[: int(count)]
        result = measure(path, Path(checkpoint), Path(config_dir), texts, int(threads),
                         quantize == "1")
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=96)
    parser.add_argument("--plain-posts", type=int, default=48,
                        help="posts scored one at a time by plain predict on the big model")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-multilingual", action="store_true")
    parser.add_argument("--baseline", help="a commit whose worker path scores the same posts")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    base = baseline_worktree(args.baseline) if args.baseline else None
    compare("development model (BERT, 2 layers, hidden 128)", DEFAULT_CHECKPOINT,
            PACKAGE_MODEL_DIR, 400, args.threads, 400,
            (base, "shipped", "shipped") if base else None)
    if not args.skip_multilingual:
        folder = WORK / "multilingual-shape"
        built = time.monotonic()
        checkpoint = build_multilingual_shape(folder)
        print(f"\n(multilingual shape ready in {time.monotonic() - built:.0f} s: "
              f"{checkpoint.stat().st_size / 1e6:.0f} MB)")
        compare("Detoxify multilingual shape (XLM-R base, random weights)", checkpoint, folder,
                args.posts, args.threads, args.plain_posts,
                (base, str(checkpoint), str(folder)) if base else None)
    print(f"\ntotal {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()

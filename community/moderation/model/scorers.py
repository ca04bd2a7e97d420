"""Toxicity scorers: one interface, a null scorer, and Detoxify on local files with a fast path."""

from __future__ import annotations

import json
import logging
import threading
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from community.moderation.model.checkpoints import (
    REFERENCE_SENTENCES,
    ModelError,
    check_reference_scores,
    file_version,
    load_detoxify,
    reference_path,
)

log = logging.getLogger(__name__)

PACKAGE_MODEL_DIR = Path(__file__).parent / "dev"
DEFAULT_CHECKPOINT = PACKAGE_MODEL_DIR / "toxicity-dev.ckpt"
# Detoxify's toxicity labels: what a space sets thresholds for.
LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
# Outputs of our own development model beside them, which are no toxicity: crisis language,
# and dangerous medical advice. Each comes with its threshold in the checkpoint.
SIGNAL_OUTPUTS = ("crisis", "misinfo")

QUANTIZE_TOLERANCE = 0.02


class Scorer(Protocol):
    version: str
    labels: tuple[str, ...]
    # For outputs that are no toxicity label (crisis, misinfo): the score from which they
    # count as found.
    signal_thresholds: dict[str, float]

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]: ...


class NullScorer:
    """Scores everything 0: for tests and set-ups that are not about the model."""

    version: str = "null"
    labels: tuple[str, ...] = LABELS
    signal_thresholds: dict[str, float] = {}  # noqa: RUF012 (never mutated)

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        return [dict.fromkeys(self.labels, 0.0) for _ in texts]


@dataclass
class _Loaded:
    model: Any
    tokenizer: Any
    labels: tuple[str, ...]
    version: str
    quantized: bool
    normalization: str = "light"
    signal_thresholds: dict[str, float] | None = None
    # Our own model reads windows of this many tokens and keeps the highest (inputs.py).
    windows: int | None = None


_cache: dict[tuple[Any, ...], _Loaded] = {}
_cache_lock = threading.Lock()


def _quantize_sample(size: int = 128) -> list[str]:
    """Held-out posts int8 must score like fp32. 32 were too few: a model within 0.003 on
    them drifted by 0.05 on 120. Costs a few seconds at load for the `multilingual` shape.
    From the validation split: nothing but `flask model evaluate` reads the test split."""
    from community.moderation.model.corpus import load_corpus

    held_out = [e for e in load_corpus() if e.split == "validation" and e.source == "written"]
    return [e.text for e in held_out[:size]]


def _quantize(model: Any) -> Any:
    import torch
    from torch.ao.quantization import quantize_dynamic

    # Deprecated in favour of torchao, which would be one more dependency; it still works
    # in torch 2.13 and the bench and tests check its scores against fp32.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings(
            "ignore", message=r"torch\.quantize_per_tensor", category=UserWarning
        )
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)


class DetoxifyScorer:
    """Detoxify's model and tokenizer, loaded once per process, scored in length-sorted batches.

    Each text is first normalised as the checkpoint asks (our development model reads folded
    text; any other checkpoint reads the text with its disguised words written out, case and
    accents kept). Texts are sorted by token count and scored in batches of at most
    `batch_size` texts and `token_budget` padded tokens. A text longer than `max_tokens`
    keeps its beginning and its end, where greetings aside the attack usually sits.
    """

    def __init__(
        self,
        checkpoint_path: str | Path,
        config_dir: str | Path,
        *,
        device: str = "cpu",
        threads: int = 1,
        quantize: bool = False,
        max_tokens: int = 256,
        batch_size: int = 32,
        token_budget: int = 4096,
        check_reference: bool = True,
    ) -> None:
        import torch

        if threads > 0:
            torch.set_num_threads(threads)
        self.checkpoint = Path(checkpoint_path)
        self.config_dir = Path(config_dir)
        self.device = device
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.token_budget = token_budget
        self.check_reference = check_reference
        key = (
            str(self.checkpoint.resolve()),
            str(self.config_dir.resolve()),
            device,
            quantize,
            check_reference,
            self.checkpoint.stat().st_mtime_ns if self.checkpoint.exists() else 0,
        )
        with _cache_lock:
            loaded = _cache.get(key)
            if loaded is None:
                loaded = self._load(quantize)
                _cache[key] = loaded
        self._loaded = loaded
        self.labels = loaded.labels
        self.version = loaded.version + ("-int8" if loaded.quantized else "")
        self.quantized = loaded.quantized
        self.signal_thresholds = dict(loaded.signal_thresholds or {})

    def _load(self, quantize: bool) -> _Loaded:
        detoxify = load_detoxify(self.checkpoint, self.config_dir, self.device)
        detoxify.model.eval()
        ours = detoxify.community
        thresholds = ours.get("thresholds") or {}
        loaded = _Loaded(
            model=detoxify.model,
            tokenizer=detoxify.tokenizer,
            labels=tuple(detoxify.class_names),
            version=file_version(self.checkpoint),
            quantized=False,
            normalization=str(ours.get("normalization", "light")),
            windows=int(ours["windows"]) if ours.get("windows") else None,
            signal_thresholds={
                name: float(thresholds.get(name, 0.5))
                for name in SIGNAL_OUTPUTS
                if name in detoxify.class_names
            },
        )
        self._loaded = loaded
        if self.check_reference:
            check_reference_scores(self.checkpoint, self._score(REFERENCE_SENTENCES))
        if quantize:
            # int8 is only kept when it decides as fp32 does: the reference sentences and
            # a sample of held-out forum posts must move by at most QUANTIZE_TOLERANCE.
            sample = [*REFERENCE_SENTENCES, *_quantize_sample()]
            full = self._score(sample)
            _quantize(loaded.model)
            drift = max(
                abs(a[k] - b[k]) for a, b in zip(full, self._score(sample), strict=True) for k in a
            )
            loaded.quantized = drift <= QUANTIZE_TOLERANCE
            if not loaded.quantized:
                log.warning("int8 scores move by %.3f from fp32: scoring in fp32", drift)
                detoxify = load_detoxify(self.checkpoint, self.config_dir, self.device)
                loaded.model = detoxify.model.eval()
        return loaded

    def _encode(self, texts: Sequence[str]) -> list[list[list[int]]]:
        """Each text as the token windows the model reads: one for a whole-post model."""
        from community.moderation.model.inputs import encode, model_inputs, windows

        inputs = model_inputs(texts, self._loaded.normalization)
        if self._loaded.windows:
            return windows(self._loaded.tokenizer, inputs, size=self._loaded.windows)
        return [[ids] for ids in encode(self._loaded.tokenizer, inputs, self.max_tokens)]

    def _batches(self, lengths: Sequence[int]) -> list[list[int]]:
        order = sorted(range(len(lengths)), key=lambda i: lengths[i])
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:
            # Sorted ascending, so the newcomer sets the padded width of the batch.
            if current and (
                len(current) >= self.batch_size
                or (len(current) + 1) * lengths[i] > self.token_budget
            ):
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def _score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        import torch

        model, pad = self._loaded.model, self._loaded.tokenizer.pad_token_id
        per_text = self._encode(texts)
        flat = [window for text_windows in per_text for window in text_windows]
        owner = [i for i, text_windows in enumerate(per_text) for _ in text_windows]
        best = torch.zeros((len(texts), len(self._loaded.labels)))
        labels = self._loaded.labels
        with torch.inference_mode():
            for batch in self._batches([len(e) for e in flat]):
                width = max(len(flat[i]) for i in batch)
                input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for row, i in enumerate(batch):
                    input_ids[row, : len(flat[i])] = torch.tensor(flat[i])
                    mask[row, : len(flat[i])] = 1
                logits = model(
                    input_ids=input_ids.to(self.device), attention_mask=mask.to(self.device)
                )[0]
                # Detoxify's multilingual model has more outputs than it names: the first ones.
                probabilities = torch.sigmoid(logits[:, : len(labels)]).cpu()
                for row, i in enumerate(batch):
                    # A text's score is its highest window's (one window for most models).
                    best[owner[i]] = torch.maximum(best[owner[i]], probabilities[row])
        return [
            {label: round(float(row[k]), 6) for k, label in enumerate(labels)}
            for row in best.tolist()
        ]

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if not texts:
            return []
        return self._score(texts)


def record_reference_scores(
    checkpoint: Path, config_dir: Path, *, check_spread: bool = True
) -> Path:
    """Store the scores of the reference sentences beside a trusted checkpoint.

    `check_spread` refuses scores that are all alike (random weights); a model just
    trained for one epoch is allowed to be that bad.
    """
    # Through the scorer's own path (normalisation, windows), without the check it serves.
    scorer = DetoxifyScorer(checkpoint, config_dir, check_reference=False)
    scores = scorer.score(REFERENCE_SENTENCES)
    values = [v for row in scores for v in row.values()]
    if check_spread and max(values) - min(values) < 0.05:
        raise ModelError(
            f"Tous les scores de {checkpoint} sont proches de {values[0]:.2f} : ses poids ne "
            "se sont probablement pas chargés ; scores de référence non enregistrés."
        )
    path = reference_path(checkpoint)
    path.write_text(
        json.dumps(
            {"sentences": list(REFERENCE_SENTENCES), "scores": scores}, ensure_ascii=False, indent=1
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def device_from_config(config: Mapping[str, Any]) -> str:
    """MODERATION_DEVICE: "cpu" (the default) or "cuda" (a scoring worker on a GPU host,
    "cuda:1" for its second card); a GPU this host lacks is said at once, not at the
    first batch."""
    device = str(config.get("MODERATION_DEVICE") or "cpu")
    if device == "cpu":
        return device
    if not device.startswith("cuda"):
        raise ModelError(f"MODERATION_DEVICE inconnu : {device!r} (attendu : cpu ou cuda).")
    import torch  # only now: a CPU host never pays for it here

    if not torch.cuda.is_available():
        raise ModelError(
            f"MODERATION_DEVICE vaut {device!r}, mais PyTorch ne voit aucune carte graphique "
            "sur cet hôte : installez une version de torch pour CUDA, ou notez sur cpu."
        )
    return device


def scorer_from_config(config: Mapping[str, Any]) -> Scorer:
    """MODERATION_SCORER = "null" | "detoxify", with the files the configuration names."""
    kind = config.get("MODERATION_SCORER", "null")
    if kind == "null":
        return NullScorer()
    if kind != "detoxify":
        raise ModelError(f"MODERATION_SCORER inconnu : {kind!r} (attendu : null ou detoxify).")
    checkpoint = Path(config.get("MODERATION_CHECKPOINT") or DEFAULT_CHECKPOINT)
    return DetoxifyScorer(
        checkpoint,
        config.get("MODERATION_MODEL_CONFIG_DIR") or checkpoint.parent,
        device=device_from_config(config),
        threads=int(config.get("MODERATION_THREADS", 1)),
        quantize=bool(config.get("MODERATION_QUANTIZE", False)),
        max_tokens=int(config.get("MODERATION_MAX_TOKENS", 256)),
        batch_size=int(config.get("MODERATION_BATCH_SIZE", 32)),
    )


CHECK_SENTENCES = (
    "Bonjour à tous, mon diabétologue a augmenté ma dose d'insuline, des conseils ?",
    "T'es vraiment un abruti, retourne d'où tu viens.",
    "Mon amie est morte la semaine dernière, je suis triste.",
)


def check_model(config: Mapping[str, Any], *, record: bool = False) -> str:
    """Load what the configuration names and score a few sentences; a report for a terminal.

    Raises ModelError with what is missing. With `record`, first store reference scores
    for a checkpoint the operator trusts (e.g. Detoxify `multilingual` just placed).
    """
    if record and config.get("MODERATION_SCORER") == "detoxify":
        checkpoint = Path(config.get("MODERATION_CHECKPOINT") or DEFAULT_CHECKPOINT)
        record_reference_scores(
            checkpoint, Path(config.get("MODERATION_MODEL_CONFIG_DIR") or checkpoint.parent)
        )
    scorer = scorer_from_config(config)
    lines = [f"Modèle : {scorer.version} ({', '.join(scorer.labels)})"]
    for sentence, scores in zip(CHECK_SENTENCES, scorer.score(CHECK_SENTENCES), strict=True):
        top = max(scores, key=lambda k: scores[k])
        lines.append(f"{scores[top]:.2f} {top:<16} {sentence}")
    return "\n".join(lines)

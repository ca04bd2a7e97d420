"""Detoxify checkpoints on local files: loaded by Detoxify's own class, never from the hub,
and checked: a checkpoint whose weights did not load, or that no longer gives the scores
recorded beside it, is refused with a message that says why."""

from __future__ import annotations

import copy
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


class ModelError(Exception):
    """The configured model cannot be used; the message says why, for a person."""


# Sentences whose scores are stored beside a checkpoint and checked after each load.
REFERENCE_SENTENCES = (
    "Bonjour, je viens d'apprendre que je suis diabétique, des conseils pour l'insuline ?",
    "Espèce de connard, ferme ta gueule et dégage de ce forum.",
    "Mon père est mort d'un cancer, j'ai besoin d'en parler.",
    "Je vais te retrouver et te tuer.",
    "Thanks everyone, your replies helped me a lot.",
)
REFERENCE_TOLERANCE = 0.01


def reference_path(checkpoint: Path) -> Path:
    return checkpoint.with_suffix(".reference.json")


def file_version(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return f"{path.stem}-{digest.hexdigest()[:12]}"


def _read_checkpoint(
    checkpoint: Path, config_dir: Path
) -> tuple[io.BytesIO, dict[str, Any], dict[str, Any]]:
    """The checkpoint, reduced to what Detoxify reads, with model_type set to config_dir.

    Detoxify calls `from_pretrained(model_type)` without `local_files_only`, so anything
    but the absolute path of a local folder makes it try the hub.
    """
    import torch

    try:
        # Plain dicts and tensors load without unpickling code; the published Lightning
        # checkpoints need the full unpickler (the operator put a trusted file there).
        loaded = torch.load(checkpoint, map_location="cpu", weights_only=True, mmap=True)
    except Exception:
        loaded = torch.load(checkpoint, map_location="cpu", weights_only=False, mmap=True)
    if not isinstance(loaded, dict) or "config" not in loaded or "state_dict" not in loaded:
        raise ModelError(
            f"{checkpoint} n'est pas un checkpoint Detoxify : il lui manque 'config' ou "
            "'state_dict'."
        )
    config = copy.deepcopy(loaded["config"])
    try:
        config["arch"]["args"]["model_type"] = str(config_dir.resolve())
    except (KeyError, TypeError) as error:
        raise ModelError(f"{checkpoint} : config.arch.args absent ({error}).") from error
    buffer = io.BytesIO()
    torch.save({"config": config, "state_dict": loaded["state_dict"]}, buffer)
    buffer.seek(0)
    # Our own checkpoints say how their text is normalised and where their signals start.
    ours = config.get("community") if isinstance(config.get("community"), dict) else {}
    return buffer, _fingerprints(loaded["state_dict"]), ours


def _check_files(checkpoint: Path, config_dir: Path) -> None:
    if not checkpoint.is_file():
        raise ModelError(
            f"Fichier du modèle introuvable : {checkpoint} (réglage MODERATION_CHECKPOINT)."
        )
    if not config_dir.is_dir():
        raise ModelError(
            f"Dossier de configuration du modèle introuvable : {config_dir} "
            "(réglage MODERATION_MODEL_CONFIG_DIR)."
        )
    if not (config_dir / "config.json").is_file():
        raise ModelError(f"{config_dir} ne contient pas config.json.")
    if not any((config_dir / name).is_file() for name in ("tokenizer.json", "vocab.txt")):
        raise ModelError(
            f"{config_dir} ne contient pas de tokenizer (tokenizer.json ou vocab.txt)."
        )


def _fingerprints(state_dict: Mapping[str, Any]) -> dict[str, tuple[tuple[int, ...], float]]:
    # Shapes and float64 sums, so the check does not keep a second copy of a 1 GB model.
    return {
        name: (tuple(tensor.shape), float(tensor.double().sum()))
        for name, tensor in state_dict.items()
    }


def _check_weights_loaded(
    model: Any, expected: Mapping[str, tuple[tuple[int, ...], float]], checkpoint: Path
) -> None:
    """Refuse a model whose weights did not come from the checkpoint.

    transformers only prints a report for unexpected or missing keys (a "model." prefix,
    no classifier) and leaves random weights that score everything near 0.5.
    """
    got = _fingerprints(model.state_dict())
    wrong = [name for name, print_ in got.items() if expected.get(name) != print_]
    if wrong:
        raise ModelError(
            f"Les poids de {checkpoint} ne se sont pas chargés ({len(wrong)} tenseurs absents "
            f"ou différents, par exemple {wrong[0]!r}) : le modèle donnerait des scores "
            "aléatoires."
        )


def load_detoxify(checkpoint: Path, config_dir: Path, device: str = "cpu") -> Any:
    """Detoxify's own loader on local files, its weights checked; returns the Detoxify object,
    with our checkpoint settings (if any) as its `community` attribute."""
    from detoxify import Detoxify

    _check_files(checkpoint, config_dir)
    buffer, fingerprints, ours = _read_checkpoint(checkpoint, config_dir)
    try:
        detoxify = Detoxify(
            checkpoint=buffer, device=device, huggingface_config_path=str(config_dir.resolve())
        )
    except (OSError, ValueError, TypeError, RuntimeError, AttributeError) as error:
        raise ModelError(f"Detoxify n'a pas pu charger {checkpoint} : {error}") from error
    del buffer
    _check_weights_loaded(detoxify.model, fingerprints, checkpoint)
    detoxify.community = ours
    return detoxify


def check_reference_scores(checkpoint: Path, scores: Sequence[Mapping[str, float]]) -> None:
    path = reference_path(checkpoint)
    if not path.is_file():
        raise ModelError(
            f"Scores de référence introuvables : {path}. Pour un checkpoint de confiance, "
            "créez-les avec `flask --app community model check --record`."
        )
    stored = json.loads(path.read_text(encoding="utf-8"))
    if stored.get("sentences") != list(REFERENCE_SENTENCES):
        raise ModelError(f"{path} ne porte pas sur les phrases de référence actuelles.")
    for sentence, expected, got in zip(REFERENCE_SENTENCES, stored["scores"], scores, strict=True):
        for label, value in expected.items():
            if abs(got.get(label, -1.0) - value) > REFERENCE_TOLERANCE:
                raise ModelError(
                    f"Le modèle {checkpoint} ne donne pas ses scores de référence "
                    f"({label} = {got.get(label)} au lieu de {value} pour « {sentence} ») : "
                    "ses poids ne se sont probablement pas chargés."
                )

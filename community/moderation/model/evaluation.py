"""`flask model evaluate`: the worker's exact path on a CSV of posts, and how well it did.

The input is a CSV file (UTF-8, comma-separated, a header line) with at least the columns
`id` and `text`, and optionally `lang` and `title`. Each row goes through what the worker
does to a submitted post: the form's text cleaning, the detectors, the model, the default
space policy (no watched words, the configured threshold for every label), the risk and
the urgent mark. One JSON line per row can be written:

    {"id": "…", "urgent": false, "risk": 0.12, "high_risk": false,
     "findings": [{"code": "phone", "severity": "flag", "weight": 0.8}],
     "scores": {"toxicity": 0.01, …}}

When the file also has label columns (`toxic`, `severe_toxicity`, `obscene`, `threat`,
`insult`, `identity_attack`, `crisis`, `pii`, `spam`, `misinfo`, each 0 or 1) and a `kind`
column (`benign`, `hard_benign`, `toxic`, `crisis`, `pii`, `spam`, `dangerous_advice`),
the report gives the ROC AUC of each label the model scores, the recall and false-flag
rates per kind, and the false urgent rate, overall and per language. These formats are a
public interface: columns may be added, none removed or renamed.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from community.moderation.model.corpus import KINDS, LABELS, MODEL_OUTPUTS
from community.moderation.model.scorers import LABELS as DETOXIFY_LABELS
from community.textscan import PERSONAL_DATA, SPAM

# Each corpus label, by the model output that scores it, and the other way round.
SCORED_BY = {label: output for output, label in MODEL_OUTPUTS.items()}
SCORED_BY_LABEL = dict(MODEL_OUTPUTS)
TOXICITY_OUTPUTS = DETOXIFY_LABELS
# The labels whose reason holds a post as an attack (swearing, obscene, is none).
ATTACK_OUTPUTS = tuple(label for label in DETOXIFY_LABELS if label != "obscene")
ADVICE_CODES = ("dangerous_advice", "misinfo_model")
MAX_ROWS = 1_000_000
MAX_FIELD = 1_000_000


class EvaluationError(ValueError):
    """The input file cannot be read; the message says where and why, in French."""


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    title: str | None = None
    lang: str = ""
    labels: dict[str, int] | None = None
    kind: str = ""


@dataclass(frozen=True)
class Prediction:
    id: str
    urgent: bool
    risk: float
    high_risk: bool
    findings: list[dict[str, Any]]
    scores: dict[str, float]

    @property
    def codes(self) -> set[str]:
        return {finding["code"] for finding in self.findings}

    def to_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "urgent": self.urgent,
                "risk": self.risk,
                "high_risk": self.high_risk,
                "findings": self.findings,
                "scores": self.scores,
            },
            ensure_ascii=False,
        )


def read_rows(source: TextIO) -> list[Row]:
    """The rows of an input CSV file; EvaluationError on a missing column or a bad value."""
    csv.field_size_limit(MAX_FIELD)
    reader = csv.DictReader(source)
    columns = set(reader.fieldnames or ())
    if not {"id", "text"} <= columns:
        raise EvaluationError(
            "Le fichier doit avoir une ligne d’en-tête avec au moins les colonnes id et text "
            f"(colonnes trouvées : {', '.join(sorted(columns)) or 'aucune'})."
        )
    labelled = [name for name in LABELS if name in columns]
    rows: list[Row] = []
    seen: set[str] = set()
    try:
        for number, record in enumerate(reader, 2):
            if len(rows) >= MAX_ROWS:
                raise EvaluationError(f"Plus de {MAX_ROWS} lignes : découpez le fichier.")
            identifier = (record.get("id") or "").strip()
            if not identifier:
                raise EvaluationError(f"Ligne {number} : la colonne id est vide.")
            if identifier in seen:
                raise EvaluationError(f"Ligne {number} : l’id « {identifier} » est déjà pris.")
            seen.add(identifier)
            labels = None
            if labelled:
                labels = {}
                for name in labelled:
                    value = (record.get(name) or "").strip()
                    if value not in ("0", "1"):
                        raise EvaluationError(
                            f"Ligne {number} : la colonne {name} vaut « {value} » "
                            "au lieu de 0 ou 1."
                        )
                    labels[name] = int(value)
            kind = (record.get("kind") or "").strip()
            if kind and kind not in KINDS:
                raise EvaluationError(
                    f"Ligne {number} : kind « {kind} » inconnu (attendu : {', '.join(KINDS)})."
                )
            rows.append(
                Row(
                    id=identifier,
                    text=record.get("text") or "",
                    title=(record.get("title") or None),
                    lang=(record.get("lang") or "").strip(),
                    labels=labels,
                    kind=kind,
                )
            )
    except csv.Error as error:
        raise EvaluationError(f"Ligne {reader.line_num} : CSV illisible ({error}).") from None
    return rows


def predict(
    rows: Sequence[Row],
    *,
    scorer: Any,
    default_threshold: float,
    batch_size: int = 32,
) -> Iterator[Prediction]:
    """Each row through the worker's path, in batches (the model scores a batch at once)."""
    from community.kernel.text import clean_text
    from community.moderation.scoring.assess import assess_post, scored_text, thresholds_for

    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        parts = [
            (clean_text(row.title) if row.title else None, clean_text(row.text)) for row in batch
        ]
        try:
            scores: list[dict[str, float]] | None = scorer.score(
                [scored_text(title, body) for title, body in parts]
            )
        except Exception:  # the worker keeps such posts unscored; so does the evaluation
            scores = None
        for index, (row, (title, body)) in enumerate(zip(batch, parts, strict=True)):
            values = dict(scores[index]) if scores is not None else None
            assessment, _checked = assess_post(
                title,
                body,
                values,
                thresholds=thresholds_for(values, None, default=default_threshold),
                signal_thresholds=getattr(scorer, "signal_thresholds", None),
            )
            yield Prediction(
                id=row.id,
                urgent=assessment.urgent,
                risk=assessment.risk,
                high_risk=assessment.high_risk,
                findings=[
                    {"code": f["code"], "severity": f["severity"], "weight": f["weight"]}
                    | ({"detail": f["detail"]} if f.get("detail") else {})
                    for f in assessment.findings
                ],
                scores=values or {},
            )


# --- The report --------------------------------------------------------------------------


@dataclass
class Rate:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def __str__(self) -> str:
        if not self.total:
            return "—"
        return f"{self.hits}/{self.total} ({100 * self.hits / self.total:.1f} %)"


@dataclass
class Report:
    rows: int
    # label -> language ("" for all) -> AUC (None with one class only)
    auc: dict[str, dict[str, float | None]] = field(default_factory=dict)
    # measure -> language -> Rate
    rates: dict[str, dict[str, Rate]] = field(default_factory=lambda: defaultdict(dict))
    languages: list[str] = field(default_factory=list)


# The report is read in French, like the command's other messages.
_KIND_NAMES = {"benign": "bénin", "hard_benign": "bénin difficile"}


# What each measure of the report counts: (name, the rows it is taken over, what counts).
def _measures(row: Row, p: Prediction, default_threshold: float) -> Iterator[tuple[str, bool]]:
    kind = row.kind
    # A toxicity label over the threshold where the post does not carry it: swearing at a
    # disease is rightly obscene, not a false flag for it.
    absent = {SCORED_BY_LABEL[output] for output in TOXICITY_OUTPUTS}
    if row.labels is not None:
        absent = {label for label in absent if row.labels.get(label) == 0}
    over = any(p.scores.get(SCORED_BY[label], 0.0) >= default_threshold for label in sorted(absent))
    if kind == "crisis":
        yield "crise : urgent", p.urgent
    if kind == "toxic":
        yield "toxique : risque élevé", p.high_risk
    if kind == "pii":
        yield "données personnelles : trouvées", bool(p.codes & set(PERSONAL_DATA))
    if kind == "spam":
        yield "publicité : trouvée (un lien seul ne compte pas)", bool(p.codes & set(SPAM))
    if kind == "dangerous_advice":
        yield "conseil dangereux : trouvé", bool(p.codes & set(ADVICE_CODES))
        yield "conseil dangereux : au-dessus d’un seuil de toxicité (modèle)", over
        yield (
            "conseil dangereux : tenu pour une attaque (raison donnée)",
            any(
                f["code"] == "high_score" and f.get("detail") in ATTACK_OUTPUTS for f in p.findings
            ),
        )
    if kind in ("benign", "hard_benign"):
        yield f"{_KIND_NAMES[kind]} : risque élevé (fausse alerte)", p.high_risk
        yield f"{_KIND_NAMES[kind]} : au-dessus d’un seuil de toxicité non dû (modèle)", over
    if (row.labels is not None and "crisis" in row.labels and not row.labels["crisis"]) or (
        row.labels is None and kind and kind != "crisis"
    ):
        yield "pas une crise : urgent (fausse urgence)", p.urgent


def report(
    rows: Sequence[Row], predictions: Sequence[Prediction], *, default_threshold: float
) -> Report:
    """AUC per scored label, and the rates per kind, overall and per language."""
    from sklearn.metrics import roc_auc_score

    result = Report(rows=len(rows))
    result.languages = sorted({row.lang for row in rows if row.lang})
    scopes = ["", *result.languages]
    for label, output in SCORED_BY.items():
        pairs = [
            (row, p) for row, p in zip(rows, predictions, strict=True)
            if row.labels is not None and label in row.labels and output in p.scores
        ]  # fmt: skip
        if not pairs:
            continue
        result.auc[label] = {}
        for scope in scopes:
            chosen = [(r, p) for r, p in pairs if not scope or r.lang == scope]
            truth = [r.labels[label] for r, _p in chosen if r.labels is not None]
            if len(set(truth)) < 2:
                result.auc[label][scope] = None
                continue
            scores = [p.scores[output] for _r, p in chosen]
            result.auc[label][scope] = float(roc_auc_score(truth, scores))
    for row, prediction in zip(rows, predictions, strict=True):
        for name, hit in _measures(row, prediction, default_threshold):
            for scope in ("", row.lang) if row.lang else ("",):
                result.rates[name].setdefault(scope, Rate()).add(hit)
    return result


def format_report(result: Report) -> str:
    """The report as a person reads it in a terminal."""
    scopes = ["", *result.languages]
    header = ["tout", *result.languages]
    lines = [f"{result.rows} messages évalués."]
    if result.auc:
        lines += ["", "ROC AUC par étiquette :", _table(["étiquette", *header], [
            [label, *(_auc(values.get(scope)) for scope in scopes)]
            for label, values in result.auc.items()
        ])]  # fmt: skip
    if result.rates:
        lines += ["", "Taux par sorte de message :", _table(["mesure", *header], [
            [name, *(str(values.get(scope, Rate())) for scope in scopes)]
            for name, values in sorted(result.rates.items())
        ])]  # fmt: skip
    return "\n".join(lines)


def _auc(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    rows = [list(header), *map(list, rows)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        )
        for row in rows
    )


def evaluate_file(
    path: Path,
    *,
    scorer: Any,
    default_threshold: float,
    output: Path | None = None,
) -> Report:
    """Read, predict, write the predictions if asked, and report."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as source:
            rows = read_rows(source)
    except UnicodeDecodeError:
        raise EvaluationError(f"{path} : le fichier n’est pas en UTF-8.") from None
    except EvaluationError as error:
        raise EvaluationError(f"{path} : {error}") from None
    # Opened before the posts are scored, so that a wrong path is told at once.
    try:
        out = output.open("w", encoding="utf-8", newline="\n") if output is not None else None
    except OSError:
        why = (
            f"le dossier {output.parent} n’existe pas"
            if output is not None and not output.parent.is_dir()
            else "vérifiez le chemin et les droits d’écriture"
        )
        raise EvaluationError(f"Impossible d’écrire {output} : {why}.") from None
    predictions = []
    with out if out is not None else nullcontext():
        for prediction in predict(rows, scorer=scorer, default_threshold=default_threshold):
            predictions.append(prediction)
            if out is not None:
                out.write(prediction.to_json() + "\n")
    return report(rows, predictions, default_threshold=default_threshold)


def rows_of(examples: Iterable[Any]) -> list[Row]:
    """Corpus or site examples as evaluation rows; a label unknown (-1) is left out."""
    return [
        Row(
            id=e.id,
            text=e.text,
            lang=e.lang,
            labels={name: value for name, value in e.labels.items() if value in (0, 1)},
            kind=e.kind,
        )
        for e in examples
    ]


def compare_models(
    before: Any, after: Any, site_held_out: Sequence[Any], *, default_threshold: float
) -> str:
    """ROC AUC of two models, side by side, on the corpus's test split and on the site's
    decisions kept out of training."""
    from community.moderation.model.corpus import load_corpus

    sets = [
        ("partie test du corpus", rows_of(e for e in load_corpus() if e.split == "test")),
        ("décisions du site gardées à part", rows_of(site_held_out)),
    ]
    lines = [f"Avant : {before.version} ; après : {after.version}"]
    for name, rows in sets:
        if not rows:
            continue
        results = []
        for scorer in (before, after):
            predictions = list(predict(rows, scorer=scorer, default_threshold=default_threshold))
            results.append(report(rows, predictions, default_threshold=default_threshold))
        labels = [
            label for label in SCORED_BY if label in results[0].auc or label in results[1].auc
        ]
        table = [
            [label, *(_auc(r.auc.get(label, {}).get("")) for r in results)] for label in labels
        ]
        lines += ["", f"ROC AUC, {name} ({len(rows)} messages) :"]
        lines.append(_table(["étiquette", "avant", "après"], table))
    return "\n".join(lines)

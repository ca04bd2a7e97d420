"""The labelled corpus: examples written as forum posts, the variants made from them, the splits.

`python -m community.moderation.model.corpus build` reads `corpus/written/*.jsonl`
(checked against the rules in `corpus/README.md`), assigns each family to train,
validation or test, derives variants, and writes `corpus/corpus.jsonl` and CSV files of
the validation and test splits, which `flask model evaluate` reads. The build is
deterministic: the same written files give the same bytes.

Splits are made by family, so that a post and its variants (or a template and its
rewrites) never straddle two splits, and within each language, kind and pattern, so that
every pattern of the policy is in every split. Variants take their added sentences and
joined posts from the same split only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

MODEL_DIR = Path(__file__).parent
CORPUS_DIR = MODEL_DIR / "corpus"
WRITTEN_DIR = CORPUS_DIR / "written"
CORPUS_PATH = CORPUS_DIR / "corpus.jsonl"

# The corpus's labels, named as the columns `flask model evaluate` reads.
LABELS = (
    "toxic",
    "severe_toxicity",
    "obscene",
    "threat",
    "insult",
    "identity_attack",
    "crisis",
    "pii",
    "spam",
    "misinfo",
)
# The model's outputs, by the corpus label they learn: Detoxify's six, then two of ours.
MODEL_OUTPUTS = {
    "toxicity": "toxic",
    "severe_toxicity": "severe_toxicity",
    "obscene": "obscene",
    "threat": "threat",
    "insult": "insult",
    "identity_attack": "identity_attack",
    "crisis": "crisis",
    "misinfo": "misinfo",
}
KINDS = ("benign", "hard_benign", "toxic", "crisis", "pii", "spam", "dangerous_advice")
# The label a kind's examples must carry.
KIND_LABEL = {
    "toxic": "toxic",
    "crisis": "crisis",
    "pii": "pii",
    "spam": "spam",
    "dangerous_advice": "misinfo",
}
PATTERNS = {
    "benign": "question experience support_reply news_update lifestyle greeting_thanks venting"
    " caregiver practical humor",
    "hard_benign": "swearing_at_disease swearing_at_self identity_self medical_vocabulary"
    " device_idiom quoted_abuse recovery_story civil_criticism disagreement help_line_info"
    " end_of_life assisted_dying_debate figurative_death side_effect_question negated_crisis"
    " accidental_injury volunteer_listener product_talk name_alone health_link"
    " treatment_choice reclaimed_word",
    "toxic": "insult long_insult sincerity_attack mockery obfuscated_abuse group_claim slur"
    " threat veiled_threat doxxing inciting_suicide death_wish harassment",
    "crisis": "passive_ideation active_ideation veiled burden conditional plan_means"
    " stop_treatment_to_die farewell self_harm relative_at_risk",
    "pii": "phone phone_obfuscated email email_spelled nir iban address birth_date full_name_place",
    "spam": "selling recruitment promo_code private_message_product miracle_cure_sales"
    " affiliate_link price_listing sms_selling english_selling",
    "dangerous_advice": "stop_treatment refuse_treatment replace_treatment chemicals"
    " cure_promise testimony inciting_question",
}
PATTERN_SETS = {kind: frozenset(names.split()) for kind, names in PATTERNS.items()}
SPLITS = ("train", "validation", "test")
WRITTEN_SOURCES = ("written", "composed", "template")
TEST_SHARE = 0.15
VALIDATION_SHARE = 0.15
SEED = "corpus-2026"


class CorpusError(ValueError):
    """A written example breaks a rule; the message says where and which."""


@dataclass(frozen=True)
class Example:
    id: str
    family: str
    lang: str
    kind: str
    pattern: str
    text: str
    labels: dict[str, int]
    # "written" by hand as a forum post ("composed" of written pieces, or made from a
    # "template", in an older corpus), or a variant made from one: "obfuscated",
    # "added_sentence", "joined", "shouted".
    source: str = "written"
    split: str = ""
    # Only in written files made from an older corpus: the split it must keep.
    forced_split: str = field(default="", compare=False)

    def label_vector(self, names: Sequence[str] = LABELS) -> list[int]:
        return [self.labels[name] for name in names]

    def to_json(self) -> str:
        row = {
            "id": self.id,
            "family": self.family,
            "lang": self.lang,
            "kind": self.kind,
            "pattern": self.pattern,
            "source": self.source,
            "split": self.split,
            "labels": {name: self.labels[name] for name in LABELS},
            "text": self.text,
        }
        return json.dumps(row, ensure_ascii=False)


# --- Reading and checking written examples ---------------------------------------------


def check(row: dict[str, object], where: str) -> Example:
    """The example a written row describes, or CorpusError saying which rule it breaks."""
    keys = {"id", "family", "lang", "kind", "pattern", "text", "labels"}
    if missing := keys - set(row):
        raise CorpusError(f"{where}: missing {sorted(missing)}")
    if extra := set(row) - keys - {"split", "source"}:
        raise CorpusError(f"{where}: unknown keys {sorted(extra)}")
    kind, pattern, lang = str(row["kind"]), str(row["pattern"]), str(row["lang"])
    labels = row["labels"]
    if lang not in ("fr", "en"):
        raise CorpusError(f"{where}: lang must be fr or en")
    if kind not in PATTERN_SETS:
        raise CorpusError(f"{where}: unknown kind {kind!r}")
    if pattern not in PATTERN_SETS[kind]:
        raise CorpusError(f"{where}: pattern {pattern!r} is not one of kind {kind!r}")
    if not isinstance(labels, dict) or set(labels) != set(LABELS):
        raise CorpusError(f"{where}: labels must be exactly {', '.join(LABELS)}")
    if any(value not in (0, 1) for value in labels.values()):
        raise CorpusError(f"{where}: labels are 0 or 1")
    attack = ("insult", "threat", "identity_attack", "severe_toxicity")
    if any(labels[name] for name in attack) and not labels["toxic"]:
        raise CorpusError(f"{where}: insult, threat, identity_attack, severe imply toxic")
    if kind in ("benign", "hard_benign"):
        allowed = {"obscene"} if kind == "hard_benign" else set()
        if flagged := [name for name, value in labels.items() if value and name not in allowed]:
            raise CorpusError(f"{where}: {kind} with labels {flagged}")
    if kind in KIND_LABEL and not labels[KIND_LABEL[kind]]:
        raise CorpusError(f"{where}: kind {kind} needs {KIND_LABEL[kind]} = 1")
    if pattern == "inciting_suicide" and (labels["crisis"] or not labels["severe_toxicity"]):
        raise CorpusError(f"{where}: inciting someone else is toxic + severe, not crisis")
    text = str(row["text"])
    if not text.strip():
        raise CorpusError(f"{where}: empty text")
    forced = str(row.get("split", ""))
    if forced not in ("", "train", "validation"):
        raise CorpusError(f"{where}: a written split is train or validation")
    # An older corpus also had examples made from templates, or from written pieces.
    source = str(row.get("source", "written"))
    if source not in ("written", "composed", "template"):
        raise CorpusError(f"{where}: source is written, composed or template")
    return Example(
        id=str(row["id"]),
        family=str(row["family"]),
        lang=lang,
        kind=kind,
        pattern=pattern,
        text=text,
        labels={name: int(labels[name]) for name in LABELS},
        source=source,
        forced_split=forced,
    )


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def load_written(folder: Path = WRITTEN_DIR) -> list[Example]:
    """Every written example, in file then line order; CorpusError on the first broken rule."""
    examples: list[Example] = []
    ids: set[str] = set()
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                where = f"{path.name}:{number}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise CorpusError(f"{where}: not JSON ({error})") from None
                example = check(row, where)
                if example.id in ids:
                    raise CorpusError(f"{where}: id {example.id} is used twice")
                if (seen := texts.get(_normal(example.text))) is not None:
                    raise CorpusError(f"{where}: same text as {seen}")
                ids.add(example.id)
                texts[_normal(example.text)] = example.id
                examples.append(example)
    return examples


# --- Splits ----------------------------------------------------------------------------


def rank(key: str) -> str:
    return hashlib.sha256(f"{SEED}:{key}".encode()).hexdigest()


def assign_splits(examples: Iterable[Example]) -> dict[str, str]:
    """Each family's split. Families of an older corpus keep theirs; the others are shared
    out within each language, kind and pattern, in the order of a hash of their name:
    15 % test, 15 % validation (at least one each where the group has four or more)."""
    forced: dict[str, str] = {}
    groups: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for example in examples:
        if example.forced_split:
            forced[example.family] = example.forced_split
        else:
            groups[(example.lang, example.kind, example.pattern)].add(example.family)
    splits = dict(forced)
    for _group, families in sorted(groups.items()):
        ordered = sorted(families - forced.keys(), key=rank)
        count = len(ordered)
        tests = round(count * TEST_SHARE)
        validations = round(count * VALIDATION_SHARE)
        if count >= 4:
            tests, validations = max(tests, 1), max(validations, 1)
        for index, family in enumerate(ordered):
            if index < tests:
                splits[family] = "test"
            elif index < tests + validations:
                splits[family] = "validation"
            else:
                splits[family] = "train"
    return splits


# --- Building and loading ----------------------------------------------------------------


def build(written: Path = WRITTEN_DIR, out: Path = CORPUS_DIR) -> Counter[tuple[str, str, str]]:
    """Write corpus.jsonl and the two CSV files; returns counts by (split, lang, source)."""
    examples = load_written(written)
    splits = assign_splits(examples)
    examples = [replace(e, split=splits[e.family]) for e in examples]
    from community.moderation.model.variants import variants

    everything = examples + variants(examples)
    everything.sort(key=lambda e: (SPLITS.index(e.split), e.lang, e.kind, e.id))
    out.mkdir(parents=True, exist_ok=True)
    with (out / CORPUS_PATH.name).open("w", encoding="utf-8", newline="\n") as lines:
        for example in everything:
            lines.write(example.to_json() + "\n")
    # The held-out splits as CSV, ready for `flask model evaluate --input`.
    for split in ("validation", "test"):
        write_csv([e for e in everything if e.split == split], out / f"{split}.csv")
    return Counter(
        (e.split, e.lang, "written" if e.source in WRITTEN_SOURCES else "variant")
        for e in everything
    )


def write_csv(examples: Iterable[Example], path: Path) -> None:
    """Examples in the input format of `flask model evaluate`: id, lang, text, labels, kind."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "lang", "text", *LABELS, "kind", "pattern"])
        for e in examples:
            writer.writerow([e.id, e.lang, e.text, *e.label_vector(), e.kind, e.pattern])


def load_corpus(path: Path = CORPUS_PATH) -> list[Example]:
    """The built corpus, every example with its split."""
    examples = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            examples.append(
                Example(
                    id=row["id"],
                    family=row["family"],
                    lang=row["lang"],
                    kind=row["kind"],
                    pattern=row["pattern"],
                    text=row["text"],
                    labels={name: int(row["labels"][name]) for name in LABELS},
                    source=row["source"],
                    split=row["split"],
                )
            )
    return examples


def summary(examples: Sequence[Example]) -> str:
    """Counts a person reads: per split and language, written and variants, and per kind."""
    lines = [f"{len(examples)} examples"]
    by_split = Counter((e.split, e.lang, e.source in WRITTEN_SOURCES) for e in examples)
    for split in SPLITS:
        for lang in ("fr", "en"):
            lines.append(
                f"  {split:<10} {lang}: {by_split[(split, lang, True)]:>5} written, "
                f"{by_split[(split, lang, False)]:>5} variants"
            )
    kinds = Counter(e.kind for e in examples)
    lines.append("  " + ", ".join(f"{kind} {kinds[kind]}" for kind in KINDS))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="check written/, write corpus.jsonl and the CSV files")
    sub.add_parser("check", help="check written/ only")
    args = parser.parse_args(argv)
    if args.command == "check":
        print(f"{len(load_written())} written examples, all valid")
        return
    build()
    print(summary(load_corpus()))


if __name__ == "__main__":
    main()

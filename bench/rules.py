"""The rules alone (community/textscan) on the corpus: recall and false flags, per pattern.

    .venv/bin/python bench/rules.py crisis|pii|spam|advice [--split train,validation]
                                    [--written fr7,en4] [--misses 15] [--false-flags 15]

For one family of rules it prints, per language, kind and pattern, how many of the posts
labelled with its signal the rules find (recall), and how many other posts they fire on
(false flags), then examples of both. `--written fr7,en4` keeps only the posts written in
those files (no variants): how the rules do on phrasings they were or were not written
for. Reads the built corpus (`python -m community.moderation.model.corpus build` after a
written file changes). The test split is refused: its figures are taken once, on the
whole worker path, by `flask --app community model evaluate`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from community.moderation.model.corpus import load_corpus
from community.textscan import CRISIS, DANGEROUS_ADVICE, PERSONAL_DATA, SPAM, scan

# Each family: the codes its rules emit, and the corpus label they should find.
FAMILIES = {
    "crisis": (frozenset(CRISIS), "crisis"),
    "pii": (frozenset(PERSONAL_DATA), "pii"),
    "spam": (frozenset(SPAM), "spam"),
    "advice": (frozenset(DANGEROUS_ADVICE), "misinfo"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("family", choices=FAMILIES)
    parser.add_argument("--split", default="train,validation")
    parser.add_argument("--written", help="only posts of these written files, e.g. fr7,en4")
    parser.add_argument("--misses", type=int, default=15, help="misses to print")
    parser.add_argument("--false-flags", type=int, default=15, help="false flags to print")
    args = parser.parse_args()
    codes, label = FAMILIES[args.family]
    splits = set(args.split.split(","))
    if "test" in splits:
        sys.exit("The test split is measured once, by `flask model evaluate`, not here.")
    tags = {f"-{tag}-" for tag in args.written.split(",")} if args.written else None
    examples = [
        e
        for e in load_corpus()
        if e.split in splits
        and (tags is None or (e.source == "written" and any(t in e.id for t in tags)))
    ]
    found_of: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    flagged_of: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses, false_flags = [], []
    started = time.perf_counter()
    for example in examples:
        folded, hits = scan(example.text)
        spans = [folded.original_slice(h.start, h.end) for h in hits if h.code in codes]
        key = (example.lang, example.kind, example.pattern)
        counts = found_of[key] if example.labels[label] else flagged_of[key]
        counts[1] += 1
        if spans:
            counts[0] += 1
            if not example.labels[label]:
                false_flags.append((example, spans))
        elif example.labels[label]:
            misses.append(example)
    elapsed = time.perf_counter() - started

    found = sum(v[0] for v in found_of.values())
    positives = sum(v[1] for v in found_of.values())
    flagged = sum(v[0] for v in flagged_of.values())
    others = sum(v[1] for v in flagged_of.values())
    print(
        f"{len(examples)} posts in {elapsed:.1f} s; recall {found}/{positives} "
        f"= {found / max(positives, 1):.1%}; false flags {flagged}/{others} "
        f"= {flagged / max(others, 1):.2%}"
    )
    print("recall by pattern:")
    for key in sorted(found_of):
        print(f"  {'/'.join(key):45} {found_of[key][0]:>4}/{found_of[key][1]:<4}")
    print("false flags by pattern (where there are any):")
    for key in sorted(flagged_of):
        if flagged_of[key][0]:
            print(f"  {'/'.join(key):45} {flagged_of[key][0]:>4}/{flagged_of[key][1]:<4}")
    print(f"\n--- misses (first {args.misses})")
    for example in misses[: args.misses]:
        print(f"[{example.id} {example.pattern}] {example.text}\n")
    print(f"\n--- false flags (first {args.false_flags})")
    for example, spans in false_flags[: args.false_flags]:
        print(f"[{example.id} {example.kind}/{example.pattern}] {spans} :: {example.text}\n")


if __name__ == "__main__":
    main()

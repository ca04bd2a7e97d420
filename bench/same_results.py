"""Same results before and after a speed-up: every finding and every score, tree against tree.

The detectors' findings (kind, code, severity, spans, detail, field), the model's scores
and the weighed risk of every example of the corpus (train, validation and test) and of
every post of the demo, computed with this tree's code and with a reference commit's
code, in a git worktree under bench/work/; both read this tree's shipped model, so that
only the code is compared. Prints what differs and exits 1 if anything does.

    .venv/bin/python bench/same_results.py [--against main] [--limit N]

Findings must be identical; scores may differ by at most 1e-5 (the order of additions in
a padded batch). The reference's results are kept in bench/work/same-results/, by commit
and model, so a second run only computes this tree's.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch starts

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "same-results"
CORPUS = ROOT / "community" / "moderation" / "model" / "corpus" / "corpus.jsonl"
MODEL_DIR = ROOT / "community" / "moderation" / "model" / "dev"
CHECKPOINT = MODEL_DIR / "toxicity-dev.ckpt"
TOLERANCE = 1e-5
# The worker scores the posts it claims in batches of this many.
BATCH = 32

# Run in a tree's code (first on the import path): findings, scores and risk of every post.
CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from community.moderation.model.scorers import DetoxifyScorer
from community.moderation.scoring.assess import assess_post, findings_for, scored_text
from community.moderation.scoring.assess import thresholds_for
from community.moderation.scoring.detectors import WatchedWord

posts = json.loads(open(sys.argv[2], encoding="utf-8").read())
checkpoint, config_dir, batch = sys.argv[3], sys.argv[4], int(sys.argv[6])
scorer = DetoxifyScorer(checkpoint, config_dir, threads=2)
started = time.perf_counter()
scores = []
texts = [scored_text(post["title"], post["body"]) for post in posts]
for start in range(0, len(texts), batch):
    scores.extend(scorer.score(texts[start : start + batch]))
scored = time.perf_counter()
out = []
for post, values in zip(posts, scores, strict=True):
    words = tuple(WatchedWord(word, action) for word, action in post["watched"])
    findings = findings_for(post["title"], post["body"], words)
    assessment, _checked = assess_post(
        post["title"], post["body"], values,
        thresholds=thresholds_for(values, None, default=0.5),
        signal_thresholds=scorer.signal_thresholds, watched_words=words,
    )
    out.append({"id": post["id"], "scores": values, "findings": findings,
                "risk": assessment.risk, "urgent": assessment.urgent})
done = time.perf_counter()
with open(sys.argv[5], "w", encoding="utf-8") as file:
    json.dump({"results": out, "model_s": scored - started, "rest_s": done - scored}, file,
              ensure_ascii=False)
"""


def corpus_posts(limit: int | None) -> list[dict]:
    posts = []
    with CORPUS.open(encoding="utf-8") as file:
        for line in file:
            row = json.loads(line)
            posts.append(
                {
                    "id": f"corpus:{row['split']}:{row['id']}:{len(posts)}",
                    "title": None,
                    "body": row["text"],
                    "watched": [],
                }
            )
    return posts[:limit] if limit else posts


def demo_posts() -> list[dict]:
    """Every post of a freshly seeded demo, as the worker would read it: (title, body) and
    its space's watched words."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from community import create_app
    from community.extensions import db
    from community.forums.models import Post, Thread
    from community.moderation.policy import services as space_policy
    from community.moderation.scoring.services import parts_to_score

    folder = Path(tempfile.mkdtemp(prefix="same-results-demo-"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SEARCH_BACKEND": "null",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite'}",
            "MAIL_BACKEND": "locmem",
            "RATELIMIT_ENABLED": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
            "SELFDATA_KEYS": "k3yFdvbDH7rFNmQ2BRyKsdUjd9Hh0FzBMGlPRHk2yLU=",
        }
    )
    result = app.test_cli_runner().invoke(args=["demo"])
    if result.exit_code:
        sys.exit(f"demo failed:\n{result.output}")
    with app.app_context():
        session = db.session()
        posts = session.scalars(select(Post).join(Thread).order_by(Post.id)).all()
        parts = parts_to_score(session, posts)
        space_of = {post.id: post.thread.space_id for post in posts}
        words = space_policy.detector_words(session, space_ids=space_of.values())
        return [
            {
                "id": f"demo:{post.id}",
                "title": title,
                "body": body,
                "watched": [list(word) for word in words.get(space_of[post.id], ())],
            }
            for post, (title, body) in zip(posts, parts, strict=True)
        ]


def run(tree: Path, inputs: Path, out: Path) -> dict:
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(tree),
            str(inputs),
            str(CHECKPOINT),
            str(MODEL_DIR),
            str(out),
            str(BATCH),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=str(tree),
    )
    if done.returncode:
        sys.exit(f"failed in {tree}:\n{done.stderr[-3000:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    print(
        f"{tree}: {time.monotonic() - started:.0f} s (model {data['model_s']:.0f} s, "
        f"detectors and risk {data['rest_s']:.0f} s)"
    )
    return data


def reference_tree(ref: str) -> tuple[Path, str]:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", ref], check=True, capture_output=True, text=True
    ).stdout.strip()
    folder = ROOT / "bench" / "work" / f"reference-{commit[:10]}"
    if not folder.exists():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), commit],
            check=True,
            capture_output=True,
        )
    return folder, commit


def differences(old: list[dict], new: list[dict]) -> list[str]:
    found = []
    for a, b in zip(old, new, strict=True):
        where = a["id"]
        if a["findings"] != b["findings"]:
            found.append(f"{where}: findings {a['findings']} → {b['findings']}")
        if a["scores"].keys() != b["scores"].keys():
            found.append(f"{where}: labels {sorted(a['scores'])} → {sorted(b['scores'])}")
            continue
        drift = max(abs(a["scores"][k] - b["scores"][k]) for k in a["scores"])
        if drift > TOLERANCE:
            found.append(f"{where}: scores move by {drift:.2e}")
        if abs(a["risk"] - b["risk"]) > TOLERANCE or a["urgent"] != b["urgent"]:
            found.append(
                f"{where}: risk {a['risk']} → {b['risk']}, urgent {a['urgent']} → {b['urgent']}"
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", default="main", help="the reference commit")
    parser.add_argument("--limit", type=int, help="only the first N corpus examples")
    parser.add_argument("--no-demo", action="store_true", help="the corpus only")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    posts = corpus_posts(args.limit) + ([] if args.no_demo else demo_posts())
    inputs = WORK / "inputs.json"
    inputs.write_text(json.dumps(posts, ensure_ascii=False), encoding="utf-8")
    print(f"{len(posts)} posts ({sum(p['id'].startswith('demo:') for p in posts)} from the demo)")
    tree, commit = reference_tree(args.against)
    key = hashlib.sha256(
        inputs.read_bytes() + CHECKPOINT.read_bytes() + commit.encode()
    ).hexdigest()[:16]
    kept = WORK / f"reference-{key}.json"
    old = (
        json.loads(kept.read_text(encoding="utf-8")) if kept.exists() else run(tree, inputs, kept)
    )["results"]
    new = run(ROOT, inputs, WORK / "this-tree.json")["results"]
    found = differences(old, new)
    findings = sum(len(result["findings"]) for result in new)
    drift = max(
        (
            abs(a["scores"][k] - b["scores"][k])
            for a, b in zip(old, new, strict=True)
            for k in a["scores"].keys() & b["scores"].keys()
        ),
        default=0.0,
    )
    print(
        f"against {args.against} ({commit[:10]}): {len(new)} posts, {findings} findings, "
        f"largest score change {drift:.1e}, {len(found)} difference(s)"
    )
    for line in found[:40]:
        print("  " + line)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()

"""Text analysis on hostile posts: every detector stays linear in the length of a post.

For each hostile pattern, the time to normalise and scan 10 kB and 100 kB of it, and the
ratio (about 10 for linear time, 100 for quadratic). Printed, never asserted.

    .venv/bin/python bench/textscan.py
"""

from __future__ import annotations

import sys
import time
from itertools import islice, product
from pathlib import Path
from string import ascii_lowercase

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from community.textscan import scan  # noqa: E402

PIECES = {
    "letters": "a",
    "digits": "0",
    "digits and spaces": "0 ",
    "phone pairs": "06 12 ",
    "spaced letters": "c o n ",
    "dotted letters": "a.",
    "stars": "a*",
    "at signs": "a@",
    "spelled dots": "a point ",
    "links": "http://",
    "www": "www.",
    "streets": "12 rue ",
    "wish to die": "je veux mourir ",
    "negations": "ne pas ",
    "relatives": "ma fille vient de ",
    "stop insulin": "arrête ton insuline ",
    "prices": "29,90 € ",
    "promo codes": "SANTE20 ",
    "names": "Sophie Marchand à Lyon. ",
    "sms": "jsuis ",
    "emoji": "😊",
    "newlines": "\n",
    # Words that open many patterns (each is tried at every one of them), elisions, and
    # a word no pattern opens: the places a pattern may start are found word by word.
    "je veux": "je veux ",
    "elisions": "j'ai l'ai d'en ",
    "i am": "i am ",
    "unknown word": "zwxq ",
}


def distinct_words(size: int) -> str:
    """`size` characters of words never seen before (a fresh start for each size)."""
    words = ("".join(letters) for letters in product(ascii_lowercase, repeat=4))
    offset = {10_000: 0, 100_000: 3_000}.get(size, 0)
    text = " ".join(islice(words, offset, offset + size // 5 + 1))
    return text[:size]


def seconds(text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        scan(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    print(f"{'pattern':<20} {'10 kB ms':>9} {'100 kB ms':>10} {'ratio':>6}")
    worst = 0.0
    for name, piece in PIECES.items():
        small = piece * (10_000 // len(piece))
        large = piece * (100_000 // len(piece))
        a, b = seconds(small), seconds(large)
        worst = max(worst, b)
        print(f"{name:<20} {a * 1000:>9.1f} {b * 1000:>10.1f} {b / max(a, 1e-6):>6.1f}")
    # Words no post held before: each is learned once (the first run of each size).
    small, large = distinct_words(10_000), distinct_words(100_000)
    a, b = seconds(small, repeat=1), seconds(large, repeat=1)
    worst = max(worst, b)
    print(f"{'new words':<20} {a * 1000:>9.1f} {b * 1000:>10.1f} {b / max(a, 1e-6):>6.1f}")
    print(f"slowest 100 kB post: {worst * 1000:.0f} ms")


if __name__ == "__main__":
    main()

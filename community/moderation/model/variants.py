"""Variants of the written examples: disguised spellings, an ordinary sentence added, posts
joined, shouting. Each stays in its example's split and family, and draws what it adds
from that split only, so that no text of the test split is seen in training."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from community.moderation.model.corpus import WRITTEN_SOURCES, Example, rank

_SENTENCE = re.compile(r"[^.!?\n]{12,200}[.!?]+")
_WORD = re.compile(r"[^\W\d_]{3,}")
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}


def _fold_word(word: str) -> str:
    from community.textscan.normalize import fold_chars

    return fold_chars(word).folded


def _obfuscate(word: str, rng: random.Random) -> str:
    """One way people disguise a word; some the normaliser undoes, some it cannot."""
    way = rng.choice(
        ("leet", "spaced", "dotted", "starred", "repeated", "mixed_case", "swapped", "dropped")
    )
    letters = list(word)
    inner = range(1, len(letters) - 1) if len(letters) > 2 else range(len(letters))
    if way == "leet":
        positions = [i for i, c in enumerate(letters) if c.lower() in _LEET]
        for i in rng.sample(positions, min(len(positions), 2)):
            letters[i] = _LEET[letters[i].lower()]
        return "".join(letters)
    if way == "spaced":
        return " ".join(letters)
    if way == "dotted":
        return ".".join(letters)
    if way == "starred":
        vowels = [i for i in inner if letters[i].lower() in "aeiouy"] or list(inner)
        for i in rng.sample(vowels, min(len(vowels), 1 + (len(vowels) > 2))):
            letters[i] = "*"
        return "".join(letters)
    if way == "repeated":
        i = rng.choice(list(inner))
        letters[i] = letters[i] * rng.randint(3, 6)
        return "".join(letters)
    if way == "mixed_case":
        return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(letters))
    if way == "swapped" and len(letters) > 3:
        i = rng.choice(list(range(1, len(letters) - 2)))
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
        return "".join(letters)
    if len(letters) > 4:  # dropped: a letter left out
        del letters[rng.choice(list(inner))]
    return "".join(letters)


def _key_words(example: Example) -> list[re.Match[str]]:
    """The words of the text a person would disguise: abuse, or else crisis and selling words."""
    from community.textscan.lexicon import ABUSIVE, WORDS

    words = list(_WORD.finditer(example.text))
    abusive = [m for m in words if _fold_word(m.group()) in ABUSIVE]
    if abusive:
        return abusive
    return [m for m in words if len(m.group()) >= 4 and _fold_word(m.group()) in WORDS]


def _sentences(examples: Iterable[Example]) -> dict[tuple[str, str], list[str]]:
    """Ordinary sentences of benign posts, by (language, split)."""
    pool: dict[tuple[str, str], list[str]] = defaultdict(list)
    for example in examples:
        if example.kind == "benign" and example.source in WRITTEN_SOURCES:
            for match in _SENTENCE.finditer(example.text):
                sentence = match.group().strip()
                if 4 <= len(sentence.split()) <= 30:
                    pool[(example.lang, example.split)].append(sentence)
    return pool


def _benign_posts(examples: Iterable[Example]) -> dict[tuple[str, str], list[Example]]:
    pool: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for example in examples:
        if example.kind == "benign" and example.source in WRITTEN_SOURCES:
            pool[(example.lang, example.split)].append(example)
    return pool


# How many variants of each kind, of each way: a share of the written examples.
_PLAN = {
    "toxic": {"obfuscated": 1.0, "added_sentence": 0.7, "joined": 0.3},
    "crisis": {"obfuscated": 0.4, "added_sentence": 0.8, "joined": 0.3},
    "pii": {"added_sentence": 0.3, "joined": 0.2},
    "spam": {"obfuscated": 0.3, "added_sentence": 0.3},
    "dangerous_advice": {"added_sentence": 0.5, "joined": 0.2},
    "hard_benign": {"joined": 0.2, "shouted": 0.1},
    "benign": {"joined": 0.1, "shouted": 0.1},
}


def variants(examples: Sequence[Example]) -> list[Example]:
    """Variants of the written examples (split already set), each in its family's split."""
    sentences = _sentences(examples)
    benign = _benign_posts(examples)
    made: list[Example] = []
    for example in examples:
        if example.forced_split:
            continue  # an older corpus's examples are kept as they were
        rng = random.Random(rank(example.id))
        for way, share in _PLAN.get(example.kind, {}).items():
            if rng.random() >= share:
                continue
            text = _variant_text(example, way, rng, sentences, benign)
            if text is None or text == example.text:
                continue
            made.append(replace(example, id=f"{example.id}~{way}", text=text, source=way))
    return made


def _variant_text(
    example: Example,
    way: str,
    rng: random.Random,
    sentences: dict[tuple[str, str], list[str]],
    benign: dict[tuple[str, str], list[Example]],
) -> str | None:
    text = example.text
    pool_key = (example.lang, example.split)
    if way == "obfuscated":
        words = _key_words(example)
        if not words:
            return None
        chosen = sorted(
            rng.sample(words, min(len(words), rng.randint(1, 2))), key=lambda m: m.start()
        )
        pieces, previous = [], 0
        for match in chosen:
            pieces += [text[previous : match.start()], _obfuscate(match.group(), rng)]
            previous = match.end()
        return "".join(pieces) + text[previous:]
    if way == "added_sentence":
        pool = sentences.get(pool_key)
        if not pool:
            return None
        added = " ".join(rng.sample(pool, min(len(pool), rng.randint(1, 2))))
        return f"{added} {text}" if rng.random() < 0.5 else f"{text} {added}"
    if way == "joined":
        others = [e for e in benign.get(pool_key, ()) if e.id != example.id]
        if not others:
            return None
        other = rng.choice(others).text
        return f"{other}\n\n{text}" if rng.random() < 0.5 else f"{text}\n\n{other}"
    if way == "shouted":
        return text.upper() if len(text) < 300 else None
    raise ValueError(way)

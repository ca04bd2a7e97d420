"""What the model reads: the normalised text, cut into windows of whole sentences.

Our development model scores each window of a post on its own and keeps, per output, the
highest score: one insult, one threat or one sentence of despair makes the post's score,
however much ordinary talk surrounds it (a model that reads the whole post at once lets
a friendly paragraph drown the one sentence that matters). It is trained the same way
(training.py). Other checkpoints, such as Detoxify's own, read the post whole, its
beginning and its end kept when it is too long.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

MAX_TOKENS = 256
WINDOW_TOKENS = 64
MAX_WINDOWS = 16
# What the model reads, recorded in the checkpoint for the scorer: "fold" (lower case,
# no accents, disguised words written out) or "light" (the same words, case and accents
# kept: what a model trained on natural text, like Detoxify's own, reads best).
NORMALIZATION = "fold"

_SENTENCE_END = re.compile(r"(?<=[.!?…;:)])\s+|\n+|(?<=[\U0001F300-\U0001FAFF])\s+")


def model_inputs(texts: Sequence[str], normalization: str = NORMALIZATION) -> list[str]:
    """The texts as the model reads them."""
    from community.textscan.normalize import model_text

    light = normalization == "light"
    return [model_text(text, keep_case_and_accents=light) for text in texts]


def _clip(text: str, chars: int) -> str:
    """Monstrous posts cut before tokenizing: their beginning and their end."""
    return text if len(text) <= 2 * chars else text[:chars] + "\n" + text[-chars:]


def token_ids(tokenizer: Any, texts: Sequence[str]) -> list[list[int]]:
    """Each text's token ids, without special tokens, as `tokenizer(texts)` gives them.

    Straight from the Rust tokenizer behind a fast one, when nothing is set on it that
    the call would undo (truncation, padding): Transformers' call also builds offsets,
    masks and type ids that are never read here, a third of the time of tokenizing.
    """
    backend: Any = getattr(tokenizer, "backend_tokenizer", None)
    encode_fast = getattr(backend, "encode_batch_fast", None)
    if encode_fast is None or backend.truncation is not None or backend.padding is not None:
        found = tokenizer(list(texts), add_special_tokens=False, truncation=False, verbose=False)
        return list(found["input_ids"])
    return [encoding.ids for encoding in encode_fast(list(texts), add_special_tokens=False)]


def encode(tokenizer: Any, texts: Sequence[str], max_tokens: int = MAX_TOKENS) -> list[list[int]]:
    """Token ids with [CLS] and [SEP]; a text too long keeps its beginning and its end, where
    a greeting aside the attack, or the attack after a long story, usually sits."""
    room = max_tokens - 2
    clipped = [_clip(t, room * 12) for t in texts]
    head = (room + 1) // 2
    out = []
    for tokens in token_ids(tokenizer, clipped):
        if len(tokens) > room:
            tokens = tokens[:head] + tokens[len(tokens) - (room - head) :]
        out.append([tokenizer.cls_token_id, *tokens, tokenizer.sep_token_id])
    return out


def windows(
    tokenizer: Any,
    texts: Sequence[str],
    *,
    size: int = WINDOW_TOKENS,
    limit: int = MAX_WINDOWS,
) -> list[list[list[int]]]:
    """Each text as windows of at most `size` tokens ([CLS] … [SEP]), each made of whole
    sentences where they fit; a sentence longer than a window is read in windows that
    overlap by half. A text with more than `limit` windows keeps its first and last ones."""
    room = size - 2
    sentences = []
    for text in texts:
        parts = [
            part for part in _SENTENCE_END.split(_clip(text, size * limit * 6)) if part.strip()
        ]
        sentences.append(parts or [text])
    flat = [sentence for parts in sentences for sentence in parts]
    ids = token_ids(tokenizer, flat)
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    out: list[list[list[int]]] = []
    position = 0
    for parts in sentences:
        chunks: list[list[int]] = []
        current: list[int] = []
        for tokens in ids[position : position + len(parts)]:
            if len(tokens) > room:
                if current:
                    chunks.append(current)
                    current = []
                step = max(room // 2, 1)
                last = max(len(tokens) - room, 0)
                starts = [*range(0, last, step), last]
                chunks.extend(tokens[start : start + room] for start in starts)
            elif len(current) + len(tokens) > room:
                chunks.append(current)
                current = list(tokens)
            else:
                current.extend(tokens)
        position += len(parts)
        if current or not chunks:
            chunks.append(current)
        if len(chunks) > limit:
            chunks = chunks[: limit // 2] + chunks[len(chunks) - (limit - limit // 2) :]
        out.append([[cls, *chunk, sep] for chunk in chunks])
    return out


# --- Reading windows with the model ----------------------------------------------------


def padded(encoded: Sequence[list[int]], pad: int) -> tuple[Any, Any]:
    import torch

    width = max(len(x) for x in encoded)
    ids = torch.full((len(encoded), width), pad, dtype=torch.long)
    mask = torch.zeros((len(encoded), width), dtype=torch.long)
    for row, tokens in enumerate(encoded):
        ids[row, : len(tokens)] = torch.tensor(tokens)
        mask[row, : len(tokens)] = 1
    return ids, mask


def post_logits(model: Any, posts: Sequence[Sequence[list[int]]], pad: int) -> Any:
    """Each post's logits: the highest of its windows', output by output."""
    import torch

    flat = [window for post in posts for window in post]
    ids, mask = padded(flat, pad)
    logits = model(input_ids=ids, attention_mask=mask).logits
    bounds, start = [], 0
    for post in posts:
        bounds.append((start, start + len(post)))
        start += len(post)
    return torch.stack([logits[a:b].max(0).values for a, b in bounds])


def logits_of(model: Any, posts: Sequence[Sequence[list[int]]], pad: int, batch: int = 32) -> Any:
    """The model's raw post-level outputs, scored in batches of similar posts."""
    import torch

    order = sorted(range(len(posts)), key=lambda i: (len(posts[i]), max(map(len, posts[i]))))
    out = torch.zeros((len(posts), model.config.num_labels))
    model.eval()
    with torch.inference_mode():
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            out[chunk] = post_logits(model, [posts[i] for i in chunk], pad)
    return out

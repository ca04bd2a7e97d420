"""The development model's tokenizer: WordPiece trained on normalised text, as BertTokenizerFast."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from community.moderation.model.inputs import MAX_TOKENS


def _tokenizer_class() -> Any:
    # Looked up by name as Detoxify does (the checkpoint names it); transformers 5 keeps
    # BertTokenizerFast as a lazy alias that type checkers do not see.
    import transformers

    return getattr(transformers, "BertTokenizerFast")  # noqa: B009


def build_tokenizer(texts: Sequence[str], out_dir: Path, vocab_size: int) -> Any:
    """Train a WordPiece vocabulary on normalised texts and save it as a BertTokenizerFast."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from tokenizers.trainers import WordPieceTrainer

    BertTokenizerFast = _tokenizer_class()
    names = {
        "pad_token": "[PAD]",
        "unk_token": "[UNK]",
        "cls_token": "[CLS]",
        "sep_token": "[SEP]",
        "mask_token": "[MASK]",
    }
    tok = Tokenizer(models.WordPiece(unk_token=names["unk_token"]))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    trainer = WordPieceTrainer(
        vocab_size=vocab_size, min_frequency=2, special_tokens=list(names.values())
    )
    tok.train_from_iterator(texts, trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))],
    )
    # transformers 5 rebuilds the normalizer from these arguments on reload, so they must
    # be explicit, and without model_max_length truncation would do nothing.
    fast = BertTokenizerFast(
        tokenizer_object=tok,
        do_lower_case=True,
        strip_accents=False,
        tokenize_chinese_chars=True,
        model_max_length=MAX_TOKENS,
        **names,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(str(out_dir))
    return fast


def load_tokenizer(folder: Path) -> Any:
    return _tokenizer_class().from_pretrained(
        str(folder), local_files_only=True, do_lower_case=True, strip_accents=False
    )

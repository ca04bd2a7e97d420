"""Detectors beside the toxicity model: what they found in a post, where, and why in words.

`detect(text, watched_words=…)` returns findings. Each has a stable `code` (what the
worker stores) and a `reason`: a lazy French sentence built from the code and its
`detail` by `reason_for`, so that the queue can show it in the moderator's language
long after the post was scored. Nothing here needs Flask, a request or a database;
the lazy reason becomes text only when `str()` is called, in or out of a request.

The detectors themselves are Flask-free, in `community.textscan`: they match normalised
text and report offsets into the original. What needs Flask stays here: the reasons in
the reader's language, and each space's watched words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple

from flask import has_request_context
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from community.textscan import scan
from community.textscan.normalize import FoldedText, Hit, fold, fold_chars, merge_spans


class Kind(StrEnum):
    PERSONAL_DATA = "personal_data"
    CRISIS = "crisis"
    SPAM = "spam"
    DANGEROUS_ADVICE = "dangerous_advice"
    LINK = "link"
    WATCHED_WORD = "watched_word"
    # Not a detector: the worker's note that a label's score passed the space's threshold.
    HIGH_SCORE = "high_score"


class Severity(StrEnum):
    """How a finding weighs in the queue: urgent first, then block, then flag."""

    URGENT = "urgent"
    BLOCK = "block"
    FLAG = "flag"


_RANK = {Severity.URGENT: 0, Severity.BLOCK: 1, Severity.FLAG: 2}

_KINDS: dict[str, tuple[Kind, Severity]] = {
    "email": (Kind.PERSONAL_DATA, Severity.FLAG),
    "phone": (Kind.PERSONAL_DATA, Severity.FLAG),
    "nir": (Kind.PERSONAL_DATA, Severity.FLAG),
    "iban": (Kind.PERSONAL_DATA, Severity.FLAG),
    "address": (Kind.PERSONAL_DATA, Severity.FLAG),
    "birth_date": (Kind.PERSONAL_DATA, Severity.FLAG),
    "full_name": (Kind.PERSONAL_DATA, Severity.FLAG),
    "suicide": (Kind.CRISIS, Severity.URGENT),
    "self_harm": (Kind.CRISIS, Severity.URGENT),
    "relative_at_risk": (Kind.CRISIS, Severity.URGENT),
    "miracle_cure": (Kind.SPAM, Severity.FLAG),
    "sales": (Kind.SPAM, Severity.FLAG),
    "promo_code": (Kind.SPAM, Severity.FLAG),
    "recruitment": (Kind.SPAM, Severity.FLAG),
    "private_contact": (Kind.SPAM, Severity.FLAG),
    "repeated_links": (Kind.SPAM, Severity.FLAG),
    "dangerous_advice": (Kind.DANGEROUS_ADVICE, Severity.FLAG),
    "link": (Kind.LINK, Severity.FLAG),
}

# The model's labels as a moderator or an association admin reads them.
LABEL_NAMES = {
    "toxicity": _l("toxicité"),
    "severe_toxicity": _l("toxicité grave"),
    "obscene": _l("obscénité"),
    "threat": _l("menace"),
    "insult": _l("insulte"),
    "identity_attack": _l("attaque contre un groupe"),
    # The development model's two signals, which are no toxicity.
    "crisis": _l("détresse (modèle)"),
    "misinfo": _l("conseil médical dangereux (modèle)"),
}

_REASONS = {
    "email": _l("adresse e-mail détectée"),
    "phone": _l("numéro de téléphone détecté"),
    "nir": _l("numéro de sécurité sociale détecté"),
    "iban": _l("coordonnées bancaires (IBAN) détectées"),
    "address": _l("adresse postale détectée"),
    "birth_date": _l("date de naissance détectée"),
    "full_name": _l("nom et prénom d’une personne, avec un lieu ou une maladie"),
    "suicide": _l("idées suicidaires possibles"),
    "self_harm": _l("automutilation possible"),
    "relative_at_risk": _l("un proche semble en danger immédiat"),
    "miracle_cure": _l("remède miracle vendu ou promis"),
    "sales": _l("démarchage commercial possible"),
    "promo_code": _l("code de réduction ou lien d’affiliation"),
    "recruitment": _l("recrutement ou travail à domicile proposé"),
    "private_contact": _l("invitation à écrire en privé pour un produit"),
}
# Dangerous advice, by what it urges (the finding's detail).
_ADVICE_REASONS = {
    "": _l("conseil médical dangereux : arrêter, refuser ou remplacer un traitement essentiel"),
    "stop_treatment": _l("conseil médical dangereux : arrêter un traitement essentiel"),
    "refuse_treatment": _l("conseil médical dangereux : refuser un traitement ou un vaccin"),
    "replace_treatment": _l("conseil médical dangereux : remplacer un traitement par un remède"),
    "chemicals": _l("conseil médical dangereux : boire ou s’injecter un produit chimique"),
    "cure_promise": _l("conseil médical dangereux : promesse de guérir une maladie chronique"),
}


class Decimal2:
    """A probability written with two decimals in the reader's language: "0,83" in French.

    Formatted when the reason becomes text, so in the moderator's locale; outside a
    request (a log line, the worker) it is written the plain way.
    """

    def __init__(self, value: float | None) -> None:
        self.value = value

    def __str__(self) -> str:
        if self.value is None:
            return "?"
        if has_request_context():
            return str(format_decimal(self.value, format="0.00"))
        return f"{self.value:.2f}"


def label_name(label: str) -> Any:
    """A label's readable name (lazy), or the label itself for one we do not know."""
    return LABEL_NAMES.get(label, label)


def reason_for(
    code: str,
    detail: str = "",
    severity: str = Severity.FLAG,
    *,
    score: float | None = None,
    threshold: float | None = None,
) -> LazyString:
    """The French sentence a moderator reads for a stored finding (lazy: translated on display)."""
    if code == "high_score":
        return _l(
            "score élevé : %(label)s (%(score)s ; seuil %(threshold)s)",
            label=label_name(detail),
            score=Decimal2(score),
            threshold=Decimal2(threshold),
        )
    if code == "crisis_model":
        return _l("détresse possible selon le modèle (%(score)s)", score=Decimal2(score))
    if code == "misinfo_model":
        return _l(
            "conseil médical dangereux possible selon le modèle (%(score)s)", score=Decimal2(score)
        )
    if code == "dangerous_advice":
        return _ADVICE_REASONS.get(detail, _ADVICE_REASONS[""])
    if code == "link":
        return _l("lien vers %(domain)s", domain=detail)
    if code == "repeated_links":
        return _l("liens répétés vers %(domain)s", domain=detail)
    if code == "watched_word":
        if severity == Severity.BLOCK:
            return _l("mot interdit dans cet espace : « %(word)s »", word=detail)
        return _l("mot surveillé dans cet espace : « %(word)s »", word=detail)
    if code in _REASONS:
        return _REASONS[code]
    return _l("signalement automatique : %(code)s", code=code)


@dataclass(frozen=True)
class Finding:
    """Something a detector found: what, how serious, why, and where (original offsets).

    `spans` are (start, end) offsets into the text given to `detect`, sorted and not
    overlapping, so that a page can highlight text[start:end]. `detail` is what the
    reason names: a link's domain, a watched word; empty otherwise.
    """

    kind: Kind
    code: str
    severity: Severity
    spans: tuple[tuple[int, int], ...]
    detail: str = ""
    # Only for a high score: the label's score and the space's threshold it passed.
    score: float | None = None
    threshold: float | None = None
    # What it weighs in the post's risk (risk.py), once the worker weighed it.
    weight: float | None = None

    @property
    def reason(self) -> LazyString:
        return reason_for(
            self.code, self.detail, self.severity, score=self.score, threshold=self.threshold
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form to store with the post's scores."""
        data: dict[str, Any] = {
            "kind": str(self.kind),
            "code": self.code,
            "severity": str(self.severity),
            "spans": [list(span) for span in self.spans],
            "detail": self.detail,
        }
        if self.score is not None:
            data["score"] = self.score
            data["threshold"] = self.threshold
        if self.weight is not None:
            data["weight"] = self.weight
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            kind=Kind(data["kind"]),
            code=data["code"],
            severity=Severity(data["severity"]),
            spans=tuple((int(start), int(end)) for start, end in data.get("spans", ())),
            detail=data.get("detail", ""),
            score=data.get("score"),
            threshold=data.get("threshold"),
            weight=data.get("weight"),
        )


def high_score_finding(label: str, score: float, threshold: float) -> Finding:
    """The worker's note that `label` scored at or above the space's threshold."""
    return Finding(
        kind=Kind.HIGH_SCORE,
        code="high_score",
        severity=Severity.FLAG,
        spans=(),
        detail=label,
        score=round(score, 4),
        threshold=threshold,
    )


class WatchedWord(NamedTuple):
    """A word or phrase an association watches in its space; a final "*" matches any ending.

    `action` is "block" (the finding says the post should not be published) or "flag".
    """

    word: str
    action: str = Severity.FLAG


def detect(text: str, *, watched_words: Sequence[WatchedWord] = ()) -> list[Finding]:
    """Every finding in `text`: urgent ones first, then block, then flag, then by position."""
    if not text:
        return []
    folded, hits = scan(text)
    grouped: dict[tuple[str, str, Severity], list[tuple[int, int]]] = {}
    for hit in hits:
        _kind, severity = _KINDS[hit.code]
        grouped.setdefault((hit.code, hit.detail, severity), []).append(
            folded.span(hit.start, hit.end)
        )
    for hit, severity in _watched(folded, tuple(watched_words)):
        grouped.setdefault((hit.code, hit.detail, severity), []).append(
            folded.span(hit.start, hit.end)
        )
    findings = [
        Finding(
            kind=Kind.WATCHED_WORD if code == "watched_word" else _KINDS[code][0],
            code=code,
            severity=severity,
            spans=tuple(merge_spans(spans)),
            detail=detail,
        )
        for (code, detail, severity), spans in grouped.items()
    ]
    findings.sort(key=lambda finding: (_RANK[finding.severity], finding.spans[0], finding.code))
    return findings


def watched_words_found(text: str, watched_words: Sequence[WatchedWord]) -> list[str]:
    """The watched words (as the association typed them) that `text` contains, in order.

    Only the watched words are looked for: what the posting page needs to warn the
    author at once, without running every detector twice.
    """
    if not text or not watched_words:
        return []
    hits = sorted(_watched(fold(text), tuple(watched_words)), key=lambda pair: pair[0].start)
    return list(dict.fromkeys(hit.detail for hit, _severity in hits))


def is_urgent(findings: Iterable[Finding]) -> bool:
    """True if the post must go to the top of the queue and its author see the help lines."""
    return any(finding.severity == Severity.URGENT for finding in findings)


# --- Watched words -----------------------------------------------------------------


class _WatchList(NamedTuple):
    """A space's watched words, ready to match in one pass over a post's words.

    Single words are looked up, "word*" by the post word's first letters, and phrases
    ("perte de poids", "c++") are tried where a post word equals their first word. A
    regex alternation of hundreds of words would cost tens of milliseconds per post.
    """

    words: dict[str, tuple[str, Severity]]
    prefixes: dict[str, tuple[str, Severity]]
    phrases: dict[str, list[tuple[re.Pattern[str], tuple[str, Severity]]]]
    others: list[tuple[re.Pattern[str], tuple[str, Severity]]]


_TOKEN = re.compile(r"\w+")


def _watched(text: FoldedText, words: tuple[WatchedWord, ...]) -> list[tuple[Hit, Severity]]:
    if not words:
        return []
    watch_list = _watch_list(words)
    folded = text.folded
    lengths = sorted({len(prefix) for prefix in watch_list.prefixes})
    found: list[tuple[int, int, tuple[str, Severity]]] = []
    for match in _TOKEN.finditer(folded):
        token = match.group()
        if entry := watch_list.words.get(token):
            found.append((match.start(), match.end(), entry))
        for length in lengths:
            if length > len(token):
                break
            if entry := watch_list.prefixes.get(token[:length]):
                found.append((match.start(), match.end(), entry))
                break
        for pattern, entry in watch_list.phrases.get(token, ()):
            if phrase := pattern.match(folded, match.start()):
                found.append((phrase.start(), phrase.end(), entry))
    for pattern, entry in watch_list.others:
        found.extend((m.start(), m.end(), entry) for m in pattern.finditer(folded))
    return [
        (Hit("watched_word", start, end, word), severity) for start, end, (word, severity) in found
    ]


@lru_cache(maxsize=256)
def _watch_list(words: tuple[WatchedWord, ...]) -> _WatchList:
    """Compiled once per list: a worker scores many posts of the same space."""
    by_form: dict[str, tuple[str, Severity]] = {}
    for watched in words:
        word, action = WatchedWord(*watched)
        severity = Severity(action)
        if severity == Severity.URGENT:
            raise ValueError("a watched word blocks or flags; it is never urgent")
        form = " ".join(fold_chars(word).folded.split())
        if not _TOKEN.search(form) and not form.strip("*"):
            continue
        # The same word listed twice: blocking wins over flagging.
        if form not in by_form or severity == Severity.BLOCK:
            by_form[form] = (word.strip(), severity)
    watch_list = _WatchList({}, {}, {}, [])
    for form, entry in by_form.items():
        if _TOKEN.fullmatch(form):
            watch_list.words[form] = entry
        elif form.endswith("*") and _TOKEN.fullmatch(form[:-1]):
            watch_list.prefixes[form[:-1]] = entry
        elif first := _TOKEN.match(form):
            pattern = re.compile(_word_pattern(form) + r"(?!\w)")
            watch_list.phrases.setdefault(first.group(), []).append((pattern, entry))
        else:
            pattern = re.compile(r"(?<!\w)" + _word_pattern(form) + r"(?!\w)")
            watch_list.others.append((pattern, entry))
    return watch_list


def _word_pattern(form: str) -> str:
    prefix = form.endswith("*")
    parts = []
    for token in re.split(r"(\s+|')", form.rstrip("*").strip()):
        if not token:
            continue
        if token.isspace():
            parts.append(r"[\s\-]{1,3}")
        elif token == "'":  # noqa: S105 (an apostrophe, not a password)
            parts.append(r"\s{0,2}'?\s{0,2}")
        else:
            parts.append(re.escape(token))
    return "".join(parts) + (r"\w{0,40}" if prefix else "")

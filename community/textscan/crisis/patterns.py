"""How crisis rules are written: word templates with bounded gaps, and the rule and cue records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from community.textscan.crisis.prefilter import at_word_start

# Never inside a gap: a negator (it would turn the sense around) or a clause change.
_GAP_STOP = (
    r"(?!(?:pas|jamais|aucune?|rien|ni|non|nullement|sans|plus|not|never|no|nope|none"
    r"|nothing|nobody|cannot|without|mais|but|tu|te|toi|vous|you|your|il|elle|ils|elles|he|she"
    r"|they)\b)"
    r"(?![\w-]{1,12}n't\b)(?!t')"
)
_GAP_WORD = _GAP_STOP + r"[\w'-]{1,25}"
_APOSTROPHE = r"(?:\s?'\s?|\s{1,2})?"
_GAP_TOKEN = re.compile(r" ?<(\d)> ?")


_OPTIONAL_GAP = re.compile(r" ?\(\?:<(\d)> \)\?")


def _gap(words: int) -> str:
    # After a space or an elision ("j'", "m'") the gap needs no space of its own.
    return rf"(?:(?<=[\s'])|\s{{1,3}})(?:{_GAP_WORD}\s{{1,3}}){{0,{words}}}"


def regex(template: str) -> str:
    """A readable template as a regex: a space is one to three spaces, "'" an optional
    apostrophe ("j'ai", "j ai"), and "<3>" a gap of up to three words (no negator)."""
    pieces = _GAP_TOKEN.split(_OPTIONAL_GAP.sub(r" <\1> ", template))
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(_gap(int(piece)))
        else:
            out.append(piece.replace(" ", r"\s{1,3}").replace("'", _APOSTROPHE))
    return "".join(out)


def compiled(template: str) -> re.Pattern[str]:
    """The template as a compiled regex."""
    return re.compile(regex(template))


# The codes, short: every line of the rule tables names one.
S, H = "suicide", "self_harm"


@dataclass(frozen=True)
class Rule:
    """One pattern and how its matches are judged.

    `open`: the pattern has no person of its own, so someone else may be its subject.
    `context`: what the same sentence must also hold; `avoid`: what it must not hold.
    `past`: a far-past sentence (recovery) cancels it.
    `fearful`: fear just before it ("j'ai peur de ne pas me réveiller") cancels it.
    `context_before`: the context may also be in the sentence before ("If the biopsy is
    positive I'm not doing this again. I'll end it.").
    `scanner`: `pattern` as the detector runs it, failing fast inside words.
    """

    code: str
    keys: tuple[str, ...]
    pattern: re.Pattern[str]
    open: bool = False
    context: re.Pattern[str] | None = None
    avoid: re.Pattern[str] | None = None
    past: bool = True
    fearful: bool = False
    context_before: bool = False
    scanner: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scanner", at_word_start(self.pattern))


def rule(
    code: str,
    keys: str,
    template: str,
    *,
    open: bool = False,
    context: str | None = None,
    avoid: str | None = None,
    past: bool = True,
    raw: bool = False,
    fearful: bool = False,
    context_before: bool = False,
) -> Rule:
    return Rule(
        code,
        tuple(keys.split()),
        re.compile(template if raw else regex(template)),
        open,
        re.compile(context) if context else None,
        re.compile(avoid) if avoid else None,
        past,
        fearful,
        context_before,
    )


@dataclass(frozen=True)
class Cue:
    """One weak cue: alone it proves nothing, with others of other families it may.

    `family` and `weight`: how it adds up (counting.py). `open`, `past`, `avoid`: as for a
    rule. `negatable=False`: its own words are negative ("ne soyez pas tristes").
    `scanner`: `pattern` as the detector runs it, failing fast inside words.
    """

    family: str
    weight: float
    keys: tuple[str, ...]
    pattern: re.Pattern[str]
    open: bool = True
    past: bool = True
    negatable: bool = True
    avoid: re.Pattern[str] | None = None
    scanner: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scanner", at_word_start(self.pattern))


def cue(
    family: str,
    weight: float,
    keys: str,
    template: str,
    *,
    open: bool = True,
    past: bool = True,
    negatable: bool = True,
    avoid: str | None = None,
    raw: bool = False,
) -> Cue:
    return Cue(
        family,
        weight,
        tuple(keys.split()),
        re.compile(template) if raw else compiled(template),
        open,
        past,
        negatable,
        re.compile(avoid) if avoid else None,
    )

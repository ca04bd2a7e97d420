"""A post read for advice: its sentences and languages, negation and crisis around a passage."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cached_property

from community.textscan.crisis import find_crisis
from community.textscan.normalize import FoldedText, Hit, all_matches

_BOUNDARY = re.compile(r"[.!?…]+(?=\s|$)|\n+")
_CLAUSE_MARKS = ',;:()«»"'
TOKEN = re.compile(r"[\w']+")
_NEGATION = re.compile(
    r"(?:\bne\b|\bn'|\bjamais\b|\bpas\b|\bnever\b|\bnot\b|n't\b|\bno\b|\bsans\b|\baucune?\b"
    r"|\bpersonne\b|\bnobody\b|\bno\s{1,3}one\b)"
)
_NOT_NEGATION = re.compile(
    r"pourquoi\s{1,3}ne\s{1,3}pas|why\s{1,3}not|jamais\s{1,3}(?:pense|songe|essaye|envisage)"
    r"|(?:pas|jamais)\s{1,3}oblige|pas\s{1,3}besoin|n'\s?(?:hesitez|hesite)\s{1,3}pas"
)
_AFTER_NEGATED = re.compile(r"\s{1,3}(?:pas|jamais|plus)\b")
# Stopping a treatment in order to die is a crisis; telling someone to is incitement.
_CRISIS = re.compile(
    r"\b(?:(?:veux|voulais|envie\s{1,3}de|prefere|pour"
    r"|afin\s{1,3}de)\s{1,3}(?:juste\s{1,3})?(?:mourir"
    r"|crever|en\s{1,3}finir|partir|disparaitre)|en\s{1,3}finir\s{1,3}(?:une\s{1,3}bonne"
    r"|avec\s{1,3}la"
    r"\s{1,3}vie)|que\s{1,3}(?:ca|tout)\s{1,3}(?:s'arrete|se\s{1,3}termine|finisse)|ce\s{1,3}sera"
    r"\s{1,3}(?:fini|bien\s{1,3}comme)|que\s{1,3}ce\s{1,3}soit\s{1,3}fini|(?:facon|maniere)\s{1,3}"
    r"(?:a\s{1,3}moi\s{1,3})?de\s{1,3}(?:partir|choisir\s{1,3}la\s{1,3}fin|mourir)"
    r"|laisse[sz]?-(?:toi|vous)\s{1,3}partir|que\s{1,3}je\s{1,3}parte|m'emportera"
    r"|(?:corps|coeur)\s{1,3}(?:lache|s'arrete|s'eteigne)|ne\s{1,3}(?:veux|voulais)\s{1,3}plus"
    r"\s{1,3}vivre|qu'on\s{1,3}me\s{1,3}sauve|te\s{1,3}reveilleras\s{1,3}pas|marre\s{1,3}de"
    r"\s{1,3}vivre|plus\s{1,3}(?:etre\s{1,3}la|envie\s{1,3}de\s{1,3}vivre)"
    r"|ne\s{1,3}me\s{1,3}battrai"
    r"|laisse\s{1,3}le\s{1,3}virus|nous\s{1,3}fera\s{1,3}des\s{1,3}vacances"
    r"|(?:want|wanted|ready|hoping|going|prefer|wish)\s{1,3}to\s{1,3}die|end\s{1,3}(?:it\s{1,3}all"
    r"|my\s{1,3}life)|the\s{1,3}end\s{1,3}of\s{1,3}it|letting\s{1,3}(?:it\s{1,3}happen|myself|the"
    r"\s{1,3}\w{2,12}\s{1,3}fail)|so\s{1,3}be\s{1,3}it|kind\s{1,3}of\s{1,3}the\s{1,3}point"
    r"|(?:nice|easiest|quiet)\s{1,3}way\s{1,3}(?:to\s{1,3}go|out|to\s{1,3}do\s{1,3}it)"
    r"|virus\s{1,3}to\s{1,3}win|join\s{1,3}(?:her|him)|do\s{1,3}us\s{1,3}(?:all\s{1,3})?a"
    r"\s{1,3}favou?r|anyone\s{1,3}notices|you're\s{1,3}gone|kill\s{1,3}yourself"
    r"|deserve\s{1,3}whatever|take\s{1,3}its\s{1,3}course|let\s{1,3}it\s{1,3}all\s{1,3}go"
    r"|be\s{1,3}done\s{1,3}with\s{1,3}it|nobody\s{1,3}would\s{1,3}(?:notice|care|miss)"
    r"|personne\s{1,3}ne\s{1,3}(?:remarquera|verra|regrettera)|(?:tout\s{1,3}le\s{1,3}monde"
    r"|\w{2,6}\s{1,3}le\s{1,3}monde|everyone"
    r"|we)\s{1,3}(?:sera|serait|serons|would\s{1,3}be|will\s{1,3}be)\s{1,3}(?:soulage\w{0,2}"
    r"|relieved"
    r"|better\s{1,3}off)|plus\s{1,3}simple\s{1,3}pour\s{1,3}tout\s{1,3}le\s{1,3}monde"
    r"|me\s{1,3}(?:tuer|suicider|pendre)"
    r"|kill\s{1,3}myself|suicidal|wants?\s{1,3}to\s{1,3}be\s{1,3}with|va\s{1,3}crever"
    r"|creve\s{0,3}(?:[.!]|$)|fais[\s-]{1,3}le\s{1,3}une\s{1,3}bonne\s{1,3}fois"
    # Swallowing it all at once, urged: "avale tes médicaments d'un coup".
    r"|(?:avale|avalez|prends|prenez|take|swallow)\s{1,3}(?:toutes?\s{1,3})?(?:tes|vos|all\s{1,3}(?:of\s{1,3})?"
    r"your|your)\s{1,3}(?:\w{1,12}\s{1,3})?(?:medicaments|comprimes|cachets|pilules|pills|tablets"
    r"|meds)\s{1,3}(?:d'un\s{1,3}coup|en\s{1,3}une\s{1,3}(?:seule\s{1,3})?fois|at\s{1,3}once"
    r"|in\s{1,3}one\s{1,3}go)"
    # "I know it'll reach my breathing muscles. I want it to.", "don't tell me to ring 999".
    r"|i\s{1,3}want\s{1,3}it\s{1,3}to\s{0,3}(?:[.!]|$)|don't\s{1,3}tell\s{1,3}me\s{1,3}to\s{1,3}(?:ring"
    r"|call|phone)\s{1,3}(?:999|911|112|000|111|116|samaritans|anyone|the\s{1,3}crisis)"
    r"|(?:ne\s{1,3})?me\s{1,3}dites\s{1,3}pas\s{1,3}d'appeler\s{1,3}le\s{1,3}(?:15|112|3114))"
)
_FRENCH = re.compile(r"\b(?:le|la|les|des|et|je|est|pas|une|que|pour|avec|mon|ma|vous|tu)\b")
_ENGLISH = re.compile(r"\b(?:the|and|is|to|of|you|my|it|for|with|that|your|i)\b")


class Post:
    """The folded text cut into sentences, and the cues read around a passage.

    The sentences, the languages and each cue are found the first time a rule asks for
    them: most posts urge nothing, and the rules leave them before asking.
    """

    def __init__(self, text: FoldedText, crisis: Sequence[Hit] | None = None) -> None:
        self.text = text.folded
        self._folded = text
        self._crisis: list[tuple[int, int]] | None = (
            None if crisis is None else sorted((hit.start, hit.end) for hit in crisis)
        )
        self._marks: dict[re.Pattern[str], list[tuple[int, int]]] = {}

    def mentions(self, keys: tuple[str, ...]) -> bool:
        """True if one of `keys` is in the post: a pattern that needs one can match."""
        return any(key in self.text for key in keys)

    @cached_property
    def ends(self) -> list[int]:
        return [m.end() for m in _BOUNDARY.finditer(self.text)]

    @cached_property
    def languages(self) -> set[str]:
        """The languages the post may be written in: each language's verbs run on those."""
        french = len(_FRENCH.findall(self.text, 0, 5000))
        english = len(_ENGLISH.findall(self.text, 0, 5000))
        if french > 2 * english:
            return {"fr"}
        if english > 2 * french:
            return {"en"}
        return {"fr", "en"}

    def sentence(self, start: int, end: int, before: int = 0, after: int = 0) -> tuple[int, int]:
        """The sentence around [start, end), with `before` and `after` more, at most 400
        characters each way."""
        index = bisect_right(self.ends, start) - 1 - before
        first = self.ends[index] if index >= 0 else 0
        index = bisect_left(self.ends, end) + after
        last = self.ends[index] if index < len(self.ends) else len(self.text)
        return max(first, start - 400), min(last, end + 400)

    def _spans(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        # Each pattern runs once over the whole post and its matches are kept: a post that
        # repeats one sentence a thousand times asks about the same windows again and again.
        marks = self._marks.get(pattern)
        if marks is None:
            marks = self._marks[pattern] = [m.span() for m in all_matches(pattern, self.text)]
        return marks

    def last(self, pattern: re.Pattern[str], start: int, end: int) -> tuple[int, int] | None:
        """The last match of `pattern` that starts inside [start, end), if any."""
        marks = self._spans(pattern)
        index = bisect_left(marks, (end, -1)) - 1
        return marks[index] if index >= 0 and marks[index][0] >= start else None

    def find(self, pattern: re.Pattern[str], start: int, end: int) -> tuple[int, int] | None:
        """The first match of `pattern` inside [start, end), if any."""
        marks = self._spans(pattern)
        index = bisect_left(marks, (start, -1))
        while index < len(marks) and marks[index][0] < end:
            if marks[index][1] <= end:
                return marks[index]
            index += 1
        return None

    def has(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        return self.find(pattern, start, end) is not None

    def crisis_near(self, start: int, end: int) -> bool:
        """True if someone near [start, end) stops a treatment in order to die, or tells
        another to: the crisis rules' own findings, and incitements they leave to the model."""
        near = self.sentence(start, end, before=3, after=3)
        if self.has(_CRISIS, *near):
            return True
        if self._crisis is None:
            self._crisis = sorted((hit.start, hit.end) for hit in find_crisis(self._folded))
        index = bisect_left(self._crisis, (near[0], -1))
        return index < len(self._crisis) and self._crisis[index][0] < near[1]

    def clause_before(self, start: int) -> str:
        """What precedes `start` in its clause (after the last comma), 60 characters at most."""
        first, _ = self.sentence(start, start)
        prefix = self.text[max(first, start - 60) : start]
        return prefix[max(prefix.rfind(mark) for mark in _CLAUSE_MARKS) + 1 :]

    def negated(self, start: int, end: int) -> bool:
        """True if the verb at [start, end) is negated: "n'arrêtez jamais", "don't stop"."""
        prefix = self.clause_before(start)
        words = " ".join(TOKEN.findall(prefix)[-4:])
        if _NOT_NEGATION.search(words):
            return False
        return bool(_NEGATION.search(words)) or bool(_AFTER_NEGATED.match(self.text, end))

    def is_question(self, start: int, end: int) -> bool:
        _, last = self.sentence(start, end)
        return "?" in self.text[max(last - 3, 0) : last + 1]

"""Crisis language, in French and English: suicidal thoughts, plans, farewells, self-harm,
and a relative at risk right now.

Three codes, all urgent: "suicide" (ideation, passive and veiled too, plans and means,
stopping a vital treatment in order to die, farewells), "self_harm", and
"relative_at_risk" (a child who just wrote they want to die, a partner who has just
swallowed pills).

How the rules read a post (folded text: no accents, lower case, SMS spellings written out):

- Patterns are written as words with bounded gaps: "veux <3> mourir" lets up to three
  words in between ("je veux vraiment juste mourir"), never a negation, never across a
  sentence. Every quantifier is bounded and every pattern starts with a literal word.
- A negator in the clause before the core cancels it ("je ne veux pas mourir", "I'm not
  suicidal", "je n'ai jamais pensé au suicide", "Me suicider ? Non"), but "ne … plus" of
  living or waking up is the crisis itself ("je ne veux plus vivre"), a thought that will
  not stop is no negation ("I can't stop thinking about ending it"), and a negation inside
  a condition belongs to the condition ("if the new drug doesn't work I'm not going on").
- A rule without a person of its own ("envie de mourir", "want to die") is left out when
  someone else is its subject ("si tu as envie de mourir, appelle le 3114", "you want to
  die? cool", "her husband 'probably wanted to die'"). Telling someone else to kill
  themselves is toxicity, not a crisis: those rules never see "tu", "ton", "your".
- What is told from the far past ("il y a trois ans", "as a teen", "je me scarifiais",
  "two years clean of", "I was 24 and convinced", "that winter") is recovery, not a
  crisis, unless the same sentence is recent ("again tonight").
- Veiled posts, farewells, plans, stopping a treatment and a relative at risk are rarely
  one sentence: weaker cues ("merci pour tout", "mes lettres sont écrites", "tout est
  prêt", "j'ai arrêté mon insuline", "exprès") add up within a stretch of the post, and
  only enough of them, of different kinds, make a hit; a cue inside another counts once.

Each part has its module: how a rule is written (patterns.py) and the words several share
(words.py: pills, drugs, wishes, vital treatments); the rules of suicidal thoughts in
French (suicide_fr.py), of passive wishes in French (passive_fr.py), of being a burden and
of conditional ends in French (burden_fr.py), of suicidal thoughts in English, burden and
conditional included (suicide_en.py), of passive wishes in English (passive_en.py), and of
self-harm (self_harm.py); the weaker cues of veiled posts (veiled.py), farewells
(farewells.py), affairs put in order, letters and things given away (affairs.py), means put
aside and counted (stockpiling.py), the rest of a plan (plans.py) and stopping a treatment
(stopping.py), and how they add up (counting.py); a relative at risk, their own words in
quotes included (relatives.py). All matches pass the same judge (judging.py): negation,
someone else's words, the far past.
"""

from __future__ import annotations

from collections.abc import Iterator

from community.textscan.crisis import (
    affairs,
    burden_fr,
    farewells,
    passive_en,
    passive_fr,
    plans,
    self_harm,
    stockpiling,
    stopping,
    suicide_en,
    suicide_fr,
    veiled,
)
from community.textscan.crisis.counting import added_up
from community.textscan.crisis.judging import SENTENCE_END, Judge, capped
from community.textscan.crisis.patterns import Cue, Rule
from community.textscan.crisis.prefilter import Gate
from community.textscan.crisis.relatives import relative_at_risk
from community.textscan.normalize import FoldedText, Hit

# A post's hits come out in this order, rule by rule; the tests read both lists to check
# that each pattern's key words are cheap checks that never hide a match.
_RULES: list[Rule] = [
    *suicide_fr.RULES,
    *passive_fr.RULES,
    *burden_fr.RULES,
    *suicide_en.RULES,
    *passive_en.RULES,
    *self_harm.RULES,
]
_CUES: list[Cue] = [
    *veiled.CUES,
    *farewells.CUES,
    *affairs.CUES,
    *stockpiling.CUES,
    *plans.CUES,
    *stopping.CUES,
]
# Which of them can match a post at all, before any of their regexes runs.
_RULE_GATE = Gate((rule.keys, rule.pattern) for rule in _RULES)
_CUE_GATE = Gate((cue.keys, cue.pattern) for cue in _CUES)


def find_crisis(text: FoldedText) -> Iterator[Hit]:
    """Suicide ("suicide"), self-harm ("self_harm") and someone at risk now ("relative_at_risk")."""
    folded = text.folded
    ends = [match.start() for match in SENTENCE_END.finditer(folded)]
    judge = Judge(folded, ends)
    for index in _RULE_GATE.open(judge.words):
        rule = _RULES[index]
        for match in capped(judge, rule):
            yield Hit(rule.code, match.start(), match.end())
    yield from added_up(judge, _CUES, _CUE_GATE)
    yield from relative_at_risk(judge)


__all__ = ["find_crisis"]

"""The verbs that stop or refuse a treatment, French and English, with the key words they need."""

from __future__ import annotations

import re
from typing import NamedTuple

from community.textscan.advice.kinds import REFUSE, STOP


class Verb(NamedTuple):
    detail: str
    lang: str
    polarity: str  # "plain": negated is safe; "accept": negated urges; "fixed": always urges
    keys: tuple[str, ...]
    pattern: re.Pattern[str]


def _verb(detail: str, lang: str, polarity: str, keys: str, pattern: str) -> Verb:
    return Verb(detail, lang, polarity, tuple(keys.split()), re.compile(pattern))


# Every verb begins a word (the rules read them with `word_matches`); the two that run on
# most posts say so with a look-behind too, which turns the middle of words away before
# their long alternation is tried.
VERBS = [
    _verb(
        STOP,
        "fr",
        "plain",
        "arret stopp jet balanc abandonn lach oubli supprim enlev laiss sevr debarr passer passez"
        " espac diminu pause saut",
        r"(?<![\w])"
        r"(?:arret(?:er|ez|e|ee|es|ees|ent|ant|iez|ais|ait|erais|eriez)|saut(?:er|ez|e|iez|ais|ait)"
        r"|stopp(?:er|ez|e|ee|es|ant)|jet(?:er|ez|e|ee"
        r"|es|ees)|jett(?:e|es|ent)|balanc(?:er|ez|e|ee)|abandonn(?:er|ez|e|ee)|lach(?:er|ez|e)"
        r"|oubli(?:er|ez|e)|supprim(?:er|ez|e|ee)|enlev(?:er|ez|e)|sevr(?:er|ez|e)|espac(?:er|ez|e)"
        # Lowered to nothing: "diminue-le jusqu'à zéro", "un quart de dose par mois … au bout
        # d'un an tu ne prendras plus rien".
        r"|diminu(?:er|ez|e)(?=[^!?\n]{0,300}(?:jusqu'?\s?a\s{1,3}(?:zero|0)|a\s{1,3}zero"
        r"|(?:ne|n')\s{0,2}(?:prendras|prendrez|prendra|prendront)\s{1,3}plus|plus\s{1,3}rien))"
        r"|laiss(?:er|ez|e)\s{1,3}tomber|debarrass(?:er|ez|e)(?:-(?:vous|toi))?\s{1,3}(?:de|d')"
        r"|(?:se|vous|te)\s{1,3}passer\s{1,3}(?:de|d')|passez-vous\s{1,3}(?:de|d')"
        r"|(?:fais|faites|faire)\s{1,3}(?:une\s{1,3})?(?:petite\s{1,3})?pause)(?:-(?:les?|la"
        r"|en))?(?![\w])",
    ),
    _verb(
        STOP,
        "en",
        "plain",
        "stop quit ditch bin drop chuck dump throw threw off give gave put",
        r"(?<![\w])"
        r"(?:stop(?:ped|ping)?|quit(?:ting)?|ditch(?:ed|ing)?|bin(?:ned)?|drop(?:ped)?"
        r"|chuck(?:ed)?|dump(?:ed)?|(?:throw|threw|thrown|chuck)\s{1,3}(?:away|out"
        r"|(?:\w{1,14}\s{1,3}){1,3}"
        r"(?:away|out|in\s{1,3}the\s{1,3}bin))"
        r"|(?:get|got|come|came|coming|go|went|been|getting)\s{1,3}off|(?:take|took|taken|taking"
        r"|get|got)"
        r"\s{1,3}(?:him|her|them|me|us|yourself|yourselves|myself|himself|herself|themselves"
        r"|\w{1,12}\s{1,3}\w{1,12})\s{1,3}off|(?:taper|tapered|wean"
        r"|weaned)\s{1,3}(?:\w{1,12}\s{1,3})?off|(?:give|gave|giving|given)\s{1,3}up|put\s{1,3}(?:the|your"
        r"|those|them)\s{1,3}(?:\w{1,14}\s{1,3})?away)(?![\w])",
    ),
    _verb(
        REFUSE,
        "fr",
        "plain",
        "refus evit",
        r"(?:refus(?:er|ez|e|ee|es|ant)|evit(?:er|ez))(?:-(?:les?|la))?(?![\w])",
    ),
    _verb(
        REFUSE,
        "en",
        "plain",
        "refus declin skip opt avoid turn",
        r"(?:refuse|refused|refusing|declin(?:e|ed|ing)|skip(?:ped)?|opt(?:ed|ing)?\s{1,3}out"
        r"|avoid|turn(?:ed|ing|s)?\s{1,3}(?:it|them)\s{1,3}down"
        # "Turn down the transplant offer", never "turn down your basal by 10 %".
        r"|turn(?:ed|ing|s)?\s{1,3}down(?=\s{1,3}(?:(?:the|a|an|any|your|their|his|her)\s{1,3})?"
        r"(?:[\w-]{1,15}\s{1,3})?(?:offers?|transplants?|chemo\w{0,7}|surgery|operation|vaccin\w{0,6}"
        r"|jabs?|treatments?|transfusions?|dialysis|radiotherapy|radiation)\b))(?![\w])",
    ),
    _verb(
        REFUSE,
        "fr",
        "accept",
        "accept commenc vaccin laiss",
        r"(?:accept(?:er|ez|e)|commenc(?:er|ez)|(?:faites|fais|faire)\s{1,3}(?:pas\s{1,3}"
        r"|surtout\s{1,3}pas\s{1,3}|jamais\s{1,3})?vacciner|vaccinez|vacciner|(?:laissez|laisse)"
        r"(?:-vous|-toi)?\s{1,3}(?:pas\s{1,3}|jamais\s{1,3}"
        r"|surtout\s{1,3}pas\s{1,3})?(?:[\w']{1,15}"
        r"\s{1,3}){0,3}?(?:operer"
        r"|irradier|vacciner|piquer|greffer|transfuser)|(?:vous|te)\s{1,3}laissez\s{1,3}(?:pas"
        r"|jamais)\s{1,3}(?:operer|irradier|faire))(?![\w])",
    ),
    _verb(
        REFUSE,
        "fr",
        "fixed",
        "non vaccin faites",
        r"(?:dites(?:-leur)?\s{1,3}non|dis(?:-leur)?\s{1,3}non|(?:dirais|dirait|dirions)\s{1,3}non"
        r"|(?:avons|a|ont|ai)\s{1,3}dit"
        r"\s{1,3}non|(?:jamais|pas)\s{1,3}(?:ete\s{1,3})?vaccine\w{0,2}|(?:ne|n')\s{0,2}(?:le"
        r"|la|les)\s{1,3}faites\s{1,3}(?:surtout\s{1,3})?(?:pas|jamais))(?![\w])",
    ),
    _verb(
        REFUSE,
        "en",
        "fixed",
        "never don't dont say said vaccinat",
        r"(?:say\s{1,3}no|said\s{1,3}no|never\s{1,3}(?:agree|accept|consent|let)|don'?t\s{1,3}"
        r"(?:let\s{1,3}them|vaccinate|get|start|sign|agree|accept|consent|have|take|go\s{1,3}for)"
        r"|stopped\s{1,3}vaccinating|(?:not|never)\s{1,3}(?:been\s{1,3})?vaccinat\w{1,3}"
        r"|unvaccinated)(?![\w])",
    ),
    _verb(
        STOP,
        "en",
        "fixed",
        "reorder re-order refill renew",
        r"(?:don'?t|do\s{1,3}not|never|stop)\s{1,3}(?:re-?order\w{0,3}|refill\w{0,3}|renew\w{0,3})"
        r"(?![\w])",
    ),
]


# Each verb runs only if one of its key words is in the post (the tests check them).
KEYED = tuple((verb.pattern, verb.keys) for verb in VERBS)

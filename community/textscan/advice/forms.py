"""Whether a verb gives an order or advice, tells someone's story, or neither."""

from __future__ import annotations

import re

from community.textscan.advice.kinds import REFUSE
from community.textscan.advice.post import TOKEN, Post
from community.textscan.advice.verbs import Verb


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FR_SUBJECTS = _words(
    "je j' tu t' il elle on nous vous ils elles qui ca cela le la les l' me m' te se s' lui"
    " leur y en si quand lorsque que qu' comme"
)
_EN_SUBJECTS = _words(
    "i you we they he she it who people i'm you're we're they're he's she's do does did will"
    " would can could should might must may i'll i'd you'd they'd didn't won't can't shouldn't"
    " wouldn't couldn't mustn't never not don't doesn't have has had to my his her their"
)
_FR_AUX = _words("a ai as avons avez ont avait avais avaient aurait aurais ayant eu")
_FR_SKIPPED = _words(
    "tout tous completement totalement deja brutalement volontairement finalement meme enfin"
    " aussi carrement net progressivement definitivement simplement toujours souvent vite bien"
    " l' les la le y en"
)
# Words after which a verb in the singular is an order: "franchement, arrête ta Depakine".
_FR_OPENERS = _words(
    "alors donc franchement juste sinon bref maintenant simplement surtout stp serieusement"
    " vite allez ecoute"
)
_EN_OPENERS = _words(
    "just so honestly please and then now simply seriously today yes ok also but instead literally"
)
# Before an infinitive, words that make it advice: "tu dois arrêter", "je vous conseille de".
_FR_ADVICE = re.compile(
    r"\b(?:dois|doit|devez|devrais|devriez|devrait|faut|faudrait|peux|pouvez|pourrez|pourras"
    r"|pourriez|conseille|recommande|encourage|invite|suggere|hesite|hesitez|essayez|essaie"
    r"|essaye|osez|ose|suffit|commencez|commence|pensez|tentez|courage|temps|mieux|prie"
    r"|supplie|dis|demande|aider|conseil|vaut|allez|vas|aidez)\b"
)
_EN_ADVICE = re.compile(
    r"\b(?:you|u|ya|y'all|we|everyone|anyone|people|patients|diabetics)\s{1,3}(?:all\s{1,3})?"
    r"(?:should|must|need\s{1,3}to"
    r"|have\s{1,3}to|can|could|ought\s{1,3}to|gotta|got\s{1,3}to)\b"
)
# "Tell your mum to stop her Keppra" is an order; "she told me to stop" a report.
_EN_TELL = re.compile(
    r"\b(?:tell|told|telling|urge|advise|encourage|beg|want|wants|say|says|said|saying)\b"
)
_EN_TELL_OPENERS = _words("just please so honestly seriously") | {""}
_EN_PAST = _words("quit came been went got threw thrown gave said")
# "Quit the ARVs." is an order, "I quit lithium in January" a story.
_EN_BOTH = _words("quit")
_TOLD_REFUSAL = re.compile(r"said|stopped|(?:not|never)\s{1,3}(?:been\s{1,3})?vacc|unvacc")
# "I'm going to throw this inhaler out the window": an intention, no story and no advice.
_EN_INTENTION = _words("going gonna want wants wanted planning plan about")
_FR_REPORTERS = _words("lui leur me m' m'a qui il elle ils elles")
_FR_IMPERSONAL = _words("faut faudrait suffit vaut mieux temps")
_FR_ORDERS = _words("faites fais laissez laisse acceptez commencez vaccinez")
_SECOND_PERSON = re.compile(r"\s{1,3}(?:ton|ta|tes|votre|vos)\b")
_REFLEXIVE_BEFORE = re.compile(r"(?:\bm'|\bs'|\bt'|\bme\s{1,3}|\bse\s{1,3}|\bte\s{1,3})$")
_CONDITION = re.compile(r"\b(?:quand|lorsque|si|s'il|when|whenever|if)\b")
# "If I were you I'd ditch it", "moi à ta place, j'arrêterais": advice in the conditional.
_IN_YOUR_PLACE = re.compile(
    r"\b(?:if\s{1,3}i\s{1,3}(?:were|was)\s{1,3}(?:you|u)|in\s{1,3}your\s{1,3}(?:shoes|place)"
    r"|a\s{1,3}(?:ta|votre)\s{1,3}place|si\s{1,3}j'etais\s{1,3}(?:toi|vous))\b"
)
_FIRST_PERSON = _words("i i'd i'll je j' moi")
# "Whatever your gastro says, DONT start": the order defies what is said.
_WHATEVER = re.compile(
    r"\b(?:whatever|no\s{1,3}matter\s{1,3}what|peu\s{1,3}importe\s{1,3}ce\s{1,3}que|quoi\s{1,3}que)"
    r"\b[\w' ]{0,40}\b(?:says?|said|thinks?|tells?\s{1,3}you|dit|dise|disent|pense)\s{0,3}$"
)
# "J'ai pensé à tout arrêter", "la possibilité d'arrêter": a thought or a right, no story.
_THOUGHT = _words("pense songe envisage envisager possibilite envie idee tentation droit choix")
# "Et si vous arrêtiez votre Lévothyrox une semaine ?": a suggestion.
_SUGGESTION = re.compile(r"\bet\s{1,3}si\s{1,3}(?:vous|tu|on)\s{0,3}$")


def form_of(post: Post, verb: Verb, match: re.Match[str]) -> str | None:
    """Whether the verb gives an order or advice ("urge"), tells someone's story
    ("testimony"), or neither (None)."""
    text = post.text
    word = match.group().split()[0].split("-")[0]
    clause = post.clause_before(match.start())
    if _WHATEVER.search(clause):
        clause = ""
    tokens = TOKEN.findall(clause)
    last = tokens[-1] if tokens else ""
    if last in _FIRST_PERSON:
        first, _ = post.sentence(match.start(), match.end())
        if post.has(_IN_YOUR_PLACE, first, match.start()):
            return "urge"
    if verb.lang == "en":
        told = [i for i, token in enumerate(tokens) if _EN_TELL.fullmatch(token)]
        if told:
            # An order if "tell" itself opens the clause, a report otherwise.
            before = tokens[told[-1] - 1] if told[-1] else ""
            return "urge" if before in _EN_TELL_OPENERS else None
        if verb.polarity == "fixed":
            if _TOLD_REFUSAL.match(match.group()):
                return "testimony"  # "I said no thanks", "my kids have never been vaccinated"
            return "urge" if not last or last in _EN_OPENERS else None
        if word in _EN_BOTH and (not last or last in _EN_OPENERS):
            return "urge"
        if word.endswith("ed") or word in _EN_PAST:
            return "urge" if _EN_ADVICE.search(" ".join(tokens[-4:])) else "testimony"
        if word.endswith("ing"):
            return "testimony"
        if _EN_ADVICE.search(" ".join(tokens[-4:])):
            return "urge"
        if not last or last in _EN_OPENERS:
            return "urge"
        if last == "to" and (
            verb.detail == REFUSE or (len(tokens) > 1 and tokens[-2] in _EN_INTENTION)
        ):
            # "is there any food to avoid with methotrexate?": nobody is told to refuse.
            return None
        return "testimony" if last in _EN_SUBJECTS else None
    if verb.polarity == "fixed":
        # "on a dit non", "jamais vacciné": a story; "dites non", "ne le faites pas": an order.
        return "testimony" if word in ("avons", "a", "ont", "ai", "jamais", "pas") else "urge"
    if verb.polarity == "accept" and word in _FR_ORDERS:
        return None if last in _FR_SUBJECTS else "urge"
    if _REFLEXIVE_BEFORE.search(text, max(0, match.start() - 4), match.start()):
        return None
    if word.endswith(("iez", "ais", "ait")) and _SUGGESTION.search(clause):
        return "urge"
    if word.endswith("ez"):
        return None if last in _FR_SUBJECTS else "urge"
    if word.endswith("er") or word in ("se", "vous", "te"):
        advice = [i for i, token in enumerate(tokens[-6:]) if _FR_ADVICE.fullmatch(token)]
        if not advice:
            return None if _THOUGHT.intersection(tokens[-3:]) else "testimony"
        # "Rémi, qui lui conseille d'arrêter": someone else's advice, reported.
        said_by = tokens[-6:][advice[-1] - 1] if advice[-1] else ""
        speech = tokens[-6:][advice[-1]] not in _FR_IMPERSONAL
        return None if speech and said_by in _FR_REPORTERS else "urge"
    if word.endswith(("ee", "es", "ees", "ant", "ent")):
        return "testimony"
    # "arrete", "jette": a past participle after "a", "ai"…, else present or imperative.
    before = [t for t in tokens[-5:] if t not in _FR_SKIPPED]
    if before and (before[-1] in _FR_AUX or before[-1].endswith("'ai")):
        return "testimony"
    if last in _FR_SUBJECTS or (before and before[-1] in _FR_SUBJECTS):
        # "quand j'arrête les médicaments, les idées noires reviennent": a condition.
        return None if _CONDITION.search(" ".join(tokens[-4:])) else "testimony"
    if last and last not in _FR_OPENERS:
        # A noun before the verb ("mon médecin arrête") is its subject.
        second_person = _SECOND_PERSON.match(text, match.end())
        return "urge" if second_person or "-" in match.group() else None
    return "urge"

"""Whether a stop or refuse verb urges its treatment on someone: object, form, negation."""

from __future__ import annotations

import re

from community.textscan.advice.cues import ANY_TREATMENT, REMEDY_RE, TREATMENTS, allowed
from community.textscan.advice.forms import form_of
from community.textscan.advice.kinds import REFUSE, STOP
from community.textscan.advice.post import Post
from community.textscan.advice.verbs import Verb
from community.textscan.normalize import Hit
from community.textscan.vocabulary import SURGERY

_W = r"(?:[\w'-]{1,25},?\s{1,3}|[a-z]{1,5}'\s?)"
_NEGATED_INSIDE = re.compile(r"\b(?:pas|jamais)\b")
# "Wean him off", "taper it off", "ne le faites pas": the object is inside the phrase.
_PRONOUN_INSIDE = re.compile(r"\b(?:it|them|those|him|her|yourself|le|la|les)\b")
# The object right after the verb: a treatment within a few words, or a pronoun.
_OBJECT = re.compile(rf"\s{{0,3}}-?\s{{0,2}}{_W}{{0,5}}?(?:{TREATMENTS}|{SURGERY})(?![\w])")
_PRONOUN = re.compile(
    r"-(?:les?|la|en)\b|\s{1,3}(?:them|it|those|these|all|everything|tout(?!\s{1,3}(?:ce|ca|cela"
    r"|le\s{1,3}monde))|tous|toutes|mine"
    r"|yours|hers|his|les\s{1,3}(?:miens|votres|tiens|siens|miennes|votres)|la\s{1,3}(?:mienne"
    r"|votre|tienne|sienne)|le\s{1,3}(?:mien|votre|tien|sien)|des\s{1,3}que\s{1,3}possible|tout"
    r"\s{1,3}de\s{1,3}suite|maintenant|aujourd'hui|d'un\s{1,3}coup|immediatement|progressivement"
    r"|vous\s{1,3}aussi|today|now|immediately|right\s{1,3}away|cold\s{1,3}turkey)\b"
)
_DETERMINER = re.compile(
    r"\s{1,3}(?:l'|(?:le|la|les|un|une|des|du|mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre"
    r"|vos|leur|leurs|ce|cet|cette|ces|me|moi|lui|nous|prise|the|an|my|your|his|her|their|our"
    r"|this|that|these|him|us)\b)"
)
_IMPLIED = re.compile(
    r"\s{0,3}(?:[,.!?;:)]|$)|\s{1,3}(?:et|and|puis|then|net|completement|totalement|tout\s{1,3}de"
    r"\s{1,3}suite|sans\s{1,3}(?:probleme|souci|risque|crainte)|tant\s{1,3}que|until"
    r"|as\s{1,3}long\s{1,3}as|jusqu'a"
    r"|without\s{1,3}(?:a\s{1,3})?(?:problem|worry|risk)|(?:pendant\s{1,3}|for\s{1,3})?(?:un|une"
    r"|deux|trois|quelques|a|one|two|three|\d{1,2})\s{1,3}(?:mois|semaines?|jours|month|months"
    r"|weeks?|days))\b"
)
_DOSES = re.compile(r"\s{1,3}(?:vos|tes|ses|les|leurs|mes)\s{1,3}(?:seances|doses|prises)\b")
_PRONOUN_BEFORE = re.compile(
    r"(?:\bl'|\bles\s{1,3}|\bla\s{1,3}|\ble\s{1,3})(?:ai\s{1,3}|a\s{1,3})?(?:\w{3,10}\s{1,3})?$"
    r"|\btout\s{1,3}$"
)
_TAKING = re.compile(
    r"\s{0,3}(?:de|d')\s{0,2}(?:prendre|prends|faire|suivre|utiliser|aller|injecter|commencer"
    r"|accepter|donner|administrer|(?:lui|leur)\s{1,3}(?:donner|faire\s{1,3}prendre)"
    r"|vous\s{1,3}(?:injecter|piquer|soigner|traiter|faire)|te\s{1,3}(?:injecter|piquer"
    r"|soigner|faire)|se\s{1,3}(?:injecter|piquer|soigner))"
    r"|\s{1,3}(?:taking|using|injecting|going|having|giving|the|your|their|his|her|my)\b"
)
_DE = re.compile(
    r"\s{0,3}(?:de\b|d')(?!\s{0,2}(?:un\s{1,3}coup|suite|tout|toute|la\s{1,3}(?:dialyse|chimio)"
    r"|quelques|plusieurs|deux|trois|\d|un\s{1,3}mois|une\s{1,3}semaine))"
)
_ING_OR_TO = re.compile(r"\s{1,3}(?:\w{2,}ing|to)\b")


def judge(post: Post, verb: Verb, match: re.Match[str]) -> Hit | None:
    """A hit if the verb at `match` urges its treatment on someone, None otherwise.

    The cheap questions come first (what follows the verb), the costly ones (the sentence
    and its cues) last: a hostile post may repeat a verb ten thousand times.
    """
    text = post.text
    start, end = match.span()
    phrase = match.group()
    # "arrêter de fumer" stops a habit, "arrêter de prendre" a treatment; "stop to eat" a walk.
    if (_DE.match(text, end) or (verb.detail == STOP and _ING_OR_TO.match(text, end))) and not (
        _TAKING.match(text, end)
    ):
        return None
    obj = _OBJECT.match(text, end, min(len(text), end + 200))
    # "throw your inhalers in the bin": the object is inside the phrase.
    implicit = "vaccin" in phrase or bool(ANY_TREATMENT.search(phrase))
    # "fais une pause": a pause of what the sentences around name.
    elliptic = phrase.endswith("pause")
    before = pronoun = implied = None
    if not obj and not implicit and not elliptic:
        before = _PRONOUN_BEFORE.search(text, max(0, start - 30), start)
        pronoun = (
            "-" in phrase
            or bool(_PRONOUN_INSIDE.search(phrase))
            or bool(_PRONOUN.match(text, end))
            or bool(before)
            or bool(_DOSES.match(text, end))
        )
        # "arrêter le sport", "stop the car": a direct object that is no treatment.
        if phrase.startswith("evit") or (_DETERMINER.match(text, end) and not pronoun):
            return None
        implied = _IMPLIED.match(text, end)
        if not (pronoun or implied):
            return None
    form = form_of(post, verb, match)
    if form is None:
        return None
    negated = post.negated(start, end) or bool(_NEGATED_INSIDE.search(phrase))
    if verb.polarity == "plain" and negated:
        return None
    if verb.polarity == "accept" and not negated:
        return None
    if obj and obj.end() <= post.sentence(start, end)[1]:
        end = obj.end()
    elif not implicit:
        # "j'ai arrêté la mienne": the pronoun is part of the passage to highlight.
        following = _PRONOUN.match(text, end)
        end = following.end() if following else end
        # Without an object, only an order or a refusal implies the treatment named nearby.
        if not (elliptic or pronoun or (implied and (form == "urge" or verb.detail == REFUSE))):
            return None
        anaphora = (before and not before.group().startswith("tout")) or "-" in phrase
        if anaphora and not _antecedent_ok(post, start):
            return None
        # "Arrêtez-le", an order, may point two sentences back; "il faudrait les refuser"
        # points to the sentence before at most.
        near = post.sentence(start, end, before=1 if before else 2, after=2)
        if not post.has(ANY_TREATMENT, *near):
            return None
    if not allowed(post, start, end, form):
        return None
    return Hit("dangerous_advice", start, end, verb.detail)


def _antecedent_ok(post: Post, start: int) -> bool:
    """A pronoun before the verb ("il les refuse") stands for the nearest thing named before:
    a treatment, not the supplements named after it."""
    treatment = post.last(ANY_TREATMENT, max(0, start - 200), start)
    plant = post.last(REMEDY_RE, max(0, start - 200), start)
    return not (plant and (treatment is None or plant[0] > treatment[0]))

"""No more need of a treatment ("plus besoin d'insuline"), or a treatment replaced by a remedy."""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.textscan.advice.cues import ADVOCACY, REMEDY_RE, TREATMENT_RE, allowed
from community.textscan.advice.kinds import REPLACE, STOP
from community.textscan.advice.post import Post
from community.textscan.normalize import Hit, all_matches, word_matches
from community.textscan.vocabulary import TREATMENT

# Both begin a word (read with `word_matches`): the look-behind says so, and turns the
# middle of words away before the long alternations are tried.
_NO_NEED = re.compile(
    r"(?<![\w])(?:"
    r"(?:(?:plus|pas|aucun)\s{1,3}besoin\s{1,3}(?:de|d')|n'\s?(?:avez|as|a|aurez|auras|aura"
    r"|avons)\s{1,3}(?:plus\s{1,3}|pas\s{1,3}|jamais\s{1,3}|plus\s{1,3}jamais\s{1,3})besoin"
    r"\s{1,3}(?:de|d')|(?:don't|doesn't|do\s{1,3}not|won't|will\s{1,3}not|never)\s{1,3}need"
    r"|no\s{1,3}(?:need\s{1,3}for|more)|(?<!en\s)(?<!de\s)plus\s{1,3}(?:de|d')"
    r"|finie?s?\s{1,3}(?:les|la|le|l')"
    r"|adieu\s{1,3}(?:aux|a\s{1,3}la|au|a\s{1,3}l')|stop\s{1,3}(?:aux|a\s{1,3}la|au|a\s{1,3}l')"
    r"|sorti\w{0,3}\s{1,3}(?:de\s{1,3}la|des|du|de)|sans\s{1,3}(?:aucun\w?\s{1,3})?"
    r"|without(?:\s{1,3}any)?|manage\s{1,3}without)"
    rf"\s{{0,3}}(?:[\w']{{1,20}}\s{{1,3}}){{0,2}}?{TREATMENT}(?![\w])"
    r"|(?:insulin|medication|drug|pill)-?\s?free"
    r"|(?:is|are|am|been|now|completely|was|were|came|got|went)\s{1,3}off\s{1,3}(?:all\s{1,3})?"
    r"(?:of\s{1,3})?(?:his|her|my|their|the)?\s{0,3}(?:thyroid\s{1,3})?(?:meds|medication"
    r"|medications|treatment|insulin|pills|tablets|inhalers)\b"
    r")"
)
# Every match of _NO_NEED holds one of these: most posts are spared the search.
_NO_NEED_KEYS = (
    "besoin", "need", "more", "plus", "fini", "adieu", "stop", "sorti", "sans", "without",
    "free", "off",
)  # fmt: skip
_REPLACE = re.compile(
    r"(?<![\w])"
    r"(?:remplac(?:er|ez|e|ee|es|ees|ant|ent|ait)(?:-(?:les?|la))?|(?:a|en)\s{1,3}la\s{1,3}place"
    r"|au\s{1,3}lieu\s{1,3}(?:de|du|des|d')(?!\s{0,3}\d)|plutot\s{1,3}(?:que|qu')"
    r"|en\s{1,3}remplacement"
    r"|replac(?:e|ed|es|ing)|instead|in\s{1,3}place\s{1,3}of|rather\s{1,3}than|swap(?:ped|s)?"
    r"|switch(?:ed)?\s{1,3}to|passez\s{1,3}a|passe\s{1,3}a"
    # "Pourquoi prendre encore du Symbicort alors qu'il suffit de …"
    r"|alors\s{1,3}qu'il\s{1,3}suffit\s{1,3}(?:de|d')|when\s{1,3}(?:you|u)\s{1,3}(?:could|can)"
    r"\s{1,3}just)(?![\w])"
)
_REPLACE_KEYS = (
    "plac", "lieu", "plutot", "instead", "rather", "swap", "switch", "passe", "suffit", "just",
)  # fmt: skip
# Thrown away in a word: "Tes antiépileptiques ? Poubelle.", "Your inhalers? In the bin."
_DISMISSED = re.compile(
    rf"(?<![\w])(?:ton|ta|tes|vos|votre|your)\s{{1,3}}(?:[\w'-]{{1,20}}\s{{1,3}}){{0,2}}?{TREATMENT}"
    r"\s{0,3}[?:!,.\-]{1,3}\s{0,3}(?:a\s{1,3}la\s{1,3})?(?:poubelle|aux\s{1,3}orties"
    r"|(?:in\s{1,3}the\s{1,3})?bin(?:\s{1,3}(?:it|them))?)(?=\s{0,3}(?:[.!,]|$))"
)
_DISMISSED_KEYS = ("poubelle", "orties", "bin")
# "Ton vieux stylo ? Poubelle.": what is spent goes to the bin.
_SPENT = re.compile(
    r"\b(?:vides?|usages?|usagees?|perimee?s?|vieux|vieille|anciens?|anciennes?|entames?|old"
    r"|empty|expired|used|spare)\b"
)
# "replaced it with", "remplace par de l'ail": what is replaced was named before.
_REPLACED_PRONOUN = re.compile(
    r"\s{1,3}(?:it|them|those|la|le|les|-la|-le|-les|par|with|by)\b|-(?:la|le|les)\b"
)
_PRONOUN_AFTER = re.compile(r"\s{1,3}(?:it|them|those)\b|-(?:la|le|les)\b")
_COMPLEMENT = re.compile(
    r"\b(?:en\s{1,3}complement|complementaires?|en\s{1,3}plus\s{1,3}(?:de|du|des)|alongside"
    r"|in\s{1,3}addition|as\s{1,3}well\s{1,3}as|on\s{1,3}top\s{1,3}of)\b"
)


def find_no_need(post: Post) -> Iterator[Hit]:
    """No more need of a treatment, said next to a remedy or advice to follow."""
    text = post.text
    if not post.mentions(_NO_NEED_KEYS):
        return
    for match in word_matches(_NO_NEED, text):
        start, end = match.span()
        near = post.sentence(start, end, before=1, after=1)
        sells = post.has(REMEDY_RE, *near) or post.has(ADVOCACY, *near)
        if sells and allowed(post, start, end, "urge"):
            yield Hit("dangerous_advice", start, end, STOP)


def find_replacements(post: Post) -> Iterator[Hit]:
    """A treatment replaced by a remedy, not taken alongside it."""
    text = post.text
    if not post.mentions(_REPLACE_KEYS):
        return
    for match in word_matches(_REPLACE, text):
        start, end = match.span()
        sentence = post.sentence(start, end)
        near = post.sentence(start, end, before=1, after=1)
        # The remedy first: fewer posts name one, and it is the quicker to look for.
        if not post.has(REMEDY_RE, *near):
            continue
        # "Instead", "à la place", "replaced it with": the treatment was named before.
        anaphora = match.group() in ("a la place", "en la place", "instead") or bool(
            _REPLACED_PRONOUN.match(text, end)
        )
        # "Lithium wrecked my kidneys. You don't need it. Swap it for …": a pronoun may
        # point two sentences back.
        pronoun = _PRONOUN_AFTER.match(text, end)
        named = post.sentence(start, end, before=2, after=1) if pronoun else near
        treatment = post.has(TREATMENT_RE, *sentence) or (
            anaphora and post.has(TREATMENT_RE, *named)
        )
        if not treatment or post.has(_COMPLEMENT, *sentence):
            continue
        if post.negated(start, end) or not allowed(post, start, end, "urge"):
            continue
        yield Hit("dangerous_advice", start, end, REPLACE)


def find_dismissals(post: Post) -> Iterator[Hit]:
    """A treatment thrown away in a word."""
    if not post.mentions(_DISMISSED_KEYS):
        return
    for match in all_matches(_DISMISSED, post.text):
        start, end = match.span()
        if _SPENT.search(match.group()):
            continue
        if allowed(post, start, end, "urge"):
            yield Hit("dangerous_advice", start, end, STOP)


# Each pattern runs only if one of its key words is in the post (the tests check them).
KEYED = ((_NO_NEED, _NO_NEED_KEYS), (_REPLACE, _REPLACE_KEYS), (_DISMISSED, _DISMISSED_KEYS))

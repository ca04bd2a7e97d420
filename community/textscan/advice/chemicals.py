"""Chemicals to drink, swallow or inject: chlorine dioxide (MMS), turpentine, bleach…"""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.textscan.advice.cues import allowed
from community.textscan.advice.kinds import CHEMICALS
from community.textscan.advice.post import Post
from community.textscan.normalize import Hit, all_matches

_CHEM_STRONG = (
    r"(?:mms|miracle\s{1,3}mineral\w{0,9}|dioxyde\s{1,3}de\s{1,3}chlore|chlorine\s{1,3}dioxide"
    r"|chlorite\s{1,3}de\s{1,3}sodium|sodium\s{1,3}chlorite|kerosene|petrole\s{1,3}lampant"
    r"|terebenthine|turpentine|borax|tetraborate|dmso|argent\s{1,3}colloidal|colloidal\s{1,3}silver"
    r"|white\s{1,3}spirit|creosote)"
)
_CHEM_HOUSEHOLD = (
    r"(?:javel|bleach|eau\s{1,3}oxygenee|peroxyde\s{1,3}d'?\s?hydrogene|hydrogen\s{1,3}peroxide"
    r"|ammoniaque|ammonia|petrole|paraffin|essence)"
)
_CHEMICAL = re.compile(rf"(?:{_CHEM_STRONG}|(?P<household>{_CHEM_HOUSEHOLD}))(?![\w])")
# Every match of _CHEMICAL holds one of these: most posts are spared the search.
_CHEMICAL_KEYS = (
    "mms", "mineral", "dioxyde", "chlorine", "chlorite", "kerosene", "petrole", "terebenthine",
    "turpentine", "borax", "tetraborate", "dmso", "colloidal", "spirit", "creosote", "javel",
    "bleach", "oxygenee", "perox", "ammonia", "paraffin", "essence",
)  # fmt: skip
_INGEST = re.compile(
    r"\b(?:boire|bois|boit|boivent|buv\w{1,4}|bu|avale\w{0,2}|avaler|ingere\w{0,2}|verres?"
    r"|cuillere\w{0,2}|injection|injecte\w{0,2}|intraveineuse|lavements?|a\s{1,3}jeun|sucre"
    r"|gargari\w{1,4}|badigeonn\w{1,4}|bains?\s{1,3}de\s{1,3}siege|drink\w{0,3}|drank|sip\w{0,3}"
    r"|swallow\w{0,2}|glass|teaspoon|tablespoon|spoon|inject\w{0,3}|enemas?|intravenous"
    r"|sugar\s{1,3}cube|empty\s{1,3}stomach|food\s{1,3}grade|alimentaire|dilue\w{0,2}"
    r"|dilut\w{1,3}|gouttes?|drops?|nebuli[sz]\w{0,4}|inhal(?:e|es|ing)|vapori[sz]\w{0,4}"
    r"|aerosols?)\b"
)
_INGEST_WEAK = re.compile(
    r"\b(?:prend\w{0,3}|pris|protocole|cure|par\s{1,3}jour|fois\s{1,3}par|toutes\s{1,3}les"
    r"\s{1,3}heures|application|applique\w{0,2}|take|taking|took|protocol|a\s{1,3}day"
    r"|every\s{1,3}(?:hour|morning|day)|give\s{1,3}it|mix\w{0,3}|melange\w{0,2}|conseille"
    r"|recommande|essayez|recommend|try|remede|remedy|tout\s{1,3}le\s{1,3}monde)\b"
)
_CHEM_SAFE = re.compile(
    r"\b(?:ne\s{1,3}(?:buvez|bois|donnez|prenez|faites|avalez)|n'en\s{1,3}(?:\w{1,10}\s{1,3}){1,2}"
    r"(?:pas|jamais)|c'est\s{1,3}de\s{1,3}l'?\s?eau\s{1,3}de\s{1,3}javel|never\s{1,3}(?:drink|give"
    r"|take|swallow)|don't\s{1,3}(?:drink|give|take|swallow)"
    r"|do\s{1,3}not|bains?\s{1,3}de\s{1,3}bouche|mouthwash|nettoy\w{1,6}|desinfect\w{1,6}"
    r"|plaies?|menage|surfaces?|cleaning|wounds?|disinfect\w{0,6}|toxique|toxic)\b"
)


def find_chemicals(post: Post) -> Iterator[Hit]:
    """A chemical with a way to take it nearby, and no warning or cleaning in its sentence."""
    text = post.text
    if not post.mentions(_CHEMICAL_KEYS):
        return
    for match in all_matches(_CHEMICAL, text):
        start, end = match.span()
        sentence = post.sentence(start, end)
        near = post.sentence(start, end, before=1, after=1)
        ingests = post.has(_INGEST, *near) or (
            not match.group("household") and post.has(_INGEST_WEAK, *near)
        )
        if not ingests or post.has(_CHEM_SAFE, *sentence) or not allowed(post, start, end, "urge"):
            continue
        yield Hit("dangerous_advice", start, end, CHEMICALS)


# Each pattern runs only if one of its key words is in the post (the tests check them).
KEYED = ((_CHEMICAL, _CHEMICAL_KEYS),)

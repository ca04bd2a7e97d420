"""Miracle cures: a miracle remedy for a disease, or a cure claimed in a selling post."""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.textscan.normalize import Hit, word_matches
from community.textscan.spam.marks import Marks, Post
from community.textscan.vocabulary import DISEASE, TREATMENT

_MIRACLE = re.compile(
    r"(?:(?:remedes?|traitements?|produits?|methodes?|solutions?|cures?|plantes?|complements?"
    r"|pilules?|tisanes?|elixirs?|protocoles?)\s{1,3}miracles?|miracle\s{1,3}(?:cure|remedy|pill"
    r"|treatment|product)s?|guerison\s{1,3}(?:garantie|assuree|miracle|100\s?%|totale|definitive)"
    r"|gueri\s{1,3}ou\s{1,3}rembourse|resultats\s{1,3}garantis|guaranteed\s{1,3}results"
    r"|(?:cures?|remedes?)\s{1,3}anti-?(?:cancers?|diabete|cholesterol|arthrose|douleurs?|rides))"
    r"(?![\w])"
)
_MIRACLE_KEYS = ("miracle", "gueri", "garanti", "guarant", "anti")
# "Pas de remède miracle", "attendre un traitement miracle", "ceux qui vendent des cures
# miracles": no miracle is promised.
_MIRACLE_NEGATED = re.compile(
    r"(?:\bpas\s{1,3}(?:de|d')|\baucune?|\bn'existe|\bno|\bnot\s{1,3}a|\bsans|\bvente\s{1,3}de"
    r"|\bvend\w{0,4}\s{1,3}des|\battend\w{0,4}\s{1,3}(?:un|le)|\bespere\w{0,2}\s{1,3}(?:un|le)"
    r"|\bcherch\w{0,4}\s{1,3}(?:un|le|la)|\bwaiting\s{1,3}for\s{1,3}a"
    r"|\bhop\w{1,4}\s{1,3}for\s{1,3}a"
    r"|\bsell\w{0,3}|\bbeware\s{1,3}of)\s{0,3}$"
)
# A cure claimed in a selling post, past or present: "j'ai guéri mon diabète grâce à ce
# produit".
_CURE_CLAIM = re.compile(
    r"(?:guerit|guerissent|guerir|guerissez|gueri\w{0,2}|elimine\w{0,2}|a?fait\s{1,3}disparaitre"
    r"|font\s{1,3}disparaitre|disparaissent|inverse\w{0,2}|regenere\w{0,2}|detruit|sauve|fondu)"
    rf"[^.!?\n]{{0,120}}?(?<![\w]){DISEASE}(?![\w])"
    # English verbs right before the disease: "cured my diabetes", not "une cure de chimio".
    r"|(?:cures?|cured|reverse[sd]?|heal(?:s|ed)?|kills|shrinks|cleared|fixed|sorted"
    r"|got\s{1,3}rid\s{1,3}of)\s{1,3}(?:[\w']{1,15}\s{1,3}){0,2}"
    rf"{DISEASE}(?![\w])"
    # The disease gone, in any tense: "my psoriasis cleared", "tremor is GONE", "pouvait
    # régresser", "Hashimoto's reversal programme".
    rf"|(?<![\w]){DISEASE}(?![\w])[^.!?\n]{{0,40}}?(?:cured|gone|cleared|vanished|went\s{{1,3}}away"
    r"|revers\w{1,3}|se\s{1,3}guerit|disparait|disparu|est\s{1,3}partie?|regress\w{1,5})"
    rf"|(?<![\w])(?:fini|finie|adieu|bye\s{{1,3}}bye)\s{{1,3}}(?:le|la|l'|les|mon|ma|mes)?\s{{0,3}}{DISEASE}"
    # Off every treatment: "within 60 days I was off ALL my medication", "came off their
    # thyroid meds", "get off levothyroxine for good".
    r"|(?:was|were|came|come|comes|got|get|gets|getting|been|are|went|go)\s{1,3}off\s{1,3}"
    r"(?:(?:all|of|my|their|your|his|her|the|thyroid|asthma|diabetes)\s{1,3}){0,3}"
    rf"{TREATMENT}(?![\w])"
)
_DISEASE_RE = re.compile(rf"(?<![\w]){DISEASE}(?![\w])")
# A cure claimed next to a link is sold when the post speaks of a shop, an order, a kit.
_SHOP = re.compile(
    r"(?<![\w])(?:boutique|shop|store|bundle|order|commande\w{0,2}|grab|claim|buy|achet\w{1,4})"
    r"(?![\w])"
)
_CURE_NEGATED = re.compile(
    r"(?:\bne\b|\bn'|\bpas\b|\bnot\b|n't\b|\bnever\b|\baucun\w?\b)[^.!?\n,]{0,25}$"
)


def find_miracle_cures(post: Post, selling: bool) -> Iterator[Hit]:
    """Miracles and cures sold; a "remède miracle contre l'endométriose" is an advertisement
    even without a price."""
    folded = post.folded
    if post.mentions(_MIRACLE_KEYS):
        diseases: Marks | None = None
        for match in word_matches(_MIRACLE, folded):
            if _MIRACLE_NEGATED.search(folded, max(0, match.start() - 30), match.start()):
                continue
            diseases = diseases or Marks(_DISEASE_RE, folded)
            if selling or diseases.within(*post.sentence(match.start(), match.end())):
                yield Hit("miracle_cure", match.start(), match.end())
    if not selling and post.links:
        selling = bool(_SHOP.search(folded))
    if selling:
        for match in word_matches(_CURE_CLAIM, folded):
            if not _CURE_NEGATED.search(folded, max(0, match.start() - 40), match.start()):
                yield Hit("miracle_cure", match.start(), match.end())


# Each pattern runs only if one of its key words is in the post (the tests may check them).
KEYED = ((_MIRACLE, _MIRACLE_KEYS),)

"""Invitations to write in private ("écris-moi en MP") about a product, a price or a remedy."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from community.textscan.normalize import Hit, all_matches
from community.textscan.spam.marks import Marks, Post

# Each begins a word: the look-behind turns the middle of words away before the alternation.
_PRIVATE = re.compile(
    r"(?<![\w])"
    r"(?:(?:ecri\w{0,4}|envo[iy]\w{0,4}|contacte\w{0,2}|demande\w{0,2}|viens|venez|passe\w{0,2}"
    r"|repon\w{1,4}|parle\w{0,2})(?:-moi|\s{1,3}moi)?\s{1,3}(?:(?:en|par)\s{1,3}|un\s{1,3}(?:petit"
    r"\s{1,3})?)(?:mp|pv|prive|message\s{1,3}prive|messages?\s{1,3}prives?|inbox|dm)|(?:mp|pm|dm"
    r"|inbox|message"
    r"|text|whatsapp)(?:-moi|\s{1,3}(?:moi|me))|je\s{1,3}(?:t'|te\s{1,3}|vous\s{1,3})?(?:envoie"
    r"|explique"
    r"|dis|donne|reponds|dirai|enverrai)\s{1,3}(?:[\w']{1,12}\s{1,3}){0,4}(?:en|par)\s{1,3}(?:mp"
    r"|prive"
    r"|message\s{1,3}prive|dm)|i'll\s{1,3}(?:send|tell)\s{1,3}you\s{1,3}(?:[\w']{1,12}\s{1,3}){0,3}"
    r"(?:privately|in\s{1,3}private|by\s{1,3}dm)"
    r"|(?:message|contact)\s{1,3}me\s{1,3}privately|send\s{1,3}me\s{1,3}a\s{1,3}(?:private\s{1,3})?"
    r"message|drop\s{1,3}me\s{1,3}a\s{1,3}message|private\s{1,3}message"
    r"|contacte?z?\s{0,3}-?\s{0,3}moi"
    r"\s{1,3}(?:sur|par)\s{1,3}(?:whatsapp|telegram|signal|snap\w{0,4}|insta\w{0,5}|messenger)|je\s{1,3}(?:t'|vous\s{1,3})ai\s{1,3}envoye\s{1,3}un\s{1,3}mp"
    r"|ecri\w{0,4}-moi|envoyez-moi\s{1,3}un\s{1,3}message)(?![\w])"
)
_PRODUCT = re.compile(
    r"\b(?:produits?|truc|(?:j'ai|ai)\s{1,3}(?:la|une|ma)\s{1,3}solution|solution\s{1,3}(?:pour"
    r"|contre)\s{1,3}(?:ta|ton|tes|vos|votre|your)|complements?|cremes?|tisanes?|gelules|poudres?"
    r"|huiles?|patchs"
    r"|echantillons|sachets|tarifs|prix|combien\s{1,3}ca\s{1,3}coute|commander"
    r"|ou\s{1,3}(?:en\s{1,3})?"
    r"(?:trouver|acheter|le\s{1,3}commander|la\s{1,3}commander)|references|stock"
    r"|le\s{1,3}nom\s{1,3}du"
    r"|ce\s{1,3}qu'il\s{1,3}(?:te\s{1,3}|vous\s{1,3})?faut|product|supplements?|prices?|bundles?"
    r"|starter\s{1,3}pack|the\s{1,3}name\s{1,3}of|where\s{1,3}to\s{1,3}(?:get|buy)|samples?|the\s{1,3}thing"
    r"|(?:say|post|give|share)\s{1,3}the\s{1,3}name|discount"
    r"|sort\s{1,3}you\s{1,3}out|cheaper\s{1,3}than|gel|tea|dispo|i've\s{1,3}got\s{1,3}(?:something"
    r"|just\s{1,3}the\s{1,3}thing)|j'ai\s{1,3}(?:quelque\s{1,3}chose|un\s{1,3}truc)|not\s{1,3}on"
    r"\s{1,3}the\s{1,3}shelves)\b|interess\w{0,3}\s{0,2}\?"
    r"|interested\s{0,2}\?"
)

_ASKED = re.compile(r"(?:\bm'ont|\bm'a|\bon\s{1,3}m'a|\bj'ai|\bm'avez|\bm'avait)\s{1,3}$")


def find_private_contact(post: Post) -> Iterator[Hit]:
    """Each invitation to write in private with a product named around it."""
    folded = post.folded
    products: Marks | None = None
    for match in all_matches(_PRIVATE, folded):
        # "Celles qui m'ont demandé en MP" tells of messages received, it invites none.
        if _ASKED.search(folded, max(0, match.start() - 12), match.start()):
            continue
        ends = post.ends
        index = bisect_left(ends, match.end())
        last = ends[index + 1] if index + 1 < len(ends) else len(folded)
        products = products or Marks(_PRODUCT, folded)
        if products.within(max(0, match.start() - 600), min(last, match.end() + 300)):
            yield Hit("private_contact", match.start(), match.end())

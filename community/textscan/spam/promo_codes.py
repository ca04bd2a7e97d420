"""Promo codes, referral codes and affiliate links: named, typed after a word, or in a link."""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.textscan.normalize import Hit, all_matches, overlap_test, word_matches
from community.textscan.spam.marks import Marks, Post


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CODE_WORDS = re.compile(
    r"(?:codes?\s{1,3}(?:promo|de\s{1,3}(?:reduction|parrainage|remise)|parrain\w{0,4}|partenaire"
    r"|avantage|reduc|discount|referral)|promo\s{1,3}codes?|discount\s{1,3}codes?"
    r"|referral\s{1,3}codes?"
    r"|coupon\s{1,3}codes?|bon\s{1,3}de\s{1,3}reduction|code\s{1,3}parrain)(?![\w])"
)
_CODE_SHAPE = r"(?P<code>[a-z0-9][a-z0-9-]{2,24})(?![\w@.]\w)"
_CODE_AFTER_WORD = re.compile(
    r"(?:code|coupon)\w{0,4}(?:\s{1,3}(?:promo|parrain\w{0,4}|de\s{1,3}\w{4,11}))?"
    r"\s{0,3}[:=«\"']?\s{0,3}" + _CODE_SHAPE
)
_CODE_AFTER_VERB = re.compile(
    r"(?:avec|with|use|using|enter|type|quote|tape|tapez|utilise|utilisez|entre|entrez|saisis"
    r"|saisissez|mets|mettez|renseigne\w{0,2})\s{1,3}(?:(?:le|mon|my|the)\s{1,3})?(?:code\s{1,3})?"
    + _CODE_SHAPE
)
# The look-behind says the code begins a word, and turns the middle of words away at once.
_CODE_BEFORE_OFFER = re.compile(
    r"(?<![\w])"
    + _CODE_SHAPE
    + r"(?:\s{0,3}(?:=|→|->|:)\s{0,3}(?:-\s?\d|\d{1,2}\s?%)|\s{0,3},?\s{0,3}(?:qui\s{1,3})?"
    r"(?:takes|gets\s{1,3}you|vous\s{1,3}donne|te\s{1,3}donne|fait|offre|donne|pour|for)\s{1,3}"
    r"(?:-\s?\d{1,2}\s?%|\d{1,3}\s?%|\d{1,3}\s?(?:€|£)|[£$€]\s?\d|(?:un|une|1|a|le|la)\s{1,3}"
    r"(?:\w{1,12}\s{1,3})?(?:mois|month|bottle|free|gratuit|offert))|,\s{0,3}(?:1er|premier|first)"
    r"\s{1,3}\w{1,10}\s{1,3}(?:offert|gratuit|free))"
)
# Every match of _CODE_BEFORE_OFFER holds a digit or one of these: most posts are spared it.
_FREE_KEYS = ("mois", "month", "bottle", "free", "gratuit", "offert")
_DIGIT = re.compile(r"\d")
_OFFER = re.compile(
    r"-\s?\d{1,2}\s?%|\d{1,2}\s?%\s{0,3}(?:off|de\s{1,3}(?:reduction|remise|moins)|sur|on)"
    r"|[£$€]\s?\d{1,3}\s{1,3}(?:off|offerts?)|\d{1,3}\s?(?:€|£)\s{1,3}(?:offerts?|off"
    r"|de\s{1,3}reduction)"
    r"|\boff\b|reduction|remise|discount|\bfree\b|gratuit|offerte?s?\b|livraison|checkout|caisse"
    r"|\btill\b|first\s{1,3}order|premiere\s{1,3}commande"
    r"|sur\s{1,3}(?:tout\s{1,3})?(?:le\s{1,3}site"
    r"|la\s{1,3}boutique|la\s{1,3}gamme)|parrain\w{0,4}|credit"
)
# Capitals that are words, not codes: diseases, services, shouting.
_NOT_CODES = _words(
    "sep vih hiv ms irm mri nhs gp aah mdph caf bpco copd sopk pcos tens cbd ald ars has chu"
    " dt1 dt2 t1 t2 icu ok mp dm pm sms pip esa covid rch mici sla tca tdah adhd ibd ibs ppc"
    " hba1c info infos ready cure me go non oui stop urgent"
)
_AFFILIATE_URL = re.compile(
    r"[?&](?:ref|ref_id|refid|aff|aff_id|affid|affiliate|affiliation|referral|referrer|sponsor"
    r"|partenaire|partner|partner_id|ambassad\w{0,5}"
    r"|parrain\w{0,4}|coupon|promo|tag)=|/(?:r|ref|invite|aff|affiliate|referral|parrainage)/",
    re.IGNORECASE,
)
_AFFILIATE_WORDS = re.compile(
    r"(?<![\w])"
    r"(?:liens?\s{1,3}(?:affilie\w{0,2}|d'affiliation|partenaires?|de\s{1,3}parrainage|parrain"
    r"|perso\w{0,5})|affiliate\s{1,3}links?|referral\s{1,3}links?|invite\s{1,3}links?"
    r"|(?:je\s{1,3}touche|i\s{1,3}(?:earn|get|make))\s{1,3}(?:une\s{1,3}|a\s{1,3})?(?:petite\s{1,3}"
    r"|small\s{1,3}|tiny\s{1,3}|little\s{1,3}|quelques\s{1,3})?(?:commission|centimes|credit|cut"
    r"|bit)"
    r"|i\s{1,3}(?:earn|make|get)\s{1,3}a\s{1,3}(?:little|bit)|so\s{1,3}i\s{1,3}get\s{1,3}credit"
    r"|(?:ca|cela|qui)\s{1,3}me\s{1,3}(?:fait|rapporte|donne)\s{1,3}(?:une\s{1,3})?(?:petite\s{1,3})?"
    r"(?:commission|com|credit)|\(\s{0,2}(?:affiliate|affilie|lien\s{1,3}affilie|aff)\s{0,2}[,)]"
    r"|(?:every|each)\s{1,3}click\s{1,3}(?:helps|counts)|chaque\s{1,3}clic\s{1,3}(?:aide|compte)"
    r"|(?:avec|with|use|par|passez\s{1,3}par|through)\s{1,3}(?:mon|my|ce|this|the)\s{1,3}(?:lien"
    r"|link)"
    r"(?=[^.!?\n]{0,80}(?:-\s?\d{1,2}\s?%|remise|reduction|commission|credit|offert|cadeau|aide"
    r"|click|clic|helps"
    r"|\d\s?€|£\s?\d)))(?![\w])"
)
# Every match of _AFFILIATE_WORDS holds one of these.
_AFFILIATE_KEYS = (
    "lien", "link", "commission", "centimes", "credit", "cut", "bit", "little", "aff", "clic",
)  # fmt: skip
# An address with a referral id, whatever its ending: "site.example/shop?ref=kelly88".
_REFERRAL_ADDRESS = re.compile(
    r"[\w-]{2,63}\.[a-z]{2,12}(?:/[^\s?]{0,200})?\?[^\s]{0,200}?(?<=[?&])(?:ref|aff|aff_id|affid"
    r"|affiliate|referral|sponsor|tag)=[\w-]{2,40}"
)


def _is_code(token: str, post: Post) -> bool:
    """A code as people type it: "SANTE20", "PIEDS30", "GUTLOVE", "Type1Tribe25"; in a post
    written in capitals, only one with digits."""
    letters = sum(char.isalpha() for char in token)
    if letters < 2 or token.lower() in _NOT_CODES or token.lower().strip("-") in _NOT_CODES:
        return False
    digits = sum(char.isdigit() for char in token)
    if not digits and post.shouting:
        return False
    if token.replace("-", "").isupper() and (digits or len(token) >= 4):
        return True
    return bool(digits) and token[-1].isdigit() and any(char.isupper() for char in token)


def find_promo_codes(post: Post) -> Iterator[Hit]:
    """Codes named as such, codes typed where a code goes, and affiliate and referral links."""
    text, folded, links = post.text, post.folded, post.links
    for match in word_matches(_CODE_WORDS, folded):
        yield Hit("promo_code", match.start(), match.end())
    offers: Marks | None = None
    if any(char.isdigit() or char.isupper() for char in text.original):
        patterns = [(_CODE_AFTER_WORD, False), (_CODE_AFTER_VERB, True)]
        if _DIGIT.search(folded) or post.mentions(_FREE_KEYS):
            patterns.append((_CODE_BEFORE_OFFER, False))
        for pattern, offer_after in patterns:
            for match in word_matches(pattern, folded):
                start, end = match.span("code")
                if not _is_code(text.original_slice(start, end), post):
                    continue
                if offer_after:
                    offers = offers or Marks(_OFFER, folded)
                    if not offers.within(max(0, match.start() - 80), end + 80):
                        continue
                yield Hit("promo_code", start, end)
    for hit, _url in links:
        if _AFFILIATE_URL.search(text.original_slice(hit.start, hit.end)):
            yield Hit("promo_code", hit.start, hit.end, hit.detail)
    if post.mentions(_AFFILIATE_KEYS):
        for match in all_matches(_AFFILIATE_WORDS, folded):
            yield Hit("promo_code", match.start(), match.end())
    if "=" in folded:
        in_link = overlap_test((hit.start, hit.end) for hit, _url in links)
        for match in _REFERRAL_ADDRESS.finditer(folded):
            if not in_link(match.start(), match.end()):
                yield Hit("promo_code", match.start(), match.end())


# Each pattern runs only if one of its key words is in the post (the tests may check them).
KEYED = ((_AFFILIATE_WORDS, _AFFILIATE_KEYS),)

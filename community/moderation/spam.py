"""Links, and the spam that comes with them: miracle cures, advice to stop a treatment, sales."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from community.moderation.folding import FoldedText, Hit, overlap_test, word_matches

# --- Links -------------------------------------------------------------------------

# Top-level domains recognised without "http" or "www". Those that are also words
# right after a missing space ("traitement.De plus", "fini.It") are left out.
_BARE_TLDS = (
    r"(?:com|fr|net|org|info|io|ly|eu|be|ch|biz|shop|store|xyz|online|site|health|care|tv"
    r"|gl|app|uk|ca|bzh|click|link|top|club|pro|live|co)"
)
# The look-behinds follow the first letter so that the engine can leap between them.
_SCHEME_URL = re.compile(
    r"(?:h(?<![\w@.\-]h)ttps?://|f(?<![\w@.\-]f)tp://|w(?<![\w@.\-]w)ww\.)"
    r"[^\s<>\"'\[\]]{1,2000}"
)
# A bare domain ("monsite.fr/promo") is found by its ending, then read backwards.
_BARE_ENDING = re.compile(rf"\.{_BARE_TLDS}(?![\w\-])(?:/[^\s<>\"'\[\]]{{0,2000}})?")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


def _after_no_host(text: str, index: int) -> bool:
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] in "_@.-")


def _bare_domain_start(folded: str, dot: int) -> int | None:
    start = dot
    while start > 0 and dot - start < 253 and folded[start - 1] in _HOST_CHARS:
        start -= 1
    while start < dot and folded[start] in ".-":
        start += 1
    if start == dot or not _after_no_host(folded, start):
        return None
    return start


_TRAILING = ".,;:!?»)'\"…"
_SCHEME = re.compile(r"^(?:[a-z]+://)?(?:www\.)?", re.IGNORECASE)


def _trim(url: str) -> str:
    """Drop the punctuation that ends the sentence, and a ")" that closes Markdown."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def domain_of(url: str) -> str:
    """The host a link points to, as a moderator would read it: "doctissimo.fr"."""
    rest = _SCHEME.sub("", url)
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0]
    return host.lower().rstrip(".")


def _links(text: FoldedText) -> list[tuple[Hit, str]]:
    folded = text.folded
    found = [(m.start(), m.group()) for m in _SCHEME_URL.finditer(folded)]
    in_scheme_url = overlap_test((start, start + len(url)) for start, url in found)
    for match in _BARE_ENDING.finditer(folded):
        start = _bare_domain_start(folded, match.start())
        if start is None or in_scheme_url(start, start + 1):
            continue
        found.append((start, folded[start : match.end()]))
    links = []
    for start, raw in sorted(found):
        url = _trim(raw)
        if not url:
            continue
        end = start + len(url)
        domain = domain_of(text.original_slice(start, end))
        links.append((Hit("link", start, end, domain), url))
    return links


# --- Miracle cures and dangerous advice -----------------------------------------------

_DISEASES = (
    r"(?:diabete|cancer|endometriose|sclerose|sep|arthrose|hypertension|cholesterol"
    r"|psoriasis|eczema|depression|alzheimer|parkinson|lupus|fibromyalgie|thyroide"
    r"|hashimoto|migraine|asthme|crohn|polyarthrite|maladie|diabetes|disease)"
)
_TREATMENTS = (
    r"(?:traitements?|insuline|chimio\w{0,6}|medicaments|medocs|metformine|levothyrox"
    r"|antidepresseurs|vaccins?|insulin|medications?|meds|treatment)"
)
_W = r"(?:[\w']{1,30}\s{1,3})"
# Each with the words one of which must be in the text for it to be worth running.
_MIRACLE: list[tuple[tuple[str, ...], str]] = [
    (
        ("jours", "semaines", "mois", "days", "weeks", "months"),
        r"(?:guerir|guerissez|gueris|soigner|soignez|eliminer|eliminez|inverser|inversez"
        rf"|vaincre|stopper|reverse|cure|beat)\s{{1,3}}{_W}{{0,3}}?{_DISEASES}\w{{0,3}}\s{{1,3}}"
        rf"{_W}{{0,3}}?(?:en|in)\s{{1,3}}(?:\d{{1,3}}|deux|trois|quelques|quinze|dix|few)"
        r"\s{1,3}(?:jours|semaines|mois|days|weeks|months)\b",
    ),
    (
        ("naturellement", "sans"),
        r"(?:guerir|guerissez|soigner|soignez)\s{1,3}"
        + _W
        + "{0,3}?"
        + _DISEASES
        + r"\w{0,3}\s{1,3}(?:naturellement|sans\s{1,3}(?:medicaments|insuline))\b",
    ),
    (
        ("guerison", "remission"),
        r"(?:guerison|remission)\s{1,3}(?:garantie|assuree|miracle|100\s?%)",
    ),
    (
        ("miracle",),
        r"(?:remedes?|traitements?|produits?|methodes?|solutions?|cures?|plantes?"
        r"|complements?|pilules?|tisanes?)\s{1,3}miracles?\b",
    ),
    (("miracle",), r"miracle\s{1,3}(?:cure|remedy|pill|treatment)s?\b"),
    (
        ("remplac",),
        r"(?:naturel\w{0,3}|plantes?|cure|complements?|tisanes?|huiles?|jeune|regime"
        r"|produits?)\s{1,3}" + _W + r"{0,4}?remplac\w{1,5}\s{1,3}(?:l'?\s?|les\s{1,3}|votre"
        r"\s{1,3}|vos\s{1,3}|ton\s{1,3}|tes\s{1,3})?" + _TREATMENTS + r"\b",
    ),
    (
        ("remplac",),
        r"(?:remplacez|remplacer|remplace)\s{1,3}(?:votre|vos|ton|tes)\s{1,3}"
        + _TREATMENTS
        + r"\b",
    ),
    (
        ("arret", "stopp", "abandonn", "jetez"),
        r"(?:arretez|arrete|arreter(?<!ne pas arreter)(?<!jamais arreter)|stoppez|abandonnez|jetez)"
        r"\s{1,3}(?:votre|vos|ton|tes)\s{1,3}"
        + _TREATMENTS
        + r"\b(?!\s{1,3}sans\s{1,3}(?:avis|l'?\s?avis|en\s{1,3}parler|consulter|demander))",
    ),
    (
        ("stop",),
        r"stop(?<!not stop)(?<!never stop)(?<!n't stop)\s{1,3}(?:taking\s{1,3})?your\s{1,3}"
        + _TREATMENTS
        + r"\b",
    ),
    (
        ("cachent", "disent", "diront"),
        r"(?:medecins|labos|laboratoires|big\s{1,3}pharma)\s{1,3}"
        r"(?:ne\s{1,3})?(?:vous|nous|te)\s{1,3}(?:le\s{1,3})?(?:cachent|disent\s{1,3}pas"
        r"|diront\s{1,3}jamais)\b",
    ),
    (
        ("know",),
        r"doctors\s{1,3}(?:don'?t|do\s{1,3}not)\s{1,3}want\s{1,3}you\s{1,3}to\s{1,3}know\b",
    ),
]
_MIRACLE_PATTERNS = [(keys, re.compile(pattern)) for keys, pattern in _MIRACLE]

# --- Sales -------------------------------------------------------------------------

# Enough on their own: nobody says "code promo" or "livraison offerte" about their health.
_SALES_STRONG = re.compile(
    r"(?:codes?\s{1,3}promo|promo\s{1,3}codes?|livraison\s{1,3}(?:gratuite|offerte)"
    r"|frais\s{1,3}de\s{1,3}port\s{1,3}offerts|satisfaits?\s{1,3}ou\s{1,3}rembourses?"
    r"|offres?\s{1,3}(?:speciale|limitee|exclusive|exceptionnelle)s?|achetez|commandez"
    r"|je\s{1,3}(?:vends|revends)|a\s{1,3}vendre|en\s{1,3}promo(?:tion)?"
    r"|free\s{1,3}shipping|buy\s{1,3}now|order\s{1,3}now|discount\s{1,3}code)\b"
)
# Everyday words ("le prix de l'insuline", "j'ai acheté un lecteur"): sales talk only
# beside a link.
_SALES_WEAK = re.compile(
    r"\b(?:prix|promo|promos|acheter|achat|commander|boutique|en\s{1,3}vente|reduction"
    r"|remise|soldes|tarif|price|buy|discount|sale)\b"
    r"|-\s?\d{1,2}\s?%|\b\d{1,5}(?:[.,]\d{1,2})?\s?(?:€|euros?\b|eur\b)"
)


def find_spam(text: FoldedText) -> Iterator[Hit]:
    """Links (one hit per link), repeated links, miracle cures and sales talk in `text`."""
    folded = text.folded
    links = _links(text)
    for hit, _url in links:
        yield hit
    # The same site three times or more, or the same address twice.
    per_site = Counter(hit.detail for hit, _url in links)
    per_address = Counter(url for _hit, url in links)
    repeated = {
        hit.detail for hit, url in links if per_site[hit.detail] >= 3 or per_address[url] > 1
    }
    for hit, _url in links:
        if hit.detail in repeated:
            yield Hit("repeated_links", hit.start, hit.end, hit.detail)
    for keys, pattern in _MIRACLE_PATTERNS:
        if any(key in folded for key in keys):
            for match in word_matches(pattern, folded):
                yield Hit("miracle_cure", match.start(), match.end())
    strong = [Hit("sales", m.start(), m.end()) for m in word_matches(_SALES_STRONG, folded)]
    yield from strong
    if strong or links:
        for match in _SALES_WEAK.finditer(folded):
            yield Hit("sales", match.start(), match.end())

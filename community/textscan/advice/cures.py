"""Cure promises: a chronic disease said to be cured, by a remedy or for good."""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.textscan.advice.cues import allowed
from community.textscan.advice.kinds import CURE
from community.textscan.advice.post import Post
from community.textscan.normalize import Hit, word_matches
from community.textscan.vocabulary import DISEASE, INCURABLE, REMEDY

# Diseases the shared vocabulary lacks (they belong in vocabulary.py): "type 1" said
# alone, bowel diseases in full, English fibromyalgia, sickle cell.
_EXTRA_INCURABLE = (
    r"(?:type\s{1,3}(?:1|2|one|two|un|deux)|mici|ibd|maladies?\s{1,3}inflammatoires?"
    r"(?:\s{1,3}chroniques?)?\s{1,3}(?:de\s{1,3}l'?\s?intestin|intestinales?)|inflammatory\s{1,3}bowel"
    r"\s{1,3}disease|fibromyalgia|drepanocytose|sickle\s{1,3}cell|myasthenie|myasthenia)"
)
_DISEASES = rf"(?:{DISEASE}|{_EXTRA_INCURABLE})"
_CURE_VERB = (
    r"(?:guerit|guerissent|guerira|gueriront|guerissez|guerir|guerissable|se\s{1,3}guerit"
    r"|se\s{1,3}soigne|elimine|eliminent|eliminer|eliminez|a?fait\s{1,3}disparaitre|font\s{1,3}"
    r"disparaitre|disparait|disparaissent|inverse|inverser|inversez|regenere\w{0,3}"
    r"|reversible|(?:fini|finie|adieu)(?=\s{1,3}(?:le|la|l'|les|au|aux|a\s{1,3}la)\s{0,3}"
    rf"{_DISEASES})"
    r"|(?:detruit|detruisent)(?=\s{1,3}(?:les\s{1,3})?(?:cellules|tumeurs|virus"
    r"|bacteries))|(?:la|le|les)\s{1,3}(?:detruit|detruisent|elimine\w{0,2})(?=\s{1,3}(?:en|in"
    r"|definitivement|totalement))|fait\s{1,3}fondre|font\s{1,3}fondre|gone\s{1,3}for\s{1,3}good"
    r"|can\s{1,3}be\s{1,3}(?:fully\s{1,3}|completely\s{1,3}|totally\s{1,3})?(?:cured|reversed"
    r"|healed)"
    r"|peut\s{1,3}etre\s{1,3}(?:totalement\s{1,3}|completement\s{1,3})?(?:gueri|inverse)e?s?"
    r"|is\s{1,3}curable|(?:cures?|curing|heals?|reverses?|reverse"
    r"|eliminates?|gets?\s{1,3}rid\s{1,3}of|kills?|shrinks?|regenerates?|wipes?\s{1,3}out)"
    rf"(?=\s{{1,3}}(?:[\w']{{1,15}}\s{{1,3}}){{0,2}}{_DISEASES}))"
)
_CURE_PAST = (
    r"(?:(?:ai|a|as|ont|avons|avez|avait|suis|est|sont|etait)\s{1,3}(?:\w{1,12}\s{1,3})?"
    r"(?:gueri\w{0,2}|inverse|elimine|sauve|vaincu|disparu|fondu|regresse)|(?:est|sont)\s{1,3}"
    r"partie?s?|(?:a|ai|s'est|se\s{1,3}sont)\s{1,3}soigne\w{0,2}(?=\s{1,3}(?:ca\s{1,3})?(?:avec"
    r"|a\s{1,3}l|au|aux|par|grace))|cured|reversed|healed|fixed|beat"
    rf"|cleared(?=\s{{1,3}}(?:[\w']{{1,15}}\s{{1,3}}){{0,2}}{_DISEASES}))"
)
# Both begin a word (the rules read them with `word_matches`): the look-behind says so, and
# turns the middle of words away before the long alternations are tried.
_CURE = re.compile(rf"(?<![\w])(?:{_CURE_VERB}|(?P<past>{_CURE_PAST}))(?![\w])")
# Every match of _CURE holds one of these: most posts are spared the search.
_CURE_KEYS = (
    "guer", "soigne", "elimin", "dispar", "invers", "regener", "revers", "detrui", "fondre",
    "fondu", "gone", "cure", "curable", "curing", "heal", "rid", "kill", "shrink", "wipe",
    "sauve", "vaincu", "regresse", "parti", "fixed", "beat", "cleared", "fini", "adieu",
)  # fmt: skip
_DISEASE_RE = re.compile(rf"(?<![\w]){_DISEASES}(?![\w])")
_INCURABLE_RE = re.compile(rf"(?<![\w-])(?:{INCURABLE}|{_EXTRA_INCURABLE})(?![\w])")
_CURE_STRONG = re.compile(
    r"\b(?:definitivement|totalement|completement|entierement|100\s?%|garanti\w{0,2}"
    r"|pour\s{1,3}toujours|a\s{1,3}jamais|pour\s{1,3}de\s{1,3}bon|(?:ne|n')\s{0,2}reviennent"
    r"\s{1,3}jamais|completely|for\s{1,3}good|guaranteed|permanently|forever|entirely"
    r"|(?:je\s{1,3}(?:vous|te)\s{1,3}(?:le\s{1,3})?(?:promets|garantis|jure))|promise"
    r"|j'en\s{1,3}suis\s{1,3}(?:sure?|certaine?|convaincue?|persuadee?)"
    r"|(?:en|in|within|after|au\s{1,3}bout\s{1,3}de)\s{1,3}(?:\d{1,3}|une?|deux|trois|quatre|cinq|six"
    r"|sept|huit|dix|quinze|vingt|quarante|quelques|few|a|one|two|three|four|six|ten)\s{1,3}"
    r"(?:jours|semaines|mois|an|ans|days|weeks|months|year|years|soins|seances|sessions|cycle))"
)
_REMEDY_LIKE = re.compile(
    rf"(?<![\w-]){REMEDY}(?![\w])|\b(?:sans|without)\s{{1,3}}(?:aucune?\s{{1,3}})?(?:chimio\w{{0,9}}"
    r"|chemo|operation|chirurgie|surgery|traitement|medicaments?|meds|medication|insuline"
    r"|insulin|cortisone)\b"
)
_CURE_CLAIMS = re.compile(
    r"(?<![\w])(?:"
    r"guerison\s{1,3}(?:totale|complete|definitive|garantie|assuree|existe"
    r"|est\s{1,3}a\s{1,3}portee)"
    r"|100\s?%\s{1,3}de\s{1,3}guerison|gueri\s{1,3}ou\s{1,3}rembourse|resultats\s{1,3}garantis"
    r"|guaranteed\s{1,3}(?:cure|results)|(?:vous|tu)\s{1,3}(?:allez|vas|pourrez|pourras)\s{1,3}"
    r"guerir|will\s{1,3}cure|(?:aucune\s{1,3}maladie"
    r"|no\s{1,3}disease)\s{1,3}(?:ne\s{1,3})?(?:resiste"
    r"|can\s{1,3}(?:resist|survive))|(?P<exists>(?:there\s{1,3}is|there's|il\s{1,3}existe"
    r"|il\s{1,3}y\s{1,3}a)"
    r"\s{1,3}(?:a|une?)\s{1,3}(?:cure|remede|guerison)\s{1,3}(?:for|pour|contre|a|au|du)"
    r"|(?:is|est)\s{1,3}(?:the|le|la)\s{1,3}(?:cure|remede)\s{1,3}(?:they|qu'on|que\s{1,3}les"
    r"|(?:the\s{1,3})?doctors|big\s{1,3}pharma))|(?P<cured>(?:you'll|you\s{1,3}will"
    r"|you're\s{1,3}going\s{1,3}to)\s{1,3}be"
    r"\s{1,3}cured|(?:vous|tu)\s{1,3}(?:serez|seras)\s{1,3}gueri\w{0,2})|(?:n'est|is)\s{1,3}(?:pas"
    r"|not)\s{1,3}(?:une\s{1,3}maladie\s{1,3}a"
    r"\s{1,3}vie|incurable|une\s{1,3}fatalite|a\s{1,3}life\s{1,3}sentence)"
    r")"
)
_ENGLISH_CURE = re.compile(
    r"(?:cures?|curing|heals?|reverses?|reversed|eliminates?|gets?\s|kills?|shrinks?|regenerates?"
    r"|wipes?)\b"
)
_MODAL_CLAIM = re.compile(r"\b(?:can|peut)\s{1,3}(?:be|etre)\b")
_WEAK_HEDGE = re.compile(r"\b(?:peut|peuvent|pourrait|can|may|could|might|aide\w{0,2}|helps?)\b")
_HEDGE = re.compile(
    r"\b(?:pourrai\w{1,3}|peut-etre|essais?\s{1,3}cliniques?|chercheurs|un\s{1,3}jour|could|might"
    r"|clinical\s{1,3}trials?|researchers|one\s{1,3}day|someday|souhaite\w{0,2}|j'espere"
    r"|esperons|wish|hope)\b"
)
_CURE_CLAIM_KEYS = (
    "guer", "resultats", "guarant", "cure", "remede", "fatalite", "vie", "life", "resist", "surviv",
)  # fmt: skip


def find_cure_promises(post: Post) -> Iterator[Hit]:
    """A disease said to be cured, then a cure promised in so many words."""
    text = post.text
    if post.mentions(_CURE_KEYS):
        for match in word_matches(_CURE, text):
            hit = _cure_claim(post, match)
            if hit:
                yield hit
    if post.mentions(_CURE_CLAIM_KEYS):
        for match in word_matches(_CURE_CLAIMS, text):
            start, end = match.span()
            sentence = post.sentence(start, end)
            # A guarantee or "you'll be cured" promises by itself, once a disease is named.
            guaranteed = bool(
                match.group("cured") or match.group("exists")
            ) or match.group().startswith(("guerison", "100", "gueri ", "resultats", "guaranteed"))
            named = post.sentence(start, end, before=2, after=1 if match.group("exists") else 0)
            if guaranteed and not post.has(_DISEASE_RE, *named):
                continue
            if not guaranteed and not post.has(
                _REMEDY_LIKE, *post.sentence(start, end, before=1, after=1)
            ):
                continue
            denied = match.group().startswith(("n'est pas", "is not"))
            if denied and not post.has(_DISEASE_RE, *sentence):
                continue
            if post.has(_HEDGE, *sentence) or post.negated(start, end):
                continue
            if allowed(post, start, end, "urge"):
                yield Hit("dangerous_advice", start, end, CURE)


def _cure_claim(post: Post, match: re.Match[str]) -> Hit | None:
    start, end = match.span()
    # "trois semaines de cure pour ma fibromyalgie": in French, a cure is a stay.
    if _ENGLISH_CURE.match(match.group()) and "en" not in post.languages:
        return None
    sentence = post.sentence(start, end)
    lo, hi = max(sentence[0], start - 150), min(sentence[1], end + 150)
    past = bool(match.group("past"))
    # "Adieu le psoriasis !" after a biologic is relief; "fini le diabète en 21 jours" a promise.
    vanish = re.search(r"dispar|fond|parti|partent|regresse|fini|adieu", match.group()) is not None
    # "Elle est guérie", "les plaques disparaissent": the disease is named before.
    context = post.sentence(start, end, before=2 if vanish or past else 0)
    if vanish or past:
        lo = context[0]
    disease = post.find(_DISEASE_RE, lo, hi)
    if not disease:
        return None
    incurable = post.has(_INCURABLE_RE, lo, hi)
    alt = post.has(_REMEDY_LIKE, *context) or post.has(_REMEDY_LIKE, *sentence)
    strong = post.has(_CURE_STRONG, *sentence)
    if vanish and not strong:
        return None
    # Told of the past, a cure needs a remedy or a promise; told as a fact, an incurable
    # disease said to be cured is a promise enough.
    if past:
        convincing = alt or (incurable and strong)
    else:
        # "can be cured" is the claim itself, "can help" a hedge.
        hedged = post.has(_WEAK_HEDGE, *sentence) and not _MODAL_CLAIM.search(match.group())
        convincing = alt or (incurable and (strong or not hedged))
    if not convincing:
        return None
    if post.negated(start, end) or post.has(_HEDGE, *sentence):
        return None
    if not allowed(post, start, end, "urge"):
        return None
    first = disease[0] if disease[0] >= sentence[0] else start
    return Hit("dangerous_advice", min(start, first), max(end, disease[1]), CURE)


# Each pattern runs only if one of its key words is in the post (the tests check them).
KEYED = ((_CURE, _CURE_KEYS), (_CURE_CLAIMS, _CURE_CLAIM_KEYS))

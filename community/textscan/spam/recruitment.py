"""Recruitment: joining a sales team, earning a commission, working from home for money."""

from __future__ import annotations

import re

from community.textscan.normalize import Hit, all_matches, word_matches
from community.textscan.spam.marks import Post

# Each begins a word: the look-behind turns the middle of words away before the alternation.
_RECRUIT_STRONG = re.compile(
    r"(?<![\w])"
    r"(?:recrut\w{1,6}\s{1,3}(?:de\s{1,3}|des\s{1,3})?(?:ambassad|vendeu|relais|conseill"
    r"|partenaires"
    r"|personnes|pour\s{1,3}(?:ma|mon|notre)\s{1,3}(?:business|team|equipe|reseau))|rejoin(?:s|dre"
    r"|ez|t)"
    r"\s{1,3}(?:mon|ma|notre|nos)\s{1,3}(?:equipe|team|reseau|business)|join\s{1,3}(?:my"
    r"|our)\s{1,3}team"
    r"|(?:monte|forme|building|grow\w{0,3})\s{1,3}(?:ma|my|notre|our|ma\s{1,3}propre)\s{1,3}(?:team"
    r"|equipe)"
    r"|dans\s{1,3}ma\s{1,3}team|business\s{1,3}team|(?:devenez|deviens"
    r"|become)\s{1,3}(?:ambassad\w{0,5}"
    r"|partenaire|conseill\w{1,4}|testeur|testeuse|distribut\w{1,4})|conseill(?:ere|er)\s{1,3}"
    r"independant\w{0,2}|distribut(?:rice|eur)\s{1,3}independant\w{0,2}|vendeu(?:ses|rs)\s{1,3}a"
    r"\s{1,3}domicile|testeurs?\s{1,3}remunere\w{0,2}"
    r"|remuner\w{1,6}\s{1,3}a\s{1,3}la\s{1,3}commission"
    r"|\d{1,2}\s?%\s{1,3}(?:de\s{1,3})?commission|commission\s{1,3}(?:de\s{1,3}\d{1,3}"
    r"|sur\s{1,3}(?:chaque"
    r"|les|tes|vos)|on\s{1,3}(?:every|each))|filleul\w{0,3}|kit\s{1,3}de\s{1,3}demarrage"
    r"|starter\s{1,3}(?:kit|package|pack)|complement\s{1,3}de\s{1,3}revenus?"
    r"|revenus\s{1,3}(?:depuis"
    r"|compatible)|un\s{1,3}revenu\s{1,3}(?:compatible|complementaire)|genere\w{0,2}\s{1,3}des"
    r"\s{1,3}revenus|(?:side|extra|great)\s{1,3}income|earn\s{1,3}(?:from\s{1,3}home|money"
    r"|[£$€]\s?\d{1,6})"
    r"|gagne\w{0,2}\s{1,3}(?:jusqu'a|entre|plus\s{1,3}qu|de\s{1,3}l'argent|\d{1,6}\s?(?:€|euros?))"
    r"|(?:on|nous)\s{1,3}(?:se\s{1,3}fait|gagne)\s{1,3}(?:entre|jusqu'a|\d{1,6}\s?(?:€|euros?))"
    r"|paid\s{1,3}opportunity"
    r"|hiring\s{1,3}from"
    r"|data\s{1,3}entry|crypto\s{1,3}trading|formation\s{1,3}au\s{1,3}trading"
    r"|bosser\s{1,3}de\s{1,3}chez"
    r"|places?\s{1,3}dispo\s{1,3}dans\s{1,3}ma|je\s{1,3}(?:cherche|recherche)\s{1,3}(?:\d{1,2}"
    r"|quelques|deux|trois|quatre|cinq|dix)\s{1,3}(?:personnes|femmes|mamans)\s{1,3}motivee?s"
    r"|(?:looking|searching)\s{1,3}for\s{1,3}(?:\d{1,2}|two|three|four|five|ten|motivated)"
    r"\s{1,3}(?:motivated\s{1,3})?(?:people|ambassadors|women|ladies|mums|moms|mothers)"
    r"|sans\s{1,3}investissement|no\s{1,3}(?:upfront\s{1,3})?investment|relais\s{1,3}locaux|nouvelle\s{1,3}recrue"
    r"|arrondi\w{1,4}\s{1,3}(?:leurs"
    r"|vos|tes|ses)\s{1,3}fins\s{1,3}de\s{1,3}mois)(?![\w])"
)
_AMBASSADOR = re.compile(r"(?:ambassad(?:eur|rice|or)s?)(?![\w])")
# Work from home and money: each alone is ordinary talk, together an offer.
_RECRUIT_WORK = re.compile(
    r"(?:travail\w{0,4}\s{1,3}(?:a|depuis)\s{1,3}(?:domicile|chez)|depuis\s{1,3}(?:mon|ton|votre"
    r"|son)"
    r"\s{1,3}(?:canape|lit|telephone)|work\s{1,3}from\s{1,3}(?:home|anywhere|bed)"
    r"|from\s{1,3}(?:your"
    r"|my)\s{1,3}(?:sofa|bed|phone)|places\s{1,3}limitees|pas\s{1,3}besoin\s{1,3}(?:d'experience"
    r"|de\s{1,3}diplome)|aucune\s{1,3}competence|no\s{1,3}experience|full\s{1,3}training"
    r"|je\s{1,3}forme"
    r"|motivee?s|motivated|opportunit\w{1,3}|projet\s{1,3}en\s{1,3}ligne|recrut\w{1,6}|team|equipe"
    r"|reseau|ambassad\w{1,5})(?![\w])"
)
_RECRUIT_MONEY = re.compile(
    r"(?:commissions?|revenus|income|earn\w{0,3}|gagne\w{0,2}|remunere\w{0,2}|paid|prime|payment"
    r"|[£$€]\s?\d{1,5}|\d{1,5}\s?(?:€|£))(?![\w])"
)
# Every match of _RECRUIT_MONEY, and of _VOLUNTEER, holds one of these: most posts are
# spared their searches.
_MONEY_KEYS = (
    "commission", "revenus", "income", "earn", "gagne", "remunere", "paid", "prime", "payment",
    "£", "$", "€",
)  # fmt: skip
_VOLUNTEER_KEYS = ("benevol", "volunteer", "clinique", "clinical")
_VOLUNTEER = re.compile(
    r"\b(?:benevol\w{1,3}|volunteer\w{0,2}|etude\s{1,3}clinique|essai\s{1,3}clinique"
    r"|clinical\s{1,3}trial)\b"
)


def find_recruitment(post: Post) -> list[Hit]:
    """Recruiting words; with money named, ambassadors and work from home as well."""
    folded = post.folded
    if post.mentions(_VOLUNTEER_KEYS) and _VOLUNTEER.search(folded):
        return []
    found = list(all_matches(_RECRUIT_STRONG, folded))
    money = post.mentions(_MONEY_KEYS) and _RECRUIT_MONEY.search(folded)
    if money:
        found += word_matches(_AMBASSADOR, folded)
        work = list(word_matches(_RECRUIT_WORK, folded))
        if len({m.group() for m in work}) >= 2 or (found and work):
            found += work
    return [Hit("recruitment", m.start(), m.end()) for m in found]


# Each pattern runs only if one of its key words is in the post (the tests may check them).
KEYED = ((_RECRUIT_MONEY, _MONEY_KEYS), (_VOLUNTEER, _VOLUNTEER_KEYS))

"""Sales: selling words, an advert opening with "vend", a link to a deal, prices offered."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from community.textscan.normalize import Hit, all_matches, word_matches
from community.textscan.spam.marks import Marks, Post

# Prices are found with the post (marks.py); "40e" is one in SMS spelling, in a sale.
_SMS_PRICE = re.compile(
    r"(?<![\w.,])\d{1,4}e(?=\s{1,3}(?:la|le|l'|les|pi\w{2,3}|\+|a\s|mp|le\s)|[,.]|\s*$)"
)
# Costs told in ordinary talk: what a member paid, what is refunded, what it costs.
_ORDINARY = re.compile(
    r"\b(?:cout\w{0,4}|paye\w{0,2}|payer|paie|rembours\w{1,6}|prise?s?\s{1,3}en\s{1,3}charge"
    r"|mutuelle|secu|reste\s{1,3}a\s{1,3}charge|depense\w{0,2}|economis\w{1,4}|environ"
    r"|dans\s{1,3}les"
    r"|budget|achete\w{0,2}|trouve\w{0,2}|craque|en\s{1,3}pharmacie|en\s{1,3}supermarche|pique"
    r"|cher|chere|chers|augment\w{1,4}|passe\s{1,3}a|factur\w{1,4}|cost\w{0,2}|paid|pay|spent"
    r"|bought|charges?|ish|raised|over|about|expensive|pricey|went\s{1,3}up)\b"
)
# Enough on their own: nobody says "code promo" or "livraison offerte" about their health.
# Each begins a word: the look-behind turns the middle of words away before the alternation.
_SELLING = re.compile(
    r"(?<![\w])"
    r"(?:je\s{1,3}(?:le\s{1,3}|les\s{1,3})?(?:vends|vend|revends)|jvend|j'vend|jvd|vends"
    r"|a\s{1,3}vendre"
    # SMS and English adverts: "livrable Paris", "buy 2 get 1 free", "link in comments".
    r"|livrables?\s{1,3}(?:partout|sur|a|en|dans|\w{2,20}\s{0,2},)|limited\s{1,3}offer"
    r"|buy\s{1,3}\d\s{1,3}get\s{1,3}\d|link\s{1,3}in\s{1,3}comments"
    r"|garanti\s{1,3}ou\s{1,3}rembourse|(?:we've|we\s{1,3}have|i've|i\s{1,3}have|we|i)\s{1,3}"
    r"(?:just\s{1,3})?started\s{1,3}selling|while\s{1,3}(?:it's|its|they're|it\s{1,3}is)\s{1,3}on"
    r"\s{1,3}offer|while\s{1,3}stocks?\s{1,3}lasts?|(?:claim|grab)\s{1,3}yours|grab\s{1,3}(?:the|a"
    r"|your)\s{1,3}(?:\w{1,12}\s{1,3})?(?:bundle|kit|pack)"
    r"|(?:on|nous)\s{1,3}(?:vend|vendons)|mise?\s{1,3}en\s{1,3}vente"
    r"|propose\s{1,3}a\s{1,3}la\s{1,3}vente"
    r"|commandez|achetez|buy\s{1,3}(?:it\s{1,3})?(?:from\s{1,3}me|mine)|pour\s{1,3}commander"
    r"|commande\s{1,3}par|toute\s{1,3}commande"
    r"|tout\s{1,3}se\s{1,3}commande"
    r"|on\s{1,3}me\s{1,3}commande|(?:dm|mp)\s{1,3}pour\s{1,3}commander|(?<!in\s)order\s{1,3}now"
    r"|ordering\s{1,3}info|(?:comment|how|dm|message)\s{1,3}to\s{1,3}order|buy\s{1,3}now"
    r"|shop\s{1,3}now|for\s{1,3}sale|livraison\s{1,3}(?:offerte|gratuite"
    r"|express|rapide|partout|dans\s{1,3}toute|en\s{1,3}(?:france|\d)|sous\s{1,3}\d)|frais\s{1,3}de"
    r"\s{1,3}port\s{1,3}offerts|port\s{1,3}offert|free\s{1,3}(?:shipping|delivery|postage)"
    r"|worldwide\s{1,3}shipping|next\s{1,3}day\s{1,3}delivery|(?:fast|quick|discreet|discrete"
    r"|express|rapid|same.day)\s{1,3}(?:discreet\s{1,3})?(?:shipping|delivery|postage)|shipping"
    r"\s{1,3}anywhere|for\s{1,3}prices|(?:text|sms|whatsapp"
    r"|call)\s{1,3}(?:me\s{1,3})?(?:on\s{1,3})?"
    r"[+(]?\d[\d ()-]{6,18}\d\s{0,3},?\s{0,3}(?:for|pour|fast|discreet|cheap|prix"
    r"|\.\s{0,3}discreet)|envoi\s{1,3}(?:suivi|rapide|discret"
    r"|partout|possible|sous|le\s{1,3}jour)|expedi\w{1,5}\s{1,3}(?:le\s{1,3}jour|sous|partout"
    r"|rapide)"
    r"|on\s{1,3}expedie|je\s{1,3}(?:livre|peux\s{1,3}(?:livrer|envoyer|poster))"
    r"|(?:i|we)\s{1,3}can\s{1,3}(?:post|ship)|or\s{1,3}can\s{1,3}post"
    r"|i'll\s{1,3}post\s{1,3}(?:it|them|anywhere|within|to\s{1,3}you|worldwide|out)"
    r"|post\s{1,3}anywhere|recorded\s{1,3}delivery|stealth\s{1,3}packaging"
    r"|colis\s{1,3}discret|remise\s{1,3}en\s{1,3}main\s{1,3}propre"
    r"|a\s{1,3}(?:venir\s{1,3})?(?:chercher"
    r"|recuperer)\s{1,3}(?:a|sur)|collection\s{1,3}only|cash\s{1,3}only|paypal|paiement\s{1,3}(?:a"
    r"\s{1,3}la\s{1,3}livraison|securise|en\s{1,3}\w{1,6}\s{1,3}fois)|payable\s{1,3}en|financement"
    r"\s{1,3}en|faites\s{1,3}une\s{1,3}offre|make\s{1,3}me\s{1,3}an\s{1,3}offer|a\s{1,3}debatre|ono"
    r"|prix\s{1,3}a\s{1,3}voir|prix\s{1,3}casses|best\s{1,3}(?:price|quality|seller)"
    r"|cheap\s{1,3}price"
    r"|meilleur\s{1,3}prix|satisfaits?\s{1,3}ou\s{1,3}rembourses?"
    r"|money\s{1,3}back\s{1,3}(?:guarantee\w{0,2}|if)|or\s{1,3}your\s{1,3}money\s{1,3}back"
    r"|offres?\s{1,3}"
    r"(?:speciale|limitee|de\s{1,3}lancement|exclusive|exceptionnelle)s?|launch\s{1,3}offer"
    r"|special\s{1,3}(?:deal|offer|bundle)|flash\s{1,3}sale|black\s{1,3}friday|sold\s{1,3}out"
    r"|new\s{1,3}arrival|limited\s{1,3}(?:stock|edition)|stock\s{1,3}limite|premier\s{1,3}(?:cours"
    r"|appel|rendez-vous|mois)\s{1,3}offert|reservez\s{1,3}(?:votre|directement|vite|des)"
    r"|book\s{1,3}(?:a|your)\s{1,3}(?:free\s{1,3})?(?:call|session|spot)|(?:nos|mes"
    r"|nouveaux)\s{1,3}"
    r"tarifs|voici\s{1,3}(?:mes|nos)\s{1,3}(?:tarifs|prix|formules)|price\s{1,3}list"
    r"|prices\s{1,3}on"
    r"|les\s{1,3}prix\s{1,3}vont|(?:je\s{1,3}suis|suis)\s{1,3}revendeu\w{1,3}|distribut(?:rice"
    r"|eur)\s{1,3}(?:officiel\w{0,2}"
    r"|independant\w{0,2})|showroom|catalogue|(?:ma|notre)\s{1,3}boutique"
    r"|boutique\s{1,3}en\s{1,3}ligne"
    r"|cliquez|click\s{1,3}(?:here|sur)|selling\s{1,3}(?:cheap|my|our|\d)"
    r"|anyone\s{1,3}want\s{1,3}to"
    r"\s{1,3}buy|no\s{1,3}prescription\s{1,3}(?:needed|required)|sans\s{1,3}ordonnance\s{1,3}\d"
    r"|(?:qui|ki)\s{1,3}(?:veut|veu)\s{1,3}(?:mon|ma|mes|des|du|de\s{1,3}la)|gravure\s{1,3}offerte"
    r"|prix\s{1,3}du\s{1,3}mois"
    r"|au\s{1,3}lieu\s{1,3}de\s{1,3}\d[\d,.]{0,6}\s?(?:€|£|\$|euros?)?\s{0,3}(?:pour|cette|ce"
    r"|jusqu)"
    r"|(?:envoie|send|text)\s{1,3}(?:moi|me)\s{1,3}(?:ta|votre|your)\s{1,3}(?:commande"
    r"|order))(?![\w])"
)
# "Vend fauteuil roulant 150e", "Selling unopened boxes": the advert opens with the verb.
_VEND = re.compile(r"(?:vend|selling(?!\s{1,3}points?)|for\s{1,3}sale)(?=\s{1,3}\w|\s{0,3}:)")
_OPENING = re.compile(r"(?:^|[.!?:\n]\s{0,3}|\s-\s)$")
# A fundraiser for an association is no sale to the members.
_CHARITY = re.compile(
    r"\b(?:au\s{1,3}profit|associations?|asso|caritati\w{1,3}|tombola|kermesse|fundrais\w{1,4}"
    r"|for\s{1,3}charity|raising\s{1,3}money|dons?)\b"
)


def _opening_vend(folded: str) -> Iterator[re.Match[str]]:
    for match in word_matches(_VEND, folded):
        if _OPENING.search(folded, max(0, match.start() - 4), match.start()):
            yield match


_LINK_DEAL = re.compile(
    r"\b(?:promos?|promotions?|soldes|bons?\s{1,3}plans?|deals?|discounts?|sale|offres?\s{1,3}du"
    r"\s{1,3}moment|-\s?\d{1,2}\s?%|\d{1,2}\s?%\s{1,3}off|reductions?|remises?"
    r"|reducs?|bundles?|grab\s{1,3}(?:yours|one|the))\b"
)
_NOT_SELLING = re.compile(r"(?:\brien|\bpas|\bn'ai|\bnothing|\bnot)\s{0,3}$")
_NOTHING = re.compile(r"\s{1,3}(?:rien|pas|jamais|nothing)\b")
# A list of prices: "la boîte", "lot de 5", "3 pour 30 €" (members compare prices too).
_SALES_LISTING = re.compile(
    r"\b(?:la\s{1,3}(?:boite|piece|paire|seance)|le\s{1,3}(?:lot|flacon|pot|sachet|tout|paquet"
    r"|pack)"
    r"|l'\s?(?:unite|exemplaire)|pieces?|each|a\s{1,3}(?:box|pair|tub|bottle|session)"
    r"|per\s{1,3}(?:session|box|video|hour)|lots?\s{1,3}de|packs?|bundles?|coffrets?|les\s{1,3}deux"
    r"|\d\s{1,3}pour|\d\s{1,3}for|x\d{1,3}|seulement|only|-\s?\d{1,2}\s?%|\d{1,2}\s?%\s{1,3}off)"
)
# A deal around a price: postage, a condition, a way to get in touch, a stock.
_SALES_DEAL = re.compile(
    r"\b(?:neufs?|neuves?|tbe|bon\s{1,3}etat|jamais\s{1,3}servi|emballes?|sealed|unopened"
    r"|barely\s{1,3}used|in\s{1,3}date|envoi|port|postage|p&p|livraison|delivery|shipping"
    r"|expedi\w{1,5}|mp|dm|inbox|message\s{1,3}me|appelez|whatsapp|sms|text\s{1,3}me|contactez"
    r"|me\s{1,3}contacter|dispo\w{0,7}|tarifs?|promo|remise|discount|commande\w{0,2}|order\w{0,3}"
    r"|shop|stock|en\s{1,3}trop|spare|j'en\s{1,3}ai\s{1,3}\d{1,3}|sans\s{1,3}ordonnance"
    r"|no\s{1,3}prescription|interested|interesse\w{0,2}|a\s{1,3}partir\s{1,3}de|starts?\s{1,3}at"
    r"|from\s{1,3}[£$€]|lien|link|(?:ma|my|in|the)\s{1,3}bio|profil|reserv\w{1,4}|book\w{0,3}"
    r"|inscri\w{1,6}|sign\s{1,3}up|(?:prise|prenez|sur)\s{1,3}(?:de\s{1,3})?rendez-vous"
    r"|mon\s{1,3}site|moitie\s{1,3}prix"
    r"|half\s{1,3}price)"
)


def find_sales(post: Post) -> list[Hit]:
    """Selling words and the prices around them; else a deal on a link; else prices offered."""
    folded, links = post.folded, post.links
    candidates = [*all_matches(_SELLING, folded), *_opening_vend(folded)]
    found: list[Hit] = []
    if candidates:
        charity = Marks(_CHARITY, folded)
        found = [
            Hit("sales", m.start(), m.end())
            for m in candidates
            if not _NOT_SELLING.search(folded, max(0, m.start() - 20), m.start())
            and not _NOTHING.match(folded, m.end())
            and not charity.within(*post.sentence(m.start(), m.end()))
        ]
    prices = post.prices
    if found:
        # Prices in a selling post are part of the sale.
        prices = [*prices, *_SMS_PRICE.finditer(folded)]
        return found + [Hit("sales", m.start(), m.end()) for m in prices]
    # "Super promo sur les capteurs : capteurs.shop/offre" advertises the link.
    link_deals = Marks(_LINK_DEAL, folded) if links else None
    for hit, _url in links:
        deal = link_deals.first(*post.sentence(hit.start, hit.end)) if link_deals else None
        if deal:
            found.append(Hit("sales", *deal))
    if found:
        return found
    offered = []
    listing = False
    if prices:
        ordinary, deals = Marks(_ORDINARY, folded), Marks(_SALES_DEAL, folded)
        lists = Marks(_SALES_LISTING, folded)
        link_starts = [hit.start for hit, _url in links]
    for match in prices:
        first, last = post.sentence(match.start(), match.end())
        if ordinary.within(first, last):
            continue
        index = bisect_left(link_starts, first)
        link = index < len(link_starts) and link_starts[index] < last
        listing = listing or lists.within(first, last)
        offered.append((match, deals.within(first, last) or link))
    # A price with a deal around it, two prices in a list ("lot de 5"), or three prices.
    if (
        any(deal for _match, deal in offered)
        or (len(offered) >= 2 and listing)
        or len(offered) >= 3
    ):
        return [Hit("sales", m.start(), m.end()) for m, _deal in offered]
    return []

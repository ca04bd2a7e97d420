"""Cues of putting one's affairs in order: letters left, papers and passwords, things and
pets given away."""

from __future__ import annotations

from community.textscan.crisis.patterns import Cue, cue

# A pet or a thing handed on for a while is no farewell.
_FOR_A_WHILE = (
    r"\b(?:for the (?:week|weekend|holidays?|fortnight|day|night)|while i'm (?:in|away|at)"
    r"|pendant (?:mon|mes|les|la|une|mon|ma)|le temps (?:de|d'|que)|pour la semaine"
    r"|until i'm back|till i'm back|jusqu'a mon retour|vet|vets|veterinaire|kennels?|cattery"
    r"|groomer|pension)\b"
)
# Who a thing is given to, in a list: "mes plantes à la voisine, mes vêtements à la
# Croix-Rouge". Words are bounded: at most three before each "à".
_GIFT_WORDS = r"(?:\s{1,3}[\w'-]{1,25}){1,3}"

CUES: list[Cue] = [
    cue(
        "letters",
        1.5,
        "lettre lettres letter mot message note notes letters",
        r"(?:lettres?|un mot|message vocal|notes?|letters?) (?:<3> )?(?:pour|a|to|for) (?:mes|ma"
        r"|mon|chacun|chacune|nos|my|each|the kids|both)\b(?! (?:depute|medecin|employeur|avocat"
        r"|banque|gp|doctor|consultant|employer|landlord|council|mp|bank|insurer|insurance"
        r"|solicitor|boss|school|teacher|manager|nurse|team)\b)",
    ),
    cue(
        "letters",
        1.5,
        "lettres lettre written ecrit ecrire recorded",
        r"(?:mes |ma )?lettres? (?:sont |est )?(?:ecrites?|prete?s?)\b|letters (?:are )?written\b"
        r"|(?:fini d'|j'ai fini d')?ecrire (?:mes|les|toutes mes) lettres\b"
        r"|recorded (?:<2> )?(?:messages|videos) for (?:both|my|each|the)\b|(?:ecrit|laisse"
        r"|prepare) (?:<4> )?(?:ma|mes|une|des|quelques|deux|trois|plusieurs) lettres?\b|(?:it's"
        r"|tout est) (?:all )?(?:written down|ecrit)\b(?! (?:de motivation|a mon depute|au|a la))",
    ),
    cue(
        "letters",
        1,
        "ecrit",
        r"j'ai ecrit a (?:chacune?|chacun des|nos|mes) (?:des personnes|proches|neveux|enfants)?",
    ),
    cue(
        "letters",
        1.5,
        "written wrote letters",
        r"(?:written|wrote) (?:the )?(?:notes|letters?) (?:for|to)\b|letters for my\b",
    ),
    cue(
        "order",
        1,
        "ordre",
        r"(?:tout est|tout est bien|mes (?:papiers|affaires) (?:sont )?) en ordre\b"
        r"|mis (?:de l'ordre|mes (?:papiers|affaires) en ordre|tout en ordre|en ordre)\b",
    ),
    cue(
        "order",
        1,
        "range prepare",
        r"j'ai tout range\b|j'ai range mes affaires\b|je range tout\b"
        r"|tout prepare pour ne laisser\b",
    ),
    cue(
        "order",
        1,
        "regle resilie dettes",
        r"(?:regle|paye) (?:les|mes|toutes mes) (?:factures|dettes)\b|resilie (?:les"
        r"|mes) abonnements\b",
    ),
    cue(
        "order",
        1,
        "donne rendu chat chien testament",
        r"(?:donne|rendu) (?:le chien|le chat|mes affaires|mes livres|mes disques|la console"
        r"|mes bijoux|mes cles|les cles)\b|(?:le chat|le chien) a une famille\b"
        r"|fait le necessaire pour le chat\b|testament\b",
    ),
    cue(
        "order",
        1,
        "affairs paperwork order dog cat socials who insurance reseaux regle dispositions arranged",
        r"affairs are sorted\b|paperwork in order\b|everything in order\b|(?:who gets"
        r"|new home for) the (?:dog|cat)\b|found the cat a new home\b"
        r"|deleted (?:most of )?my socials\b|who gets my\b|life insurance papers\b"
        r"|effaces? mes reseaux\b|(?:j'ai )?tout(?:e)? regle avec (?:le notaire|la banque)\b"
        r"|(?:j'ai )?pris mes dispositions\b|everything(?:'s| is) arranged\b",
    ),
    cue("order", 1, "paid cancelled", r"paid back\b|cancelled the\b"),
    # Letters on the table, passwords in the drawer, affairs in order.
    cue(
        "letters",
        1.5,
        "written wrote finished letters notes",
        r"(?:written|wrote|finished|left) (?:all )?(?:my|the) (?:letters|notes)\b(?! (?:to|of|about"
        r"|for) (?:the|my) (?:council|mp|gp|doctor|bank|insurer|employer|landlord|school))"
        r"|(?:written|wrote) (?:a few|some|two|three|several|four) (?:letters|notes)\b(?! (?:to"
        r"|of|about) (?:the|my) (?:council|mp|gp|doctor|bank|insurer|employer|landlord|school))",
    ),
    cue(
        "letters",
        1.5,
        "letters letter lettres lettre",
        r"(?:letters?|notes) (?:are |is )?(?:on|in) the (?:kitchen )?(?:table|drawer|desk|dresser"
        r"|side)\b|lettres? (?:sont |est )?(?:sur|dans) (?:la table|le tiroir|le bureau|la commode"
        r"|la cuisine)\b",
    ),
    cue(
        "order",
        1,
        "affairs paperwork papers finances order",
        r"(?:sorted|sorted out|put|got|getting|putting|set|have) (?:<1> )?(?:my|all my|all of my)"
        r" (?:affairs|paperwork|papers|finances)(?: (?:in order|out|straight))?\b"
        r"|everything(?:'s| is)? (?:<2> )?in order\b|(?:all )?my affairs are in order\b",
    ),
    cue(
        "order",
        1,
        "paid owe debts",
        r"paid (?:off|back) (?:what i owe|my debts|everything|all my|everyone)\b|cleared my debts\b"
        r"|paid (?:all )?my debts\b|rembourse (?:mes|toutes mes) dettes\b",
    ),
    cue(
        "order",
        1,
        "password passwords passe codes code",
        r"passwords? (?:<3> )?(?:are |is )?(?:in|on|under) the (?:drawer|desk|table|folder|envelope"
        r"|book|notebook)\b|(?:mots? de passe|codes?) (?:<5> )?(?:dans une enveloppe|dans le tiroir"
        r"|sur la table)\b|(?:je )?(?:laisse|donne|ai laisse|ai donne|confie) (?:mes|tous mes|mon)"
        r" (?:codes|mots de passe|mot de passe) (?:a|au)\b",
    ),
    cue(
        "order",
        1,
        "deleted effac supprim",
        r"deleted (?:most of |all of )?(?:my|all my) (?:photos|pictures|accounts|messages|posts"
        r"|socials)\b|(?:efface|supprime)\w{0,2} (?:mes|toutes mes|tous mes) (?:photos|comptes"
        r"|messages|publications)\b",
    ),
    cue(
        "order",
        0.5,
        "needs needed besoin",
        r"(?:left|put|written down) everything (?:he|she|they) (?:needs?|will need)\b"
        r"|tout ce dont (?:il|elle|ils|elles) (?:a|ont|aura|auront) besoin\b",
    ),
    # Pets and things given away.
    cue(
        "give",
        1,
        "dog cat dogs cats chien chat chienne chatte chats chiens rabbit lapin",
        r"(?:given|gave|giving|left|rehomed|found a (?:new )?home for|donne|confie|laisse"
        r"|trouve une famille pour) (?:the|my|le|mon|ma|mes) (?:dog|cat|dogs|cats|chien|chat"
        r"|chienne|chatte|chats|chiens|lapin|rabbit|budgie)\b(?: (?:to|a|au|aux)\b)?"
        r"|(?:dog|cat|chien|chat) (?:goes |is going |will go |ira |va )?(?:to|a|chez) \w+ (?:next"
        r" door|d'a cote|my \w+|ma \w+|mon \w+)\b",
        avoid=_FOR_A_WHILE,
    ),
    cue(
        "give",
        1,
        "away affaires tout",
        r"giv(?:e|en|ing) (?:<2> )?(?:things|stuff|belongings|possessions|everything|it all) away\b"
        r"|(?:gave|given|giving) away (?:(?:all|most) of my (?:things|stuff|belongings|possessions)"
        r"|everything|my things|my stuff|my belongings|my possessions)\b|(?:donne"
        r"|distribue) (?:toutes |la plupart de )?mes affaires\b"
        r"|(?:je donne|j'ai donne|je distribue|j'ai distribue) tout\b",
        avoid=_FOR_A_WHILE,
    ),
    cue(
        "give",
        1,
        "left leave leaving legue laisse",
        r"(?:left|leaving|leave) (?:my|all my) (?:<2> )?(?:to|for) (?:my|our) (?:<1> )?(?:nephew"
        r"|niece|son|daughter|brother|sister|kids|children|friend|mum|mom|dad|partner|cousin"
        r"|grandson|granddaughter|godson|goddaughter)\b|(?:je |j'ai )?legue\w{0,2} (?:mes|mon|ma"
        r"|tous mes|toutes mes)\b|je laisse (?:mes|mon|ma) (?:codes|papiers|bijoux|livres"
        r"|affaires|guitare|velo|voiture|appartement) a\b",
        avoid=_FOR_A_WHILE,
    ),
    # A list of gifts: "mes plantes à la voisine, mes vêtements à la Croix-Rouge".
    cue(
        "give",
        1.5,
        "donne laisse legue given gave left",
        r"\b(?:donne|laisse|legue|given|gave|left)"
        + _GIFT_WORDS
        + r"\s{1,3}(?:a|au|aux|to)"
        + _GIFT_WORDS
        + r"\s{0,2},\s{1,3}(?:et\s{1,3}|and\s{1,3})?(?:mes|mon|ma|ses|son|sa|les|le"
        r"|la|my|the|his|her)(?:\s{1,3}[\w'-]{1,25}){1,2}\s{1,3}(?:a|au|aux|to)\b",
        raw=True,
        avoid=_FOR_A_WHILE,
    ),
    # A pet to adopt, things offered: "quelqu'un pourrait adopter mon chat ?", "j'ai offert
    # ma guitare à mon neveu".
    cue(
        "give",
        1,
        "adopter reprendre recueillir offert adopt rehome take donne",
        r"(?:adopter|reprendre|recueillir|adopt|rehome|take) (?:mon|ma|mes|my) (?:chat|chien|chatte"
        r"|chienne|lapin|cat|dog|rabbit)\b|(?:offert|donne) (?:ma|mon|mes) (?:guitare|collection"
        r"|vinyles|bijoux|velo|livres|console|montre)\b",
        avoid=_FOR_A_WHILE,
    ),
    cue(
        "give",
        0.5,
        "mine miens miennes",
        r"you can have mine\b|(?:tu|vous) peu\w{1,3} avoir les miens\b",
    ),
]

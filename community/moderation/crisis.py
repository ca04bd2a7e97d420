"""Crisis language, in French and English: suicidal thoughts and self-harm, veiled forms too.

The patterns favour recall (a crisis missed is worse than a moderator reading a false
alarm) but stay away from what patients say every day: the end of a treatment, dying
of laughter, a relative who died of their disease, "cette douleur me tue" (a figure
of speech too common in chronic pain to make every such post urgent), and replies that
point someone else to the help lines ("si tu as envie d'en finir, appelle le 3114").
They run on folded text: no accents, lower case, apostrophes optional.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.moderation.folding import FoldedText, Hit, word_matches

_JE = r"(?:je\s{0,3}|j\s{0,2}'?\s{0,2})"
_WANT = r"(?:veux|veu|voudrais|voudrai|aimerais|aimerai|vais|vai|compte|pense|songe)"
_APOS = r"\s{0,2}'?\s{0,2}"
_WORDS2 = r"(?:[\w']{1,30}\s{1,3}){0,2}?"
_WORDS3 = r"(?:[\w']{1,30}\s{1,3}){0,3}?"
# "en finir avec ce traitement" is hope, not despair: only life or everything counts.
_WITH_LIFE_ONLY = (
    r"(?!\s{1,3}avec\s{1,3}(?!(?:la|ma|cette)\s{1,3}vie\b|tout\b|moi\b|l'?\s?existence\b))"
)
# What may follow "vivre" without it being about wanting to live at all.
_LIVING_HOW = r"(?!\s{1,3}(?:avec|sans|dans|en|au|aux|a|chez|loin|pres|ici|la-bas|seule?s?)\b)"
_NOT_FIGURATIVE_DEATH = (
    r"(?!\s{1,3}(?:de\s{1,3}(?:rire|faim|froid|chaud|honte|ennui|peur|envie|fatigue|soif)"
    r"|en\s{1,3}paix|chez\s{1,3}moi|dans\s{1,3}mon\s{1,3}lit|dignement|dans\s{1,3}la\s{1,3}dignite))"
)
_PILLS = r"(?:medicaments|medocs|cachets|comprimes|pilules|gelules|boites|plaquettes)"

# Patterns whose first person is in the words themselves ("me", "mes", "je").
_SUICIDE_SELF: list[tuple[tuple[str, ...], str]] = [
    (
        ("fini", "nnir"),
        rf"{_JE}{_WORDS2}{_WANT}\s{{1,3}}{_WORDS2}en\s{{0,2}}fin{{1,2}}i{{1,3}}r{{1,3}}e?\b{_WITH_LIFE_ONLY}",
    ),
    (
        ("finisse",),
        rf"il\s{{1,3}}faut\s{{1,3}}que\s{{1,3}}j{_APOS}en\s{{1,3}}finisse\b{_WITH_LIFE_ONLY}",
    ),
    (
        ("jours", "vie", "existence", "souffrance"),
        r"(?:fin|terme)\s{1,3}a\s{1,3}(?:mes\s{1,3}jours|ma\s{1,3}vie|mon\s{1,3}existence"
        r"|mes\s{1,3}souffrances?)\b(?!\s{1,3}(?:professionnelle|pro|sentimentale|amoureuse"
        r"|sociale|de\s{1,3}couple|active|sexuelle|d'avant))",
    ),
    (("cid", "cd"), r"me\s{1,3}su[iy]{0,2}c{1,2}i?d(?:er|e|ee|es|ais|erai|erais)?\b"),
    (
        ("tuer",),
        rf"(?:{_WANT}|envie?\s{{1,3}}de|besoin\s{{1,3}}de|essaye\s{{1,3}}de|essaie\s{{1,3}}de"
        r"|essayer\s{1,3}de|tente\s{1,3}de)\s{1,3}me\s{1,3}tuer\b"
        r"(?!\s{1,3}(?:a|au|aux)\s{1,3}(?:la\s{1,3}tache|travail|boulot|petit\s{1,3}feu))",
    ),
    (
        ("air",),
        r"me\s{1,3}(?:foutre|fous|fout|fou|fiche|ficher|foutrai|foutrais)\s{1,3}en\s{1,3}l"
        r"\s{0,2}'?\s{0,2}air\b",
    ),
    (
        ("pend", "flingu", "defenestr", "immol", "balle", "jeter", "balancer"),
        r"me\s{1,3}(?:pendre|pendrai|pends|flinguer|flingue|defenestrer|immoler"
        r"|tirer\s{1,3}une\s{1,3}balle"
        r"|(?:jeter|balancer)\s{1,3}(?:sous|du\s{1,3}haut|d'?\s?un|d'?\s?une|du|par"
        r"|dans\s{1,3}le\s{1,3}vide))\b",
    ),
    (("veines",), rf"m{_APOS}ouvrir\s{{1,3}}les\s{{1,3}}veines\b"),
    (("veines", "poignet"), r"(?:couper|trancher|ouvrir)\s{1,3}les\s{1,3}(?:veines|poignets)\b"),
    (
        ("suicide",),
        rf"{_JE}{_WORDS3}(?:pense|pensais|songe|songeais|reve|revais)\s{{1,3}}{_WORDS2}"
        r"au\s{1,3}suicide\b",
    ),
    (
        ("suicide",),
        r"suicide\s{1,3}(?:est|serait|reste|me\s{1,3}semble)\s{1,3}"
        + _WORDS2
        + r"(?:la|ma)\s{1,3}seule\s{1,3}(?:solution|issue|option)\b",
    ),
    (("suicidaire",), rf"{_JE}{_WORDS2}suis\s{{1,3}}(?:[\w']{{1,30}}\s{{1,3}})?suicidaire"),
    (
        ("suicid", "noires", "mort"),
        rf"j{_APOS}(?:ai|avais)\s{{1,3}}{_WORDS3}(?:des\s{{1,3}})?(?:idees|pensees|envies|pulsions)"
        r"\s{1,3}(?:suicidaires|noires|de\s{1,3}mort|de\s{1,3}suicide)\b",
    ),
    (
        ("suicid", "noires", "mort"),
        r"mes\s{1,3}(?:idees|pensees|envies|pulsions)\s{1,3}(?:suicidaires|noires|de\s{1,3}mort)\b",
    ),
    (
        ("suicide", "ts"),
        rf"j{_APOS}ai\s{{1,3}}{_WORDS2}(?:fait|refait)\s{{1,3}}(?:une|deux|trois|plusieurs)"
        r"\s{1,3}(?:tentatives?\s{1,3}de\s{1,3}suicide|ts)\b",
    ),
    (
        ("reveiller",),
        r"(?:veux|voudrais|aimerais|prefererais|souhaite|envie?\s{1,3}de|espere|prie\s{1,3}pour)"
        r"\s{1,3}(?:ne\s{1,3})?(?:plus|jamais|pas)\s{1,3}me\s{1,3}reveiller\b"
        r"(?!\s{1,3}(?:pendant|durant|au\s{1,3}milieu|avant))",
    ),
    (
        ("reveiller",),
        r"(?:plus|jamais)\s{1,3}(?:envie|l'?\s?envie)\s{1,3}de\s{1,3}me\s{1,3}reveiller\b",
    ),
    (
        ("endormir",),
        rf"m{_APOS}endormir\s{{1,3}}(?:pour\s{{1,3}}toujours|a\s{{1,3}}jamais|et\s{{1,3}}ne"
        r"\s{1,3}(?:plus|jamais|pas)\s{1,3}me\s{1,3}reveiller)\b",
    ),
    (
        ("mieux",),
        r"(?:serai\w{0,3}|seri\w{0,3}|seront|sont|est|irai\w{0,3}|vivrai\w{0,3})\s{1,3}"
        + _WORDS2
        + r"mieux\s{1,3}sans\s{1,3}moi\b",
    ),
    (
        ("poids", "fardeau", "boulet", "charge"),
        r"je\s{1,3}(?:ne\s{1,3})?(?:suis|serai|me\s{1,3}sens)\s{1,3}(?:qu'?\s?)?"
        r"(?:devenue?\s{1,3})?(?:un|une)\s{1,3}(?:poids|fardeau|boulet|charge)\s{1,3}pour\b",
    ),
    (
        ("medicament", "medoc", "cachet", "comprime", "pilule", "gelule", "boite", "plaquette"),
        rf"(?:prepare|stocke|garde|accumule|rassemble|cache|economise|mis\s{{1,3}}de\s{{1,3}}cote)"
        rf"e?s?\s{{1,3}}{_WORDS3}{_PILLS}\s{{1,3}}{_WORDS2}pour\s{{1,3}}(?:en\s{{1,3}}finir|mourir"
        r"|ne\s{1,3}plus|ne\s{1,3}jamais|tout\s{1,3}avaler|les\s{1,3}avaler|le\s{1,3}grand"
        r"|mon\s{1,3}depart|partir(?!\s{1,3}(?:en|a|au|aux|pour|demain|le|la|ce|cet|cette"
        r"|dans|chez|loin|\d)))",
    ),
    (
        ("avale", "gobe"),
        r"(?:avaler|avale|avalee|gober|gobe|gobee)\s{1,3}(?:toute|toutes|tout|tous)\s{1,3}"
        r"(?:la|les|ma|mes|le|ces)\s{1,3}(?:boites?|plaquettes?|flacon|tube)\b",
    ),
    (
        ("coup",),
        r"(?:avaler|avale|avalee|gober|gobe|prendre|pris|prends)\s{1,3}(?:toute|toutes|tous)"
        rf"\s{{1,3}}(?:la|les|ma|mes|ces)\s{{1,3}}{_WORDS2}{_PILLS}\s{{1,3}}{_WORDS2}"
        r"d'?\s?un\s{1,3}(?:seul\s{1,3})?coup\b",
    ),
    (
        ("overdose", "surdose", "od"),
        r"(?:overdose|surdose|od)\s{1,3}(?:volontaire|intentionnelle|expres)\b",
    ),
    (("adieu",), rf"(?:lettre|mot|message)\s{{1,3}}d{_APOS}adieu"),
    # English.
    (
        ("kill",),
        r"kill(?:ing|ed)?\s{1,3}my\s{0,3}self\b(?!\s{1,3}(?:laughing|with\s{1,3}laughter"
        r"|at\s{1,3}(?:work|the\s{1,3}gym)|working))",
    ),
    (("end",), r"end\s{1,3}(?:it\s{1,3}all|my\s{1,3}(?:own\s{1,3})?life)\b"),
    (("life",), r"take\s{1,3}my\s{1,3}(?:own\s{1,3})?life\b"),
    (
        ("want",),
        r"(?:don'?t|do\s{1,3}not|never)\s{1,3}want\s{1,3}to\s{1,3}(?:wake\s{1,3}up"
        r"|be\s{1,3}alive|exist|be\s{1,3}here\s{1,3}any\s?more|go\s{1,3}on"
        r"|live\b(?!\s{1,3}(?:in|with|near|there|here|without|alone|on|like)\b))",
    ),
    (
        ("suicidal",),
        r"(?:i'?m|i\s{1,3}am|feel|feeling|felt|been|getting|get|become)\s{1,3}"
        r"(?:so\s{1,3}|very\s{1,3}|really\s{1,3}|quite\s{1,3}|a\s{1,3}bit\s{1,3})?suicidal\b",
    ),
    (
        ("suicidal",),
        r"(?:i|i've|ive)\s{1,3}(?:have|had|get|been\s{1,3}having|keep\s{1,3}having)\s{1,3}"
        r"(?:\w{1,30}\s{1,3})?suicidal\s{1,3}(?:thoughts|ideation|feelings|urges)\b",
    ),
    (
        ("thinking",),
        r"(?:i'?m|i\s{1,3}am|i've\s{1,3}been|been)\s{1,3}thinking\s{1,3}(?:about|of)\s{1,3}"
        r"(?:suicide|killing\s{1,3}myself|ending\s{1,3}it)\b",
    ),
    (("hang",), r"(?:hang|hanging)\s{1,3}myself\b"),
    (("wrist",), r"(?:slit|slitting|cut|cutting)\s{1,3}my\s{1,3}wrists\b"),
    (("dead",), r"wish\s{1,3}i\s{1,3}(?:was|were)\s{1,3}dead\b"),
    (("note", "letter"), r"(?:suicide\s{1,3}note|goodbye\s{1,3}letter)\b"),
    (
        ("pills", "meds", "tablets"),
        r"(?:stockpil\w{1,4}|saving\s{1,3}up|saved\s{1,3}up)\s{1,3}(?:my\s{1,3})?"
        r"(?:pills|meds|tablets)\b",
    ),
]

# Patterns with no person in them: a reply saying "si tu as envie de mourir…" or
# "if you want to die…" points someone else to help and is left out.
_SUICIDE_OPEN: list[tuple[tuple[str, ...], str]] = [
    (
        ("fini", "nnir"),
        rf"(?:envie?|besoin|decidee?|prete?|moyen)\s{{1,3}}d{_APOS}en\s{{0,2}}fin{{1,2}}i{{1,3}}r{{1,3}}e?\b"
        + _WITH_LIFE_ONLY,
    ),
    (("fini",), r"comment\s{1,3}en\s{1,3}finir\b" + _WITH_LIFE_ONLY),
    (
        ("fini",),
        r"en\s{1,3}finir\s{1,3}avec\s{1,3}(?:la\s{1,3}vie|ma\s{1,3}vie|cette\s{1,3}vie|tout)\b",
    ),
    (
        ("vivre",),
        r"(?:plus|pas)\s{1,3}(?:envie|le\s{1,3}courage|la\s{1,3}force|l'?\s?envie)\s{1,3}de"
        r"\s{1,3}(?:vivre|continuer\s{1,3}a\s{1,3}vivre)\b" + _LIVING_HOW,
    ),
    (
        ("vie", "vivre"),
        r"(?:marre|ras\s{1,3}le\s{1,3}bol|fatiguee?s?|lasse?s?|degoutee?s?|epuisee?s?)\s{1,3}"
        r"de\s{1,3}(?:la\s{1,3}vie\b|vivre\b" + _LIVING_HOW + ")",
    ),
    (
        ("vie", "vivre", "exister"),
        r"(?:n'?\s?)?en\s{1,3}peux?\s{1,3}plus\s{1,3}de\s{1,3}(?:vivre|cette\s{1,3}vie"
        r"|la\s{1,3}vie|ma\s{1,3}vie|exister)\b",
    ),
    (("vivre",), r"(?:j?veux|j?voudrais|j?veu)\s{1,3}plus\s{1,3}vivre\b" + _LIVING_HOW),
    (("vivre",), r"(?:plus|aucune|pas\s{1,3}de)\s{1,3}raisons?\s{1,3}de\s{1,3}vivre\b"),
    (("quoi",), r"a\s{1,3}quoi\s{1,3}bon\s{1,3}(?:vivre|continuer)\b"),
    (("sens",), r"vie\s{1,3}n'?\s?a\s{1,3}plus\s{1,3}(?:de\s{1,3}|aucun\s{1,3})?sens\b"),
    (
        ("mourir", "mourrir", "crever"),
        r"(?:j?veux|j?voudrais|j?veu|envie?\s{1,3}de|aimerais|besoin\s{1,3}de)\s{1,3}(?:mour{1,2}ir|crever)\b"
        + _NOT_FIGURATIVE_DEATH,
    ),
    (
        ("disparaitre",),
        r"(?:j?veux|j?voudrais|j?veu|envie?\s{1,3}de|aimerais|besoin\s{1,3}de)\s{1,3}disparaitre"
        r"(?=\s{0,3}(?:[.!?,;\n]|$)|\s{1,3}(?:pour\s{1,3}toujours|a\s{1,3}jamais"
        r"|de\s{1,3}ce\s{1,3}monde|de\s{1,3}la\s{1,3}surface|definitivement))",
    ),
    (("arrete",), r"(?:veux|voudrais|aimerais|envie)\s{1,3}que\s{1,3}tout\s{1,3}s'?\s?arrete\b"),
    (
        ("sauter",),
        r"sauter\s{1,3}(?:du|d'?\s?un|d'?\s?une|de\s{1,3}la|par\s{1,3}la|dans\s{1,3}le)\s{1,3}"
        r"(?:haut\s{1,3}(?:du|d'?\s?un|de\s{1,3}la)\s{1,3})?"
        r"(?:pont|toit|fenetre|immeuble|falaise|balcon|vide|viaduc)\b",
    ),
    (
        ("jeter",),
        r"jeter\s{1,3}sous\s{1,3}(?:un|le)\s{1,3}(?:train|metro|camion|bus|voiture|tram)\b",
    ),
    # English.
    (
        ("die",),
        r"(?:want(?<!n't want)(?<!not want)(?<!dont want)(?<!never want)|wanna|wanted|ready)"
        r"\s{1,3}(?:to\s{1,3})?"
        r"die\b(?!\s{1,3}(?:of|from|laughing|in\s{1,3}peace|at\s{1,3}home|peacefully))",
    ),
    (
        ("reason", "point"),
        r"(?:no|any)\s{1,3}(?:reason|point)\s{1,3}(?:to|in)\s{1,3}(?:live|living|go\s{1,3}on"
        r"|going\s{1,3}on)\b",
    ),
    (("better",), r"better\s{1,3}off\s{1,3}(?:dead|without\s{1,3}me)\b"),
    (("living", "more"), r"can'?t\s{1,3}go\s{1,3}on\s{1,3}(?:living|any\s?more)\b"),
    (("jump",), r"jump\s{1,3}(?:off|from)\s{1,3}(?:a|the)\s{1,3}(?:bridge|building|roof|cliff)\b"),
    (("purpose",), r"(?:overdose|od)\s{1,3}on\s{1,3}purpose\b"),
]

_SELF_HARM_SELF: list[tuple[tuple[str, ...], str]] = [
    (
        ("scarifi", "mutil", "taillad", "lacer"),
        r"(?:me|m|se|s)\s{0,2}'?\s{0,2}(?:suis\s{1,3}|etais\s{1,3}|est\s{1,3})?"
        r"(?:scarifi|auto-?\s?mutil|mutil|taillad|lacer[ea])\w{0,6}",
    ),
    (("mutilation",), r"je\s{1,3}" + _WORDS2 + r"(?:l'?\s?)?auto-?\s?mutilation\b"),
    (("scarification",), r"mes\s{1,3}scarifications?\b"),
    (
        ("mal",),
        r"me\s{1,3}(?:faire|fais|fait|suis\s{1,3}fait|suis\s{1,3}faite)\s{1,3}du\s{1,3}mal\b",
    ),
    (
        ("blesser", "bruler", "frapper", "taillader", "entailler"),
        r"(?:envie|besoin|pulsions?)\s{1,3}de\s{1,3}me\s{1,3}(?:blesser|bruler|frapper"
        r"|taillader|entailler)\b",
    ),
    (
        ("coup", "taillad", "entaill"),
        r"me\s{1,3}(?:couper|coupe|coupais|taillader|entailler|entaille)\s{1,3}"
        + _WORDS2
        + r"(?:les\s{1,3}|le\s{1,3}|mes\s{1,3}|la\s{1,3})?(?:bras|poignets?|cuisses?|avant-bras"
        r"|ventre|jambes?)\b(?!\s{1,3}en\s{1,3}(?:tombant|cuisinant|bricolant|jardinant))",
    ),
    (
        ("coup",),
        r"me\s{1,3}(?:couper|coupe|coupais)\s{1,3}" + _WORDS2 + r"(?:avec|a)\s{1,3}"
        r"(?:une|un|la|le|des)\s{1,3}(?:lames?|rasoirs?|cutter|compas)\b",
    ),
    (
        ("brul",),
        r"me\s{1,3}(?:bruler|brule|brulais)\s{1,3}" + _WORDS2 + r"(?:avec|a)\s{1,3}"
        r"(?:une|un|la|le|des|mes)\s{1,3}(?:cigarettes?|clopes?|briquet)\b",
    ),
    # English.
    (
        ("harm",),
        r"self(?<!prevention of self)(?<!preventing self)[\s\-]?harm\w{0,3}\b"
        r"(?!\s{1,3}(?:prevention|awareness|resources|services|hotline|helpline)\b)",
    ),
    (
        ("cutting",),
        r"cutting\s{1,3}myself\b(?!\s{1,3}(?:shaving|while|on\s{1,3}(?:a|the)|by\s{1,3}accident"
        r"|accidentally|cooking))",
    ),
    (
        ("myself",),
        r"(?:want|wanna|wanted|urges?|tempted|started|keep|kept|been|stop|trying\s{1,3}not)"
        r"\s{1,3}(?:to\s{1,3})?(?:cut|cutting|hurt|hurting|harm|harming|burn|burning)"
        r"\s{1,3}myself\b",
    ),
]


_Patterns = list[tuple[tuple[str, ...], re.Pattern[str]]]


def _compiled(patterns: list[tuple[tuple[str, ...], str]]) -> _Patterns:
    return [(keys, re.compile(pattern)) for keys, pattern in patterns]


# One pattern each rather than one alternation, each starting with a literal word
# (word starts are checked by `word_matches`), each run only when one of its key
# words is in the text: a long post costs a few substring searches, not sixty scans.
_SELF: list[tuple[str, _Patterns]] = [
    ("suicide", _compiled(_SUICIDE_SELF)),
    ("self_harm", _compiled(_SELF_HARM_SELF)),
]
_OPEN: list[tuple[str, _Patterns]] = [("suicide", _compiled(_SUICIDE_OPEN))]
# Someone else is the subject: "tu as envie de…", "if you want to die…", "il veut…".
_OTHER_SUBJECTS = frozenset(
    {"tu", "t", "vous", "il", "elle", "ils", "elles", "on", "you", "he", "she", "they"}
    | {"someone", "somebody", "anyone"}
)
_SENTENCE_END = re.compile(r"[.!?\n]")
_WORD = re.compile(r"\w+")


def _about_someone_else(folded: str, start: int) -> bool:
    before = folded[max(0, start - 40) : start]
    clause = _SENTENCE_END.split(before)[-1]
    return not _OTHER_SUBJECTS.isdisjoint(_WORD.findall(clause)[-4:])


def find_crisis(text: FoldedText) -> Iterator[Hit]:
    """Suicidal thoughts ("suicide") and self-harm ("self_harm") in `text`."""
    folded = text.folded
    for code, patterns in _SELF:
        for match in _matches(patterns, folded):
            yield Hit(code, match.start(), match.end())
    for code, patterns in _OPEN:
        for match in _matches(patterns, folded):
            if not _about_someone_else(folded, match.start()):
                yield Hit(code, match.start(), match.end())


def _matches(patterns: _Patterns, folded: str) -> Iterator[re.Match[str]]:
    for keys, pattern in patterns:
        if any(key in folded for key in keys):
            yield from word_matches(pattern, folded)

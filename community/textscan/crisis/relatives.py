"""A relative at risk right now: who they are, what they said or did, the alarm of the moment."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from community.textscan.crisis import burden_fr, passive_fr, self_harm, suicide_en, suicide_fr
from community.textscan.crisis.judging import (
    RECENT,
    SENTENCE_END,
    WINDOW,
    Judge,
    capped,
)
from community.textscan.crisis.patterns import Rule, compiled, regex
from community.textscan.crisis.prefilter import Gate, at_word_start
from community.textscan.crisis.words import DRUGS, PILLS, VITAL
from community.textscan.normalize import Hit, all_matches, word_matches

_RELATIVE = re.compile(
    regex(
        r"(?:mon|ma|mes|notre|nos|my|our) (?:<3> )?(?:fils|fille|enfant|ado|garcon|mari|femme"
        r"|compagnon|compagne"
        r"|conjoint|conjointe|copain|copine|frere|soeur|pere|mere|papa|maman|ami|amie|meilleur ami"
        r"|meilleure amie"
        r"|coloc|colocataire|patiente?s?|neveu|niece|cousin|cousine|voisin|voisine|collegue"
        r"|partenaire"
        r"|son|daughter|child|kid|teen|boy|girl|husband|wife|partner|boyfriend|girlfriend|brother"
        r"|sister"
        r"|dad|mum|mom|father|mother|friend|best friend|flatmate|roommate|chum|blonde|gf|bf|lad)\b"
    )
    # A friend without "my": "une amie vient de poster", "a friend just texted".
    + r"|\b(?:une amie|un ami|une copine|un copain|a friend|a mate)\b"
    + r"|\b(?:my|our|mon|ma) \d{1,2}(?:-|\s)?(?:year|yr)s?(?:-|\s)?old\b"
    # Named without "my", as people do: "Mum said tonight…", "Wife has MS…".
    + r"|\b(?:maman|papa|mum|mom|dad|hubby|wife|husband)\b"
)
# What a relative did that is an emergency by itself, with no "right now" needed.
_ACUTE_3RD: list[re.Pattern[str]] = [
    compiled(
        r"(?:vient|viens) d'(?:en )?avaler\b|(?:vient|viens) de (?:l'|les )avaler\b"
        r"|(?:just|has just) (?:swallowed|taken|took|downed) (?:<2> )?(?:all|the whole|a whole"
        r"|every|the lot|too many|loads of|a (?:box|bottle|packet)|\d{2,3})\b"
    ),
    # Thinking of suicide, said of them: "she's been thinking about killing herself".
    compiled(
        r"(?:thinking|thought|talking|talked|talks|think|thinks|planning|planned|plans)"
        r" (?:<1> )?(?:about|of|to) (?:<1> )?"
        r"(?:end it|killing (?:himself|herself|themselves)|suicide|ending (?:his|her|their) (?:own "
        r")?life"
        r"|taking (?:his|her|their) (?:own )?life)\b(?! (?:prevention|awareness|training|rates?"
        r"|statistics|scene|film|movie|episode|of|in)\b)|(?:pense|pensait|parle|parlait) (?:<1> )?"
        r"(?:a se tuer|a se suicider|au suicide|de se suicider|de se tuer|a mettre fin a ses"
        r" jours|d'en finir)\b"
    ),
    # A farewell letter found: "I found a goodbye letter in his room".
    compiled(
        r"(?:goodbye|farewell|suicide) (?:letter|note|message|messages|story|post|video|texts?)\b"
        r"|lettre d'adieu\b|left a note (?:<4> )?(?:saying|sorry|goodbye)\b"
        r"|(?:letter|note) (?:<3> )?addressed to (?:me|us)\b|(?:une )?lettre (?:<2> )?(?:adressee"
        r"|pour) (?:moi|nous) (?:<3> )?dans sa chambre\b"
    ),
    compiled(
        r"(?:a|avait) (?:pris|avale) (?:<2> )?(?:«\s?)?(?:toute (?:la|sa) boite|toutes ses boites"
        r"|toute (?:la|sa) plaquette)\b|(?:a|avait) avale (?:tous|toutes) ses\b"
        r"|(?:a|avait) pris (?:tous|toutes) ses (?:somniferes|anxiolytiques|antidepresseurs"
        r"|lexomil|xanax|stilnox|sleeping pills)\b"
        r"|(?:a|avait) (?:pris|avale) (?:<3> )?(?:d'un (?:seul )?coup|en une fois)\b"
        r"|(?:a|avait) (?:«\s?)?tout (?:pris|avale)\b|(?:a|avait) avale (?:sa|son|ses) (?:reserve"
        r"|stock|boite|plaquette|flacon)\b|(?:gave|given|injected) (?:himself|herself) (?:<2> )?"
        r"(?:whole|all|entire|every|a full) (?:<2> )?(?:pen|pens|insulin|vial)\b"
        r"|(?:il|elle) (?:<3> )?(?:serait|serais) mieux morte?\b"
    ),
    compiled(
        r"(?:il|elle|qu'il|qu'elle|he|she|he's|she's) (?:<3> )?(?:veut|voulait|voudrait"
        r"|a envie de|avait envie de|wants|wanted)"
        r" (?:<2> )?(?:mourir\b(?! (?:de|d'|du|chez|a la maison|en paix|dans la dignite"
        r"|dignement)\b)"
        r"|en finir|se tuer|se suicider|se pendre|se jeter|disparaitre|to die|to kill (?:himself"
        r"|herself)|to end it|(?:la |le |les )?rejoindre|to be with (?:mum|mom|dad|her|him))\b"
    ),
    compiled(
        r"(?:il|elle|qu'il|qu'elle|he|she|he's|she's) (?:<3> )?(?:va|allait|is going|was going)"
        r" (?:<2> )?(?:«\s?|'|\"|“)?(?:en finir|se tuer|se suicider|se pendre|se jeter|to kill"
        r" (?:himself|herself)|to end it|disparaitre (?:avant|pour toujours|pour de bon|a jamais"
        r"|definitivement)|partir (?:pour toujours|pour de bon|definitivement)|(?:go to )?sleep"
        r" for (?:good|ever)|not wake up)\b"
    ),
    compiled(
        r"ne veut plus vivre\b|doesn't want to be alive\b|not wanting to be alive\b|rather die\b"
        r"|wants to die\b|(?:she'll|he'll|she will|he will|she's going to|he's going to) (?:<1> )?"
        r"(?:jump\b(?![^.!?]{0,40}\b(?:for charity|for fun|sponsored|fundraiser|challenge|parachute"
        r"|skydive|trampoline|bungee|queue|puddle|pool))|kill|end it)\b|qu'(?:il"
        r"|elle) va (?:sauter|se jeter)\b|(?:is|'s) on the (?:roof"
        r"|bridge|ledge)\b"
    ),
    compiled(
        rf"(?:a|avait) arrete (?:son|sa|ses) (?:{VITAL}|traitement) (?:<4> )?(?:expres"
        rf"|pour mourir|parce qu'(?:il|elle) veut)|stopped (?:his|her) {VITAL}\b(?! (?:because of"
        rf"|due to|with)\b)"
    ),
    compiled(
        r"(?:swallowed (?:<2> )?(?:her|his|their|all|the whole)|(?:taken|took"
        r"|downed) (?:<2> )?(?:all"
        r"|the whole|every one of|too many of)) (?:<2> )?(?:pills|tablets|box|meds)\b"
    ),
    compiled(
        r"s'(?:est |etait )?enfermer?e?s? (?:<6> )?(?:avec (?:un|son|sa|ses) (?:couteau|rasoir|lame"
        r"s?"
        r"|arme|fusil|cordes?|medicaments|medocs)|moteur|dans la voiture|dans le garage)\b"
        r"|(?:with|avec) (?:his|her|son|sa) (?:shotgun|gun|rifle|fusil|carabine|arme)\b"
    ),
    compiled(
        r"(?:ses|his|her) poignets coupes\b|coupures recentes\b|(?:her|his) wrists (?:<2> )?cut\b"
    ),
]
_RISK_3RD: list[re.Pattern[str]] = [
    compiled(r"va les prendre\b|locked (?:her|him)self\b"),
    # Hoarding: "she's been hoarding her sleeping pills", "il a caché sa boîte de morphine".
    compiled(
        rf"(?:hoarding|stockpiling|saving|hiding|hidden|hid|stashed|stashing|cache|cachait|garde"
        rf"|gardait|stocke|stockait|planque) (?:<1> )?(?:his|her|their|sa|son|ses|toute sa|tous ses"
        rf"|toutes ses) (?:<2> )?(?:{PILLS}|{DRUGS}|morphine|insulin|insuline)"
    ),
    # Going to sleep for good, going away for ever, said of them.
    compiled(
        r"(?:go to sleep|sleep|s'endormir|partir|disparaitre|go away|nuit|night) (?:<1> )?(?:for go"
        r"od"
        r"|forever"
        r"|for ever|pour toujours|pour de bon|definitivement|a jamais)\b"
    ),
    # The burden, said of them: "the kids would be fine without her", "ne plus être un poids".
    compiled(
        r"(?:better off|fine|happier|mieux) (?:<2> )?(?:without|sans) (?:her|him|them|elle|lui)\b"
        r"|(?:he|she|he's|she's|il|elle|qu'il|qu'elle) (?:<4> )?(?:«\s?|'|\")?(?:not )?(?:being"
        r"|is|was|est|etait) (?:a|un|une) (?:«\s?|'|\")?(?:burden|nuisance|poids|fardeau)\b"
        r"|(?:ne plus|pour ne plus) etre un (?:poids|fardeau)\b|(?:he|she) can't be a burden\b"
        r"|(?:we'd|we would|you'd|you would"
        r"|everyone would|everybody would|they'd) (?:all )?(?:«\s?|'|\")?(?:be )?better off\b"
        r"(?! (?:with|if we|buying|going|taking|in)\b)"
    ),
    # Instructions for after: "look after the kids", "bien m'occuper des enfants".
    compiled(
        r"(?:look after|take care of) (?:the kids|the children|mum|dad|the boys|the girls)\b"
        r"|(?:bien )?(?:m'occuper|t'occuper|occupe-?\s?toi|prends soin) (?:bien )?(?:des enfants"
        r"|des petits|de maman|de papa)\b"
    ),
    # The French euphemism, feared: "j'ai peur qu'elle fasse une bêtise".
    compiled(
        r"(?:peur|crains|inquiete?|angoisse\w*) (?:<3> )?(?:qu'(?:il|elle)|que (?:mon|ma|mes|notre)"
        r" \w+) (?:ne )?(?:fasse|commette)"
        r" (?:une|des|un) (?:betise|connerie|idiotie|geste)s?\b|(?:scared|afraid|worried"
        r"|terrified) (?:<2> )?(?:he|she)(?:'ll| will| might| is going to| may) (?:do something"
        r" (?:stupid|silly)|hurt (?:himself|herself)|kill (?:himself|herself))\b"
    ),
    # A height or a train, said of them: "sauter par la fenêtre", "jump off the bridge".
    compiled(
        r"(?:sauter|se jeter|jump|jumping) (?:<1> )?(?:par|de|du|sous|off|from|out of|in front of)"
        r" (?:<2> )?(?:fenetre|balcon|pont|train|toit|immeuble|window|bridge|balcony|roof|building"
        r"|cliff|car park)\b"
    ),
    # A vital treatment stopped or refused, said of them.
    compiled(
        rf"(?:going to|decided to|wants to|veut|va|a decide d'|voulait|wanted to) (?:stop|arreter)"
        rf" (?:his|her|their|ses|son|sa) (?:<2> )?(?:{VITAL}"
        rf"|traitements?)\b|(?:a refuse|refuse|refused|skipped|a saute|won't go to) (?:his|her"
        rf"|sa|son|ses) (?:<1> )?(?:seance|seances|dialysis|dialyse|session|treatment|insulin"
        rf"|traitement|chimio|chemo)\b"
    ),
    # A goodbye with an apology, sent: "texted 'goodbye mum I'm sorry'".
    compiled(
        r"(?:goodbye|bye|adieu|au revoir)\b[^.!?\"»”\n]{0,40}\b(?:sorry|forgive me|love you all"
        r"|pardon|desolee?|je vous aime)\b|(?:pardon|sorry|desolee?)\b[^.!?\"»”\n]{0,20}\b(?:je vou"
        r"s"
        r" aime|je t'aime|i love you|love you)\b"
    ),
    # Carbon monoxide: "sitting in the car in the garage".
    compiled(
        r"(?:sitting|sat|assise?) (?:<3> )?(?:in the car|dans la voiture) (?:<4> )?(?:garage"
        r"|engine|moteur)\b"
    ),
    compiled(r"se (?:scarifie|coupe|mutile)\b(?! (?:les cheveux|le doigt)\b)"),
    compiled(
        rf"ne (?:prend|fait) plus (?:ses|son|sa) (?:<1> )?{VITAL}"
        r"|n'ir(?:a|ait|ai) plus (?:jamais )?(?:aux|en) seances?\b"
        r"|(?:prend|prends) (?:plus|pu) (?:ses|son|sa) (?:medicaments|medocs|traitements?)\b"
        rf"|(?:a|avait) arrete (?:son|sa|ses) (?:<1> )?(?:{VITAL}|traitement|medicaments) (?:<4> )?"
        rf"sans (?:rien )?(?:dire|prevenir|en parler)\b"
        rf"|(?:stopped|came off|coming off) (?:all )?(?:his|her) (?:<1> )?{VITAL} (?:so (?:she|he)"
        rf" (?:can|could)|to (?:die|go)|without telling)\b"
        r"|(?:veut|voulait) (?:pu|plus) vivre\b|(?:qu'(?:il|elle|a)|il|elle) (?:<1> )?(?:a|avait"
        r"|l'avait) un plan\b|(?:qu'(?:il|elle)|il|elle|he's|she's|he is|she is) (?:<1> )?(?:est"
        r"|etait|on) (?:<1> )?(?:sur )?(?:le|un|the) (?:toit|pont|rebord|parapet|roof|bridge|ledge)"
        r"\b"
        r"|(?:parti\w{0,2}|partir|alle\w{0,2}|went|gone|headed|heading|walked|driving|drove)"
        r" (?:<3> )?(?:vers|to|towards|toward) (?:le|un|the|a) (?:<1> )?(?:pont|bridge|falaise|clif"
        r"f"
        r"|viaduc|rails|railway|tracks)\b|(?:au|du) pont\b|from the (?:<1> )?bridge\b"
        r"|drive (?:<2> )?into (?:the|a) (?:reservoir|river|sea|lake|wall|tree|canal|quarry)\b"
    ),
    compiled(
        r"(?:me|m'a|pour me) (?:dire|dit) au revoir\b|(?:saying|say|said|to say) goodbye\b"
        r"|(?:me )?remercier de tout\b"
        r"|thanks for everything\b|(?:ecrit|laisse) (?:sa|ses) lettres?\b|written (?:her"
        r"|his) letter"
    ),
    compiled(
        r"qu'on ne (?:la|le) reverrait (?:pas|plus|jamais)\b|c'est ici que (?:ca"
        r"|tout) se termine\b|attend que (?:les parents|tout le monde) dorment?\b"
        r"|n'a plus de raison de (?:rester|vivre)\b|faire ce qu'il faut\b"
    ),
    compiled(
        r"painless ways to die\b|how many of (?:his|her)\b|(?:mis|garde) de cote (?:tous )?ses\b"
        r"|(?:garde|gardait) tous ses (?:comprimes|cachets)\b"
    ),
    compiled(
        r"en disant qu'(?:il|elle) allait (?:«\s?)?(?:en finir|sur (?:le|un) pont|se |mourir"
        r"|disparaitre|sauter)"
    ),
]
# The alarm of the moment: what turns a relative's words into an emergency, not a worry.
_NOW = re.compile(
    r"\b(?:vient de|viens de|just|ce soir|cette nuit|tonight|right now|now|maintenant|en ce moment"
    r"|il y a (?:cinq|dix|une|deux|\d{1,2}) (?:minutes?|heures?|demi-heure)"
    r"|ne (?:me )?repond (?:plus|pas)|ne decroche (?:plus|pas)"
    r"|not answering|not picking up|phone is off|a coupe son portable|hung up|a raccroche"
    r"|je tremble|shaking"
    r"|panique|que faire|que dois-je"
    r"|qu'est-ce que je dois|what do i do|what should i do|aidez-moi|please"
    r"|je ne sais pas (?:quoi faire|si|comment)"
    r"|j'ai (?:tellement )?peur|terrified|scared|je suis en route|on the bus|en train de"
    r"|dans sa chambre|in (?:his|her) room"
    r"|derriere la porte|fermee a cle|fastest way"
    r"|j'arrive|on my way|i'm driving|driving (?:to|home|over|there)|je suis dans la voiture"
    r"|je pars (?:maintenant|tout de suite)|en chemin|sitting (?:beside|next to|outside|with)"
    r"|assise? (?:a cote|devant|pres)|do i call|should i call|call (?:999|911|112|the police"
    r"|an ambulance)|appeler (?:le 15|le 112|les pompiers|la police|le samu)|j'appelle le 15"
    r"|au telephone|on the phone)"
)
# A relative's own words, quoted: "« je veux mourir, je suis désolé »". Single quotes
# open only after a space and close before a space or a punctuation mark.
_QUOTE = re.compile(
    r"«([^«»\n]{3,200})»|“([^“”\n]{3,200})”|\"([^\"\n]{3,200})\"|(?:^|\s)'([^\n]{3,200}?)'"
    r"(?=[\s.,;!?]|$)"
)
_MAX_QUOTES = 30
_QUOTE_RULES: list[Rule] = [
    *suicide_fr.RULES,
    *passive_fr.RULES,
    *burden_fr.RULES,
    *suicide_en.RULES,
    *self_harm.RULES,
]
_QUOTE_GATE = Gate((rule.keys, rule.pattern) for rule in _QUOTE_RULES)
# What the relative did, as run: only those whose words the post holds, failing fast
# inside words.
_ACUTE_GATE = Gate(((), pattern) for pattern in _ACUTE_3RD)
_RISK_GATE = Gate(((), pattern) for pattern in _RISK_3RD)
_ACUTE_SCANNERS = [at_word_start(pattern) for pattern in _ACUTE_3RD]
_RISK_SCANNERS = [at_word_start(pattern) for pattern in _RISK_3RD]
# For a relative: only an explicit date in the past makes it an old story.
_PAST_RELATIVE = re.compile(
    r"\b(?:quand (?:il|elle) avait|when (?:he|she) was|il y a (?:\d{1,2}|deux|trois|quatre|cinq"
    r"|six|quelques|plusieurs) (?:ans|mois)|years? ago"
    r"|l'an dernier|last year|en (?:19|20)\d\d|in (?:19|20)\d\d|(?:il|elle) disait|(?:il"
    r"|elle) pensait|a \d{1,2} ans)\b"
)


def relative_at_risk(judge: Judge) -> Iterator[Hit]:
    """A relative described as at risk right now: a relative, what they said or did, and
    the alarm of the moment, within one stretch of the post."""
    folded = judge.folded
    relatives = [match.start() for match in word_matches(_RELATIVE, folded)]
    if not relatives:
        return
    nows = [match.start() for match in all_matches(_NOW, folded)]
    for acute, gate, scanners in (
        (True, _ACUTE_GATE, _ACUTE_SCANNERS),
        (False, _RISK_GATE, _RISK_SCANNERS),
    ):
        patterns = [scanners[index] for index in gate.open(judge.words)]
        yield from _relative_hits(judge, relatives, nows, patterns, acute=acute)
    yield from _quoted_words(judge, relatives, nows)


def _quoted_words(judge: Judge, relatives: Sequence[int], nows: Sequence[int]) -> Iterator[Hit]:
    """A relative's own crisis words in quotes, near the relative and the alarm of now:
    each quotation is judged on its own, as if its speaker had written it."""
    folded = judge.folded
    for index, quote in enumerate(_QUOTE.finditer(folded)):
        if index >= _MAX_QUOTES:
            return
        group = next(number for number in range(1, 5) if quote.group(number) is not None)
        begin, end = quote.span(group)
        if not (_near(relatives, begin) and _near(nows, begin)):
            continue
        sentence_begin, sentence_end = judge.sentence(begin, end)
        sentence = folded[sentence_begin:sentence_end]
        if _PAST_RELATIVE.search(sentence) and not RECENT.search(sentence):
            continue
        words = folded[begin:end]
        inner = Judge(words, [match.start() for match in SENTENCE_END.finditer(words)])
        for rule_index in _QUOTE_GATE.open(inner.words):
            match = next(capped(inner, _QUOTE_RULES[rule_index]), None)
            if match is not None:
                yield Hit("relative_at_risk", begin + match.start(), begin + match.end())
                break


def _relative_hits(
    judge: Judge,
    relatives: Sequence[int],
    nows: Sequence[int],
    patterns: Sequence[re.Pattern[str]],
    *,
    acute: bool,
) -> Iterator[Hit]:
    folded = judge.folded
    for pattern in patterns:
        for match in word_matches(pattern, folded):
            start, end = match.span()
            if not _near(relatives, start) or not (acute or _near(nows, start)):
                continue
            if judge.negated_before(start):
                continue
            begin, stop = judge.sentence(start, end)
            sentence = folded[begin:stop]
            if _PAST_RELATIVE.search(sentence) and not RECENT.search(sentence):
                continue
            yield Hit("relative_at_risk", start, end)


def _near(positions: Sequence[int], at: int) -> bool:
    index = bisect_right(positions, at + WINDOW) - 1
    return index >= 0 and positions[index] >= at - WINDOW

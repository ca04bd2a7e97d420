"""Self-harm in French and English, said as happening now rather than told as recovery."""

from __future__ import annotations

from community.textscan.crisis.patterns import H, Rule, rule

RULES: list[Rule] = [
    rule(
        H,
        "scarifi mutil taillad lacer",
        r"(?:me|m')\s?(?:suis |etais )?(?:scarifi|auto-?\s?mutil|mutil|taillad|lacer[ea])\w{0,6}",
        avoid=r"\bscarifiais\b|\bmutilais\b",
    ),
    rule(
        H,
        "scarif",
        r"(?:mes |une |la |des )?scarif(?:s|ications?)?\b",
        context=r"\b(?:ce soir|cette nuit|hier|encore|a nouveau|de nouveau|recommence\w*"
        r"|tous les (?:jours|soirs)|plus profond)\b",
        avoid=r"\b(?:sans|cesse\w*|arrete\w*|fini|ses|sa|son|de ma|de mon)\b",
    ),
    rule(H, "mutilation", r"(?:je|j') <2> (?:l')?auto-?\s?mutilation\b|mon auto-?\s?mutilation\b"),
    rule(
        H,
        "mal",
        r"me (?:faire|fais|fait|suis <1> fait|suis <1> faite) (?:du|de) mal\b(?! (?:au|a la|aux"
        r"|en)\b)",
    ),
    rule(
        H,
        "blesser bruler frapper taillader entailler couper",
        r"(?:envie|besoin|pulsions?) de me (?:blesser|bruler|frapper|taillader|entailler|couper"
        r"|scarifier)\b(?! (?:les|la|le) (?:cheveux|ongles|pieds?|tete|langue|doigts?|frange))",
    ),
    rule(
        H,
        "coup brul frapp ouvr ouvert taillad entaill tape cogne",
        r"(?:me |m')(?:suis <1> )?(?:couper|coupe|coupee|coupes|bruler|brule|brulee|frappe|frapper"
        r"|frappee|tapee|cognee"
        r"|ouvre|ouvrir|ouvert|taillade|entaille|entailler)\b",
        context=r"\b(?:bras|avant-bras|poignets?|cuisses?|ventre|jambes?|mains|peau|lames?|rasoir"
        r"|cutter|compas|ciseaux?|briquet|cigarettes?|fer a repasser|sang|saigner|expres"
        r"|volontaire\w*|tous les (?:jours|soirs)|chaque (?:jour|soir|nuit)|depuis"
        r"|recommence\w*|encore|a nouveau|de nouveau|rechute)\b",
        avoid=r"\b(?:en (?:cuisinant|epluchant|bricolant|jardinant|tombant|rasant|sortant|voulant"
        r"|coupant)|par (?:accident|erreur|megarde)|accident\w*|sans faire expres|doigt"
        r"|cheveux|ongles|langue|menton|levre|pas volontaire|glisse|chute|tombee?)\b"
        r"|\b(?:scarifiais|coupais|faisais|brulais)\b",
    ),
    rule(
        H,
        "griff mord pinc gratt",
        r"(?:me |m')(?:griffer|griffe|mords|mordre|pincer|pince|gratter"
        r"|gratte) <6> (?:jusqu'au sang|jusqu'a saigner)\b",
        context=r"\b(?:expres|volontaire\w*|pour me|commence\w*|depuis (?:quelques|des|deux|trois)"
        r"|tous les soirs|chaque soir|quand (?:je|la douleur|ca)|plus fort que moi|de suite"
        r"|(?:deux|trois|quatre|cinq|\d{1,2}) (?:soirs|nuits|fois))\b",
        avoid=r"\b(?:prurit|demangeaisons?|eczema|psoriasis|urticaire|pas volontaire|allergie)\b",
    ),
    rule(
        H,
        "coup brul scarifie",
        r"(?:je )?me (?:coupe|brule|scarifie)\b(?=\s{0,3}(?:[.!?,;\n]|$))",
        context=r"\b(?:je|j')\b",
    ),
    rule(
        H,
        "recommence",
        r"(?:recommence|recommencer) a me (?:couper|scarifier|faire du mal|bruler|mutiler|marquer"
        r"|griffer|taillader|entailler|frapper)\b",
    ),
    # Marking one's arms: "me marquer les bras", a new mark for each kilo.
    rule(
        H,
        "marquer",
        r"me marquer (?:les|la|le|mes) (?:bras|peau|cuisses?|poignets?|ventre|jambes?)\b",
    ),
    # Burnt, cut, without "me": "Encore brûlé avec ma cigarette ce soir".
    rule(
        H,
        "brule brulee coupe coupee entaille",
        r"(?:brulee?|coupee?|entaillee?) (?:<2> )?avec (?:ma|mon|une|un|le|la) (?:cigarette|briquet"
        r"|lame|rasoir|cutter|compas|ciseaux|couteau)\b",
        context=r"\b(?:encore|ce soir|cette nuit|hier|expres|marques?|poignets?|bras|cuisses?"
        r"|recommence\w*)\b",
        avoid=r"\b(?:en (?:cuisinant|bricolant|fumant)|accident\w*|sans faire expres)\b",
    ),
    # Hurt oneself again, with what: "J'me suis encore fait mal hier soir. Avec le compas".
    rule(
        H,
        "mal",
        r"me suis (?:<1> )?faite? mal\b(?! (?:au|a la|aux|en|au dos|au genou)\b)",
        context=r"\b(?:lames?|rasoir|compas|cutter|ciseaux|expres|volontaire\w*|scarif\w*|sang"
        r"|cigarettes?|briquet)\b",
        context_before=True,
    ),
    # Insulin as a way to hurt oneself: "je m'injecte exprès une grosse dose pour me faire
    # une hypo".
    rule(
        H,
        "hypo hypos",
        r"(?:me|m') (?:faire|provoquer|provoque|fais|fait|declencher) (?:<1> )?(?:une|des) hypos?"
        r"\b",
        context=r"\b(?:expres|volontaire\w*|punir|punition|soulage\w*)\b",
    ),
    # Skin torn or scratched to blood on purpose, whatever the skin disease.
    rule(
        H,
        "arrache gratte griffe",
        r"(?:m'arrache|je gratte|je griffe|je m'arrache|me gratte) <6> (?:jusqu'au sang|jusqu'a ce"
        r" que (?:ca|cela) saigne|jusqu'a saigner)\b",
        context=r"\b(?:expres|volontaire\w*|pour me punir|me punir)\b",
        avoid=r"\b(?:pas expres|sans faire expres|sans m'en rendre compte)\b",
    ),
    rule(H, "meme", r"me l[ae]s? suis faite?s? moi-?\s?meme\b"),
    rule(
        H,
        "gratte griffe coupe brule mords frappe",
        r"je (?:gratte|griffe|coupe|brule|mords|frappe) (?:mon|ma|mes) (?:bras|poignets?|cuisses?"
        r"|jambes?|ventre|mains|peau)\b",
        context=r"\b(?:sang|expres|volontaire\w*|lames?|rasoir|ciseaux?|ongles)\b",
    ),
    rule(
        H,
        "tete",
        r"(?:tape|tapee|cogne|frappe|tapant|cognant) (?:la|ma) tete contre (?:le|les) murs?\b",
        context=r"\b(?:encore|expres|jusqu'a|chaque|quand|bosse)\b",
    ),
    # Hitting walls until one bleeds: an injury sought, not a fit of anger.
    rule(
        H,
        "mur murs",
        r"(?:frappe|frapper|frappais|cogne|cogner|tape|taper) (?:<1> )?(?:dans )?(?:les|le|des|un)"
        r" murs? <4> (?:jusqu'au sang|jusqu'a (?:saigner|me faire saigner|avoir les (?:mains"
        r"|jointures|phalanges|poings) en sang))",
        avoid=r"\b(?:il|elle|ils|elles|son|sa|ses)\b",
    ),
    rule(
        H,
        "brulures coupures marques",
        r"(?:brulures?|coupures?|entailles?) (?:de cigarettes? |fraiches "
        r"|recentes )?(?:<1> )?sur (?:mes|mon|ma) (?:bras|cuisses?|ventre|jambes?|poignets?"
        r"|avant-bras)\b",
    ),
    rule(
        H,
        "coupures",
        r"(?:mes |les )?(?:bras|cuisses?|jambes?|poignets?|ventre) (?:sont|est) (?:plein|pleins"
        r"|pleine|couverts?|couvertes?) de (?:coupures|marques|brulures|cicatrices fraiches)\b",
    ),
    rule(
        H,
        "coupee coupures brulure",
        r"(?:coupee|brulure|coupures?) (?:<3> )?(?:a nouveau|encore|de nouveau|ce soir|cette nuit"
        r"|volontaire\w*|expres|profonde|plus profond)\b",
        context=r"\b(?:cette nuit|ce soir|hier|plus profond|volontaire\w*|expres|troisieme|encore"
        r"|a nouveau)\b",
        avoid=r"\b(?:en (?:cuisinant|epluchant|bricolant|jardinant|tombant)|accident\w*"
        r"|doigt|menton)\b",
    ),
    rule(H, "coupures", r"ce sont des coupures\b"),
    rule(
        H,
        "scarifi",
        r"(?:encore |a nouveau )?scarifiee?s?\b",
        context=r"\b(?:cette nuit|ce soir|hier|encore|a nouveau|de nouveau|plus profond)\b",
        avoid=r"\b(?:sans|cesse\w*|arrete\w*|fini|ses|sa|son|de ma|de mon)\b",
    ),
    # English.
    rule(
        H,
        "harm",
        r"self(?<!prevention of self)(?<!preventing self)[\s\-]?harm\w{0,3}\b"
        r"(?!\s{1,3}(?:prevention|awareness|resources|services|hotline|helpline)\b|[\s-]{1,3}free\b"
        r")",
        raw=True,
    ),
    rule(
        H,
        "cutting",
        r"cutting myself\b(?! (?:shaving|while|on (?:a|the)|by accident|accidentally|cooking))"
        r"|cutting on my\b|relapsed on cutting\b|(?:started|start|keep|been|back to) cutting\b"
        r"(?! (?:down|back|out|up|off|carbs|sugar|corners|ties|the|a|it|them|my hair|hair|out"
        r"|costs|calories|dairy|gluten|meat|alcohol|caffeine|into)\b)"
        r"|cutting again\b"
        # "I'm cutting as well", "been cutting every night": cutting with no object.
        r"|(?:i'm|i am|i've been|i have been|i was|now i'm) cutting\b(?=\s{0,2}(?:[.,;!?]|$)"
        r"|\s{1,3}(?:as well|too|again|more|deeper|every|daily|at night|most nights|now|once"
        r"|twice|three times)\b)",
    ),
    rule(
        H,
        "cut",
        r"(?:i|i've|i have) cut (?:again|tonight|last night|deeper|twice|three times|once more)\b"
        r"(?! (?:the|my|it|them|a|an|out|down|back|off|up)\b)",
    ),
    rule(
        H,
        "wall walls",
        r"(?:punch\w{0,3}|hit\w{0,4}|bang\w{0,3}|smash\w{0,3}) (?:<2> )?walls? <4> (?:till|until"
        r"|til) (?:<2> )?(?:knuckles|hands?|fists?) (?:<1> )?(?:split|bled|bleed|bleeding|broke"
        r"|were raw|cracked)\b",
        context=r"\b(?:i|i'm|i've|me|my)\b",
        avoid=r"\b(?:he|she|his|her|they|their)\b",
    ),
    rule(
        H,
        "myself",
        r"(?:want|wanna|wanted|urges?|tempted|started|keep|kept|been|stop"
        r"|trying not) (?:to )?(?:cut|cutting|hurt|hurting|harm|harming|burn|burning) myself\b",
    ),
    rule(
        H,
        "burnt burned cut scratch hit",
        r"(?:burnt|burned|burn|cut|scratched|scratching|hit|hitting|banging) (?:my (?:arms?"
        r"|wrists?|thighs?|legs?|stomach|skin|head)|myself)\b",
        context=r"\b(?:again|lighter|blades?|razor|bleed\w*|on purpose|deliberately|every night"
        r"|last night|tonight|calm|relapse\w*|clean|over and over|wall|hard)\b",
        avoid=r"\b(?:shaving|by accident|accidentally|cooking|oven|stove|kettle|iron(?:ing)?"
        r"|on (?:a|the) (?:fence|nail|glass|door|edge|corner|tin|can|knife|saw|branch|car)|tetanus"
        r"|fell|fall|slipped|gardening|chopping|opening|dropped|broke a glass)\b",
    ),
    rule(H, "cuts burns", r"(?:cuts|burns) on my (?:arms?|thighs?|legs?|wrists?|stomach)\b"),
    rule(
        H,
        "bleed blade blades",
        r"until i bleed\b|blades? (?:are|is) back\b|(?:the |my )?blades? (?:came|come|coming)"
        r" (?:back )?out\b",
    ),
    # "sh", as people write self-harm: "sh is back", "sh urges rn".
    rule(
        H,
        "sh",
        r"sh (?:is back|urges?|relapse|again|tonight|rn)\b|relapsed (?:<3> )?(?:on|with|into) sh\b",
    ),
    # A flame or a blade held on the skin: "using my brother's lighter on my hip".
    rule(
        H,
        "lighter razor blade compass scissors sharpener knife",
        r"(?:using|used|use|hold\w{0,3}|held|put|putting|took|take) (?:<3> )?(?:lighter|razor|blade"
        r"|compass|scissors|pencil sharpener|sharpener|knife) (?:<1> )?(?:on|to|against|into) my"
        r" (?:<1> )?(?:wrists?|arms?|thighs?|legs?|skin|hips?|stomach|belly|ankles?)\b",
        avoid=r"\b(?:shav\w*|by accident|accidentally|hair|wax\w*)\b",
    ),
    rule(
        H,
        "carved carve carving etched scratched",
        r"(?:carved|carve|carving|etched|etching) (?:<3> )?(?:into|in|on) my (?:<1> )?(?:legs?|arms"
        r"?"
        r"|thighs?|wrists?|skin|stomach|belly|hips?)\b",
    ),
    rule(
        H,
        "blisters",
        r"until it blisters\b",
        context=r"\b(?:lighter|hold\w*|held|myself|my (?:hip|arm|thigh|skin|wrist))\b",
    ),
    # A wound opened again on purpose: "reopening the wound on my belly on purpose".
    rule(
        H,
        "reopen reopening reopened pick",
        r"(?:reopen\w{0,3}|re-open\w{0,3}|pick\w{0,3} (?:it|them) open) (?:<3> )?(?:wounds?|cuts?"
        r"|scars?|scabs?|stitches|on purpose|with tweezers)\b",
        context=r"\b(?:on purpose|deliberately|numb|punish\w*|it isn't|tweezers)\b",
        context_before=True,
    ),
    rule(
        H,
        "inflicted",
        r"self[\s-]?inflicted\b",
        context=r"\b(?:cuts?|burns?|wounds?|injur\w*|marks?|scars?|they're|theyre)\b",
        context_before=True,
        raw=True,
    ),
    # Blows to one's own head: "battering my own head with my fists".
    rule(
        H,
        "head",
        r"(?:batter|punch|hit|bang|smash|beat)\w{0,4} (?:my own|myself in the) (?:head|face)\b"
        r"|(?:bang|banging|hit|hitting|smash|smashing) my head (?:<1> )?(?:on|against) (?:the|a|my)"
        r" (?:steering wheel|floor|door|desk|radiator|wall)\b(?! (?:of|at work|with work)\b)",
        avoid=r"\b(?:brick wall|by accident|accidentally|banged|bureaucracy|admin|paperwork"
        r"|figuratively)\b",
    ),
    # A cover story taken back: "Told them I dropped a glass. I didn't drop a glass."
    rule(
        H,
        "drop slip fall walk",
        r"i (?:didn't|did not|never) (?:drop a glass|slip|fall|walk into|trip)\b",
        context_before=True,
        context=r"\b(?:told|said|tell|say)\b",
    ),
    rule(
        H,
        "tell",
        r"(?:had to|have to) tell (?:<2> )?(?:that )?i(?:'d| had)? (?:slipped|fell|dropped|walked"
        r" into|tripped|caught it)\b",
        context=r"\b(?:split|cut|cuts|bruise\w*|burn\w*|stitches|strips|bleed\w*|marks?)\b",
    ),
]

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
        r"(?:recommence|recommencer) a me (?:couper|scarifier|faire du mal|bruler|mutiler)\b",
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
        r"(?!\s{1,3}(?:prevention|awareness|resources|services|hotline|helpline)\b)",
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
    rule(H, "bleed blade", r"until i bleed\b|blades? (?:are|is) back\b"),
]

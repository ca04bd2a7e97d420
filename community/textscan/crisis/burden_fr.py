"""Being a burden and conditional ends, in French: the family better off without me,
"si … je partirai"."""

from __future__ import annotations

from community.textscan.crisis.patterns import Rule, S, rule

# What the others would gain: "ils seraient libres", "elle pourrait enfin vivre".
_RELIEF = (
    r"(?:enfin|respir\w*|repit|libres?|tranquilles?|droit|mieux|soulage\w*|vivre|revivre"
    r"|souffler|heureu\w*|plus heureu\w*|plus libres?|plus tranquilles?|plus legers?"
    r"|une (?:vraie |)vie|une vie normale|la paix|une chance)"
)

RULES: list[Rule] = [
    # --- Burden: the family better off ------------------------------------------------
    rule(
        S,
        "mieux heureu soulag tranquille libre",
        r"(?:serai\w{0,3}|seri\w{0,3}|seront|sont|est|irai\w{0,3}|vivrai\w{0,3}|ira) <3> (?:mieux"
        r"|(?:plus )?(?:heureu(?:x|se|ses)|soulagee?s?|tranquilles?|libres?|legers?|legeres?))"
        r" sans moi\b",
    ),
    # "Sans moi, ma famille serait mieux": the comma after "sans moi" is no clause change.
    rule(
        S,
        "sans",
        r"sans moi,? <3> (?:pourraient|pourrait|aurai\w{0,3}|serai\w{0,3}|irai\w{0,3}"
        rf"|vivrai\w{{0,3}}|respirerai\w{{0,3}}) <3> {_RELIEF}\b",
    ),
    rule(
        S,
        "parte partais disparaissais existais etais",
        r"(?:si|que) je (?:n'etais plus la|n'existais plus|disparaissais|partais\b(?! (?:en|a|au"
        r"|aux|pour (?!de bon|toujours)|chez|quelques|une|un|le|ce|cette|demain|travailler)\b)"
        r"|parte\b(?! (?:en|a|au"
        r"|aux|pour (?!de bon|toujours)|chez|quelques|une|un|le|ce|cette|demain|travailler)\b)"
        r"|mourais|n'etais pas la)",
        context=r"\b(?:mieux|soulag\w*|libres?|arrangerait|cadeau|simple|tranquilles?|repos\w*"
        r"|respir\w*|heureu\w*|revivre|souffler|enfin vivre|vivre enfin|refaire (?:sa|leur|ma|ta)"
        r" vie|pourrai\w* enfin|leur vie|sa vie|\w{2,12}raient enfin|\w{2,12}rait enfin)\b",
    ),
    rule(
        S,
        "poids fardeau boulet charge",
        r"(?:je <2> (?:suis|serai|serais|deviens|devenir|me sens|reste)|d'etre|devenir"
        r"|voila ce que je suis) <2> (?:un|une) (?:(?:poids?|fardeau)\b(?! (?:en moins|de moins"
        r"|lourd))|(?:boulet|charge) <2> (?:pour|pr)\b)",
        open=True,
    ),
    rule(
        S,
        "poids fardeau boulet",
        r"(?:un|une) (?:poids|fardeau|boulet)\s{0,2},? <2> (?:voila ce que je suis|pour (?:mon|ma"
        r"|mes))\b",
    ),
    rule(S, "poids", r"(?:je suis|un) poids mort\b"),
    rule(S, "avoir", r"mieux de ne plus m'avoir\b"),
    rule(
        S,
        "debarrass liber",
        r"(?:debarrasse\w{0,2}|liberee?s?) de moi\b|(?:le|la|les) liberer pour de bon\b",
    ),
    rule(S, "rendre", r"leur rendre leur vie\b"),
    # Fading out for them: "je lui rendrais service en m'effaçant", "la meilleure chose que je
    # pourrais faire pour eux, c'est de m'effacer".
    rule(
        S,
        "effacer effacant effacerai",
        r"(?:en |de |vais |veux |dois )?m'(?:effacer|effacant|effacerai|effacerais)\b"
        r"(?! (?:de (?:la|cette) photo|des (?:photos|reseaux|groupes)|du groupe|du fil)\b)",
        context=r"\b(?:service|mieux|meilleure chose|pour (?:eux|elle|lui|les|mes|ma|mon)|liberer"
        r"|poids|charge|fardeau|leur|lui)\b",
    ),
    rule(
        S,
        "delivrer liberer debarrasser",
        r"(?:delivrer|liberer|debarrasser) (?:<1> )?de moi\b|(?:temps|moyen) de (?:le|la|les|vous)"
        r" (?:liberer|delivrer)\b",
    ),
    # "Vaudrait mieux que je ne sois plus là pour eux."
    rule(
        S,
        "mieu mieux",
        r"(?:vaudrai\w{0,2}|serait|ce serait) (?:<1> )?mieux? (?:que je (?:ne )?(?:sois|soit) plus "
        r"la"
        r"|que je (?:disparaisse|parte pour de bon|meure|creve|ne sois plus en vie))\b",
    ),
    # Leaving so that they stop paying: "partir pour que ma famille arrête de se ruiner".
    rule(
        S,
        "partir disparaitre mourir",
        r"(?:partir|disparaitre|mourir|m'en aller) pour que (?:ma famille|mes enfants|mon mari"
        r"|ma femme|mes proches|mes parents|ils|elle|il|tout le monde) (?:<2> )?(?:arrete\w{0,3}"
        r"|puisse\w{0,3}|soi(?:t|ent)|n'ai(?:t|ent)|respire\w{0,3}|vive\w{0,3}|cesse\w{0,3})\b",
    ),
    # The best one could do for them: "le mieux que je puisse faire pour lui, c'est de ne plus
    # être là".
    rule(
        S,
        "mieux meilleure",
        r"(?:le mieux|la meilleure chose|ce que j'ai de mieux a faire) (?:que je (?:puisse|pourrais"
        r"|pourrai|peux) faire )?(?:<4> )?(?:c'est|serait|ce serait) (?:de )?(?:ne plus etre la"
        r"|m'effacer|partir|disparaitre|mourir|en finir|ne plus exister)\b",
    ),
    rule(S, "peser", r"a quoi bon continuer a peser\b"),
    rule(
        S,
        "cadeau",
        r"cadeau (?:a leur faire|a lui faire|que je (?:puisse|pourrais) (?:lui|leur) faire)\b",
    ),
    rule(
        S,
        "service",
        r"(?:vais|veux) (?:lui|leur) rendre ce service\b",
        context=r"\bsans moi\b|\bmieux\b",
    ),
    # --- Conditional ends: "si …, je mets fin à tout", "si … je partirai" -------------
    rule(
        S,
        "pars partirai arrete lache tomber continuerai resterai tiendrai survivrai fini irai"
        " reveillerai vie ferai ferais fin continuer tenir survivre laisserai soignerai vivant"
        " vivante rendrai terme moi",
        r"(?:je mets fin a tout|je vais mettre fin a tout|j'arrete de vivre|je m'arrete la"
        r"|je (?:lache|laisse tomber),? tout"
        r"|je ne (?:continuerai|resterai|tiendrai|survivrai) pas|c'est fini pour moi"
        r"|ce sera (?:la fin|fini) pour moi|je pars de moi-?\s?meme"
        r"|je m'en irai (?:avant|pour de bon)|je ne me reveillerai pas|je sais ce que je ferai"
        r"|(?:j'ai (?:deja |bien |souvent )?pense a|je sais (?:deja )?) ce que je (?:ferai"
        r"|ferais)\b"
        r"|je (?:pars|partirai)\b(?=\s{0,3}(?:[.!,;\n]|$)|\s{1,3}(?:pour de bon|pour toujours"
        r"|definitivement|c'est decide)\b)"
        r"|je le ferai le jour meme"
        r"|je ne vois pas comment (?:je vais|je pourrais|je pourrai|je peux) (?:continuer|tenir"
        r"|survivre)(?=\s{0,3}(?:[.!,;\n]|$))"
        r"|je me laisserai (?:mourir|partir)\b|je ne me soignerai plus\b"
        r"|j'arreterai (?:tout|mes traitements|de me soigner)\b(?! (?:pour|avec|le temps)\b)"
        # "J'y entrerai pas vivant", "j'me rendrai pas à Noël" (Quebec: I won't live till).
        r"|(?:entrerai|sortirai|ressortirai|arriverai) (?:<1> )?(?:pas|jamais) vivante?s?"
        r"|(?:me|m') rendrai (?:pas|jamais) (?:a|au|jusqu'a) (?:noel|l'ete|mon anniversaire"
        r"|la fin de l'annee|paques|l'automne|l'hiver|\d{2} ans)"
        r"|je (?:mettrai|mets|vais mettre) (?:un terme|fin) a (?:tout ca|tout),? a moi"
        r"|(?:je parle|quand je dis tout,? je parle) aussi de moi"
        r"|je m'arrete la aussi|et moi avec\s{0,2}[.!])",
        context=r"(?:\bsi\b|\bs'?\s?ils?\b|\bau prochain|\ba la prochaine|=|\bapres\b|\bquand\b"
        r"|\ble jour ou\b|\bsinon\b)",
        raw=False,
        context_before=True,
    ),
]

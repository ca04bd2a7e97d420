"""Cues of a veiled post: the future without me, soon over, a decision taken, peace."""

from __future__ import annotations

from community.textscan.crisis.patterns import Cue, cue

# An absence with an ordinary reason in the same sentence: "je déménage", "on holiday".
_ORDINARY_ABSENCE = (
    r"\b(?:je demenage|on demenage|en vacances|en cure|en conge|en deplacement|en voyage"
    r"|hospitalisee?|en formation|moving (?:house|away|to|abroad)|on holiday|on vacation"
    r"|on leave|in hospital for|travelling|at a conference|new job|nouveau travail|mutee?)\b"
)

CUES: list[Cue] = [
    # Veiled: the future without me.
    cue(
        "absent",
        1.5,
        "serai",
        r"je ne serai (?:plus|pas) la <2> (?:pour|demain|a|au|en|cette|l'an|le mois|ce)\b",
        avoid=_ORDINARY_ABSENCE,
    ),
    cue(
        "absent",
        1.5,
        "serai",
        r"je ne serai plus (?:la\b|concernee?|un probleme|un poids|un souci|une charge)",
        avoid=_ORDINARY_ABSENCE,
    ),
    cue(
        "absent",
        2,
        "aura",
        r"il n'y aura pas de (?:suivant|prochain|prochaine|mois prochain|lendemain|apres)\b",
    ),
    cue(
        "absent",
        2,
        "here around",
        r"(?:won't|will not) be (?:here|around) <2> (?:after (?:tonight|today|this)|to (?:read|see)"
        r"|for (?:much|long|christmas|your)|much longer|any\s?more)\b",
        avoid=_ORDINARY_ABSENCE,
    ),
    cue(
        "absent",
        2,
        "bother burden",
        r"(?:won't|will not) be a (?:bother|burden|problem) (?:much longer|for (?:much )?longer"
        r"|for long|any\s?more)\b",
    ),
    cue(
        "absent",
        2,
        "embeterai derangerai ennuierai",
        r"(?:je )?ne vous (?:embeterai|derangerai|ennuierai) plus\b",
    ),
    cue("absent", 2, "nouvelles", r"(?:vous )?n'aurez <1> plus de nouvelles de moi\b"),
    cue("absent", 1.5, "verrai", r"je ne (?:le |la |les )?verrai (?:pas|plus)\b"),
    cue(
        "absent",
        1.5,
        "necessaire besoin",
        r"ce ne sera <1> plus necessaire\b|je n'aurai <1> plus besoin de (?:repondre|rien)\b",
    ),
    cue("absent", 1, "besoin", r"je n'en aurai plus besoin\b"),
    cue("absent", 1.5, "question", r"la question ne se posera plus\b"),
    cue("absent", 1, "need", r"(?:won't|will not) (?:be needing|need) (?:the new|any more|the)\b"),
    cue(
        "absent",
        2,
        "need",
        r"(?:won't|will not) (?:be needing|need) (?:another|any more|more) (?:appointments?"
        r"|prescriptions?"
        r"|check-?\s?ups?)\b(?! (?:for|until|till|before|this|next|unless|if|after)\b)"
        r"|je n'aurai plus besoin (?:de|d') (?:rendez-vous|rdv|ordonnances?"
        r"|traitements?)\b(?! (?:pour|avant|jusqu|si|tant)\b)",
    ),
    cue(
        "cost",
        1,
        "cost coute",
        r"i cost (?:the nhs|my family|everyone|them|so much|a fortune)\b|je coute (?:cher|a la secu"
        r"|a ma famille|\d{2,5} euros|une fortune|un bras)\b",
    ),
    cue(
        "burden",
        1,
        "lives dragging reason kindest sers vie",
        r"(?:get|have|got) their lives back\b|(?:dragging|drag|pulling) (?:them|everyone|him|her"
        r"|you all|the family) down\b|i'm the reason (?:she's|he's|they're|everyone's|my \w+ (?:is"
        r"|are)) (?:<1> )?(?:broke|exhausted|miserable|unhappy|struggling|crying|ill|sad)\b"
        r"|the kindest thing i could do for (?:them|him|her|everyone)\b|je ne sers plus a rien\b"
        r"|(?:retrouver|refaire) leur vie\b",
        open=False,
    ),
    cue(
        "burden",
        1.5,
        "better easier simpler mieux simple",
        r"(?:better|easier|simpler) for (?:everyone|everybody|all|the family|them) if\b|(?:mieux"
        r"|plus simple) pour tout le monde (?:si|que je)\b",
    ),
    cue(
        "over",
        1,
        "matter",
        r"(?:none of it|it) (?:will|does not|doesn't) matter\s{0,3}(?:anymore|any more|anyway)\b",
    ),
    cue("absent", 2, "concernee", r"je ne serai plus concernee?\b"),
    cue(
        "decision",
        1,
        "finished",
        r"(?:be|am|i'm) finished with (?:all of )?(?:it|this|everything)\b|(?:i'm|i am) finished"
        r" fighting\b",
    ),
    # Soon over.
    cue(
        "over",
        1.5,
        "regle fini termine",
        r"(?:ce sera|tout sera|ca sera|apres ce sera) (?:<1> )?(?:regle|fini|termine)\b",
    ),
    cue(
        "over",
        1.5,
        "over sorted done fine matter",
        r"(?:it'll|it will) (?:all )?be (?:over|sorted|done)\b|(?:it's|it is) nearly over\b"
        r"|everything will be fine after\b|none of it will matter\b",
    ),
    cue("over", 1.5, "soon", r"soon i won't have to\b|going away for good\b"),
    # Soon quiet, soon nothing will matter: "Soon it'll be quiet", "dans quelques jours tout
    # ira bien".
    cue(
        "over",
        1.5,
        "soon matter",
        r"soon (?:it|none of (?:it|this)|nothing|this) (?:won't|will not|wont|will) matter\b",
    ),
    cue(
        "over",
        1,
        "matter",
        r"(?:the rest|nothing else|none of (?:it|this)|it) (?:doesn't|does not|won't|will not"
        r"|wont) matter (?:now|any\s?more|anyway|soon)\b",
    ),
    cue(
        "over",
        1,
        "soon bientot quelques sunday monday dimanche lundi few weekend week",
        r"(?:soon|in a few days|by (?:sunday|monday|the weekend|next week)|bientot|dans quelques"
        r" jours|d'ici (?:quelques jours|dimanche|lundi|la fin de la semaine)),? (?:<1> )?(?:it'll"
        r"|it will|everything will|all will|everything'll|tout|ce"
        r"|ca) (?:all )?(?:be )?(?:<1> )?(?:quiet"
        r"|calm|peaceful|silent|over|sera (?:<1> )?(?:calme|fini|termine|regle|silencieux"
        r"|tranquille)|ira bien|ira mieux)\b",
    ),
    cue("decision", 0.5, "ends", r"i know how (?:this|it|my story) ends\b"),
    cue(
        "decision",
        1.5,
        "found figured worked solution comment",
        r"(?:found|figured out|worked out) (?:a way|how) to (?:make (?:it|the pain|everything|this)"
        r" stop|end (?:it|the pain|this|everything))\b|j'ai trouve (?:la|une|ma) solution a (?:tous"
        r" )?mes problemes\b(?!\s{1,3}(?:de|d')\b)|j'ai trouve comment (?:tout arreter|faire"
        r" cesser (?:la douleur|tout))\b",
    ),
    cue(
        "decision",
        1,
        "control ending choisir",
        r"(?:take|taking|took) control of (?:the|my|how (?:it|this)) end(?:ing|s)?\b|choos(?:e|ing)"
        r" my (?:own )?ending\b|choisir (?:ma|la) fin\b|decider de ma fin\b",
    ),
    cue(
        "despair",
        1,
        "supporterai relever relev",
        r"je ne (?:le |la |les )?supporterai (?:pas|plus)(?=\s{0,3}(?:[.!,;\n]|$))"
        r"|je ne (?:me relever\w{1,3}|m'en relever\w{1,3}) (?:pas|jamais)\b",
        negatable=False,
    ),
    cue("decision", 1, "ferais", r"j'ai (?:deja |bien )?pense a ce que je ferais\b"),
    cue("over", 1.5, "silence", r"bientot le silence\b"),
    # "Enfin." alone: the relief of an end.
    cue("peace", 0.5, "enfin finally", r"(?:enfin|finally|at last)\s{0,2}(?:[.!…]|🕊|$)"),
    cue(
        "over",
        1.5,
        "souffrirai tranquille mal fini problem somewhere anything",
        r"je ne souffrirai (?:<1> )?plus\b|je serai (?:enfin )?tranquille\b"
        r"|(?:je |j')?vais etre (?:<1> )?tranquille\b|(?:j'aurai|jaurai|j'aurais) plus (?:jamai?s? "
        r")?mal\b"
        r"|c(?:'est)? (?:presque|bientot) fini\b|(?:none of (?:this|it)|nothing) will be my problem"
        r" (?:any\s?more|much longer|soon)\b|somewhere (?:the|my) \w+ (?:can't|cannot|won't)"
        r" (?:follow|reach|touch|hurt) me\b|no more anything\b",
    ),
    cue("time", 0.5, "quelques", r"plus que quelques jours\b"),
    cue("over", 1, "arrete", r"il fallait que ca s'arrete\b"),
    cue("over", 1.5, "voyage", r"(?:long|tres long) voyage\b"),
    cue(
        "over",
        1.5,
        "trip journey",
        r"(?:a|the) (?:long|last|final) (?:trip|journey)\b(?! (?:to|abroad|home|back|across|round"
        r"|around|north|south|up|down)\b)",
    ),
    cue(
        "last",
        1.5,
        "noel christmas birthday anniversaire",
        r"(?:c'est )?mon dernier (?:noel|anniversaire|ete)\b|(?:my|this is my) last (?:christmas"
        r"|birthday|summer)\b",
    ),
    cue(
        "absent",
        2,
        "read hear",
        r"(?:won't|will not) have to (?:read|put up with|listen to|hear|see) (?:<3> )?(?:much longe"
        r"r"
        r"|for much longer|for long|any\s?more)\b",
        avoid=_ORDINARY_ABSENCE,
    ),
    cue(
        "hint",
        1,
        "dis demandez",
        r"je n'en dis pas plus\b|ne me demandez pas (?:pourquoi)?\b",
        negatable=False,
        open=False,
    ),
    cue("absent", 1, "pourrai occuper", r"je ne pourrai plus m'en occuper\b"),
    cue("over", 1, "pars", r"je pars bientot\b|pas de l'hopital\b"),
    cue(
        "final",
        1,
        "definitivement celle bon suivante suivantes",
        r"definitivement\s{0,2}[.!]|ni (?:pour )?celle d'apres\b|ni (?:les|la) suivantes?\b"
        r"|pour de bon\s{0,2}[.!]",
    ),
    cue("over", 1, "holiday", r"in a way i am\b"),
    # A decision taken.
    cue(
        "decision",
        1,
        "decision",
        r"(?:j'ai|je viens de) pris ma decision\b|(?:i've|i have) made my decision\b"
        r"|ma decision a moi\b|at peace with my decision\b",
    ),
    cue(
        "decision",
        1,
        "choix decide reflechi decided",
        r"j'ai fait mon choix\b|c'est un choix\b|(?:c'est|le \d{1,2} c'est) decide\b"
        r"|(?:^|[.!?]\s{0,3})decided\s{0,2}[.!]|j'ai decide qu'il n'y (?:en )?aurait pas d'autre\b"
        r"|c'est reflechi\b",
    ),
    cue(
        "decision",
        1,
        "decide decided",
        r"j'ai (?:simplement )?decide que (?:j'allais|je vais|je ne)\b|(?:i've"
        r"|i have) decided (?:that's|next|on|i)\b",
    ),
    cue(
        "decision",
        1,
        "solution way main moment",
        r"j'ai trouve ma solution\b|(?:found|find) a way out\b|j'ai pris les choses en main\b"
        r"|choisir mon moment\b",
    ),
    cue(
        "decision",
        1,
        "mieux",
        r"c'est mieux comme ca\b|je me suis fait a l'idee\b|c'est mieux pour tout le monde\b",
    ),
    cue(
        "decision",
        1,
        "want chosen properly",
        r"it's what i want\b|i've chosen to stop\b|i've thought about it properly\b",
    ),
    cue(
        "decision",
        1,
        "arreter arrete battre",
        r"j'allais m'arreter la\b|moi je m'arrete la\b|je ne vais plus me battre\b"
        r"|je ne me battrai plus\b",
    ),
    # Peace, calm, relief.
    cue(
        "peace",
        1,
        "paix apaise serein calme soulag leger tranquille calm light peaceful",
        r"(?:je suis|je me sens|je me suis mise?|je suis enfin|me sens enfin) <1> (?:en paix"
        r"|apaisee?|sereine?|calme|soulagee?|plus legere?|legere?|tranquille)\b"
        r"|(?:how )?(?:calm|calmer|light|peaceful) i feel\b",
    ),
    cue(
        "peace",
        1,
        "paix soulage relief",
        r"(?:trouve|fait) la paix avec\b|mis en paix avec\b|(?:ca|cela) me soulage\b|(?:it's"
        r"|what) a relief\b",
    ),
    cue(
        "hint",
        1,
        "comprendrez comprenez understand dis dire parle say",
        r"(?:vous )?(?:me )?comprendrez\b|vous comprenez ce que je veux dire\b|you'll understand\b"
        r"|je ne vous dis pas (?:ou|ce que)\b|je ne vais pas vous dire ce que\b"
        r"|not going to say more\b|je ne dis pas ca (?:parce que|pour)\b"
        r"|je ne parle pas (?:du dossier|des soins palliatifs|de laisser tomber)\b"
        r"|je parle de moi\b",
        negatable=False,
        open=False,
    ),
    cue(
        "peace",
        1,
        "calm calmer peace light clear lifted",
        r"(?:i feel|i'm|i am|feels?) <2> (?:calm|calmer|at peace|light|lighter|clear)\b"
        r"|made (?:my )?peace with (?:it|that|this|my decision|everything|dying)\b|made my peace\b"
        r"|weight has lifted\b|felt this light\b",
    ),
]

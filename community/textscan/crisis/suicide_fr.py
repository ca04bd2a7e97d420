"""Suicidal thoughts in French: wanting to die, not wanting to live, passive wishes, burden."""

from __future__ import annotations

from community.textscan.crisis.patterns import Rule, S, rule
from community.textscan.crisis.words import DRUGS, PILLS, WISH

# Wanting, wishing, planning, in the first person (or with no person: "envie de").
# "je"/"j'" before the verb is taken into the highlight ("jveux en finir").
_SUBJECT = r"(?:je |j')?"
_WANT = (
    r"(?:veux|veu|voudrais|voudrai|souhaite|souhaiterais|aimerais|aimerai|prefererais"
    r"|prefere|envi(?:e|es)?|besoin|vouloir|desir|decidee?|prete?|vais|vai|compte|pense|songe"
    r"|prevu|prevois|projette|espere|prie|capable|tente|tentee|essaie|essaye|envisage|gout)"
)
_DIE = r"(?:mour{1,2}ir|crever)\b"
# Wishing to die: not "je pense que je vais mourir" (fear), not "prête à mourir" (end of life).
_WANT_DIE = (
    r"(?:veux|veu|voudrais|voudrai|souhaite|souhaiterais|aimerais|aimerai|prefererais"
    r"|envi(?:e|es)?|besoin|vouloir|desir|decidee?|espere|prie|gout)"
)
# "mourir de rire", "crever de chaud", "mourir en paix chez moi": not a wish to die.
_NOT_FIGURATIVE = (
    r"(?!\s{1,3}(?:de|d'|du|des|en\s{1,3}paix|chez\s{1,3}moi|a\s{1,3}la\s{1,3}maison"
    r"|dignement|dans\s{1,3}la\s{1,3}dignite|entouree?|tranquille\s{1,3}a)\b)"
)
# What may follow "vivre" without it being about wanting to live at all.
_LIVING_HOW = r"(?!\s{1,3}(?:avec|sans|dans|en|au|aux|a|chez|loin|pres|ici|la-bas|seule?s?)\b)"
# "en finir avec ce traitement" is hope, not despair: only life or everything counts.
_WITH_LIFE_ONLY = (
    r"(?!\s{1,3}avec\s{1,3}(?!(?:la|ma|cette)\s{1,3}vie\b|tout\b|moi\b|l'?\s?existence\b))"
)
_KILL_SELF = (
    r"(?:me|m')\s?(?:tuer|suicider|suisider|supprimer|foutre\s{1,3}en\s{1,3}l\s?'?\s?air|pendre"
    r"|buter|enlever\s{1,3}la\s{1,3}vie|oter\s{1,3}la\s{1,3}vie|donner\s{1,3}la\s{1,3}mort"
    r"|flinguer|defenestrer|noyer|tirer\s{1,3}une\s{1,3}balle|ouvrir\s{1,3}les\s{1,3}veines"
    r"|jeter\s{1,3}(?:sous|du\s{1,3}haut|du|de\s{1,3}la|d'?\s?un|d'?\s?une|par"
    r"|dans\s{1,3}le\s{1,3}vide))\b"
    r"(?!\s{1,3}(?:a|au|aux)\s{1,3}(?:la\s{1,3}tache|travail|boulot|petit\s{1,3}feu))"
)


RULES: list[Rule] = [
    # --- Wanting to die, to kill oneself ---------------------------------------------
    rule(S, "mour crev", rf"{_SUBJECT}{_WANT_DIE} <3> {_DIE}{_NOT_FIGURATIVE}", open=True),
    rule(
        S,
        "tu suicid suisid supprim air pend flingu defenestr noy balle veines jet but vie mort",
        rf"{_SUBJECT}{_WANT} <3> {_KILL_SELF}",
    ),
    rule(
        S,
        "cid cd sid",
        r"me su[iy]{0,2}(?:c{1,2}|s{1,2})i?d(?:er|e|ee|es|ais|erai|erais)?\b",
        raw=True,
    ),
    # Giving oneself death, taking one's life, in French of France and of Quebec:
    # "je me donnerai la mort", "m'enlever la vie", "je me jette du pont".
    rule(
        S,
        "mort vie",
        r"(?:me|m') (?:donner|donnerai|donnerais|donne) la mort\b|m'(?:enlever|enleverai"
        r"|enleverais|enleve|oterai|oterais|ote) la vie\b",
    ),
    rule(
        S,
        "jette jetterai jetterais",
        r"je me (?:jette|jetterai|jetterais) (?:du|d'un|d'une|sous|par|dans le vide|de la|du haut)"
        r"\b",
    ),
    # How, thought over: "je réfléchis à comment faire", "j'ai déjà réfléchi à comment".
    rule(
        S,
        "reflechi reflechis",
        r"(?:j'ai|je) (?:<2> )?(?:reflechi|reflechis) a comment(?: (?:faire|le faire|m'y prendre))?"
        r"(?=\s{0,3}(?:[.!?,;\n]|$))",
    ),
    # Going through with it, said as what one will do: "je passerai à l'acte".
    rule(
        S,
        "passerai passerais passer",
        r"(?:je (?:<1> )?(?:passerai|passerais|vais passer|risque de passer|pourrais passer"
        r"|finirai par passer)) a l'acte\b",
    ),
    # The act of someone else named, and wanted: "décide de se tuer … c'est exactement ce que
    # j'ai envie de faire".
    rule(
        S,
        "faire",
        r"(?:se tuer|se suicider|en finir|mourir|mettre fin a ses jours)[^.!?\n]{0,100}(?:c'est"
        r"|voila) (?:exactement |precisement |justement )?ce que (?:j'ai envie|je veux|je compte"
        r"|je vais|j'ai decide) (?:de )?faire\b",
        raw=True,
    ),
    rule(
        S,
        "avoir",
        r"(?:ne plus|arreter d') avoir (?:envie|l'envie) de (?:se tuer|me tuer|se suicider"
        r"|me suicider|mourir|en finir)\b",
    ),
    rule(
        S,
        "tue tuer suicid supprim pend fous foutrai",
        r"je me (?:tue|tuerai|tuerais|suicide|suiciderai|suiciderais|supprime|supprimerai"
        r"|pends|pendrai|fous en l'air|foutrai en l'air)\b",
    ),
    rule(S, "air", r"me (?:foutre|fous|fout|fou|fiche|ficher|foutrai|foutrais) en l'air\b"),
    rule(
        S,
        "fini nnir",
        rf"{_SUBJECT}{_WANT} <3> (?:d')?en\s{{0,2}}fin{{1,2}}i{{1,3}}r{{1,3}}e?\b{_WITH_LIFE_ONLY}",
        open=True,
    ),
    rule(S, "finisse", rf"faut que j'en finisse\b{_WITH_LIFE_ONLY}"),
    rule(
        S,
        "fini",
        r"en finir avec (?:la|ma|cette) vie\b|en finir avec tout\b"
        r"|comment en finir\b(?! avec (?!la vie|ma vie|tout))",
        open=True,
    ),
    rule(
        S,
        "jours vie existence souffrance tout",
        r"(?:fin|terme) a (?:mes jours|ma vie|mon existence|mes souffrances?)\b"
        r"(?! (?:professionnelle|pro|sentimentale|amoureuse|sociale|de couple|active|sexuelle"
        r"|d'avant)\b)",
    ),
    rule(S, "tout", r"(?:mets|mettre|mettrai|mettrais) fin a tout\b", open=True),
    rule(S, "otant oter vie", r"m'oter la vie\b"),
    rule(
        S,
        "pens song reve",
        r"(?:je|j') <3> (?:pense|pensais|songe|reve|pensee?s?) <2> (?:au suicide|a la mort"
        r"|a mourir|a me)\b",
        context=r"(?:suicide|mort|mourir|tuer|supprimer|air)",
    ),
    # A thought that does not leave: "je n'arrête pas de penser au suicide", "le suicide, j'y
    # pense", "l'idée d'en finir ne me quitte plus".
    rule(
        S,
        "penser songer",
        r"(?:arrete|cesse|arrive) (?:pas )?(?:de |d'|a )?(?:ne pas )?(?:penser|songer) (?:<1> )?"
        r"(?:au suicide|a mourir|a me tuer|a me suicider|a en finir|a mettre fin a mes jours"
        r"|a me foutre en l'air|a disparaitre)\b",
    ),
    rule(
        S,
        "pense songe",
        r"(?:le suicide|en finir|me tuer|me suicider|mettre fin a mes jours|me foutre en l'air)"
        r"\s{0,2}[,?:.]?\s{1,3}(?:j'y|j y) (?:pense|songe|reflechis)\b(?! (?:pas|plus|jamais)\b)",
    ),
    rule(
        S,
        "chasser oublier sortir",
        r"(?:n'arrive|arrive|peux|parviens) pas a (?:chasser|oublier|me sortir de la tete)"
        r" (?:<1> )?(?:l'idee|la pensee|l'envie) (?:de |d')(?:mourir|en finir|me tuer|me suicider"
        r"|disparaitre|mettre fin a mes jours)\b",
    ),
    rule(
        S,
        "quitte lache hante obsede revient",
        r"(?:idee|pensee|envie) (?:de |d')(?:mourir|en finir|me tuer|me suicider|disparaitre"
        r"|mettre fin a mes jours) (?:ne me (?:quitte|lache) (?:plus|pas)|me hante|m'obsede"
        r"|me revient (?:sans cesse|tout le temps|tous les (?:jours|soirs)))\b",
    ),
    rule(
        S,
        "suicide",
        r"suicide (?:est|serait|reste|me semble) <2> (?:la|ma) seule (?:solution|issue|option)\b",
    ),
    rule(S, "issue", r"seule issue c'est (?:ca|la mort|mourir)\b"),
    rule(S, "suicidaire", r"(?:je |j')(?:<2> )?suis <1> suicidaire"),
    rule(
        S,
        "morte mort",
        r"(?:prefererais|aimerais|voudrais|souhaite|veux|ferais mieux d') (?:<2> )?etre morte?s?\b"
        r"|(?:serais|serait|serai) (?:<1> )?mieux mort(?:e|es|s)?\b",
        open=True,
    ),
    rule(S, "retient", r"rien ne me retient\b|nothing (?:is )?(?:keeping|holding) me here\b"),
    rule(
        S,
        "avaler gober coup fois",
        rf"{_SUBJECT}{_WANT} <2> (?:d')?(?:avaler|gober) (?:tout|toute|toutes|tous) (?:<1> )?(?:ma"
        rf"|mes|la|les|le|ces|mon) (?:<1> )?(?:{PILLS}|{DRUGS}|boites?|flacons?|plaquettes?)\b"
        rf"|(?:avaler|gober|prendre) (?:toute|toutes|tous) (?:ma|mes|la|les"
        rf"|ces) (?:<2> )?(?:{PILLS}|{DRUGS}) (?:<2> )?(?:d'un (?:seul )?coup"
        rf"|en une (?:seule )?fois)\b",
        open=True,
    ),
    rule(
        S,
        "suicid noires mort sombres",
        r"(?:j'ai|j'avais|j'en ai|je fais|je vis avec) <3> (?:des |de )?(?:idees|pensees|envies"
        r"|pulsions)"
        r" (?:suicidaires|noires|de mort|de suicide|sombres)\b",
    ),
    rule(
        S,
        "suicid noires mort",
        r"(?:des|mes) (?:idees|pensees|envies|pulsions) (?:suicidaires|noires|de mort)"
        r"(?= (?:me|m'|qui me)\b)",
    ),
    rule(
        S,
        "suicid noires mort",
        r"mes (?:idees|pensees|envies|pulsions) (?:suicidaires|noires|de mort)\b",
    ),
    # --- Not wanting to live ---------------------------------------------------------
    rule(
        S,
        "vivre",
        r"(?:je |j')?(?:veux|veu|voudrais|ai envie|envie|peux|arrive|ose"
        r"|supporte) plus <1> (?:de )?vivre\b" + _LIVING_HOW,
    ),
    rule(
        S,
        "vivre",
        r"(?:plus|pas|aucune?) (?:<2> )?(?:envie|l'envie|le courage|la force|le gout|l'interet"
        r"|d'interet) de (?:vivre"
        r"|continuer a vivre)\b" + _LIVING_HOW,
        open=True,
    ),
    rule(S, "vivre", r"(?:envie|besoin) d'arreter de vivre\b|j'arrete de vivre\b", open=True),
    # No strength left to go on, said to the end of the clause: not "de continuer le sport".
    rule(
        S,
        "continuer",
        r"(?:plus|pas|aucune?) (?:<2> )?(?:la force|le courage|l'envie|envie) de continuer"
        r"(?=\s{0,3}(?:[.!?,;\n]|$)|\s{1,3}(?:comme ca|a vivre|a me battre|a lutter)\b)",
        open=True,
    ),
    rule(
        S,
        "arreter lacher tomber",
        r"(?:vais|veux|voudrais|vais bientot) tout (?:arreter|lacher|laisser tomber) (?:pour de bon"
        r"|definitivement|une bonne fois pour toutes)\b",
    ),
    rule(
        S,
        "retient",
        r"(?:la seule|la derniere) (?:chose|raison|personne) qui me (?:retient|garde"
        r"|maintient) (?:ici"
        r"|en vie|encore|de le faire|de passer a l'acte)\b|(?:ce qui|qui) me retient encore (?:ici"
        r"|en vie|de le faire)\b",
    ),
    rule(
        S,
        "foncer precipiter lancer",
        r"(?:pense|pensais|songe|envie|tente\w{0,2}) (?:<2> )?(?:a |de )?(?:foncer|precipiter ma"
        r" voiture|me precipiter|lancer la voiture|jeter la voiture) (?:<2> )?(?:dans|contre|sous)"
        r" (?:un|le|la|une) (?:mur|arbre|camion|pilier|platane|ravin|pont|poids lourd)\b",
    ),
    rule(
        S,
        "finisse cesse termine",
        r"(?:que|qu') (?:tout|ca|cela) (?:finisse|cesse|se termine"
        r"|prenne fin)\b(?=\s{0,3}(?:[.!?,;\n]"
        r"|$)|\s{1,3}(?:enfin|pour de bon|definitivement|une bonne fois)\b)",
        open=True,
        context=WISH,
    ),
    rule(
        S,
        "vie vivre",
        r"(?:marre|ras le bol|fatiguee?s?|lasse?s?|degoutee?s?|epuisee?s?) de (?:la vie\b|exister\b"
        r"|vivre\b" + _LIVING_HOW + ")",
        open=True,
    ),
    rule(
        S,
        "vie vivre exister",
        r"(?:n')?en peux? plus de (?:vivre|cette vie|la vie|ma vie|exister)\b",
        open=True,
    ),
    rule(
        S,
        "raison",
        r"(?:plus|aucune|pas) (?:de |d')?raisons? de (?:vivre|rester|continuer|ne pas le faire)\b",
        open=True,
    ),
    rule(
        S,
        "quoi",
        r"a quoi bon (?:vivre|continuer\b(?! (?:le|ce|mon|ma|les|ces|a prendre)\b)|rester)",
        open=True,
    ),
    rule(S, "sens", r"vie n'a plus (?:de |aucun )?sens\b", open=True),
    rule(
        S,
        "vie",
        r"(?:vois pas|sais pas) comment (?:je )?(?:pourrais|pourrai|vais|peux) (?:rester en vie"
        r"|survivre|tenir encore)",
    ),
    rule(S, "exister", r"(?:arreter|cesser) d'exister\b|ne plus exister\b", open=True),
    # Disappointed to be still alive, each morning: "Déçue, chaque matin, d'ouvrir les yeux".
    rule(
        S,
        "decu",
        r"decue?s?(?:\s{0,2},?\s{1,3}[\w'-]{1,20}){0,4}\s{0,2},?\s{1,3}(?:d'etre encore (?:la|en"
        r" vie|vivante?)|d'ouvrir (?:les|mes) yeux|de (?:me )?reveiller|de me reveiller encore"
        r"|de me reveiller chaque matin)\b(?!\s{1,3}(?:avec|sans|a|en|tot|trop|si|aussi|par)\b)",
        raw=True,
    ),
    # Wanting to live no more, said of the wish of others: "ils ont de la chance de vouloir
    # vivre. Moi je n'en ai plus envie."
    rule(
        S,
        "envie force courage gout",
        r"(?:vouloir|envie de|gout de|force de) vivre\b[^.!?\n]{0,60}[.!?]?\s{0,3}(?:et |mais )?"
        r"(?:moi,?\s{1,3})?(?:je |j')?n'en ai plus (?:envie|la force|le courage|le gout)\b",
        raw=True,
    ),
    rule(
        S,
        "vie",
        r"(?:pas|ne|jamais) (?:pu|pourrai|pourrais) (?:survivre|rester en vie)\b",
        context=r"\b(?:si|lui|elle|a)\b",
    ),
]

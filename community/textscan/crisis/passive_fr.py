"""Passive wishes in French: not waking up, falling asleep for ever, going in one's sleep,
the illness or an accident wished to come quickly, disappearing."""

from __future__ import annotations

from community.textscan.crisis.patterns import Rule, S, rule
from community.textscan.crisis.words import WISH

RULES: list[Rule] = [
    # The illness wished to hurry: "que le cancer aille vite", "qu'un accident m'arrive".
    rule(
        S,
        "vite oeuvre rapide",
        r"(?:que|qu') (?:le|la|ma|mon|cette|ce|l') (?:<1> )?(?:cancer|maladie|tumeur|sla|sclerose"
        r"|leucemie|infection|virus|coeur|mal|metastases) (?:<1> )?(?:aille|ira|fasse|fera|soit)"
        r" (?:<1> )?(?:vite|plus vite|rapide|son oeuvre|vite fait)\b(?!\s{1,3}(?:en|a|dans|vers"
        r"|gueri\w*|soign\w*|stabilis\w*|maitris\w*|traite\w*)\b)",
        context=WISH + r"|\bsouhait\w*|\bseul\b",
    ),
    rule(
        S,
        "accident renversait ecrasait percutait emportait",
        r"si (?:un accident|une voiture|un camion|un bus|un train) (?:<3> )?(?:arrivait|m'arrivait"
        r"|me renversait|m'ecrasait|me percutait|m'emportait|me fauchait|me tuait|me heurtait)\b"
        r"|si (?:je faisais|j'avais|je mourais dans) un accident\b",
        context=WISH + r"|\bpas (?:meme )?triste\b|\bm'ecarterais pas\b",
    ),
    # A crash wished for: "souhaiter que l'avion s'écrase".
    rule(
        S,
        "ecrase ecraserait",
        r"(?:que|qu') (?:l'avion|le train|la voiture|le bus|le car|l'helicoptere) (?:<1> )?"
        r"(?:s'ecrase|s'ecraserait|se crashe|deraille)\b",
        context=WISH,
        fearful=True,
    ),
    # Not waking up, wished in the past: "j'aurais préféré ne pas me réveiller après
    # l'anesthésie" (fear of it is another matter: "j'ai peur de ne pas me réveiller").
    rule(
        S,
        "reveiller",
        r"(?:aurais|aurait) (?:<1> )?(?:prefere|aime|voulu|souhaite) ne (?:pas|plus|jamais) me"
        r" reveiller\b",
    ),
    # The heart wished to stop: "j'espère chaque soir que mon cœur s'arrêtera pendant que je
    # dors".
    rule(
        S,
        "arret lache flanche cesse",
        r"(?:que|qu') (?:mon|le) (?:coeur|corps|souffle) (?:<1> )?(?:s'arret\w{1,5}|lach\w{1,5}"
        r"|flanch\w{1,5}|cess\w{1,5})\b",
        context=r"\b(?:espere|souhait\w*|prie|vivement|aimerais|voudrais|envie)\b",
        fearful=True,
    ),
    # Vanishing, if one could: "si je pouvais m'évaporer je le ferais".
    rule(
        S,
        "evaporer volatiliser",
        r"(?:m'evaporer|me volatiliser|m'effacer de la surface)\b",
        context=r"\b(?:si je pouvais|veux|voudrais|envie|aimerais|rever?\w*)\b",
    ),
    rule(
        S,
        "partir",
        r"(?:qu'on|qu'ils|qu'elles?) me (?:laisse|laissent) partir\b(?=\s{0,3}(?:[.!,;\n]|$)"
        r"|\s{1,3}(?:pour de bon|pour toujours|enfin)\b)"
        r"|laissez-?\s?moi partir\b(?=\s{0,3}(?:[.!,;\n]"
        r"|$))",
    ),
    # --- Passive wishes: not waking up, falling asleep for ever, going in one's sleep --
    rule(
        S,
        "reveill relever rouvrir ouvrir",
        r"(?:ne )?(?:plus jamai?s?|plus|pas|jamai?s?) (?:me |m'|se |s')?(?:reveiller|reveille|relev"
        r"er"
        r"|rouvrir|r?ouvrir les yeux|etre reveillee?)\b"
        r"(?! (?:pendant|durant|au milieu|avant|apres l'anesthesie)\b)",
        open=True,
        context=WISH,
        fearful=True,
    ),
    rule(
        S,
        "reveill",
        r"(?:que|si) je ne me reveill(?:e|ais) (?:pas|plus|jamais)\b",
        context=WISH,
        fearful=True,
    ),
    rule(S, "reveillee", r"ne jamais m'etre reveillee?\b"),
    rule(
        S,
        "reveiller",
        r"(?:plus|pas|aucune?|jamais) (?:<2> )?(?:envie|l'envie|le courage"
        r"|la force) de me reveiller\b",
        open=True,
    ),
    rule(
        S,
        "endormir endormie endormais",
        r"(?:m'endormir|m'endormais|m'endormirais|endormie?) (?:<2> )?(?:pour toujours|a jamais"
        r"|definitivement|pour de bon"
        r"|et (?:ne )?(?:plus jamai?s?|plus|jamais|pas) (?:me reveiller|r?ouvrir les yeux|me releve"
        r"r)"
        r"|et (?:c'est tout|que (?:ce|ca) soit (?:fini|termine)|que tout s'arrete))",
    ),
    rule(
        S,
        "dormir",
        r"dormir (?:pour toujours|a jamais|et que (?:ca|ce) ne (?:finisse|s'arrete) jamais)\b",
    ),
    rule(S, "eteindre", r"m'eteindre\b"),
    rule(S, "eteign", r"(?:tout|mon corps|ma vie) s'eteign\w*"),
    rule(S, "arret", r"(?:que|qu') (?:tout|ca) s'arrete\b", open=True, context=WISH),
    rule(
        S,
        "arret",
        r"vivement que tout s'arrete\b|que tout s'arrete (?:enfin|pour de bon|definitivement)\b",
    ),
    rule(
        S,
        "emport",
        r"m'emport\w*",
        context=r"\b(?:espere|souhait\w*|prie|pas contre|bonne|tant mieux|hope|wish|pray|seul)\b",
    ),
    rule(
        S,
        "sommeil",
        r"(?:partir|mourir|disparaitre|disparaissais|partais|mourais|m'en aller"
        r"|m'eteindre) (?:<1> )?dans mon sommeil\b",
        open=True,
        fearful=True,
    ),
    rule(
        S,
        "partir",
        r"partir (?:pour de bon|definitivement|tranquille(?:ment)?\b(?! en)|de moi-?\s?meme"
        r"|avant (?:de devenir|lui|elle|que la maladie))",
        open=True,
        context=WISH + r"|\b(?:je|j')\b",
    ),
    rule(
        S,
        "disparaitre",
        r"(?:veux|voudrais|veu|envie de|aimerais|besoin de"
        r"|vais) (?:<2> )?disparaitre(?=\s{0,3}(?:[.!?,;\n]"
        r"|$)|\s{1,3}(?:pour toujours|a jamais|de ce monde|de la surface|definitivement"
        r"|pour de bon))",
        open=True,
    ),
    rule(S, "disparaissais", r"si je disparaissais\b", context=WISH),
    rule(
        S,
        "disparaitre mourir finir reveiller",
        r"(?:disparaitre|mourir|en finir avec ma vie|ne plus (?:me"
        r"|se) reveiller)\s{0,2}[,.:]\s{0,3}(?:c'est|voila) (?:tout )?ce que je (?:vais faire|veux"
        r"|demande|souhaite|voudrais)\b",
    ),
    rule(
        S,
        "etre",
        r"(?:veux|voudrais|aimerais|envie de|prefere|prefererais"
        r"|souhaite) <2> (?:ne )?plus etre (?:la|ici|en vie)\b"
        r"|(?:plus|pas|pu) (?:<1> )?(?:envie|le gout) d'etre (?:la|ici|en vie|vivante?)\b"
        r"(?! (?:pour|a|au|ce|cette|demain|ce soir|quand)\b)",
        open=True,
    ),
    rule(S, "etre", r"ne plus etre la\b", context=WISH),
    rule(
        S,
        "existais etais existe",
        r"si je n'existais plus\b|si je n'etais plus la\b|que je n'existe plus\b",
        context=WISH,
    ),
    rule(S, "pause", r"mettre pause sur ma vie\b"),
]

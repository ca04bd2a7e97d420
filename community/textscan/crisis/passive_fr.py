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
        r"|me renversait|m'ecrasait|me percutait|m'emportait)\b|si (?:je faisais|j'avais|je"
        r" mourais dans) un accident\b",
        context=WISH,
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
        "reveill relever rouvrir",
        r"(?:ne )?(?:plus jamais|plus|pas|jamais) (?:me |m'|se |s')?(?:reveiller|reveille|relever"
        r"|rouvrir|etre reveillee?)\b"
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
        "endormir endormie",
        r"(?:m'endormir|endormie?) (?:<2> )?(?:pour toujours|a jamais|definitivement"
        r"|et ne (?:plus|jamais|pas) (?:me reveiller|rouvrir les yeux|me relever)"
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
        r"|souhaite) <2> (?:ne )?plus etre (?:la|ici|en vie)\b",
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

"""Cues of means put aside for a plan: pills and drugs saved, hidden, counted, a lethal dose."""

from __future__ import annotations

from community.textscan.crisis.patterns import Cue, cue
from community.textscan.crisis.words import DRUGS, PILLS

CUES: list[Cue] = [
    cue(
        "stock",
        1.5,
        "cote reserve stocker",
        rf"(?:{PILLS}|{DRUGS}|en|les|tout) (?:<2> )?mis de cote\b|(?:mis|mets|mettre"
        rf"|met) (?:<1> )?de cote (?:<3> )?(?:{PILLS}|{DRUGS}|ce qu'il faut)|j'en (?:mets"
        rf"|ai mis) de cote\b|je mets tout de cote\b|(?:fais|fait|faire) des reserves d'insuline\b"
        rf"|stocker (?:les|des|mes) (?:<1> )?{PILLS}",
        past=False,
    ),
    cue(
        "stock",
        1.5,
        "garde cache jette armoire lieu",
        rf"(?:je garde|j'ai garde|je les garde|je cache|je les cache) (?:<2> )?{PILLS}"
        rf"|je ne jette jamais les boites\b|j'ai vide l'armoire a pharmacie\b"
        rf"|au lieu de les prendre\b",
        past=False,
    ),
    cue(
        "stock",
        1.5,
        "saved saving hoarding stockpil stashed stashing kept hid hidden hiding aside squirrel"
        " building collecting supply packets",
        rf"(?:saved|saving|hoarding|stockpil\w{{1,4}}|stashed|stashing|kept back|kept aside"
        rf"|kept hidden|squirrel\w{{0,6}}|hiding|hidden|hid|put aside|set aside|putting aside"
        rf"|building up|collecting) (?:<3> )?(?:up )?(?:{PILLS}|{DRUGS}|insulin|pens|morphine"
        rf"|oxycodone)\b|month's supply\b|(?:two|2) packets at a time\b",
        past=False,
    ),
    cue(
        "stock",
        1.5,
        "prescriptions",
        r"(?:picking up|collecting|filling"
        r"|getting) (?:<1> )?(?:my )?prescriptions? <5> (?:and )?not"
        r" taking them\b",
        past=False,
    ),
    cue(
        "count",
        1,
        "compte calcule assez ai",
        r"j'ai compte\b|j'ai fait les comptes\b|j'ai calcule combien\b|il y en a assez\b"
        r"|j'ai (?:maintenant )?assez (?:de |d')(?:insuline|comprimes|cachets|medicaments"
        r"|somniferes)\b|j'en ai (?:maintenant )?(?:six|sept|huit|dix|douze|quinze|vingt|trente"
        r"|quarante|cinquante|soixante)\b(?! (?:ans|kg|enfants|euros)\b)"
        r"|j'en ai assez (?:a la maison|chez moi|dans (?:le|mon) (?:tiroir|placard))\b",
        past=False,
    ),
    cue(
        "lethal",
        1.5,
        "dose lethal mortelle amount much",
        r"dose (?:<4> )?(?:qui tue|mortelle|letale|pour ne (?:pas|plus) (?:se|me) reveiller"
        r"|pour mourir|pour en finir)\b|lethal dose\b|(?:overdose|surdose) mortelle\b"
        r"|(?:dose|amount|how much) (?:<3> )?(?:to (?:not wake up|never wake up|kill me|be sure"
        r"|be enough))\b",
    ),
    cue(
        "count",
        1,
        "",
        rf"(?:j'en ai|j'ai|jai) (?:maintenant )?\d{{2,3}}\b(?! (?:ans|kg|euros|km|minutes|jours"
        rf"|mois|semaines|%))|\d{{2,3}} {PILLS}\b",
        past=False,
    ),
    cue(
        "count",
        1,
        "counted counting many much enough have nearly",
        r"(?:counted|counting) them\b|how (?:many|much) (?:<5> )?(?:it would take|would it take)\b"
        r"|enough in the house\b|i have \d{2,3}\b|nearly \d{2,3}\b",
        past=False,
    ),
    # Counting, in other words: "Counted my tablets tonight. 84 lithium", "have 96 now".
    cue(
        "count",
        1,
        "counted counting count enough have got",
        rf"(?:counted|counting|count) (?:<1> )?(?:my|the|all my|all the) (?:<1> )?(?:{PILLS}"
        rf"|{DRUGS})"
        rf"|\b\d{{2,3}} {DRUGS}\b|(?:have|got|'ve got) \d{{2,3}} (?:now|of them|in total|saved"
        rf"|stashed)\b|there (?:are|'re|is|'s) enough(?=\s{{0,2}}(?:now\b|there\b|[.!]|$))",
        past=False,
    ),
    # An inventory of what is at hand: "84 lithium, 56 quetiapine". What is left before a
    # renewal is no stock.
    cue(
        "stock",
        1.5,
        "",
        rf"\d{{2,3}} (?:<1> )?{DRUGS}\b,? (?:and |et )?\d{{2,3}} (?:<1> )?{DRUGS}\b",
        past=False,
        avoid=r"\b(?:left|remaining|repeat|renew\w*|prescription|refill|ordonnance|reste\w*"
        r"|renouvel\w*|mg|dose|doses|daily|a day|par jour)\b",
    ),
    cue(
        "stock",
        1.5,
        "",
        rf"{DRUGS}\s{{0,2}}:\s{{0,2}}\d{{2,3}}\b\s{{0,2}}[.,;]\s{{0,3}}{DRUGS}\s{{0,2}}:\s{{0,2}}\d"
        rf"{{2,3}}\b",
        past=False,
        raw=True,
    ),
    # Enough soon: "by the end of the month there'll be plenty".
    cue(
        "count",
        1,
        "plenty enough assez",
        r"there'll be (?:plenty|enough)\b|(?:there will|there'd) be (?:plenty|enough)\b"
        r"|il y en aura assez\b",
        past=False,
    ),
    # Put aside one by one: "putting one aside every night".
    cue(
        "stock",
        1.5,
        "aside",
        r"(?:putting|put|setting|set|keeping) (?:one|two|a few|some|them|half) (?:<1> )?aside\b",
        past=False,
    ),
    cue(
        "stock",
        1,
        "shoebox shoe chaussures",
        r"(?:shoebox|shoe box|boite a chaussures)\b",
        past=False,
    ),
    cue(
        "count",
        1,
        "now",
        r"\d{2,3} now\s{0,2}[.!]",
        past=False,
        avoid=r"\b(?:years?|ans|kg|lbs|stone|weeks?|days?|percent|mmol|bpm|age|aged)\b|%",
    ),
    # Counting again and again: "I keep counting them".
    cue(
        "ritual",
        1,
        "counting count counted compte",
        r"(?:keep|kept|still) counting\b|count(?:ed|ing)? them (?:again|twice|over and over)\b"
        r"|je (?:les )?(?:recompte|compte et recompte)\b",
        past=False,
    ),
    cue(
        "stock",
        1.5,
        "garde stocke cache",
        rf"(?:{PILLS}|{DRUGS}) (?:<4> )?que je (?:garde|stocke|cache|mets de cote)\b",
        past=False,
    ),
]

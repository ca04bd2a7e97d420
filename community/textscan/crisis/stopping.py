"""Cues of stopping a vital treatment in order to die: the stopping, its purpose, or a reason."""

from __future__ import annotations

from community.textscan.crisis.patterns import Cue, cue
from community.textscan.crisis.words import VITAL

CUES: list[Cue] = [
    # Stopping a vital treatment, and what for.
    cue(
        "stop",
        1,
        "arrete",
        rf"(?:j'ai|je) (?:<1> )?(?:arrete|stoppe|suspendu|abandonne) (?:<2> )?(?:{VITAL}|tout"
        rf"|d'un coup|completement)\b|j'arrete (?:<2> )?(?:{VITAL}|tout|completement)\b"
        rf"|j'ai (?:tout )?arrete\s{{0,2}}[.!]|j'ai arrete (?:lundi|mardi|mercredi|jeudi|vendredi"
        rf"|samedi|dimanche|hier|avant-hier)\s{{0,2}}[.!]",
        open=False,
    ),
    # Not taken for weeks: "j'en ai pas ouvert une depuis six semaines", "je n'ai plus pris le
    # Prograf", "haven't put a new one on", "pretending to the carers I've had my insulin".
    cue(
        "stop",
        1,
        "ouvert touche pris put pretend pretending telling",
        rf"(?:n'ai|j'en ai|ai) (?:pas|plus) (?:ouvert|touche|pris|fait) (?:<3> )?depuis (?:\w+ )?"
        rf"(?:jours|semaines|mois)\b|je n'ai (?:plus|pas) pris (?:<1> )?(?:le |la |les |mes |mon |m"
        rf"a )?"
        rf"{VITAL}\b|haven't (?:put|stuck|changed) (?:on )?a new (?:one|pod|sensor|set|cannula)"
        rf"(?: on)?\b|pretend\w{{0,3}} (?:<3> )?(?:i've|i have|i'd) (?:had|taken|done) (?:my|the)"
        rf" (?:<1> )?{VITAL}\b|(?:took|taken|take) the (?:oxygen|pump|pod|mask|cannula) off\b"
        rf"|i've stopped (?:it|them)\s{{0,2}}[.!]|(?:coming|came) off (?:my|the) {VITAL}\b"
        rf"|(?:dit|annonce) a (?:l'infirmiere|l'equipe|mon \w+|ma \w+) que je ne (?:viendrai\w?"
        rf"|reviendrai\w?|retournerai\w?) plus\b",
        open=False,
    ),
    cue(
        "stop",
        1,
        "arrete",
        rf"{VITAL}\s{{0,2}},? (?:<1> )?je (?:l'ai|les ai) (?:arretee?s?|jetee?s?|debranchee?s?)\b"
        rf"|j'ai tout arrete\b",
        open=False,
    ),
    cue(
        "stop",
        1,
        "prends prend pris plus fais fait injecte mets",
        rf"je ne (?:prends|prend|fais|fait|injecte|mets) plus (?:<1> )?(?:{VITAL}|mes|ma|mon)\b"
        rf"|je n'ai pas pris (?:ma|mon|mes)\b|plus (?:de )?{VITAL} (?:<2> )?(?:depuis|pour moi)\b"
        rf"|plus (?:de )?{VITAL}\s{{0,2}}:",
        open=False,
    ),
    cue(
        "stop",
        1,
        "poubelle jete jette toilettes debranche eteint",
        rf"{VITAL} <2> (?:sont |est )?a la poubelle\b|je (?:les|la|le) jette\b"
        rf"|je jette (?:<1> )?{VITAL}|j'ai jete (?:<2> )?{VITAL}|debranche (?:<1> )?(?:{VITAL}"
        rf"|le concentrateur|la pompe)|je l'ai debranchee?\b|eteint la pompe\b",
        open=False,
    ),
    # "Ma dialyse de jeudi, je n'irai pas": the treatment first, the refusal after a comma.
    cue(
        "stop",
        1,
        "dialyse seance seances chimio perfusion perfusions",
        r"\b(?:ma|mes|la|les|mon) (?:dialyse|seances?|chimio|perfusions?|injections?)"
        r"(?:\s{1,3}[\w'-]{1,20}){0,4}\s{0,2},?\s{1,3}(?:je n'irai|je n'y vais|je n'y irai|je ne"
        r" vais|je n'y retournerai|j'y vais|j'irai) (?:pas|plus)\b",
        open=False,
        raw=True,
    ),
    cue(
        "stop",
        1,
        "retournerai vais irai rendre seance",
        r"je ne (?:retournerai|vais|irai|viendrai) (?:<1> )?(?:plus|pas) (?:<1> )?(?:a la dialyse"
        r"|aux seances|en seance|a mes seances)|ne plus m'y rendre\b|je ne vais plus aux seances\b",
        open=False,
    ),
    cue(
        "stop",
        1,
        "stopp quit skipped come taken off insul warfarin coming tip thrown binned ditched dropped"
        " refus haven hasn bin",
        rf"(?:stopped|quit|skipped|come off|stopping|binned|ditched|dropped|refusing"
        rf"|refused) (?:<1> )?(?:(?:my|the|all my|all|taking|injecting|doing|going to) )?"
        rf"(?:<2> )?(?:{VITAL}|injecting|taking)\b|haven't taken (?:any|my)\b"
        rf"|(?:haven't|have not|hasn't) (?:done|touched|injected|had|used) (?:<1> )?(?:my|any)"
        rf" (?:<2> )?{VITAL}\b|{VITAL}(?:'s| is| are)? (?:<1> )?in the bin\b"
        rf"|took the pump off\b|no {VITAL}\b(?! (?:needed|required|left|at home)\b)"
        rf"|last warfarin\b|won't be coming in\b|tip the insulin away\b"
        rf"|thrown the \w+ in the bin\b",
        open=False,
    ),
    cue(
        "purpose",
        1,
        "expres volontaire voulu oubli mistake purpose negligence sachant accident",
        r"\bexpres\b|volontaire(?:ment)?\b|c'est voulu\b|pas (?:par|un) oubli\b|on purpose\b"
        r"|not a mistake\b|pas par negligence\b|en le sachant\b|wasn't an accident\b",
    ),
    cue(
        "purpose",
        1,
        "fini termine arrete lache eteigne",
        r"(?:ce sera|que ce soit|que ca soit) fini\b|je veux que (?:ca|tout|mon corps"
        r"|mon coeur) (?:se termine|s'arrete|lache|s'eteigne|finisse|cesse|prenne fin)\b"
        r"|que (?:mon|le) coeur (?:s'arrete"
        r"|lache)\b|va lacher\b",
    ),
    cue(
        "purpose",
        1,
        "passer sais know compris",
        r"(?:je sais|j'ai (?:bien )?compris) (?:tres bien )?ce qui (?:va se passer|se passerait)\b"
        r"|je sais ce que ca veut dire\b|i know (?:exactly )?what happens\b|i know what stopping\b"
        r"|i know the risk\b",
    ),
    cue(
        "purpose",
        1,
        "fin partir sauve reste choisi decider emport appeler aide parte jours laisse tant mene"
        " avec reprendre veux",
        r"choisir la fin\b|ma (?:facon|maniere) (?:a moi )?de (?:partir|choisir|le faire)\b"
        r"|je prefere partir\b|qu'on me sauve\b|qu'on m'aide\b|pas appeler le 15\b"
        r"|laisse la maladie decider\b|fera (?:le reste|son oeuvre)\b|je l'ai choisi\b"
        r"|que je parte\b|m'emportera\b|quelques jours\b"
        r"|je laisse (?:mes reins|mon coeur|mon corps|mon foie|mes poumons|la maladie|le greffon)"
        r" (?:<3> )?faire\b|tant mieux si (?:ca|cela) va vite\b|je sais (?:tres bien )?ou ca mene\b"
        r"|et moi avec\b|(?:je ne (?:vais|compte) pas|sans) reprendre\b|c'est ce que je veux\b",
    ),
    cue(
        "purpose",
        1,
        "let know means over stop end happen go call",
        r"let(?:ting)? it (?:all )?happen\b|let (?:it|nature|the disease|the illness) take (?:its"
        r" course|me)\b|let(?:ting)? (?:it all|myself|me) go\b|i know what (?:that|this|it)"
        r" means\b|i know (?:exactly )?what (?:will|is going to) happen\b|i (?:know|understand) the"
        r" consequences\b|want (?:it|this|everything|all this|it all) (?:to be|to) (?:over|end"
        r"|stop)\b|better if it (?:<1> )?stops\b|(?:won't|wont|will not|not going to) (?:go in"
        r"|call (?:anyone|an ambulance|999|111))\b|and be with (?:her|him|them|my \w+)\b",
    ),
    cue(
        "purpose",
        1,
        "win stroke point happen way bleed clot heart hypo seizure infection come job ends fade"
        " slip drift ready ringing calling phoning give fail",
        r"want the virus to win\b|hoping for a (?:big )?stroke\b|that's (?:kind of )?the point\b"
        r"|letting it happen\b|letting myself go\b|way out\b|not going to a&e\b|so be it\b"
        r"|quiet way to do it\b|my way of doing it\b|want to be with\b"
        r"|(?:quietest|quiet|gentlest|easiest|kindest|one) way (?:i know|to go|to do it|out)\b"
        r"|(?:hoping|hope|wait\w{0,3}) for (?:a|the) (?:big |fatal )?(?:bleed|clot|heart attack|hyp"
        r"o"
        r"|seizure|infection)\b|(?:can't|won't|cannot) come back from\b|finish the job\b"
        r"|how it ends\b|(?:fade|slip|drift) (?:out|away|off)\b|ready for it (?:all )?to (?:stop"
        r"|end|be over)\b|(?:not|won't|wont) (?:be )?(?:ringing|calling|phoning) (?:anyone|anybody"
        r"|an ambulance|999)\b|(?:want|hope|wish)\w{0,3} (?:<1> )?(?:the|my) (?:liver|kidneys?|hear"
        r"t"
        r"|lungs|body|transplant|graft) to (?:give up|give out|fail|stop|pack in)\b",
    ),
    cue(
        "purpose",
        1,
        "prochain prochaine",
        r"(?:le prochain|la prochaine) (?:caillot|avc|crise|infarctus|hypo|rejet"
        r"|infection) (?:<3> )?(?:soit la bonne|soit le bon|sera la bonne|sera le bon"
        r"|aille au bon endroit|m'emporte\w*)",
    ),
    cue(
        "purpose",
        1,
        "mourir faire caillot",
        r"pour mourir\b|parce que je veux mourir\b|je veux faire (?:une|un) (?:acidocetose|crise"
        r"|etat de mal|arret)\b|caillot aille au bon endroit\b",
    ),
    cue(
        "purpose",
        1,
        "souffrir bien oeuvre arrete arriere stop",
        r"ne plus souffrir\b|ce sera bien comme ca\b|fasse son oeuvre\b|que tout s'arrete\b"
        r"|je ne reviendrai pas en arriere\b|nobody can stop\b",
    ),
    # A medical reason given for stopping: a treatment choice, not a way to die.
    cue(
        "reason",
        0,
        "effets side cause because accord agreed avis avec told instructed advised before surgery"
        " operation procedure knows advice avant prescription demande colonoscopy consultant gp"
        " doctor op",
        r"(?:effets? (?:secondaires|indesirables)|side effects?|a cause (?:des|du|de la)"
        r"|because of (?:the )?(?:side|muscle|pain|nausea)|avec l'accord|my (?:gp|doctor"
        r"|consultant)"
        r" (?:agreed|said)|sur (?:l'avis|avis|les conseils) (?:de|du)|avec mon (?:medecin|oncologue"
        r"|neurologue|cardiologue|nephrologue)|as (?:told|instructed|advised)|before (?:the|my)"
        r" (?:surgery|operation|procedure|op|colonoscopy|endoscopy)|for (?:the|my) (?:surgery"
        r"|operation|procedure|op|colonoscopy)|my (?:team|nurse|consultant|doctor) knows"
        r"|on (?:medical )?advice|avant (?:l'operation|l'intervention|la coloscopie)|sur"
        r" prescription|a la demande (?:de|du))\b",
    ),
]

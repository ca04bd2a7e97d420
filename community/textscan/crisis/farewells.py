"""Cues of a farewell: no blame, thanks, a last message, leaving, love to those who stay
(letters and affairs in order are in affairs.py)."""

from __future__ import annotations

from community.textscan.crisis.patterns import Cue, cue

CUES: list[Cue] = [
    # No blame, no rescue.
    cue("noblame", 1, "tristes", r"ne soyez pas tristes\b", negatable=False),
    cue(
        "noblame",
        0.5,
        "inquietez tracassez",
        r"(?:inquietez|tracassez)-?\s?vous pas\b|ne vous tracassez pas\b",
        negatable=False,
    ),
    cue(
        "noblame",
        1,
        "look oubliez",
        r"(?:don't|dont|do not) look for me\b|(?:ne )?m'oubliez pas\b",
        negatable=False,
    ),
    # Leaving, said of where one goes: "je n'en aurai plus besoin là où je vais".
    cue(
        "leave",
        2,
        "going vais",
        r"(?:won't|will not|don't|shan't) need (?:<2> )?where i'm going\b|(?:n'en aurai|n'aurai)"
        r" plus besoin (?:<2> )?la ou je vais\b|(?:oublierai|oublirai) (?:<1> )?pas la ou je vais"
        r"\b",
    ),
    cue(
        "leave",
        1.5,
        "signing gone fin",
        r"signing off (?:for good|forever|for ever|for the last time)\b|i'll be gone\b(?! (?:for|ti"
        r"ll"
        r"|until|on|at|all|by the weekend|a week|two weeks|a few)\b)|c'est la fin (?:pour|pr) moi"
        r"\b",
    ),
    cue(
        "last",
        1.5,
        "revoir goodbye lirez",
        r"au revoir,? (?:pour de bon|pour toujours|a jamais)\b|(?:derniere fois|dernier message) qu"
        r"e"
        r" vous (?:me lirez|me lisez|aurez de mes nouvelles)\b|(?:last|final) post (?:on|from)"
        r" (?:this|my) account\b|(?:c'est )?ma derniere game\b|bonne continuation a (?:tous|toutes"
        r"|vous)\b",
    ),
    cue(
        "decision",
        1.5,
        "choosing chosen decided staying",
        r"(?:i'm|i am) (?:choosing|ready) to go (?:tonight|now|today|soon)\b|(?:chosen|decided) to"
        r" go (?:tonight|now|today)\b|(?:not|won't be) staying on without (?:her|him|them)\b",
    ),
    cue("decision", 1, "time", r"(?:it's|it is) time\s{0,2}[.!]"),
    cue("leave", 1, "goodbye", r"goodbye\s{0,2}[.!](?=\s{0,3}$)|goodbye (?:now|from me)\b"),
    cue("noblame", 1, "voulez", r"ne m'en voulez pas\b|ne lui en vouloir\b", negatable=False),
    cue(
        "noblame",
        1,
        "rien responsables pardon avis essayez",
        r"vous n'y etes pour rien\b|ne vous sentiez responsables\b|pardon a ceux\b"
        r"|ne m'ecrivez pas <3> changer d'avis\b|n'essayez pas de me\b",
        negatable=False,
    ),
    cue(
        "noblame",
        1,
        "blame fault talk badly nobody",
        r"don't blame yourselves\b|(?:none of (?:this|it)|it) is (?:anyone's|your) fault\b"
        r"|do not think badly of me\b|talk me (?:out of it|round)\b|nobody needs to do anything\b",
        negatable=False,
    ),
    cue(
        "noblame",
        1,
        "sorry pardon desole",
        r"sorry (?:mum|mom|dad|for everything)\b|pardon (?:maman|papa|a mes enfants)\b"
        r"|desolee? pour tout\b",
    ),
    cue(
        "noblame",
        1,
        "call replies",
        r"(?:please )?don't tell me to call anyone\b|not looking for replies\b",
        negatable=False,
    ),
    cue(
        "noblame",
        1,
        "cherche repondez attendez",
        r"je ne veux pas qu'on me cherche\b|ne me repondez pas\b|ne m'attendez plus\b",
        negatable=False,
    ),
    cue(
        "noblame",
        0.5,
        "inquietez worry",
        r"ne vous inquietez pas\b|don't worry about me\b|please don't worry\b",
        negatable=False,
    ),
    # Thanks and the last time.
    cue(
        "thanks",
        1,
        "merci",
        r"merci (?:pour tout|infiniment|d'avoir ete la|a (?:tous|toutes|vous tous) pour (?:ces"
        r"|tout|votre)|de m'avoir supporte|pour ces (?:annees|echanges)|pour tout ce temps)\b"
        r"|merci (?:<3> )?(?:pour|pr) tou(?:t|te|s)?\b(?! (?:ce que|ca|cela|vos|tes|le|la|les|vos"
        r" reponses)\b)",
        past=False,
    ),
    cue(
        "thanks",
        1,
        "remercier",
        r"je ne (?:sais|saurai|pourrai) (?:pas|jamais) (?:comment|assez) vous remercier\b",
        negatable=False,
    ),
    cue("thanks", 0.5, "merci", r"merci\s{0,2}[.!]", past=False),
    cue(
        "thanks",
        1,
        "remercier remercie",
        r"(?:je vous remercie (?:pour|du fond|d'avoir|de tout|les)|je tenais a vous remercier"
        r"|vous remercier pour)\b",
    ),
    cue(
        "thanks",
        1,
        "thank thanks",
        r"thank you (?:for (?:everything|listening|every|all)|to everyone)\b"
        r"|thanks for (?:everything|the laughs|listening)\b",
    ),
    cue(
        "thanks",
        0.5,
        "famille piliers family friends potes amis formidables",
        r"vous avez ete (?:ma|mes|un peu ma|comme une|des|de vrais|de vraies) (?:famille|piliers"
        r"|potes|amis|amies|formidables)\b|(?:vous etes|you've been|you have been"
        r"|you were) (?:un peu )?(?:ma|my|like) (?:famille|family|friends)\b",
    ),
    cue(
        "last",
        1.5,
        "dernier derniere",
        r"(?:c'est|ceci est|voici|voila,? c'est|un|mon) (?:dernier|derniere) (?:message|post"
        r"|passage|mot)\b(?! (?:sur ce (?:fil|sujet|groupe)|avant|de l'annee|du mois|de la semaine"
        r"|ici avant)\b)"
        r"|dernier passage ici\b|une derniere fois\b"
        r"|la derniere fois que je poste\b",
    ),
    cue(
        "last",
        1.5,
        "last final deleting",
        r"this is my (?:last|final) (?:post|message)\b|my (?:last|final) (?:post|message)"
        r"(?=\s{0,2}(?:[.!:]|$)|\s{1,3}(?:here|ever|on here|to (?:you|all|everyone|be))\b)"
        r"|for the last time\b|deleting (?:this|my) account\b",
    ),
    cue(
        "leave",
        1,
        "vais",
        r"(?:moi )?je m'en vais\b(?! (?:en|a|au|aux|chez|faire|dormir|voir|me|prendre|travailler"
        r"|demain|bientot)\b)",
    ),
    cue(
        "leave",
        1,
        "pars rejoindre join with",
        r"je pars (?:retrouver|rejoindre|l'esprit tranquille|pour de bon)\b|je vais (?:le|la"
        r"|les) rejoindre\b|pour le rejoindre\b|pour la rejoindre\b|join (?:her|him)\b"
        r"|be with (?:mum|mom|dad|her|him|margaret)\b",
    ),
    cue(
        "leave",
        1,
        "reviendrai valises partir depart",
        r"je ne reviendrai (?:plus|pas)\b|apres mon depart\b|je pose mes valises\b"
        r"|avant de partir\b",
    ),
    cue("leave", 1, "partir", r"partir sans rien dire\b", negatable=False),
    cue(
        "leave",
        1.5,
        "side here reads",
        r"see you on the other side\b|won't be here after\b|by the time anyone reads this\b",
    ),
    cue(
        "leave",
        1,
        "goodbye logging revoir adieu",
        r"goodbye (?:everyone|now lads|now all)\b|logging off\b|un au revoir\b|merci,? et au revoir"
        r"\b"
        r"|adieu\b"
        r"|vous dire au revoir\b|dire au revoir a (?:tous|toutes|tout le monde|vous)\b",
    ),
    cue("leave", 1.5, "goodbye", r"(?:wanted to|want to|just|to) say goodbye\b"),
    cue(
        "leave",
        1,
        "manquer embrasse",
        r"vous allez me manquer\b|je vous embrasse une derniere fois\b",
    ),
    # More ways to thank: "thank you to the people here", "thanks for the years",
    # "je voulais vous remercier, tous".
    cue(
        "thanks",
        1,
        "thank thanks",
        r"thank you (?:<1> )?(?:for (?:the years|all the years|letting me|being (?:there|here|my)"
        r"|having me|putting up with me|every\w*)|to (?:all of )?(?:you|the people|everybody"
        r"|everyone)(?: (?:here|who|on here))?)\b|thanks (?:<1> )?for (?:the years|all the years"
        r"|having me|putting up with me|being there)\b|(?:wanted|want|just wanted|writing) to say"
        r" thank you\b",
    ),
    # Thanks in the past tense, as a farewell says them: "you kept me going".
    cue(
        "thanks",
        1,
        "kept going tenir portee porte",
        r"(?:you|you all|you've all|you have) (?:<1> )?kept me (?:going|alive|sane)\b|vous m'avez"
        r" (?:<1> )?(?:fait tenir|aidee? a tenir|portee?|tenue? en vie)\b",
    ),
    cue(
        "decision",
        1,
        "letting lache",
        r"(?:i'm|i am) letting go (?:now|of everything|of it all)\b|je lache prise (?:pour de bon"
        r"|definitivement|maintenant)\b",
    ),
    cue(
        "thanks",
        1,
        "remercier compte merci",
        r"je (?:voulais|veux|tiens a) (?:vous|tous vous) remercier\b|chacun d'entre vous a compte\b"
        r"|vous avez (?:tous |toutes )?compte (?:pour moi)?\b|merci a (?:vous|tous|toutes)\s{0,2},?"
        r"\s{1,3}(?:tous\s{0,2},?\s{1,3})?pour (?:ces|tout)\b",
    ),
    # The last time, said otherwise: "the last time you'll hear from me", "Dernier message."
    cue(
        "last",
        1.5,
        "goodbye adieu",
        r"(?:my |a |this is my )?goodbye (?:post|message|letter|note)\b|(?:post|message|mot)"
        r" d'adieu\b",
    ),
    cue(
        "last",
        1.5,
        "hear hearing",
        r"(?:the )?last time (?:you'll |you will |anyone will |you |anyone )?(?:<1> )?hear from"
        r" me\b|you won't"
        r" (?:<1> )?(?:hear|be hearing) from me (?:again|any\s?more)\b",
    ),
    cue(
        "last",
        1.5,
        "last final dernier",
        r"(?:last|final) (?:message|post|words)(?: (?:from me|here))?\s{0,2}[.!:]"
        r"|dernier (?:message|mot)(?: ici| de ma part)?\s{0,2}[.!:]",
    ),
    cue(
        "last",
        1.5,
        "posting account reverrez lirez verrez",
        r"(?:i )?don't think i'll be (?:posting|here|around|online|on here) (?:again|much longer"
        r"|any\s?more)\b|(?:this|my) account (?:goes|will go|is going|will be) (?:quiet|silent|dark"
        r"|empty)\b|(?:vous )?ne me (?:reverrez|lirez|verrez) (?:plus|pas)\b(?! (?:avant|pendant"
        r"|jusqu|d'ici|ce|cette|de la semaine)\b)",
        negatable=False,
    ),
    # Leaving, said otherwise.
    cue(
        "leave",
        1,
        "bye goodbye",
        r"(?:bye|goodbye) (?:all|everyone|everybody|guys|friends|my friends|lovelies|lovely people)"
        r"\b(?!\s{0,2},?\s{1,3}(?:see|talk|catch|speak|back|until|till|for now|off)\b)",
    ),
    cue("leave", 1.5, "goodbye", r"goodbye,? if this is it\b|goodbye (?:for|and) (?:ever|good)\b"),
    cue(
        "leave",
        1,
        "before letting knowing honneur plaisir privilege",
        r"before i go\b(?!\s{1,3}(?:to|on|for|in|into|back|out|home|away|under|through|and|off"
        r"|ahead|over|up|down|see|get|into|shopping|abroad|travelling)\b)"
        r"|(?:it was|it's been|it has been) (?:so )?(?:nice"
        r"|lovely|good|an honour|a pleasure|a privilege) knowing (?:you|y'all|everyone|every one of"
        r" you|all of you|each of you)\b|(?:c'etait|ce fut) un (?:honneur|plaisir|privilege) de vou"
        r"s"
        r" (?:connaitre|avoir connus?)\b",
    ),
    cue(
        "leave",
        1.5,
        "revient sans retour",
        r"dont on ne revient (?:pas|jamais)\b|sans retour\b(?!\s{1,3}(?:a|au|en|possible)\b)",
        negatable=False,
    ),
    cue(
        "leave",
        1,
        "goodbye revoir",
        r"(?:said|say|saying) goodbye to (?:my|everyone|everybody|all)\b|(?:dit|dire) au revoir a"
        r" (?:mes|ma|mon)\b",
    ),
    # Love and care to those who stay: ordinary sign-offs alone, but add up with the rest.
    cue(
        "love",
        0.5,
        "love aime soin look take kind remember souvenez souvenir continuez",
        r"(?:i )?love you all\b|je vous aime\b|prenez soin de vous\b|(?:look after|take care of)"
        r" each other\b|be kind to (?:him|her|them|each other)\b|continuez a vous soutenir\b",
    ),
    # Being remembered: said by someone who will not be there.
    cue(
        "leave",
        1,
        "remember souvenez souvenir",
        r"remember me (?:as|for|kindly|fondly)\b|souvenez-?\s?vous de moi\b|gardez un (?:bon )?"
        r"souvenir de moi\b",
    ),
    # No blame, no rescue, said otherwise.
    cue(
        "noblame",
        1,
        "sad cry grieve inquietez worry stop permission",
        r"(?:please )?(?:don't|do not) (?:be sad|cry for me|grieve|be upset)\b|ne vous inquietez"
        r" plus pour moi\b|(?:don't|do not) worry about me any\s?more\b|(?:not|isn't) (?:writing"
        r" this )?for anyone to stop me\b|(?:don't|do not) try (?:to stop|and stop) me\b"
        r"|not asking (?:for )?(?:permission|anyone to stop me)\b",
        negatable=False,
    ),
]

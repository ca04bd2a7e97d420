"""The words normalisation may rewrite a disguised spelling into, folded (no accents).

A disguised word ("c0nn4rd", "p*te", "m o u r i r") is only rewritten into a word listed
here, so that measurements, codes and names are never "corrected". The lists hold what
matters to the detectors and the model: abuse, crisis, selling, treatments, and the
commonest words of the forum, French and English.
"""

from __future__ import annotations

from community.textscan.folding import strip_accents


def _words(text: str) -> frozenset[str]:
    return frozenset(strip_accents(text.lower()).split())


# Insults, slurs, swear words and crude words, French then English, as folded text.
ABUSIVE = _words(
    """
    con cons conne connes connard connards connasse connasses conard conasse couillon couillons
    salaud salauds salop salope salopes saloperie saloperies salopard ordure ordures raclure
    pute putes putain pétasse petasse petasses pouffiasse poufiasse garce garces chienne
    encule encules enculee enculer enfoire enfoiree enfoires batard batards batarde
    abruti abrutie abrutis debile debiles idiot idiote idiots cretin cretine cretins imbecile
    imbeciles cinglé cingle tare taree tares triso trisomique mongol gogol golmon attarde
    attardee neuneu bouffon bouffonne bouffons guignol guignols minable minables nul nulle nuls
    naze nazes tocard tocarde loser looser merde merdes merdique emmerdeur emmerdeuse chier
    chiant chiante chiasse foutre fous fout nique niquer niquez niker baise baiser baisez
    bite bites couille couilles cul culs trouduc pd pede pedes tapette tapettes gouine gouines
    tarlouze fiotte negre negres negro bougnoule bougnoules bicot bicots youpin youpins feuj
    chinetoque bridé bride bamboula macaque singe grosse gros grosses obese obeses baleine
    baleines vache vaches truie truies porc porcs cochon cochons boudin thon moche moches
    laideron vieux vieille vieillard ratee rate parasite parasites cassos assiste
    assistes feignasse feignant feignante faineant faineante fainéant menteur menteuse menteurs
    manipulateur manipulatrice mytho mythomane charlatan charlatans escroc escrocs clown clowns
    fdp ntm tg ftg vtff ptn crevard crevure dechet dechets sous-merde vermine
    fuck fucking fucked fucker fuckers motherfucker shit shitty bullshit crap bitch bitches
    bastard bastards asshole assholes arse arsehole ass dick dicks dickhead cock cunt cunts
    twat twats wanker wankers prick pricks slut sluts whore whores moron morons idiot idiots
    stupid dumb dumbass retard retarded retards imbecile loser losers freak freaks scum
    faggot faggots fag fags dyke dykes tranny nigger niggers nigga chink chinks spic spics
    kike kikes paki pakis cripple cripples spastic spaz psycho psychos lunatic nutjob
    fatso fatass pig pigs cow cows ugly worthless pathetic liar liars fraud frauds faker
    fakers attention-seeker attention whore hypochondriac lazy parasite leech leeches
    damn damned goddamn bloody hell piss pissed bollocks stfu gtfo kys wtf
    """
)

# Everyday words of the forum, crisis and selling vocabulary, French then English.
WORDS = _words(
    """
    a ai as au aux avec avoir bon bonne bonjour bonsoir salut coucou merci hello hi hey
    je tu il elle on nous vous ils elles me te se moi toi lui leur mon ma mes ton ta tes son sa
    ses notre votre nos vos le la les un une des du de et ou mais donc car ni que qui quoi
    ne pas plus jamais rien personne tout tous toute toutes tres trop peu bien mal mieux
    oui non si ca cela ceci ce cette ces ici la-bas aujourd'hui demain hier soir matin nuit
    suis es est sommes etes sont etais etait serai serais sera fais fait faire vais va vont
    veux veut voulons voulez veulent voudrais aimerais peux peut pouvoir dois doit devoir
    sais sait savoir crois pense pensais dis dit dire vois voit voir prends prend prendre
    envie besoin marre ras bol fatigue fatiguee epuise epuisee seul seule triste peur
    vie vivre vis vit mort morte morts mourir meurs meurt mourrir crever creve tuer tue
    suicide suicider suicidaire suicidaires pendre pendu pendue corde pont sauter saute
    veines poignets couper coupe scarifier scarification mutiler blesser bruler
    finir fini finie finis fin disparaitre partir adieu lettre lettres dernier derniere
    medicaments medicament medocs cachets cachet comprimes comprime pilules pilule boites
    boite plaquettes doliprane paracetamol insuline stylo stylos pompe capteur lecteur
    dose doses traitement traitements chimio chimiotherapie dialyse vaccin vaccins
    diabete diabetique cancer endometriose sclerose maladie malade malades douleur douleurs
    docteur medecin medecins hopital urgences infirmier infirmiere neurologue diabetologue
    enfant enfants fils fille mari femme mere pere famille ami amie amis copain copine
    code codes promo promotion reduction offre offert offerte gratuit gratuite livraison
    prix euro euros vente vendre vends achat acheter achetez commande commander commandez
    boutique produit produits site lien cliquez clique inscris inscription gagner argent
    miracle remede naturel naturelle guerir gueri guerie guerison soigner arreter arretez
    arrete stop poison mensonge labos
    cool super genial top trop grave bravo courage force calin bisous
    i me my you your he she we they it is am are was were be been being have has had do does
    did not no never nothing nobody none all very so too much more less good bad better
    hello thanks thank please sorry yes yeah okay ok love hate want need feel feeling tired
    alone sad scared life live living die dying dead death kill killing killed myself
    yourself suicide suicidal hang hanging rope bridge jump pills pill tablets overdose
    cut cutting cuts wrists blade burn harm end ending goodbye note letter last final
    insulin pump sensor meds medication medications treatment chemo dialysis vaccine
    doctor doctors nurse hospital child children son daughter husband wife mother father
    mom mum dad family friend friends free code discount offer price buy order shop sale
    cheap deal cure cured miracle natural stop quit poison
    """
)

# SMS spellings and acronyms, written out (folded). Only unambiguous ones: "tg" is also
# triglycerides, "ts" a suicide attempt, "ms" multiple sclerosis; they stay as typed.
SMS = {
    # French
    "jsuis": "je suis", "jsui": "je suis", "chui": "je suis", "chuis": "je suis",
    "jveux": "je veux", "jveu": "je veux", "jvx": "je veux", "jvais": "je vais",
    "jvai": "je vais", "jpeux": "je peux", "jpeu": "je peux", "jpp": "j'en peux plus",
    "jte": "je te", "jme": "je me", "jle": "je le", "jsais": "je sais", "jsp": "je sais pas",
    "jcrois": "je crois", "jpense": "je pense", "jdois": "je dois", "jvois": "je vois",
    "jaime": "j'aime", "jai": "j'ai", "jamai": "jamais", "tkt": "t'inquiete",
    "bcp": "beaucoup", "pk": "pourquoi", "pq": "pourquoi", "pkoi": "pourquoi",
    "pourkoi": "pourquoi", "koi": "quoi", "ki": "qui", "ke": "que", "kan": "quand",
    "kand": "quand", "qqn": "quelqu'un", "qqun": "quelqu'un", "qqch": "quelque chose",
    "dsl": "desole", "stp": "s'il te plait", "svp": "s'il vous plait", "slt": "salut",
    "bjr": "bonjour", "bsr": "bonsoir", "tjrs": "toujours", "tjs": "toujours",
    "mtn": "maintenant", "auj": "aujourd'hui", "vrmt": "vraiment", "msg": "message",
    "rdv": "rendez-vous", "mwa": "moi", "twa": "toi", "tfacon": "de toute facon",
    "ptet": "peut-etre", "ptetre": "peut-etre", "jmen": "je m'en",
    "fdp": "fils de pute", "ntm": "nique ta mere", "ftg": "ferme ta gueule",
    "vtff": "va te faire foutre", "ptn": "putain",
    # English
    "kys": "kill yourself", "kms": "kill myself", "stfu": "shut the fuck up",
    "gtfo": "get the fuck out", "wtf": "what the fuck", "u": "you", "ur": "your",
    "ppl": "people", "pls": "please", "plz": "please", "thx": "thanks", "idk": "i don't know",
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "dont": "don't",
    "cant": "can't", "im": "i'm", "ive": "i've", "didnt": "didn't", "doesnt": "doesn't",
    "unalive": "kill", "unalived": "killed", "unaliving": "killing", "sewerslide": "suicide",
}  # fmt: skip

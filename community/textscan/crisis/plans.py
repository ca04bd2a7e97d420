"""Cues of a plan: a date, a place looked at, a way got hold of, being ready and alone."""

from __future__ import annotations

from community.textscan.crisis.patterns import Cue, cue
from community.textscan.crisis.words import DRUGS, PILLS

# A beam tested by a builder, a loft that will hold: building work, not a plan.
_BUILDING_WORK = (
    r"\b(?:builders?|conversion|joiners?|carpenters?|surveyors?|structural|engineers?|renovation"
    r"|extension|travaux|charpentier|macon|artisan)\b"
)

CUES: list[Cue] = [
    cue(
        "date",
        1,
        "date choisi fixe soir sera picked chosen attends",
        r"(?:ma|la) date (?:c'est|est fixee)\b|j'ai (?:choisi|fixe) (?:une date|le|la|une nuit"
        r"|un jour|une limite)\b|picked a date\b|c'est pour ce soir\b|ce (?:sera|serait) (?:lundi"
        r"|mardi|mercredi|jeudi|vendredi|samedi|dimanche|le soir|la nuit)\b|(?:a|the) date in mind"
        r"\b"
        r"|(?:picked|chosen) the \d{1,2}(?:st|nd|rd|th)\b|n'attends plus que le bon (?:jour|moment)"
        r"\b",
    ),
    # A date for nothing named: "I've picked a date." "J'ai choisi la date."
    cue(
        "date",
        1.5,
        "date",
        r"(?:picked|chosen|set) (?:a|the) date\s{0,2}[.!]|j'ai (?:choisi|fixe) (?:une|la) date"
        r"\s{0,2}[.!]",
    ),
    cue(
        "date",
        1,
        "plan ferai",
        r"(?:my|the) plan is to (?:do it|take them|go|jump)\b|(?:i'll|i will|i'm going to"
        r"|i'm gonna)"
        r" do it (?:on|this|next|after|before|tonight|tomorrow)\b|take them (?:on|this|next)"
        r" (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)\b|je le ferai"
        r" (?:<4> )?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|apres|avant|ce soir"
        r"|demain|cette nuit)\b",
    ),
    # Sparing others the day: "so I don't ruin his birthday", "pour ne pas gâcher Noël".
    cue(
        "spare",
        0.5,
        "ruin gacher",
        r"so (?:that )?i (?:don't|won't|wouldn't|do not) ruin\b|pour ne pas (?:leur |lui )?gacher"
        r" (?:<3> )?(?:anniversaire|noel|mariage|fete|repas|vacances|week-end|rentree)\b",
    ),
    cue(
        "date",
        1,
        "decided when night birthday plan",
        r"(?:i've|i have) decided next\b|that's when\b|tonight might be the night\b|(?:after"
        r"|before) my son's birthday\b|(?:i have|i've got|j'ai) (?:a|un) plan\b",
    ),
    cue(
        "ready",
        1,
        "pret ready",
        r"tout est pret\b|je (?:suis|crois que je suis) prete?\b(?! (?:a|pour)\b)"
        r"|everything's ready\b|everything is ready\b|i'm ready\b",
    ),
    cue("ready", 1, "faut", r"(?:tout|ce) ce qu'il faut\b"),
    cue(
        "ready",
        1,
        "courage retournerai monte monterai working closer path place hold tiendra know",
        r"j'aurai le courage\b|j'y retournerai\b|j'y suis monte\b|working (?:myself )?up to it\b"
        r"|(?:it'll|it will) hold\b|ca tiendra\b"
        r"|i know what (?:they|those|these|it|that)(?:'d| would| could| will) do\b"
        r"|je monterai (?:<2> )?(?:au|en) (?:sixieme|dernier|haut|toit|\d{1,2}e)\b"
        r"|got closer than before\b|check the path\b|found the place\b",
        avoid=_BUILDING_WORK,
    ),
    cue(
        "ready",
        1,
        "sais servir prevu organise exactly prepare repere",
        r"je sais (?:tres bien )?(?:a quoi (?:ils|elles) vont servir|ce que je vais en faire)\b"
        r"|ce que j'ai prevu\b|j'ai (?:deja |bien )?tout (?:prevu|organise|prepare)\b"
        r"|j'ai repere (?:un|une|le|la|l'endroit)\b|(?:know"
        r"|knew) exactly how much\b",
    ),
    cue(
        "ready",
        1,
        "accident moment",
        r"(?:ressemblera|ressemble|ressembler) a un accident\b|looks? like an accident\b"
        r"|au moment de le faire\b",
    ),
    cue(
        "acquire",
        2,
        "corde rope",
        r"(?:achete|bought|buy|got|j'ai) (?:<1> )?(?:une corde\b(?! a sauter)|a rope\b(?! (?:for"
        r"|to|ladder|swing|light)\b))|j'ai la corde\b|(?:corde|rope),? (?:achetee?|bought)\b"
        r"(?! (?:pour|for)\b)",
    ),
    cue(
        "acquire",
        1.5,
        "commande ordered achats shops medecins every",
        r"(?:j'ai commande|ordered) (?:<1> )?(?:un produit|something|quelque chose)\b"
        r"|achats faits a la pharmacie\b|from different shops\b|(?:a|de|par) (?:deux|trois|quatre"
        r"|plusieurs) medecins(?: differents)?\b|(?:one|a) (?:pack|box|packet) (?:at|from) every"
        r" (?:chemist|pharmacy|shop)\b",
    ),
    cue(
        "acquire",
        1.5,
        "shops chemists pharmacies supermarkets stores pharmacie corde",
        r"from (?:\d{1,2}|two|three|four|five|several|different) (?:different )?(?:shops|chemists"
        r"|pharmacies|supermarkets|stores)\b|(?:fait|dans|faire) (?:plusieurs|deux|trois|quatre"
        r"|\d{1,2}) pharmacies (?:differentes )?(?:<3> )?(?:pour|sans)\b",
    ),
    cue(
        "acquire",
        1,
        "ask notice suspect",
        r"so (?:they|nobody|no one|the pharmacist) (?:wouldn't|would not|wouldnt|won't|wont) (?:ask"
        r"|notice|question|suspect)\b|pour qu'on ne me pose pas de questions\b",
    ),
    cue(
        "research",
        1,
        "regarde renseign looked read searched passerait",
        r"(?:j'ai )?regarde (?:a quelle heure|combien|comment)\b|le moins de monde\b|(?:je me suis"
        r"|me suis|j'ai) renseigne\w{0,2} sur\b|(?:looked|look) up how\b|looked up\b"
        r"|read (?:up )?(?:on|about) (?:what|how|it)\b|searched (?:for )?how\b"
        r"|ce qui se passerait\b",
    ),
    cue(
        "research",
        1,
        "looking searching googled googling reading which methodes worked monde personne frequente"
        " passage",
        r"(?:looking|searching|googled|googling) up\b|(?:searching|googling|googled) how\b"
        r"|reading (?:up )?(?:on|about) (?:what|how|it|ways|methods)\b|which (?:day|time|night)"
        r" (?:<3> )?(?:it's|it is|is) (?:emptiest|quietest|least busy)\b"
        r"|worked out which (?:day|time|night|train|floor)\b|methodes (?:pour|de)"
        r" (?:mourir|en finir|me suicider|me tuer)\b|(?:renseigne\w{0,2}|cherche\w{0,2}) sur des"
        r" methodes\b(?! (?:de|pour) (?!mourir|en finir))|(?:a quelle heure|quel jour) il n'y a"
        r" personne\b|le moins (?:frequente|de passage)\b",
    ),
    cue(
        "alone",
        1,
        "deplacement mere pere seul seule away mum dad absente deranger parents personne nobody",
        r"(?:sera|seront|est|sont) (?:<2> )?(?:en deplacement|chez (?:sa|leur) (?:mere|pere)"
        r"|chez leur pere|absente?)\b|quand je serai seule?\b|(?:is|are) away (?:until|for|this)\b"
        r"|goes to (?:his|her) mum's\b|gone back to their dad's\b|personne ne s'inquiete\b"
        r"|nobody will find\b|sans deranger personne\b|chez ses parents\b"
        r"|(?:is|are|she's|he's|'s) away (?:at|until|for|this|from)\b"
        r"|personne ne (?:passe|monte|vient|va) (?:jamais|plus|sur|la|a cette heure)\b"
        r"|il n'y a jamais personne\b|(?:where|when) nobody (?:goes|comes|walks|looks)\b"
        r"|nobody (?:goes|comes) (?:down|up) there\b",
    ),
    cue(
        "alone",
        1,
        "find trouve trouvera trouver",
        r"(?:won't|will not|doesn't have to|don't want (?:him|her|them|my \w+) to|isn't) be the"
        r" ones? (?:to find|who finds?) me\b|(?:be|not be) the ones? (?:to find|who finds?) me\b"
        r"|(?:ne soit pas|ne sera pas|ne soient pas) (?:celui|celle|ceux|celles) qui me"
        r" trouve\w{0,3}\b",
    ),
    cue("ready", 1, "prendrai", r"je les prendrai\b"),
    cue(
        "over",
        1,
        "plus done clinics",
        r"(?:apres,? )?plus d'hopital\b|plus de chimio\b|then it's done\b|no more (?:clinics|scans"
        r"|hospitals|appointments)\b",
    ),
    cue(
        "place",
        1,
        "storey car top tower overpass flyover motorway quarry railway tracks trains train line"
        " parking etage immeuble tour viaduc autoroute carriere rails tgv rapides niveau freight"
        " tide maree digue pier ravin glissiere beam rafter poutre ralentit arrete exhaust"
        " echappement stones pierres cailloux niveaux etages",
        r"multi-?\s?storey\b|car park (?:roof|top)\b|top (?:floor|level|deck) of\b|tower block\b"
        r"|overpass\b|flyover\b|motorway bridge\b|quarry\b|railway (?:line|bridge|tracks?)\b"
        r"|the tracks\b|fast trains\b|express trains\b|trains? (?:that |which )?(?:doesn't|don't"
        r"|does not|do not|won't) stop\b|(?:the )?line that (?:doesn't|does not) stop\b"
        r"|passage a niveau\b|(?:the )?freight\b|high tide\b|maree (?:sera )?haute\b|digue\b"
        r"|pier\b|ravin\b|glissiere\b|(?:beam|rafter|poutre) (?:in|dans) (?:the|le|la) (?:loft|atti"
        r"c"
        r"|garage|grenier)\b|parking (?:<4> )?(?:niveaux|etages)\b"
        r"|(?:ter|train|tgv|rer) (?:<3> )?ne (?:ralentit|s'arrete) pas\b"
        r"|(?:fits|fit|fitted) the exhaust\b|pot d'echappement\b|exhaust (?:pipe|hose)\b"
        r"|(?:stones|pierres|cailloux) (?:<2> )?(?:in|dans) (?:my|mes|the) (?:coat )?(?:pockets|poc"
        r"hes)\b"
        r"|parking (?:a etages"
        r"|souterrain)\b|dernier (?:etage|niveau) du (?:parking|batiment|centre)\b|haut de"
        r" l'immeuble\b|trains? (?:rapides?|qui ne s'arrete\w{0,2} pas)\b|tgv qui passe\b",
    ),
    cue(
        "look",
        1,
        "looked look looking staring stare stared driven drove gone went walked been alle allee"
        " monte montee retourne haut high bridge cliff tracks station storey park viaduct pier"
        " quarry top beam rafter banister hook branch poutre going safe voir bord",
        r"(?:looked|look|looking|staring|stare|stared) at (?:it|the rope|the bridge|them) (?:every"
        r"|each|all|for hours|again)\b|(?:driven|drove|gone|went|walked"
        r"|been) (?:up )?there (?:<2> )?"
        r"to (?:look|check|see)\b|j'y suis (?:alle|allee|monte|montee|retourne|retournee) (?:<3> )?"
        r"(?:pour voir|voir|reperer|regarder)\b|(?:c'est|c'etait|il est|elle est) assez haut\b"
        r"|(?:it's|it is) high enough\b|je la regarde tous les jours\b"
        r"|(?:drove|driven|went|been|walked|gone) (?:up |down |back )?to (?:the|a) (?:<1> )?(?:brid"
        r"ge"
        r"|cliff|tracks|station|multi-?\s?storey|car park|viaduct|pier|quarry) (?:<3> )?(?:twice"
        r"|again|three times|every|four times)\b|(?:gone|went|go|been) up to the top (?:floor|level"
        r"|deck)\b|(?:tested|checked|test|check) (?:<2> )?(?:beam|rafter|banister|hook|branch"
        r"|poutre)\b|(?:keep|kept) going down there\b|standing in front of the safe\b"
        r"|(?:suis|je suis) (?:<1> )?(?:monte|montee|alle|allee) (?:le |la |les )?voir (?:<1> )?(?:"
        r"deux"
        r"|trois|plusieurs|\d) fois\b|reste\w{0,2} au bord\b",
        avoid=_BUILDING_WORK,
    ),
    cue(
        "ready",
        1,
        "lined aligne alignes",
        rf"(?:{PILLS}|{DRUGS}|insulin pens|pens|boxes|packets) (?:<1> )?(?:lined up|laid out"
        rf"|all out)"
        rf"\b|(?:lined up|laid out) (?:<2> )?(?:{PILLS}|pens)\b|(?:{PILLS}"
        rf"|stylos) (?:<1> )?alignee?s?"
        rf" (?:sur|devant)\b",
    ),
    cue(
        "means",
        1,
        "fusil carabine rifle shotgun gun cartouches revolver pistol arme tuyau hose hosepipe",
        r"(?:fusil|carabine|rifle|shotgun|gun safe|handgun|revolver|pistol|pistolet|cartouches"
        r"|son arme|mon arme)\b|(?:bought|got|achete|acheter) (?:<3> )?(?:hose|hosepipe|tuyau)\b",
        past=False,
    ),
    cue(
        "acquire",
        2,
        "corde rope",
        r"(?:la|une|ma) corde (?:est|sont) (?:<3> )?(?:dans|sous|au)\b|(?:a|the) rope (?:is )?(?:in"
        r"|under) (?:the|my) (?:boot|car|wardrobe|shed|garage|bag|drawer)\b",
    ),
    cue(
        "research",
        1,
        "read googled looked know",
        r"(?:read|looked up|googled|read up on) what (?:<3> )?(?:does|would do|happens|will do)\b"
        r"|read up on (?:the )?\w+,? how (?:many|much|long)\b|i know which (?:corner|camera|floor"
        r"|side|bit|spot|level)\b",
    ),
    cue(
        "place",
        1,
        "pont falaise toit balcon rambarde fenetre etage ferree train bord lac corde branche moteur"
        " pilier bridge cliff roof crossing trains rope viaduc quai rails",
        r"(?:le |du |un |au |sur le )?(?:pont|viaduc|falaise|toit|balcon|rambarde|voie ferree|quai"
        r"|rails|corde|branche solide|moteur (?:qui tourne|allume)|pilier|bridge|cliff|roof"
        r"|level crossing|freight trains|rope|lac)\b|\d{1,2}e etage\b"
        r"|la fenetre (?:de ma chambre )?s'ouvre\b",
    ),
    cue(
        "look",
        1,
        "regard looking looked stood mesure demande profond",
        r"(?:regarde|regarder|regardais) (?:<2> )?(?:en bas|le bord|le vide|passer)\b"
        r"|je la regarde depuis\b|je le regarde passer\b|(?:looking|looked) down\b"
        r"|stood right by\b|je mesure\b|exactement pour ca que je demande\b|profond pres\b",
    ),
    cue(
        "time",
        0.5,
        "soir nuit demain week tonight tomorrow night bientot soon fin weekend after month",
        r"(?:ce soir|cette nuit|demain(?: matin)?|ce week-?\s?end|vendredi soir|samedi soir"
        r"|tonight|tomorrow|this weekend|saturday night|bientot|soon|d'ici la fin du mois"
        r"|by the (?:weekend|end of the month)|after (?:friday|this week)|this time next week)\b",
    ),
    cue(
        "secret",
        0.5,
        "personne doute knows know",
        r"personne ne (?:le )?(?:sait|s'en doute)\b|ne se doute de rien\b|nobody knows\b"
        r"|doesn't know\b|je n'ai dit a personne\b",
    ),
]

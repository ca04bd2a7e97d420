"""Full names in a post that a place, a workplace, a date or a diagnosis ties to someone."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import pairwise

from community.textscan.normalize import FoldedText, Hit, all_matches
from community.textscan.personal_data.dates import MONTHS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[str]:
    """Comma-separated names, hyphens read as spaces ("Jean-Marie Le" is "jean marie le")."""
    return frozenset(" ".join(name.replace("-", " ").split()) for name in text.split(",")) - {""}


# A full name is a first name from this list, or any capitalised word after a title
# ("Dr", "Mme", "Mr"), followed by a capitalised surname, in the original's case. A first
# name alone, a pseudonym or a surname alone ("le Dr Martin") is no one in particular.
_FIRST_NAMES = _words(
    """
    marie anne sophie isabelle nathalie sylvie catherine christine valerie sandrine
    veronique celine stephanie caroline laurence martine francoise monique nicole brigitte
    chantal dominique patricia helene claire julie aurelie emilie camille lea manon chloe
    emma ines jade louise alice lina zoe clara sarah laura lucie pauline marine mathilde
    charlotte juliette elodie audrey melanie virginie karine corinne florence agnes beatrice
    annie josiane jacqueline simone yvonne jeannette ginette odette colette denise madeleine
    suzanne therese genevieve danielle michele christiane evelyne maryse josette gisele
    huguette liliane paulette yvette bernadette marguerite jeanne germaine lucienne andree
    renee elise eloise margaux oceane noemie justine amandine morgane clemence marion maeva
    anais lola romane ambre mila anna eva nina lucile solene gaelle maelle nolwenn ophelie
    estelle fabienne muriel pascale mireille regine jocelyne cecile delphine emmanuelle
    geraldine joelle sabine myriam severine magali carole elisabeth elizabeth isabel agathe
    adele apolline capucine victoire salome axelle celia lisa jessica vanessa cindy laetitia
    fanny coralie melissa sonia sabrina nadia leila yasmine amina aicha khadija malika
    fatima samia nora naima rachida imane salima meriem dounia hanane jeanne-marie
    christelle nadine ghislaine sylviane mylene murielle nadege laure aline solange
    raymonde arlette micheline georgette claudine jeannine janine annick armelle gwenaelle
    rosine edith viviane lydie maud noelle odile perrine sylvaine tiphaine wendy angelique
    jean pierre michel andre philippe alain bernard jacques daniel patrick christian
    nicolas eric frederic laurent stephane olivier thierry pascal david christophe
    sebastien julien thomas alexandre vincent francois jerome mathieu matthieu guillaume
    antoine maxime romain kevin florian anthony jeremy quentin benjamin hugo lucas louis
    gabriel leo raphael arthur jules adam nathan theo noah ethan paul mathis enzo clement
    baptiste bastien yann yannick gerard rene roger robert marcel georges henri claude serge
    gilles didier bruno denis franck herve joel lionel marc luc yves guy lucien raymond
    maurice albert fernand emile mickael michael cedric fabrice ludovic xavier arnaud
    gregory damien loic gael erwan ronan tanguy killian dylan samuel simon martin victor
    axel valentin adrien aurelien benoit cyril emmanuel fabien jordan mehdi karim mohamed
    mohammed ahmed ali youssef rachid samir nabil sofiane bilal hamza ibrahim moussa
    mamadou farid omar yacine amine hakim kamel djamel jean-marc jean-pierre jean-luc
    francis gaston jean-claude jean-michel jean-paul jean-louis jean-francois alexis
    timothee corentin mael titouan sacha nolan evan tristan marius augustin gaspard
    james john william joseph charles christopher matthew mark donald steven andrew joshua
    kenneth brian george timothy ronald edward jason jeffrey ryan jacob gary jonathan
    stephen larry justin scott brandon gregory frank jack dennis jerry tyler aaron jose
    henry douglas zachary peter kyle walter keith terry gerald harold sean austin carl
    lawrence jesse bryan billy joe bruce logan willie alan juan wayne elijah randy roy
    ralph eugene russell bobby mason philip harry oliver charlie alfie freddie archie oscar
    toby liam callum connor jamie lewis owen rhys gareth dean craig darren lee neil stuart
    ian colin graham barry trevor nigel clive derek malcolm ross rory finn declan ciaran
    niall tom ben sam dan matt rob mike steve dave chris nick pete tony jim jimmy bob bill
    tim andy phil richard
    mary jennifer linda barbara susan karen nancy betty margaret sandra ashley kimberly
    emily donna michelle carol amanda dorothy deborah rebecca sharon cynthia kathleen amy
    angela shirley brenda pamela helen samantha katherine debra rachel carolyn janet maria
    heather diane ruth olivia joyce victoria kelly lauren christina joan evelyn judith
    megan andrea cheryl hannah martha gloria teresa ann sara madison frances kathryn janice
    abigail judy sophia grace amber doris marilyn beverly isabella theresa diana natalie
    brittany kayla lori amelia isla ava mia poppy ella lily lucy ellie freya holly daisy
    molly katie gemma kirsty leanne nicola joanne tracy tracey wendy dawn sue jane jenny jo
    kate liz beth sally fiona jill gillian hazel maureen sheila irene eileen lesley jackie
    mandy kim priya sunita aisha anita rita sonia tina lorraine alison alice jasmine zara
    imogen phoebe harriet eleanor georgia jessie bethany chelsea courtney
"""
)
# "Jean Pierre", "Marie Claire" written without their hyphen are one first name, and a
# surname must still follow.
_COMPOUND_FIRSTS = _words(
    """
    jean-pierre jean-marc jean-luc jean-paul jean-michel jean-claude jean-francois
    jean-louis jean-jacques jean-philippe jean-baptiste jean-yves jean-christophe
    jean-charles jean-noel jean-marie jean-guy marie-claire marie-christine marie-france
    marie-helene marie-laure marie-pierre marie-therese marie-odile marie-josee marie-paule
    marie-noelle marie-anne marie-line marie-jo anne-sophie anne-marie anne-laure
    anne-claire anne-lise pierre-yves pierre-louis pierre-alain pierre-antoine paul-henri
    louis-marie mary-jane sarah-jane mary-ann mary-anne anna-maria rose-marie
"""
)
_TITLES = frozenset({
    "dr", "docteur", "doctor", "doc", "pr", "prof", "professeur", "professor", "mr", "mrs",
    "ms", "miss", "mme", "mlle", "madame", "mademoiselle", "monsieur", "sir",
})  # fmt: skip
# Capitalised words that follow a first name without being a surname.
_NOT_SURNAMES = _words(
    """
    lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday
    friday saturday sunday janvier fevrier mars avril mai juin juillet aout septembre
    octobre novembre decembre january february march april may june july august september
    october november december merci bonjour bonsoir salut coucou hello hi thanks thank
    dear and et or ou the le la les un une de du des of at in on to a is was est et
    hospital hopital clinic clinique hospice centre center institute institut foundation
    fondation school ecole college lycee university universite trust house street road
    avenue lane drive rue place unit ward chu nhs nationale national royal general generale
    saint sainte infirmary surgery practice medical health memorial children
"""
)
# Places named after people, famous people (patients who went public, doctors in the
# news), and charities: named in posts without being anybody's personal data.
_FAMOUS = _phrases(
    """
    marie curie, pierre curie, louis pasteur, victor hugo, emile zola, jules ferry, jean moulin,
    jean jaures, simone veil, charles de, gustave roussy, robert debre, henri mondor,
    georges pompidou, ambroise pare, raymond poincare, paul brousse, antoine beclere,
    louis mourier, jean verdier, albert chenevier, emile roux, charles foix, rene huguenin,
    leon berard, edouard herriot, louis pradel, oscar lambret, roger salengro, claude huriez,
    jeanne de, paul strauss, francois baclesse, henri becquerel, charles nicolle,
    eugene marquis, jean perrin, antoine lacassagne, paul papin, alexis vautrin,
    claudius regaud, guy de, gabriel montpied, jean minjoz, marie lannelongue, jacques monod,
    jean bernard, florence nightingale, sue ryder, anthony nolan, terrence higgins,
    ronald mcdonald, john radcliffe, james cook, alder hey, johns hopkins, dana farber,
    mount sinai, emmanuel macron, marine le, nicolas sarkozy, francois hollande, jacques chirac,
    boris johnson, theresa may, keir starmer, rishi sunak, joe biden, donald trump,
    barack obama, didier raoult, olivier veran, agnes buzyn, michel cymes, anthony fauci,
    celine dion, bruce willis, michael j, selena gomez, christina applegate, ozzy osbourne,
    elton john, tom hanks, halle berry, nick jonas, lady gaga, toni braxton, kim kardashian,
    avril lavigne, justin bieber, stephen fry, stephen hawking, serena williams, venus williams,
    steve jobs, robin williams, carrie fisher, demi lovato, johnny hallyday, jean-marie le,
    kate middleton, catherine zeta-jones, mariah carey, lance armstrong, marie kondo, peter mac,
    martin luther, emma watson, tom cruise, brad pitt, angelina jolie, pierre fabre,
    francois aupetit, jean mermoz, claude pompidou, michael mosley, jason fung,
    rangan chatterjee, david unwin, jimmy mohamed, frederic saldmann, david servan-schreiber,
"""
)
# A name right after these words names the place ("rue Victor Hugo", "collège Jean
# Moulin", "hôpital Henri Mondor"), not a person.
_PLACE_WORDS = _words(
    """
    rue avenue av boulevard bd place allee impasse quai chemin cours square ecole college
    lycee hopital clinique institut centre fondation residence ehpad groupe pavillon
    batiment salle maison street road school hospital college university institute centre
    center foundation ward unit lane chu chru ch gh polyclinique cabinet pole service
    association asso charity trust laboratoire laboratoires labo prix
"""
)
# Between a place word and the name: "hôpital privé Jean Mermoz", "CHU de …".
_PLACE_FILLERS = _words(
    """
    de du des d la le les of the prive privee public publique universitaire general
    generale regional regionale royal st saint sainte
"""
)
# "maladie de Parkinson", "de Crohn": diseases named after a doctor are no place.
_EPONYMS = _words(
    """
    parkinson crohn alzheimer hodgkin charcot basedow graves hashimoto marfan lyme steinert
    huntington addison cushing raynaud sjogren behcet gilbert kawasaki turner asperger
    tourette wilson horton still paget dupuytren meniere verneuil willebrand
    recklinghausen bourneville duchenne creutzfeldt guillain barre lewy down ehlers danlos
"""
)
_NAME_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_LETTERS = re.compile(r"[a-z]+")
_OPENERS = _TITLES | _FIRST_NAMES
# What ties a name to someone real: a place, a workplace, a date, a diagnosis.
_TIES = re.compile(
    r"(?<![a-z])(?:chu|chru|ch|hopital|hopitaux|clinique|cabinet|ehpad|cmp|ecole|college"
    r"|lycee|universite|agence|pharmacie|mairie|admr|urgences|centre|institut|maternite"
    r"|service|hospital|hospice|clinic|practice|surgery|ward|school|university|infirmary"
    r"|unit|pharmacy|nhs|nursing|medecin|docteur|infirmier|infirmiere|kine|[a-z]{3,20}logue"
    r"|psychiatre|pediatre|chirurgien|chirurgienne|generaliste|pharmacien|pharmacienne"
    r"|secretaire|aide-soignante?|aide a domicile|auxiliaire|sage-femme|dentiste"
    r"|orthophoniste|maitresse|instit|professeur|agriculteur|travaille|bosse|boulot"
    r"|nurse|doctor|consultant|surgeon|gp|physio|pharmacist|teacher|works?|worked|working"
    r"|job|midwife|therapist|[a-z]{3,20}ologist|dietitian|manager|staff|lives?|habite|vit"
    r"|voisine?|neighbou?r|cousine?|cousin|oncle|tante|uncle|aunt|collegue|colleague"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|hier|yesterday|demain|tomorrow|today"
    rf"|{MONTHS}|(?:19|20)[0-9]{{2}}|[0-9]{{1,2}}/[0-9]{{1,2}}"
    r"|cancer|tumeur|tumou?r|leucemie|leuka?emia|lymphome|lymphoma|myelome|diabet[a-z]{0,12}"
    r"|lupus|sclerose|sep|ms|sla|als|crohn|mici|ibd|rch|parkinson|alzheimer|demence"
    r"|dementia|epilep[a-z]{0,12}|asthm[a-z]{0,12}|bpco|copd|mucoviscidose|muco|cystic|vih|hiv|sida"
    r"|aids|hepatite|cirrhose|endometriose|endo|fibro[a-z]{0,12}|arthrit[a-z]{0,12}|polyarthrite"
    r"|spondyl[a-z]{0,12}|psoriasis|avc|stroke|infarctus|dialyse|dialysis|greffe|transplant"
    r"|chimio|chemo|radiotherapie|schizophren[a-z]{0,12}|bipolaire|bipolar|depression|autis[a-z]{0,12}"
    r"|trisomie|myopathie|myasthenie|maladie|malade|syndrome|disease|illness|diagnos[a-z]{0,12}"
    r"|atteinte?|souffre|opere|operee|hospitalise|hospitalisee|traitement|treatment"
    r"|rip|decede|decedee|died|passed"
    r"|rue|avenue|boulevard|impasse|allee|chemin|quai|road|street|lane|drive|[0-9]{5})(?![a-z])"
)
_PLACE_AFTER = re.compile(
    r"(?<![a-z])(?:(?:a|au|in|from|at|near|de)[ \t]{1,2}|d')([a-z][a-z'\-]{2,30})"
)
_TIE_REACH = 160
_SENTENCE_END = re.compile(r"[.!?](?=[ \t\n])|\n")


def _candidates(text: FoldedText) -> list[tuple[int, int]]:
    """Every full name in `text`, tied to something or not."""
    folded = text.folded
    # A name opens on a title or a first name, each a run of letters of its own: most posts
    # hold none, and are left before their words are read one by one.
    if _OPENERS.isdisjoint(_LETTERS.findall(folded)):
        return []
    words = list(_NAME_WORD.finditer(folded))
    names: list[tuple[int, int]] = []
    index = 0
    while index < len(words) - 1:
        word = words[index].group()
        if word not in _TITLES and word.partition("-")[0] not in _FIRST_NAMES:
            index += 1
            continue
        found = _name_at(text, words, index)
        if found is None:
            index += 1
            continue
        names.append((words[found[0]].start(), words[found[1]].end()))
        index = found[1] + 1
    return names


def find_names(text: FoldedText) -> Iterator[Hit]:
    """Full names whatever they are tied to, and a title's surname ("Dr Caradec"), for a
    text that is itself tied to a diagnosis: a data card's note. Posts use
    `find_full_names`."""
    yield from (Hit("full_name", start, end) for start, end in _candidates(text))
    words = list(_NAME_WORD.finditer(text.folded))
    for title, surname in pairwise(words):
        if not _surname(text, surname) or surname.group() in _TITLES | _NOT_SURNAMES:
            continue
        gap = text.folded[title.end() : surname.start()]
        # "M. Caradec" as well: alone, "M" is too short a word to be a title.
        if (title.group() in _TITLES and gap in (" ", ". ")) or (
            title.group() == "m" and gap == ". " and text.original_slice(*title.span()) == "M"
        ):
            yield Hit("full_name", surname.start(), surname.end())


def is_first_name(word: str) -> bool:
    """A folded word that is a first name: alone, it names no one in particular."""
    return word in _FIRST_NAMES or word in _COMPOUND_FIRSTS


def is_title(word: str) -> bool:
    """A folded word that is a title ("dr", "mme") that may stand before a name."""
    return word in _TITLES


def find_places_named(text: FoldedText) -> Iterator[Hit]:
    """Capitalised places after "à", "de", "in", "from" …, named or not in a gazetteer, and
    the names of hospitals, schools and streets ("hôpital Georges Pompidou"), which say
    the town."""
    yield from (Hit("place", start, end) for start, end in _places(text))
    words = list(_NAME_WORD.finditer(text.folded))
    index = 0
    while index < len(words):
        if words[index].group() not in _PLACE_WORDS:
            index += 1
            continue
        first = index + 1
        while first < len(words) and words[first].group() in _PLACE_FILLERS:
            first += 1
        last = first
        while last < len(words) and last - first < 4 and _surname(text, words[last]):
            last += 1
        if last > first and not _EPONYMS.intersection(w.group() for w in words[first:last]):
            yield Hit("place", words[first].start(), words[last - 1].end())
        index = max(last, index + 1)


def find_full_names(text: FoldedText) -> Iterator[Hit]:
    folded = text.folded
    names = _candidates(text)
    if not names:
        return
    # Ties and places are looked for once in the whole post, then near each name.
    ties = [match.start() for match in all_matches(_TIES, folded)]
    places = list(_places(text))
    place_starts = [start for start, _end in places]
    stops = [
        match.start()
        for match in _SENTENCE_END.finditer(folded)
        if folded[max(0, match.start() - 5) : match.start()].rpartition(" ")[2] not in _TITLES
    ]
    given: set[tuple[int, int]] = set()
    for start, end in names:
        sentence = bisect_right(stops, start)
        low = max(stops[sentence - 1] if sentence else 0, start - _TIE_REACH)
        high = min(stops[sentence] if sentence < len(stops) else len(folded), end + _TIE_REACH)
        near = [
            place
            for place in places[bisect_left(place_starts, low) : bisect_left(place_starts, high)]
            if not start <= place[0] < end
        ]
        tie = bisect_left(ties, start - _TIE_REACH)
        if near or (tie < len(ties) and ties[tie] <= end + _TIE_REACH):
            yield Hit("full_name", start, end)
            for place in near:
                if place not in given:
                    given.add(place)
                    yield Hit("full_name", *place)


def _name_at(text: FoldedText, words: list[re.Match[str]], index: int) -> tuple[int, int] | None:
    """The first and last word of a full name beginning at words[index], if one does."""
    folded = text.folded
    word = words[index].group()
    titled = word in _TITLES
    if titled:
        # "Dr Jean-Marc Lefèvre", "Mme Yvonne Caradec": any capitalised given name.
        after = words[index].end()
        after += folded[after : after + 1] == "."
        if index + 2 >= len(words) or words[index + 1].start() != after + 1:
            return None
        given = index + 1
    else:
        if word.split("-")[0] not in _FIRST_NAMES:
            return None
        given = index
    if not _title_case(text, words[given]) or words[given].group() in _NOT_SURNAMES:
        return None
    if titled and words[given].group() in _TITLES:
        return None
    if not titled and given > 0 and _placed(folded, words, given):
        return None
    surname = given + 1
    if surname >= len(words) or not _next_to(folded, words[given], words[surname]):
        return None
    compound = f"{words[given].group()}-{words[surname].group()}"
    if compound in _COMPOUND_FIRSTS and _title_case(text, words[surname]):
        surname += 1  # "Jean Pierre Dupont"
        if surname >= len(words) or not _next_to(folded, words[surname - 1], words[surname]):
            return None
    last = surname
    if words[surname].group() in ("o", "d", "mc") and folded[words[surname].end() :][:1] == "'":
        # "O'Connor", "D'Souza"
        last += 1
        if last >= len(words) or words[last].start() != words[surname].end() + 1:
            return None
        if not _surname(text, words[last]):
            return None
    elif not _surname(text, words[surname]):
        return None
    elif words[surname].group() in ("le", "la", "de", "du", "van", "von", "da", "di", "el", "ben"):
        # "Le Goff", "Van Damme": the particle is capitalised, a name follows.
        last += 1
        if last >= len(words) or not _next_to(folded, words[surname], words[last]):
            return None
        if not _surname(text, words[last]):
            return None
    elif words[surname].group() in _NOT_SURNAMES:
        return None
    following = words[last + 1].group() if last + 1 < len(words) else ""
    if following in _PLACE_WORDS and _next_to(folded, words[last], words[last + 1]):
        return None  # "Marie Curie Hospice", "James Cook University Hospital"
    named = " ".join(word.group() for word in words[given : last + 1]).replace("-", " ").split()
    if any(" ".join(named[:count]) in _FAMOUS for count in (2, 3)):
        return None
    return index, last


def _title_case(text: FoldedText, word: re.Match[str], group: int = 0) -> bool:
    original = text.original_slice(word.start(group), word.end(group))
    return original[:1].isupper() and (len(original) < 3 or not original[1:].isupper())


def _surname(text: FoldedText, word: re.Match[str]) -> bool:
    """Capitalised ("Marchand", "Lloyd-Davies") or in capitals ("DUPONT") in the original,
    and not a word that any capitalised sentence may hold."""
    original = text.original_slice(word.start(), word.end())
    if len(original) < 2 or not original[:1].isupper():
        return False
    # A post in capitals says nothing by its case.
    return not (original.isupper() and _mostly_capitals(text))


def _mostly_capitals(text: FoldedText) -> bool:
    letters = [char for char in text.original[:2000] if char.isalpha()]
    return sum(char.isupper() for char in letters) > len(letters) // 2


def _next_to(folded: str, left: re.Match[str], right: re.Match[str]) -> bool:
    return right.start() == left.end() + 1 and folded[left.end()] == " "


def _placed(folded: str, words: list[re.Match[str]], given: int) -> bool:
    """True if a place word comes right before (skipping "de", "du"): "rue Victor Hugo"."""
    before = given - 1
    while before >= 0 and words[before].group() in _PLACE_FILLERS:
        before -= 1
    if before < 0 or words[given].start() - words[before].end() > 24:
        return False
    return words[before].group() in _PLACE_WORDS


def _places(text: FoldedText) -> Iterator[tuple[int, int]]:
    """ "à Lyon", "from Swansea", "here in Swindon": capitalised places, which say where
    a person named in the same sentence is."""
    for match in all_matches(_PLACE_AFTER, text.folded):
        place = match.group(1)
        if place in _NOT_SURNAMES or place in _FIRST_NAMES or place in _TITLES:
            continue
        if place in _PLACE_WORDS or place in _EPONYMS:
            continue
        if _title_case(text, match, 1):
            yield match.start(1), match.end(1)

"""The cues read around a passage of advice, and the filters every kind of advice passes."""

from __future__ import annotations

import re

from community.textscan.advice.post import Post
from community.textscan.vocabulary import DOCTOR, REMEDY, SURGERY, TREATMENT

# Words the shared vocabulary lacks (they belong in vocabulary.py, which the spam rules
# read too): Québec's "pompes" (inhalers), brand names, and remedies put in a treatment's
# place.
EXTRA_TREATMENT = r"(?:pompes?|puffers?|sinemet|madopar|modopar|levodopa|carbidopa)"
EXTRA_REMEDY = (
    r"(?:vinegar|cider|chromium|picolinate|salt\s{1,3}(?:caves?|rooms?|air)|halotherap\w{1,3}"
    r"|eucalyptus|lion's\s{1,3}mane|mushrooms?|champignons?|bone\s{1,3}broth|broth"
    r"|bouillon\s{1,3}d'?\s?os|(?:frequency|energy|quantum)\s{1,3}pendants?|tinctures?)"
)
TREATMENTS = rf"(?:{TREATMENT}|{EXTRA_TREATMENT})"
# The vocabulary as whole words.
TREATMENT_RE = re.compile(rf"(?<![\w-]){TREATMENTS}(?![\w])")
ANY_TREATMENT = re.compile(rf"(?<![\w-])(?:{TREATMENTS}|{SURGERY})(?![\w])")
REMEDY_RE = re.compile(rf"(?<![\w-])(?:{REMEDY}|{EXTRA_REMEDY})(?![\w])")
DOCTOR_SAFE = re.compile(
    r"(?:avec|par|selon|accord\s{1,3}(?:avec|de)|avis\s{1,3}(?:de|du|d')|conseils?\s{1,3}(?:de|du"
    r"|d')"
    rf"|with|by|from)\s{{1,3}}(?:mon|ma|mes|notre|nos|son|sa|ses|leur|l'|le|la|un|une|ton|ta|votre"
    rf"|my|his|her|our|their|the|your|a)?\s{{0,3}}{DOCTOR}\b"
    rf"|\b{DOCTOR}\s{{1,3}}(?:[\w']{{1,20}}\s{{1,3}})?(?:et\s{{1,3}}moi|and\s{{1,3}}i)\b"
    rf"|\b{DOCTOR}\s{{1,3}}(?:[\w']{{1,20}}\s{{1,3}}){{0,2}}(?:m'a|m'en\s{{1,3}}a|nous\s{{1,3}}a"
    r"|lui\s{1,3}a|a|m'avait|nous\s{1,3}avait|has|had)\s{1,3}(?:\w{1,12}\s{1,3})?(?:dit|conseille"
    r"|prescrit|recommande|decide|suggere|parle|explique|autorise"
    r"|told|advised|suggested|recommended|agreed|decided)\b"
    rf"|\b{DOCTOR}\s{{1,3}}(?:agreed|suggested|advised|recommended|decided|wanted\s{{1,3}}me|says"
    r"|dit|conseille|recommande|propose|explique|recommends|advises|suggests)"
    rf"|\b{DOCTOR}\s{{1,3}}(?:[\w',]{{1,15}}\s{{1,3}}){{0,8}}?(?:took|stopped|reduced|tapered"
    r"|weaned|switched|changed|(?:(?:a|ont)\s{1,3})?(?:arrete|stoppe|diminue|baisse|change"
    r"|suspendu|remplace))\b"
    r"|\bon\s{1,3}m'a\s{1,3}(?:arrete|stoppe|enleve|retire|diminue|baisse|change)\b"
    r"|en\s{1,3}accord|avis\s{1,3}medical|encadre\w{0,2}|sous\s{1,3}surveillance|supervised"
    r"|(?:under|with)\s{1,3}(?:medical\s{1,3})?supervision|soins\s{1,3}(?:palliatifs"
    r"|de\s{1,3}support"
    r"|de\s{1,3}confort)|palliati\w{1,3}|fin\s{1,3}de\s{1,3}vie|end\s{1,3}of\s{1,3}life"
    r"|(?:le|ton|votre|son|ses|leur|mon)\s{1,3}droit\s{1,3}de\s{1,3}refuser"
    # Advance directives: what one wants when one can no longer say it.
    r"|directives\s{1,3}anticipees|acharnement|advance\s{1,3}(?:directive|care\s{1,3}plan)"
)
DEFIANCE = re.compile(
    r"contre\s{1,3}l'?\s?avis|en\s{1,3}cachette|sans\s{1,3}(?:en\s{1,3})?(?:parler|l'?\s?accord"
    r"|l'?\s?avis|attendre|le\s{1,3}dire|rien\s{1,3}lui\s{1,3}dire)|meme\s{1,3}si\s{1,3}(?:ton"
    r"|votre|le|son|sa|mon|ma|ta)\s{1,3}\w{2,15}\s{1,3}(?:te|vous|lui|me)\s{1,3}dit"
    r"|malgre\s{1,3}(?:l'?\s?avis|les\s{1,3}conseils|son|sa|mon|ma)|furieux|furieuse"
    r"|(?:ne|n')\s{0,2}(?:sait|savent)\s{1,3}(?:pas|rien)|n'est\s{1,3}pas\s{1,3}au\s{1,3}courant"
    r"|interdisait|against\s{1,3}(?:medical|his|her|my|their|the)\s{1,3}(?:\w{1,12}\s{1,3})?advice"
    r"|behind\s{1,3}(?:my|his|her|their)\s{1,3}\w{2,14}\s{1,3}back|without\s{1,3}telling"
    r"|keeps?\s{1,3}nagging|whatever\s{1,3}(?:your|the|my)\s{1,3}\w{2,14}\s{1,3}says"
    r"|won't\s{1,3}listen|do\s{1,3}it\s{1,3}(?:gradually\s{1,3})?yourself"
)
_OUTCOME = re.compile(
    r"\b(?:gueri\w{0,3}|guerison|pleine\s{1,3}(?:forme|sante)|jamais\s{1,3}(?:ete|senti\w{0,2})"
    r"\s{1,3}aussi|ne\s{1,3}(?:s'est|me\s{1,3}suis)\s{1,3}jamais\s{1,3}senti\w{0,2}|revit|revis"
    r"|liberee?s?|plus\s{1,3}(?:aucune?|une\s{1,3}seule)\s{1,3}(?:crise|douleur|poussee|symptome)"
    r"|plus\s{1,3}(?:jamais\s{1,3})?(?:eu|fait)\s{1,3}(?:de|d'|une|la\s{1,3}moindre|aucune)\s{1,3}"
    r"(?:crises?|poussees?|symptomes?|douleurs?)|n'a\s{1,3}plus\s{1,3}(?:de"
    r"|aucune?)\s{1,3}(?:crises?"
    r"|poussees?|symptomes?|douleurs?)"
    r"|moins\s{1,3}de\s{1,3}crises|presque\s{1,3}plus\s{1,3}de|seronegati\w{1,2}"
    r"|indetectable|remarche|marche\s{1,3}sans|clean|parfaite?s?|impeccables?|disparu\w{0,2}"
    r"|regresse|n'en\s{1,3}(?:reviennent|revenait|revient|revenaient)\s{1,3}pas|stupefait\w{0,2}"
    r"|ne\s{1,3}comprend\s{1,3}pas|la\s{1,3}preuve|preuve\s{1,3}vivante|toujours\s{1,3}(?:la|en"
    r"\s{1,3}vie|vivante?)|meilleure\s{1,3}decision|repartis?|(?:va|vais|vont|allait"
    r"|allaient)\s{1,3}(?:tres"
    r"|super|beaucoup|vraiment)\s{1,3}(?:bien|mieux)|mieux\s{1,3}qu'avant|se\s{1,3}porte"
    r"|en\s{1,3}forme|tient\s{1,3}toujours|cured|healed|never\s{1,3}(?:felt|been)\s{1,3}(?:better"
    r"|healthier|fitter|happier|more)"
    r"|best\s{1,3}decision"
    r"|feel\w{0,3}\s{1,3}amazing|perfectly\s{1,3}(?:healthy|fine)|(?:was|were|is|are)\s{1,3}clear"
    r"|seizure.free|(?:hasn't|haven't|hasnt)\s{1,3}had\s{1,3}(?:a|any)|no\s{1,3}(?:seizures"
    r"|episodes|flares|symptoms)|stunned|(?:can't|couldn't|could\s{1,3}not)\s{1,3}explain"
    r"|had\s{1,3}no\s{1,3}answer|new\s{1,3}(?:man|woman|person)|still\s{1,3}(?:alive|here"
    r"|healthy|strong|going)|numbers\s{1,3}are|in\s{1,3}remission|never\s{1,3}looked\s{1,3}back"
    r"|doing\s{1,3}(?:great|better|brilliantly|fine)|living\s{1,3}proof|fine\s{1,3}now"
    r"|better\s{1,3}than\s{1,3}ever|myself\s{1,3}again|feeling\s{1,3}like\s{1,3}herself"
    r"|(?:je|il|elle)\s{1,3}(?:me|se)\s{1,3}sens\w{0,2}\s{1,3}(?:plus|mieux|tellement|enfin)"
    r"|plus\s{1,3}(?:leger|legere|vivante?)|pu\s{1,3}jamais|a\s{1,3}change\s{1,3}ma\s{1,3}vie"
    r"|feel\w{0,3}\s{1,3}(?:\w{1,10}\s{1,3})?years\s{1,3}younger|changed\s{1,3}my\s{1,3}life"
    r"|(?:is|are|was|were)\s{1,3}gone|(?:couldn't|could\s{1,3}not|can't)\s{1,3}believe"
    r"|came\s{1,3}back\s{1,3}to\s{1,3}life|i\s{1,3}did\s{1,3}and\s{1,3}i'm\s{1,3}fine)"
)
ADVOCACY = re.compile(
    r"\b(?:faites|fais)\s{1,3}(?:pareil|comme\s{1,3}moi|la\s{1,3}meme|de\s{1,3}meme)"
    r"|\bje\s{1,3}(?:le\s{1,3}|vous\s{1,3}le\s{1,3}|te\s{1,3}le\s{1,3}|l')?(?:recommande|conseille)"
    r"|\bje\s{1,3}(?:vous|te)\s{1,3}(?:encourage|invite)|\b(?:vous|toi)\s{1,3}aussi\b"
    r"|\b(?:tu\s{1,3}verras|vous\s{1,3}verrez)|\bessayez\b|\bca\s{1,3}vaut\s{1,3}(?:la\s{1,3}peine"
    r"|le\s{1,3}coup)|\bn'hesitez\s{1,3}pas|\bpas\s{1,3}obligee?s?\b|\bcomme\s{1,3}quoi"
    r"|\btirez-en|\bla\s{1,3}preuve\s{1,3}que|\bne\s{1,3}serv\w{1,4}\s{1,3}a\s{1,3}rien"
    r"|\bempoisonn\w{1,5}|\bpoison\w{0,3}\b|\bon\s{1,3}vous\s{1,3}(?:ment|a\s{1,3}menti)"
    r"|\bbig\s{1,3}pharma|\bindustrie\s{1,3}pharmaceutique|\bfaites\s{1,3}confiance"
    r"|\bfais\s{1,3}confiance|\becoutez\s{1,3}votre|\ble\s{1,3}corps\s{1,3}sait"
    r"|\bla\s{1,3}nature\s{1,3}(?:l'a|fait|sait|est)|\byou\s{1,3}can\s{1,3}(?:too|do\s{1,3}it"
    r"|manage)|\bworth\s{1,3}(?:trying|a\s{1,3}try|it)|\blook\s{1,3}into|\bdon't\s{1,3}(?:believe"
    r"|listen\s{1,3}to)\s{1,3}(?:anyone|them|your|the)|\bne\s{1,3}croyez\s{1,3}pas"
    r"|\bdon't\s{1,3}let"
    r"\s{1,3}anyone|\bthose\s{1,3}who\s{1,3}say|\btrust\s{1,3}(?:your|in|her|his)"
    r"|\bi'd\s{1,3}(?:say|recommend|suggest)|\bi\s{1,3}recommend|\bpharmaceutical"
    r"|\bdon't\s{1,3}tell\s{1,3}you|\bkeeps?\s{1,3}you\s{1,3}(?:sick|dependent)"
    r"|\b(?:font|fait|does|do)\s{1,3}(?:le\s{1,3}meme\s{1,3}(?:travail|effet)|la\s{1,3}meme"
    r"\s{1,3}chose|pareil|the\s{1,3}same\s{1,3}(?:job|thing))|\bworks?\s{1,3}just\s{1,3}as"
    r"\s{1,3}well|\bthink\s{1,3}very\s{1,3}carefully|\bdon't\s{1,3}rush"
    r"|\bsuivez\s{1,3}(?:votre|vos|ton|ta)|\bsuis\s{1,3}ton\s{1,3}(?:instinct|intuition)"
    r"|\bgive\s{1,3}it\s{1,3}a\s{1,3}(?:go|try)|\bthat's\s{1,3}what\s{1,3}i'd\s{1,3}do"
    r"|\bthanks\s{1,3}to\s{1,3}(?:one|this|a|that|our|my)\s{1,3}(?:\w{1,12}\s{1,3})?(?:product"
    r"|drink|oil|formula|tincture|supplement)|\bgrace\s{1,3}a\s{1,3}(?:ce|un|une|cette|notre)"
    r"\s{1,3}(?:produit|huile|cure|formule)|\bthe\s{1,3}only\s{1,3}thing\s{1,3}that\s{1,3}(?:worked"
    r"|helped)|\bla\s{1,3}seule\s{1,3}chose\s{1,3}qui"
    r"|\bthe\s{1,3}only\s{1,3}option"
)
# A post correcting or reporting a claim, not making it.
DEBUNK = re.compile(
    r"\b(?:pretend\w{1,5}|affirment|l'idee|le\s{1,3}fait\s{1,3}qu|dire\s{1,3}que|disent\s{1,3}que"
    r"|pas\s{1,3}d'accord|desaccord|arnaque\w{0,2}|charlatans?|gourous?|mythe|fake|c'est\s{1,3}faux"
    r"|n'importe\s{1,3}quoi|mensonges?|aucune\s{1,3}preuve|(?<!moins\s)dangereu\w{1,3}|mortel\w{0,3}"
    r"|intoxi\w{1,8}|anti-?poison|the\s{1,3}idea|claim\w{0,3}|myth|nonsense|scam\w{0,2}|quacks?"
    r"|no\s{1,3}evidence|disagree|(?<!less\s)dangerous|poisoning|beware|attention\s{1,3}(?:au|aux|a)"
    r"|mefiez-vous|signale\w{0,2}|interdit\w{0,2}|you\s{1,3}(?:honestly\s{1,3}|really\s{1,3})?"
    r"(?:think|believe)|(?:who|qui)\s{1,3}(?:think|thinks"
    r"|believe|believes|pensent|croient|croit)|(?:pas|jamais)\s{1,3}(?:ete\s{1,3})?une\s{1,3}option"
    r"|(?:not|never)\s{1,3}an\s{1,3}option)"
)
_LEARNING_QUESTION = re.compile(
    r"\b(?:est-ce\s{1,3}qu\w{0,2}|quelqu'un|qqn|peut-on|on\s{1,3}peut|est-il\s{1,3}possible"
    r"|c'est\s{1,3}possible|vous\s{1,3}en\s{1,3}pensez|qu'en\s{1,3}pensez|faut-il|dois-je"
    r"|je\s{1,3}(?:peux|dois)|anyone|has\s{1,3}anyone|can\s{1,3}i|should\s{1,3}i|is\s{1,3}it"
    r"|do\s{1,3}i|what\s{1,3}do\s{1,3}you\s{1,3}think)\b"
)
_REPORTED = re.compile(
    r"\b(?:asking|asks|asked|wonder\w{0,3}|demande\w{0,2}|savoir)\s{1,3}(?:if|whether|si|s'il)\b"
    r"|\b(?:your|his|her|their|ton|son|sa|leur)\s{1,3}['\"«]?\s{0,2}(?:advice|conseils?|suggestion)"
)


def allowed(post: Post, start: int, end: int, form: str) -> bool:
    """The filters every kind of advice passes: no crisis, no correction, no doctor, no
    question asked to learn; a testimony needs something that sells the story."""
    sentence = post.sentence(start, end)
    if post.has(DEBUNK, *sentence) or post.has(_REPORTED, *sentence):
        return False
    if post.has(DOCTOR_SAFE, *sentence) and not post.has(DEFIANCE, *sentence):
        return False
    if post.is_question(start, end) and post.has(_LEARNING_QUESTION, *sentence):
        return False
    if form == "testimony":
        near = post.sentence(start, end, before=1, after=2)
        if not any(post.has(cue, *near) for cue in (REMEDY_RE, _OUTCOME, ADVOCACY, DEFIANCE)):
            return False
    # Last, as it runs the crisis rules on the whole post.
    return not post.crisis_near(start, end)

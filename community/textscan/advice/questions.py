"""Questions that incite ("pourquoi continuer à vous empoisonner ?"), and ones answered no."""

from __future__ import annotations

import re
from collections.abc import Iterator

from community.textscan.advice.cues import DEBUNK, DEFIANCE, DOCTOR_SAFE, allowed
from community.textscan.advice.kinds import REFUSE, STOP
from community.textscan.advice.post import TOKEN, Post
from community.textscan.normalize import Hit, all_matches, word_matches
from community.textscan.vocabulary import SURGERY, TREATMENT

# Each begins a word (read with `word_matches`): the look-behind says so, and turns the
# middle of words away before the long alternation is tried.
_INCITE = re.compile(
    r"(?<![\w])"
    r"(?:pourquoi\s{1,3}(?:continuer|continuez|vous\s{1,3}continuez|vous\s{1,3}prenez\s{1,3}encore"
    r"|prenez-vous|prendre\s{1,3}encore|vous\s{1,3}acceptez|acceptez-vous|vous\s{1,3}l'?\s?acceptez"
    r"|accepter|vous\s{1,3}empoisonner|s'empoisonner|garder|vous\s{1,3}injecter|vous\s{1,3}piquer"
    r"|ne\s{1,3}pas\s{1,3}(?:tester|essayer|arreter|faire\s{1,3}une\s{1,3}pause|tenter|vivre"
    r"|attendre"
    r"|laisser|refuser))|ce\s{1,3}qui\s{1,3}se\s{1,3}passerait\s{1,3}si"
    r"|what\s{1,3}would\s{1,3}happen"
    r"\s{1,3}if|(?:ose|oser|dared?|assez\s{1,3}(?:lucide|courageu\w{1,3}"
    r"|brave)\s{1,3}(?:[\w']{1,12}\s{1,3}){0,2}?pour)\s{1,3}(?:d'|de"
    r"\s{1,3}|to\s{1,3})?(?:arreter|refuser|dire\s{1,3}non|sauter|stop|quit|refuse)|peur\s{1,3}de"
    r"\s{1,3}(?:les|vous|te|le|la)\s{1,3}empoisonner|afraid\s{1,3}of\s{1,3}poisoning"
    r"|qu'est-ce\s{1,3}qui\s{1,3}(?:vous|t'|te)\s{0,2}(?:empeche|retient)"
    r"|qu'est-ce\s{1,3}que\s{1,3}(?:vous\s{1,3}attendez|tu\s{1,3}attends)\s{1,3}pour"
    r"|combien\s{1,3}de\s{1,3}temps\s{1,3}encore|a\s{1,3}quoi\s{1,3}bon\s{1,3}(?:vous|te|se)"
    r"|(?:avez-vous|as-tu|vous\s{1,3}avez|tu\s{1,3}as)\s{1,3}(?:deja\s{1,3}|jamais\s{1,3})?(?:essaye"
    r"|pense|songe)"
    r"\s{1,3}(?:de|d'|a)\s{0,3}(?:l'|les\s{1,3}|le\s{1,3}|la\s{1,3}|tout\s{1,3})?(?:arreter|vous"
    r"\s{1,3}en\s{1,3}passer|vivre\s{1,3}sans)|jamais\s{1,3}pense\s{1,3}a\s{1,3}(?:tout\s{1,3})?"
    r"arreter|(?:le|du)\s{1,3}courage\s{1,3}(?:d'|de\s{1,3})(?:arreter|dire\s{1,3}non|refuser)"
    r"|vous\s{1,3}trouvez\s{1,3}ca\s{1,3}normal\s{1,3}de\s{1,3}vous\s{1,3}(?:injecter|piquer)"
    r"|vous\s{1,3}(?:allez|faites)\s{1,3}(?:vraiment\s{1,3})?(?:piquer|vacciner|injecter)"
    r"|vous\s{1,3}croyez\s{1,3}vraiment\s{1,3}que|essayer\s{1,3}de\s{1,3}vivre\s{1,3}sans"
    r"|why\s{1,3}(?:would\s{1,3}anyone|would\s{1,3}you|do\s{1,3}you|are\s{1,3}you|are\s{1,3}people"
    r"|does\s{1,3}anyone|keep)\s{1,3}(?:all\s{1,3})?(?:still\s{1,3})?(?:keep\s{1,3})?(?:taking"
    r"|injecting|on|using|putting)|brave\s{1,3}enough\s{1,3}to|had\s{1,3}the\s{1,3}guts"
    r"|what's\s{1,3}stopping\s{1,3}you|what\s{1,3}is\s{1,3}stopping\s{1,3}you|isn't\s{1,3}it"
    r"\s{1,3}time\s{1,3}(?:we|you|to)|why\s{1,3}(?:you're|you\s{1,3}are|are\s{1,3}you)\s{1,3}still"
    r"\s{1,3}(?:on|taking|using|injecting)"
    # A challenge to all: "who's with me on giving up the methotrexate?", "qui relève le défi ?"
    r"|who's\s{1,3}with\s{1,3}me|qui\s{1,3}(?:releve|est\s{1,3}partant\w{0,2}\s{1,3}pour)"
    r"|let's\s{1,3}(?:all\s{1,3})?(?:do\s{1,3}it\s{1,3}together|quit|stop|ditch|give)|worth\s{1,3}(?:at\s{1,3}least\s{1,3})?trying\s{1,3}(?:[\w']{1,12}"
    r"\s{1,3}){0,4}without|understand\s{1,3}why\s{1,3}(?:anybody|anyone)\s{1,3}keeps"
    r"|why\s{1,3}(?:let\s{1,3}them\s{1,3})?(?:keep|continue)|pourquoi\s{1,3}(?:les\s{1,3})?laisser"
    r"|why\s{1,3}(?:are\s{1,3})?(?:we|we're|you're|are\s{1,3}you|people)\s{1,3}(?:still\s{1,3})?"
    r"(?:giving|taking|putting|injecting)|(?:wouldn't|won't|isn't)\s{1,3}(?:they|you|it|we|that)"
    r"\s{1,3}be\s{1,3}(?:so\s{1,3}much\s{1,3})?(?:better\s{1,3}off|kinder\s{1,3}to"
    r"|healthier\s{1,3}without)"
    r"|(?:thought\s{1,3}about|considered|thinking\s{1,3}about)\s{1,3}(?:skipping|stopping|quitting"
    r"|ditching|coming\s{1,3}off|refusing|replacing)|(?:try|tried|trying|essayer|tester)\s{1,3}"
    r"(?:coming\s{1,3}off|stopping|quitting|going\s{1,3}without|d'arreter|de\s{1,3}vous\s{1,3}en"
    r"\s{1,3}passer)\s{1,3}(?:[\w']{1,12}\s{1,3}){0,5}?(?:to\s{1,3}see|pour\s{1,3}voir)"
    r")"
)
_REFUSING = re.compile(r"refus|dire\s{1,3}non|say\s{1,3}no|vaccin")
_POISONED = re.compile(
    r"\s{1,3}(?:a|to)\s{1,3}(?:vous\s{1,3}|se\s{1,3}"
    r"|te\s{1,3})?(?:faire\s{1,3})?(?:empoisonn\w{1,4}"
    r"|intoxiqu\w{1,4}|droguer|poison\w{0,3})"
)
_INCITE_OBJECT = re.compile(
    rf"(?<![\w-])(?:{TREATMENT}|{SURGERY}|vaccin\w{{0,6}}|piquer|injecter|injectez)(?![\w])"
)
# A treatment named as a question, and answered: "Vaccin contre la grippe ? NON !!!"
_ANSWERED_NO = re.compile(
    rf"(?:{TREATMENT}|vacciner)[^.?!\n]{{0,80}}\?\s{{0,3}}(?:non|jamais|surtout\s{{1,3}}pas|never"
    r"|no\s{0,2}(?:way|!))\b(?!\s{0,3},?\s{0,3}(?:pas\s{1,3}encore|toujours\s{1,3}pas|pas"
    r"\s{1,3}eu|not\s{1,3}yet|j'ai|je|i))"
)
# The answer every match of _ANSWERED_NO holds, found fast from its question mark: most
# posts with a question have no such answer, and are spared the long search.
_ANSWER_NO = re.compile(r"\?\s{0,3}(?:no|jamais|surtout|never)")
_INCITE_KEYS = (
    "pourquoi", "qu'est-ce", "combien", "quoi bon", "essaye", "pense", "songe", "courage",
    "passerait", "happen", "ose", "dare", "assez", "empoisonn", "poisoning",
    "normal", "vraiment", "piquer", "vacciner", "injecter", "vivre sans", "why", "brave",
    "guts", "stopping", "time we", "time you", "time to", "with me", "releve", "partant",
    "let's", "worth", "understand", "laisser", "better", "kinder",
    "healthier", "thought", "consider", "thinking", "see", "voir",
)  # fmt: skip


def find_answered_no(post: Post) -> Iterator[Hit]:
    """A treatment named as a question that opens its sentence, answered no."""
    text = post.text
    if _ANSWER_NO.search(text):
        for match in all_matches(_ANSWERED_NO, text):
            first, _ = post.sentence(match.start(), match.start())
            opening = text[first : match.start()].strip(" \n\t-:")
            if len(TOKEN.findall(opening)) <= 2 and allowed(
                post, match.start(), match.end(), "urge"
            ):
                yield Hit("dangerous_advice", match.start(), match.end(), REFUSE)


def find_inciting_questions(post: Post) -> Iterator[Hit]:
    """A question that urges stopping or refusing a treatment named near it."""
    text = post.text
    if post.mentions(_INCITE_KEYS):
        for match in word_matches(_INCITE, text):
            start, end = match.span()
            near = post.sentence(start, end, before=1, after=1)
            if match.group().split()[-1] in ("continuer", "continuez", "garder", "accepter"):
                # "Pourquoi continuer ?" alone is despair; with the treatment it is a question,
                # and so it is with the poison it is said to be.
                poisoned = _POISONED.match(text, end)
                near = near if poisoned else (start, min(near[1], end + 80))
            if match.group().split()[-1] not in ("continuer", "continuez", "garder", "accepter"):
                near = post.sentence(start, end, before=2, after=1)
            treatment = post.has(_INCITE_OBJECT, *near)
            sentence = post.sentence(start, end)
            if not treatment or post.has(DEBUNK, *sentence):
                continue
            if post.has(DOCTOR_SAFE, *sentence) and not post.has(DEFIANCE, *sentence):
                continue
            if post.crisis_near(start, end):
                continue
            refusing = "vaccin" in text[near[0] : near[1]] or _REFUSING.search(match.group())
            detail = REFUSE if refusing else STOP
            yield Hit("dangerous_advice", start, end, detail)


# Each pattern runs only if one of its key words is in the post (the tests check them).
KEYED = ((_INCITE, _INCITE_KEYS), (_ANSWERED_NO, ("?",)))

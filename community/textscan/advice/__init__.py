"""Dangerous medical advice: stopping, refusing or replacing a treatment, chemicals, cures.

Urging others to stop, refuse or replace an essential treatment, to drink or inject
chemicals, or promising the cure of a chronic disease.

Not toxicity: a finding of its own, for the specialist moderator. Each hit's `detail` names
what the passage urges: "stop_treatment", "refuse_treatment", "replace_treatment",
"chemicals" or "cure_promise".

The urging comes in every form: an order ("arrête-la", "ditch them"), advice ("tu dois
arrêter ton insuline"), a testimony ("ma cousine a arrêté sa chimio et elle est guérie"),
a question that is an incitement ("pourquoi continuer à vous empoisonner avec l'insuline ?").
What is left alone: a decision taken with one's doctor, a question asked to learn, a post
correcting dangerous advice ("n'arrêtez jamais l'insuline sans avis médical"), side effects,
and someone stopping a treatment in order to die: that is a crisis (crisis/), and a
"dangerous advice" finding would only bury it.

Patterns run on folded text (normalize.py); every quantifier is bounded, and each family
of verbs runs only when one of its key words is in the text.

Each kind has its module: the verbs that stop or refuse (verbs.py, their form in forms.py,
whether they urge in judging.py), no more need of a treatment and replacing it
(replacement.py), chemicals (chemicals.py), cure promises (cures.py) and questions that
incite (questions.py). All read the post through post.py and pass the filters of cues.py;
the words they share with the spam rules are in vocabulary.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice

from community.textscan.advice import chemicals, cures, questions, replacement, verbs
from community.textscan.advice.judging import judge
from community.textscan.advice.kinds import CHEMICALS, CURE, REFUSE, REPLACE, STOP
from community.textscan.advice.post import Post
from community.textscan.advice.verbs import VERBS
from community.textscan.normalize import FoldedText, Hit, word_matches
from community.textscan.vocabulary import DISEASE as DISEASE_PATTERN

_MAX_VERBS = 500

# Each pattern runs only if one of its key words is in the post (the tests check them).
KEYED = (*verbs.KEYED, *cures.KEYED, *questions.KEYED, *replacement.KEYED, *chemicals.KEYED)


def _simple_hits(post: Post) -> Iterator[Hit]:
    yield from replacement.find_no_need(post)
    yield from replacement.find_replacements(post)
    yield from replacement.find_dismissals(post)
    yield from chemicals.find_chemicals(post)
    yield from cures.find_cure_promises(post)
    yield from questions.find_answered_no(post)
    yield from questions.find_inciting_questions(post)


def find_dangerous_advice(text: FoldedText, crisis: Sequence[Hit] | None = None) -> Iterator[Hit]:
    """Each passage of dangerous advice, as a "dangerous_advice" hit naming what it urges.

    `crisis`: the crisis rules' hits in the same text, when the caller has them already
    (advice near a crisis is left to the crisis); otherwise they are found if needed.
    """
    folded = text.folded
    post = Post(text, crisis)
    found: dict[tuple[int, int, str], Hit] = {}
    for verb in VERBS:
        if not post.mentions(verb.keys):
            continue
        # A post with thousands of "arrête" is hostile, or a novel: the first ones are
        # enough to send it to the specialist, and judging each costs a little.
        for match in islice(word_matches(verb.pattern, folded), _MAX_VERBS):
            # Each language's verbs judged only in posts that may be written in it (told
            # once a verb is found: most posts have none).
            if verb.lang not in post.languages:
                break
            hit = judge(post, verb, match)
            if hit:
                found.setdefault((hit.start, hit.end, hit.detail), hit)
    for hit in islice(_simple_hits(post), _MAX_VERBS):
        found.setdefault((hit.start, hit.end, hit.detail), hit)
    yield from sorted(found.values())


__all__ = [
    "CHEMICALS",
    "CURE",
    "DISEASE_PATTERN",
    "KEYED",
    "REFUSE",
    "REPLACE",
    "STOP",
    "find_dangerous_advice",
]

"""Whether a match counts: negated, asked, someone else's, reported, a joke, safe, or long past."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cached_property

from community.textscan.crisis.patterns import Cue, Rule
from community.textscan.crisis.prefilter import words_in
from community.textscan.normalize import word_matches

_CLAUSE_END = re.compile(
    r"[.!?;:,\n()\[\]«»\"“”]|\b(?:mais|but|car|because|et|and|puis|then|pourtant|however)\b"
)
SENTENCE_END = re.compile(r"[.!?;\n]")
NEGATOR = re.compile(
    r"(?<!que\s)(?<!si\s)\b(?:pas|jamais|aucune?|rien|ni|non|nullement|sans|not|never|no|nope|none"
    r"|nothing|cannot|nah|\w{1,8}n't)\b"
    r"(?!\s{1,3}(?:sais|sait|savais|sure|know|knew|d'autre|autre|other|seulement|only|que|mal|quoi"
    r"|comment|pourquoi|si|whether|if|just|mind)\b)"
    r"(?!\s{0,2}d'autres?\b)"
)
# Not a negation but its opposite: a thought the author cannot stop ("I can't stop thinking
# about ending it", "can't shake the thought of", "je n'arrive pas à chasser l'idée").
_PERSISTENT = re.compile(
    r"\b(?:can't|cannot|can not|couldn't|could not) (?:stop|help|shake|quit)\b"
    r"|\b(?:n'arrive|arrive|ne peux|peux) pas a (?:chasser|arreter|oublier)\b"
)
# A condition opens: what follows it up to the main clause is the condition's own.
_CONDITION = re.compile(r"\b(?:if|unless|si|s'il|s'ils)\b")
_FEAR = re.compile(
    r"\b(?:peur|crains|crainte|angoiss\w*|afraid|scared|fear|terrified|worried|worry|risque)\b"
)
# Someone else is the subject: "si tu as envie de…", "if you want to die…", "il veut…".
_OTHER_SUBJECT = re.compile(
    r"\b(?:tu|(?<!n')t|te|vous|il(?!\s{1,3}(?:faut|fallait|faudrait|y|est|etait|me))|elle|ils|elles"
    r"|on|you"
    r"|he|she|they"
    r"|someone|somebody|anyone(?!\s{1,3}else)|people|gens|ceux|celles|certains|certaines)\b"
    # A third person named by a noun: "her husband 'probably wanted to die'".
    r"|\b(?:her|his|their|sa|son|ses|leur|leurs) (?:husband|wife|partner|son|daughter|child|kid"
    r"|mum|mom|dad|mother|father|brother|sister|friend|boyfriend|girlfriend|mari|femme|fils"
    r"|fille|enfant|mere|pere|frere|soeur|ami|amie|copain|copine|compagnon|compagne)\b"
)
_ASKED = re.compile(
    r"\b(?:demande|demandent|demandaient|asked|asks|ask)\b(?:\s{1,3}\w+){0,6}\s{1,3}(?:si|s'"
    r"|whether|if)\b|\bquestionnaire\b"
)
# The author says they are safe: what is near it is not a crisis of now.
_SAFE = re.compile(
    r"\b(?:i'm safe|i am safe|je suis en securite|not in (?:any )?danger|pas en danger"
    r"|rassurez-vous|aucun danger)\b"
)
_REPORTED = re.compile(
    r"(?:j'ai (?:ecrit|dit)|quand je dis|quand j'ecris|i (?:wrote|said)|when i (?:say|said|wrote)"
    r"|ton post|ton message|toi qui|your post|qui disent"
    r"|\b(?:tu|vous|you|your|il|elle|she|he)\b)"
)
# Single quotes open a quotation only after a space ("'I'm a burden'"), and report someone
# else's words only right after whose they are: "your sad little 'I'm a burden' posts",
# "her husband 'probably wanted to die'".
_SINGLE_QUOTE_OPEN = re.compile(r"(?:^|\s)'[^']{0,80}$")
_QUOTED_OWNER = re.compile(
    r"\b(?:your|yours|ton|ta|tes|vos|votre|his|her|their|son|sa|ses|leur|he|she|they|il|elle"
    r"|ils|elles|you|tu|vous)\b(?:\s{1,3}[\w-]{1,20}){0,3}\s{0,3}$"
)
_JOKE = re.compile(
    r"humour noir|c'est (?:evidemment |juste )?une (?:facon de parler|blague)|je plaisante|\blol\b"
    r"|\bmdr\b|😂|🤣|\bhaha\b|\bjk\b|just kidding|joking"
)
_DENIED_AFTER = re.compile(r"[\s»\"”'?!.,…]{0,6}(?:non|no|nope|nah|jamais|never|pas du tout)\b")
# Told from the far past: recovery, not a crisis (unless the same sentence is recent).
_PAST = re.compile(
    r"\b(?:il y a (?:\d{1,2}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quelques|plusieurs) ans"
    r"|\d{1,2} ans (?:plus tot|sans|apres)|(?:deux|trois|quatre|cinq|six|sept|huit"
    r"|dix) ans (?:plus tot|sans|apres)"
    r"|years? ago|years? since|since my last|depuis ma derniere|ans sans|years? clean|clean from"
    r"|a long time ago|long ago|decades? ago|free for (?:\d{1,3}|a|one|two|three|four|five|six"
    r"|ten|twelve|eighteen) (?:days|weeks?|months?|years?)"
    r"|free of it|free from|clean of|(?:\d{1,3}|a|one|two|three|six|twelve|eighteen)"
    r" (?:months?|weeks?|years?) (?:clean|free)|(?:\d{1,3}|deux|trois|six|douze) mois sans"
    r" (?:me |m'|scarif|automutil|rechute)"
    r"|a \d{1,2} ans|quand j'avais|when i was|as a (?:teen|teenager|child|kid)|adolescente?"
    r"|from age"
    r"|pendant (?:des|deux|trois|\d{1,2}) (?:annees|ans)|for years|(?:me suis|j'ai) longtemps"
    r"|autrefois"
    r"|a l'epoque|at the time|used to|back in (?:19|20)\d\d|en (?:19|20)\d\d|in (?:19|20)\d\d"
    r"|l'an dernier|last year"
    r"|je pensais|je me disais|je croyais|j'avais (?:des|envie)|il y a longtemps"
    # A belief told as the past: "I was 24 and convinced", "j'étais persuadé d'être".
    r"|i was (?:\d{1,2}|convinced|sure|certain)|i (?:truly |really )?believed|j'avais \d{1,2} ans"
    r"|j'etais (?:persuadee?|convaincue?|sure|certaine?)"
    r"|that (?:year|winter|summer|spring|autumn|time)|back then|cette annee-la|cet hiver-la"
    # The habitual past of a recovery story: "I'd sit in the car thinking about…".
    r"|i'd (?:sit|lie|stand|spend|stare|drive)|i would (?:sit|lie|stand|spend|stare|drive)"
    r"|je passais (?:des heures|mes nuits|mes soirees)|je restais (?:des heures|assise?)"
    r"|a cette epoque)\b"
)
# A habit told with its dates is a past habit: "En 2019 je me suis fait du mal tous les
# soirs pendant des mois" (but "again", "ce soir", "rechute" stay recent).
_HABIT = re.compile(r"\b(?:tous les (?:jours|soirs)|chaque (?:jour|soir)|every night)\b")
_DATED = re.compile(
    r"\b(?:en (?:19|20)\d\d|in (?:19|20)\d\d|pendant des (?:mois|annees|semaines)|for months"
    r"|il y a (?:\d{1,2}|deux|trois|quatre|cinq|six|quelques|plusieurs) ans|years? ago)\b"
)
RECENT = re.compile(
    r"\b(?:ce soir|cette nuit|hier|ce matin|en ce moment|tous les (?:jours|soirs)|chaque (?:jour"
    r"|soir)"
    r"|encore|a nouveau|de nouveau|recommence\w*|rechute|again|tonight|last night|relapse\w*"
    r"|lately|every night)\b"
)

# One stretch of a post: how far apart the cues that add up, or a relative and what they
# did, may be.
WINDOW = 1200
_CONTEXT_REACH = 300


def recent(sentence: str) -> bool:
    """True if `sentence` tells of now, not of a past habit with its dates."""
    for match in RECENT.finditer(sentence):
        if not (_HABIT.fullmatch(match.group()) and _DATED.search(sentence)):
            return True
    return False


class Judge:
    """What decides whether a match found in `folded` counts."""

    def __init__(self, folded: str, sentence_ends: Sequence[int]) -> None:
        self.folded = folded
        self.ends = sentence_ends

    @cached_property
    def words(self) -> frozenset[str]:
        """The words the prefilters look for that the text holds (prefilter.words_in)."""
        return words_in(self.folded)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around [start, end), at most `_CONTEXT_REACH` either side."""
        index = bisect_right(self.ends, start - 1)
        begin = self.ends[index - 1] + 1 if index > 0 else 0
        stop_index = bisect_right(self.ends, end - 1)
        stop = self.ends[stop_index] if stop_index < len(self.ends) else len(self.folded)
        return max(begin, start - _CONTEXT_REACH), min(stop, end + _CONTEXT_REACH)

    def _sentence_before(self, begin: int) -> str:
        """The sentence that ends just before `begin`, at most `_CONTEXT_REACH` long."""
        index = bisect_right(self.ends, begin - 1)
        if index == 0:
            return ""
        stop = self.ends[index - 1]
        start = self.ends[index - 2] + 1 if index > 1 else 0
        return self.folded[max(start, stop - _CONTEXT_REACH) : stop]

    def clause_before(self, start: int) -> str:
        """The last words (at most four) of the clause that ends at `start`."""
        return " ".join(self._clause_piece(start).split()[-4:])

    def negated_before(self, start: int) -> bool:
        """A negator in the clause before `start`, but not one inside a condition: in "if
        the new drug doesn't work I'm not going on", "doesn't" belongs to the "if"."""
        piece = _PERSISTENT.sub(" ", self._clause_piece(start))
        conditions = list(_CONDITION.finditer(piece))
        if conditions:
            piece = piece[: conditions[-1].end()]
        return bool(NEGATOR.search(" ".join(piece.split()[-4:])))

    def _clause_piece(self, start: int) -> str:
        before = self.folded[max(0, start - 80) : start]
        return _CLAUSE_END.split(before)[-1]

    def accepts(self, rule: Rule | Cue, start: int, end: int) -> bool:
        folded = self.folded
        clause = self.clause_before(start)
        if getattr(rule, "negatable", True) and self.negated_before(start):
            return False
        if _ASKED.search(clause):
            return False
        if rule.open and _OTHER_SUBJECT.search(" ".join(clause.split()[-4:])):
            return False
        begin, stop = self.sentence(start, end)
        sentence = folded[begin:stop]
        if _ASKED.search(folded[begin:start]):
            return False
        if _DENIED_AFTER.match(folded, end) and _denial_ends(folded, end):
            return False
        if self.reported(begin, start):
            return False
        following = SENTENCE_END.split(folded[stop + 1 : stop + 120].lstrip(), maxsplit=1)[0]
        if _JOKE.search(sentence) or _JOKE.search(following):
            return False
        if _SAFE.search(folded, max(0, start - 200), end + 200):
            return False
        if _negated_after(clause, folded, end):
            return False
        if rule.avoid is not None and rule.avoid.search(sentence):
            return False
        if isinstance(rule, Rule):
            if rule.context is not None and not (
                rule.context.search(sentence)
                or (rule.context_before and rule.context.search(self._sentence_before(begin)))
            ):
                return False
            if rule.fearful and _FEAR.search(clause):
                return False
        if not rule.past:
            return True
        return not (_PAST.search(sentence) and not recent(sentence))

    def reported(self, begin: int, start: int) -> bool:
        """True if the match sits in quotation marks that report someone else's words
        ("toi qui dis « je veux que ça s'arrête »") or the author's own, taken back."""
        before = self.folded[begin:start]
        single = _SINGLE_QUOTE_OPEN.search(before)
        if single and _QUOTED_OWNER.search(before, max(0, single.start() - 60), single.start() + 1):
            return True
        opening = max(before.rfind("«"), before.rfind("“"))
        closing = max(before.rfind("»"), before.rfind("”"))
        if opening > closing:
            quote_at = opening
        elif before.count('"') % 2 == 1:
            quote_at = before.rfind('"')
        else:
            return False
        return bool(_REPORTED.search(before[max(0, quote_at - 60) : quote_at]))


_NE = re.compile(r"(?:^|\s)(?:ne|n')$|n'$")
_NEGATION_AFTER = re.compile(r"\s{1,3}(?:pas|jamais|plus|point|guere)\b")


def _negated_after(clause: str, folded: str, end: int) -> bool:
    """ "je ne me scarifie pas": "ne" before the match, "pas" right after it."""
    return bool(_NE.search(clause)) and bool(_NEGATION_AFTER.match(folded, end))


def _denial_ends(folded: str, end: int) -> bool:
    """ "Me suicider ? Non hein": the denial follows a question or a comma, not a new thought."""
    gap = folded[end : end + 8]
    return any(mark in gap for mark in '?,»"”') or gap.strip().startswith(("non", "no "))


# A post that repeats one crisis sentence thousands of times needs no more highlights
# than this for each rule; and no rule judges more candidates than this.
_MAX_HITS_PER_RULE = 20
_MAX_CANDIDATES_PER_RULE = 2000


def capped(judge: Judge, rule: Rule | Cue) -> Iterator[re.Match[str]]:
    """The matches of `rule` that `judge` accepts, within the caps above."""
    accepted = 0
    for index, match in enumerate(word_matches(rule.scanner, judge.folded)):
        if index >= _MAX_CANDIDATES_PER_RULE or accepted >= _MAX_HITS_PER_RULE:
            return
        if judge.accepts(rule, match.start(), match.end()):
            accepted += 1
            yield match

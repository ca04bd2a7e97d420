"""Suicidal thoughts in English: wanting to die, not wanting to live, burden, conditional ends."""

from __future__ import annotations

from community.textscan.crisis.patterns import H, Rule, S, rule
from community.textscan.crisis.words import DRUGS, PILLS

# Gone, in the words of a burden: "if I wasn't here", "if I just disappeared". "Wasn't"
# alone is not enough: "if I wasn't on my phone so much".
_GONE = (
    r"(?:went|was gone|were gone|died|disappeared|was dead|were dead|left for good|killed myself"
    r"|stepped (?:away|aside)|didn't exist|did not exist|no longer existed"
    r"|(?:wasn't|weren't|am not|was not|were not) (?:<1> )?(?:here|around|alive|there"
    r"|in the picture"
    r"|in their (?:way|lives))\b|(?:wasn't|weren't)(?=\s{0,2}(?:[.,;!?]|$)))"
)
RULES: list[Rule] = [
    rule(
        S,
        "kil",
        r"kil{1,2}(?:ing|ed)? my\s{0,3}self\b(?! (?:laughing|with laughter|at (?:work|the gym)"
        r"|working))",
    ),
    rule(S, "end", r"end(?:ing)? (?:it all|my (?:own )?life|things|it myself)\b"),
    # "I just want it all to stop. Forever." Not "I want the pain to stop".
    rule(
        S,
        "stop end over",
        r"(?:want|wanted|need|wish) (?:<1> )?(?:it all|everything|all of it|all this"
        r"|it) to (?:stop|end"
        r"|be over)\b(?=\s{0,3}(?:[.!,;]|$|forever\b|for good\b|permanently\b|for ever\b"
        r"|already\b|now\b))",
        open=True,
    ),
    # What little still holds one here: "the only thing keeping me here is my dog".
    rule(
        S,
        "keeping holding stopping",
        r"(?:only|last) (?:thing|things|reason|reasons|one|person|people) (?:that's |that is "
        r"|that are"
        r" )?(?:keeping|holding|stopping) me (?:here|alive|from (?:doing it|ending it|killing"
        r" myself|going through with it))\b",
    ),
    # A way of dying pictured: "I think about driving into a wall".
    rule(
        S,
        "driving crashing steering swerving jumping stepping walking throwing",
        r"(?:think|thinking|thought|imagine|imagining|picture|picturing|fantasi[sz]\w{1,4}|dream"
        r"|dreaming) (?:<2> )?(?:about |of )?(?:driving|crashing|steering|swerving|jumping|stepping"
        r"|walking|throwing myself) (?:<2> )?(?:into|off|in front of|under|over) (?:<2> )?(?:a|the"
        r"|an) (?:<2> )?(?:wall|tree|bridge|trains?|lorry|truck|bus|traffic|cliff|building|roof"
        r"|river|sea|tracks|oncoming|motorway|car park)\b",
    ),
    rule(S, "life", r"tak(?:e|es|ing|en) my (?:own )?life\b"),
    rule(
        S,
        "think thought",
        r"(?:think|thinks|thinking|thought|thoughts) <2> (?:about"
        r"|of) <1> (?:su[iy]{0,2}c{1,2}i{0,2}de?|kil{1,2}ing myself|ending (?:it|things|my life)"
        r"|dying)\b(?! (?:of|in|on|scene|prevention|rates?|awareness|film|movie|episode|squad"
        r"|bomb\w*|hotline|line|risk|statistics)\b)",
        open=True,
    ),
    # Said as a topic that will not go away: "suicide is on my mind a lot".
    rule(
        S,
        "mind head",
        r"(?:suicide|killing myself|ending it|ending it all|ending my life|taking my (?:own )?life)"
        r" (?:is|has been|'s been|was|keeps|kept) <2> (?:on|in|crossing|across) my (?:mind|head)\b",
    ),
    rule(
        S,
        "die",
        r"(?:want|wanna|wanted|ready|decided|going|wish) <2> (?:to )?die\b(?! (?:of|from|laughing"
        r"|in peace|at home|peacefully)\b)",
        open=True,
    ),
    rule(
        S,
        "die dead",
        r"(?:i'd|i would) (?:rather|sooner) (?:be dead|die)\b|wish i (?:was|were) dead\b"
        r"|better off dead\b",
        open=True,
    ),
    rule(
        S,
        "want",
        r"(?:don't|do not|never|no longer) (?:<1> )?want to (?:wake up|be alive|exist|be here"
        r"|go on|keep going|carry on|do this any\s?more|live\b(?! (?:in|with|near|there|here"
        r"|without|alone|on|like)\b)"
        r"|be around\b(?=\s{0,2}(?:[.,;!?]|$)|\s{1,3}(?:much longer|for much longer|any\s?more"
        r"|any longer|for long|for it|next year)\b))",
        open=True,
    ),
    # Not existing, wished or as the condition of others' relief.
    rule(
        S,
        "exist born disappear vanish",
        r"(?:if|that) i (?:<1> )?(?:didn't|did not|no longer|wouldn't|did n't) exist\b"
        r"|wish i (?:<1> )?(?:didn't exist|had never been born|was never born|wasn't born"
        r"|could (?:just )?(?:stop existing|not exist|disappear|vanish))\b",
        avoid=r"\b(?:as if|as though|like i)\b",
    ),
    rule(S, "enough living", r"(?:had|have) enough of (?:living|life|being alive)\b", open=True),
    rule(
        S,
        "suicidal",
        r"(?:i'm|i am|feel|feeling|felt|been|getting|get|become) (?:so |very |really |quite "
        r"|a bit )?suicidal\b",
    ),
    rule(
        S,
        "suicidal dark",
        r"(?:i|i've) <1> (?:have|had|get|been having|keep having) <2> (?:suicidal|dark"
        r"|black) (?:thoughts|ideation|feelings|urges)\b",
    ),
    rule(S, "suicidal", r"my suicidal (?:thoughts|ideation|feelings|urges)\b"),
    rule(S, "hang", r"(?:hang|hanging) myself\b"),
    rule(S, "note", r"suicide note\b"),
    rule(S, "wrist", r"(?:slit|slitting) my wrists\b"),
    # Cut wrists are self-harm whatever else they are: "slit" is suicide too (above).
    rule(H, "wrist", r"(?:cut|cutting|slit) my wrists\b(?! (?:on|by|while|accidentally)\b)"),
    rule(S, "better", r"better off dead\b", open=True),
    # "Without me" makes it the author's own, whoever is better off: "he'd be better off
    # without me", "every1 would be better off w/o me".
    rule(S, "better", r"better off (?:without|w/o|w/out) me\b"),
    rule(
        S,
        "better happier relieved easier simpler relief",
        r"(?:would|[a-z]{1,9}'d) (?:all |both )?(?:<1> )?(?:be|do|manage|cope|breathe|come out"
        r"|get on|sleep|rest) <2> (?:better|happier|relieved|easier|simpler|a relief|safer|freer"
        r"|lighter|ahead|fine) <3> (?:if i (?:<1> )?" + _GONE + r"|with me gone|without me"
        r"|w/o me|when i'm gone"
        r"|once i'm gone)",
    ),
    # The same thought with "easier" first: "how much easier it would be for him and the
    # kids if I wasn't here".
    rule(
        S,
        "better happier easier simpler lighter",
        r"(?:better|happier|easier|simpler|lighter) (?:<1> )?(?:it|life|things|everything)"
        r" (?:would|'d|will) be <5> (?:if i (?:<1> )?" + _GONE + r"|without me|with me gone"
        r"|once i'm gone|when i'm gone)",
    ),
    rule(
        S,
        "better",
        r"better for (?:everyone|everybody|all|the family|them|her|him|the kids|my \w+) if i"
        r" (?:<1> )?" + _GONE,
    ),
    rule(
        S,
        "life lives",
        r"(?:have|get|got) (?:a|his|her|their|our) (?:<1> )?li(?:fe|ves) (?:<1> )?(?:back|again)"
        r" <2> (?:without me|if i (?:<1> )?" + _GONE + r")",
    ),
    rule(
        S,
        "burden",
        r"(?:nothing but|only|just) a burden\b|(?:i'm|i am) <2> a burden\b|a burden (?:to"
        r"|on) (?:everyone|everybody|them|her|him|my)\b",
    ),
    rule(S, "weight", r"a weight (?:around|round|on) (?:everybody|everyone|their|my)\b"),
    rule(
        S, "carry picture", r"s(?:to|ot)p being something they have to carry\b|out of the picture\b"
    ),
    rule(S, "burden", r"stop being (?:a|such a|their|his|her) burden\b"),
    rule(S, "weight", r"(?:nothing but|just|only|i'm|i am) (?:<1> )?dead weight\b"),
    # What others would do once I am gone: "if I weren't here she could sell the house",
    # "if I was gone they could finally rest".
    rule(
        S,
        "could would",
        r"if i (?:<1> )?" + _GONE + r",? (?:<1> )?(?:she|he|they|we|everyone|everybody|the kids"
        r"|my \w+) (?:could|would|'d|might|can) (?:<2> )?(?:finally|rest|live|move on|be free"
        r"|breathe|relax|sell|start|get on|have a life|have a (?:real|normal|proper) life)\b",
    ),
    # Doing them a favour by going: "I'd be doing them a favour if I went".
    rule(
        S,
        "favour favor",
        r"(?:doing|do|did) (?:them|him|her|everyone|everybody|the family|my \w+) a (?:favour|favor)"
        r" (?:<1> )?(?:if i (?:<1> )?" + _GONE + r"|by (?:going|dying|disappearing|ending it))",
    ),
    # The best a parent, a partner could do: "the best thing I could do is not be around".
    rule(
        S,
        "best kindest",
        r"(?:best|kindest) thing i (?:could|can) do (?:<4> )?is (?:to )?(?:not be (?:here|around"
        r"|alive)|disappear|go|die|leave them|end it|kill myself)\b",
    ),
    rule(S, "living more", r"can't go on (?:living|any\s?more)\b", open=True),
    # Killing oneself in the words of the street: "topping myself", "doing myself in".
    rule(
        S,
        "top off topping offing doing finish finishing",
        r"(?:top|tops|topping|topped|off|offing|offed) (?:my|me)self\b(?! (?:up|off)\b)"
        r"|(?:do|doing|did) (?:my|me)self in\b|(?:finish|finishing) (?:my|me)self off\b",
        avoid=r"\b(?:topped (?:my|me)self up|top (?:my|me)self up)\b",
    ),
    rule(
        S,
        "ctb",
        r"ctb\b|catch the bus\b(?= (?:tonight|soon|for good)|\s{0,2}[.!]|$)",
        context=r"\b(?:want|going to|gonna|ready|decided|plan\w*|tonight|i'll|will)\b",
    ),
    rule(
        S,
        "living life alive existing",
        r"(?:done|finished) with (?:living|life|being alive"
        r"|existing)\b|(?:tired|sick|so done) (?:of )?existing\b",
        open=True,
    ),
    rule(
        S,
        "reason point",
        r"(?:no|any) (?:reason|point) (?:to|in) (?:live|living|go on|going on|being alive)\b",
        open=True,
    ),
    rule(
        S,
        "point",
        r"(?:don't|do not|can't|cannot|won't|couldn't) see (?:the|any) point (?:in|of) (?:carrying"
        r" on|going on|living|being alive|staying alive|being here|continuing|trying any\s?more"
        r"|waking up)\b(?! (?:with|to|at|the|this|that|my)\b)",
    ),
    rule(
        S,
        "do",
        r"(?:thought|thinking|plan|planned|worked out|figured out) <2> how (?:i'd|i would|i'll"
        r"|i will|to) do it\b",
    ),
    rule(S, "how", r"thought about how\b(?=\s{0,3}[.!])"),
    rule(S, "agree", r"tell me to die\b"),
    rule(
        S,
        "done here end kill matters that living going out terms dead existing around",
        r"(?:i'm done\b(?! with)|i am done\b(?! with)|that's it for me|i'll end it|i'm ending it"
        r"|i'll kill myself|i'm going to kill myself|i'll take matters into my own hands"
        r"|i'm going to take matters into my own hands|i'll end it all|i'll do it"
        r"|(?:that's me,? )?i'm out(?=\s{0,3}(?:[.!,;]|$))"
        r"|(?:i'll )?go on my own terms|i'll be dead (?:by|before|within)"
        r"|i'm going to stop existing|i'll stop existing"
        r"|(?:i'm not going to|i won't) be around\b(?! (?:at|on|this|next|tomorrow|today|until|till"
        r"|much (?:this|next))\b)"
        r"|don't know if i'll (?:still )?be here|i won't be here"
        r"|(?:i'm not going to|i am not going to|i'm not gonna|i won't|i will not) (?:<1> )?(?:keep"
        r"|go on|carry on) (?:living|going\b(?! (?:to|with|back|in|out)\b)))\b",
        context=r"\b(?:if|unless|when|one more|either|should)\b",
        context_before=True,
    ),
    # "I don't mean the licence. I mean me.": the end meant is one's own.
    rule(
        S,
        "mean",
        r"i mean (?:me|myself)\s{0,2}[.!]",
        context=r"\b(?:that's it|i'm out|i'm done|end|stop|if)\b",
        context_before=True,
    ),
    rule(
        S,
        "cry deadline",
        r"(?:it's|this is|it is) not a cry for help\b|(?:it's|it is) a deadline\b",
        context=r"\b(?:last|deadline|decided|promised|date|plan|end)\b",
        context_before=True,
    ),
    # An overdose said as what one will do: "if he leaves I'll take all my pills".
    rule(
        S,
        "take swallow down",
        rf"(?:i'll|i will|i'm going to|i am going to|i'm gonna|i'd|i could) (?:<1> )?(?:take"
        rf"|swallow|down) (?:all|every|the lot|the whole) (?:of )?(?:(?:my |the |those "
        rf"|these )?(?:<1> )?"
        rf"(?:{PILLS}|{DRUGS}|pill|tablet|box|bottle)|of them|them)\b(?! (?:with"
        rf"|in\b(?! the (?:house"
        rf"|flat|cupboard|drawer|cabinet))|into|on|to|for"
        rf"|before|after|at (?:breakfast|night|bedtime|the same)|every|each|as|along|back"
        rf"|together with)\b)",
        context=r"\b(?:if|unless|when|at once|in one go|tonight|then|in the house)\b",
    ),
]

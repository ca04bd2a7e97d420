"""Passive wishes in English: not waking up, being taken in one's sleep or by the illness,
a vehicle or a heart that would end it, stopping existing."""

from __future__ import annotations

from community.textscan.crisis.patterns import Rule, S, rule
from community.textscan.crisis.words import WISH

# What a disease is wished to do: hurry, win, take me.
_ILLNESS = (
    r"(?:cancer|tumou?rs?|disease|illness|ms|als|mnd|lupus|infection|virus|heart|kidneys|lungs"
    r"|liver|leukaemia|leukemia|sickness)"
)

RULES: list[Rule] = [
    rule(
        S,
        "wake",
        r"(?:won't|wouldn't|didn't|don't|not|never|no longer) (?:<1> )?wake up\b(?! (?:early|late"
        r"|in time|at|until|till|during|before|after|once|when|for|in the night|properly|on time"
        r"|with|in pain|feeling|sore|stiff|tired|because|screaming|sweating|to)\b)",
        open=True,
        context=WISH,
        fearful=True,
    ),
    # Falling asleep for ever: "go to sleep and stay asleep", "sleep and never wake up".
    rule(
        S,
        "asleep sleep drift",
        r"(?:go to sleep|goes to sleep|going to sleep|fall asleep|falling asleep|drift off|sleep)"
        r" (?:<1> )?(?:and (?:<1> )?(?:stay asleep|never wake up|not wake up|never wake|not wake"
        r"|never come back|not come back)|forever|for ever|for good)\b(?! (?:until|till|before"
        r"|after|in)\b)",
        context=WISH + r"|\b(?:i'd|i would|i'll|i will|i'm going to|want|wanna|like|love|nice)\b",
        fearful=True,
    ),
    # Wishing the illness would hurry: "I wish the cancer would just hurry up".
    rule(
        S,
        "hurry quick over win take finish kill get",
        r"(?:wish|wishes|wishing|hope|hopes|hoping|pray|prays|praying|want|wants|wanting)"
        r" (?:<1> )?(?:the|my|this) (?:<1> )?"
        + _ILLNESS
        + r" (?:would |will |to |could |'d )?(?:<1> )?(?:hurry(?: up)?|hurries|be quick|get it"
        r" over with|take me|takes me|finish me(?: off)?|finishes me|wins?|kill me|kills me|get"
        r" me|gets me)\b",
    ),
    rule(
        S,
        "sleep off back hit existing first god lord ran run knocked flattened killed took hits",
        r"(?:god|the lord|lord) <2> take me\b|take me in my sleep\b|(?:finish|finishes) me off\b"
        r"|not come back from it\b|(?:bus|car|lorry|truck|train) (?:hit|hits|ran over|runs over"
        r"|ran|took) me\b|stop existing\b|would go first\b|(?:got |get |was |were )?(?:hit"
        r"|run over|knocked (?:down|over)|flattened|killed) by a (?:bus|car|lorry|truck|train)\b",
        context=WISH,
    ),
    # Going in one's sleep, wished: "I wouldn't mind if my heart just stopped in my sleep".
    rule(
        S,
        "sleep",
        r"(?:died|die|dying|go|went|pass|passed away|slip away|slipped away|stopped|stop|stops)"
        r" (?:<2> )?in my sleep\b",
        open=True,
        context=WISH,
        fearful=True,
    ),
    rule(
        S,
        "disappointed gutted",
        r"(?:disappointed|gutted) (?:<2> )?(?:to (?:still )?(?:wake up|be alive|be here|still be"
        r" here)|(?:that )?i (?:woke up|(?:am|'m) still (?:here|alive|breathing))|(?:that )?i"
        r" (?:didn't|did not) die)\b(?! (?:with|at|early|late|in (?:pain|time)|on time|before"
        r"|to)\b)",
    ),
    rule(S, "disappear", r"(?:could|would|just) disappear\b", context=WISH),
    rule(
        S,
        "disappear dissapear vanish exist",
        r"wish i (?:<1> )?could (?:just )?(?:disappear|dissapear|dissappear|vanish|not exist)\b"
        r"|wish(?:ing)? i (?:wasn't|wasnt|weren't|was not|were not) (?:here|alive|around)\b"
        r"(?! (?:for|when|at|to|in|with|on)\b)|not (?:exsist|exist|existing) any\s?more\b",
    ),
    # Not minding to go: "I wouldn't be sorry if I nodded off in the chair and that was that".
    rule(
        S,
        "sorry mind care upset",
        r"(?:wouldn't|would not|won't|wouldnt) (?:be sorry|mind|care|be upset|be sad) (?:<2> )?if"
        r" (?:i|it|my heart|death) (?:<2> )?(?:nodded off|died|didn't wake|never woke|slipped away"
        r"|dropped dead|passed|went|came early|came sooner|stopped|gave out|packed in)\b",
    ),
    rule(
        S,
        "early soon",
        r"(?:fine|ok|okay|happy|glad|relieved) if (?:it|death|the end|my time) (?:came|comes"
        r"|come) (?:<1> )?(?:early|soon|sooner|now|tomorrow)\b",
    ),
    # The heart or the body wished to give up: "hoping my heart just quits on its own".
    rule(
        S,
        "heart body lungs liver kidneys kidney",
        r"(?:wish|wishing|hope|hoping|pray|praying|want) (?:<1> )?(?:that )?(?:my|the) (?:heart"
        r"|body|lungs|liver|kidneys?|transplant|graft) (?:<1> )?(?:would |will |to )?(?:just )?"
        r"(?:quits?|stops?|gives? (?:up|out)|packs? in|fails?|gives up on me)\b",
    ),
    rule(
        S,
        "breathing",
        r"(?:wish|wishing|hope|hoping) (?:<1> )?i(?:'d| had| would)? (?:<1> )?(?:stopped|stop"
        r"|just stop) breathing\b",
    ),
    # Not brought back: "wish they hadn't brought me back", "wish it had gone the other way".
    rule(
        S,
        "brought back revived resuscitated saved way",
        r"(?:wish|wishes|wished) (?:<1> )?(?:i|they|he|she|we) (?:hadn't|had not|never|had never)"
        r" (?:<1> )?(?:been )?(?:brought (?:me )?back|revived|resuscitated|saved)\b"
        r"|wish (?:it|things) had gone the other way\b",
    ),
    rule(
        S,
        "make",
        r"(?:hop\w{1,4}|pray\w{0,4}) (?:<1> )?(?:i|they) (?:don't|won't|do not|will not) make it"
        r" (?:to|past) (?:\d{2}|thirty|forty|fifty|sixty|christmas|next year|my \w+ birthday)\b",
        open=True,
    ),
    rule(S, "live", r"(?:wants?|want) to live more than i do\b"),
    # A vehicle wished to hit me: "if a truck cleaned me up I'd be relieved".
    rule(
        S,
        "cleaned wiped took mowed ploughed hit",
        r"(?:bus|car|lorry|truck|train|van|plane) (?:<1> )?(?:cleaned|wiped|took|mowed|ploughed"
        r"|hit|crashed) (?:<1> )?(?:me|into me)(?: (?:up|out|down))?\b|(?:plane|flight) (?:<2> )?"
        r"(?:crash\w{0,2}|went down|goes down)\b",
        context=WISH + r"|\bi'd be (?:relieved|glad|grateful|happy)\b",
    ),
    # A day named as the end: "the day I can't walk the dog is the day I go".
    rule(
        S,
        "day",
        r"(?:is|will be|that's) the day i (?:go|die|end it|leave|check out|kill myself|call it)\b",
    ),
    rule(
        S,
        "waking being",
        r"(?:can't|cannot|don't) see myself (?:<1> )?(?:waking up|being (?:here|around|alive)"
        r"|staying alive|surviving|lasting) (?:<3> )?(?:more|longer|past|after|beyond)\b",
    ),
    rule(
        S,
        "disappear",
        r"(?:want|wanna|wish|hope) (?:<2> )?(?:to )?disappear (?:forever|for good|for ever"
        r"|completely)\b",
        open=True,
    ),
]

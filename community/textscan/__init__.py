"""Flask-free text analysis: normalisation, personal data, crisis, spam and dangerous advice.

`scan(text)` folds the text once (normalize.py) and runs every detector on it; each hit
names what was found with a stable code and where, in folded offsets that
`FoldedText.span` turns back into the original's. Moderation weighs and explains the
hits; self data's scrubbing removes what they point at.
"""

from __future__ import annotations

from community.textscan.advice import find_dangerous_advice
from community.textscan.crisis import find_crisis
from community.textscan.normalize import FoldedText, Hit, fold, overlap_test
from community.textscan.personal_data import find_personal_data
from community.textscan.spam import find_spam

# Every code a hit may carry, by what it is about.
PERSONAL_DATA = ("email", "phone", "nir", "iban", "address", "birth_date", "full_name")
CRISIS = ("suicide", "self_harm", "relative_at_risk")
SPAM = ("sales", "promo_code", "recruitment", "private_contact", "miracle_cure", "repeated_links")
LINK = ("link",)
DANGEROUS_ADVICE = ("dangerous_advice",)


def scan(text: str) -> tuple[FoldedText, list[Hit]]:
    """The folded text and every hit of every detector in it."""
    folded = fold(text)
    crisis = list(find_crisis(folded))
    hits = [
        *find_personal_data(folded),
        *crisis,
        *find_spam(folded),
        # Advice near a crisis is the crisis's: the rules are not run twice for it.
        *find_dangerous_advice(folded, crisis),
    ]
    # "jean@free.fr" is an e-mail address, not also a link to free.fr.
    in_email = overlap_test((hit.start, hit.end) for hit in hits if hit.code == "email")
    hits = [
        hit
        for hit in hits
        if hit.code not in ("link", "repeated_links") or not in_email(hit.start, hit.end)
    ]
    return folded, hits


__all__ = [
    "CRISIS",
    "DANGEROUS_ADVICE",
    "LINK",
    "PERSONAL_DATA",
    "SPAM",
    "FoldedText",
    "Hit",
    "fold",
    "scan",
]

"""Personal data in a post: phones, e-mails, NIR, IBAN, addresses, birth dates, full names.

Full names count only when tied to a place, a workplace, a date or a diagnosis. Each kind
has its module; this one runs them all and settles where their findings overlap.

Every pattern runs on folded text (see normalize.py); names also look at the case of the
original (`FoldedText.original_slice`). Every quantifier is bounded, and the costly
patterns run only near what announces them (an "@", a "né le", a title, a first name),
so that a hostile 100 kB post costs linear time: no catastrophic backtracking.
"""

from __future__ import annotations

from collections.abc import Iterator

from community.textscan.normalize import FoldedText, Hit, overlap_test
from community.textscan.personal_data.addresses import find_addresses
from community.textscan.personal_data.dates import find_birth_dates
from community.textscan.personal_data.emails import find_emails
from community.textscan.personal_data.identifiers import find_ibans, find_nirs
from community.textscan.personal_data.names import find_full_names
from community.textscan.personal_data.phones import find_phones


def find_personal_data(text: FoldedText) -> Iterator[Hit]:
    """Phone numbers, e-mail addresses, NIR, IBAN, street addresses, dates of birth and
    full names tied to a place, a workplace, a date or a diagnosis in `text`."""
    folded = text.folded
    strong = [*find_ibans(folded), *find_nirs(folded)]
    yield from strong
    # Digits inside an IBAN or a NIR are a piece of it, not a phone number besides.
    inside_strong = overlap_test((hit.start, hit.end) for hit in strong)
    emails = list(find_emails(text))
    for hit in [*find_phones(folded), *emails, *find_addresses(text), *find_birth_dates(text)]:
        if not inside_strong(hit.start, hit.end):
            yield hit
    inside_email = overlap_test((hit.start, hit.end) for hit in emails)
    for hit in find_full_names(text):
        if not inside_email(hit.start, hit.end):
            yield hit


__all__ = ["find_personal_data"]

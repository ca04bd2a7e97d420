"""How long a space's posts usually wait for a moderator: the median delay to a first
decision over the last months, from the same spreads as the transparency pages.

Only a median drawn from at least the minimum count of decisions is given, as on those
pages; how many decisions it rests on is never said (it would tell how busy a space is).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from community.moderation.transparency import queries
from community.moderation.transparency.report import (
    delay_cells,
    delay_text,
    median_of,
    months_ending,
)

# The months the usual wait is drawn from, this one included: recent enough to say how
# the space works now, long enough for a small space to reach the minimum.
MONTHS = 3


@dataclass(frozen=True)
class UsualWait:
    minutes: int
    text: str  # "2 h 05 min"


def usual_waits(
    session: Session, *, space_ids: Collection[int], today: date, minimum: int
) -> dict[int, UsualWait]:
    """space id -> its usual wait, for the spaces with at least `minimum` posts decided in
    the last MONTHS months (the others are left out: too few decisions to say)."""
    firsts = [
        datetime.combine(first, datetime.min.time()) for first in months_ending(today, MONTHS)
    ]
    counts = queries.delay_counts(session, space_ids=space_ids, months=firsts)
    spreads: dict[int, dict[int, int]] = {}
    for (space_id, _month, _key), minutes, count in delay_cells(counts):
        spread = spreads.setdefault(space_id, {})
        spread[minutes] = spread.get(minutes, 0) + count
    waits = {}
    for space_id, spread in spreads.items():
        median, decided = median_of(spread)
        if decided >= max(minimum, 1):
            waits[space_id] = UsualWait(median, delay_text(median))
    return waits

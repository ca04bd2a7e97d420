"""What readers may see of the forums changed: announced in the same transaction.

The forums services announce each post made visible, hidden, or given a new published
text, and each thread whose visibility changed with its opening post (its replies follow
it), as the signal `visibility_changed`. Other domains listen without the forums knowing
them: search keeps its index exact through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from community import signals


@dataclass(frozen=True)
class Change:
    post_ids: tuple[int, ...] = ()
    thread_ids: tuple[int, ...] = ()  # every post of these threads


def announce(session: Session, *, posts: Iterable[int] = (), threads: Iterable[int] = ()) -> None:
    """Tell the listeners, before the caller's commit, so their writes join its transaction."""
    change = Change(tuple(posts), tuple(threads))
    if not (change.post_ids or change.thread_ids):
        return
    signals.visibility_changed.send(change, session=session)

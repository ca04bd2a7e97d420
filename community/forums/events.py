"""Who is told, in the same transaction, when what readers may see of the forums changes.

The forums services announce each post made visible, hidden, or given a new published
text, and each thread whose visibility changed with its opening post (its replies follow
it). Other domains listen without the forums knowing them: search keeps its index exact
through this (community/search/outbox.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Change:
    post_ids: tuple[int, ...] = ()
    thread_ids: tuple[int, ...] = ()  # every post of these threads


Listener = Callable[[Session, Change], None]
LISTENERS: list[Listener] = []


def on_visibility_change(listener: Listener) -> Listener:
    """Register a listener (usable as a decorator); called before the caller's commit."""
    if listener not in LISTENERS:
        LISTENERS.append(listener)
    return listener


def announce(session: Session, *, posts: Iterable[int] = (), threads: Iterable[int] = ()) -> None:
    change = Change(tuple(posts), tuple(threads))
    if not (change.post_ids or change.thread_ids):
        return
    for listener in LISTENERS:
        listener(session, change)

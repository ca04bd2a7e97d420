"""What readers may see of the forums changed: announced in the same transaction.

The forums services announce each post made visible, hidden, or given a new published
text, and each thread whose visibility changed with its opening post (its replies follow
it), as the signal `visibility_changed`. Other domains listen without the forums knowing
them: search keeps its index exact through it.

They also announce each post whose request for review they set or clear on a member's
or a moderator's behalf (an edit, a withdrawal, a take-down), as `review_changed`:
moderation keeps its queue through it. Publishing is moderation's own decision, which
keeps its queue itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from community import signals
from community.forums.models import Post


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


def review_changed(session: Session, *, post: Post) -> None:
    """Tell the listeners that the post's request for review was just set or cleared."""
    signals.review_changed.send(post, session=session)

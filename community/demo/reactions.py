"""The demo's reactions: members of each space thanked, said "moi aussi" to, or supported
some of its published posts, as readers of a real forum do."""

from __future__ import annotations

import random
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums import reactions
from community.forums.models import Post, PostStatus, ReactionKind, Thread

# Its own generator, so that adding reactions changes nothing seeded before them.
SEED = 2026 + 2
# About one post in three gets reactions, from one to three members of its space.
SHARE_REACTED = 0.35
KIND_WEIGHTS = {ReactionKind.THANKS: 5, ReactionKind.ME_TOO: 3, ReactionKind.SUPPORT: 2}


def seed_reactions(
    session: Session, *, threads: Sequence[tuple[str, Thread]], regulars: dict[str, list[Member]]
) -> int:
    """React to the published posts of these threads (slug of their space, thread); the
    number of reactions made."""
    rng = random.Random(SEED)
    space_of = {thread.id: slug for slug, thread in threads}
    posts = session.scalars(
        select(Post)
        .where(Post.thread_id.in_(space_of), Post.status == PostStatus.PUBLISHED)
        .order_by(Post.id)
    ).all()
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    made = 0
    for post in posts:
        if post.thread.status is not PostStatus.PUBLISHED or rng.random() > SHARE_REACTED:
            continue
        readers = [m for m in regulars[space_of[post.thread_id]] if m.id != post.author_id]
        for reader in rng.sample(readers, k=min(len(readers), rng.randint(1, 3))):
            kind = rng.choices(kinds, weights)[0]
            reactions.react(session, member=reader, post=post, kind=kind)
            made += 1
    return made

"""What the index holds of a post, and how the outbox and a rebuild bring it there."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, contains_eager, joinedload, object_session

from community.forums.models import Post, PostStatus, Thread
from community.forums.services import is_opening_post
from community.search import outbox
from community.search.backend import IndexedPost, SearchBackend
from community.search.text import language_of, plain_text

# Ids per IN list: well under SQLite's limit on bound parameters, few queries per batch.
_CHUNK = 500
# Posts per round trip when streaming the whole corpus for a rebuild or a check.
STREAM_BATCH = 1000


def indexed_post(post: Post, *, opening: bool | None = None) -> IndexedPost | None:
    """The post as the index holds it, or None when no reader may find it (the post or
    its thread not published).

    `opening` says whether the post opens its thread (it then carries the thread's
    title); callers that load many posts pass it, else it is asked of the database.
    """
    thread = post.thread
    if post.status is not PostStatus.PUBLISHED or thread.status is not PostStatus.PUBLISHED:
        return None
    if post.published_at is None:  # published posts always have one; mypy cannot know
        return None
    if opening is None:
        session = object_session(post)
        opening = session is not None and is_opening_post(session, post)
    body = plain_text(post.body_html)
    title = thread.title if opening else ""
    return IndexedPost(
        post_id=post.id,
        thread_id=thread.id,
        space_id=thread.space_id,
        title=title,
        body=body,
        author=post.author.pseudonym,
        published_at=post.published_at,
        language=language_of(f"{title} {body}"),
    )


def _opening_ids(session: Session, thread_ids: Iterable[int]) -> set[int]:
    """The id of each of these threads' opening post (its first, whatever its status)."""
    found: set[int] = set()
    wanted = sorted(set(thread_ids))
    for start in range(0, len(wanted), _CHUNK):
        found.update(
            session.scalars(
                select(func.min(Post.id))
                .where(Post.thread_id.in_(wanted[start : start + _CHUNK]))
                .group_by(Post.thread_id)
            )
        )
    return found


def _posts_of_threads(session: Session, thread_ids: Sequence[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(thread_ids), _CHUNK):
        found.update(
            session.scalars(
                select(Post.id).where(Post.thread_id.in_(thread_ids[start : start + _CHUNK]))
            )
        )
    return found


def _load_posts(session: Session, post_ids: Sequence[int]) -> list[Post]:
    """These posts with their thread and author, a few queries per thousand posts."""
    posts: list[Post] = []
    for start in range(0, len(post_ids), _CHUNK):
        posts.extend(
            session.scalars(
                select(Post)
                .options(joinedload(Post.thread), joinedload(Post.author))
                .where(Post.id.in_(post_ids[start : start + _CHUNK]))
            ).unique()
        )
    return posts


def apply_outbox(session: Session, backend: SearchBackend, *, limit: int) -> int:
    """Apply the oldest `limit` outbox rows to the index in one index commit, then delete
    them (flushed; the caller commits). Returns how many rows were applied: 0 when none
    wait, or when another process is applying them.

    Each post is read as it is now: indexed if a reader may find it, removed otherwise.
    If the backend fails (IndexBusy, a full disk …) the exception goes up and the rows
    stay, for the next run. If the process dies after the index commit and before the
    database commit, the rows are applied again next time, to the same result.
    """
    if not outbox.lock_appliers(session):
        return 0
    rows = outbox.take_batch(session, limit)
    if not rows:
        return 0
    post_ids = {row.post_id for row in rows if row.post_id is not None}
    thread_ids = sorted({row.thread_id for row in rows if row.thread_id is not None})
    post_ids |= _posts_of_threads(session, thread_ids)
    wanted = sorted(post_ids)
    posts = _load_posts(session, wanted)
    openings = _opening_ids(session, (post.thread_id for post in posts))
    upserts: list[IndexedPost] = []
    for post in posts:
        indexed = indexed_post(post, opening=post.id in openings)
        if indexed is not None:
            upserts.append(indexed)
    kept = {indexed.post_id for indexed in upserts}
    # Posts gone from the database altogether are removed too: nothing may find them.
    removals = [post_id for post_id in wanted if post_id not in kept]
    backend.apply(upserts, removals)
    outbox.done(session, [row.id for row in rows])
    return len(rows)


@dataclass(frozen=True)
class Rebuilt:
    indexed: int  # posts in the new index
    superseded: int  # outbox rows it made useless


def rebuild_index(
    session: Session, backend: SearchBackend, *, progress: Callable[[int], None] | None = None
) -> Rebuilt:
    """Replace the whole index with every findable post, built aside and swapped in.

    The outbox rows waiting when it starts are deleted (flushed; the caller commits): the
    database it reads already holds their changes. Rows written meanwhile stay for the
    worker, since the rebuild may have read those posts before they changed. If the
    rebuild fails, the old index keeps serving and the caller rolls back.
    """
    # Alone: a worker applying rows meanwhile could write an older reading of a post
    # over the new index (PostgreSQL; on SQLite, stop the worker first).
    outbox.lock_appliers(session, wait=True)
    superseded = outbox.pending_ids(session)
    indexed = backend.rebuild(all_indexable(session), progress=progress)
    outbox.done(session, superseded)
    return Rebuilt(indexed=indexed, superseded=len(superseded))


def _findable() -> Select[Post, int]:
    """Every post a reader may find, with the id of its thread's opening post, by id."""
    first = aliased(Post)
    opening_id = (
        select(func.min(first.id)).where(first.thread_id == Post.thread_id).scalar_subquery()
    )
    return (
        select(Post, opening_id)
        .join(Post.thread)
        .join(Post.author)
        .options(contains_eager(Post.thread), contains_eager(Post.author))
        .where(Post.status == PostStatus.PUBLISHED, Thread.status == PostStatus.PUBLISHED)
        .order_by(Post.id)
    )


def findable_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Post)
            .join(Post.thread)
            .where(Post.status == PostStatus.PUBLISHED, Thread.status == PostStatus.PUBLISHED)
        )
        or 0
    )


def findable_ids(session: Session) -> set[int]:
    return set(
        session.scalars(
            select(Post.id)
            .join(Post.thread)
            .where(Post.status == PostStatus.PUBLISHED, Thread.status == PostStatus.PUBLISHED)
        )
    )


def all_indexable(session: Session, *, batch: int = STREAM_BATCH) -> Iterator[IndexedPost]:
    """Every post a reader may find, as the index holds it, oldest first.

    Read by keyset, `batch` posts per query: a rebuild of 100,000 posts never holds a
    cursor open for minutes, nor every post in memory (the session keeps only weak
    references to objects nobody changed).
    """
    last_id = 0
    while True:
        chunk = session.execute(_findable().where(Post.id > last_id).limit(batch)).all()
        if not chunk:
            return
        for post, opening_id in chunk:
            indexed = indexed_post(post, opening=post.id == opening_id)
            if indexed is not None:
                yield indexed
        last_id = chunk[-1][0].id
        if len(chunk) < batch:
            return

"""Forum operations: threads and posts, and (from spaces.py) spaces, roles and memberships.
Each flushes; the caller commits.

Every new post and every edit is stored pending and seen by its author only; the
moderation queue (or, for the demo data, publish_post) makes it public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums import counters, events, follows, quotes
from community.forums.models import (
    Post,
    PostRevision,
    PostStatus,
    RevisionStatus,
    Space,
    Thread,
)
from community.forums.rendering import render_markdown

# Spaces, roles and memberships live in spaces.py; callers find every forum operation here.
from community.forums.spaces import (
    ForumError,
    create_association,
    create_space,
    grant_space_role,
    join_space,
    leave_space,
    revoke_space_role,
    update_space,
)
from community.kernel.clock import utcnow
from community.kernel.text import has_visible_text

__all__ = [
    "ForumError",
    "apply_revision",
    "create_association",
    "create_space",
    "edit_post",
    "grant_space_role",
    "is_opening_post",
    "join_space",
    "leave_space",
    "publish_post",
    "reply",
    "revoke_space_role",
    "start_thread",
    "submission",
    "unpublish_post",
    "update_space",
    "withdraw_post",
]

TITLE_MAX = 200
BODY_MAX = 20_000


# --- writing ---------------------------------------------------------------------------


def _check_body(body: str) -> str:
    body = body.strip()
    if not has_visible_text(body):
        raise ForumError("body_empty")
    if len(body) > BODY_MAX:
        raise ForumError("body_too_long")
    return body


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not has_visible_text(title):
        raise ForumError("title_empty")
    if len(title) > TITLE_MAX:
        raise ForumError("title_too_long")
    return title


def _pending_post(
    session: Session,
    *,
    thread: Thread,
    author: Member,
    body: str,
    now: datetime,
    submission_key: str | None = None,
) -> Post:
    """A new post, rendered once, waiting for a moderator."""
    post = Post(
        thread_id=thread.id,
        author_id=author.id,
        submission_key=submission_key,
        body_source=body,
        body_html=render_markdown(body),
        status=PostStatus.PENDING,
        created_at=now,
        status_changed_at=now,
        review_requested_at=now,
    )
    session.add(post)
    session.flush()
    return post


@dataclass(frozen=True)
class Submission:
    """What a writing form's one-time key says of the form just sent."""

    # The post this very form already stored, sent again with the same text (a dropped
    # connection, a double click): nothing new to store.
    earlier: Post | None
    # The key to store with the new post: None when there is none, or when another post
    # holds it (a form reused with another text, back then edited: a new post, never lost).
    key: str | None


def submission(
    session: Session, *, author: Member, submission_key: str | None, body: str
) -> Submission:
    """One query: whether this form stored a post already, and the key a new post keeps."""
    if not submission_key:
        return Submission(earlier=None, key=None)
    held = session.scalar(
        select(Post).where(Post.author_id == author.id, Post.submission_key == submission_key)
    )
    if held is None:
        return Submission(earlier=None, key=submission_key)
    if held.body_source == body.strip():
        return Submission(earlier=held, key=None)
    return Submission(earlier=None, key=None)


def start_thread(
    session: Session,
    *,
    author: Member,
    space: Space,
    title: str,
    body: str,
    submission_key: str | None = None,
) -> tuple[Thread, Post]:
    """Open a thread; it and its first post stay pending until a moderator publishes them.
    Its author follows it."""
    title = _check_title(title)
    body = _check_body(body)
    now = utcnow()
    thread = Thread(
        space_id=space.id,
        author_id=author.id,
        title=title,
        status=PostStatus.PENDING,
        created_at=now,
        last_activity_at=now,
    )
    session.add(thread)
    session.flush()
    post = _pending_post(
        session,
        thread=thread,
        author=author,
        body=body,
        now=now,
        submission_key=submission_key,
    )
    follows.follow_on_writing(session, member=author, thread=thread)
    return thread, post


def reply(
    session: Session,
    *,
    author: Member,
    thread: Thread,
    body: str,
    submission_key: str | None = None,
    quoting: Post | None = None,
    passage: str = "",
) -> Post:
    """Answer in a thread; the answer is pending until a moderator publishes it. Its author
    follows the thread from now on, unless they once stopped (follows). With `quoting` (a
    post quotes.quotable found), the answer quotes `passage` of it (quotes)."""
    if thread.status is not PostStatus.PUBLISHED and thread.author_id != author.id:
        raise ForumError("thread_not_open")
    body = _check_body(body)
    # Checked before anything is written: a refused quote leaves no reply behind.
    kept = quotes.checked_passage(quoting, passage) if quoting is not None else None
    now = utcnow()
    post = _pending_post(
        session,
        thread=thread,
        author=author,
        body=body,
        now=now,
        submission_key=submission_key,
    )
    if quoting is not None and kept is not None:
        quotes.attach_quote(session, post=post, source=quoting, passage=kept)
    follows.follow_on_writing(session, member=author, thread=thread)
    return post


def is_opening_post(session: Session, post: Post) -> bool:
    first_id = session.scalar(
        select(Post.id).where(Post.thread_id == post.thread_id).order_by(Post.id)
    )
    return first_id == post.id


def edit_post(
    session: Session,
    *,
    author: Member,
    post: Post,
    body: str,
    title: str | None = None,
    opening: bool | None = None,
) -> Post:
    """Change one's own post; the change waits for a moderator like a new post.

    An unpublished post is rewritten in place (its earlier text kept as history) and
    goes back to the queue. A published post stays as it is for everybody else; the
    new text is kept as a pending revision until a moderator accepts it. `opening`:
    whether the post opens its thread, when the caller knows it already (a query less).
    """
    if post.author_id != author.id:
        raise ForumError("not_author")
    if post.status is PostStatus.WITHDRAWN:
        raise ForumError("withdrawn")
    body = _check_body(body)
    if opening is None:
        opening = is_opening_post(session, post)
    thread = post.thread
    if title is not None:
        title = _check_title(title) if opening else None
    now = utcnow()
    html = render_markdown(body)
    post.review_requested_at = now
    if post.status is PostStatus.PUBLISHED:
        # One pending edit at a time: a newer one replaces the one still waiting.
        session.execute(
            update(PostRevision)
            .where(PostRevision.post_id == post.id, PostRevision.status == RevisionStatus.PENDING)
            .values(status=RevisionStatus.HISTORY)
        )
        session.add(
            PostRevision(
                post_id=post.id,
                title=title,
                body_source=body,
                body_html=html,
                status=RevisionStatus.PENDING,
                created_at=now,
            )
        )
    else:
        session.add(
            PostRevision(
                post_id=post.id,
                title=thread.title if opening else None,
                body_source=post.body_source,
                body_html=post.body_html,
                status=RevisionStatus.HISTORY,
                created_at=post.edited_at or post.created_at,
            )
        )
        post.body_source = body
        post.body_html = html
        post.status = PostStatus.PENDING
        post.status_changed_at = now
        if opening:
            thread.status = PostStatus.PENDING
            if title is not None:
                thread.title = title
        post.edited_at = now
    session.flush()
    events.review_changed(session, post=post)
    return post


def withdraw_post(session: Session, *, author: Member, post: Post) -> Post:
    """Delete one's own post: hidden from everyone, the row kept.

    Withdrawing a thread's opening post withdraws the thread.
    """
    if post.author_id != author.id:
        raise ForumError("not_author")
    if post.status is PostStatus.WITHDRAWN:
        return post
    _take_down(session, post, PostStatus.WITHDRAWN)
    session.flush()
    return post


def _take_down(session: Session, post: Post, status: PostStatus) -> None:
    """Hide a post as `status`, nothing left waiting on it, the counters following; an
    opening post takes its thread with it."""
    was_published = post.status is PostStatus.PUBLISHED
    opening = is_opening_post(session, post)
    post.status = status
    post.status_changed_at = utcnow()
    post.review_requested_at = None  # nothing left for a moderator to decide
    thread = post.thread
    counters.post_taken_down(
        session, thread=thread, status=status, was_published=was_published, opening=opening
    )
    events.announce(session, posts=[post.id], threads=[thread.id] if opening else [])
    events.review_changed(session, post=post)


def publish_post(session: Session, *, post: Post, at: datetime | None = None) -> Post:
    """Make a pending post visible, with its thread if it opens one.

    Called by moderation once a moderator approves, and by the demo data; never by a
    member's own action.
    """
    if post.status is PostStatus.PUBLISHED:
        return post
    at = at or utcnow()
    thread = post.thread
    # Asked before any change, so that its query flushes nothing half-done.
    opened = thread.status is not PostStatus.PUBLISHED and is_opening_post(session, post)
    post.status = PostStatus.PUBLISHED
    post.published_at = at
    post.status_changed_at = at
    post.review_requested_at = None
    # The counters move in SQL; with an opening post, its replies become findable too.
    counters.post_published(session, thread=thread, at=at, opened=opened)
    events.announce(session, posts=[post.id], threads=[thread.id] if opened else [])
    session.flush()
    return post


# --- what moderation does to a published post ------------------------------------------


def apply_revision(session: Session, *, post: Post, revision: PostRevision) -> Post:
    """Publish an accepted edit: its text (and title, for an opening post) replace the
    published ones, which are kept as a history revision.

    The body_html comes from the revision, rendered once when the author wrote it.
    """
    thread = post.thread
    now = utcnow()
    session.add(
        PostRevision(
            post_id=post.id,
            title=thread.title if revision.title else None,
            body_source=post.body_source,
            body_html=post.body_html,
            status=RevisionStatus.HISTORY,
            created_at=post.edited_at or post.published_at or post.created_at,
        )
    )
    post.body_source = revision.body_source
    post.body_html = revision.body_html
    post.edited_at = revision.created_at
    if revision.title:
        thread.title = revision.title
    # Not pending any more: what it proposed is now the published text.
    revision.status = RevisionStatus.HISTORY
    post.status_changed_at = now
    events.announce(session, posts=[post.id])
    session.flush()
    return post


def unpublish_post(session: Session, *, post: Post) -> Post:
    """Take a published post down after a report: seen by its author only, as refused.

    The counters follow, as when an author withdraws a post; taking an opening post down
    takes its thread down. A proposed edit still waiting has nothing left to change, so
    it is kept as history, and nothing waits for a moderator any more.
    """
    if post.status is not PostStatus.PUBLISHED:
        return post
    session.execute(
        update(PostRevision)
        .where(PostRevision.post_id == post.id, PostRevision.status == RevisionStatus.PENDING)
        .values(status=RevisionStatus.HISTORY)
        .execution_options(synchronize_session=False)
    )
    _take_down(session, post, PostStatus.REJECTED)
    session.flush()
    return post

"""Quoting: a reply that quotes a passage of a published post of its thread. Flushes; the
caller commits.

The passage is kept as the quoted author wrote it (the member may only shorten it, never
change its words), with a reference to the post it comes from, so that the page shows it
only while that post still says it (PostQuote.state).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from community.forums import queries
from community.forums.models import Post, PostQuote, PostStatus, Thread
from community.forums.passages import find_passage
from community.forums.rendering import render_markdown
from community.forums.spaces import ForumError
from community.kernel.text import has_visible_text


def quotable(session: Session, *, thread: Thread, post_id: int | None) -> Post | None:
    """The post of this thread that may be quoted under this id: published, in a published
    thread (the same as the reply's, so whoever reads the reply may read it); else None."""
    if post_id is None:
        return None
    post = queries.post_by_id(session, post_id=post_id)
    if (
        post is None
        or post.thread_id != thread.id
        or post.status is not PostStatus.PUBLISHED
        or thread.status is not PostStatus.PUBLISHED
    ):
        return None
    return post


def checked_passage(source: Post, passage: str) -> str:
    """The passage in the quoted author's own words, taken from their text: ForumError
    "quote_empty" when nothing is kept, "quote_changed" when its words are not theirs."""
    if not has_visible_text(passage):
        raise ForumError("quote_empty")
    span = find_passage(source.body_source, passage)
    if span is None:
        raise ForumError("quote_changed")
    return source.body_source[span[0] : span[1]]


def attach_quote(session: Session, *, post: Post, source: Post, passage: str) -> PostQuote:
    """Join to a new reply what it quotes (checked_passage first: nothing is half-written)."""
    quote = PostQuote(
        post_id=post.id,
        quoted_post_id=source.id,
        passage_source=passage,
        passage_html=render_markdown(passage),
    )
    session.add(quote)
    session.flush()
    return quote

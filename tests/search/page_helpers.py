"""Helpers of the search page's tests: a site with a real search engine, and reading results."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums import services
from community.forums.models import Post, Space, Thread
from community.search.backend import backend
from community.search.indexing import apply_outbox
from tests.conftest import PG_URL, app_for, make_config

_RESULT_LINK = re.compile(r'<a class="thread-title" href="([^"]*)#message-(\d+)"')


# The engines the page's tests run against: whoosh always, and on PostgreSQL its own.
ENGINES = ["whoosh", "postgresql"] if PG_URL else ["whoosh"]
# The queries an engine adds to a results page: none for whoosh (an index on disk); for
# PostgreSQL's, the words' tsqueries, the search and the page's excerpts, whatever the
# number of hits (and the planner's estimate of the total past its match budget).
ENGINE_QUERIES = {"whoosh": 0, "postgresql": 3}


def search_app(tmp_path: Path, engine: str = "whoosh", **overrides: Any) -> Iterator[Flask]:
    """The site with a real search engine (whoosh with an index of its own in tmp_path,
    or PostgreSQL's), in an app context."""
    config = make_config(SEARCH_BACKEND=engine, SEARCH_INDEX_DIR=str(tmp_path / "ix"), **overrides)
    with app_for(config) as application, application.app_context():
        yield application


def index_now(session: Session) -> None:
    """What the worker does after each commit: the outbox applied to the index."""
    while apply_outbox(session, backend(), limit=500):
        session.commit()
    session.commit()


def published_thread(
    session: Session,
    author: Member,
    space: Space,
    title: str,
    body: str,
    *,
    at: datetime | None = None,
) -> tuple[Thread, Post]:
    services.join_space(session, member=author, space=space)
    thread, post = services.start_thread(
        session, author=author, space=space, title=title, body=body
    )
    services.publish_post(session, post=post, at=at)
    session.commit()
    return thread, post


def published_reply(
    session: Session, author: Member, thread: Thread, body: str, *, at: datetime | None = None
) -> Post:
    services.join_space(session, member=author, space=thread.space)
    post = services.reply(session, author=author, thread=thread, body=body)
    services.publish_post(session, post=post, at=at)
    session.commit()
    return post


def result_ids(html: str) -> list[int]:
    """The post ids the results page links to, in order."""
    return [int(post_id) for _url, post_id in _RESULT_LINK.findall(html)]


def result_links(html: str) -> list[str]:
    """The results' links, anchors included."""
    return [f"{url}#message-{post_id}" for url, post_id in _RESULT_LINK.findall(html)]

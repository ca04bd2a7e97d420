"""Helpers of the outbox, exactness and reindex tests: a small forum, its moderator, and
what the worker and a reader's search do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums import services as forums
from community.forums.models import Membership, Post, Space, SpaceRoleKind, Thread
from community.kernel.clock import utcnow
from community.moderation.model.scorers import NullScorer
from community.moderation.models import SpacePolicy
from community.moderation.queue import services as moderation
from community.moderation.reports import services as reports
from community.moderation.scoring.services import claim_batch, score_batch
from community.search.backend import SearchQuery, Sort, backend
from community.search.jobs import index_search_once
from community.search.models import SearchOutbox
from tests.conftest import app_in_context, make_config
from tests.forums import helpers as h

PASSWORD = "correct horse battery"  # tests.forums.helpers.member's


@contextmanager
def whoosh_site(
    request: pytest.FixtureRequest, tmp_path: Path, **overrides: Any
) -> Iterator[Flask]:
    """The site with a whoosh index of its own in tmp_path, in an app context."""
    settings: dict[str, Any] = {
        "SEARCH_BACKEND": "whoosh",
        "SEARCH_INDEX_DIR": str(tmp_path / "ix"),
        **overrides,
    }
    with app_in_context(request, make_config(**settings)) as application:
        yield application


class Forum:
    """A public diabetes space with its moderator, and members who write in it."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.space: Space = h.space(session, "diabete")
        self.moderator: Member = h.member(session, "Moderatrice")
        forums.grant_space_role(
            session, space=self.space, member=self.moderator, kind=SpaceRoleKind.MODERATOR
        )
        session.commit()

    def member(self, pseudonym: str) -> Member:
        who = h.joined(self.session, h.member(self.session, pseudonym), self.space)
        self.session.commit()
        return who

    def thread(self, author: Member, title: str, body: str) -> tuple[Thread, Post]:
        """A thread published by the moderator, committed."""
        thread, first = forums.start_thread(
            self.session, author=author, space=self.space, title=title, body=body
        )
        moderation.approve(self.session, moderator=self.moderator, post=first)
        self.session.commit()
        return thread, first

    def reply(self, author: Member, thread: Thread, body: str) -> Post:
        post = forums.reply(self.session, author=author, thread=thread, body=body)
        moderation.approve(self.session, moderator=self.moderator, post=post)
        self.session.commit()
        return post

    def trust(self, who: Member) -> None:
        """Let `who`'s clean posts be published at once by the scoring worker."""
        membership = self.session.get(Membership, (who.id, self.space.id))
        assert membership is not None
        membership.trusted_at = utcnow()
        membership.trusted_by_id = self.moderator.id
        self.session.add(
            SpacePolicy(space_id=self.space.id, thresholds={}, auto_publish_trusted=True)
        )
        self.session.commit()

    def score(self) -> None:
        """The scoring worker's batch, left uncommitted for the caller (the worker commits
        its claim first; here a rollback undoes both, to be tried again)."""
        posts = claim_batch(self.session, owner="test", size=10, lease_seconds=60)
        score_batch(self.session, posts=posts, scorer=NullScorer(), owner="test")

    def report(self, reporter: Member, post: Post) -> None:
        reports.report_post(self.session, reporter=reporter, post=post, reason_code="hostile")
        self.session.commit()

    def unpublish(self, post: Post) -> None:
        """The moderator takes a reported post down (uncommitted)."""
        moderation.unpublish(
            self.session, moderator=self.moderator, post=post, reason_code="hostile"
        )


def outbox_rows(session: Session) -> list[tuple[int | None, int | None]]:
    """(post id, thread id) of every row waiting, oldest first."""
    return [
        (row.post_id, row.thread_id)
        for row in session.scalars(select(SearchOutbox).order_by(SearchOutbox.id))
    ]


def clear_outbox(session: Session) -> None:
    session.query(SearchOutbox).delete()
    session.commit()


def run_worker(app: Flask, session: Session) -> int:
    """What the worker loop does for search, in its own transactions, as after a commit."""
    session.commit()
    applied = index_search_once(app)
    session.expire_all()
    return applied


def found(text: str, space: Space, *, sort: Sort = Sort.RELEVANCE) -> list[int]:
    """The post ids a search of `text` in `space` finds, best first (first page of 100)."""
    page = backend().search(
        SearchQuery(text=text, space_ids=frozenset({space.id}), sort=sort, per_page=100)
    )
    return list(page.post_ids)

"""The search benchmark's approval part: from a moderator's approval to a findable post.

A real app whose index is a copy of the built one: on SQLite with a copy of the whoosh
folder (`whoosh_config`), or on a PostgreSQL database made from the bench database
(search_postgresql.approval_copy), with pending
replies in a thread of the big space, each carrying a word of its own. For each reply:
moderation.queue.services.approve and commit; the worker's search step
(community.search.jobs.index_search_once); then a second app, standing for a web process
with its own backend (and warm searchers), searches the reply's word until the reply comes up.
Called by bench/search.py, which prints the figures.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

from search_corpus import BIG_SPACE, SPACES, WORK

from community.search.backend import IndexedPost, SearchQuery

ALL_SPACES = frozenset(space_id for space_id, *_ in SPACES)


def whoosh_config(source: Path) -> dict[str, object]:
    """An app on SQLite whose whoosh index is a copy of the one built in `source`."""
    folder = WORK / "approval"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    shutil.copytree(source, folder / "index")
    print(f"\n(index copied for the approvals in {time.perf_counter() - started:.1f} s)")
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'approval.sqlite'}",
        "SEARCH_BACKEND": "whoosh",
        "SEARCH_INDEX_DIR": str(folder / "index"),
    }


def approvals(
    corpus: list[IndexedPost], count: int, engine: dict[str, object]
) -> dict[str, list[float]]:
    """Milliseconds per reply for each step ("commit", "worker", "visible", "total");
    a reply not found within 10 s counts 10 s in "visible" and is reported in "missed"."""
    from datetime import timedelta

    from sqlalchemy import insert, select, text

    from community import create_app
    from community.accounts.models import Member
    from community.extensions import db
    from community.forums import services as forums
    from community.forums.models import (
        Association,
        Membership,
        Post,
        PostStatus,
        Space,
        SpaceRole,
        SpaceRoleKind,
        Thread,
    )
    from community.forums.rendering import render_markdown
    from community.kernel.clock import utcnow
    from community.moderation.queue import services as moderation
    from community.search import jobs as search_jobs
    from community.search.backend import backend

    config = {
        "SECRET_KEY": "bench",
        "SELFDATA_KEYS": "k3yFdvbDH7rFNmQ2BRyKsdUjd9Hh0FzBMGlPRHk2yLU=",
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": False,
        "SITE_URL": "http://127.0.0.1",
        **engine,
    }
    worker_app = create_app(config)  # the worker process
    web_app = create_app(config)  # a web process: its own backend, its own searcher
    now = utcnow()
    # Ids after the corpus's, so that only the approved replies can match their words.
    first_post_id = max(p.post_id for p in corpus) + 1
    thread_id = max(p.thread_id for p in corpus) + 1
    with worker_app.app_context():
        db.create_all()
        session = db.session()
        association = Association(slug="asso", name="Association")
        session.add(association)
        session.flush()
        for space_id, slug, _share, _topic in SPACES:
            session.add(Space(id=space_id, slug=slug, name=slug, association_id=association.id))
        session.execute(
            insert(Member),
            [
                {
                    "pseudonym": f"membre{i}",
                    "pseudonym_key": f"membre{i}",
                    "email": f"m{i}@example.org",
                    "email_key": f"m{i}@example.org",
                    "password_hash": f"$argon2id$bench${i:08d}",
                    "charter_accepted_at": now,
                    "privacy_accepted_at": now,
                    "created_at": now,
                    "password_changed_at": now,
                }
                for i in range(20)
            ],
        )
        members = list(session.scalars(select(Member).order_by(Member.id)))
        moderator_id = members[0].id
        session.add(
            SpaceRole(member_id=moderator_id, space_id=BIG_SPACE, kind=SpaceRoleKind.MODERATOR)
        )
        for member in members:
            session.add(Membership(member_id=member.id, space_id=BIG_SPACE, joined_at=now))
        thread = Thread(
            id=thread_id,
            space_id=BIG_SPACE,
            author_id=members[1].id,
            title="Vos astuces pour le sport",
            status=PostStatus.PUBLISHED,
            created_at=now - timedelta(days=1),
            last_activity_at=now - timedelta(days=1),
            post_count=1,
        )
        session.add(thread)
        body = "Comment gérez-vous l’insuline au sport ?"
        session.add(
            Post(
                id=first_post_id,
                thread_id=thread_id,
                author_id=members[1].id,
                body_source=body,
                body_html=render_markdown(body),
                status=PostStatus.PUBLISHED,
                created_at=now - timedelta(days=1),
                published_at=now - timedelta(days=1),
                status_changed_at=now - timedelta(days=1),
            )
        )
        session.flush()
        if session.get_bind().dialect.name == "postgresql":
            # Ids given above: the sequences must go on after them, as SQLite's do.
            for table, column in (("post", "id"), ("thread", "id"), ("space", "id")):
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "  # noqa: S608
                        f"(SELECT max({column}) FROM {table}))"
                    )
                )
        rng = random.Random(30)
        pending: list[tuple[int, str]] = []
        for i in range(count):
            # A word of its own in each reply (consonants only: no stemmer touches it).
            marker = "zq" + "".join(rng.choice("bcdfghjklmnpqrtvwxz") for _ in range(8))
            post = forums.reply(
                session,
                author=members[2 + i % 18],
                thread=thread,
                body=f"Le sport avec une pompe, {marker} : je baisse le débit avant la séance.",
            )
            pending.append((post.id, marker))
        session.commit()
    with web_app.app_context():  # the web process has searched before: its searcher is open
        backend().search(SearchQuery(text="sport", space_ids=ALL_SPACES))
    steps: dict[str, list[float]] = {"commit": [], "worker": [], "visible": [], "total": []}
    missed = 0
    for post_id, marker in pending:
        with worker_app.app_context():
            session = db.session()
            post = session.scalars(select(Post).where(Post.id == post_id)).one()
            moderator = session.scalars(select(Member).where(Member.id == moderator_id)).one()
            t0 = time.perf_counter()
            moderation.approve(session, moderator=moderator, post=post)
            session.commit()
            t1 = time.perf_counter()
            db.session.remove()
        search_jobs.index_search_once(worker_app)
        t2 = time.perf_counter()
        found = False
        with web_app.app_context():
            while time.perf_counter() - t2 < 10:
                page = backend().search(SearchQuery(text=marker, space_ids=ALL_SPACES))
                if post_id in page.post_ids:
                    found = True
                    break
                time.sleep(0.002)
        t3 = time.perf_counter()
        missed += not found
        for name, ms in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            steps[name].append(ms * 1000)
        time.sleep(0.1)
    steps["missed"] = [float(missed)]
    return steps

"""The counters the space and thread pages show follow every publication and take-down,
however many moderators approve at once, and `check-counters` finds (and mends) any
that went wrong."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from community.accounts.models import Member
from community.extensions import db
from community.forums import counters, services
from community.forums.models import Post, Space, SpaceRoleKind, Thread
from community.moderation.queue import services as moderation
from tests.forums import helpers as h


def _counts(session, space: Space, *threads: Thread) -> tuple[int, ...]:
    h.fresh(session)
    return (space.thread_count, space.post_count, *(thread.post_count for thread in threads))


def test_the_counters_follow_a_thread_through_its_life(session):
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    lea = h.member(session, "Lea")
    opened, first = h.thread(session, camille, diabetes, published=False)
    early = h.reply(session, camille, opened, "Ajout de l’autrice", published=False)
    assert _counts(session, diabetes, opened) == (0, 0, 0)

    services.publish_post(session, post=early)  # a reply before its thread: not seen yet
    session.commit()
    assert _counts(session, diabetes, opened) == (0, 0, 1)
    services.publish_post(session, post=first)  # the thread, with the reply already there
    session.commit()
    assert _counts(session, diabetes, opened) == (1, 2, 2)
    answer = h.reply(session, lea, opened, "Moi aussi")
    assert _counts(session, diabetes, opened) == (1, 3, 3)
    services.withdraw_post(session, author=lea, post=answer)
    session.commit()
    assert _counts(session, diabetes, opened) == (1, 2, 2)

    services.unpublish_post(session, post=first)  # the thread goes down with its posts
    session.commit()
    assert _counts(session, diabetes, opened) == (0, 0, 1)
    # Refused, edited, approved again: counted once, not twice.
    services.edit_post(session, author=camille, post=first, body="Texte revu et corrigé")
    services.publish_post(session, post=first)
    session.commit()
    assert _counts(session, diabetes, opened) == (1, 2, 2)
    assert counters.check(session) == []


def test_a_wrong_counter_is_found_and_mended(session, runner):
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    opened, _first = h.thread(session, camille, diabetes)
    h.reply(session, camille, opened, "Une réponse")
    diabetes.post_count = 7  # as a lost update would leave it
    opened.post_count = 1
    session.commit()

    found = runner.invoke(args=["check-counters"])
    assert found.exit_code == 1
    assert f"espace {diabetes.id} post_count : 7 enregistré, 2 comptés" in found.output
    assert f"discussion {opened.id} post_count : 1 enregistré, 2 comptés" in found.output
    assert _counts(session, diabetes, opened) == (1, 7, 1)  # nothing changed without --fix

    mended = runner.invoke(args=["check-counters", "--fix"])
    assert mended.exit_code == 0, mended.output
    assert "2 compteur(s) corrigé(s)" in mended.output
    assert _counts(session, diabetes, opened) == (1, 2, 2)
    assert runner.invoke(args=["check-counters"]).exit_code == 0


WORKERS = 4
PER_WORKER = 5


@pytest.mark.real_database
def test_moderators_approving_at_the_same_instant_leave_every_counter_exact(app, session):
    """Each moderator loads their posts (and the space, the thread, as they stand), then all
    approve at once, each committing after each post: no approval is lost from a count."""
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    talk, _ = h.thread(session, camille, diabetes, title="Une discussion publiée")
    waiting, opening = h.thread(session, camille, diabetes, title="En attente", published=False)
    pending = [
        h.reply(session, h.member(session, f"Auteur{n}"), talk, f"Réponse {n}", published=False)
        for n in range(WORKERS * PER_WORKER - PER_WORKER)
    ]
    # The last moderator approves a new thread and its author's replies, all at once.
    pending += [opening] + [
        h.reply(session, camille, waiting, f"Suite {n}", published=False)
        for n in range(PER_WORKER - 1)
    ]
    moderators = []
    for n in range(WORKERS):
        moderator = h.member(session, f"Moderateur{n}")
        services.grant_space_role(
            session, space=diabetes, member=moderator, kind=SpaceRoleKind.MODERATOR
        )
        moderators.append(moderator.id)
    session.commit()
    ids = [post.id for post in pending]
    start = threading.Barrier(WORKERS)
    failures: list[BaseException] = []

    def moderate(moderator_id: int, post_ids: list[int]) -> None:
        try:
            with app.app_context(), Session(db.engine) as own:
                me = own.get(Member, moderator_id)
                # Loaded now with their thread and space: the counters as they stand.
                posts = list(
                    own.scalars(
                        select(Post)
                        .options(joinedload(Post.thread).joinedload(Thread.space))
                        .where(Post.id.in_(post_ids))
                    )
                )
                start.wait(timeout=30)
                for post in posts:
                    moderation.approve(own, moderator=me, post=post)
                    own.commit()
        except BaseException as error:  # reported to the test, not lost in a thread
            failures.append(error)

    workers = [
        threading.Thread(
            target=moderate, args=(moderators[n], ids[n * PER_WORKER : (n + 1) * PER_WORKER])
        )
        for n in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert failures == []
    h.fresh(session)
    assert (diabetes.thread_count, diabetes.post_count) == (2, 1 + len(pending))
    assert talk.post_count == 1 + WORKERS * PER_WORKER - PER_WORKER
    assert waiting.post_count == PER_WORKER
    assert counters.check(session) == []

"""The index stays exact: what readers may no longer see leaves it once the worker has run,
an accepted edit replaces the text, a crash replays, and a rebuild agrees with it all."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from community.accounts import services as accounts
from community.extensions import db
from community.forums import services as forums
from community.forums.models import PostStatus
from community.moderation.queue import services as moderation
from community.search import outbox
from community.search.backend import IndexedPost, Sort, backend
from community.search.indexing import all_indexable, apply_outbox, findable_count, indexed_post
from community.search.whoosh_backend import WhooshBackend
from tests.search.outbox_world import (
    PASSWORD,
    Forum,
    found,
    outbox_rows,
    run_worker,
    whoosh_site,
)


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    with whoosh_site(request, tmp_path) as application:
        yield application


@pytest.fixture
def forum(session) -> Forum:
    return Forum(session)


def test_an_approved_post_is_found_once_the_worker_has_run(app, session, forum):
    camille = forum.member("Camille")
    _thread, first = forums.start_thread(
        session, author=camille, space=forum.space, title="Insuline au sport", body="Comment ?"
    )
    session.commit()
    run_worker(app, session)
    assert found("insuline", forum.space) == []  # pending: seen by its author only

    moderation.approve(session, moderator=forum.moderator, post=first)
    session.commit()
    assert found("insuline", forum.space) == []  # the commit is not the index yet
    run_worker(app, session)

    assert found("insuline", forum.space) == [first.id]
    assert outbox_rows(session) == []


def test_a_rejected_post_is_never_found(app, session, forum):
    camille = forum.member("Camille")
    thread, _first = forum.thread(camille, "Insuline", "Au sport ?")
    answer = forums.reply(session, author=camille, thread=thread, body="Mes gélules miracle")
    session.commit()
    moderation.reject(session, moderator=forum.moderator, post=answer, reason_code="hostile")
    session.commit()
    run_worker(app, session)

    assert found("gélules", forum.space) == []


def test_an_unpublished_post_disappears(app, session, forum):
    camille, sam = forum.member("Camille"), forum.member("Sam")
    thread, _first = forum.thread(camille, "Insuline", "Au sport ?")
    answer = forum.reply(sam, thread, "Achetez mes gélules miracle")
    run_worker(app, session)
    assert found("gelules", forum.space) == [answer.id]

    forum.report(camille, answer)
    assert found("gelules", forum.space) == [answer.id]  # reported, still published
    forum.unpublish(answer)
    session.commit()
    run_worker(app, session)

    assert found("gelules", forum.space) == []


def test_a_withdrawn_post_disappears(app, session, forum):
    camille = forum.member("Camille")
    thread, _first = forum.thread(camille, "Insuline", "Au sport ?")
    answer = forum.reply(camille, thread, "Je regrette ce message sur la metformine")
    run_worker(app, session)
    assert found("metformine", forum.space) == [answer.id]

    forums.withdraw_post(session, author=camille, post=answer)
    session.commit()
    run_worker(app, session)

    assert found("metformine", forum.space) == []


def test_a_thread_taken_down_takes_its_replies(app, session, forum):
    camille, sam = forum.member("Camille"), forum.member("Sam")
    thread, first = forum.thread(camille, "Pompe à insuline", "Vos avis sur la pompe ?")
    answers = [forum.reply(sam, thread, f"La pompe, depuis {n} ans.") for n in (2, 5)]
    run_worker(app, session)
    assert sorted(found("pompe", forum.space)) == [first.id] + [a.id for a in answers]

    forum.report(sam, first)
    forum.unpublish(first)
    session.commit()
    run_worker(app, session)

    assert found("pompe", forum.space) == []
    assert set(backend().indexed_ids()) == set()


@pytest.mark.parametrize("withdraw_posts", [True, False], ids=["withdrawing", "keeping"])
def test_a_deleted_accounts_posts_leave_or_stay_as_asked(app, session, forum, withdraw_posts):
    camille, sam = forum.member("Camille"), forum.member("Sam")
    thread, first = forum.thread(sam, "Glycémie du matin", "Quel est votre chiffre ?")
    answer = forum.reply(camille, thread, "Autour de 1,10 g/l le matin.")
    run_worker(app, session)
    assert sorted(found("matin", forum.space)) == [first.id, answer.id]

    accounts.delete_account(
        session, member=camille, password=PASSWORD, withdraw_posts=withdraw_posts
    )
    session.commit()
    run_worker(app, session)

    expected = [first.id] if withdraw_posts else [first.id, answer.id]
    assert sorted(found("matin", forum.space)) == expected
    assert outbox_rows(session) == []


def test_an_accepted_edit_replaces_the_text(app, session, forum):
    camille = forum.member("Camille")
    _thread, first = forum.thread(camille, "Insuline au sport", "Je cours le matin.")
    run_worker(app, session)

    forums.edit_post(session, author=camille, post=first, body="Je nage le soir.")
    session.commit()
    run_worker(app, session)
    # Proposed, not accepted: readers still read (and find) the published text.
    assert found("cours", forum.space) == [first.id]
    assert found("nage", forum.space) == []

    moderation.approve(session, moderator=forum.moderator, post=first)
    session.commit()
    run_worker(app, session)

    assert found("cours", forum.space) == []
    assert found("nage", forum.space) == [first.id]
    assert found("insuline", forum.space) == [first.id]  # the title stays on it


def test_a_crash_between_the_index_and_the_database_commit_is_replayed(app, session, forum):
    camille = forum.member("Camille")
    thread, first = forum.thread(camille, "Insuline au sport", "Je cours le matin.")
    answer = forum.reply(camille, thread, "Et je nage le soir.")
    forums.withdraw_post(session, author=camille, post=answer)
    session.commit()

    assert apply_outbox(session, backend(), limit=100) == 4
    session.rollback()  # the process dies: the index has the changes, the rows are back
    assert len(outbox_rows(session)) == 4
    indexed, results = backend().indexed_ids(), found("matin", forum.space)

    assert apply_outbox(session, backend(), limit=100) == 4
    session.commit()

    assert outbox_rows(session) == []
    assert backend().indexed_ids() == indexed == {first.id}
    assert found("matin", forum.space) == results == [first.id]
    assert found("nage", forum.space) == []


def test_the_worker_applies_a_backlog_in_batches_with_few_queries(
    app, session, forum, count_queries
):
    app.config["SEARCH_BATCH_SIZE"] = 10
    camille = forum.member("Camille")
    thread, _first = forum.thread(camille, "Insuline", "Au sport ?")
    for n in range(24):
        forums.publish_post(
            session,
            post=forums.reply(session, author=camille, thread=thread, body=f"Réponse {n}"),
        )
    session.commit()
    assert len(outbox_rows(session)) == 2 + 24

    with count_queries() as few:
        apply_outbox(session, backend(), limit=3)
    with count_queries() as many:
        apply_outbox(session, backend(), limit=20)
    session.commit()
    # Take, expand threads, load, find opening posts, delete (and PostgreSQL's lock):
    # as many queries for 20 rows as for 3.
    assert many.count <= few.count <= 6

    assert run_worker(app, session) == 26 - 3 - 20
    assert len(backend().indexed_ids()) == 25


# A few dozen posts, and the changes that keep the outbox busy: the index they leave
# must be the one a full rebuild makes from the database.
TOPICS = [
    ("Insuline au sport", "Comment gérez-vous l’insuline pendant le sport ?"),
    ("Hypoglycémies nocturnes", "Mes hypoglycemies la nuit me réveillent souvent."),
    ("Pompe ou stylos", "Je passe à la pompe à insuline le mois prochain."),
    ("Régime et diabète", "Quel régime suivez-vous avec le diabète de type 2 ?"),
    ("Capteur de glycémie", "Le capteur se décolle sous la douche, des astuces ?"),
    ("Fatigue chronique", "La fatigue après les repas, est-ce normal ?"),
]
REPLIES = [
    "Je fais du vélo et je baisse l’insuline le matin.",
    "Les traitements ont changé ma vie, surtout la metformine.",
    "Un sucre avant de courir, toujours.",
    "Mon médecin conseille de contrôler la glycémie avant le sport.",
    "Le capteur tient mieux avec un patch.",
    "Les hypoglycémies me fatiguent beaucoup.",
]
QUERIES = [
    "insuline",
    "diabete",
    "hypoglycemie",
    "traitement",
    "pompe",
    "capteur glycémie",
    "sport",
    "fatigue",
    "metformine",
    "régimes",
    "velo matin",
    "nage",
]


def _results(space) -> dict[str, tuple[list[int], list[int]]]:
    """Per query: the ids found by relevance, sorted (equal scores come in index order,
    and deleted documents count in whoosh's statistics until segments merge), and the ids
    by date, in order."""
    return {
        query: (sorted(found(query, space)), found(query, space, sort=Sort.DATE))
        for query in QUERIES
    }


def test_a_full_rebuild_gives_the_same_results_as_incremental_updates(app, session, forum, runner):
    authors = [forum.member(name) for name in ("Camille", "Sam", "Noa")]
    posts = []
    for n, (title, body) in enumerate(TOPICS):
        thread, first = forum.thread(authors[n % 3], title, body)
        posts.append(first)
        for m, text in enumerate(REPLIES):
            posts.append(forum.reply(authors[(n + m) % 3], thread, f"{text} ({n}.{m})"))
        run_worker(app, session)  # the index grows in several commits, as on a live site
    leaving = forum.member("Lou")
    for thread in (posts[0].thread, posts[21].thread):
        forum.reply(leaving, thread, "Je pars, mais le sport m’a aidée avec l’insuline.")
    # Then the site lives: withdrawals, an unpublished thread, accepted edits, a deletion.
    forums.withdraw_post(session, author=posts[3].author, post=posts[3])
    forums.edit_post(session, author=posts[8].author, post=posts[8], body="Je nage le soir.")
    session.commit()
    moderation.approve(session, moderator=forum.moderator, post=posts[8])
    forum.report(authors[0], posts[14])
    forum.unpublish(posts[14])
    session.commit()
    run_worker(app, session)
    accounts.delete_account(session, member=leaving, password=PASSWORD, withdraw_posts=True)
    session.commit()
    run_worker(app, session)
    incremental, ids = _results(forum.space), backend().indexed_ids()
    assert sum(len(by_date) for _by_relevance, by_date in incremental.values()) > 30

    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output

    assert backend().indexed_ids() == ids
    assert _results(forum.space) == incremental


def test_what_the_index_holds_of_a_post(app, session, forum):
    camille, sam = forum.member("Camille"), forum.member("Sam")
    thread, first = forum.thread(camille, "Insuline au sport", "**Vélo** le matin.\n\n- un\n- deux")
    answer = forum.reply(sam, thread, "What do you do with the insulin when you run?")
    pending = forums.reply(session, author=sam, thread=thread, body="Pas encore relu.")
    session.commit()

    opening = indexed_post(first)
    assert opening is not None
    assert (opening.post_id, opening.thread_id, opening.space_id) == (
        first.id,
        thread.id,
        forum.space.id,
    )
    assert opening.title == "Insuline au sport"
    assert opening.body == "Vélo le matin. un deux"  # the text a reader sees, no markup
    assert (opening.author, opening.language) == ("Camille", "fr")
    assert opening.published_at == first.published_at
    reply = indexed_post(answer)
    assert reply is not None
    assert (reply.title, reply.author, reply.language) == ("", "Sam", "en")
    assert indexed_post(pending) is None


def test_a_published_reply_in_a_hidden_thread_is_not_indexed(app, session, forum):
    camille = forum.member("Camille")
    thread, first = forum.thread(camille, "Insuline", "Au sport ?")
    answer = forum.reply(camille, thread, "Et la nuit ?")
    forums.withdraw_post(session, author=camille, post=first)
    session.commit()

    assert answer.status is PostStatus.PUBLISHED
    assert indexed_post(answer) is None
    assert list(all_indexable(session)) == []


def test_every_findable_post_is_streamed_in_order(app, session, forum):
    camille = forum.member("Camille")
    posts = []
    for n in range(3):
        thread, first = forum.thread(camille, f"Sujet {n}", "Au sport ?")
        posts += [first, *(forum.reply(camille, thread, f"Réponse {m}") for m in range(2))]
    forums.withdraw_post(session, author=camille, post=posts[4])
    forums.reply(session, author=camille, thread=thread, body="En attente.")
    session.commit()

    streamed = list(all_indexable(session, batch=2))

    assert [post.post_id for post in streamed] == [p.id for p in posts if p is not posts[4]]
    assert [post.title for post in streamed[:3]] == ["Sujet 0", "", ""]
    assert findable_count(session) == len(streamed) == 8


def test_a_busy_index_keeps_the_changes_for_the_next_run(app, session, forum, caplog):
    """A rebuild holds the index: the worker's batch fails, its rows wait, nothing is lost."""
    camille = forum.member("Camille")
    _thread, first = forum.thread(camille, "Insuline au sport", "Je cours le matin.")
    everything = list(all_indexable(session))
    engine = backend()
    assert isinstance(engine, WhooshBackend)
    engine.lock_timeout = 0.2
    started, finish = threading.Event(), threading.Event()

    def slow_posts() -> Iterator[IndexedPost]:
        started.set()
        finish.wait(timeout=10)
        yield from everything

    # Another process's reindex, on the same folder.
    rebuilding = threading.Thread(
        target=WhooshBackend(engine.index_dir).rebuild, args=(slow_posts(),)
    )
    rebuilding.start()
    try:
        assert started.wait(timeout=10)
        assert run_worker(app, session) == 0
    finally:
        finish.set()
        rebuilding.join(timeout=10)
    assert "the changes stay in the outbox" in caplog.text
    assert outbox_rows(session) == [(first.id, None), (None, first.thread_id)]

    assert run_worker(app, session) == 2
    assert found("cours", forum.space) == [first.id]


@pytest.mark.real_database
def test_one_worker_at_a_time_applies_the_outbox(app, session, forum):
    """Two appliers at once could write an older reading of a post over a newer one."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite runs one worker; PostgreSQL may run several")
    camille = forum.member("Camille")
    _thread, first = forum.thread(camille, "Insuline au sport", "Je cours le matin.")

    with Session(db.engine) as other_worker:
        assert outbox.lock_appliers(other_worker)
        assert apply_outbox(session, backend(), limit=100) == 0
        session.commit()
        assert len(outbox_rows(session)) == 2
        other_worker.rollback()  # its batch done: the lock goes with its transaction

    assert apply_outbox(session, backend(), limit=100) == 2
    session.commit()
    assert found("cours", forum.space) == [first.id]

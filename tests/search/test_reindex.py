"""The operator's commands: `reindex` rebuilds the index from the database (after a backup
is restored), `check-index` finds what the index misses or holds in excess."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from community.accounts.models import Member
from community.extensions import db
from community.forums import services as forums
from community.forums.models import Post
from community.search.backend import backend
from community.search.indexing import all_indexable, rebuild_index
from tests.search.outbox_world import (
    Forum,
    clear_outbox,
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


def _restored_backup(app, session, forum):
    """An index that no longer matches the database, as after restoring a backup: one
    post published since is missing from it, one withdrawn since is still in it."""
    camille = forum.member("Camille")
    thread, first = forum.thread(camille, "Insuline au sport", "Je cours le matin.")
    withdrawn = forum.reply(camille, thread, "Et je nage le soir.")
    run_worker(app, session)
    forums.withdraw_post(session, author=camille, post=withdrawn)
    missing = forum.reply(camille, thread, "Le vélo aussi, avec un capteur.")
    clear_outbox(session)  # the backup was taken before these rows were written
    return first, missing, withdrawn


def test_reindex_rebuilds_the_index_from_the_database(app, session, forum, runner):
    first, missing, withdrawn = _restored_backup(app, session, forum)
    assert found("capteur", forum.space) == [] and found("nage", forum.space) == [withdrawn.id]

    result = runner.invoke(args=["reindex"])

    assert result.exit_code == 0, result.output
    assert "Indexation des messages" in result.output  # the progress bar's label
    assert "Index reconstruit en" in result.output
    assert "2 message(s) publié(s) indexé(s)" in result.output
    assert backend().indexed_ids() == {first.id, missing.id}
    assert found("capteur", forum.space) == [missing.id]
    assert found("nage", forum.space) == []


def test_reindex_makes_the_changes_waiting_before_it_useless(app, session, forum, runner):
    camille = forum.member("Camille")
    thread, first = forum.thread(camille, "Insuline au sport", "Je cours le matin.")
    answer = forum.reply(camille, thread, "Et je nage le soir.")
    assert len(outbox_rows(session)) == 3

    result = runner.invoke(args=["reindex"])

    assert result.exit_code == 0, result.output
    assert "3 modification(s) en attente rendue(s) inutile(s)" in result.output
    session.expire_all()
    assert outbox_rows(session) == []
    assert backend().indexed_ids() == {first.id, answer.id}


def test_changes_made_during_a_rebuild_stay_for_the_worker(app, session, forum):
    camille = forum.member("Camille")
    thread, first = forum.thread(camille, "Insuline au sport", "Je cours le matin.")
    answer = forum.reply(camille, thread, "Et je nage le soir.")
    camille_id, answer_id = camille.id, answer.id

    def meanwhile(_done: int) -> None:
        """A request, while the new index is being written: Camille withdraws her reply."""
        with app.app_context():
            other = db.session
            author, post = other.get(Member, camille_id), other.get(Post, answer_id)
            forums.withdraw_post(other, author=author, post=post)
            other.commit()

    rebuilt = rebuild_index(session, backend(), progress=meanwhile)
    session.commit()

    assert (rebuilt.indexed, rebuilt.superseded) == (2, 3)
    assert answer_id in backend().indexed_ids()  # read before it was withdrawn
    assert outbox_rows(session) == [(answer_id, None)]
    run_worker(app, session)
    assert backend().indexed_ids() == {first.id}


def test_a_failed_rebuild_leaves_the_old_index_serving(app, session, forum):
    camille = forum.member("Camille")
    thread, first = forum.thread(camille, "Insuline au sport", "Je cours le matin.")
    run_worker(app, session)
    forum.reply(camille, thread, "Et je nage le soir.")

    def interrupted():
        """The database connection lost, or Ctrl+C, halfway through the posts."""
        posts = all_indexable(session)
        yield next(posts)
        raise ConnectionError("server closed the connection unexpectedly")

    with pytest.raises(ConnectionError):
        backend().rebuild(interrupted())

    assert backend().indexed_ids() == {first.id}
    assert found("cours", forum.space) == [first.id]


def test_a_failed_reindex_says_so_and_changes_nothing(app, session, forum, runner):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("a date column only SQLite lets a restored backup corrupt")
    camille = forum.member("Camille")
    thread, first = forum.thread(camille, "Insuline au sport", "Je cours le matin.")
    run_worker(app, session)
    answer_id = forum.reply(camille, thread, "Et je nage le soir.").id
    session.execute(
        text("UPDATE post SET published_at = 'hier soir' WHERE id = :id"), {"id": answer_id}
    )
    session.commit()

    result = runner.invoke(args=["reindex"])

    assert result.exit_code == 1
    assert "La reconstruction a échoué" in result.output
    assert "L’index précédent reste en place, rien n’a été modifié." in result.output
    assert backend().indexed_ids() == {first.id}
    assert found("cours", forum.space) == [first.id]
    assert outbox_rows(session) == [(answer_id, None)]  # still waiting for the worker


def test_check_index_finds_missing_and_extra_posts_and_fix_enqueues_them(
    app, session, forum, runner
):
    first, missing, withdrawn = _restored_backup(app, session, forum)

    result = runner.invoke(args=["check-index"])

    assert result.exit_code == 1
    assert "Messages publiés : 2 ; dans l’index : 2." in result.output
    assert f"Absents de l’index : 1 — {missing.id}" in result.output
    assert f"En trop dans l’index : 1 — {withdrawn.id}" in result.output
    assert "--fix" in result.output
    assert outbox_rows(session) == []  # a check alone changes nothing

    fixing = runner.invoke(args=["check-index", "--fix"])
    assert fixing.exit_code == 1  # the index still differs until the worker runs
    assert "2 message(s) mis en file" in fixing.output
    run_worker(app, session)

    checked = runner.invoke(args=["check-index"])
    assert checked.exit_code == 0, checked.output
    assert "L’index est à jour." in checked.output
    assert backend().indexed_ids() == {first.id, missing.id}


def test_check_index_shows_twenty_ids_and_counts_the_rest(app, session, forum, runner):
    camille = forum.member("Camille")
    thread, _first = forum.thread(camille, "Insuline", "Au sport ?")
    for n in range(24):
        forums.publish_post(
            session,
            post=forums.reply(session, author=camille, thread=thread, body=f"Réponse {n}"),
        )
    session.commit()  # and the worker never ran

    result = runner.invoke(args=["check-index"])

    assert result.exit_code == 1
    assert "Absents de l’index : 25 — " in result.output
    assert "… (et 5 autres)" in result.output
    assert "26 modification(s) attendent encore le worker." in result.output


def test_the_commands_say_when_search_is_off(request, tmp_path):
    with whoosh_site(request, tmp_path, SEARCH_BACKEND="null") as null_app:
        runner = null_app.test_cli_runner()
        checked = runner.invoke(args=["check-index"])
        rebuilt = runner.invoke(args=["reindex"])

    assert checked.exit_code == 0
    assert "La recherche est désactivée" in checked.output
    assert rebuilt.exit_code == 0, rebuilt.output

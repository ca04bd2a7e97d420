"""The scoring worker: every pending post gets scored once per request, and nothing is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

# Before torch starts: idle OpenMP threads must not spin on the other core.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from community import create_app
from community.extensions import db
from community.forums import services
from community.forums.models import PostStatus, SpaceRoleKind
from community.jobs import run, run_once
from community.kernel.clock import utcnow
from community.moderation.models import SCORE_UNAVAILABLE, ModerationItem, SpacePolicy
from community.moderation.policy.services import add_watched_word
from community.moderation.reports.services import report_post
from community.moderation.scoring.detectors import Finding
from community.moderation.scoring.jobs import release_leases_of
from community.moderation.scoring.risk import HIGH_RISK
from community.moderation.scoring.services import claim_batch, score_batch
from tests.conftest import PG_URL, make_config, real_database_app
from tests.forums.helpers import log_in, member, reply, space, thread

INSULIN = (
    "Bonjour, mon diabétologue veut augmenter mon insuline lente le soir, "
    "vous gérez comment les hypos de la nuit ?"
)
INSULT = "T'es vraiment qu'une grosse conne, ferme-la et dégage de ce forum, abrutie."


def item_of(session, post):
    session.expire_all()
    return session.scalar(select(ModerationItem).where(ModerationItem.post_id == post.id))


@pytest.fixture
def world(session):
    """A space with one published thread that Alice opened."""
    diabete = space(session)
    alice = member(session, "Alice")
    bob = member(session, "Bob")
    opened, first = thread(session, alice, diabete)
    return diabete, alice, bob, opened, first


def test_a_new_post_is_scored_by_the_null_scorer(app, session, world):
    _, _, bob, opened, _ = world
    post = reply(session, bob, opened, INSULIN, published=False)

    assert run_once(app) == 1

    item = item_of(session, post)
    assert item.scores == dict.fromkeys(item.scores, 0.0) and "toxicity" in item.scores
    assert item.risk == 0.0
    assert item.model_version == "null"
    assert item.scored_at is not None and item.score_error is None
    assert item.lease_owner is None and item.lease_expires_at is None
    assert item.requested_at == post.review_requested_at
    assert item.space_id == opened.space_id
    # Scoring decides nothing: the post still waits for a moderator.
    assert post.status is PostStatus.PENDING and post.review_requested_at is not None
    assert run_once(app) == 0  # nothing left to do


def test_a_new_thread_is_scored_with_its_title(app, session, world):
    diabete, _, bob, _, _ = world
    _, first = thread(
        session, bob, diabete, title="Je veux mourir", body="Plus la force.", published=False
    )

    run_once(app)

    item = item_of(session, first)
    assert item.scored_at is not None
    # Highlighting needs to know which text a finding's offsets point into.
    (crisis,) = [f for f in item.findings if f["kind"] == "crisis"]
    assert crisis["field"] == "title"
    assert item.urgent is True


@pytest.mark.config(MODERATION_SCORER="detoxify")
def test_with_our_model_an_insult_scores_higher_than_talk_about_insulin(app, session, world):
    _, alice, bob, opened, _ = world
    benign = reply(session, alice, opened, INSULIN, published=False)
    insult = reply(session, bob, opened, INSULT, published=False)

    assert run_once(app) == 2

    benign_item, insult_item = item_of(session, benign), item_of(session, insult)
    assert insult_item.scores["toxicity"] > benign_item.scores["toxicity"] + 0.3
    # The risk weighs every signal: the insult's score over its threshold makes it high.
    assert insult_item.risk >= HIGH_RISK > benign_item.risk
    assert insult_item.model_version.startswith("toxicity-dev")


def test_a_phone_number_is_found_and_stored_as_personal_data(app, session, world):
    _, _, bob, opened, _ = world
    post = reply(
        session, bob, opened, "Appelez-moi au 06 12 34 56 78, c'est plus simple.", published=False
    )

    run_once(app)

    findings = item_of(session, post).findings
    phone = next(f for f in findings if f["code"] == "phone")
    assert phone["kind"] == "personal_data"
    assert phone["severity"] == "flag"
    assert phone["field"] == "body"
    start, end = phone["spans"][0]
    assert post.body_source[start:end] == "06 12 34 56 78"


def test_a_crisis_post_is_urgent(app, session, world):
    _, _, bob, opened, _ = world
    post = reply(
        session,
        bob,
        opened,
        "Je n'en peux plus, je veux mourir, je vais me suicider.",
        published=False,
    )

    run_once(app)

    item = item_of(session, post)
    assert item.urgent is True
    assert any(f["kind"] == "crisis" for f in item.findings)


def test_a_worker_killed_mid_batch_loses_nothing(app, session, world):
    _, _, bob, opened, _ = world
    post = reply(session, bob, opened, INSULIN, published=False)

    # The first worker claims the post, commits the claim, then dies before scoring.
    claimed = claim_batch(session, owner="mort", size=10, lease_seconds=600)
    session.commit()
    assert [p.id for p in claimed] == [post.id]

    # While its lease lasts, nobody else takes the post.
    assert run_once(app, owner="vivant") == 0
    assert item_of(session, post).scored_at is None

    # Once the lease has run out, another worker scores it.
    item = item_of(session, post)
    item.lease_expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert run_once(app, owner="vivant") == 1
    item = item_of(session, post)
    assert item.scored_at is not None and item.lease_owner is None
    assert item.attempts == 2


def test_a_late_worker_does_not_overwrite_the_one_that_took_over(app, session, world):
    _, _, bob, opened, _ = world
    post = reply(session, bob, opened, INSULIN, published=False)
    late = claim_batch(session, owner="lent", size=10, lease_seconds=0)
    session.commit()
    assert run_once(app, owner="rapide") == 1
    scored_at = item_of(session, post).scored_at

    assert score_batch(session, posts=late, scorer=None, owner="lent") == 0
    session.commit()

    item = item_of(session, post)
    assert item.scored_at == scored_at and item.score_error is None


@pytest.mark.config(MODERATION_SCORER="detoxify", MODERATION_CHECKPOINT="/nonexistent.ckpt")
def test_with_the_model_missing_posts_stay_pending_and_pages_still_serve(
    app, session, client, world
):
    diabete, _, bob, opened, _ = world
    post = reply(session, bob, opened, "Appelez-moi au 06 12 34 56 78.", published=False)

    assert run_once(app) == 1

    item = item_of(session, post)
    assert item.score_error == SCORE_UNAVAILABLE
    assert item.scores is None and item.scored_at is None
    assert item.lease_owner is None
    # The detectors do not need the model: the moderator still sees what they found.
    assert any(f["code"] == "phone" for f in item.findings)
    assert post.status is PostStatus.PENDING and post.review_requested_at is not None
    # Not hammered again at once, but tried again later.
    assert run_once(app) == 0
    assert item.retry_at is not None and item.retry_at > utcnow()
    item.retry_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert run_once(app) == 1
    assert item_of(session, post).attempts == 2

    assert client.get(f"/espaces/{diabete.slug}").status_code == 200
    assert client.get(f"/discussions/{opened.id}").status_code == 200


def test_an_edited_post_is_scored_again(app, session, world):
    _, _, bob, opened, _ = world
    post = reply(session, bob, opened, INSULIN, published=False)
    run_once(app)
    first_request = item_of(session, post).requested_at

    services.edit_post(session, author=bob, post=post, body="Finalement : 06 12 34 56 78.")
    session.commit()
    assert run_once(app) == 1

    item = item_of(session, post)
    assert item.requested_at == post.review_requested_at != first_request
    assert item.scored_at is not None
    assert any(f["code"] == "phone" for f in item.findings)


def test_an_edit_of_a_published_post_is_scored_on_the_new_text(app, session, world):
    _, alice, _, _, first = world
    services.edit_post(session, author=alice, post=first, body="Mon numéro : 06 12 34 56 78.")
    session.commit()

    assert run_once(app) == 1

    item = item_of(session, first)
    assert any(f["code"] == "phone" for f in item.findings)
    assert first.status is PostStatus.PUBLISHED  # the published text stays meanwhile


def test_a_published_post_is_never_touched(app, session, world):
    _, _, bob, opened, first = world
    published = reply(session, bob, opened, INSULIN, published=True)

    assert run_once(app) == 0

    for post in (first, published):
        assert item_of(session, post) is None


def test_batches_are_limited_and_oldest_requests_come_first(app, session, world):
    _, _, bob, opened, _ = world
    posts = [reply(session, bob, opened, f"Message {n}", published=False) for n in range(3)]

    assert run_once(app, size=2) == 2
    assert [item_of(session, p) is not None for p in posts] == [True, True, False]
    assert run_once(app, size=2) == 1


def test_the_worker_command_scores_one_batch(app, session, runner, world):
    _, _, bob, opened, _ = world
    post = reply(session, bob, opened, INSULIN, published=False)

    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "1 message(s) traité(s)." in result.output
    assert item_of(session, post).scored_at is not None


@pytest.mark.skipif(not PG_URL, reason="several workers run on PostgreSQL only")
@pytest.mark.real_database
def test_two_workers_claiming_at_the_same_time_never_take_the_same_post(app, session, world):
    _, _, bob, opened, _ = world
    posts = [reply(session, bob, opened, f"Message {n}", published=False) for n in range(4)]

    with Session(db.engine) as first, Session(db.engine) as second:
        # The first claim is not committed yet: its rows are locked, and skipped.
        taken_first = claim_batch(first, owner="un", size=2, lease_seconds=60)
        taken_second = claim_batch(second, owner="deux", size=10, lease_seconds=60)
        first_ids = {p.id for p in taken_first}
        second_ids = {p.id for p in taken_second}
        first.commit()
        second.commit()

    assert len(first_ids) == 2
    assert first_ids.isdisjoint(second_ids)
    assert first_ids | second_ids == {p.id for p in posts}
    assert run_once(app) == 0  # every post is under a live lease


@pytest.mark.real_database
def test_the_worker_loop_scores_what_arrives_and_stops_when_asked(app, session, world):
    _, _, bob, opened, _ = world
    post = reply(session, bob, opened, INSULIN, published=False)
    stop = threading.Event()
    loop = threading.Thread(target=run, args=(app,), kwargs={"interval": 0.05, "stop_event": stop})
    loop.start()
    try:
        for _ in range(100):
            if (item := item_of(session, post)) is not None and item.scored_at is not None:
                break
            session.rollback()  # a fresh snapshot on the next look
            stop.wait(0.05)
    finally:
        stop.set()
        loop.join(timeout=10)
    assert not loop.is_alive()
    assert item_of(session, post).scored_at is not None


def test_the_demo_server_scores_posts_in_a_thread_of_its_own_process():
    """One process for the demo: the worker thread picks up a new post by itself."""
    with real_database_app(make_config(MODERATION_WORKER_THREAD=True)) as app:
        worker_thread, stop = app.extensions["moderation_worker"]
        try:
            with app.app_context():
                author = member(db.session, "Nina")
                where = space(db.session)
                _thread, post = thread(db.session, author, where, published=False)
                db.session.commit()
                post_id = post.id
            deadline = time.monotonic() + 20
            scored = False
            while not scored and time.monotonic() < deadline:
                time.sleep(0.1)
                with app.app_context():
                    scored = (
                        db.session.scalar(
                            select(ModerationItem.scored_at).where(
                                ModerationItem.post_id == post_id
                            )
                        )
                        is not None
                    )
            assert scored
        finally:
            stop.set()
            worker_thread.join(timeout=20)


# --- the space's policy: watched words, thresholds, reports, attempts -----------------------


class InsultScorer:
    """Scores every post 0.83 for insult and 0.2 for the rest: enough to test thresholds."""

    version = "insulte"
    labels = ("toxicity", "insult")

    def score(self, texts):
        return [{"toxicity": 0.2, "insult": 0.83} for _ in texts]


class BrokenScorer:
    version = "cassé"
    labels = ("toxicity",)

    def score(self, texts):
        raise RuntimeError("out of memory")


def _score_with(session, scorer, **kwargs):
    posts = claim_batch(session, owner="test", size=10, lease_seconds=60)
    session.commit()
    score_batch(session, posts=posts, scorer=scorer, owner="test", **kwargs)
    session.commit()
    return posts


def test_the_spaces_watched_words_are_looked_for_in_its_posts_only(app, session, world):
    diabete, alice, bob, opened, _ = world
    asthme = space(session, "asthme")
    add_watched_word(session, actor=alice, space=diabete, word="arnaque", action="block")
    add_watched_word(session, actor=alice, space=asthme, word="insuline", action="flag")
    session.commit()
    post = reply(session, bob, opened, "Cette insuline est une ARNAQUE.", published=False)

    run_once(app)

    (watched,) = [f for f in item_of(session, post).findings if f["kind"] == "watched_word"]
    assert watched["severity"] == "block" and watched["detail"] == "arnaque"
    start, end = watched["spans"][0]
    assert post.body_source[start:end] == "ARNAQUE"


def test_a_score_at_the_spaces_threshold_adds_a_reason_the_moderator_reads(
    app, session, client, world
):
    diabete, alice, bob, opened, _ = world
    session.add(SpacePolicy(space_id=diabete.id, thresholds={"toxicity": 0.2}))
    session.commit()
    post = reply(session, bob, opened, INSULIN, published=False)

    _score_with(session, InsultScorer(), default_threshold=0.5)

    item = item_of(session, post)
    high = [f for f in item.findings if f["code"] == "high_score"]
    # Highest score first; the saved threshold for toxicity, the default for insult.
    assert [(f["detail"], f["score"], f["threshold"]) for f in high] == [
        ("insult", 0.83, 0.5),
        ("toxicity", 0.2, 0.2),
    ]
    assert all(f["severity"] == "flag" and f["spans"] == [] for f in high)
    # Both are reasons, the higher first; the model weighs in the risk as one signal.
    assert item.risk >= high[0]["weight"] > high[1]["weight"]
    assert item.risk >= HIGH_RISK
    with app.test_request_context():
        reasons = [str(Finding.from_dict(f).reason) for f in high]
    assert reasons == [
        "score élevé : insulte (0,83 ; seuil 0,50)",
        "score élevé : toxicité (0,20 ; seuil 0,20)",
    ]
    # In the queue, the moderator reads it with a decimal comma.
    services.grant_space_role(session, space=diabete, member=alice, kind=SpaceRoleKind.MODERATOR)
    session.commit()
    log_in(client, alice)
    page = client.get("/moderation/").get_data(as_text=True)
    assert "score élevé : insulte (0,83 ; seuil 0,50)" in page


def test_a_score_under_every_threshold_adds_nothing(app, session, world):
    diabete, _, bob, opened, _ = world
    session.add(SpacePolicy(space_id=diabete.id, thresholds={"insult": 0.9}))
    session.commit()
    post = reply(session, bob, opened, INSULIN, published=False)

    _score_with(session, InsultScorer())

    assert item_of(session, post).findings == []


def test_a_post_reported_as_in_danger_stays_urgent_when_scored_again(app, session, world):
    _, alice, bob, opened, _ = world
    post = reply(session, bob, opened, INSULIN)
    run_once(app)
    report_post(session, reporter=alice, post=post, reason_code="danger")
    session.commit()

    assert run_once(app) == 1

    item = item_of(session, post)
    assert item.scored_at is not None
    assert item.urgent is True


def test_scoring_stops_after_the_last_attempt_until_the_post_is_edited(app, session, world):
    _, _, bob, opened, _ = world
    post = reply(session, bob, opened, INSULIN, published=False)

    for _attempt in range(3):
        assert len(_score_with(session, BrokenScorer(), default_threshold=0.5)) == 1
        item = item_of(session, post)
        item.retry_at = None  # due again at once
        session.commit()
    claimed = claim_batch(session, owner="test", size=10, lease_seconds=60, max_attempts=3)

    # Three failures: left alone, still pending and marked, never published.
    assert claimed == []
    item = item_of(session, post)
    assert item.score_error == SCORE_UNAVAILABLE and item.attempts == 3
    assert post.status is PostStatus.PENDING

    services.edit_post(session, author=bob, post=post, body=INSULIN + " Merci.")
    session.commit()
    claimed = claim_batch(session, owner="test", size=10, lease_seconds=60, max_attempts=3)
    assert [p.id for p in claimed] == [post.id]
    assert item_of(session, post).attempts == 1


def test_a_stopping_worker_hands_back_the_posts_it_did_not_score(app, session, world):
    _, _, bob, opened, _ = world
    posts = [reply(session, bob, opened, f"Message {n}", published=False) for n in range(3)]
    claimed = claim_batch(session, owner="arrêté", size=10, lease_seconds=300)
    session.commit()
    assert {p.id for p in claimed} == {p.id for p in posts}
    assert claim_batch(session, owner="autre", size=10, lease_seconds=300) == []

    assert release_leases_of(app, owner="arrêté") == 3

    session.rollback()
    taken = claim_batch(session, owner="autre", size=10, lease_seconds=300)
    assert {p.id for p in taken} == {p.id for p in posts}
    # The stopped claim did not count as an attempt.
    assert {item_of(session, p).attempts for p in posts} == {1}


@pytest.mark.real_database
def test_a_worker_that_stops_hands_its_leases_back_by_itself(app, session, world):
    _, _, bob, opened, _ = world
    post = reply(session, bob, opened, "Un message", published=False)
    claim_batch(session, owner="hôte-1:42", size=10, lease_seconds=300)
    session.commit()
    stopped = threading.Event()
    stopped.set()  # SIGTERM came: the loop ends at once

    run(app, interval=0.05, stop_event=stopped, owner="hôte-1:42")

    session.rollback()
    assert [p.id for p in claim_batch(session, owner="autre", size=10, lease_seconds=300)] == [
        post.id
    ]


def test_the_worker_runs_only_the_jobs_it_is_given(app, session, runner, world):
    _, _, bob, opened, _ = world
    post = reply(session, bob, opened, INSULIN, published=False)

    refused = runner.invoke(args=["worker", "--once", "--only", "scoring,courrier"])
    assert refused.exit_code != 0
    assert "tâche inconnue : courrier" in refused.output
    assert "scoring, mail, purge, notices, search, calibration" in refused.output
    assert item_of(session, post) is None  # nothing ran

    mail_only = runner.invoke(args=["worker", "--once", "--only", "mail"])
    assert mail_only.exit_code == 0, mail_only.output
    assert "0 message(s) traité(s)." in mail_only.output
    session.rollback()
    assert item_of(session, post) is None  # scoring was not among them

    scoring = runner.invoke(args=["worker", "--once", "--only", "scoring"])
    assert "1 message(s) traité(s)." in scoring.output
    assert item_of(session, post).scored_at is not None


def test_sigterm_stops_the_worker_cleanly(tmp_path):
    """As systemd stops a service: the loop ends after the job in flight, exit status 0."""
    database = tmp_path / "worker.sqlite"
    # The schema, in a database of its own that the worker process opens too.
    schema = create_app(make_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}"))
    with schema.app_context():
        db.create_all()
        db.engine.dispose()
    environment = {
        **os.environ,
        "COMMUNITY_SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "COMMUNITY_SECRET_KEY": "test",
        "COMMUNITY_SELFDATA_KEYS": make_config()["SELFDATA_KEYS"],
        "COMMUNITY_SEARCH_BACKEND": '"null"',
        "PYTHONUNBUFFERED": "1",
    }
    with subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "community", "worker", "--interval", "0.2"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as worker:
        try:
            assert worker.stdout is not None
            started = worker.stdout.readline()
            assert "SIGTERM pour arrêter" in started, started
            worker.send_signal(signal.SIGTERM)
            status = worker.wait(timeout=30)
        finally:
            worker.kill()
    assert status == 0

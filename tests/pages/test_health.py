"""/_health, as a load balancer and an operator read it: JSON, 200 or 503, and why."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from community import create_app
from community.jobs import run
from community.kernel.clock import utcnow
from community.notifications.models import Notification, NotificationKind
from community.search.models import SearchOutbox
from tests.conftest import make_config
from tests.forums import helpers as h


def _health(client):
    response = client.get("/_health")
    return response.status_code, response.get_json()


def test_a_quiet_site_is_healthy(client):
    status, body = _health(client)

    assert status == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["scoring"] == {"ok": True, "waiting": 0, "oldest_seconds": None}
    assert body["checks"]["workers"]["running"] == 0


def test_a_post_waiting_too_long_for_its_score_makes_it_unhealthy(client, session):
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    opened, post = h.thread(session, camille, diabetes, published=False)
    assert _health(client)[0] == 200  # just written: a worker has time

    post.review_requested_at = utcnow() - timedelta(minutes=20)
    session.commit()
    status, body = _health(client)

    assert status == 503
    assert body["status"] == "unhealthy"
    scoring = body["checks"]["scoring"]
    assert scoring["ok"] is False and scoring["waiting"] == 1
    assert scoring["oldest_seconds"] >= 20 * 60
    # Counts and ages only: no post, no thread, no member is named.
    assert set(scoring) == {"ok", "waiting", "oldest_seconds"}
    assert "Camille" not in str(body) and opened.title not in str(body)


def test_the_search_outbox_and_owed_mail_are_backlogs_too(client, session):
    camille = h.member(session, "Camille")
    session.add(SearchOutbox(post_id=1, created_at=utcnow() - timedelta(minutes=30)))
    session.add(
        Notification(
            member_id=camille.id,
            kind=NotificationKind.POST_APPROVED,
            created_at=utcnow() - timedelta(minutes=30),
            email_pending=True,
        )
    )
    session.commit()
    status, body = _health(client)

    assert status == 503
    assert body["checks"]["search_outbox"]["ok"] is False
    # Half an hour of owed mail is within the hour a mail server may be down.
    assert body["checks"]["mail"] == {"ok": True, "waiting": 1, "oldest_seconds": 1800.0}


@pytest.mark.real_database
def test_a_running_worker_beats_and_is_gone_once_stopped(app, client):
    stop = threading.Event()
    loop = threading.Thread(target=run, args=(app,), kwargs={"interval": 0.05, "stop_event": stop})
    loop.start()
    try:
        for _ in range(200):
            running = _health(client)[1]["checks"]["workers"]
            if running["running"] == 1:
                break
            stop.wait(0.05)
        assert running["running"] == 1 and running["last_beat_seconds"] < 60
    finally:
        stop.set()
        loop.join(timeout=10)
    assert _health(client)[1]["checks"]["workers"]["running"] == 0


def test_without_its_database_a_host_says_so(tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'base.sqlite'}"
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=unreachable))

    response = app.test_client().get("/_health")

    assert response.status_code == 503
    assert response.get_json() == {"status": "unhealthy", "checks": {"database": {"ok": False}}}
    assert response.headers["Cache-Control"] == "no-store"


def test_without_its_postgresql_server_a_host_says_so():
    """Pages that read open their connection first (community.kernel.reading): a server
    that does not answer still gets the health check's own answer, not an error page."""
    app = create_app(
        make_config(
            SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody:none@127.0.0.1:9/nothing",
            SELFDATA_KEYS="YmVuY2gtdmF1bHQta2V5LW5vdC1hLXNlY3JldC0wMDA=",
            SITE_URL="http://communaute.example.org",
        )
    )

    response = app.test_client().get("/_health")

    assert response.status_code == 503
    assert response.get_json() == {"status": "unhealthy", "checks": {"database": {"ok": False}}}


@pytest.mark.config(HEALTH_MAX_DELAY_SECONDS=60)
def test_the_limits_are_the_operators(client, session):
    session.add(SearchOutbox(post_id=1, created_at=utcnow() - timedelta(minutes=2)))
    session.commit()
    assert _health(client)[0] == 503

""" "Qui a vu mes données": every view by someone else is logged with their role, only the
owner reads the log, and entries older than the configured period are purged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.accounts.services import delete_account
from community.forums import services
from community.forums.models import SpaceRoleKind
from community.jobs import run_once
from community.kernel.clock import utcnow
from community.permissions import Role
from community.selfdata import access_log
from community.selfdata.models import CardAudience, CardView
from tests.forums.helpers import fresh, joined, log_in, log_out, member, space
from tests.selfdata.card_helpers import K_FOR_TESTS, post_with_card

pytestmark = pytest.mark.config(SELFDATA_K_ANONYMITY=K_FOR_TESTS, SELFDATA_VIEW_LOG_DAYS=30)

LOG = "/donnees/cartes/qui-a-vu"


@pytest.fixture(autouse=True)
def in_a_request(app):
    with app.test_request_context():
        yield


def test_each_view_by_someone_else_is_logged_with_their_role(client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    lea = joined(session, member(session, "Lea"), diabetes)
    doctor = member(session, "DrMartin")
    services.grant_space_role(session, space=diabetes, member=doctor, kind=SpaceRoleKind.MODERATOR)
    card, post, opened = post_with_card(session, camille, diabetes)

    for reader in (lea, doctor, lea, camille):
        log_in(client, reader)
        client.get(f"/discussions/{opened.id}")

    fresh(session)
    rows = session.scalars(select(CardView).order_by(CardView.id)).all()
    assert [(row.viewer_id, row.viewer_role) for row in rows] == [
        (lea.id, Role.SPACE_MEMBER.value),
        (doctor.id, Role.SPACE_MODERATOR.value),
        (lea.id, Role.SPACE_MEMBER.value),
    ]
    assert {(row.owner_id, row.card_id, row.post_id) for row in rows} == {
        (camille.id, card.id, post.id)
    }

    log_in(client, camille)
    page = client.get(LOG)
    assert page.status_code == 200
    assert "Lea" in page.text and "DrMartin" in page.text
    assert "membre de l’espace" in page.text and "modérateur de l’espace" in page.text
    assert card.title in page.text
    assert f"/discussions/{opened.id}" in page.text
    assert "Les entrées de plus de 30 jours sont effacées." in page.text
    assert page.headers["Cache-Control"] == "private, no-store"


def test_only_the_owner_reads_their_log(client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    lea = joined(session, member(session, "Lea"), diabetes)
    card, _post, opened = post_with_card(session, camille, diabetes)
    log_in(client, lea)
    client.get(f"/discussions/{opened.id}")

    page = client.get(LOG)  # Lea's own log: she saw a card, nobody saw hers
    assert page.status_code == 200
    assert "Personne n’a encore vu vos cartes." in page.text
    assert card.title not in page.text
    log_out(client)
    assert "/connexion" in client.get(LOG).headers["Location"]


def test_visitors_and_deleted_members_are_named_as_such(client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    lea = joined(session, member(session, "Lea"), diabetes)
    card, _post, opened = post_with_card(session, camille, diabetes)
    log_in(client, lea)
    client.get(f"/discussions/{opened.id}")
    # A visitor never sees a card; were one ever shown, the log would still say so.
    access_log.record_view(session, card=card, viewer=None, role=Role.ANONYMOUS)
    delete_account(session, member=lea, password="correct horse battery", withdraw_posts=False)
    session.commit()

    log_in(client, camille)
    page = client.get(LOG)

    assert "visiteur" in page.text and "membre supprimé" in page.text
    assert "Lea" not in page.text


def test_views_older_than_the_period_are_purged(runner, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    card, _post, _opened = post_with_card(session, camille, diabetes)
    lea = joined(session, member(session, "Lea"), diabetes)
    access_log.record_view(session, card=card, viewer=lea, role=Role.SPACE_MEMBER)
    access_log.record_view(session, card=card, viewer=lea, role=Role.SPACE_MEMBER)
    old, recent = session.scalars(select(CardView).order_by(CardView.id)).all()
    old.viewed_at = utcnow() - timedelta(days=31)
    recent.viewed_at = utcnow() - timedelta(days=29)
    session.commit()

    result = runner.invoke(args=["selfdata", "purge"])

    assert result.exit_code == 0, result.output
    assert "1 consultation(s)" in result.output
    fresh(session)
    assert session.scalars(select(CardView.id)).all() == [recent.id]


def test_the_worker_purges_the_log_on_each_run(app, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    card, _post, _opened = post_with_card(session, camille, diabetes, CardAudience.MODERATORS)
    access_log.record_view(session, card=card, viewer=None, role=Role.ANONYMOUS)
    session.scalars(select(CardView)).one().viewed_at = utcnow() - timedelta(days=40)
    session.commit()

    run_once(app)

    fresh(session)
    assert session.scalar(select(func.count()).select_from(CardView)) == 0


def test_the_log_is_paginated(client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    card, _post, _opened = post_with_card(session, camille, diabetes)
    lea = joined(session, member(session, "Lea"), diabetes)
    for _ in range(55):
        access_log.record_view(session, card=card, viewer=lea, role=Role.SPACE_MEMBER)
    session.commit()
    log_in(client, camille)

    assert "Page 1 sur 2" in client.get(LOG).text
    assert client.get(f"{LOG}?page=2").status_code == 200
    assert client.get(f"{LOG}?page=3").status_code == 404

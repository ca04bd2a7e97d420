"""Self data forgets on its own what it should not keep: imports nobody confirmed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from community.jobs import run_once
from community.kernel.clock import utcnow
from community.selfdata.crypto import keyring
from community.selfdata.models import PendingImport
from tests.forums.helpers import fresh, member


def test_an_import_left_unconfirmed_for_an_hour_is_forgotten_by_the_worker(app, session):
    camille = member(session, "Camille")
    for age in (timedelta(minutes=61), timedelta(minutes=5)):
        session.add(
            PendingImport(
                owner_id=camille.id,
                sealed=keyring().seal([]),
                row_count=0,
                created_at=utcnow() - age,
            )
        )
    session.commit()
    recent = session.scalars(select(PendingImport.id).order_by(PendingImport.id)).all()[1]

    run_once(app)

    fresh(session)
    assert session.scalars(select(PendingImport.id)).all() == [recent]


def test_the_purge_command_says_what_it_erased(runner, session):
    camille = member(session, "Camille")
    session.add(
        PendingImport(
            owner_id=camille.id,
            sealed=keyring().seal([]),
            row_count=0,
            created_at=utcnow() - timedelta(hours=2),
        )
    )
    session.commit()

    result = runner.invoke(args=["selfdata", "purge"])

    assert result.exit_code == 0, result.output
    assert "0 consultation(s) et 1 import(s) en attente effacé(s)." in result.output

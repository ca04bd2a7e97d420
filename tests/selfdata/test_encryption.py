"""The vault is encrypted at rest: the database never holds a value or a word in clear."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select, text

from community import create_app
from community.extensions import db
from community.selfdata import store
from community.selfdata.crypto import MissingKeyError, SealError, keyring
from community.selfdata.models import VaultEntry, VaultProfile
from tests.conftest import make_config
from tests.forums.helpers import fresh, log_in, member

SECRETS = ["Insulinothérapie-secrète", "142.75", "Mal au ventre après Zyprexa", "1977"]


def _raw_rows(session) -> list[bytes]:
    """The rows as the database hands them out, past the ORM."""
    return [
        bytes(row[0])
        for query in ("SELECT sealed FROM vault_entry", "SELECT sealed FROM vault_profile")
        for row in session.execute(text(query))
    ] + [str(row).encode() for row in session.execute(text("SELECT * FROM vault_entry")).all()]


def test_what_a_member_types_never_reaches_the_database_in_clear(client, session):
    camille = member(session, "Camille")
    session.commit()
    log_in(client, camille)

    client.post(
        "/donnees/traitements/ajouter",
        data={"name": SECRETS[0], "start": "2026-01-02", "note": SECRETS[2]},
    )
    client.post(
        "/donnees/mesures/ajouter",
        data={"series": "glucose", "date": "2026-03-01", "time": "08:00", "value": "142,75"},
    )
    client.post("/donnees/profil", data={"birth_year": SECRETS[3], "sex": "F"})
    fresh(session)

    assert len(store.records(session, owner=camille)) == 2
    for raw in _raw_rows(session):
        for secret in SECRETS:
            assert secret.encode() not in raw
            assert secret.encode("utf-16-le") not in raw


def test_without_the_key_nothing_opens(app, session):
    camille = member(session, "Camille")
    store.add_record(session, owner=camille, record=store.Treatment("Metformine", date(2025, 1, 1)))
    session.commit()
    sealed = session.scalar(select(VaultEntry.sealed))

    other_key = "8pRkQb0X9Vqf6b0mO2K5WJd7C4sFz3lY1aNnU0tEhXg="
    stranger = create_app(make_config(SELFDATA_KEYS=other_key))
    with stranger.app_context(), pytest.raises(SealError):
        keyring().open(sealed)


def test_a_wrong_key_is_an_error_not_garbage(app, session):
    camille = member(session, "Camille")
    store.add_record(
        session, owner=camille, record=store.Measurement("weight", datetime(2026, 1, 1), 70, "kg")
    )
    session.commit()
    entry = session.scalar(select(VaultEntry))
    entry.sealed = bytes(entry.sealed)[:-3] + b"abc"  # tampered with

    with pytest.raises(SealError):
        store.open_entry(entry)
    session.rollback()


def test_the_profile_is_sealed_too(session):
    camille = member(session, "Camille")
    store.save_profile(session, owner=camille, profile=store.Profile(1977, store.Sex.MALE))
    session.commit()

    raw = bytes(db.session.scalar(select(VaultProfile.sealed)))
    assert b"1977" not in raw and b"M" not in raw.split(b"gAAAA")[0]


def _own_database(tmp_path, **settings):
    """An app on a database of this test's own, whatever the suite runs on: the check reads
    it through its own connection, so what it must see is committed."""
    uri = f"sqlite:///{tmp_path / 'own.sqlite'}"
    return create_app(make_config(SQLALCHEMY_DATABASE_URI=uri, SELFDATA_KEYS=None, **settings))


def test_a_first_run_makes_the_key_file(tmp_path):
    key_file = tmp_path / "selfdata.keys"
    first = _own_database(tmp_path, SELFDATA_KEY_FILE=str(key_file))
    with first.app_context():
        db.create_all()
        assert keyring().open(keyring().seal("ok")) == "ok"
        db.engine.dispose()
    assert key_file.exists()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_a_host_that_lost_the_key_file_makes_no_new_key_over_sealed_rows(tmp_path):
    key_file = tmp_path / "selfdata.keys"
    first = _own_database(tmp_path, SELFDATA_KEY_FILE=str(key_file))
    with first.app_context():
        db.create_all()
        camille = member(db.session, "Camille")
        store.add_record(
            db.session, owner=camille, record=store.Treatment("Metformine", date(2025, 1, 1))
        )
        db.session.commit()
        db.engine.dispose()
    key_file.unlink()  # the host that restarts has lost it, or never had it

    with pytest.raises(MissingKeyError) as refused:
        _own_database(tmp_path, SELFDATA_KEY_FILE=str(key_file))

    said = str(refused.value)
    assert str(key_file) in said and "1 valeur(s) chiffrée(s)" in said
    assert "COMMUNITY_SELFDATA_KEYS" in said and "Rien n’a été créé" in said
    assert not key_file.exists()

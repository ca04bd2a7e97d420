"""An operator rotates the vault's key: every sealed value is re-encrypted, nothing is lost."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from flask import Flask
from sqlalchemy import select

from community import create_app
from community.accounts import exports
from community.accounts.models import Member, MemberExport
from community.extensions import db
from community.forums import drafts
from community.forums.models import Draft
from community.selfdata import rotation, store
from community.selfdata.crypto import KeyRing, keyring, parse_keys
from community.selfdata.models import (
    CardAudience,
    DataCard,
    PendingImport,
    VaultEntry,
    VaultProfile,
)
from community.selfdata.records import Measurement, Profile, Sex, Symptom
from tests.conftest import app_for, make_config
from tests.forums.helpers import member, space

OLD = Fernet.generate_key()


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "selfdata.keys"
    path.write_text(OLD.decode() + "\n")
    return path


@pytest.fixture
def file_app(key_file: Path) -> Iterator[Flask]:
    config = make_config(SELFDATA_KEYS=None, SELFDATA_KEY_FILE=str(key_file))
    with app_for(config) as application, application.app_context():
        yield application


def fill_vault() -> dict[type, int]:
    """A member's records and profile, an import waiting, a data card: one of each sealed row."""
    session = db.session
    camille = member(session, "Camille")
    for day in range(1, 4):
        store.add_record(
            session,
            owner=camille,
            record=Measurement("weight", datetime(2026, 3, day, 7), 70 + day, "kg", note="matin"),
        )
    store.add_record(session, owner=camille, record=Symptom(date(2026, 3, 4), "Fatigue", 6))
    store.save_profile(session, owner=camille, profile=Profile(1980, Sex.FEMALE))
    session.add(PendingImport(owner_id=camille.id, sealed=keyring().seal([{"a": 1}]), row_count=1))
    where = space(session, "diabete")
    session.add(
        DataCard(
            owner_id=camille.id,
            space_id=where.id,
            audience=CardAudience.MEMBERS,
            title="Poids · 3 jours",
            sealed=keyring().seal({"v": 1, "title": "Poids · 3 jours"}),
        )
    )
    session.commit()
    return {VaultEntry: 4, VaultProfile: 1, PendingImport: 1, DataCard: 1}


def sealed_values() -> list[bytes]:
    return [
        bytes(value)
        for model in (VaultEntry, VaultProfile, PendingImport, DataCard)
        for value in db.session.scalars(select(model.sealed))
    ]


def test_a_rotation_reencrypts_everything_and_drops_the_old_key(file_app, key_file):
    fill_vault()
    before_update = db.session.scalars(select(VaultEntry.updated_at).order_by(VaultEntry.id)).all()
    before = store.records(db.session, owner=db.session.scalar(select(Member)))

    result = file_app.test_cli_runner().invoke(args=["selfdata", "rotate-key"])

    assert result.exit_code == 0, result.output
    assert "Nouvelle clé" in result.output and "Terminé : 7 valeurs rechiffrées" in result.output
    keys = parse_keys(key_file.read_text())
    assert len(keys) == 1 and keys[0] != OLD
    db.session.expire_all()
    new_only = KeyRing(keys)
    assert all(new_only.opens_with_first_key(value) for value in sealed_values())
    assert not any(KeyRing([OLD]).opens_with_first_key(value) for value in sealed_values())
    # Everything still reads, and a rotation is not an edit by the member.
    assert store.records(db.session, owner=db.session.scalar(select(Member))) == before
    assert store.load_profile(db.session, owner=db.session.scalar(select(Member))) == Profile(
        1980, Sex.FEMALE
    )
    assert db.session.scalars(select(VaultEntry.updated_at).order_by(VaultEntry.id)).all() == (
        before_update
    )


@contextmanager
def another_process(config: dict[str, Any]) -> Iterator[Flask]:
    """A second app on the same database, as another web process would be.

    Not `app_for`, which gives back the app already built for the same settings.
    """
    application = create_app(config)
    try:
        yield application
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


def test_another_process_with_the_old_file_follows_the_rotation(file_app, key_file):
    fill_vault()
    # A second web process, started before the rotation, shares the key file.
    other = make_config(SELFDATA_KEYS=None, SELFDATA_KEY_FILE=str(key_file))
    with another_process(other) as second:
        with second.app_context():
            assert keyring().keys == [OLD]

        file_app.test_cli_runner().invoke(args=["selfdata", "rotate-key"])
        db.session.commit()

        with second.app_context():
            assert keyring().keys == parse_keys(key_file.read_text())
            camille = db.session.scalar(select(Member))
            assert len(store.records(db.session, owner=camille)) == 4
            fresh_value = keyring().seal({"x": 1})
            db.session.remove()
        assert KeyRing(parse_keys(key_file.read_text())).opens_with_first_key(fresh_value)


def test_rows_written_with_the_old_key_during_the_rotation_are_resealed(file_app):
    fill_vault()
    new = Fernet.generate_key()
    ring = KeyRing([new, OLD])
    # Half done: some rows under the new key, one written late by a process on the old key.
    for entry in db.session.scalars(select(VaultEntry)).all()[:2]:
        entry.sealed = ring.reseal(entry.sealed)
    db.session.commit()
    lines: list[str] = []

    tally = rotation.settle(db.session, ring, lines.append)

    assert tally.unreadable == {}
    assert all(ring.opens_with_first_key(value) for value in sealed_values())
    assert any("Vérification" in line for line in lines)


def test_a_rotation_that_stopped_half_way_is_finished_with_reencrypt(file_app, key_file):
    fill_vault()
    new = Fernet.generate_key()
    key_file.write_text(f"{new.decode()}\n{OLD.decode()}\n")  # the crash came after step 1

    result = file_app.test_cli_runner().invoke(args=["selfdata", "rotate-key", "--reencrypt"])

    assert result.exit_code == 0, result.output
    assert parse_keys(key_file.read_text()) == [new]
    assert all(KeyRing([new]).opens_with_first_key(value) for value in sealed_values())


def test_check_keys_counts_what_the_keys_open(file_app, key_file):
    fill_vault()

    result = file_app.test_cli_runner().invoke(args=["selfdata", "check-keys"])

    assert result.exit_code == 0, result.output
    assert "entrées du coffre : 4 avec la première clé, 0 avec une ancienne, 0 avec aucune" in (
        result.output
    )
    assert "Tout s’ouvre avec la première clé." in result.output


def test_after_a_restore_with_the_wrong_key_file_check_keys_says_so_and_rotation_refuses(
    file_app, key_file
):
    fill_vault()
    wrong = Fernet.generate_key()
    key_file.write_text(wrong.decode() + "\n")
    runner = file_app.test_cli_runner()

    check = runner.invoke(args=["selfdata", "check-keys"])
    rotate = runner.invoke(args=["selfdata", "rotate-key"])

    assert check.exit_code == 1
    assert "ne s’ouvrent avec aucune des clés actuelles" in check.output
    assert "restauration" in check.output
    assert rotate.exit_code == 1
    assert "rotation annulée, rien n’a changé" in rotate.output
    assert parse_keys(key_file.read_text()) == [wrong]  # no key added, none dropped
    assert all(KeyRing([OLD]).opens_with_first_key(value) for value in sealed_values())


# --- keys in COMMUNITY_SELFDATA_KEYS --------------------------------------------------------


@pytest.mark.config(SELFDATA_KEYS=OLD.decode())
def test_with_keys_in_the_environment_the_operator_is_told_the_two_steps(app, runner):
    plain = runner.invoke(args=["selfdata", "rotate-key"])
    new_key = runner.invoke(args=["selfdata", "rotate-key", "--new-key-only"])

    assert plain.exit_code == 1
    assert "--new-key-only" in plain.output and "--reencrypt" in plain.output
    assert new_key.exit_code == 0
    printed = new_key.stdout.strip()
    Fernet(printed.encode())  # a valid key
    assert printed.encode() != OLD


def test_after_the_restart_reencrypt_moves_everything_to_the_first_key():
    new = Fernet.generate_key()
    with app_for(make_config(SELFDATA_KEYS=OLD.decode())) as before:
        with before.app_context():
            fill_vault()
            db.session.remove()
        # The operator put the new key first and restarted.
        both = make_config(SELFDATA_KEYS=f"{new.decode()},{OLD.decode()}")
        with another_process(both) as after, after.app_context():
            result = after.test_cli_runner().invoke(args=["selfdata", "rotate-key", "--reencrypt"])

            assert result.exit_code == 0, result.output
            assert "la clé n° 2" in result.output
            assert hashlib.sha256(OLD).hexdigest()[:8] in result.output  # its fingerprint
            assert OLD.decode() not in result.output  # keys are never printed back
            assert all(KeyRing([new]).opens_with_first_key(value) for value in sealed_values())
            db.session.remove()


def test_the_rotation_knows_every_table_with_a_sealed_column(app):
    with_sealed = {table.name for table in db.metadata.sorted_tables if "sealed" in table.c}

    assert with_sealed == {table.name for _name, table in rotation.SEALED_TABLES}


def test_a_rotation_reencrypts_members_archives_and_skips_emptied_ones(file_app, key_file):
    """An archive holds the vault in clear, sealed like it: a rotation carries it over to
    the new key; one already emptied (expired) has nothing to carry."""
    session = db.session
    camille = member(session, "Camille")
    kept = exports.request_export(session, member=camille)
    exports.store_archive(
        session, export=kept, sealed=keyring().seal_bytes(b"PK zip"), size=6, kept=timedelta(7)
    )
    exports.request_export(session, member=member(session, "Sam"))  # pending: nothing sealed
    session.commit()

    checked = file_app.test_cli_runner().invoke(args=["selfdata", "check-keys"])
    assert "archives des membres : 1 avec la première clé" in checked.output
    result = file_app.test_cli_runner().invoke(args=["selfdata", "rotate-key"])

    assert result.exit_code == 0, result.output
    assert "Terminé : 1 valeurs rechiffrées" in result.output
    session.expire_all()
    new_only = KeyRing(parse_keys(key_file.read_text()))
    archive = session.get(MemberExport, kept.id)
    assert new_only.open_bytes(archive.sealed) == b"PK zip"


def test_a_rotation_reseals_drafts_without_making_them_younger(file_app, key_file):
    """A draft is sealed like the vault: the rotation carries it to the new key, and leaves
    its time alone, which the purge of old drafts reads."""
    session = db.session
    diabetes = space(session, "diabete")
    camille = member(session, "Camille")
    draft = drafts.keep_draft(
        session,
        member=camille,
        place=drafts.Place.new_thread(diabetes),
        sealed=keyring().seal({"title": "", "body": "Mes nuits", "card": None}),
    )
    draft.updated_at = datetime(2026, 1, 5, 8)
    session.commit()

    result = file_app.test_cli_runner().invoke(args=["selfdata", "rotate-key"])

    assert result.exit_code == 0, result.output
    session.expire_all()
    kept = session.get(Draft, draft.id)
    new_only = KeyRing(parse_keys(key_file.read_text()))
    assert new_only.open(kept.sealed)["body"] == "Mes nuits"
    assert kept.updated_at == datetime(2026, 1, 5, 8)

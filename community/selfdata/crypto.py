"""Encryption at rest for the vault: Fernet keys kept outside the database, newest first.

The keys come from COMMUNITY_SELFDATA_KEYS (comma-separated) or from the file
instance/selfdata.keys, one per line, made on first run. A MultiFernet encrypts with the
first key and decrypts with any, so a rotation adds a key in front, re-encrypts every
row, then drops the old keys (cli: `flask --app community selfdata rotate-key`). The
file is read again when it changes, so running web processes follow a rotation.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app
from sqlalchemy import func, inspect, select

from community.extensions import db

KEY_FILE = "selfdata.keys"


class SealError(Exception):
    """A sealed value that no known key opens: a lost or wrong key file."""


class KeyRing:
    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise SealError("no key")
        self.keys = keys
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def seal(self, value: Any) -> bytes:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return self._fernet.encrypt(data.encode())

    def open(self, token: bytes) -> Any:
        try:
            return json.loads(self._fernet.decrypt(bytes(token)))
        except InvalidToken as error:
            raise SealError("no key opens this value") from error

    def seal_bytes(self, data: bytes) -> bytes:
        """A file (a member's archive) as it is, encrypted: no JSON around it."""
        return self._fernet.encrypt(data)

    def open_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(bytes(token))
        except InvalidToken as error:
            raise SealError("no key opens this value") from error

    def reseal(self, token: bytes) -> bytes:
        """The same value, encrypted with the first key (MultiFernet.rotate)."""
        try:
            return self._fernet.rotate(bytes(token))
        except InvalidToken as error:
            raise SealError("no key opens this value") from error

    def opens_with_first_key(self, token: bytes) -> bool:
        try:
            Fernet(self.keys[0]).decrypt(bytes(token))
        except InvalidToken:
            return False
        return True


def parse_keys(text: str) -> list[bytes]:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    parts = ",".join(lines).split(",")
    keys = [part.strip().encode() for part in parts if part.strip()]
    for key in keys:
        Fernet(key)  # raises ValueError on a malformed key, at start-up rather than later
    return keys


class KeySource:
    """Where this app's keys live, and the ring made from them (rebuilt when they change)."""

    def __init__(self, app: Flask) -> None:
        configured = app.config.get("SELFDATA_KEYS")
        self.path: Path | None = None
        self._lock = threading.Lock()
        self._mtime: float | None = None
        if configured:
            text = ",".join(configured) if isinstance(configured, list | tuple) else configured
            self._ring = KeyRing(parse_keys(str(text)))
        else:
            where = app.config.get("SELFDATA_KEY_FILE")
            self.path = Path(where) if where else Path(app.instance_path) / KEY_FILE
            if not self.path.exists():
                _refuse_a_new_key_over_sealed_rows(app, self.path)
                write_key_file(self.path, [Fernet.generate_key()])
            self._ring = self._read()

    @property
    def from_file(self) -> bool:
        return self.path is not None

    def _read(self) -> KeyRing:
        assert self.path is not None
        self._mtime = self.path.stat().st_mtime_ns
        return KeyRing(parse_keys(self.path.read_text()))

    def ring(self) -> KeyRing:
        if self.path is not None:
            with self._lock:
                if self.path.stat().st_mtime_ns != self._mtime:
                    self._ring = self._read()
        return self._ring


class MissingKeyError(RuntimeError):
    """The vault's keys are missing while the database holds values sealed with them."""


def _refuse_a_new_key_over_sealed_rows(app: Flask, path: Path) -> None:
    """A first run makes the key file; a host that merely lacks it must not, or what it
    sealed from then on would open with no other host's key, and nothing already sealed
    would open with its new one."""
    from community.selfdata.rotation import SEALED_TABLES  # which imports this module

    with app.app_context():
        engine = db.engine
        existing = set(inspect(engine).get_table_names())  # none yet on a first run
        with engine.connect() as connection:
            sealed = sum(
                connection.execute(
                    select(func.count()).where(sealed_table.c.sealed.is_not(None))
                ).scalar_one()
                for _name, sealed_table in SEALED_TABLES
                if sealed_table.name in existing
            )
    if sealed:
        raise MissingKeyError(
            f"Le fichier de clés du coffre {path} manque, alors que la base contient "
            f"{sealed} valeur(s) chiffrée(s) avec ces clés : une nouvelle clé n’en ouvrirait "
            "aucune. Remettez le fichier depuis votre sauvegarde des clés (gardée à part de "
            "celle de la base), ou donnez les clés dans COMMUNITY_SELFDATA_KEYS. Rien n’a été "
            "créé."
        )


def write_key_file(path: Path, keys: list[bytes]) -> None:
    """Replace the key file at once (write aside, then rename), readable by its owner only."""
    aside = path.with_name(path.name + ".new")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("# Clés du coffre de données, la plus récente d'abord. Ne pas perdre.\n")
        out.write("\n".join(key.decode() for key in keys) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(aside, path)


def init_app(app: Flask) -> None:
    app.extensions["selfdata_keys"] = KeySource(app)


def keyring() -> KeyRing:
    """The current app's key ring."""
    source: KeySource = current_app.extensions["selfdata_keys"]
    return source.ring()

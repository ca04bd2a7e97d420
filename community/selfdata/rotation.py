"""Key rotation for the vault: a new key first, every sealed column re-encrypted, old keys gone.

Why the order is safe — a crash at any step loses nothing:

1. The new key is written *in front of* the old ones (the file is replaced at once, by a
   rename). From then on every process seals with the new key and still opens with any
   old one; running web processes notice the file changed and reload it.
2. Rows are re-encrypted in batches, each committed on its own. A crash leaves some rows
   under the new key and some under an old one: both still open, and running the command
   again (`rotate-key --reencrypt`) simply carries on.
3. Before any key is dropped, every row is checked to open with the new key alone; rows
   sealed meanwhile by a process that had not yet reloaded are re-sealed, and the check
   runs again until none is left.
4. Only then are the old keys removed from the file. Until that very last step, every
   key that ever sealed a row is still readable, so no crash can make a row unreadable.

With the keys in COMMUNITY_SELFDATA_KEYS instead of a file, the command cannot change
the environment of running processes: the operator puts the new key first and restarts
(`--new-key-only` prints one), `--reencrypt` re-encrypts, then the operator removes the
old keys the command names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import click
from cryptography.fernet import Fernet
from flask import current_app
from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from community.accounts.models import MemberExport
from community.forums.models import Draft
from community.selfdata.crypto import KeyRing, KeySource, SealError, parse_keys, write_key_file
from community.selfdata.models import DataCard, PendingImport, VaultEntry, VaultProfile

BATCH = 500
MAX_CHECKS = 5
# Every table holding a sealed column, named for the operator's terminal.
SEALED_TABLES: list[tuple[str, Table]] = [
    ("profils", VaultProfile.__table__),
    ("entrées du coffre", VaultEntry.__table__),
    ("imports en attente", PendingImport.__table__),
    ("cartes de données", DataCard.__table__),
    # Built for a few days, then emptied: a row without its archive has nothing to reseal.
    ("archives des membres", MemberExport.__table__),
    ("brouillons", Draft.__table__),
]

Echo = Callable[[str], None]


class RotationError(Exception):
    """The rotation cannot go on; the message says why and what to do (in French)."""


def fingerprint(key: bytes) -> str:
    """A short name for a key that does not reveal it, to tell the operator which is which."""
    return hashlib.sha256(key).hexdigest()[:8]


def _batches(session: Session, table: Table) -> Iterator[Sequence[Any]]:
    """The table's rows (primary key, sealed, and updated_at if any) by batches, by key."""
    key = table.primary_key.columns.values()[0]
    columns = [key, table.c.sealed]
    if "updated_at" in table.c:
        columns.append(table.c.updated_at)
    last: Any = None
    while True:
        query = select(*columns).where(table.c.sealed.is_not(None)).order_by(key).limit(BATCH)
        if last is not None:
            query = query.where(key > last)
        rows = session.execute(query).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _write(session: Session, table: Table, row: Any, sealed: bytes) -> None:
    key = table.primary_key.columns.values()[0]
    values: dict[str, Any] = {"sealed": sealed}
    if "updated_at" in table.c:
        values["updated_at"] = row[2]  # a rotation is not a change the member made
    session.execute(update(table).where(key == row[0]).values(**values))


@dataclass
class Tally:
    resealed: int = 0
    unreadable: dict[str, int] = field(default_factory=dict)

    @property
    def unreadable_total(self) -> int:
        return sum(self.unreadable.values())


def reencrypt(session: Session, ring: KeyRing, echo: Echo, *, only_stragglers: bool) -> Tally:
    """Re-seal rows with the ring's first key, committing each batch.

    With only_stragglers, rows that already open with the first key are left alone.
    """
    tally = Tally()
    for name, table in SEALED_TABLES:
        done = 0
        for rows in _batches(session, table):
            for row in rows:
                if only_stragglers and ring.opens_with_first_key(row[1]):
                    continue
                try:
                    _write(session, table, row, ring.reseal(row[1]))
                except SealError:
                    tally.unreadable[name] = tally.unreadable.get(name, 0) + 1
                    continue
                done += 1
            session.commit()
            if not only_stragglers:
                echo(f"  {name} : {done} rechiffrées…")
        tally.resealed += done
        if only_stragglers and done:
            echo(f"  {name} : {done} écrites pendant la rotation, rechiffrées.")
    return tally


def settle(session: Session, ring: KeyRing, echo: Echo) -> Tally:
    """Re-encrypt everything, then re-seal stragglers until every row opens with the first key."""
    echo("Rechiffrement avec la nouvelle clé :")
    tally = reencrypt(session, ring, echo, only_stragglers=False)
    for _attempt in range(MAX_CHECKS):
        echo("Vérification : chaque ligne s’ouvre-t-elle avec la nouvelle clé seule ?")
        late = reencrypt(session, ring, echo, only_stragglers=True)
        if late.resealed == 0:
            tally.unreadable = late.unreadable
            return tally
        tally.resealed += late.resealed
    raise RotationError(
        "Des lignes sont encore écrites avec une ancienne clé : un processus n’a pas relu "
        "le fichier de clés. Redémarrez-les, puis relancez « selfdata rotate-key --reencrypt »."
    )


def _unreadable_message(tally: Tally) -> str:
    detail = ", ".join(f"{count} {name}" for name, count in tally.unreadable.items())
    return (
        f"{tally.unreadable_total} lignes ne s’ouvrent avec aucune clé ({detail}). "
        "Les anciennes clés sont gardées. Lancez « selfdata check-keys » : le fichier de "
        "clés n’est peut-être pas celui de cette base."
    )


def rotate_file(session: Session, source: KeySource, echo: Echo) -> None:
    """Add a key in front of the file, re-encrypt every row, then drop the old keys."""
    assert source.path is not None
    old = parse_keys(source.path.read_text())
    new = Fernet.generate_key()
    write_key_file(source.path, [new, *old])
    echo(f"Nouvelle clé {fingerprint(new)} ajoutée en tête de {source.path}.")
    finish_file(session, source, echo)


def finish_file(session: Session, source: KeySource, echo: Echo) -> None:
    """Re-encrypt with the file's first key, check, then keep that key alone in the file."""
    assert source.path is not None
    keys = parse_keys(source.path.read_text())
    tally = settle(session, KeyRing(keys), echo)
    if tally.unreadable:
        raise RotationError(_unreadable_message(tally))
    # Read again: the first key is the one every row now opens with; drop the others.
    current = parse_keys(source.path.read_text())
    if current[0] != keys[0]:
        raise RotationError("Le fichier de clés a changé pendant la rotation : relancez-la.")
    write_key_file(source.path, current[:1])
    dropped = ", ".join(fingerprint(key) for key in current[1:]) or "aucune"
    echo(
        f"Terminé : {tally.resealed} valeurs rechiffrées avec la clé {fingerprint(keys[0])}. "
        f"Anciennes clés retirées du fichier : {dropped}."
    )


def reencrypt_from_environment(session: Session, ring: KeyRing, echo: Echo) -> None:
    """Re-encrypt with COMMUNITY_SELFDATA_KEYS' first key; say which old keys may go."""
    tally = settle(session, ring, echo)
    if tally.unreadable:
        raise RotationError(_unreadable_message(tally))
    echo(f"Terminé : {tally.resealed} valeurs rechiffrées avec la clé {fingerprint(ring.keys[0])}.")
    if len(ring.keys) == 1:
        echo("COMMUNITY_SELFDATA_KEYS ne contient qu’une clé : rien à retirer.")
        return
    echo("Vous pouvez maintenant retirer de COMMUNITY_SELFDATA_KEYS les anciennes clés :")
    for position, key in enumerate(ring.keys[1:], start=2):
        echo(f"  - la clé n° {position} (empreinte {fingerprint(key)})")
    echo("Gardez seulement la première, puis redémarrez les processus.")


@dataclass
class KeyCheck:
    """Per table: rows the first key opens, rows only an older key opens, rows none opens."""

    first: dict[str, int] = field(default_factory=dict)
    older: dict[str, int] = field(default_factory=dict)
    none: dict[str, int] = field(default_factory=dict)


def check_keys(session: Session, ring: KeyRing) -> KeyCheck:
    check = KeyCheck()
    for name, table in SEALED_TABLES:
        first = older = none = 0
        for rows in _batches(session, table):
            for row in rows:
                if ring.opens_with_first_key(row[1]):
                    first += 1
                    continue
                try:
                    ring.open_bytes(row[1])  # an archive is no JSON: decrypting is the check
                except SealError:
                    none += 1
                else:
                    older += 1
        check.first[name], check.older[name], check.none[name] = first, older, none
    return check


# --- the operator's commands (selfdata/cli.py) --------------------------------------------


def _source() -> KeySource:
    source: KeySource = current_app.extensions["selfdata_keys"]
    return source


def rotate_key(session: Session, *, new_key_only: bool, reencrypt: bool) -> None:
    """`selfdata rotate-key`: what to do depends on where the keys live (file or environment)."""
    source = _source()
    if new_key_only and reencrypt:
        raise RotationError("Choisissez --new-key-only ou --reencrypt, pas les deux.")
    if source.from_file:
        if new_key_only:
            raise RotationError(
                f"Les clés sont dans le fichier {source.path} : lancez « selfdata rotate-key » "
                "sans option, il fait tout."
            )
        _refuse_if_unreadable(session, source.ring())
        if reencrypt:
            finish_file(session, source, click.echo)
        else:
            rotate_file(session, source, click.echo)
        return
    if new_key_only:
        click.echo(Fernet.generate_key().decode())
        click.echo(
            "Mettez cette clé en tête de COMMUNITY_SELFDATA_KEYS, suivie d’une virgule et des "
            "clés actuelles, redémarrez tous les processus, puis lancez "
            "« selfdata rotate-key --reencrypt ».",
            err=True,
        )
        return
    if not reencrypt:
        raise RotationError(
            "Les clés viennent de COMMUNITY_SELFDATA_KEYS, que cette commande ne peut pas "
            "modifier. En deux temps : « selfdata rotate-key --new-key-only » donne une clé à "
            "mettre en tête de la variable ; après le redémarrage, "
            "« selfdata rotate-key --reencrypt » rechiffre tout."
        )
    ring = source.ring()
    _refuse_if_unreadable(session, ring)
    reencrypt_from_environment(session, ring, click.echo)


def _refuse_if_unreadable(session: Session, ring: KeyRing) -> None:
    check = check_keys(session, ring)
    if sum(check.none.values()):
        raise RotationError(
            f"{sum(check.none.values())} valeurs chiffrées ne s’ouvrent avec aucune clé "
            "actuelle : rotation annulée, rien n’a changé. Lancez « selfdata check-keys »."
        )


def report_keys(session: Session) -> bool:
    """`selfdata check-keys`: print the counts; False when some rows open with no key."""
    source = _source()
    ring = source.ring()
    where = f"le fichier {source.path}" if source.from_file else "COMMUNITY_SELFDATA_KEYS"
    click.echo(f"Clés lues dans {where} : {len(ring.keys)} (la première chiffre).")
    check = check_keys(session, ring)
    for name, _table in SEALED_TABLES:
        click.echo(
            f"  {name} : {check.first[name]} avec la première clé, "
            f"{check.older[name]} avec une ancienne, {check.none[name]} avec aucune."
        )
    unreadable = sum(check.none.values())
    if unreadable:
        click.echo(
            f"ATTENTION : {unreadable} valeurs ne s’ouvrent avec aucune des clés actuelles. "
            "Ces clés ne sont pas celles qui ont chiffré cette base : après une restauration, "
            "remettez le fichier de clés (ou COMMUNITY_SELFDATA_KEYS) sauvegardé avec elle. "
            "Ne lancez pas de rotation, n’effacez rien avant.",
            err=True,
        )
        return False
    older = sum(check.older.values())
    if older:
        click.echo(
            f"{older} valeurs utilisent encore une ancienne clé : "
            "« selfdata rotate-key --reencrypt » les rechiffre."
        )
    else:
        click.echo("Tout s’ouvre avec la première clé.")
    return True

"""Account operations: registration, log-in, passwords, reset links, deletion; each flushes."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from community import signals
from community.accounts import exports
from community.accounts.models import Member, MemberStatus
from community.accounts.pseudonyms import PSEUDONYM_MAX, pseudonym_key
from community.kernel.clock import utcnow

EMAIL_MAX = 254
_RESET_SALT = "password-reset"


class AccountError(Exception):
    """A request the accounts domain refuses; `code` says why, for the form to explain."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


@functools.cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher.hash("not the password of anyone")


def _verify_dummy(password: str) -> None:
    """Spend the time a real check takes, for a login that matches nobody."""
    config = current_app.config
    dummy = _dummy_hash(
        config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"]
    )
    with contextlib.suppress(VerificationError):
        _hasher().verify(dummy, password)


def email_key(email: str) -> str:
    return email.strip().casefold()


def find_by_pseudonym(session: Session, pseudonym: str) -> Member | None:
    if "\x00" in pseudonym:  # never stored, and PostgreSQL refuses it even in a query
        return None
    return session.scalar(select(Member).where(Member.pseudonym_key == pseudonym_key(pseudonym)))


def find_by_email(session: Session, email: str) -> Member | None:
    if "\x00" in email:
        return None
    return session.scalar(select(Member).where(Member.email_key == email_key(email)))


def check_password(member: Member, password: str) -> bool:
    hasher = _hasher()
    try:
        hasher.verify(member.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(member.password_hash):
        member.password_hash = hasher.hash(password)
    return True


def create_member(
    session: Session,
    *,
    pseudonym: str,
    email: str,
    password: str,
    locale: str = "fr",
    is_site_admin: bool = False,
) -> Member:
    """Create an active member who has accepted the charter and privacy notice now.

    Raises AccountError("pseudonym_taken") or AccountError("email_taken").
    """
    # Hashed before the look-ups, so a taken e-mail answers as slowly as a new one.
    password_hash = hash_password(password)
    if find_by_pseudonym(session, pseudonym) is not None:
        raise AccountError("pseudonym_taken")
    if find_by_email(session, email) is not None:
        raise AccountError("email_taken")
    now = utcnow()
    member = Member(
        pseudonym=pseudonym,
        pseudonym_key=pseudonym_key(pseudonym),
        email=email.strip(),
        email_key=email_key(email),
        password_hash=password_hash,
        locale=locale,
        status=MemberStatus.ACTIVE,
        is_site_admin=is_site_admin,
        charter_accepted_at=now,
        privacy_accepted_at=now,
        created_at=now,
        password_changed_at=now,
    )
    session.add(member)
    session.flush()
    return member


def authenticate(session: Session, *, login: str, password: str) -> Member | None:
    """The member with this pseudonym or e-mail and password, or None.

    Deleted accounts never log in; suspended ones do (they may still read). An unknown
    login costs one hash too, so the answer's timing does not tell whether it exists.
    """
    login = login.strip()
    member: Member | None = None
    if "@" in login:
        if len(login) <= EMAIL_MAX:
            member = find_by_email(session, login)
    elif len(login) <= PSEUDONYM_MAX:
        member = find_by_pseudonym(session, login)
    if member is None or member.status is MemberStatus.DELETED:
        _verify_dummy(password)
        return None
    if not check_password(member, password):
        return None
    session.flush()  # check_password may have upgraded the hash
    return member


def set_password(session: Session, *, member: Member, password: str) -> None:
    """Replace the password: other sessions and pending reset links stop working."""
    member.password_hash = hash_password(password)
    member.password_changed_at = utcnow()
    session.flush()


def change_password(
    session: Session, *, member: Member, current_password: str, new_password: str
) -> None:
    """Raises AccountError("wrong_password") unless current_password is right."""
    if not check_password(member, current_password):
        raise AccountError("wrong_password")
    set_password(session, member=member, password=new_password)


def set_locale(session: Session, *, member: Member, locale: str) -> None:
    """Raises AccountError("unknown_locale") for a language the site does not offer."""
    if locale not in current_app.config["LANGUAGES"]:
        raise AccountError("unknown_locale")
    member.locale = locale
    session.flush()


def suspend_member(session: Session, *, member: Member, until: datetime | None = None) -> None:
    """A suspended member may log in and read, but not write; until `until`, or until an
    admin reactivates them when it is None."""
    if member.status is MemberStatus.DELETED:
        raise AccountError("deleted")
    member.status = MemberStatus.SUSPENDED
    member.suspended_until = until
    session.flush()


def reactivate_member(session: Session, *, member: Member) -> None:
    if member.status is MemberStatus.DELETED:
        raise AccountError("deleted")
    member.status = MemberStatus.ACTIVE
    member.suspended_until = None
    session.flush()


def end_suspensions(session: Session, *, now: datetime) -> int:
    """Set back to active the members whose suspension ended by `now`; how many. They
    already write again (Member.is_suspended reads the time); this is for the queries
    that read the status column. Flushes."""
    result = session.execute(
        update(Member)
        .where(
            Member.status == MemberStatus.SUSPENDED,
            Member.suspended_until.is_not(None),
            Member.suspended_until <= now,
        )
        .values(status=MemberStatus.ACTIVE, suspended_until=None)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def public_member(session: Session, *, pseudonym: str) -> Member | None:
    """The member a profile page shows, or None (unknown or deleted)."""
    if not pseudonym or len(pseudonym) > PSEUDONYM_MAX:
        return None
    member = find_by_pseudonym(session, pseudonym)
    if member is None or member.status is MemberStatus.DELETED:
        return None
    return member


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_RESET_SALT)


def _password_fingerprint(member: Member) -> str:
    # Changes with the password, so a link works once and dies when the password changes.
    material = f"{member.password_hash}|{member.password_changed_at.isoformat()}"
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def make_reset_token(member: Member) -> str:
    return _serializer().dumps({"m": member.id, "f": _password_fingerprint(member)})


def member_from_reset_token(
    session: Session, *, token: str, max_age: int | None = None
) -> Member | None:
    """The member a reset link was made for, or None if it is forged, expired or used.

    max_age defaults to the PASSWORD_RESET_MAX_AGE setting (seconds).
    """
    if max_age is None:
        max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    if len(token) > 500:
        return None
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("m"), int):
        return None
    member = session.get(Member, payload["m"])
    if member is None or member.status is MemberStatus.DELETED:
        return None
    if payload.get("f") != _password_fingerprint(member):
        return None
    return member


# --- Deleting one's account -----------------------------------------------------------

# What a deleted account is called in the audit log: one neutral name per account, so the
# log still shows that one person took those decisions. Registration refuses it.
DELETED_PREFIX = "membre-supprimé-"


@dataclass(frozen=True)
class Erasure:
    """One account being deleted, as every erasure step sees it."""

    member: Member
    neutral_pseudonym: str
    withdraw_posts: bool


def _neutral_pseudonym(session: Session) -> str:
    """A new "membre-supprimé-7f3a9c", unique by its key like any pseudonym."""
    while True:
        candidate = DELETED_PREFIX + secrets.token_hex(3)
        if find_by_pseudonym(session, candidate) is None:
            return candidate


def delete_account(session: Session, *, member: Member, password: str, withdraw_posts: bool) -> str:
    """Delete the member's account; returns the neutral pseudonym it now bears.

    Raises AccountError("wrong_password") before anything is written. The row stays,
    because posts and moderation records point at it, but nothing in it leads back to
    the person: neutral pseudonym, no e-mail, a password that matches nothing. The
    caller commits and logs the member out.
    """
    if member.status is MemberStatus.DELETED:
        raise AccountError("deleted")
    if not check_password(member, password):
        raise AccountError("wrong_password")
    erasure = Erasure(
        member=member,
        neutral_pseudonym=_neutral_pseudonym(session),
        withdraw_posts=withdraw_posts,
    )
    # Each domain forgets the member in its own receiver; the account itself is emptied last.
    if not signals.member_erasing.receivers:
        # Outside an app built by create_app nobody listens, and an erasure that forgot the
        # posts, the vault and the cards must never pass for done.
        raise RuntimeError("member_erasing has no receiver: build the app with create_app")
    # Each archive holds all the rest. First: a worker building one holds its row until
    # it commits, with its notification, which the erasure then deletes with the others.
    exports.delete_for_member(session, member=member)
    signals.member_erasure_begins.send(erasure, session=session)
    signals.member_erasing.send(erasure, session=session)
    token = secrets.token_hex(16)
    member.status = MemberStatus.DELETED
    member.deleted_at = utcnow()
    member.pseudonym = erasure.neutral_pseudonym
    member.pseudonym_key = pseudonym_key(erasure.neutral_pseudonym)
    # Unique and never typed by anyone: an e-mail key always contains "@".
    member.email = ""
    member.email_key = f"deleted:{member.id}:{token}"
    # Not an argon2 hash: check_password fails on it without computing anything.
    member.password_hash = f"!deleted:{token}"
    member.is_site_admin = False
    member.notify_by_email = False
    session.flush()
    return erasure.neutral_pseudonym

"""Account operations: registration, passwords, log-in. Each flushes; the caller commits."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts.models import Member, MemberStatus
from community.accounts.pseudonyms import pseudonym_key
from community.clock import utcnow


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


def email_key(email: str) -> str:
    return email.strip().casefold()


def find_by_pseudonym(session: Session, pseudonym: str) -> Member | None:
    return session.scalar(select(Member).where(Member.pseudonym_key == pseudonym_key(pseudonym)))


def find_by_email(session: Session, email: str) -> Member | None:
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
        password_hash=hash_password(password),
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

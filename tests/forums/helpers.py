"""Test helpers for the forum pages: members, spaces, threads, and logging in without the form."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from community.accounts.models import Member, MemberStatus
from community.accounts.services import create_member
from community.forums import services
from community.forums.models import Post, Space, SpaceVisibility, Thread

PENDING_FLASH = "Votre message est en attente de modération"


def member(session: Session, pseudonym: str, **kwargs: Any) -> Member:
    return create_member(
        session,
        pseudonym=pseudonym,
        email=f"{pseudonym.lower()}@example.org",
        password="correct horse battery",
        **kwargs,
    )


def space(
    session: Session, slug: str = "diabete", *, members_only: bool = False, **kwargs: Any
) -> Space:
    association = services.create_association(
        session, name=f"Association {slug}", slug=f"asso-{slug}"
    )
    kwargs.setdefault("name", slug.capitalize())
    return services.create_space(
        session,
        association=association,
        slug=slug,
        visibility=SpaceVisibility.MEMBERS if members_only else SpaceVisibility.PUBLIC,
        **kwargs,
    )


def joined(session: Session, who: Member, where: Space) -> Member:
    services.join_space(session, member=who, space=where)
    return who


def suspend(session: Session, who: Member) -> Member:
    who.status = MemberStatus.SUSPENDED
    session.flush()
    return who


def thread(
    session: Session,
    author: Member,
    where: Space,
    title: str = "Insuline et sport",
    body: str = "Comment gérez-vous vos hypoglycémies pendant l’effort ?",
    *,
    published: bool = True,
) -> tuple[Thread, Post]:
    services.join_space(session, member=author, space=where)
    opened, first = services.start_thread(
        session, author=author, space=where, title=title, body=body
    )
    if published:
        services.publish_post(session, post=first)
    session.commit()
    return opened, first


def reply(
    session: Session, author: Member, where: Thread, body: str, *, published: bool = True
) -> Post:
    services.join_space(session, member=author, space=where.space)
    post = services.reply(session, author=author, thread=where, body=body)
    if published:
        services.publish_post(session, post=post)
    session.commit()
    return post


def log_in(client: FlaskClient, who: Member | str) -> FlaskClient:
    """Log in through Flask-Login's session, not the log-in form (another page's concern).

    `who` is a member, or the session id of one (Member.get_id()) once it is detached.
    """
    with client.session_transaction() as cookie:
        cookie["_user_id"] = who if isinstance(who, str) else who.get_id()
        cookie["_fresh"] = True
    return client


def log_out(client: FlaskClient) -> FlaskClient:
    with client.session_transaction() as cookie:
        cookie.pop("_user_id", None)
        cookie.pop("_fresh", None)
    return client


def fresh(session: Session) -> None:
    """End the test's transaction and expire what it holds, to see what requests committed.

    Each request runs in its own app context and session (see tests/conftest.py); the
    test's own session would otherwise keep showing the rows as it last loaded them.
    """
    session.commit()

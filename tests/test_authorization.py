"""Who may use which page: every route of the site, for every role, in one table.

A new route fails `test_the_table_covers_every_route` until it is added here, so no
page escapes this review. Each cell sees the same World (written once, each cell's
changes rolled back after it) and also checks that the page stays within a small number
of SQL queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from flask import Flask, current_app
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts import exports
from community.accounts.models import Member, MemberExport
from community.accounts.services import create_member
from community.extensions import db
from community.forums import drafts, follows, membership, services
from community.forums.models import (
    Draft,
    MembershipRequest,
    Post,
    SpaceInvitation,
    SpaceRoleKind,
    SpaceVisibility,
)
from community.moderation.appeals import services as appeals
from community.moderation.canned import services as canned
from community.moderation.canned.models import CannedKind, CannedText
from community.moderation.models import Appeal, ModerationDecision
from community.moderation.queue import services as moderation
from community.moderation.suspensions import services as suspensions
from community.moderation.transparency import services as transparency
from community.notifications.models import Notification
from community.notifications.unsubscribe import MailingList, token_for
from community.permissions import Role
from community.selfdata import cards as card_services
from community.selfdata import store
from community.selfdata.anonymizer import CardRequest
from community.selfdata.crypto import keyring
from community.selfdata.imports import record_to_dict
from community.selfdata.models import CardAudience, DataCard, PendingImport
from community.selfdata.records import Measurement
from tests.conftest import app_for, make_config, rolled_back

ROLES = [
    Role.ANONYMOUS,
    Role.SUSPENDED,
    Role.MEMBER,
    Role.SPACE_MEMBER,
    Role.SPACE_MODERATOR,
    Role.ASSOCIATION_ADMIN,
    Role.SITE_ADMIN,
]
MAX_QUERIES = 12

OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", "forbidden", "not found"


@dataclass
class World:
    """A public space and a members-only space of one association, another association's
    space, a member for each role, and a published post by each of them."""

    members: dict[Role, Member] = field(default_factory=dict)
    own_posts: dict[Role, Post] = field(default_factory=dict)
    someone_elses_post: Post | None = None
    private_post: Post | None = None
    pending_post: Post | None = None
    writer: Member | None = None  # "autrice", who holds no role: the one others look at
    # --- self data: the writer's vault and cards ---
    pending_import_id: int | None = None  # a file the writer sent, not yet confirmed
    vault_entry_id: int | None = None  # a record in the writer's own vault
    members_card: DataCard | None = None  # on a published post of the public space
    moderators_card: DataCard | None = None  # the same, for the space's moderators only
    # --- appeals: a refusal of a post by each role, and the writer's appeal of hers ---
    refusals: dict[Role, ModerationDecision] = field(default_factory=dict)
    writer_refusal: ModerationDecision | None = None
    appeal: Appeal | None = None
    # --- the suspended member's suspension, by the site admin, and its appeal ---
    suspension: ModerationDecision | None = None
    suspension_appeal: Appeal | None = None
    # --- prepared texts: one refusal text of the public space, written by its association ---
    canned_text: CannedText | None = None
    # --- my data: the writer's archive of everything the site holds about her ---
    writer_export: MemberExport | None = None
    # --- drafts: a reply the writer has not sent, hers alone ---
    writer_draft: Draft | None = None
    # --- the members-only space: the member (of no space) asks to join it; its moderator
    # made a link that lets one person in ---
    join_request: MembershipRequest | None = None
    invitation: SpaceInvitation | None = None


def build_world(session: Session) -> World:
    world = World()
    association = services.create_association(session, name="Diabète France", slug="df")
    public = services.create_space(session, association=association, name="Diabète", slug="diabete")
    private = services.create_space(
        session,
        association=association,
        name="Espace privé",
        slug="prive",
        visibility=SpaceVisibility.MEMBERS,
    )
    other = services.create_association(session, name="Autre", slug="autre")
    services.create_space(session, association=other, name="Endométriose", slug="endometriose")

    def make(pseudonym: str, **kwargs: Any) -> Member:
        return create_member(
            session,
            pseudonym=pseudonym,
            email=f"{pseudonym}@example.org",
            password="x" * 12,
            **kwargs,
        )

    members = world.members
    members[Role.SUSPENDED] = make("suspendu")
    members[Role.MEMBER] = make("membre")
    members[Role.SPACE_MEMBER] = make("adherent")
    members[Role.SPACE_MODERATOR] = make("moderatrice")
    members[Role.ASSOCIATION_ADMIN] = make("presidente")
    members[Role.SITE_ADMIN] = make("admin", is_site_admin=True)
    writer = world.writer = make("autrice")
    for space in (public, private):
        for role in (Role.SPACE_MEMBER, Role.SUSPENDED):
            services.join_space(session, member=members[role], space=space)
        services.join_space(session, member=writer, space=space)
        services.grant_space_role(
            session,
            space=space,
            member=members[Role.SPACE_MODERATOR],
            kind=SpaceRoleKind.MODERATOR,
            specialty="diabétologie",
        )
        services.grant_space_role(
            session,
            space=space,
            member=members[Role.ASSOCIATION_ADMIN],
            kind=SpaceRoleKind.ASSOCIATION_ADMIN,
        )

    def published(author: Member, space: Any, title: str) -> Post:
        _thread, post = services.start_thread(
            session, author=author, space=space, title=title, body="Un message publié."
        )
        return services.publish_post(session, post=post)

    # Someone to tell when a thread of the public space is published.
    follows.follow_space(session, member=members[Role.SPACE_MEMBER], space=public)
    for role, member in members.items():
        world.own_posts[role] = published(member, public, f"Le fil de {member.pseudonym}")
    world.someone_elses_post = published(writer, public, "Le fil d’une autre")
    world.private_post = published(writer, private, "Entre nous")
    _thread, world.pending_post = services.start_thread(
        session, author=writer, space=public, title="En attente", body="Pas encore relu."
    )
    # --- self data: build the writer's vault and cards here ---
    world.pending_import_id = _pending_import(session, writer)
    world.vault_entry_id = store.add_record(
        session, owner=writer, record=Measurement("weight", datetime(2026, 3, 1, 7), 64, "kg")
    ).id
    world.members_card, world.moderators_card = (
        _card_on_published_post(session, writer, public, audience, f"Mes données ({audience})")
        for audience in (CardAudience.MEMBERS, CardAudience.MODERATORS)
    )
    # --- appeals: each role's post refused by the space's moderator; the writer contests ---
    for role, member in [*members.items(), (None, writer)]:
        _thread, refused = services.start_thread(
            session, author=member, space=public, title="Refusé", body="Un message refusé."
        )
        decision = moderation.reject(
            session, moderator=members[Role.SPACE_MODERATOR], post=refused, reason_code="other"
        )
        if role is None:
            world.writer_refusal = decision
        else:
            world.refusals[role] = decision
    world.appeal = appeals.submit_appeal(
        session, member=writer, decision=world.writer_refusal, message="Je conteste."
    )
    transparency.set_published(session, space=private, published=True)
    world.suspension = suspensions.suspend(
        session,
        admin=members[Role.SITE_ADMIN],
        member=members[Role.SUSPENDED],
        rule="hostile",
        facts="Des insultes.",
        until=None,
    )
    world.suspension_appeal = appeals.submit_appeal(
        session, member=members[Role.SUSPENDED], decision=world.suspension, message="Je conteste."
    )
    world.canned_text = canned.add_text(
        session,
        actor=members[Role.ASSOCIATION_ADMIN],
        space=public,
        kind=CannedKind.REFUSAL,
        title="Numéro de téléphone",
        body="Votre message donne un numéro de téléphone : retirez-le.",
        reason_code="personal_data",
    )
    world.writer_draft = drafts.keep_draft(
        session,
        member=writer,
        place=drafts.Place.reply(world.someone_elses_post.thread),
        sealed=keyring().seal({"title": "", "body": "Pas encore envoyé.", "card": None}),
    )
    world.join_request = membership.request_membership(
        session, member=members[Role.MEMBER], space=private, message="Je vis avec une maladie rare."
    )
    world.invitation = membership.create_invitation(
        session, space=private, author=members[Role.SPACE_MODERATOR], max_uses=1, days=7
    )
    world.writer_export = exports.request_export(session, member=writer)
    exports.store_archive(
        session,
        export=world.writer_export,
        sealed=keyring().seal_bytes(b"PK archive"),
        size=10,
        kept=timedelta(days=7),
    )
    session.commit()
    return world


def _pending_import(session: Session, writer: Member) -> int:
    """A file the writer sent and saw previewed, sealed like the vault, awaiting her yes;
    one of its lines was refused."""
    record = Measurement("weight", datetime(2026, 3, 2, 7), 63, "kg")
    refused = {"kind": "csv", "header": ["type", "date"], "rows": [[3, "la date manque", []]]}
    pending = PendingImport(
        owner_id=writer.id,
        sealed=keyring().seal([record_to_dict(record)]),
        row_count=1,
        rejected_sealed=keyring().seal(refused),
        rejected_count=1,
    )
    session.add(pending)
    session.flush()
    return pending.id


def _card_on_published_post(
    session: Session, writer: Member, space: Any, audience: CardAudience, title: str
) -> DataCard:
    """A card of the writer's glucose readings, joined to a post a moderator then approved."""
    # The anonymizer writes in the reader's language, which a request carries.
    with current_app.test_request_context():
        today = card_services.local_today()
        for back in (20, 10, 1):
            store.add_record(
                session,
                owner=writer,
                record=Measurement(
                    series="glucose",
                    at=datetime.combine(today - timedelta(days=back), time(8)),
                    value=140,
                    unit="mg/dL",
                ),
            )
        card = card_services.create_card(
            session,
            owner=writer,
            space=space,
            request=CardRequest(series=("glucose",), start=today - timedelta(days=30), end=today),
            audience=audience,
        )
    _thread, post = services.start_thread(
        session, author=writer, space=space, title=title, body="Mes chiffres."
    )
    card_services.link_card(session, owner=writer, card=card, post=post)
    services.publish_post(session, post=post)
    return card


@dataclass(frozen=True)
class Case:
    name: str
    endpoint: str
    method: str
    url: Callable[[World, Role], str]
    expect: dict[Role, str]
    data: dict[str, str] = field(default_factory=dict)
    queries: int = MAX_QUERIES  # the statements the page may send at most


def everyone(outcome: str = OK) -> dict[Role, str]:
    return {role: outcome for role in ROLES}


def logged_in(outcome: str = OK) -> dict[Role, str]:
    return {**everyone(outcome), Role.ANONYMOUS: LOGIN}


def only(*roles: Role) -> dict[Role, str]:
    return {**logged_in(FORBIDDEN), **{role: OK for role in roles}}


WRITERS = (Role.SPACE_MEMBER, Role.SPACE_MODERATOR, Role.ASSOCIATION_ADMIN)
READERS_OF_PRIVATE = (*WRITERS, Role.SITE_ADMIN)
SPACE_ADMINS = (Role.ASSOCIATION_ADMIN, Role.SITE_ADMIN)


def _notification_of(world: World, role: Role | None) -> int:
    """The notification that told this role's member (the writer for None) of the refusal
    of their post; a number that is nobody's for a visitor."""
    if role is Role.ANONYMOUS:
        return 999_999
    decision = world.writer_refusal if role is None else world.refusals[role]
    assert decision is not None
    found = db.session.scalar(
        select(Notification.id).where(Notification.decision_id == decision.id)
    )
    assert found is not None
    return found


def _unsubscribe_token(world: World) -> str:
    assert world.writer is not None
    return token_for(world.writer.id, MailingList.DIGEST)


def _invitation_link(world: World, _role: Role) -> str:
    assert world.invitation is not None
    return f"/invitations/{membership.invitation_token(world.invitation)}"


def fixed(url: str) -> Callable[[World, Role], str]:
    return lambda world, role: url


def own_post(suffix: str) -> Callable[[World, Role], str]:
    def url(world: World, role: Role) -> str:
        post = world.own_posts.get(role, world.someone_elses_post)
        assert post is not None
        return f"/messages/{post.id}/{suffix}"

    return url


def thread_of(attribute: str, suffix: str = "") -> Callable[[World, Role], str]:
    def url(world: World, role: Role) -> str:
        post = getattr(world, attribute)
        return f"/discussions/{post.thread_id}{suffix}"

    return url


MODERATORS = (Role.SPACE_MODERATOR, Role.ASSOCIATION_ADMIN)


def pending(action: str) -> Callable[[World, Role], str]:
    return lambda world, _role: f"/moderation/messages/{world.pending_post.id}/{action}"  # type: ignore[union-attr]


def role_holder(role: Role, path: str) -> Callable[[World, Role], str]:
    return lambda world, _role: path.format(id=world.members[role].id)


POST_DATA = {"body": "Une réponse polie.", "title": "Un titre"}


def prepared_text(suffix: str) -> Callable[[World, Role], str]:
    return lambda world, _role: (
        f"/moderation/espaces/diabete/textes-prepares/{world.canned_text.id}{suffix}"  # type: ignore[union-attr]
    )


def card_thread(attribute: str) -> Callable[[World, Role], str]:
    def url(world: World, role: Role) -> str:
        card = getattr(world, attribute)
        return f"/discussions/{card.post.thread_id}"

    return url


def card_of_writer(suffix: str) -> Callable[[World, Role], str]:
    return lambda world, _role: f"/donnees/cartes/{world.members_card.id}/{suffix}"  # type: ignore[union-attr]


CASES = [
    Case("list of spaces", "forums.index", "GET", fixed("/"), everyone()),
    # For load balancers and probes: counts and ages, no member and no post named.
    Case("health", "health.health", "GET", fixed("/_health"), everyone()),
    # Prometheus metrics exist only with METRICS_TOKEN set (tests/pages/test_metrics.py).
    Case("metrics", "metrics.metrics", "GET", fixed("/_metrics"), everyone(NOT_FOUND)),
    Case("public space", "forums.space", "GET", fixed("/espaces/diabete"), everyone()),
    # Outsiders see a members-only space's description and how to join, not its threads.
    Case("members-only space", "forums.space", "GET", fixed("/espaces/prive"), everyone()),
    Case("public thread", "threads.thread", "GET", thread_of("someone_elses_post"), everyone()),
    Case(
        "members-only thread",
        "threads.thread",
        "GET",
        thread_of("private_post"),
        {**only(*READERS_OF_PRIVATE), Role.ANONYMOUS: LOGIN},
    ),
    Case(
        "join",
        "forums.join",
        "POST",
        fixed("/espaces/diabete/rejoindre"),
        {**logged_in(), Role.SUSPENDED: FORBIDDEN},
    ),
    # Joining a members-only space sends the member to ask for it: no one gets in so.
    Case(
        "join a members-only space",
        "forums.join",
        "POST",
        fixed("/espaces/prive/rejoindre"),
        {**logged_in(), Role.SUSPENDED: FORBIDDEN},
    ),
    Case("leave", "forums.leave", "POST", fixed("/espaces/diabete/quitter"), logged_in()),
    # Leaving is asked first: the page says what it means (to a non-member, the space).
    Case("confirm leaving", "forums.leave", "GET", fixed("/espaces/diabete/quitter"), logged_in()),
    # --- joining a members-only space: a request its moderators and association admin
    # answer, or their invitation link (the site admins decide nothing there) ---
    Case(
        "ask to join a members-only space",
        "membership.ask",
        "GET",
        fixed("/espaces/prive/demande"),
        {**logged_in(), Role.SUSPENDED: FORBIDDEN},
    ),
    Case(
        "ask to join a members-only space",
        "membership.ask",
        "POST",
        fixed("/espaces/prive/demande"),
        {**logged_in(), Role.SUSPENDED: FORBIDDEN},
        {"message": "Bonjour, je souhaite rejoindre l’espace."},
    ),
    Case(
        "take back my request",
        "membership.withdraw",
        "POST",
        fixed("/espaces/prive/demande/retirer"),
        logged_in(),
    ),
    Case(
        "requests to join a space",
        "membership.requests",
        "GET",
        fixed("/espaces/prive/demandes"),
        only(*MODERATORS),
    ),
    Case(
        "requests to join another association's space",
        "membership.requests",
        "GET",
        fixed("/espaces/endometriose/demandes"),
        logged_in(FORBIDDEN),
    ),
    # Neither accepted nor refused: the form is sent back (400), nothing decided.
    Case(
        "answer a request to join",
        "membership.decide",
        "POST",
        lambda world, _role: f"/espaces/prive/demandes/{world.join_request.id}",  # type: ignore[union-attr]
        only(*MODERATORS),
    ),
    Case(
        "answer a request to join another space",
        "membership.decide",
        "POST",
        lambda world, _role: f"/espaces/diabete/demandes/{world.join_request.id}",  # type: ignore[union-attr]
        {**logged_in(FORBIDDEN), **dict.fromkeys(MODERATORS, NOT_FOUND)},
    ),
    Case(
        "make an invitation link",
        "membership.create_invitation",
        "POST",
        fixed("/espaces/prive/invitations"),
        only(*MODERATORS),
        {"invitation-max_uses": "5", "invitation-days": "7"},
    ),
    Case(
        "stop an invitation link",
        "membership.revoke_invitation",
        "POST",
        lambda world, _role: f"/espaces/prive/invitations/{world.invitation.id}/revoquer",  # type: ignore[union-attr]
        only(*MODERATORS),
    ),
    # Anyone may open a link (a visitor is asked to log in first); following it needs an
    # account in good standing.
    Case(
        "an invitation link",
        "membership.invitation",
        "GET",
        _invitation_link,
        {**everyone(), Role.SUSPENDED: FORBIDDEN},
    ),
    Case(
        "follow an invitation link",
        "membership.invitation",
        "POST",
        _invitation_link,
        {**logged_in(), Role.SUSPENDED: FORBIDDEN},
    ),
    Case(
        "a forged invitation link",
        "membership.invitation",
        "GET",
        fixed("/invitations/pas-un-lien"),
        everyone(NOT_FOUND),
    ),
    # Following: an account, and the right to read what one follows; stopping, an account.
    Case(
        "follow a thread",
        "follows.follow_thread",
        "POST",
        thread_of("someone_elses_post", "/suivre"),
        logged_in(),
    ),
    Case(
        "follow a members-only thread",
        "follows.follow_thread",
        "POST",
        thread_of("private_post", "/suivre"),
        {**only(*READERS_OF_PRIVATE), Role.ANONYMOUS: LOGIN},
    ),
    Case(
        "stop following a thread",
        "follows.stop_following_thread",
        "POST",
        thread_of("private_post", "/ne-plus-suivre"),
        logged_in(),
    ),
    Case(
        "follow a space",
        "follows.follow_space",
        "POST",
        fixed("/espaces/diabete/suivre"),
        logged_in(),
    ),
    Case(
        "follow a members-only space",
        "follows.follow_space",
        "POST",
        fixed("/espaces/prive/suivre"),
        {**only(*READERS_OF_PRIVATE), Role.ANONYMOUS: LOGIN},
    ),
    Case(
        "stop following a space",
        "follows.stop_following_space",
        "POST",
        fixed("/espaces/prive/ne-plus-suivre"),
        logged_in(),
    ),
    Case("what I follow", "follows.followed", "GET", fixed("/suivis"), logged_in()),
    # Each member's own posts and what became of them: nobody else's, for anyone.
    Case("my posts", "my_posts.index", "GET", fixed("/mes-messages"), logged_in(), queries=6),
    # Reacting: for who may write in the space (a suspended member reads on); never on
    # one's own post (the writers are sent back to it, told why).
    Case(
        "react to a post",
        "reactions.react",
        "POST",
        lambda world, role: f"/messages/{world.someone_elses_post.id}/reagir",  # type: ignore[union-attr]
        {**only(*WRITERS), Role.ANONYMOUS: LOGIN},
        {"add": "thanks"},
    ),
    Case(
        "take a reaction back in a members-only space",
        "reactions.react",
        "POST",
        lambda world, role: f"/messages/{world.private_post.id}/reagir",  # type: ignore[union-attr]
        {**only(*WRITERS), Role.ANONYMOUS: LOGIN},
        {"remove": "support"},
    ),
    Case(
        "react to my own post",
        "reactions.react",
        "POST",
        own_post("reagir"),
        {**only(*WRITERS), Role.ANONYMOUS: LOGIN},
        {"add": "me_too"},
    ),
    # A post's own address (a quote links to it): whoever may read it there.
    Case(
        "a post's address",
        "forums.post",
        "GET",
        lambda world, role: f"/messages/{world.someone_elses_post.id}",  # type: ignore[union-attr]
        everyone(),
    ),
    Case(
        "a members-only post's address",
        "forums.post",
        "GET",
        lambda world, role: f"/messages/{world.private_post.id}",  # type: ignore[union-attr]
        {**only(*READERS_OF_PRIVATE), Role.ANONYMOUS: LOGIN},
    ),
    Case(
        "a pending post's address",
        "forums.post",
        "GET",
        lambda world, role: f"/messages/{world.pending_post.id}",  # type: ignore[union-attr]
        everyone(NOT_FOUND),
    ),
    # Drafts: one's own list, kept while suspended; nobody else's draft, moderators neither.
    Case("my drafts", "drafts.index", "GET", fixed("/brouillons/"), logged_in()),
    Case(
        "delete someone else's draft, form",
        "drafts.delete",
        "GET",
        lambda world, _role: f"/brouillons/{world.writer_draft.id}/supprimer",  # type: ignore[union-attr]
        logged_in(NOT_FOUND),
    ),
    Case(
        "delete someone else's draft",
        "drafts.delete",
        "POST",
        lambda world, _role: f"/brouillons/{world.writer_draft.id}/supprimer",  # type: ignore[union-attr]
        logged_in(NOT_FOUND),
    ),
    Case(
        "new thread form",
        "threads.new_thread",
        "GET",
        fixed("/espaces/diabete/nouvelle-discussion"),
        only(*WRITERS),
    ),
    # Sending a post also deletes its draft: one statement more than a page.
    Case(
        "new thread",
        "threads.new_thread",
        "POST",
        fixed("/espaces/diabete/nouvelle-discussion"),
        only(*WRITERS),
        POST_DATA,
        queries=MAX_QUERIES + 1,
    ),
    Case(
        "reply form",
        "threads.reply",
        "GET",
        thread_of("someone_elses_post", "/repondre"),
        only(*WRITERS),
    ),
    Case(
        "reply",
        "threads.reply",
        "POST",
        thread_of("someone_elses_post", "/repondre"),
        only(*WRITERS),
        POST_DATA,
        queries=MAX_QUERIES + 1,
    ),
    Case(
        "reply form quoting a post",
        "threads.reply",
        "GET",
        lambda world, role: (
            f"/discussions/{world.someone_elses_post.thread_id}/repondre"  # type: ignore[union-attr]
            f"?citer={world.someone_elses_post.id}"  # type: ignore[union-attr]
        ),
        only(*WRITERS),
    ),
    Case("edit my post form", "threads.edit", "GET", own_post("modifier"), only(*WRITERS)),
    Case(
        "edit my post",
        "threads.edit",
        "POST",
        own_post("modifier"),
        only(*WRITERS),
        POST_DATA,
        queries=MAX_QUERIES + 1,
    ),
    # Withdrawing one's own words stays possible while suspended.
    Case(
        "delete my post",
        "forums.delete",
        "POST",
        own_post("supprimer"),
        only(*WRITERS, Role.SUSPENDED, Role.MEMBER, Role.SITE_ADMIN),
    ),
    Case(
        "edit someone else's post",
        "threads.edit",
        "POST",
        lambda world, role: f"/messages/{world.someone_elses_post.id}/modifier",  # type: ignore[union-attr]
        logged_in(NOT_FOUND),
        POST_DATA,
    ),
    Case(
        "delete someone else's post",
        "forums.delete",
        "POST",
        lambda world, role: f"/messages/{world.someone_elses_post.id}/supprimer",  # type: ignore[union-attr]
        logged_in(NOT_FOUND),
    ),
    Case(
        "confirm deleting my post",
        "forums.delete",
        "GET",
        own_post("supprimer"),
        only(*WRITERS, Role.SUSPENDED, Role.MEMBER, Role.SITE_ADMIN),
    ),
    Case("administration", "admin.index", "GET", fixed("/admin/"), only(Role.SITE_ADMIN)),
    Case(
        "create association",
        "admin.create_association",
        "POST",
        fixed("/admin/associations"),
        only(Role.SITE_ADMIN),
        {"name": "Nouvelle", "slug": "nouvelle", "description": ""},
    ),
    Case(
        "create space",
        "admin.create_space",
        "POST",
        fixed("/admin/espaces"),
        only(Role.SITE_ADMIN),
        {"name": "Asthme", "slug": "asthme", "visibility": "public"},
    ),
    # --- SUSPENSIONS slice: the site admin suspends, lifts, and keeps the site's log ---
    Case(
        "members' suspensions",
        "suspensions.members",
        "GET",
        fixed("/admin/membres"),
        only(Role.SITE_ADMIN),
    ),
    Case(
        "suspend a member",
        "suspensions.suspend",
        "POST",
        fixed("/admin/membres/suspendre"),
        only(Role.SITE_ADMIN),
        {
            "suspension-pseudonym": "membre",
            "suspension-rule": "hostile",
            "suspension-facts": "Des insultes.",
            "suspension-duration": "7",
        },
    ),
    Case(
        "lift a suspension",
        "suspensions.reinstate",
        "POST",
        fixed("/admin/membres/reactiver"),
        only(Role.SITE_ADMIN),
        {"reactivation-pseudonym": "suspendu"},
    ),
    Case(
        "the site's log",
        "suspensions.site_journal",
        "GET",
        fixed("/admin/journal"),
        only(Role.SITE_ADMIN),
    ),
    Case(
        "edit a space",
        "admin.edit_space",
        "GET",
        fixed("/admin/espaces/diabete"),
        only(*SPACE_ADMINS),
    ),
    Case(
        "edit a space",
        "admin.edit_space",
        "POST",
        fixed("/admin/espaces/diabete"),
        only(*SPACE_ADMINS),
        {"description": "Nouvelle description", "rules": "Soyez bienveillants."},
    ),
    Case(
        "edit another association's space",
        "admin.edit_space",
        "POST",
        fixed("/admin/espaces/endometriose"),
        only(Role.SITE_ADMIN),
        {"description": "…", "rules": "…"},
    ),
    Case(
        "name a moderator",
        "admin.add_moderator",
        "POST",
        fixed("/admin/espaces/diabete/moderateurs"),
        only(*SPACE_ADMINS),
        {"pseudonym": "membre", "specialty": "diabétologie"},
    ),
    Case(
        "remove a moderator",
        "admin.remove_moderator",
        "POST",
        role_holder(Role.SPACE_MODERATOR, "/admin/espaces/diabete/moderateurs/{id}/retirer"),
        only(*SPACE_ADMINS),
    ),
    Case(
        "confirm removing a moderator",
        "admin.remove_moderator",
        "GET",
        role_holder(Role.SPACE_MODERATOR, "/admin/espaces/diabete/moderateurs/{id}/retirer"),
        only(*SPACE_ADMINS),
    ),
    Case(
        "name an association admin",
        "admin.add_association_admin",
        "POST",
        fixed("/admin/espaces/diabete/administrateurs"),
        only(Role.SITE_ADMIN),
        {"pseudonym": "membre"},
    ),
    Case(
        "remove an association admin",
        "admin.remove_association_admin",
        "POST",
        role_holder(Role.ASSOCIATION_ADMIN, "/admin/espaces/diabete/administrateurs/{id}/retirer"),
        only(Role.SITE_ADMIN),
    ),
    Case(
        "confirm removing an association admin",
        "admin.remove_association_admin",
        "GET",
        role_holder(Role.ASSOCIATION_ADMIN, "/admin/espaces/diabete/administrateurs/{id}/retirer"),
        only(Role.SITE_ADMIN),
    ),
    Case("charter", "accounts.charter", "GET", fixed("/charte"), everyone()),
    Case("privacy notice", "accounts.privacy", "GET", fixed("/confidentialite"), everyone()),
    Case("public profile", "accounts.profile", "GET", fixed("/membres/autrice"), everyone()),
    Case("language", "accounts.set_language", "GET", fixed("/langue/en?next=/"), everyone()),
    # --- plain help and reading comfort: for everyone, and choosing writes nothing ---
    Case("how it works", "help.how_it_works", "GET", fixed("/comment-ca-marche"), everyone()),
    Case(
        "how it works, about a members-only space",
        "help.how_it_works",
        "GET",
        fixed("/comment-ca-marche?espace=prive"),
        everyone(),
    ),
    Case(
        "text size", "text_size.choose", "GET", fixed("/taille-du-texte/grand?next=/"), everyone()
    ),
    Case("log-in page", "accounts.login", "GET", fixed("/connexion"), everyone()),
    Case(
        "log in",
        "accounts.login",
        "POST",
        fixed("/connexion"),
        everyone(),
        {"login": "membre", "password": "mauvais mot de passe"},
    ),
    Case("registration page", "accounts.register", "GET", fixed("/inscription"), everyone()),
    Case("log out", "accounts.logout", "POST", fixed("/deconnexion"), everyone()),
    Case("my account", "accounts.account", "GET", fixed("/compte"), logged_in()),
    Case(
        "my language",
        "accounts.account_locale",
        "POST",
        fixed("/compte/langue"),
        logged_in(),
        {"locale": "en"},
    ),
    Case(
        "my password",
        "accounts.account_password",
        "POST",
        fixed("/compte/mot-de-passe"),
        logged_in(),
        {"current_password": "x" * 12, "new_password": "y" * 12, "confirm": "y" * 12},
    ),
    Case(
        "forgotten password",
        "accounts.reset_request",
        "GET",
        fixed("/mot-de-passe-oublie"),
        everyone(),
    ),
    # The same answer whether the address exists or not, then back to the log-in page.
    Case(
        "forgotten password request",
        "accounts.reset_request",
        "POST",
        fixed("/mot-de-passe-oublie"),
        everyone(LOGIN),
        {"email": "membre@example.org"},
    ),
    Case(
        "reset with a bad token",
        "accounts.reset_password",
        "GET",
        fixed("/mot-de-passe-oublie/jeton-invalide"),
        everyone(),
    ),
    Case(
        "reset with a bad token",
        "accounts.reset_password",
        "POST",
        fixed("/mot-de-passe-oublie/jeton-invalide"),
        everyone(),
        {"password": "z" * 12, "confirm": "z" * 12},
    ),
    Case(
        "register",
        "accounts.register",
        "POST",
        fixed("/inscription"),
        everyone(),
        {"pseudonym": "nouvelle", "email": "nouvelle@example.org"},
    ),
    Case(
        "a thread that does not exist",
        "threads.thread",
        "GET",
        fixed("/discussions/999999"),
        everyone(NOT_FOUND),
    ),
    # Moderation is the work of the space's moderators and association admins only;
    # being a site admin gives no say on posts.
    Case("moderation queue", "moderation.queue", "GET", fixed("/moderation/"), only(*MODERATORS)),
    # After a decision, the way to the next post of the queue.
    Case(
        "next post of the queue",
        "moderation.next_post",
        "GET",
        fixed("/moderation/suivant"),
        only(*MODERATORS),
    ),
    # A post's own page, where a moderator decides it (and a refused decision comes back).
    Case(
        "a pending post's page",
        "moderation.item",
        "GET",
        lambda world, _role: f"/moderation/messages/{world.pending_post.id}",  # type: ignore[union-attr]
        only(*MODERATORS),
    ),
    Case(
        "approve a pending post",
        "moderation.approve",
        "POST",
        pending("approuver"),
        only(*MODERATORS),
        # Publishing tells those who follow the space (one of the World's members does):
        # one statement finds them with what their permissions need, one INSERT tells
        # them all, however many they are.
        queries=MAX_QUERIES + 2,
    ),
    # Without a reason the form is sent back (400): the page was served, nothing decided.
    Case(
        "reject a pending post",
        "moderation.reject",
        "POST",
        pending("rejeter"),
        only(*MODERATORS),
    ),
    # Without a message the form is sent back (400): the page was served, nothing decided.
    Case(
        "ask for an edit of a pending post",
        "moderation.request_edit",
        "POST",
        pending("demander-une-modification"),
        only(*MODERATORS),
    ),
    # The audit log judges the moderators: the space's association admins and the site
    # admins read it, the moderators do not.
    Case(
        "audit log of a space",
        "moderation.journal",
        "GET",
        fixed("/moderation/espaces/diabete/journal"),
        only(*SPACE_ADMINS),
    ),
    Case(
        "audit log export",
        "moderation.journal_csv",
        "GET",
        fixed("/moderation/espaces/diabete/journal.csv"),
        only(*SPACE_ADMINS),
    ),
    Case(
        "audit log of another association's space",
        "moderation.journal",
        "GET",
        fixed("/moderation/espaces/endometriose/journal"),
        only(Role.SITE_ADMIN),
    ),
    Case(
        "audit log export of another association's space",
        "moderation.journal_csv",
        "GET",
        fixed("/moderation/espaces/endometriose/journal.csv"),
        only(Role.SITE_ADMIN),
    ),
    # Before a moderator decides, nobody but its author and the space's moderators (the
    # queue links to it) sees a thread, not even site admins.
    Case(
        "someone else's pending thread",
        "threads.thread",
        "GET",
        thread_of("pending_post"),
        {**everyone(NOT_FOUND), **{role: OK for role in MODERATORS}},
    ),
    # --- MEMBERS slice: reports, notifications, e-mail preference, account deletion ---
    # Reporting is an act: visitors log in, suspended members may not, and a members-only
    # space's posts are reported by those who may read them.
    Case(
        "report form",
        "reports.report",
        "GET",
        lambda world, role: f"/messages/{world.someone_elses_post.id}/signaler",  # type: ignore[union-attr]
        {**logged_in(), Role.SUSPENDED: FORBIDDEN},
    ),
    Case(
        "report a post",
        "reports.report",
        "POST",
        lambda world, role: f"/messages/{world.someone_elses_post.id}/signaler",  # type: ignore[union-attr]
        {**logged_in(), Role.SUSPENDED: FORBIDDEN},
        {"reason": "hostile", "text": "Agressif."},
    ),
    Case(
        "report a members-only post",
        "reports.report",
        "POST",
        lambda world, role: f"/messages/{world.private_post.id}/signaler",  # type: ignore[union-attr]
        {**only(*READERS_OF_PRIVATE), Role.ANONYMOUS: LOGIN},
        {"reason": "hostile"},
    ),
    # One's own post: back to the thread with a word, nothing recorded.
    Case(
        "report my own post",
        "reports.report",
        "POST",
        own_post("signaler"),
        {**logged_in(), Role.SUSPENDED: FORBIDDEN},
        {"reason": "hostile"},
    ),
    Case(
        "report a pending post",
        "reports.report",
        "GET",
        lambda world, role: f"/messages/{world.pending_post.id}/signaler",  # type: ignore[union-attr]
        everyone(NOT_FOUND),
    ),
    # Notifying illegal content is open to anyone: visitors, suspended members, everyone.
    Case(
        "illegal content notice form",
        "notices.notify",
        "GET",
        lambda world, role: f"/contenu-illicite?message={world.someone_elses_post.id}",  # type: ignore[union-attr]
        everyone(),
    ),
    Case(
        "send an illegal content notice",
        "notices.notify",
        "POST",
        fixed("/contenu-illicite"),
        everyone(),
        {"url": "/discussions/1", "category": "threat", "justification": "Menaces."},
    ),
    Case("my notifications", "notifications.index", "GET", fixed("/notifications/"), logged_in()),
    Case(
        "mark all my notifications read",
        "notifications.mark_all_read",
        "POST",
        fixed("/notifications/tout-lu"),
        logged_in(),
    ),
    Case(
        "mark someone else's notification read",
        "notifications.mark_read",
        "POST",
        fixed("/notifications/999999/lu"),
        logged_in(NOT_FOUND),
    ),
    # Following a notification's link marks it read: only one's own.
    Case(
        "open my notification",
        "notifications.open_notification",
        "POST",
        lambda world, role: f"/notifications/{_notification_of(world, role)}/ouvrir",
        logged_in(),
    ),
    Case(
        "open someone else's notification",
        "notifications.open_notification",
        "POST",
        lambda world, _role: f"/notifications/{_notification_of(world, None)}/ouvrir",
        logged_in(NOT_FOUND),
    ),
    Case(
        "my summary by e-mail",
        "digests.preference",
        "POST",
        fixed("/compte/resume"),
        logged_in(),
        {"resume-frequency": "weekly"},
    ),
    # An e-mail's unsubscribe link works for whoever holds it, logged in or not.
    Case(
        "unsubscribe page",
        "digests.unsubscribe",
        "GET",
        lambda world, _role: f"/desabonnement/{_unsubscribe_token(world)}",
        everyone(),
    ),
    Case(
        "unsubscribe",
        "digests.unsubscribe",
        "POST",
        lambda world, _role: f"/desabonnement/{_unsubscribe_token(world)}",
        everyone(),
    ),
    Case(
        "my e-mail notifications",
        "notifications.email_preference",
        "POST",
        fixed("/compte/notifications"),
        logged_in(),
        {"courriel-notify_by_email": "y"},
    ),
    Case(
        "delete my account form",
        "accounts.delete_account",
        "GET",
        fixed("/compte/supprimer"),
        logged_in(),
    ),
    # With a wrong password the form comes back (400): the page was served, nothing deleted.
    Case(
        "delete my account",
        "accounts.delete_account",
        "POST",
        fixed("/compte/supprimer"),
        logged_in(),
        {"password": "mauvais mot de passe", "posts": "withdraw"},
    ),
    # --- my data: each member's archive of everything the site holds about them ---
    Case("all my data", "mydata.index", "GET", fixed("/compte/mes-donnees"), logged_in()),
    # A small account's archive is built in the request: it reads every section.
    Case(
        "ask for my archive",
        "mydata.ask",
        "POST",
        fixed("/compte/mes-donnees"),
        logged_in(),
        queries=32,
    ),
    # Nobody else's archive exists for them, moderators and admins included.
    Case(
        "download someone else's archive",
        "mydata.download",
        "GET",
        lambda world, _role: f"/compte/mes-donnees/{world.writer_export.id}/archive.zip",  # type: ignore[union-attr]
        logged_in(NOT_FOUND),
    ),
    # --- POLICY slice: thresholds, watched words, trusted members, calibration ---
    # The association and the site admins set a space's policy; its moderators read it.
    Case(
        "policy of a space",
        "policy.policy_page",
        "GET",
        fixed("/moderation/espaces/diabete/politique"),
        only(*MODERATORS, Role.SITE_ADMIN),
    ),
    Case(
        "set the policy of a space",
        "policy.policy_page",
        "POST",
        fixed("/moderation/espaces/diabete/politique"),
        only(*SPACE_ADMINS),
        {"threshold_insult": "0,6"},
    ),
    Case(
        "set the policy of another association's space",
        "policy.policy_page",
        "POST",
        fixed("/moderation/espaces/endometriose/politique"),
        only(Role.SITE_ADMIN),
        {"threshold_insult": "0,6"},
    ),
    Case(
        "watched words of a space",
        "policy.watched_words",
        "GET",
        fixed("/moderation/espaces/diabete/mots-surveilles"),
        only(*MODERATORS, Role.SITE_ADMIN),
    ),
    Case(
        "watch a word",
        "policy.watched_words",
        "POST",
        fixed("/moderation/espaces/diabete/mots-surveilles"),
        only(*SPACE_ADMINS),
        {"word": "arnaque", "action": "block"},
    ),
    # A word already gone: the admin is told so and sent back to the list.
    Case(
        "stop watching a word",
        "policy.remove_word",
        "POST",
        fixed("/moderation/espaces/diabete/mots-surveilles/999999/retirer"),
        only(*SPACE_ADMINS),
    ),
    # Prepared texts: the association (and the site admins) write them; moderators read them.
    Case(
        "prepared texts of a space",
        "canned.texts",
        "GET",
        fixed("/moderation/espaces/diabete/textes-prepares"),
        only(*MODERATORS, Role.SITE_ADMIN),
    ),
    Case(
        "prepared texts of another association's space",
        "canned.texts",
        "GET",
        fixed("/moderation/espaces/endometriose/textes-prepares"),
        only(Role.SITE_ADMIN),
    ),
    Case(
        "write a prepared text",
        "canned.texts",
        "POST",
        fixed("/moderation/espaces/diabete/textes-prepares"),
        only(*SPACE_ADMINS),
        {"kind": "edit_request", "title": "Un titre", "body": "Précisez votre question."},
    ),
    Case(
        "write a prepared text for another association's space",
        "canned.texts",
        "POST",
        fixed("/moderation/espaces/endometriose/textes-prepares"),
        only(Role.SITE_ADMIN),
        {"kind": "edit_request", "title": "Un titre", "body": "Précisez votre question."},
    ),
    Case(
        "change a prepared text form",
        "canned.edit",
        "GET",
        prepared_text(""),
        only(*SPACE_ADMINS),
    ),
    Case(
        "change a prepared text",
        "canned.edit",
        "POST",
        prepared_text(""),
        only(*SPACE_ADMINS),
        {"title": "Téléphone", "body": "Retirez votre numéro.", "reason_code": "personal_data"},
    ),
    # The only text of its list: the admin is told it is already first, nothing moves.
    Case(
        "move a prepared text",
        "canned.move",
        "POST",
        prepared_text("/deplacer"),
        only(*SPACE_ADMINS),
        {"direction": "up"},
    ),
    Case(
        "confirm deleting a prepared text",
        "canned.delete",
        "GET",
        prepared_text("/supprimer"),
        only(*SPACE_ADMINS),
    ),
    Case(
        "delete a prepared text",
        "canned.delete",
        "POST",
        prepared_text("/supprimer"),
        only(*SPACE_ADMINS),
    ),
    # The log of the association's changes: those who make them read it, as the audit log.
    Case(
        "changes to the prepared texts of a space",
        "canned.history",
        "GET",
        fixed("/moderation/espaces/diabete/textes-prepares/historique"),
        only(*SPACE_ADMINS),
    ),
    Case(
        "changes to the prepared texts of another association's space",
        "canned.history",
        "GET",
        fixed("/moderation/espaces/endometriose/textes-prepares/historique"),
        only(Role.SITE_ADMIN),
    ),
    # Trusting a member is moderation work: the space's moderators and association admins.
    Case(
        "trusted members of a space",
        "policy.trusted",
        "GET",
        fixed("/moderation/espaces/diabete/membres-de-confiance"),
        only(*MODERATORS),
    ),
    Case(
        "trust a member",
        "policy.set_trusted",
        "POST",
        role_holder(Role.SPACE_MEMBER, "/moderation/espaces/diabete/membres-de-confiance/{id}"),
        only(*MODERATORS),
        {"trusted": "1"},
    ),
    Case(
        "calibration of a space",
        "policy.calibration",
        "GET",
        fixed("/moderation/espaces/diabete/calibration"),
        only(*SPACE_ADMINS),
    ),
    Case(
        "calibration of another association's space",
        "policy.calibration",
        "GET",
        fixed("/moderation/espaces/endometriose/calibration"),
        only(Role.SITE_ADMIN),
    ),
    # Too few decisions in the World: the admin is told so and sent back to the page.
    Case(
        "refit the calibration of a space",
        "policy.refit_calibration",
        "POST",
        fixed("/moderation/espaces/diabete/calibration/recalculer"),
        only(*SPACE_ADMINS),
    ),
    Case(
        "refit the calibration of another association's space",
        "policy.refit_calibration",
        "POST",
        fixed("/moderation/espaces/endometriose/calibration/recalculer"),
        only(Role.SITE_ADMIN),
    ),
    # --- QUEUE slice: claims, hand-overs, reported posts, bulk decisions ---
    Case("claim a pending post", "moderation.claim", "POST", pending("prendre"), only(*MODERATORS)),
    Case(
        "release a pending post",
        "moderation.release",
        "POST",
        pending("liberer"),
        only(*MODERATORS),
    ),
    # Without a recipient the form is sent back (400): the page was served, nothing handed over.
    Case(
        "hand a pending post over",
        "moderation.escalate",
        "POST",
        pending("transmettre"),
        only(*MODERATORS),
    ),
    # Without a reason the form is sent back (400): the page was served, nothing taken down.
    Case(
        "take a reported post down",
        "moderation.unpublish",
        "POST",
        pending("depublier"),
        only(*MODERATORS),
    ),
    # Nothing reported: back to the queue with a word, nothing recorded.
    Case(
        "keep a reported post published",
        "moderation.dismiss_reports",
        "POST",
        pending("garder"),
        only(*MODERATORS),
    ),
    # Nothing checked: the form is sent back (400), with the queue read again after the
    # rollback (the member and their spaces too), its posts not scored yet read apart.
    Case(
        "decide in bulk",
        "moderation.bulk",
        "POST",
        fixed("/moderation/lot"),
        only(*MODERATORS),
        queries=MAX_QUERIES + 1,
    ),
    Case(
        "posts handed to me",
        "moderation.queue",
        "GET",
        fixed("/moderation/?transmis=1"),
        only(*MODERATORS),
    ),
    # --- APPEALS slice: contesting a decision, the appeals tab, answering an appeal ---
    # Contesting is open to whoever the decision is about, suspended members included.
    Case(
        "contest a decision on my post",
        "appeals.contest",
        "GET",
        lambda world, role: (
            f"/decisions/{world.refusals[role].id}/contester"
            if role in world.refusals
            else "/decisions/999999/contester"
        ),
        logged_in(),
    ),
    Case(
        "contest a decision on my post",
        "appeals.contest",
        "POST",
        lambda world, role: (
            f"/decisions/{world.refusals[role].id}/contester"
            if role in world.refusals
            else "/decisions/999999/contester"
        ),
        logged_in(),
        {"message": "Je ne suis pas d’accord."},
    ),
    # Someone else's decisions are not theirs to know of, moderators' included.
    Case(
        "contest a decision on someone else's post",
        "appeals.contest",
        "POST",
        lambda world, role: f"/decisions/{world.writer_refusal.id}/contester",  # type: ignore[union-attr]
        logged_in(NOT_FOUND),
        {"message": "Je ne suis pas d’accord."},
    ),
    # A site admin answers the appeals of the site's suspensions there.
    Case(
        "appeals tab",
        "appeals.appeal_tab",
        "GET",
        fixed("/moderation/contestations/"),
        only(*MODERATORS, Role.SITE_ADMIN),
    ),
    Case(
        "contest my suspension",
        "appeals.contest",
        "GET",
        lambda world, role: f"/decisions/{world.suspension.id}/contester",  # type: ignore[union-attr]
        {**logged_in(NOT_FOUND), Role.SUSPENDED: OK},
    ),
    # The site admins answer it (this one, who suspended, is told to leave it to another).
    Case(
        "answer the appeal of a suspension",
        "appeals.decide",
        "POST",
        lambda world, role: f"/moderation/contestations/{world.suspension_appeal.id}/decider",  # type: ignore[union-attr]
        only(Role.SITE_ADMIN),
    ),
    # Without an outcome the form is sent back (400): the page was served, nothing decided.
    Case(
        "answer an appeal",
        "appeals.decide",
        "POST",
        lambda world, role: f"/moderation/contestations/{world.appeal.id}/decider",  # type: ignore[union-attr]
        only(*MODERATORS),
    ),
    # --- TRANSPARENCY slice: published figures for everyone, a preview before publication ---
    Case(
        "the site's moderation figures",
        "transparency.site_page",
        "GET",
        fixed("/transparence"),
        everyone(),
    ),
    Case(
        "the site's moderation figures as CSV",
        "transparency.site_csv",
        "GET",
        fixed("/transparence.csv"),
        everyone(),
    ),
    # The members-only space's figures are published: counts only, anyone may read them.
    Case(
        "a published space's figures",
        "transparency.space_page",
        "GET",
        fixed("/espaces/prive/transparence"),
        everyone(),
    ),
    # Not published yet: its moderators and admins preview it; to others it does not exist.
    Case(
        "an unpublished space's figures",
        "transparency.space_page",
        "GET",
        fixed("/espaces/diabete/transparence"),
        {**everyone(NOT_FOUND), **{role: OK for role in (*MODERATORS, Role.SITE_ADMIN)}},
    ),
    Case(
        "an unpublished space's figures as CSV",
        "transparency.space_csv",
        "GET",
        fixed("/espaces/diabete/transparence.csv"),
        {**everyone(NOT_FOUND), **{role: OK for role in (*MODERATORS, Role.SITE_ADMIN)}},
    ),
    Case(
        "publish a space's figures",
        "transparency.set_publication",
        "POST",
        fixed("/espaces/diabete/transparence/publication"),
        {**everyone(NOT_FOUND), Role.SPACE_MODERATOR: FORBIDDEN, **dict.fromkeys(SPACE_ADMINS, OK)},
        {"published": "1"},
    ),
    Case(
        "publish another association's space's figures",
        "transparency.set_publication",
        "POST",
        fixed("/espaces/endometriose/transparence/publication"),
        {**everyone(NOT_FOUND), Role.SITE_ADMIN: OK},
        {"published": "1"},
    ),
    # --- search: anyone may search; what each reader finds is tests/search/test_visibility.py.
    Case("search", "search.results", "GET", fixed("/recherche?q=publi%C3%A9"), everyone()),
    # Outsiders asking for a members-only space get the form back with a reason (400).
    Case(
        "search a members-only space",
        "search.results",
        "GET",
        fixed("/recherche?q=nous&espace=prive"),
        everyone(),
    ),
    # --- self data: the vault ---
    # Everyone logged in has a vault of their own, and sees only that one: the writer's
    # records answer 404 to everybody else, moderators and admins included.
    Case("my data", "vault.index", "GET", fixed("/donnees"), logged_in()),
    Case("my measurements", "vault.records", "GET", fixed("/donnees/mesures"), logged_in()),
    Case(
        "add a symptom form", "vault.add", "GET", fixed("/donnees/symptomes/ajouter"), logged_in()
    ),
    Case(
        "add a symptom",
        "vault.add",
        "POST",
        fixed("/donnees/symptomes/ajouter"),
        logged_in(),
        {"date": "2026-03-04", "symptom": "Fatigue", "intensity": "5"},
    ),
    Case(
        "edit someone else's record form",
        "vault.edit",
        "GET",
        lambda world, role: f"/donnees/entrees/{world.vault_entry_id}/modifier",
        logged_in(NOT_FOUND),
    ),
    Case(
        "edit someone else's record",
        "vault.edit",
        "POST",
        lambda world, role: f"/donnees/entrees/{world.vault_entry_id}/modifier",
        logged_in(NOT_FOUND),
        {"series": "weight", "date": "2026-03-01", "time": "08:00", "value": "65"},
    ),
    Case(
        "confirm deleting someone else's record",
        "vault.delete",
        "GET",
        lambda world, role: f"/donnees/entrees/{world.vault_entry_id}/supprimer",
        logged_in(NOT_FOUND),
    ),
    Case(
        "delete someone else's record",
        "vault.delete",
        "POST",
        lambda world, role: f"/donnees/entrees/{world.vault_entry_id}/supprimer",
        logged_in(NOT_FOUND),
    ),
    Case("my charts", "periods.charts", "GET", fixed("/donnees/courbes?periode=365"), logged_in()),
    Case("my summary to print", "periods.summary", "GET", fixed("/donnees/resume"), logged_in()),
    Case("my vault profile form", "vault.profile", "GET", fixed("/donnees/profil"), logged_in()),
    Case(
        "my vault profile",
        "vault.profile",
        "POST",
        fixed("/donnees/profil"),
        logged_in(),
        {"birth_year": "1980", "sex": "F"},
    ),
    Case("erase my vault form", "vault.erase", "GET", fixed("/donnees/effacer"), logged_in()),
    # With a wrong password the form comes back (400): the page was served, nothing erased.
    Case(
        "erase my vault",
        "vault.erase",
        "POST",
        fixed("/donnees/effacer"),
        logged_in(),
        {"password": "mauvais mot de passe"},
    ),
    Case("export my vault", "vault.export_csv", "GET", fixed("/donnees/export.csv"), logged_in()),
    Case(
        "export my vault as JSON",
        "vault.export_json",
        "GET",
        fixed("/donnees/export.json"),
        logged_in(),
    ),
    # --- self data: imports ---
    # Everyone logged in imports into their own vault; the writer's pending import is
    # nobody else's to confirm (404, moderators and admins included).
    Case("import form", "imports.upload", "GET", fixed("/donnees/importer/"), logged_in()),
    # Without a file the form is sent back (400): the page was served, nothing imported.
    Case(
        "send a file to import", "imports.upload", "POST", fixed("/donnees/importer/"), logged_in()
    ),
    Case(
        "example file to import",
        "imports.example",
        "GET",
        fixed("/donnees/importer/exemple.csv"),
        logged_in(),
    ),
    Case(
        "confirm someone else's import",
        "imports.confirm",
        "POST",
        lambda world, _role: f"/donnees/importer/{world.pending_import_id}/confirmer",
        logged_in(NOT_FOUND),
    ),
    Case(
        "help to import", "imports.help_page", "GET", fixed("/donnees/importer/aide"), logged_in()
    ),
    Case(
        "example file of one source",
        "imports.example_of",
        "GET",
        fixed("/donnees/importer/exemples/tableur.csv"),
        logged_in(),
    ),
    Case(
        "import nothing of someone else's file",
        "imports.discard",
        "POST",
        lambda world, _role: f"/donnees/importer/{world.pending_import_id}/abandonner",
        logged_in(NOT_FOUND),
    ),
    Case(
        "the refused lines of someone else's file",
        "imports.refused_lines",
        "GET",
        lambda world, _role: f"/donnees/importer/{world.pending_import_id}/lignes-refusees.csv",
        logged_in(NOT_FOUND),
    ),
    Case(
        "what someone else's import did",
        "imports.done",
        "GET",
        lambda world, _role: f"/donnees/importer/{world.pending_import_id}/fait",
        logged_in(NOT_FOUND),
    ),
    # --- self data: data cards and who saw them ---
    # A card is seen on its post's page (who sees what there: tests/selfdata/
    # test_card_display.py); the page itself stays as open as the space.
    Case(
        "a thread with a card for members",
        "threads.thread",
        "GET",
        card_thread("members_card"),
        everyone(),
    ),
    Case(
        "a thread with a card for moderators",
        "threads.thread",
        "GET",
        card_thread("moderators_card"),
        everyone(),
    ),
    # One's own cards and who saw them: every account has them (suspended members too,
    # to withdraw); nobody else's.
    Case("my data cards", "cards.index", "GET", fixed("/donnees/cartes/"), logged_in()),
    Case("new data card form", "cards.new", "GET", fixed("/donnees/cartes/nouvelle"), logged_in()),
    # Nothing chosen: the form comes back (400), nothing stored.
    Case(
        "preview a data card", "cards.preview", "POST", fixed("/donnees/cartes/apercu"), logged_in()
    ),
    Case("create a data card", "cards.create", "POST", fixed("/donnees/cartes/creer"), logged_in()),
    Case(
        "confirm withdrawing someone else's card",
        "cards.withdraw",
        "GET",
        card_of_writer("retirer"),
        logged_in(NOT_FOUND),
    ),
    Case(
        "withdraw someone else's card",
        "cards.withdraw",
        "POST",
        card_of_writer("retirer"),
        logged_in(NOT_FOUND),
    ),
    Case(
        "confirm withdrawing all my cards",
        "cards.withdraw_all",
        "GET",
        fixed("/donnees/cartes/retirer-tout"),
        logged_in(),
    ),
    Case(
        "withdraw all my cards",
        "cards.withdraw_all",
        "POST",
        fixed("/donnees/cartes/retirer-tout"),
        logged_in(),
    ),
    Case(
        "who saw my data", "cards.views_log", "GET", fixed("/donnees/cartes/qui-a-vu"), logged_in()
    ),
]


def outcome_of(status: int, location: str) -> str:
    if status in (301, 302, 303) and "/connexion" in location:
        return LOGIN
    if status < 400:
        return OK
    if status == 400:  # a form that did not validate: the page was served
        return OK
    return {403: FORBIDDEN, 404: NOT_FOUND}.get(status, f"status {status}")


def log_in(client: FlaskClient, member: Member) -> None:
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = member.get_id()
        flask_session["_fresh"] = True


def test_the_table_covers_every_route(app: Flask) -> None:
    covered = {(case.endpoint, case.method) for case in CASES}
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}  # type: ignore[operator]
    }
    assert sorted(routes - covered) == []


# --- one World built once, each cell rolled back ------------------------------------
#
# Each of the table's cells needs the World. Building it takes about a second (members,
# posts, a vault, cards): it is built once per module, in a transaction rolled back after
# the module, and each cell runs in a savepoint of that transaction, rolled back after the
# cell, so that what a cell writes is gone before the next. The World's objects are
# frozen to their primary keys and looked up again in each cell's session.

Frozen = Any  # a World's fields with each ORM object replaced by ("orm", class, id)


def freeze(value: Any) -> Frozen:
    if isinstance(value, dict):
        return {key: freeze(item) for key, item in value.items()}
    if hasattr(value, "__table__"):
        return ("orm", type(value), value.id)
    if isinstance(value, World):
        return {name: freeze(getattr(value, name)) for name in value.__dataclass_fields__}
    return value


def thaw(session: Session, frozen: Frozen) -> World:
    def back(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: back(item) for key, item in value.items()}
        if isinstance(value, tuple) and len(value) == 3 and value[0] == "orm":
            return session.get(value[1], value[2])
        return value

    return World(**{name: back(item) for name, item in frozen.items()})


@pytest.fixture(scope="module")
def world_app() -> Iterator[tuple[Flask, Frozen]]:
    """The app, and the World written in the module's transaction."""
    with app_for(make_config()) as built:
        with built.app_context():
            frozen = freeze(build_world(db.session))
            db.session.commit()
        yield built, frozen


@pytest.fixture
def world_template(world_app: tuple[Flask, Frozen]) -> Frozen:
    return world_app[1]


@pytest.fixture
def app(world_app: tuple[Flask, Frozen]) -> Iterator[Flask]:
    """The World's database for one cell: what the cell writes is rolled back after it."""
    with rolled_back(world_app[0]) as application, application.app_context():
        yield application


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.method} {case.name}")
def test_who_may_use_each_page(
    case: Case,
    role: Role,
    world_template: Frozen,
    app: Flask,
    client: FlaskClient,
    session: Session,
    count_queries: Any,
) -> None:
    world = thaw(session, world_template)
    if role is not Role.ANONYMOUS:
        log_in(client, world.members[role])
    url = case.url(world, role)
    with count_queries() as counter:
        send = client.get if case.method == "GET" else client.post
        response = send(url, data=case.data)
    assert response.status_code != 500
    got = outcome_of(response.status_code, response.headers.get("Location", ""))
    assert got == case.expect[role], f"{case.method} {url} as {role}: {response.status_code}"
    if role is not Role.ANONYMOUS:
        # Every answer to a member names them (the header's pseudonym and unread count),
        # and most show their own posts, queue or data: no cache may keep any of them.
        assert response.headers.get("Cache-Control") == "private, no-store", f"{url} as {role}"
    assert counter.count <= case.queries, "\n".join(
        s.split("\n")[0][:90] for s in counter.statements
    )

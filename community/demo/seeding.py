"""Seeding the demo: accounts, spaces and months of conversation, then what moderators
and members left behind, all through the services in one transaction."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.accounts.services import create_member
from community.demo.cases import FLAGGED_REPLIES, JOIN_REQUEST
from community.demo.cast import (
    ASSOCIATION_ADMINS,
    ASSOCIATIONS,
    DEMO_PASSWORD,
    MEMBERS,
    MODERATORS,
    SITE_ADMIN,
    SPACES,
    Cast,
    SpaceSpec,
    demo_email,
)
from community.demo.moderation import review_history, seed_present
from community.demo.prepared import seed_prepared_texts
from community.demo.reactions import seed_reactions
from community.demo.selfdata import seed_self_data
from community.demo.texts import FICTIONAL, SPACE_RULES, TOPICS
from community.demo.writer import Writer, daytime, share, spaced_times
from community.forums import membership
from community.forums import services as forums
from community.forums.models import Association, Post, Space, SpaceRoleKind, Thread
from community.kernel.clock import utcnow
from community.moderation.model.scorers import Scorer
from community.moderation.transparency import services as transparency
from community.notifications.models import Notification
from community.notifications.news import NEWS_KINDS

# The same seed gives the same texts, authors and rhythm on every machine.
SEED = 2026
PUBLISHED_POSTS = 1000
PENDING_REPLIES = 7
HISTORY_DAYS = 180
# The latest replies went through the moderators one by one, leaving the audit log and
# the calibration page something to show; older ones are simply published.
REVIEWED_REPLIES = 50


@dataclass(frozen=True)
class DemoSummary:
    """What seed made: threads and posts published, posts still waiting, and the rest of
    what the moderators see."""

    associations: int
    spaces: int
    members: int
    threads: int
    published_posts: int
    pending_posts: int
    decisions: int  # in the audit log, all in the past
    rejected_posts: int
    reports: int
    pending_edits: int
    escalations: int
    data_cards: int  # linked to posts; one more was withdrawn
    prepared_texts: int  # for the moderators' refusals and edit requests, in every space


def is_seeded(session: Session) -> bool:
    """True once the demo data is in: the whole of it is committed at once."""
    slug = ASSOCIATIONS[0][0]
    return session.scalar(select(Association.id).where(Association.slug == slug)) is not None


def has_accounts(session: Session) -> bool:
    """True if anyone has an account: the demo's public password must not join them."""
    return session.scalar(select(Member.id).limit(1)) is not None


def _backdate(member: Member, when: datetime) -> None:
    # The accounts service stamps "now"; the demo's members joined before their posts.
    member.created_at = member.charter_accepted_at = member.privacy_accepted_at = when
    member.password_changed_at = when


def seed(
    session: Session,
    *,
    now: datetime | None = None,
    scorer: Scorer | None = None,
    default_threshold: float = 0.5,
) -> DemoSummary:
    """Create the whole demo through the services; the caller commits once.

    `scorer` scores the posts moderators decided on in the past (see demo_scorer); None
    leaves them "score indisponible". Raises AccountError or ForumError if the database
    already holds a conflicting pseudonym, e-mail or slug.
    """
    now = now or utcnow()
    rng = random.Random(SEED)
    writer = Writer(rng)
    opened = now - timedelta(days=HISTORY_DAYS + 30)
    accounts: dict[str, Member] = {}

    def member(pseudonym: str, *, is_site_admin: bool = False) -> Member:
        created = create_member(
            session,
            pseudonym=pseudonym,
            email=demo_email(pseudonym),
            password=DEMO_PASSWORD,
            is_site_admin=is_site_admin,
        )
        _backdate(created, opened + timedelta(days=rng.uniform(0, 25)))
        accounts[pseudonym] = created
        return created

    admin = member(SITE_ADMIN, is_site_admin=True)
    associations: dict[str, Association] = {}
    for slug, name in ASSOCIATIONS:
        associations[slug] = forums.create_association(
            session, name=name, slug=slug, description=FICTIONAL
        )
        associations[slug].created_at = opened
    spaces: dict[str, Space] = {}
    for spec in SPACES:
        spaces[spec.slug] = forums.create_space(
            session,
            association=associations[spec.association],
            name=spec.name,
            slug=spec.slug,
            description=spec.description,
            rules=SPACE_RULES,
            visibility=spec.visibility,
        )
        spaces[spec.slug].created_at = opened
        # The demo's associations publish how they moderate (new spaces wait for theirs).
        transparency.set_published(session, space=spaces[spec.slug], published=True)

    staff: dict[str, list[Member]] = {s.slug: [] for s in SPACES}
    admins: dict[str, Member] = {}
    for association_slug, pseudonym in ASSOCIATION_ADMINS.items():
        association_admin = member(pseudonym)
        for spec in SPACES:
            if spec.association == association_slug:
                admins[spec.slug] = association_admin
                forums.grant_space_role(
                    session,
                    space=spaces[spec.slug],
                    member=association_admin,
                    kind=SpaceRoleKind.ASSOCIATION_ADMIN,
                    granted_by=admin,
                )
    for pseudonym, specialty, moderated in MODERATORS:
        moderator = member(pseudonym)
        for slug in moderated:
            forums.grant_space_role(
                session,
                space=spaces[slug],
                member=moderator,
                kind=SpaceRoleKind.MODERATOR,
                specialty=specialty,
            )
            staff[slug].append(moderator)

    regulars: dict[str, list[Member]] = {s.slug: [] for s in SPACES}
    for pseudonym, joined in MEMBERS:
        regular = member(pseudonym)
        for slug in joined:
            forums.join_space(session, member=regular, space=spaces[slug])
            regulars[slug].append(regular)

    plan = [spec for spec in SPACES for _ in range(spec.threads)]
    replies = share(PUBLISHED_POSTS - len(plan), [rng.expovariate(1.0) + 0.15 for _ in plan])
    titles: dict[str, set[str]] = {s.slug: set() for s in SPACES}
    threads: list[tuple[SpaceSpec, Thread]] = []
    answers: list[tuple[str, Post, datetime]] = []
    for spec, reply_count in zip(plan, replies, strict=True):
        topic = TOPICS[spec.topic]
        space, people = spaces[spec.slug], regulars[spec.slug]
        author = rng.choice(people)
        start = daytime(now - timedelta(days=rng.uniform(2, HISTORY_DAYS)), now)
        thread, post = forums.start_thread(
            session,
            author=author,
            space=space,
            title=writer.title(topic, titles[spec.slug]),
            body=writer.opening(topic),
        )
        thread.created_at = post.created_at = start
        opened_at = start + timedelta(minutes=rng.randint(5, 240))
        forums.publish_post(session, post=post, at=opened_at)
        previous = author
        # Nobody can answer a thread before a moderator has let it through.
        for when in spaced_times(rng, opened_at, reply_count, now - timedelta(hours=2)):
            roll = rng.random()
            if roll < 0.05 and staff[spec.slug]:
                writer_member, body = rng.choice(staff[spec.slug]), writer.moderator_note()
            elif roll < 0.17 and previous is not author:
                writer_member, body = author, writer.thanks()
            else:
                others = [m for m in people if m is not previous and m is not author]
                writer_member = rng.choice(others)
                body = writer.reply(topic, author.pseudonym)
            answer = forums.reply(session, author=writer_member, thread=thread, body=body)
            answer.created_at = when
            published = min(when + timedelta(minutes=rng.randint(3, 180)), now)
            answers.append((spec.slug, answer, published))
            previous = writer_member
        threads.append((spec, thread))

    # A moderator never decides on their own post: those were published as they came.
    answers.sort(key=lambda answer: (answer[2], answer[1].id))
    staff_ids = {slug: {m.id for m in moderators} for slug, moderators in staff.items()}
    reviewable = [a for a in answers if a[1].author_id not in staff_ids[a[0]]]
    reviewable = reviewable[-REVIEWED_REPLIES:]
    reviewed = {answer.id for _slug, answer, _at in reviewable}
    for _slug, answer, published in answers:
        if answer.id not in reviewed:
            forums.publish_post(session, post=answer, at=published)
    cast = Cast(accounts, spaces, staff, admins, {s.slug: [] for s in SPACES})
    for spec, thread in threads:
        cast.threads[spec.slug].append(thread)
    # A generator of its own: the posts above stay the same whatever is added below.
    moderation_rng = random.Random(SEED + 1)
    history = review_history(
        session,
        cast=cast,
        rng=moderation_rng,
        now=now,
        replies=reviewable,
        scorer=scorer,
        default_threshold=default_threshold,
    )
    pending, flagged = _seed_pending(session, rng, writer, threads, regulars, cast, now)
    present = seed_present(
        session, cast=cast, now=now, reported=history.reported_post, escalated=flagged["miracle"]
    )
    prepared_texts = seed_prepared_texts(session, cast=cast, now=now)
    self_data = seed_self_data(session, cast=cast, now=now)
    seed_reactions(
        session, threads=[(spec.slug, thread) for spec, thread in threads], regulars=regulars
    )
    # Someone waits to get into the members-only space; its deciders were told.
    space_slug, requester, words = JOIN_REQUEST
    asked = membership.request_membership(
        session, member=cast.people[requester], space=spaces[space_slug], message=words
    )
    asked.created_at = now - timedelta(hours=5)
    # Publishing told the followers of every post, as it does; months of history told at
    # once would bury what the demo means its members to find (the decisions on their
    # posts). From now on, replies approved in the demo are told as on the real site.
    session.execute(delete(Notification).where(Notification.kind.in_(NEWS_KINDS)))
    return DemoSummary(
        associations=len(associations),
        spaces=len(spaces),
        members=len(accounts),
        threads=len(threads),
        # The post two members reported was let through by a moderator, like the others.
        published_posts=PUBLISHED_POSTS + 1 + self_data.published_posts,
        pending_posts=pending + self_data.pending_posts,
        decisions=history.decisions + present.escalations,
        rejected_posts=history.rejected,
        reports=present.reports,
        pending_edits=present.pending_edits,
        escalations=present.escalations,
        data_cards=self_data.cards,
        prepared_texts=prepared_texts,
    )


def _seed_pending(
    session: Session,
    rng: random.Random,
    writer: Writer,
    threads: list[tuple[SpaceSpec, Thread]],
    regulars: dict[str, list[Member]],
    cast: Cast,
    now: datetime,
) -> tuple[int, dict[str, Post]]:
    """A few recent posts and one thread still waiting in the moderation queue, and the
    posts it must catch (FLAGGED_REPLIES), by name."""
    first_space = cast.spaces[SPACES[0].slug]
    waiting: list[Post] = []
    recent = sorted(threads, key=lambda pair: pair[1].last_activity_at)[-30:]
    for spec, thread in rng.sample(recent, PENDING_REPLIES):
        author = rng.choice(regulars[spec.slug])
        body = writer.reply(TOPICS[spec.topic], thread.author.pseudonym)
        waiting.append(forums.reply(session, author=author, thread=thread, body=body))
    thread, opening = forums.start_thread(
        session,
        author=regulars[first_space.slug][0],
        space=first_space,
        title="Première pompe à insuline dans quinze jours",
        body=(
            "Bonsoir à tous,\n\nJe passe à la pompe dans quinze jours et j’ai un peu le trac. "
            "Qu’est-ce que vous auriez aimé savoir **avant** de commencer ?\n\nMerci d’avance !"
        ),
    )
    waiting.append(opening)
    # Posts the moderation queue must catch, so that a demo moderator sees why it exists.
    flagged: dict[str, Post] = {}
    for name, (slug, pseudonym, text) in FLAGGED_REPLIES.items():
        in_space = [t for s, t in recent if s.slug == slug] or cast.threads[slug]
        target = rng.choice(in_space)
        post = forums.reply(session, author=cast.people[pseudonym], thread=target, body=text)
        flagged[name] = post
        waiting.append(post)
    for post in waiting:
        post.created_at = post.status_changed_at = post.review_requested_at = now - timedelta(
            minutes=rng.randint(20, 2000)
        )
    thread.created_at = opening.created_at
    session.flush()
    return len(waiting), flagged

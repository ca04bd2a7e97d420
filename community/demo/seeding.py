"""French demo data: fictional associations, disease spaces, members, moderators and posts."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.accounts.services import create_member
from community.demo.moderation import Cast, review_history, seed_present
from community.demo.selfdata import seed_self_data
from community.demo.texts import FICTIONAL, FLAGGED_REPLIES, GENERIC, SPACE_RULES, TOPICS, Topic
from community.forums import services as forums
from community.forums.models import (
    Association,
    Post,
    Space,
    SpaceRoleKind,
    SpaceVisibility,
    Thread,
)
from community.kernel.clock import utcnow
from community.moderation.model.scorers import (
    DEFAULT_CHECKPOINT,
    PACKAGE_MODEL_DIR,
    DetoxifyScorer,
    ModelError,
    Scorer,
)

# Shared by every demo account; printed by `flask demo`. Never a real password.
DEMO_PASSWORD = "demo-patient-2026"  # noqa: S105
# The same seed gives the same texts, authors and rhythm on every machine.
SEED = 2026
PUBLISHED_POSTS = 1000
PENDING_REPLIES = 7
HISTORY_DAYS = 180
# The latest replies went through the moderators one by one, leaving the audit log and
# the calibration page something to show; older ones are simply published.
REVIEWED_REPLIES = 50

ASSOCIATIONS = (
    ("horizon-diabete", "Horizon Diabète (association fictive)"),
    ("endo-vaillantes", "Les Endo’Vaillantes (association fictive)"),
    ("myeline-et-compagnie", "Myéline et Compagnie (association fictive)"),
)


@dataclass(frozen=True)
class SpaceSpec:
    slug: str
    name: str
    association: str
    topic: str
    threads: int
    description: str
    visibility: SpaceVisibility = SpaceVisibility.PUBLIC


SPACES = (
    SpaceSpec(
        "diabete-type-1",
        "Diabète de type 1",
        "horizon-diabete",
        "t1",
        24,
        "Pour les personnes vivant avec un diabète de type 1 et leurs proches : capteurs, "
        "pompes, hypos, sport, travail, et tout le reste.",
    ),
    SpaceSpec(
        "diabete-type-2",
        "Diabète de type 2",
        "horizon-diabete",
        "t2",
        22,
        "Vivre au quotidien avec un diabète de type 2 : alimentation, activité, suivi, moral.",
    ),
    SpaceSpec(
        "endometriose",
        "Endométriose",
        "endo-vaillantes",
        "endo",
        22,
        "Un espace pour parler des douleurs, du diagnostic, du travail, du désir d’enfant, "
        "sans tabou et sans jugement.",
    ),
    SpaceSpec(
        "sclerose-en-plaques",
        "Sclérose en plaques",
        "myeline-et-compagnie",
        "sep",
        20,
        "Fatigue, poussées, traitements, travail, famille : entre personnes qui vivent "
        "avec une SEP.",
    ),
    SpaceSpec(
        "maladies-rares",
        "Maladies rares — espace privé",
        "myeline-et-compagnie",
        "rares",
        12,
        "Un espace réservé à ses membres, pour parler de maladies rares et d’errance "
        "diagnostique entre personnes concernées.",
        SpaceVisibility.MEMBERS,
    ),
)

SITE_ADMIN = "Admin démo"
ASSOCIATION_ADMINS = {
    "horizon-diabete": "Hélène-Horizon",
    "endo-vaillantes": "Nora-Vaillante",
    "myeline-et-compagnie": "Bruno-Myéline",
}
# (pseudonym, specialty, spaces moderated)
MODERATORS = (
    ("Dre Aubrac", "diabétologie", ("diabete-type-1", "diabete-type-2")),
    ("Olivier T1", "patient expert", ("diabete-type-1",)),
    ("Maëlle IDE", "éducation thérapeutique", ("diabete-type-2",)),
    ("Dr Kervella", "gynécologie", ("endometriose",)),
    ("Claire.E", "patiente experte", ("endometriose",)),
    ("Dre Sorel", "neurologie", ("sclerose-en-plaques", "maladies-rares")),
    ("Jeanne Paire", "patiente experte", ("sclerose-en-plaques",)),
)
_T1, _T2, _ENDO, _SEP, _RARES = (s.slug for s in SPACES)
MEMBERS = (
    ("Camille_T1", (_T1,)),
    ("Lucas.Glyc", (_T1,)),
    ("PapaDeLéo", (_T1, _RARES)),
    ("Inès", (_T1,)),
    ("Théo-rando", (_T1,)),
    ("Sandrine44", (_T1, _ENDO)),
    ("Bastien", (_T1,)),
    ("Gérard56", (_T2,)),
    ("Mireille", (_T2,)),
    ("Karim", (_T2,)),
    ("Yvette.B", (_T2,)),
    ("Patrick_Nantes", (_T2,)),
    ("Fatou", (_T2, _RARES)),
    ("Lila", (_ENDO,)),
    ("Nadia_endo", (_ENDO,)),
    ("Solène", (_ENDO,)),
    ("Chloé.M", (_ENDO,)),
    ("Océane", (_ENDO, _RARES)),
    ("Pierre-Yves", (_SEP,)),
    ("Agathe", (_SEP,)),
    ("Malik", (_SEP,)),
    ("Élise", (_SEP, _RARES)),
    ("Rémi", (_SEP,)),
    ("Mamie Jo", (_RARES, _T2)),
)


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


def demo_scorer() -> Scorer | None:
    """The small development model shipped with the code, which scores the demo's past
    decisions; None if it cannot be loaded (those posts then show "score indisponible").

    Always this one, whatever the site is configured with: it loads in seconds, where the
    production model would make `flask demo` wait.
    """
    try:
        return DetoxifyScorer(DEFAULT_CHECKPOINT, PACKAGE_MODEL_DIR)
    except (ModelError, ImportError, OSError):
        return None


def is_seeded(session: Session) -> bool:
    """True once the demo data is in: the whole of it is committed at once."""
    slug = ASSOCIATIONS[0][0]
    return session.scalar(select(Association.id).where(Association.slug == slug)) is not None


def has_accounts(session: Session) -> bool:
    """True if anyone has an account: the demo's public password must not join them."""
    return session.scalar(select(Member.id).limit(1)) is not None


def demo_email(pseudonym: str) -> str:
    """An address under .invalid, a top-level domain that never receives mail."""
    bare = unicodedata.normalize("NFKD", pseudonym).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", ".", bare.lower()).strip(".") + "@demo.invalid"


def login_lines() -> list[str]:
    """The demo accounts, by role, as `flask demo` prints them."""
    spaces = {s.slug: s.name for s in SPACES}
    associations = dict(ASSOCIATIONS)
    lines = [
        f"Comptes de démonstration — mot de passe commun à tous : {DEMO_PASSWORD}",
        "(pour la démonstration seulement : ne l’utilisez pour rien d’autre)",
        "",
        f"  Administration du site : {SITE_ADMIN}",
        "  Administration d’association :",
    ]
    lines += [f"    {p} — {associations[a]}" for a, p in ASSOCIATION_ADMINS.items()]
    lines.append("  Modération :")
    lines += [
        f"    {p} ({specialty}) — {', '.join(spaces[s] for s in moderated)}"
        for p, specialty, moderated in MODERATORS
    ]
    lines.append("  Membres :")
    lines += [f"    {p} — {', '.join(spaces[s] for s in joined)}" for p, joined in MEMBERS]
    return lines


class _Writer:
    """Makes plausible posts from a topic's fragments with one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _list(self, topic: Topic) -> str:
        items = self.rng.sample(topic.tips, self.rng.randint(2, 4))
        intro = self.rng.choice(GENERIC.list_intros)
        return intro + "\n\n" + "\n".join(f"- {item}" for item in items)

    def title(self, topic: Topic, used: set[str]) -> str:
        # The space's own subjects first, then everyday ones any space has.
        left = [t for t in topic.titles if t not in used]
        left = left or [t for t in GENERIC.titles if t not in used]
        pick = self.rng.choice(left)
        used.add(pick)
        return pick

    def opening(self, topic: Topic) -> str:
        rng = self.rng
        parts = []
        opener = rng.choice(GENERIC.openers)
        story = " ".join(rng.sample(topic.lines, rng.randint(2, 4)))
        parts.append(f"{opener}\n\n{story}" if opener else story)
        if rng.random() < 0.3:
            parts.append(self._list(topic))
        parts.append(rng.choice(GENERIC.questions))
        closer = rng.choice(GENERIC.closers)
        if closer:
            parts.append(closer)
        return "\n\n".join(parts)

    def reply(self, topic: Topic, thread_author: str) -> str:
        rng = self.rng
        first = rng.choice(GENERIC.empathy)
        if rng.random() < 0.25:
            first = f"{thread_author}, {first[0].lower()}{first[1:]}"
        shape = rng.random()
        if shape < 0.35:
            return first
        parts = [" ".join([first, *rng.sample(topic.lines, rng.randint(1, 2))])]
        if shape > 0.8:
            parts.append(self._list(topic) if rng.random() < 0.6 else rng.choice(GENERIC.bold))
        if rng.random() < 0.3:
            parts.append(rng.choice(GENERIC.suggestions))
        closer = rng.choice(GENERIC.closers)
        if closer and rng.random() < 0.5:
            parts.append(closer)
        return "\n\n".join(parts)

    def thanks(self) -> str:
        return self.rng.choice(GENERIC.thanks)

    def moderator_note(self) -> str:
        return self.rng.choice(GENERIC.moderator_notes)


def _share(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights`, in whole numbers that add up exactly."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: counts[i] - raw[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _times(rng: random.Random, start: datetime, count: int, end: datetime) -> list[datetime]:
    """`count` increasing times after `start`, hours to days apart, all before `end`."""
    offsets, hours = [], 0.0
    for _ in range(count):
        hours += min(rng.expovariate(1 / 9), 96) + 0.2
        offsets.append(hours)
    if offsets and start + timedelta(hours=offsets[-1]) > end:
        squeeze = (end - start) / timedelta(hours=offsets[-1])
        offsets = [h * squeeze for h in offsets]
    return sorted(_daytime(start + timedelta(hours=h), end) for h in offsets)


def _daytime(when: datetime, end: datetime) -> datetime:
    """Move a night-time moment (UTC) to the morning: few people post at 3 a.m."""
    if when.hour < 6:
        when += timedelta(hours=7)
    return min(when, end).replace(microsecond=0)


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
    writer = _Writer(rng)
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
    replies = _share(PUBLISHED_POSTS - len(plan), [rng.expovariate(1.0) + 0.15 for _ in plan])
    titles: dict[str, set[str]] = {s.slug: set() for s in SPACES}
    threads: list[tuple[SpaceSpec, Thread]] = []
    answers: list[tuple[str, Post, datetime]] = []
    for spec, reply_count in zip(plan, replies, strict=True):
        topic = TOPICS[spec.topic]
        space, people = spaces[spec.slug], regulars[spec.slug]
        author = rng.choice(people)
        start = _daytime(now - timedelta(days=rng.uniform(2, HISTORY_DAYS)), now)
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
        for when in _times(rng, opened_at, reply_count, now - timedelta(hours=2)):
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
    self_data = seed_self_data(session, cast=cast, now=now)
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
    )


def _seed_pending(
    session: Session,
    rng: random.Random,
    writer: _Writer,
    threads: list[tuple[SpaceSpec, Thread]],
    regulars: dict[str, list[Member]],
    cast: Cast,
    now: datetime,
) -> tuple[int, dict[str, Post]]:
    """A few recent posts and one thread still waiting in the moderation queue, and the
    posts it must catch (FLAGGED_REPLIES), by name."""
    first_space = cast.spaces[_T1]
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

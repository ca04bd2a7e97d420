"""The demo's moderation: past decisions for the audit log and calibration, and what waits now.

Everything goes through the moderation services, as a moderator's clicks would; only the
times are moved into the past afterwards, since the services stamp "now".
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from community.accounts.models import Member
from community.demo.cases import (
    APPEAL_DECIDERS,
    EDIT_ADDITION,
    ESCALATION,
    NOTIFIED_EDIT,
    NOTIFIED_MEMBER,
    NOTIFIED_REJECTED,
    REJECTED_POSTS,
    REPORTED_POST,
    REPORTS,
    TRUSTED_MEMBER,
    WATCHED_WORDS,
)
from community.demo.cast import Cast
from community.forums import services as forums
from community.forums.models import Post, PostRevision, PostStatus, RevisionStatus, Space, Thread
from community.moderation.model.scorers import Scorer
from community.moderation.models import ModerationItem, WatchAction
from community.moderation.policy import services as policy
from community.moderation.queue import services, waiting
from community.moderation.reports import services as reports
from community.moderation.scoring import services as scoring
from community.notifications.models import Notification

# The lease the demo holds on the posts it scores, within its own transaction.
OWNER = "demo"


@dataclass
class _Decision:
    post: Post
    at: datetime
    space: str
    reject: tuple[str, str] | None = None  # (reason, precision)
    edit_message: str | None = None
    unread: bool = False  # its notification waits for the author
    moderator: str | None = None  # who decides, when the demo names them


@dataclass(frozen=True)
class History:
    decisions: int
    approved: int
    rejected: int
    reported_post: Post


def _reply_in(
    session: Session,
    cast: Cast,
    rng: random.Random,
    slug: str,
    author: str,
    text: str,
    at: datetime,
) -> Post:
    """A reply written at `at` in one of the space's threads opened before then."""
    threads = [t for t in cast.threads[slug] if t.created_at < at - timedelta(hours=6)]
    thread = rng.choice(threads)
    post = forums.reply(session, author=cast.people[author], thread=thread, body=text)
    post.created_at = post.status_changed_at = post.review_requested_at = at
    return post


def review_history(
    session: Session,
    *,
    cast: Cast,
    rng: random.Random,
    now: datetime,
    replies: Sequence[tuple[str, Post, datetime]],
    scorer: Scorer | None,
    default_threshold: float,
) -> History:
    """Score and decide, through the services, the latest `replies` (space slug, pending
    post, when it was published) and the refused posts of the past weeks.

    The demo's own small model scores them (scorer None: "score indisponible"), so that
    the calibration page compares real scores with the moderators' decisions.
    """
    plan = [_Decision(post, at, slug) for slug, post, at in replies]
    for slug, author, text, reason, precision in REJECTED_POSTS:
        written = now - timedelta(days=rng.uniform(2, 45))
        post = _reply_in(session, cast, rng, slug, author, text, written)
        plan.append(_Decision(post, written + timedelta(minutes=rng.randint(15, 600)), slug))
        plan[-1].reject = (reason, precision)
    slug, author, text = REPORTED_POST
    written = now - timedelta(days=rng.uniform(4, 8))
    reported = _reply_in(session, cast, rng, slug, author, text, written)
    plan.append(_Decision(reported, written + timedelta(hours=2), slug))
    # The demo member's own news: refused yesterday, sent back this morning.
    camille = cast.people[NOTIFIED_MEMBER]
    text, reason, precision = NOTIFIED_REJECTED
    written = now - timedelta(hours=30)
    post = _reply_in(session, cast, rng, "diabete-type-1", camille.pseudonym, text, written)
    plan.append(_Decision(post, written + timedelta(hours=3), "diabete-type-1", unread=True))
    plan[-1].reject = (reason, precision)
    plan[-1].moderator = APPEAL_DECIDERS[0]  # so that the log-ins can say who may not answer
    text, message = NOTIFIED_EDIT
    written = now - timedelta(hours=5)
    post = _reply_in(session, cast, rng, "diabete-type-1", camille.pseudonym, text, written)
    plan.append(_Decision(post, written + timedelta(hours=2), "diabete-type-1", unread=True))
    plan[-1].edit_message = message

    for step in plan:
        step.post.review_requested_at = step.post.created_at
    session.flush()
    claimed = scoring.claim_batch(
        session, owner=OWNER, size=len(plan), lease_seconds=600, max_attempts=None
    )
    assert {p.id for p in claimed} == {step.post.id for step in plan}, "only these wait"
    scoring.score_batch(
        session, posts=claimed, scorer=scorer, owner=OWNER, default_threshold=default_threshold
    )

    plan.sort(key=lambda step: (step.at, step.post.id))
    decided: dict[int, tuple[datetime, bool]] = {}
    approved = rejected = 0
    for step in plan:
        moderator = rng.choice(cast.staff[step.space])
        if step.moderator is not None:
            moderator = cast.people[step.moderator]
        if step.reject is not None:
            reason, precision = step.reject
            decision = services.reject(
                session, moderator=moderator, post=step.post, reason_code=reason,
                reason_text=precision,
            )  # fmt: skip
            rejected += 1
        elif step.edit_message is not None:
            decision = services.request_edit(
                session, moderator=moderator, post=step.post, message=step.edit_message
            )
        else:
            decision = services.approve(session, moderator=moderator, post=step.post)
            step.post.published_at = step.at
            approved += 1
        decision.created_at = step.post.status_changed_at = step.at
        decided[decision.id] = (step.at, step.unread)
    _backdate_scoring(session, plan)
    _backdate_notifications(session, decided)
    _settle_threads(session, {step.post.thread_id for step in plan})
    return History(len(plan), approved, rejected, reported)


def _backdate_scoring(session: Session, plan: Sequence[_Decision]) -> None:
    items = session.scalars(
        select(ModerationItem).where(ModerationItem.post_id.in_([s.post.id for s in plan]))
    )
    written = {step.post.id: step.post.created_at for step in plan}
    for item in items:
        item.scored_at = written[item.post_id] + timedelta(minutes=1)


def _backdate_notifications(session: Session, decided: dict[int, tuple[datetime, bool]]) -> None:
    """Authors were told when the decision was taken, and read it then; e-mail is long past.

    Only the demo member's latest news is left unread, for the header's count.
    """
    for notification in session.scalars(
        select(Notification).where(Notification.decision_id.in_(decided))
    ):
        assert notification.decision_id is not None
        at, unread = decided[notification.decision_id]
        notification.created_at = at
        notification.read_at = None if unread else at + timedelta(hours=4)
        notification.email_pending = False


def _settle_threads(session: Session, thread_ids: set[int]) -> None:
    """A thread's last activity is its latest publication, months ago or minutes ago."""
    session.flush()
    rows = session.execute(
        select(Post.thread_id, func.max(Post.published_at))
        .where(Post.thread_id.in_(thread_ids), Post.status == PostStatus.PUBLISHED)
        .group_by(Post.thread_id)
    ).all()
    latest: dict[int, datetime] = {thread_id: at for thread_id, at in rows if at is not None}
    for thread in session.scalars(select(Thread).where(Thread.id.in_(latest))):
        thread.last_activity_at = latest[thread.id]


@dataclass(frozen=True)
class Present:
    reports: int
    pending_edits: int
    escalations: int


def seed_present(
    session: Session,
    *,
    cast: Cast,
    now: datetime,
    reported: Post,
    escalated: Post,
) -> Present:
    """What waits besides new posts: two reports, an edit, a post handed to the association
    admin; and the first space's policy (watched words, a trusted member)."""
    first = cast.spaces["diabete-type-1"]
    admin = cast.admins[first.slug]
    for word, action in WATCHED_WORDS:
        watched = policy.add_watched_word(
            session, actor=admin, space=first, word=word, action=WatchAction(action)
        )
        watched.created_at = now - timedelta(days=9)
    trusted = policy.set_trusted(
        session, actor=admin, space=first, member_id=cast.people[TRUSTED_MEMBER].id, trusted=True
    )
    trusted.trusted_at = now - timedelta(days=9)

    for hours, (pseudonym, reason, text) in zip((3, 1), REPORTS, strict=True):
        report = reports.report_post(
            session,
            reporter=cast.people[pseudonym],
            post=reported,
            reason_code=reason,
            reason_text=text,
        )
        report.created_at = now - timedelta(hours=hours)
    reported.review_requested_at = now - timedelta(hours=3)
    waiting.follow(session, post=reported)  # the queue's copy of the request, backdated too

    edited = _latest_published_reply(session, first, exclude=cast.staff[first.slug])
    forums.edit_post(
        session,
        author=edited.author,
        post=edited,
        body=f"{edited.body_source}\n\n{EDIT_ADDITION}",
    )
    proposed_at = now - timedelta(minutes=50)
    edited.review_requested_at = proposed_at
    waiting.follow(session, post=edited)
    revision = session.scalars(
        select(PostRevision).where(
            PostRevision.post_id == edited.id, PostRevision.status == RevisionStatus.PENDING
        )
    ).one()
    revision.created_at = proposed_at

    moderator, note = ESCALATION
    decision = services.escalate(
        session, moderator=cast.people[moderator], post=escalated, target=admin, note=note
    )
    handed_at = escalated.created_at + (now - escalated.created_at) / 2
    decision.created_at = handed_at
    item = session.scalars(
        select(ModerationItem).where(ModerationItem.post_id == escalated.id)
    ).one()
    item.escalated_at = handed_at
    for notification in session.scalars(
        select(Notification).where(Notification.decision_id == decision.id)
    ):
        notification.created_at = handed_at
        notification.email_pending = False
    session.flush()
    return Present(reports=len(REPORTS), pending_edits=1, escalations=1)


def _latest_published_reply(session: Session, space: Space, *, exclude: Sequence[Member]) -> Post:
    """The space's most recently published reply by a member who does not moderate it."""
    earlier = aliased(Post)
    opening = select(func.min(earlier.id)).where(earlier.thread_id == Thread.id).scalar_subquery()
    post = session.scalars(
        select(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .where(
            Thread.space_id == space.id,
            Post.status == PostStatus.PUBLISHED,
            Post.id != opening,
            Post.author_id.not_in([m.id for m in exclude]),
        )
        .order_by(Post.published_at.desc(), Post.id.desc())
        .limit(1)
    ).one()
    return post

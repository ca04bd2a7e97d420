"""Scoring services: claim the posts waiting for a score under a lease, then score them.

After scoring, every signal is weighed into the post's risk (assess.py, risk.py) against
the space's policy: a finding per label at or above its threshold, the model's crisis and
dangerous-advice outputs, open reports, the author's record, and, where the association
chose it, its own calibration of the scores. Where the association allowed it, a trusted
member's clean new post is published at once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, joinedload

from community.forums import services as forums
from community.forums.models import Post, PostRevision, PostStatus, RevisionStatus, Thread
from community.kernel.clock import utcnow
from community.moderation.model.scorers import Scorer
from community.moderation.models import (
    SCORE_UNAVAILABLE,
    DecisionAction,
    ModerationItem,
    PostReport,
    SpacePolicy,
)
from community.moderation.policy import services as space_policy
from community.moderation.queue import services as queue_services
from community.moderation.queue.details import author_histories
from community.moderation.reports.services import DANGER
from community.moderation.scoring.assess import assess_post, scored_text, thresholds_for
from community.moderation.scoring.risk import AuthorRecord

log = logging.getLogger(__name__)

# After a failure, wait this long before trying again, doubling up to the maximum.
RETRY_FIRST = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=1)
# The worker passes MODERATION_MAX_ATTEMPTS and MODERATION_DEFAULT_THRESHOLD from the app's
# configuration; these are the same defaults, for callers that do not.
MAX_ATTEMPTS = 8
DEFAULT_THRESHOLD = 0.5


def claimable(now: datetime, max_attempts: int | None = MAX_ATTEMPTS) -> Any:
    """Pending posts with no score for their latest request, that no live lease holds.

    A request claimed `max_attempts` times without a score is left alone (still pending,
    "score indisponible") until the post asks again: an edit starts the count over.
    """
    item = ModerationItem
    no_live_lease = or_(item.lease_expires_at.is_(None), item.lease_expires_at <= now)
    due_again = item.scored_at.is_(None) & or_(item.retry_at.is_(None), item.retry_at <= now)
    if max_attempts is not None:
        due_again = due_again & (item.attempts < max_attempts)
    needs_score = or_(
        item.requested_at != Post.review_requested_at,
        # Claimed but never scored (its worker died), or failed and due again.
        due_again,
    )
    return Post.review_requested_at.is_not(None) & or_(
        item.id.is_(None), no_live_lease & needs_score
    )


def claim_batch(
    session: Session,
    *,
    owner: str,
    size: int,
    lease_seconds: float,
    max_attempts: int | None = MAX_ATTEMPTS,
) -> list[Post]:
    """Take up to `size` posts to score, oldest request first, and lease them to `owner`.

    On PostgreSQL the selected posts are locked with SKIP LOCKED, so that workers running
    at the same time each get different posts; the lease, once committed, keeps them
    apart after that. The caller commits the claim before scoring.
    """
    now = utcnow()
    query = (
        select(Post, ModerationItem, Thread.space_id)
        .join(Thread, Thread.id == Post.thread_id)
        .outerjoin(ModerationItem, ModerationItem.post_id == Post.id)
        .where(claimable(now, max_attempts))
        .order_by(Post.review_requested_at, Post.id)
        .limit(size)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Post)
    rows = session.execute(query).all()
    expires = now + timedelta(seconds=lease_seconds)
    posts = []
    for post, item, space_id in rows:
        if item is None:
            item = ModerationItem(post_id=post.id, attempts=0)
            session.add(item)
        item.space_id = space_id
        if item.requested_at != post.review_requested_at:
            item.retry_at = None
            item.attempts = 0
        # Not None: claimable() only selects posts waiting for review.
        assert post.review_requested_at is not None
        item.requested_at = post.review_requested_at
        # The queue's copy of the request: the claim is where a new post gets its item.
        item.waiting_since = post.review_requested_at
        item.lease_owner = owner
        item.lease_expires_at = expires
        item.scored_at = None
        item.attempts = (item.attempts or 0) + 1
        posts.append(post)
    session.flush()
    return posts


def release_leases(session: Session, *, owner: str) -> int:
    """End every lease `owner` still holds on a post it did not score (a worker stopping),
    so that another worker takes those posts now rather than when the lease runs out; the
    claim gives its attempt back, as the post was never tried. Returns how many were
    released; the caller commits."""
    item = ModerationItem
    result = session.execute(
        update(item)
        .where(item.lease_owner == owner, item.scored_at.is_(None), item.attempts > 0)
        .values(lease_expires_at=utcnow(), lease_owner=None, attempts=item.attempts - 1)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def parts_to_score(session: Session, posts: Sequence[Post]) -> list[tuple[str | None, str]]:
    """What a moderator will decide on, as (title, body): the title only for an opening post.

    For a published post with a pending edit, that is the edit. Three queries per batch.
    """
    if not posts:
        return []
    thread_ids = {post.thread_id for post in posts}
    threads = {
        thread.id: thread
        for thread in session.scalars(select(Thread).where(Thread.id.in_(thread_ids)))
    }
    opening_ids = set(
        session.scalars(
            select(func.min(Post.id)).where(Post.thread_id.in_(thread_ids)).group_by(Post.thread_id)
        )
    )
    published_ids = [post.id for post in posts if post.status is PostStatus.PUBLISHED]
    revisions: dict[int, PostRevision] = {}
    if published_ids:
        revisions = {
            revision.post_id: revision
            for revision in session.scalars(
                select(PostRevision).where(
                    PostRevision.post_id.in_(published_ids),
                    PostRevision.status == RevisionStatus.PENDING,
                )
            )
        }
    parts = []
    for post in posts:
        revision = revisions.get(post.id)
        body = revision.body_source if revision else post.body_source
        title = None
        if post.id in opening_ids:
            title = (revision.title if revision else None) or threads[post.thread_id].title
        parts.append((title, body))
    return parts


def open_reports(session: Session, post_ids: Sequence[int]) -> dict[int, tuple[int, bool]]:
    """Open reports per post (one query): how many, and whether one says its author seems
    in danger (which keeps the post urgent, however it scores)."""
    if not post_ids:
        return {}
    counts: dict[int, tuple[int, bool]] = {}
    rows = session.execute(
        select(PostReport.post_id, PostReport.reason_code).where(
            PostReport.post_id.in_(post_ids), PostReport.resolved_at.is_(None)
        )
    )
    for post_id, reason in rows:
        count, danger = counts.get(post_id, (0, False))
        counts[post_id] = (count + 1, danger or reason == DANGER)
    return counts


def score_batch(
    session: Session,
    *,
    posts: Sequence[Post],
    scorer: Scorer | None,
    owner: str,
    default_threshold: float = DEFAULT_THRESHOLD,
) -> int:
    """Score claimed posts in one model call, store scores and findings, release the lease.

    `scorer` is None when the model could not be loaded. Whatever goes wrong with the
    model, the posts are marked "score indisponible" and stay pending; the detectors'
    findings are stored all the same. Each space's watched words and thresholds apply
    (`default_threshold` where its association set none), and a trusted member's new
    post may be published at once (see auto_publishable). Returns how many posts got a
    score.
    """
    if not posts:
        return 0
    # Re-read the claimed posts in one query: the claim's commit expired them. Their
    # threads and spaces come along, for the few that are published at once.
    session.scalars(
        select(Post)
        .options(joinedload(Post.thread).joinedload(Thread.space))
        .where(Post.id.in_([post.id for post in posts]))
    ).all()
    items = {
        item.post_id: item
        for item in session.scalars(
            select(ModerationItem).where(ModerationItem.post_id.in_([p.id for p in posts]))
        )
    }
    parts = parts_to_score(session, posts)
    space_of = {post.id: post.thread.space_id for post in posts}
    words = space_policy.detector_words(session, space_ids=space_of.values())
    policies = space_policy.policies_for(session, space_ids=space_of.values())
    calibrations = space_policy.calibrations_for(session, policies=policies.values())
    reports = open_reports(session, list(space_of))
    histories = author_histories(session, author_ids={post.author_id for post in posts})
    texts = [scored_text(title, body) for title, body in parts]
    scores: list[dict[str, float]] | None = None
    if scorer is not None:
        try:
            scores = scorer.score(texts)
            if len(scores) != len(texts):
                raise ValueError(f"{len(scores)} scores for {len(texts)} texts")
        except Exception:
            log.exception("Scoring %d posts failed; they stay pending, unscored", len(texts))
            scores = None
    now = utcnow()
    scored = 0
    publishable: list[tuple[Post, ModerationItem]] = []
    for index, (post, (title, body)) in enumerate(zip(posts, parts, strict=True)):
        item = items.get(post.id)
        if item is None or item.lease_owner != owner:
            # Our lease ran out and another worker took the post: its result wins.
            continue
        space_id = space_of[post.id]
        policy = policies.get(space_id)
        values = (
            {label: float(value) for label, value in scores[index].items()}
            if scores is not None
            else None
        )
        thresholds = thresholds_for(values, policy, default=default_threshold)
        history = histories.get(post.author_id)
        assessment, checked = assess_post(
            title,
            body,
            values,
            thresholds=thresholds,
            signal_thresholds=getattr(scorer, "signal_thresholds", None),
            watched_words=words.get(space_id, ()),
            reports=reports.get(post.id, (0, False)),
            record=AuthorRecord(history.published, history.refused, history.unpublished)
            if history
            else None,
            calibrate=calibrations.get(space_id),
        )
        item.findings = assessment.findings
        item.urgent = assessment.urgent
        item.risk = assessment.risk
        item.lease_owner = None
        item.lease_expires_at = None
        if values is None:
            item.score_error = SCORE_UNAVAILABLE
            item.scored_at = None
            doublings = min(max(item.attempts - 1, 0), 6)
            item.retry_at = now + min(RETRY_FIRST * 2**doublings, RETRY_MAX)
            continue
        item.scores = values
        item.model_version = getattr(scorer, "version", None)
        item.scored_at = now
        item.score_error = None
        item.retry_at = None
        scored += 1
        # Nothing found only counts when the detectors did run.
        if checked and auto_publishable(post, item, policy, thresholds):
            publishable.append((post, item))
    session.flush()
    publish_trusted(session, publishable)
    return scored


def auto_publishable(
    post: Post, item: ModerationItem, policy: SpacePolicy | None, thresholds: dict[str, float]
) -> bool:
    """Whether the space's policy could let this post through without a moderator.

    Only a new post (pending, never edited, so never sent back by a moderator), scored,
    under every threshold, in which the detectors found nothing at all; whether its
    author is trusted is checked next, for the whole batch at once.
    """
    if policy is None or not policy.auto_publish_trusted:
        return False
    if post.status is not PostStatus.PENDING or post.edited_at is not None:
        return False
    # The text scored must be the one waiting now.
    if item.requested_at != post.review_requested_at:
        return False
    if not item.is_scored or not item.scores or item.findings or item.urgent:
        return False
    return all(value < thresholds[label] for label, value in item.scores.items())


def publish_trusted(session: Session, candidates: Sequence[tuple[Post, ModerationItem]]) -> int:
    """Publish the candidates whose author is a trusted member of the space, each logged."""
    if not candidates:
        return 0
    trusted = space_policy.trusted_authors(
        session, pairs=[(post.author_id, post.thread.space_id) for post, _item in candidates]
    )
    published = 0
    for post, _item in candidates:
        if (post.author_id, post.thread.space_id) not in trusted:
            continue
        try:
            queue_services._take(session, post)
        except queue_services.ModerationError:
            continue  # a moderator decided first (or the author edited it): theirs stands
        forums.publish_post(session, post=post)
        queue_services._record(
            session, moderator=None, post=post, action=DecisionAction.AUTO_PUBLISH
        )
        published += 1
    return published

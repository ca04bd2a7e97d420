"""What the queue page shows around each waiting post, loaded for the whole page at once.

Each loader is one query for every entry of the page (none when no entry needs it), so
the page costs the same number of queries whatever it holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased, joinedload

from community.accounts.models import Member, MemberStatus
from community.forums.models import Post, PostRevision, PostStatus, RevisionStatus, SpaceRole
from community.moderation.models import (
    DecisionAction,
    ModerationDecision,
    PostReport,
    VisitorNotice,
)
from community.moderation.queue.claims import DECIDERS
from community.moderation.queue.entries import AuthorHistory, EntryReport, QueueEntry

# The author's published posts, beside the decisions' actions in author_histories.
PUBLISHED = "published"
# Earlier published posts of the thread shown above a reply, and how much of each.
PREVIOUS_POSTS = 2
EXCERPT_CHARS = 280


def shorten(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text cut at a word boundary before `limit` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut + "…"


def load_details(session: Session, entries: Sequence[QueueEntry]) -> None:
    """Fill each entry's revision, reports, author history and thread context."""
    if not entries:
        return
    _revisions_and_reports(session, entries)
    _histories(session, entries)
    _thread_context(session, entries)


def _revisions_and_reports(session: Session, entries: Sequence[QueueEntry]) -> None:
    published = {entry.post.id: entry for entry in entries if not entry.is_new}
    if not published:
        return
    for revision in session.scalars(
        select(PostRevision).where(
            PostRevision.post_id.in_(published), PostRevision.status == RevisionStatus.PENDING
        )
    ):
        published[revision.post_id].revision = revision
    rows = session.execute(
        select(PostReport, Member.pseudonym, Member.status, VisitorNotice.id)
        .outerjoin(Member, Member.id == PostReport.reporter_id)
        .outerjoin(VisitorNotice, VisitorNotice.report_id == PostReport.id)
        .where(PostReport.post_id.in_(published), PostReport.resolved_at.is_(None))
        .order_by(PostReport.created_at, PostReport.id)
    ).all()
    for report, pseudonym, status, notice_id in rows:
        gone = pseudonym is None or status is MemberStatus.DELETED
        published[report.post_id].reports.append(
            EntryReport(
                reason_code=report.reason_code,
                reason_text=report.reason_text,
                reporter="" if gone else pseudonym,
                created_at=report.created_at,
                from_visitor=notice_id is not None,
            )
        )


def _histories(session: Session, entries: Sequence[QueueEntry]) -> None:
    histories = author_histories(session, author_ids={entry.post.author_id for entry in entries})
    for entry in entries:
        entry.history = histories.get(entry.post.author_id, AuthorHistory())


def author_histories(session: Session, *, author_ids: Iterable[int]) -> dict[int, AuthorHistory]:
    """The authors' record: posts published now, and refusals, edit requests and
    take-downs from the audit log; one statement, each part read from ix_post_author.

    Published posts are counted on the posts themselves: the demo, imports and posts
    published before moderation existed have no decision in the log.
    """
    author_ids = set(author_ids)
    if not author_ids:
        return {}
    action = ModerationDecision.action
    published = (
        select(Post.author_id, literal(PUBLISHED), func.count())
        .where(Post.author_id.in_(author_ids), Post.status == PostStatus.PUBLISHED)
        .group_by(Post.author_id)
    )
    decided = (
        select(Post.author_id, action, func.count())
        .join(ModerationDecision, ModerationDecision.post_id == Post.id)
        .where(
            Post.author_id.in_(author_ids),
            or_(
                and_(action == DecisionAction.REJECT, ModerationDecision.revision_id.is_(None)),
                action.in_((DecisionAction.REQUEST_EDIT, DecisionAction.UNPUBLISH)),
            ),
        )
        .group_by(Post.author_id, action)
    )
    counted: dict[tuple[int, str], int] = {}
    rows: Any = session.execute(union_all(published, decided))
    for author_id, what, number in rows:
        counted[author_id, str(what)] = int(number)
    return {
        author_id: AuthorHistory(
            counted.get((author_id, PUBLISHED), 0),
            counted.get((author_id, DecisionAction.REJECT.value), 0),
            counted.get((author_id, DecisionAction.REQUEST_EDIT.value), 0),
            counted.get((author_id, DecisionAction.UNPUBLISH.value), 0),
        )
        for author_id in author_ids
    }


@cache
def _openings() -> Select[int, bool]:
    """Whether each of the posts (bound as "posts") opens its thread."""
    entry = aliased(Post)
    first_of_thread = (
        select(func.min(Post.id)).where(Post.thread_id == entry.thread_id).scalar_subquery()
    )
    return select(entry.id, entry.id == first_of_thread).where(
        entry.id.in_(bindparam("posts", expanding=True))
    )


@cache
def _earlier_posts() -> Select[Post, int]:
    """The published posts before each of the replies (bound as "replies"), the latest
    PREVIOUS_POSTS of each, with their authors."""
    waiting = aliased(Post)
    earlier = aliased(Post)
    ranked = (
        select(
            earlier.id.label("earlier_id"),
            waiting.id.label("entry_id"),
            func.row_number()
            .over(partition_by=waiting.id, order_by=earlier.id.desc())
            .label("rank"),
        )
        .select_from(waiting)
        .join(
            earlier,
            and_(
                earlier.thread_id == waiting.thread_id,
                earlier.id < waiting.id,
                earlier.status == PostStatus.PUBLISHED,
            ),
        )
        .where(waiting.id.in_(bindparam("replies", expanding=True)))
        .subquery()
    )
    return (
        select(Post, ranked.c.entry_id)
        .join(ranked, ranked.c.earlier_id == Post.id)
        .options(joinedload(Post.author))
        .where(ranked.c.rank <= PREVIOUS_POSTS)
        .order_by(ranked.c.entry_id, Post.id)
    )


def _thread_context(session: Session, entries: Sequence[QueueEntry]) -> None:
    """Whether each post opens its thread, and for a reply the published posts before it.

    Both statements are built once (their aliases' columns are costly to set up again on
    each page), the page's posts bound to them.
    """
    rows = session.execute(_openings(), {"posts": [entry.post.id for entry in entries]}).all()
    openings = {post_id for post_id, opens in rows if opens}
    replies = {entry.post.id: entry for entry in entries if entry.post.id not in openings}
    for entry in entries:
        entry.opens_thread = entry.post.id in openings
    if not replies:
        return
    for post, entry_id in session.execute(_earlier_posts(), {"replies": list(replies)}).all():
        replies[entry_id].previous.append(post)


@dataclass(frozen=True)
class Recipient:
    """Someone a post of this space may be handed to."""

    member_id: int
    pseudonym: str


def escalation_recipients(session: Session, *, space_ids: set[int]) -> dict[int, list[Recipient]]:
    """The active moderators and association admins of each space, by space id (one query)."""
    if not space_ids:
        return {}
    rows = session.execute(
        select(SpaceRole.space_id, Member.id, Member.pseudonym)
        .join(Member, Member.id == SpaceRole.member_id)
        .where(
            SpaceRole.space_id.in_(space_ids),
            SpaceRole.kind.in_(DECIDERS),
            Member.status == MemberStatus.ACTIVE,
        )
        .order_by(SpaceRole.space_id, Member.pseudonym, Member.id)
    ).all()
    recipients: dict[int, list[Recipient]] = {space_id: [] for space_id in space_ids}
    for space_id, member_id, pseudonym in rows:
        listed = recipients[space_id]
        if not any(r.member_id == member_id for r in listed):
            listed.append(Recipient(member_id=member_id, pseudonym=pseudonym))
    return recipients

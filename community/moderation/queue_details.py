"""What the queue page shows around each waiting post, loaded for the whole page at once.

Each loader is one query for every entry of the page (none when no entry needs it), so
the page costs the same number of queries whatever it holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session, aliased, joinedload

from community.accounts.models import Member, MemberStatus
from community.forums.models import Post, PostRevision, PostStatus, RevisionStatus, SpaceRole
from community.moderation.claims import DECIDERS
from community.moderation.models import DecisionAction, ModerationDecision, PostReport
from community.moderation.queries import AuthorHistory, EntryReport, QueueEntry
from community.selfdata.models import DataCard

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


def load_details(session: Session, entries: Sequence[QueueEntry]) -> dict[int, DataCard]:
    """Fill each entry's revision, reports, author history and thread context; returns the
    data cards joined to the entries' posts, by post id (decided on with their post)."""
    if not entries:
        return {}
    _revisions_and_reports(session, entries)
    _histories(session, entries)
    return _thread_context(session, entries)


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
        select(PostReport, Member.pseudonym, Member.status)
        .outerjoin(Member, Member.id == PostReport.reporter_id)
        .where(PostReport.post_id.in_(published), PostReport.resolved_at.is_(None))
        .order_by(PostReport.created_at, PostReport.id)
    ).all()
    for report, pseudonym, status in rows:
        gone = pseudonym is None or status is MemberStatus.DELETED
        published[report.post_id].reports.append(
            EntryReport(
                reason_code=report.reason_code,
                reason_text=report.reason_text,
                reporter="" if gone else pseudonym,
                created_at=report.created_at,
            )
        )


def _histories(session: Session, entries: Sequence[QueueEntry]) -> None:
    histories = author_histories(session, author_ids={entry.post.author_id for entry in entries})
    for entry in entries:
        entry.history = histories.get(entry.post.author_id, AuthorHistory())


def author_histories(session: Session, *, author_ids: Iterable[int]) -> dict[int, AuthorHistory]:
    """The authors' record: posts published now, and refusals, edit requests and
    take-downs from the audit log; two queries."""
    author_ids = set(author_ids)
    if not author_ids:
        return {}
    action = ModerationDecision.action
    new_post = ModerationDecision.revision_id.is_(None)

    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    rows = session.execute(
        select(
            Post.author_id,
            count(and_(action == DecisionAction.REJECT, new_post)),
            count(action == DecisionAction.REQUEST_EDIT),
            count(action == DecisionAction.UNPUBLISH),
        )
        .join(ModerationDecision, ModerationDecision.post_id == Post.id)
        .where(Post.author_id.in_(author_ids))
        .group_by(Post.author_id)
    ).all()
    # Published posts are counted on the posts themselves: the demo, imports and posts
    # published before moderation existed have no decision in the log.
    published_now = dict(
        session.execute(
            select(Post.author_id, func.count())
            .where(Post.author_id.in_(author_ids), Post.status == PostStatus.PUBLISHED)
            .group_by(Post.author_id)
        ).all()
    )
    decided = {row[0]: row[1:] for row in rows}
    histories = {}
    for author_id in author_ids:
        refused, edits, unpublished = decided.get(author_id, (0, 0, 0))
        histories[author_id] = AuthorHistory(
            int(published_now.get(author_id, 0)), int(refused), int(edits), int(unpublished)
        )
    return histories


def _thread_context(session: Session, entries: Sequence[QueueEntry]) -> dict[int, DataCard]:
    """Whether each post opens its thread, and for a reply the published posts before it;
    the posts' data cards come with the first query."""
    entry_post = aliased(Post)
    first_of_thread = (
        select(func.min(Post.id)).where(Post.thread_id == entry_post.thread_id).scalar_subquery()
    )
    rows = session.execute(
        select(entry_post.id, entry_post.id == first_of_thread, DataCard)
        .outerjoin(DataCard, DataCard.post_id == entry_post.id)
        .where(entry_post.id.in_([entry.post.id for entry in entries]))
    ).all()
    openings = {post_id for post_id, opens, _card in rows if opens}
    cards = {post_id: card for post_id, _opens, card in rows if card is not None}
    replies = {entry.post.id: entry for entry in entries if entry.post.id not in openings}
    for entry in entries:
        entry.opens_thread = entry.post.id in openings
    if not replies:
        return cards
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
        .where(waiting.id.in_(replies))
        .subquery()
    )
    earlier_rows = session.execute(
        select(Post, ranked.c.entry_id)
        .join(ranked, ranked.c.earlier_id == Post.id)
        .options(joinedload(Post.author))
        .where(ranked.c.rank <= PREVIOUS_POSTS)
        .order_by(ranked.c.entry_id, Post.id)
    ).all()
    for post, entry_id in earlier_rows:
        replies[entry_id].previous.append(post)
    return cards


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

"""What members are told of the posts others publish: replies in the threads they follow,
new threads in the spaces they follow, @mentions of their pseudonym, replies quoting
their post.

Told in the transaction that makes the post visible (the forums' signal
`visibility_changed`: a moderator's approval, the worker's automatic publication), so a
notice exists exactly when its post can be read. Only a published post in a published
thread, only to members who may read it (permissions.can, as the thread page asks),
never to its author, and each member once per post, by the most specific reason. A post
taken down takes with it what told of it.

Each reason is an `Audience` in AUDIENCES; another kind of news adds one there (and its
words on the notifications page). Telling costs two statements however many are told:
who they are, with what the permissions need, then one INSERT.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, delete, exists, insert, literal, or_, select, union_all
from sqlalchemy.orm import Session, joinedload

from community.accounts.models import Member, MemberStatus
from community.forums import follows
from community.forums.events import Change
from community.forums.models import Membership, Post, PostQuote, PostStatus, SpaceRole, Thread
from community.kernel.clock import utcnow
from community.notifications.mentions import Mention, candidate_keys, mentions_in, named
from community.notifications.models import Notification, NotificationKind
from community.permissions import Action, SpaceContext, can


@dataclass(frozen=True)
class Published:
    """A post just made visible, or whose accepted edit just replaced its text."""

    post: Post
    opening: bool  # it opens its thread, published with it
    edited: bool  # an edit accepted: only what the new text adds can be news
    mentions: list[Mention] = field(default_factory=list)
    quoted_post_id: int | None = None  # the post it quotes, if it quotes one


@dataclass(frozen=True)
class Audience:
    kind: NotificationKind
    # The ids of the members this reason holds for the post, as a one-column query; None
    # when it holds nobody for this post.
    members: Callable[[Published], Select[int] | None]
    # Whether an accepted edit tells them too (a pseudonym the new text adds).
    on_edit: bool = False
    # Keeps, of the members found, those the reason really holds (default: all).
    narrow: Callable[[Published, Sequence[Member]], set[int]] | None = None


def _mentioned(news: Published) -> Select[int] | None:
    keys = candidate_keys(news.mentions)
    return select(Member.id).where(Member.pseudonym_key.in_(keys)) if keys else None


def _named(news: Published, found: Sequence[Member]) -> set[int]:
    """After "@Dre Aubrac", Dre Aubrac is named, not a member called "Dre"."""
    keys = named(news.mentions, {member.pseudonym_key for member in found})
    return {member.id for member in found if member.pseudonym_key in keys}


def _quoted(news: Published) -> Select[int] | None:
    """The author of the post a reply quotes, while that post is published (a quote of a
    post taken down shows nothing of it, so it is no news to its author either)."""
    if news.quoted_post_id is None:
        return None
    return select(Post.author_id).where(
        Post.id == news.quoted_post_id, Post.status == PostStatus.PUBLISHED
    )


def _space_followers(news: Published) -> Select[int] | None:
    return follows.space_followers(news.post.thread.space_id) if news.opening else None


def _thread_followers(news: Published) -> Select[int] | None:
    return None if news.opening else follows.thread_followers(news.post.thread_id)


# Most specific first: a member several reasons hold is told once, by the first (a reply
# that quotes a member's post and names them tells them it quotes them).
AUDIENCES: tuple[Audience, ...] = (
    Audience(NotificationKind.QUOTED, _quoted),
    Audience(NotificationKind.MENTIONED, _mentioned, on_edit=True, narrow=_named),
    Audience(NotificationKind.FOLLOWED_SPACE_THREAD, _space_followers),
    Audience(NotificationKind.FOLLOWED_THREAD_REPLY, _thread_followers),
)
NEWS_KINDS = frozenset(audience.kind for audience in AUDIENCES)
# What only the e-mail digest carries: a busy thread must not send an e-mail per reply.
# A mention is addressed to the member, and goes by e-mail at once when they want it.
DIGEST_ONLY = frozenset(
    {NotificationKind.FOLLOWED_SPACE_THREAD, NotificationKind.FOLLOWED_THREAD_REPLY}
)


def tell_of_visibility(change: Change, *, session: Session) -> None:
    """Posts were made visible or hidden, or their text changed (signal
    `visibility_changed`): tell those the news is for, forget what pointed at a post
    now hidden."""
    posts = [
        post
        for post_id in change.post_ids
        if (post := session.get(Post, post_id, options=[joinedload(Post.thread)])) is not None
    ]
    visible = [post for post in posts if _visible(post)]
    quoting = _quoting(session, [p.id for p in visible if p.thread_id not in change.thread_ids])
    news = [item for post in visible if (item := _news(post, change, quoting.get(post.id)))]
    hidden = [post.id for post in posts if post.status is not PostStatus.PUBLISHED]
    closed = [
        thread_id
        for thread_id in change.thread_ids
        if (thread := session.get(Thread, thread_id)) is not None
        and thread.status is not PostStatus.PUBLISHED
    ]
    if hidden or closed:
        _forget_news_of(session, post_ids=hidden, thread_ids=closed)
    if news:
        _tell(session, news)


def _visible(post: Post) -> bool:
    return post.status is PostStatus.PUBLISHED and post.thread.status is PostStatus.PUBLISHED


def _quoting(session: Session, reply_ids: list[int]) -> dict[int, int]:
    """The post each of these replies quotes, by reply (one query, none without a reply)."""
    if not reply_ids:
        return {}
    rows = session.execute(
        select(PostQuote.post_id, PostQuote.quoted_post_id).where(PostQuote.post_id.in_(reply_ids))
    )
    return {post_id: quoted_id for post_id, quoted_id in rows}


def _news(post: Post, change: Change, quoted_post_id: int | None = None) -> Published | None:
    """What a visible post announced may be news of: all of it when just published, only
    its mentions after an accepted edit (None: nothing)."""
    # Publishing stamps both times with the same instant; an accepted edit moves only
    # the change of status (forums.services.apply_revision).
    edited = post.published_at != post.status_changed_at
    mentions = mentions_in(post.body_html)
    if edited and not mentions:
        return None
    return Published(
        post,
        opening=post.thread_id in change.thread_ids,
        edited=edited,
        mentions=mentions,
        quoted_post_id=quoted_post_id,
    )


def _forget_news_of(session: Session, *, post_ids: list[int], thread_ids: list[int]) -> None:
    """What told of these posts, and of every post of these threads, goes (one DELETE)."""
    session.execute(
        delete(Notification)
        .where(
            Notification.kind.in_(NEWS_KINDS),
            or_(
                Notification.post_id.in_(post_ids),
                Notification.post_id.in_(select(Post.id).where(Post.thread_id.in_(thread_ids))),
            ),
        )
        .execution_options(synchronize_session=False)
    )


def _tell(session: Session, news: list[Published]) -> None:
    by_post = {item.post.id: item for item in news}
    sources = []
    for item in news:
        for rank, audience in enumerate(AUDIENCES):
            if item.edited and not audience.on_edit:
                continue
            query = audience.members(item)
            if query is None:
                continue
            sources.append(
                query.with_only_columns(
                    query.selected_columns[0].label("member_id"),
                    literal(item.post.id).label("post_id"),
                    literal(rank).label("rank"),
                    literal(item.post.thread.space_id).label("space_id"),
                    maintain_column_froms=True,
                )
            )
    if not sources:
        return
    found = union_all(*sources).subquery()
    rows = session.execute(
        select(Member, found.c.post_id, found.c.rank, Membership.member_id, SpaceRole.kind)
        .join(found, found.c.member_id == Member.id)
        .outerjoin(
            Membership,
            and_(Membership.member_id == Member.id, Membership.space_id == found.c.space_id),
        )
        .outerjoin(
            SpaceRole,
            and_(SpaceRole.member_id == Member.id, SpaceRole.space_id == found.c.space_id),
        )
        .where(
            Member.status != MemberStatus.DELETED,
            ~exists().where(
                Notification.member_id == Member.id,
                Notification.post_id == found.c.post_id,
                Notification.kind.in_(NEWS_KINDS),
            ),
        )
    ).all()
    # (member, post) -> the reasons found, and the member's place in the post's space.
    reasons: dict[tuple[int, int], set[int]] = {}
    places: dict[tuple[int, int], tuple[bool, set[str]]] = {}
    members: dict[int, Member] = {}
    for member, post_id, rank, joined, role in rows:
        key = (member.id, post_id)
        members[member.id] = member
        reasons.setdefault(key, set()).add(rank)
        is_member, roles = places.get(key, (False, set()))
        places[key] = (is_member or joined is not None, roles | ({str(role)} if role else set()))
    for post_id, item in by_post.items():
        for rank, audience in enumerate(AUDIENCES):
            if audience.narrow is None:
                continue
            held = [
                members[m] for (m, p), ranks in reasons.items() if p == post_id and rank in ranks
            ]
            kept = audience.narrow(item, held)
            for member in held:
                if member.id not in kept:
                    reasons[(member.id, post_id)].discard(rank)
    now = utcnow()
    told = []
    for (member_id, post_id), ranks in sorted(reasons.items()):
        item, member = by_post[post_id], members[member_id]
        if not ranks or member_id == item.post.author_id:
            continue
        is_member, roles = places[(member_id, post_id)]
        ctx = SpaceContext(is_member=is_member, role_kinds=frozenset(roles))
        if not can(Action.READ_SPACE, member=member, space=item.post.thread.space, space_ctx=ctx):
            continue
        kind = AUDIENCES[min(ranks)].kind
        told.append(
            {
                "member_id": member_id,
                "kind": kind,
                "post_id": post_id,
                "created_at": now,
                "email_pending": bool(member.notify_by_email) and kind not in DIGEST_ONLY,
            }
        )
    if told:
        session.execute(insert(Notification), told)

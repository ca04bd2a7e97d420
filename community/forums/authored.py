"""A member's own posts, whatever became of them, newest first: "Mes messages"."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, contains_eager

from community.accounts.models import Member
from community.forums.models import Post, PostStatus, Thread
from community.forums.queries import thread_visible_to
from community.kernel.pagination import Page, page_count, page_in_range

OWN_POSTS_PER_PAGE = 20


@dataclass(frozen=True)
class OwnPost:
    """One of the member's posts, thread and space loaded."""

    post: Post
    opening: bool  # it opened its thread
    before: int  # the thread's published posts before it: the page a published one is on
    reachable: bool  # its thread shows it to its author (not withdrawn, nor someone
    # else's thread taken down)


def own_posts(session: Session, *, member: Member, number: int = 1) -> Page[OwnPost]:
    """One page of every post the member wrote, newest first (two queries: the count,
    then the page, where whether each opened its thread and its place in the thread are
    columns of the same query). Past the last page, no page is asked for and none is
    given back (an empty page numbered past `count`)."""
    mine = Post.author_id == member.id
    total = session.scalar(select(func.count(Post.id)).where(mine)) or 0
    if not page_in_range(number, total=total, per_page=OWN_POSTS_PER_PAGE):
        return Page([], number, page_count(total, OWN_POSTS_PER_PAGE))
    other = aliased(Post)
    first_of_thread = (
        select(func.min(other.id)).where(other.thread_id == Post.thread_id).scalar_subquery()
    )
    before = (
        select(func.count(other.id))
        .where(
            other.thread_id == Post.thread_id,
            other.status == PostStatus.PUBLISHED,
            other.id < Post.id,
        )
        .scalar_subquery()
    )
    rows = session.execute(
        select(Post, Post.id == first_of_thread, before)
        .join(Post.thread)
        .join(Thread.space)
        .options(contains_eager(Post.thread).contains_eager(Thread.space))
        .where(mine)
        .order_by(Post.id.desc())
        .limit(OWN_POSTS_PER_PAGE)
        .offset((number - 1) * OWN_POSTS_PER_PAGE)
    ).all()
    items = [
        OwnPost(
            post=post,
            opening=bool(opening),
            before=int(earlier or 0),
            reachable=thread_visible_to(post.thread, member),
        )
        for post, opening, earlier in rows
    ]
    return Page(items, number, page_count(total, OWN_POSTS_PER_PAGE))

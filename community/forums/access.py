"""What a forum page loads and checks first: the space or thread the viewer may see, and
the polite refusals (log in, join the space) when they may not.

Shared by the forums' own pages and by the composed thread pages (community.pages).
"""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from community.forums import queries
from community.forums.models import Post, PostStatus, Space, Thread
from community.kernel.web import request_session, viewer
from community.permissions import Action, SpaceContext, can, require


def load_space(slug: str, *, with_roles: bool = False) -> tuple[Space, SpaceContext]:
    """The space, or 404, and the viewer's context in it; `with_roles`: Space.roles loaded."""
    space, ctx = queries.space_by_slug_with_context(
        request_session(), slug=slug, member=viewer(), with_roles=with_roles
    )
    if space is None:
        abort(404)
    return space, ctx


def load_thread(thread_id: int, *, moderators_too: bool = False) -> tuple[Thread, SpaceContext]:
    """A thread the viewer may see, or 404; a members-only space asks them to log in or join.

    With `moderators_too`, the space's moderators also see a thread still waiting for
    them (the queue links to it); writing in it stays its author's alone.
    """
    session = request_session()
    thread, ctx = queries.thread_by_id_with_context(session, thread_id=thread_id, member=viewer())
    if thread is None:
        abort(404)
    if not queries.thread_visible_to(thread, viewer()) and not (
        moderators_too and moderates_pending(thread, ctx)
    ):
        abort(404)
    if not can(Action.READ_SPACE, space=thread.space, space_ctx=ctx):
        refuse_reader(thread.space, ctx)
    return thread, ctx


def moderates_pending(thread: Thread, ctx: SpaceContext) -> bool:
    return thread.status is PostStatus.PENDING and can(
        Action.MODERATE_SPACE, space=thread.space, space_ctx=ctx
    )


def refuse_reader(space: Space, ctx: SpaceContext) -> None:
    """Anonymous visitors are sent to log in; members are invited to join."""
    if current_user.is_authenticated and not current_user.is_suspended:
        page = render_template("forums/join_required.html", space=space, ctx=ctx, reading=True)
        abort(Response(page, 403, mimetype="text/html"))
    require(Action.READ_SPACE, space=space, space_ctx=ctx)


def refuse_writer(space: Space, ctx: SpaceContext) -> Response | None:
    """None if the viewer may post here; else the login page, a 403, or an invitation to join."""
    if can(Action.POST_IN_SPACE, space=space, space_ctx=ctx):
        return None
    if not current_user.is_authenticated or current_user.is_suspended:
        require(Action.POST_IN_SPACE, space=space, space_ctx=ctx)
    page = render_template("forums/join_required.html", space=space, ctx=ctx, reading=False)
    return Response(page, 403, mimetype="text/html")


def own_post(post_id: int) -> Post:
    """One of the viewer's own posts, still visible to them; anybody else's is a 404.

    Only an account is checked here: a suspended member may still withdraw what they
    wrote, and the pages that write check POST_IN_SPACE themselves.
    """
    post = queries.post_by_id(request_session(), post_id=post_id)
    if post is None:
        abort(404)
    require(Action.USE_ACCOUNT)
    reader = viewer()
    if (
        reader is None
        or post.author_id != reader.id
        or post.status is PostStatus.WITHDRAWN
        or not queries.thread_visible_to(post.thread, reader)
    ):
        abort(404)
    return post

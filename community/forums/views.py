"""Forum pages: the list of spaces, a space, joining and leaving it, withdrawing one's post.

The thread page and the pages that write in a space also show moderation and self data:
they are composed in community.pages.threads.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from community.extensions import db
from community.forums import access, membership, queries, services, unread
from community.forums.models import PostStatus, SpaceRoleKind, Thread
from community.kernel.pagination import page_in_range, requested_page
from community.kernel.urls import thread_url
from community.kernel.web import request_session, viewer
from community.permissions import Action, SpaceContext, can, require

bp = Blueprint("forums", __name__)


# --- reading ---------------------------------------------------------------------------


@bp.app_template_global()
def not_read_yet(thread: Thread) -> bool:
    """For a list of threads: one the reader never opened, where others wrote since they
    joined."""
    return unread.not_read_yet(thread, viewer())


@bp.route("/")
def index() -> str:
    spaces = queries.spaces_with_membership(request_session(), member=viewer())
    # What is new in the threads they read, only where they may still read it (a
    # members-only space they left keeps its news to itself).
    news = {
        space.id: space.threads_with_news_for_reader
        for space, joined in spaces
        if space.threads_with_news_for_reader
        and can(Action.READ_SPACE, space=space, space_ctx=SpaceContext(is_member=joined))
    }
    return render_template("forums/index.html", spaces=spaces, news=news)


@bp.route("/espaces/<slug>")
def space(slug: str) -> str:
    space, ctx = access.load_space(slug, with_roles=True)
    session, reader = request_session(), viewer()
    moderators = [role for role in space.roles if role.kind is SpaceRoleKind.MODERATOR]
    threads, own_threads = None, list[Thread]()
    if can(Action.READ_SPACE, space=space, space_ctx=ctx):
        number, per_page = requested_page(), current_app.config["THREADS_PER_PAGE"]
        if not page_in_range(number, total=space.thread_count, per_page=per_page):
            abort(404)
        if reader is None:
            threads = queries.published_threads(
                session, space=space, number=number, per_page=per_page
            )
        else:  # the reader's own unpublished threads with the page's: one query
            threads, own_threads = queries.published_and_own_threads(
                session, space=space, number=number, per_page=per_page, member=reader
            )
    elif reader is not None:
        own_threads = queries.own_unpublished_threads(session, space=space, member=reader)
    # Who may get in, and how: where the reader's request stands, or (to its deciders)
    # how many wait; one query each, only on a members-only space.
    own_request = waiting = None
    if space.members_only and reader is not None:
        if not ctx.is_member:
            own_request = membership.latest_request(session, member=reader, space=space)
        elif can(Action.DECIDE_MEMBERSHIP, space=space, space_ctx=ctx):
            waiting = membership.waiting_count(session, space=space)
    return render_template(
        "forums/space.html",
        space=space,
        ctx=ctx,
        moderators=moderators,
        threads=threads,
        own_threads=own_threads,
        can_post=can(Action.POST_IN_SPACE, space=space, space_ctx=ctx),
        can_join=not ctx.is_member and can(Action.JOIN_SPACE, space=space, space_ctx=ctx),
        own_request=own_request,
        ask_again_at=membership.may_ask_again_at(own_request),
        waiting_requests=waiting,
    )


@bp.get("/messages/<int:post_id>")
def post(post_id: int) -> Response:
    """A post's own address (a quote links to it): the page of its thread that shows it,
    at the post; for whoever may see the post there, else 404."""
    session, reader = request_session(), viewer()
    found = queries.post_by_id(session, post_id=post_id)
    if found is None:
        abort(404)
    thread, _ctx = access.load_thread(found.thread_id)
    if found.status is not PostStatus.PUBLISHED and not (
        reader is not None
        and found.author_id == reader.id
        and found.status in queries.UNPUBLISHED_SHOWN_TO_AUTHOR
    ):
        abort(404)
    page = queries.page_of_post(
        session, post=found, per_page=int(current_app.config["POSTS_PER_PAGE"])
    )
    pages = {"page": page} if page > 1 else {}
    return redirect(thread_url(thread, _anchor=f"message-{found.id}", **pages))


# --- joining and leaving ---------------------------------------------------------------


@bp.post("/espaces/<slug>/rejoindre")
def join(slug: str) -> Response:
    space, ctx = access.load_space(slug)
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=url_for(".space", slug=slug)))
    require(Action.JOIN_SPACE, space=space, space_ctx=ctx)
    if space.members_only and not ctx.is_member:
        # Its members alone read it: one gets in by a request its deciders answer.
        return redirect(url_for("membership.ask", slug=slug), code=303)
    if services.join_space(request_session(), member=current_user, space=space):
        db.session.commit()
        flash(_("Bienvenue dans l’espace « %(name)s ».", name=space.name), "success")
    return redirect(url_for(".space", slug=slug))


@bp.route("/espaces/<slug>/quitter", methods=["GET", "POST"])
def leave(slug: str) -> Response | str:
    """Leave a space, once the page has said what leaving means (a GET only asks)."""
    space, ctx = access.load_space(slug)
    # Leaving is always allowed, suspended or not: only an account is needed.
    require(Action.USE_ACCOUNT, space=space, space_ctx=ctx)
    if request.method == "GET":
        if not ctx.is_member:
            return redirect(url_for(".space", slug=slug))
        return render_template("forums/leave.html", space=space, ctx=ctx)
    try:
        left = services.leave_space(request_session(), member=current_user, space=space)
    except services.ForumError:
        flash(
            _(
                "Vous modérez ou animez cet espace : demandez à l’association de vous "
                "retirer ce rôle avant de le quitter."
            ),
            "error",
        )
    else:
        if left:
            db.session.commit()
            flash(_("Vous avez quitté l’espace « %(name)s ».", name=space.name), "success")
    return redirect(url_for(".space", slug=slug))


# --- withdrawing -----------------------------------------------------------------------


@bp.route("/messages/<int:post_id>/supprimer", methods=["GET", "POST"])
def delete(post_id: int) -> Response | str:
    post = access.own_post(post_id)
    thread = post.thread
    opening = services.is_opening_post(request_session(), post)
    if request.method == "POST":
        services.withdraw_post(request_session(), author=current_user, post=post)
        db.session.commit()
        flash(_("Votre message a été supprimé. Personne ne le verra plus."), "success")
        if opening:
            return redirect(url_for(".space", slug=thread.space.slug))
        return redirect(thread_url(thread))
    return render_template("forums/delete.html", post=post, thread=thread, opening=opening)

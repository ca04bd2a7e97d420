"""Forum pages: spaces, threads, writing, editing and withdrawing one's posts."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from community.accounts.models import Member
from community.extensions import db, limiter
from community.forums import queries, services
from community.forums.forms import EditForm, ReplyForm, ThreadForm, edit_form
from community.forums.models import Post, PostStatus, Space, SpaceRoleKind, Thread
from community.forums.rendering import render_markdown
from community.moderation import policy
from community.moderation import queries as moderation_queries
from community.moderation.detectors import detect, is_urgent
from community.moderation.forms import REASON_LABELS
from community.permissions import Action, SpaceContext, can, require
from community.selfdata import access_log, card_queries
from community.selfdata import cards as data_cards
from community.selfdata.vault_views import private_page_headers

bp = Blueprint("forums", __name__)

PENDING_NOTICE = _l(
    "Votre message est en attente de modération. Il sera visible par les autres "
    "après validation par un modérateur."
)

# A service's refusal, explained next to the field it concerns.
FIELD_ERRORS = {
    "title_empty": ("title", _l("Donnez un titre à votre discussion.")),
    "title_too_long": ("title", _l("Le titre est trop long.")),
    "body_empty": ("body", _l("Écrivez votre message.")),
    "body_too_long": ("body", _l("Votre message est trop long.")),
}
FORM_ERRORS = {
    "thread_not_open": _l("Cette discussion n’accepte pas de réponse pour le moment."),
    "withdrawn": _l("Ce message a été supprimé : il ne peut plus être modifié."),
    "not_author": _l("Vous ne pouvez modifier que vos propres messages."),
}


# Pending posts a moderator sees on a thread page; past that, the queue is the place.
WAITING_SHOWN = 20

CRISIS_HELP = _l(
    "Ce que vous écrivez nous inquiète. Si vous pensez au suicide ou à vous faire du mal, "
    "parlez-en maintenant : appelez le 3114 (prévention du suicide, gratuit, jour et nuit), "
    "le 15 (SAMU) ou le 112 (urgences). Vous n’êtes pas seul·e."
)


def _acknowledge(space: Space, *texts: str) -> None:
    """Tell the author their words wait for a moderator, where to find help at once if they
    read like a crisis (the moderator may take hours, the help lines do not), and which of
    their words the space does not accept."""
    text = "\n\n".join(t for t in texts if t)
    if is_urgent(detect(text)):
        flash(str(CRISIS_HELP), "crisis")
    blocked = policy.blocked_words_in(_db(), space=space, text=text)
    if blocked:
        flash(policy.blocked_notice(blocked), "warning")
    flash(str(PENDING_NOTICE), "info")


def _posting_limit() -> str:
    return str(current_app.config["RATELIMIT_POSTING"])


posting_limit = limiter.limit(_posting_limit, methods=["POST"])


# --- helpers shared by the pages ------------------------------------------------------


def _db() -> Session:
    """The request's Session behind Flask-SQLAlchemy's proxy: what services are typed to take."""
    return db.session()


def _viewer() -> Member | None:
    return current_user if current_user.is_authenticated else None


def _page_number() -> int:
    """?page=N; anything that is not a positive number means the first page."""
    number = request.args.get("page", 1, type=int)
    return number if number and number > 0 else 1


def _load_space(slug: str) -> tuple[Space, SpaceContext]:
    space = queries.space_by_slug(_db(), slug=slug)
    if space is None:
        abort(404)
    return space, queries.space_context(_db(), member=_viewer(), space=space)


def _load_thread(thread_id: int, *, moderators_too: bool = False) -> tuple[Thread, SpaceContext]:
    """A thread the viewer may see, or 404; a members-only space asks them to log in or join.

    With `moderators_too`, the space's moderators also see a thread still waiting for
    them (the queue links to it); writing in it stays its author's alone.
    """
    thread = queries.thread_by_id(_db(), thread_id=thread_id)
    if thread is None:
        abort(404)
    ctx = queries.space_context(_db(), member=_viewer(), space=thread.space)
    if not queries.thread_visible_to(thread, _viewer()) and not (
        moderators_too and _moderates_pending(thread, ctx)
    ):
        abort(404)
    if not can(Action.READ_SPACE, space=thread.space, space_ctx=ctx):
        _refuse_reader(thread.space, ctx)
    return thread, ctx


def _moderates_pending(thread: Thread, ctx: SpaceContext) -> bool:
    return thread.status is PostStatus.PENDING and can(
        Action.MODERATE_SPACE, space=thread.space, space_ctx=ctx
    )


def _refuse_reader(space: Space, ctx: SpaceContext) -> None:
    """Anonymous visitors are sent to log in; members are invited to join."""
    if current_user.is_authenticated and not current_user.is_suspended:
        page = render_template("forums/join_required.html", space=space, ctx=ctx, reading=True)
        abort(Response(page, 403))
    require(Action.READ_SPACE, space=space, space_ctx=ctx)


def _refuse_writer(space: Space, ctx: SpaceContext) -> Response | None:
    """None if the viewer may post here; else the login page, a 403, or an invitation to join."""
    if can(Action.POST_IN_SPACE, space=space, space_ctx=ctx):
        return None
    if not current_user.is_authenticated or current_user.is_suspended:
        require(Action.POST_IN_SPACE, space=space, space_ctx=ctx)
    page = render_template("forums/join_required.html", space=space, ctx=ctx, reading=False)
    return Response(page, 403)


def _own_post(post_id: int) -> Post:
    """One of the viewer's own posts, still visible to them; anybody else's is a 404.

    Only an account is checked here: a suspended member may still withdraw what they
    wrote, and the pages that write check POST_IN_SPACE themselves.
    """
    post = queries.post_by_id(_db(), post_id=post_id)
    if post is None:
        abort(404)
    require(Action.USE_ACCOUNT)
    viewer = _viewer()
    if (
        viewer is None
        or post.author_id != viewer.id
        or post.status is PostStatus.WITHDRAWN
        or not queries.thread_visible_to(post.thread, viewer)
    ):
        abort(404)
    return post


def _explain(form: Any, error: services.ForumError) -> None:
    if error.code in FIELD_ERRORS:
        name, message = FIELD_ERRORS[error.code]
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, str(message)]
            return
    fallback = _("Votre message n’a pas pu être enregistré.")
    form.form_errors.append(str(FORM_ERRORS.get(error.code, fallback)))


def _offer_cards(form: ThreadForm | ReplyForm, space: Space) -> None:
    """The writer's data cards for this space not yet joined to a post, to pick one."""
    unlinked = card_queries.unlinked_cards(_db(), owner=current_user, space_id=space.id)
    form.card.choices = [
        SelectChoice("", _("Aucune carte")),
        *(SelectChoice(card.id, card.title) for card in unlinked),
    ]


def _attach_card(form: ThreadForm | ReplyForm, post: Post) -> bool:
    """Join the chosen card to the new post, in the post's transaction; False (and the
    field explains) if it cannot be, and then nothing is kept."""
    if not form.card.data:
        return True
    card = card_queries.own_card(_db(), owner=current_user, card_id=form.card.data)
    try:
        if card is None:
            raise data_cards.CardError("not_owner")
        data_cards.link_card(_db(), owner=current_user, card=card, post=post)
    except data_cards.CardError:
        db.session.rollback()
        form.card.errors = [
            *form.card.errors,
            _("Cette carte ne peut plus être jointe : choisissez-en une autre."),
        ]
        return False
    return True


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "discussion"


@bp.app_template_global()
def thread_url(thread: Thread, **params: Any) -> str:
    return url_for("forums.thread", thread_id=thread.id, slug=slugify(thread.title), **params)


@bp.app_template_global()
def profile_url(pseudonym: str) -> str:
    return url_for("accounts.profile", pseudonym=pseudonym)


# --- reading ---------------------------------------------------------------------------


@bp.route("/")
def index() -> str:
    spaces = queries.spaces_with_membership(_db(), member=_viewer())
    return render_template("forums/index.html", spaces=spaces)


@bp.route("/espaces/<slug>")
def space(slug: str) -> str:
    space, ctx = _load_space(slug)
    viewer = _viewer()
    moderators = [
        role
        for role in queries.space_roles(_db(), space=space)
        if role.kind is SpaceRoleKind.MODERATOR
    ]
    threads = None
    if can(Action.READ_SPACE, space=space, space_ctx=ctx):
        number, per_page = _page_number(), current_app.config["THREADS_PER_PAGE"]
        if not queries.page_in_range(number, total=space.thread_count, per_page=per_page):
            abort(404)
        threads = queries.published_threads(_db(), space=space, number=number, per_page=per_page)
    own_threads = (
        queries.own_unpublished_threads(_db(), space=space, member=viewer) if viewer else []
    )
    return render_template(
        "forums/space.html",
        space=space,
        ctx=ctx,
        moderators=moderators,
        threads=threads,
        own_threads=own_threads,
        can_post=can(Action.POST_IN_SPACE, space=space, space_ctx=ctx),
        can_join=not ctx.is_member and can(Action.JOIN_SPACE, space=space, space_ctx=ctx),
    )


DECIDED_AGAINST = (PostStatus.REJECTED, PostStatus.NEEDS_EDIT)


@bp.route("/discussions/<int:thread_id>")
@bp.route("/discussions/<int:thread_id>/<slug>")
def thread(thread_id: int, slug: str | None = None) -> Response:
    thread, ctx = _load_thread(thread_id, moderators_too=True)
    viewer = _viewer()
    number, per_page = _page_number(), current_app.config["POSTS_PER_PAGE"]
    if not queries.page_in_range(number, total=thread.post_count, per_page=per_page):
        abort(404)
    posts = queries.published_posts(_db(), thread=thread, number=number, per_page=per_page)
    own_posts, revisions = [], {}
    if viewer is not None:
        own_posts = queries.own_unpublished_posts(_db(), thread=thread, member=viewer)
        revisions = queries.pending_revisions(_db(), posts=posts.items, member=viewer)
    # Why a moderator refused or sent back the viewer's own posts: one more query, and
    # only when there is something to explain.
    # What waits for the space's moderators here, others' posts included (theirs to decide).
    waiting = (
        queries.pending_posts(_db(), thread=thread, besides=viewer, limit=WAITING_SHOWN + 1)
        if viewer is not None and can(Action.MODERATE_SPACE, space=thread.space, space_ctx=ctx)
        else []
    )
    explained = [p.id for p in own_posts if p.status in DECIDED_AGAINST]
    decisions = moderation_queries.latest_decisions(_db(), post_ids=explained) if explained else {}
    can_reply = thread.status is PostStatus.PUBLISHED and can(
        Action.POST_IN_SPACE, space=thread.space, space_ctx=ctx
    )
    # Data cards of every post shown, decided per viewer; each one seen is logged.
    card_slots = access_log.card_slots(
        _db(), posts=[*posts.items, *own_posts, *waiting], viewer=viewer, ctx=ctx
    )
    reply_form = None
    if can_reply:
        reply_form = ReplyForm()
        _offer_cards(reply_form, thread.space)
    page = render_template(
        "forums/thread.html",
        thread=thread,
        space=thread.space,
        ctx=ctx,
        posts=posts,
        own_posts=own_posts,
        waiting_posts=waiting[:WAITING_SHOWN],
        more_waiting=len(waiting) > WAITING_SHOWN,
        revisions=revisions,
        decisions=decisions,
        reason_labels=REASON_LABELS,
        reply_form=reply_form,
        card_slots=card_slots,
        can_join=not ctx.is_member and can(Action.JOIN_SPACE, space=thread.space, space_ctx=ctx),
    )
    response = make_response(page)
    if any(slot.kind is access_log.SlotKind.SHOWN for slot in card_slots.values()):
        # A card is someone's health data: no shared cache keeps it, no engine indexes it;
        # and the views just logged are committed once the page is written.
        db.session.commit()
        private_page_headers(response)
    return response


# --- joining and leaving ---------------------------------------------------------------


@bp.post("/espaces/<slug>/rejoindre")
def join(slug: str) -> Response:
    space, ctx = _load_space(slug)
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=url_for(".space", slug=slug)))
    require(Action.JOIN_SPACE, space=space, space_ctx=ctx)
    if services.join_space(_db(), member=current_user, space=space):
        db.session.commit()
        flash(_("Bienvenue dans l’espace « %(name)s ».", name=space.name), "success")
    return redirect(url_for(".space", slug=slug))


@bp.post("/espaces/<slug>/quitter")
def leave(slug: str) -> Response:
    space, ctx = _load_space(slug)
    # Leaving is always allowed, suspended or not: only an account is needed.
    require(Action.USE_ACCOUNT, space=space, space_ctx=ctx)
    try:
        left = services.leave_space(_db(), member=current_user, space=space)
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


# --- writing ---------------------------------------------------------------------------


@bp.route("/espaces/<slug>/nouvelle-discussion", methods=["GET", "POST"])
@posting_limit
def new_thread(slug: str) -> Response | str:
    space, ctx = _load_space(slug)
    refusal = _refuse_writer(space, ctx)
    if refusal is not None:
        return refusal
    form = ThreadForm()
    _offer_cards(form, space)
    preview = None
    if form.validate_on_submit():
        if form.wants_preview:
            preview = render_markdown(form.body.data)
        else:
            try:
                thread, post = services.start_thread(
                    _db(),
                    author=current_user,
                    space=space,
                    title=form.title.data,
                    body=form.body.data,
                )
            except services.ForumError as error:
                _explain(form, error)
            else:
                if not _attach_card(form, post):
                    _offer_cards(form, space)
                    return render_template(
                        "forums/new_thread.html", space=space, form=form, preview=None
                    )
                db.session.commit()
                _acknowledge(space, form.title.data, form.body.data)
                return redirect(thread_url(thread))
    return render_template("forums/new_thread.html", space=space, form=form, preview=preview)


@bp.route("/discussions/<int:thread_id>/repondre", methods=["GET", "POST"])
@posting_limit
def reply(thread_id: int) -> Response | str:
    thread, ctx = _load_thread(thread_id)
    refusal = _refuse_writer(thread.space, ctx)
    if refusal is not None:
        return refusal
    form = ReplyForm()
    _offer_cards(form, thread.space)
    preview = None
    if form.validate_on_submit():
        if form.wants_preview:
            preview = render_markdown(form.body.data)
        else:
            try:
                post = services.reply(
                    _db(), author=current_user, thread=thread, body=form.body.data
                )
            except services.ForumError as error:
                _explain(form, error)
            else:
                if not _attach_card(form, post):
                    _offer_cards(form, thread.space)
                    return render_template(
                        "forums/reply.html", thread=thread, form=form, preview=None
                    )
                db.session.commit()
                _acknowledge(thread.space, form.body.data)
                return redirect(thread_url(thread, _anchor=f"message-{post.id}"))
    return render_template("forums/reply.html", thread=thread, form=form, preview=preview)


@bp.route("/messages/<int:post_id>/modifier", methods=["GET", "POST"])
@posting_limit
def edit(post_id: int) -> Response | str:
    post = _own_post(post_id)
    thread = post.thread
    ctx = queries.space_context(_db(), member=current_user, space=thread.space)
    refusal = _refuse_writer(thread.space, ctx)
    if refusal is not None:
        return refusal
    opening = services.is_opening_post(_db(), post)
    waiting = (
        queries.pending_revision(_db(), post=post) if post.status is PostStatus.PUBLISHED else None
    )
    # The form starts from the latest text the author wrote, waiting or not.
    start: dict[str, str] = {"body": (waiting or post).body_source}
    if opening:
        start["title"] = (waiting.title if waiting and waiting.title else None) or thread.title
    form: EditForm = edit_form(with_title=opening, data=start)
    preview = None
    if form.validate_on_submit():
        if form.wants_preview:
            preview = render_markdown(form.body.data)
        else:
            try:
                services.edit_post(
                    _db(),
                    author=current_user,
                    post=post,
                    body=form.body.data,
                    title=form.title.data if opening else None,
                )
            except services.ForumError as error:
                _explain(form, error)
            else:
                db.session.commit()
                _acknowledge(thread.space, form.title.data if opening else "", form.body.data)
                return redirect(thread_url(thread, _anchor=f"message-{post.id}"))
    return render_template(
        "forums/edit.html", post=post, thread=thread, form=form, preview=preview, opening=opening
    )


@bp.route("/messages/<int:post_id>/supprimer", methods=["GET", "POST"])
def delete(post_id: int) -> Response | str:
    post = _own_post(post_id)
    thread = post.thread
    opening = services.is_opening_post(_db(), post)
    if request.method == "POST":
        services.withdraw_post(_db(), author=current_user, post=post)
        db.session.commit()
        flash(_("Votre message a été supprimé. Personne ne le verra plus."), "success")
        if opening:
            return redirect(url_for(".space", slug=thread.space.slug))
        return redirect(thread_url(thread))
    return render_template("forums/delete.html", post=post, thread=thread, opening=opening)

"""The thread page, and writing in a space: a new thread, a reply, an edit.

They compose the forums (threads and posts), moderation (why a post was refused, the
crisis help lines and the space's blocked words at once on writing) and self data (the
data cards offered to the writer and shown beside each post, logged per view).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from community import signals
from community.accounts.models import Member
from community.extensions import db, limiter
from community.forums import access, queries, quotes, reactions, services, unread
from community.forums.drafts import Place
from community.forums.forms import EditForm, ReplyForm, ThreadForm, edit_form
from community.forums.models import Post, PostStatus, ReactionKind, Space, Thread
from community.forums.rendering import render_markdown
from community.kernel.help_lines import CRISIS_HELP
from community.kernel.pagination import page_in_range, requested_page
from community.kernel.text import has_visible_text
from community.kernel.urls import thread_url
from community.kernel.web import current_path, member_or_address, request_session, viewer
from community.moderation.audit import queries as moderation_queries
from community.moderation.policy import services as policy
from community.moderation.scoring.detectors import detect, is_urgent
from community.pages import drafts as writing
from community.pages.help import help_url
from community.permissions import Action, can
from community.selfdata import card_queries
from community.selfdata import cards as data_cards
from community.selfdata.models import DataCard

bp = Blueprint("threads", __name__)

PENDING_NOTICE = _l(
    "Votre message est en attente de modération. Il sera visible par les autres "
    "après validation par un modérateur."
)
FIRST_PENDING_LINK = _l("Comment se passe la relecture, et combien de temps attendre ?")

# A service's refusal, explained next to the field it concerns.
FIELD_ERRORS = {
    "title_empty": ("title", _l("Donnez un titre à votre discussion.")),
    "title_too_long": ("title", _l("Le titre est trop long.")),
    "body_empty": ("body", _l("Écrivez votre message.")),
    "body_too_long": ("body", _l("Votre message est trop long.")),
    "quote_empty": ("quote", _l("Gardez au moins quelques mots du message cité.")),
    "quote_changed": (
        "quote",
        _l(
            "Ce passage ne reprend pas les mots du message cité : vous pouvez en effacer, "
            "mais pas en changer ni en ajouter. Recopiez-le depuis le message, ou effacez-le "
            "pour répondre sans citer."
        ),
    ),
}
FORM_ERRORS = {
    "thread_not_open": _l("Cette discussion n’accepte pas de réponse pour le moment."),
    "withdrawn": _l("Ce message a été supprimé : il ne peut plus être modifié."),
    "not_author": _l("Vous ne pouvez modifier que vos propres messages."),
}

REACTION_LABELS = {
    ReactionKind.THANKS: _l("Merci"),
    ReactionKind.ME_TOO: _l("Moi aussi"),
    ReactionKind.SUPPORT: _l("Je vous soutiens"),
}
QUOTE_LOST = _l(
    "Le message que vous vouliez citer n’est plus publié : votre réponse partira sans "
    "citation. Vérifiez-la, puis envoyez-la."
)

# Pending posts a moderator sees on a thread page; past that, the queue is the place.
WAITING_SHOWN = 20
DECIDED_AGAINST = (PostStatus.REJECTED, PostStatus.NEEDS_EDIT)


def _posting_limit() -> str:
    return str(current_app.config["RATELIMIT_POSTING"])


posting_limit = limiter.limit(_posting_limit, methods=["POST"], key_func=member_or_address)


def _acknowledge(space: Space, *texts: str, first: bool = False) -> None:
    """Tell the author their words wait for a moderator, where to find help at once if they
    read like a crisis (the moderator may take hours, the help lines do not), and which of
    their words the space does not accept. The first time (their first post), the notice
    links to the page that tells how moderation works and how long this space takes."""
    text = "\n\n".join(t for t in texts if t)
    if is_urgent(detect(text)):
        flash(str(CRISIS_HELP), "crisis")
    blocked = policy.blocked_words_in(request_session(), space=space, text=text)
    if blocked:
        flash(policy.blocked_notice(blocked), "warning")
    if first:
        # Markup survives the session cookie (Flask's serializer tags it), so the link does.
        notice = Markup('{} <a href="{}">{}</a>').format(
            str(PENDING_NOTICE), help_url(space.slug, "moderation"), str(FIRST_PENDING_LINK)
        )
        flash(notice, "info")
    else:
        flash(str(PENDING_NOTICE), "info")


def _submission(form: ThreadForm | ReplyForm) -> services.Submission:
    return services.submission(
        request_session(),
        author=current_user,
        submission_key=form.submission_key,
        body=form.body.data,
    )


def _stored_once(earlier: Post) -> Response:
    """The same form sent again with the same text: the post it stored, not a second one."""
    flash(_("Ce message était déjà envoyé : il n’a été enregistré qu’une fois."), "info")
    return redirect(thread_url(earlier.thread, _anchor=f"message-{earlier.id}"))


def _commit_once(form: ThreadForm | ReplyForm) -> Response | None:
    """Commit the new post; None once done, else the redirect of `_stored_by_the_other`."""
    try:
        db.session.commit()
    except IntegrityError as error:
        return _stored_by_the_other(form, error)
    return None


def _stored_by_the_other(form: ThreadForm | ReplyForm, error: IntegrityError) -> Response:
    """The same form sent twice at the same instant (a double click reaching two web
    processes): both requests looked for its key before either wrote, and the other one
    stored the post first, so this one's insert or commit broke the key's uniqueness. The
    redirect to that post; any other integrity error is a real one."""
    db.session.rollback()
    earlier = _submission(form).earlier
    if earlier is None:
        raise error
    return _stored_once(earlier)


def _explain(form: Any, error: services.ForumError) -> None:
    if error.code in FIELD_ERRORS:
        name, message = FIELD_ERRORS[error.code]
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, str(message)]
            return
    fallback = _("Votre message n’a pas pu être enregistré.")
    form.form_errors.append(str(FORM_ERRORS.get(error.code, fallback)))


def _offer_cards(form: ThreadForm | ReplyForm, space: Space) -> list[DataCard]:
    """The writer's data cards for this space not yet joined to a post, to pick one."""
    unlinked = card_queries.unlinked_cards(request_session(), owner=current_user, space_id=space.id)
    form.card.choices = [
        SelectChoice("", _("Aucune carte")),
        *(SelectChoice(card.id, card.title) for card in unlinked),
    ]
    return unlinked


def _attach_card(form: ThreadForm | ReplyForm, post: Post) -> bool:
    """Join the chosen card to the new post, in the post's transaction; False (and the
    field explains) if it cannot be, and then nothing is kept."""
    if not form.card.data:
        return True
    session = request_session()
    card = card_queries.own_card(session, owner=current_user, card_id=form.card.data)
    try:
        if card is None:
            raise data_cards.CardError("not_owner")
        data_cards.link_card(session, owner=current_user, card=card, post=post)
    except data_cards.CardError:
        db.session.rollback()
        form.card.errors = [
            *form.card.errors,
            _("Cette carte ne peut plus être jointe : choisissez-en une autre."),
        ]
        return False
    return True


# --- reading ---------------------------------------------------------------------------


@bp.route("/discussions/<int:thread_id>")
@bp.route("/discussions/<int:thread_id>/<slug>")
def thread(thread_id: int, slug: str | None = None) -> str:
    """A thread's published posts, a page at a time; around them what this reader may
    see: their own posts still waiting (and why a moderator refused one), what waits for
    the space's moderators, the data cards, the reply form."""
    thread, ctx = access.load_thread(thread_id, moderators_too=True)
    session, reader = request_session(), viewer()
    number, per_page = requested_page(), current_app.config["POSTS_PER_PAGE"]
    if not page_in_range(number, total=thread.post_count, per_page=per_page):
        abort(404)
    # The reader's own unpublished posts, and whether each post has a data card's place,
    # come with the page's posts: one round trip instead of three on most pages.
    found = queries.published_posts(
        session,
        thread=thread,
        number=number,
        per_page=per_page,
        own_of=reader,
        marked=card_queries.carries_card(Post.id),
    )
    posts, own_posts, revisions = found.page, found.own, {}
    if reader is not None:
        revisions = queries.pending_revisions(session, posts=posts.items, member=reader)
    # What waits for the space's moderators here, others' posts included (theirs to decide).
    waiting = (
        queries.pending_posts(session, thread=thread, besides=reader, limit=WAITING_SHOWN + 1)
        if reader is not None and can(Action.MODERATE_SPACE, space=thread.space, space_ctx=ctx)
        else []
    )
    # Why a moderator refused or sent back the reader's own posts: one more query, and
    # only when there is something to explain.
    explained = [p.id for p in own_posts if p.status in DECIDED_AGAINST]
    decisions = (
        moderation_queries.latest_decisions(session, post_ids=explained) if explained else {}
    )
    can_reply = thread.status is PostStatus.PUBLISHED and can(
        Action.POST_IN_SPACE, space=thread.space, space_ctx=ctx
    )
    # The reactions of the page's published posts: one query.
    page_reactions = reactions.for_page(
        session,
        posts=posts.items,
        reader=reader,
        can_react=reader is not None and can(Action.REACT, space=thread.space, space_ctx=ctx),
        names_shown=reader is not None
        and can(Action.SEE_WHO_REACTED, space=thread.space, space_ctx=ctx),
        labels={kind: str(label) for kind, label in REACTION_LABELS.items()},
        back=current_path(),
    )
    # The data cards of every post shown that has a card's place (the others have nothing
    # to show), decided per reader (self data logs each view).
    extras = signals.extras_for(
        "thread",
        session=session,
        posts=[p for p in [*posts.items, *own_posts] if p.id in found.marked] + waiting,
        viewer=reader,
        ctx=ctx,
    )
    reply_form, draft = None, None
    if can_reply:
        reply_form = ReplyForm()
        draft = writing.take_up(
            reply_form, Place.reply(thread), _offer_cards(reply_form, thread.space)
        )
    first_new = _note_reading(thread, posts.items, reader)
    return render_template(
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
        reactions=page_reactions,
        reply_form=reply_form,
        draft=draft,
        can_join=not ctx.is_member and can(Action.JOIN_SPACE, space=thread.space, space_ctx=ctx),
        first_new=first_new,
        **{"card_slots": {}, **extras},
    )


def _note_reading(thread: Thread, shown: Sequence[Post], reader: Member | None) -> int | None:
    """The first post of the page new to the reader since they last read the thread (None
    if none is, or they never opened it: everything would be); and, for `record_reading`
    after the page, the latest post it shows them if they had not seen it yet."""
    if reader is None or not shown:
        return None
    seen = thread.seen_by_reader
    if seen is None or shown[-1].id > seen:
        g.thread_read = (reader.id, thread.id, shown[-1].id)
    if seen is None:
        return None
    return next((p.id for p in shown if p.id > seen and p.author_id != reader.id), None)


@bp.after_request
def record_reading(response: Response) -> Response:
    """After a thread page shown in full: how far its reader has read, one upsert and the
    commit, once the page is written (a GET commits nothing of its own). A page that failed
    moved nothing."""
    reading = g.pop("thread_read", None)
    if reading is not None and response.status_code == 200:
        member_id, thread_id, post_id = reading
        unread.mark_seen(
            request_session(), member_id=member_id, thread_id=thread_id, post_id=post_id
        )
        db.session.commit()
    return response


# --- writing ---------------------------------------------------------------------------
#
# What the writer typed is never lost: it is kept as a draft when they preview it, when the
# form comes back with a mistake to correct and when they leave it by one of its buttons
# (to build a data card, to read the help); the form takes it up again when they return,
# and the draft goes once the post is stored.


def _writing_page(
    template: str, form: Any, offered: list[DataCard], *, lead: Markup | None = None, **context: Any
) -> str:
    """The form again, its preview (after `lead`, the quote a reply shows above its text)
    with the chosen card as the post will show it."""
    preview = None
    if form.wants_preview and not form.errors:
        # render_markdown's output is sanitized: joined to the quote as markup, not escaped.
        text = Markup(render_markdown(form.body.data))  # noqa: S704
        preview = lead + text if lead else text
    card = writing.card_preview(writing.chosen_card(form, offered)) if preview is not None else None
    return render_template(template, form=form, preview=preview, card_preview=card, **context)


@bp.route("/espaces/<slug>/nouvelle-discussion", methods=["GET", "POST"])
@posting_limit
def new_thread(slug: str) -> Response | str:
    space, ctx = access.load_space(slug)
    refusal = access.refuse_writer(space, ctx)
    if refusal is not None:
        return refusal
    form = ThreadForm()
    offered = _offer_cards(form, space)
    place, back = Place.new_thread(space), url_for(".new_thread", slug=space.slug)
    page = {"space": space}
    if not form.is_submitted():
        draft = writing.take_up(form, place, offered)
        return _writing_page("forums/new_thread.html", form, offered, draft=draft, **page)
    if (away := writing.step_away(form, place, space=space, back=back)) is not None:
        return away
    if form.validate_on_submit() and not form.wants_preview:
        if (sent := _submission(form)).earlier is not None:
            return _stored_once(sent.earlier)
        try:
            thread, post = services.start_thread(
                request_session(),
                author=current_user,
                space=space,
                title=form.title.data,
                body=form.body.data,
                submission_key=sent.key,
            )
        except services.ForumError as error:
            db.session.rollback()
            _explain(form, error)
        except IntegrityError as error:  # inserted by the other request first
            return _stored_by_the_other(form, error)
        else:
            if not _attach_card(form, post):
                offered = _offer_cards(form, space)
            else:
                writing.sent(place)
                if (earlier := _commit_once(form)) is not None:
                    return earlier
                _acknowledge(
                    space,
                    form.title.data,
                    form.body.data,
                    first=queries.is_first_post(request_session(), post=post),
                )
                return redirect(thread_url(thread))
    writing.keep_and_commit(form, place)
    return _writing_page("forums/new_thread.html", form, offered, **page)


@bp.route("/discussions/<int:thread_id>/repondre", methods=["GET", "POST"])
@posting_limit
def reply(thread_id: int) -> Response | str:
    thread, ctx = access.load_thread(thread_id)
    refusal = access.refuse_writer(thread.space, ctx)
    if refusal is not None:
        return refusal
    form = ReplyForm()
    offered = _offer_cards(form, thread.space)
    quoting, quote_lost = _quoting(form, thread)
    # Back from a detour (a data card to build), the reply still quotes what it quoted.
    citing: dict[str, Any] = {"citer": quoting.id} if quoting is not None else {}
    place, back = Place.reply(thread), url_for(".reply", thread_id=thread.id, **citing)
    page = {"thread": thread, "quoting": quoting}
    if not form.is_submitted():
        draft = writing.take_up(form, place, offered)
        return _writing_page("forums/reply.html", form, offered, draft=draft, **page)
    if (away := writing.step_away(form, place, space=thread.space, back=back)) is not None:
        return away
    valid = form.validate_on_submit()
    lead = _quoted_preview(form, quoting) if valid and form.wants_preview else Markup("")
    if valid and not form.wants_preview and quote_lost:
        form.form_errors.append(str(QUOTE_LOST))
    elif valid and not form.wants_preview:
        if (sent := _submission(form)).earlier is not None:
            return _stored_once(sent.earlier)
        try:
            post = services.reply(
                request_session(),
                author=current_user,
                thread=thread,
                body=form.body.data,
                submission_key=sent.key,
                # An emptied passage: the writer chose to answer without quoting.
                quoting=quoting if has_visible_text(form.quote.data or "") else None,
                passage=form.quote.data or "",
            )
        except services.ForumError as error:
            db.session.rollback()
            _explain(form, error)
        except IntegrityError as error:  # inserted by the other request first
            return _stored_by_the_other(form, error)
        else:
            if not _attach_card(form, post):
                offered = _offer_cards(form, thread.space)
            else:
                writing.sent(place)
                if (earlier := _commit_once(form)) is not None:
                    return earlier
                _acknowledge(
                    thread.space,
                    form.body.data,
                    first=queries.is_first_post(request_session(), post=post),
                )
                return redirect(thread_url(thread, _anchor=f"message-{post.id}"))
    writing.keep_and_commit(form, place)
    return _writing_page("forums/reply.html", form, offered, lead=lead, **page)


def _quoted_preview(form: ReplyForm, quoting: Post | None) -> Markup:
    """The quote as the reply will show it, above the preview of its text (nothing when it
    quotes nothing; its field explains a passage that is not the quoted author's)."""
    if quoting is None or not has_visible_text(form.quote.data or ""):
        return Markup("")
    try:
        passage = quotes.checked_passage(quoting, form.quote.data)
    except services.ForumError as error:
        _explain(form, error)
        return Markup("")
    return Markup('<blockquote class="quote">{}</blockquote>').format(
        Markup(render_markdown(passage))  # noqa: S704 (sanitized by render_markdown)
    )


def _quoting(form: ReplyForm, thread: Thread) -> tuple[Post | None, bool]:
    """The post this reply quotes (asked by the "Citer" link, then carried by the form), and
    whether the form asked for one that can no longer be quoted (taken down meanwhile): the
    reply then waits for its writer to see that, their words kept."""
    sent = form.is_submitted()
    asked = form.quoted_post_id if sent else request.args.get("citer", type=int)
    if asked is None:
        return None, False
    quoting = quotes.quotable(request_session(), thread=thread, post_id=asked)
    if quoting is None:
        form.quote_of.data = ""
        if not sent:
            flash(str(QUOTE_LOST), "info")
        return None, sent
    form.quote_of.data = str(quoting.id)
    if not sent:
        form.quote.data = quoting.body_source
    return quoting, False


@bp.route("/messages/<int:post_id>/modifier", methods=["GET", "POST"])
@posting_limit
def edit(post_id: int) -> Response | str:
    post = access.own_post(post_id)
    thread = post.thread
    session = request_session()
    ctx = queries.space_context(session, member=current_user, space=thread.space)
    refusal = access.refuse_writer(thread.space, ctx)
    if refusal is not None:
        return refusal
    opening = services.is_opening_post(session, post)
    waiting = (
        queries.pending_revision(session, post=post)
        if post.status is PostStatus.PUBLISHED
        else None
    )
    # The form starts from the latest text the author wrote, waiting or not.
    start: dict[str, str] = {"body": (waiting or post).body_source}
    if opening:
        start["title"] = (waiting.title if waiting and waiting.title else None) or thread.title
    form: EditForm = edit_form(with_title=opening, data=start)
    place, back = Place.edit(post), url_for(".edit", post_id=post.id)
    # What the post already says is no draft to keep.
    unchanged = writing.Written(title=start.get("title", ""), body=start["body"])
    page = {"thread": thread, "opening": opening}
    if not form.is_submitted():
        draft = writing.take_up(form, place)
        return _edit_page(form, post, draft=draft, **page)
    away = writing.step_away(form, place, space=thread.space, back=back, unchanged=unchanged)
    if away is not None:
        return away
    if form.validate_on_submit() and not form.wants_preview:
        try:
            services.edit_post(
                session,
                author=current_user,
                post=post,
                body=form.body.data,
                title=form.title.data if opening else None,
                opening=opening,
            )
        except services.ForumError as error:
            db.session.rollback()
            _explain(form, error)
        else:
            writing.sent(place)
            db.session.commit()
            _acknowledge(thread.space, form.title.data if opening else "", form.body.data)
            return redirect(thread_url(thread, _anchor=f"message-{post.id}"))
    writing.keep_and_commit(form, place, unchanged=unchanged)
    return _edit_page(form, post, **page)


def _edit_page(form: EditForm, post: Post, **context: Any) -> str:
    """The edit form; its preview shows the card the post already carries, if any."""
    preview = render_markdown(form.body.data) if form.wants_preview and not form.errors else None
    card = None
    if preview is not None:
        joined = card_queries.cards_for_posts(request_session(), [post.id]).get(post.id)
        card = writing.card_preview(joined)
    return render_template(
        "forums/edit.html", form=form, post=post, preview=preview, card_preview=card, **context
    )

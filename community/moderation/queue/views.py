"""The moderation queue and the moderators' decisions (the audit log's pages: audit.views)."""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from community.accounts.models import Member
from community.extensions import db
from community.forums import queries as forum_queries
from community.forums.models import Post, PostStatus
from community.kernel.web import local_time as clock
from community.moderation.audit import views as audit_views
from community.moderation.canned import services as canned
from community.moderation.canned.services import PreparedText
from community.moderation.queue import bulk as bulk_decisions
from community.moderation.queue import claims, details, pages, queries, services
from community.moderation.queue.forms import (
    ApproveForm,
    BulkForm,
    escalate_form,
    reject_form,
    request_edit_form,
    unpublish_form,
)
from community.permissions import Action, require

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

INVALID = 400
ERRORS = {
    "not_pending": _l("Un autre modérateur a déjà décidé pour ce message."),
    "unknown_reason": _l("Choisissez un motif."),
    "reason_too_long": _l("La précision est trop longue."),
    "message_required": _l("Dites à l’auteur ce qu’il doit modifier."),
    "claimed": _l("Un autre modérateur examine ce message."),
    "bad_target": _l(
        "Choisissez un modérateur ou un administrateur de l’association de cet espace."
    ),
    "too_many": _l("Au plus %(max)d messages à la fois.", max=bulk_decisions.BULK_MAX),
}


def _me() -> Member:
    return current_user._get_current_object()


def _error_message(error: services.ModerationError) -> str:
    if error.code == "claimed" and error.holder and error.until:
        return _(
            "Ce message est en cours d’examen par %(pseudonym)s jusqu’à %(time)s : "
            "lui seul peut décider d’ici là.",
            pseudonym=error.holder,
            time=clock(error.until),
        )
    return str(ERRORS[error.code])


def _commit(message: str, category: str = "success") -> None:
    """Commit the request's work, then say so. The message comes translated from before
    the commit, which expires the member whose language it is in (one query less)."""
    db.session.commit()
    flash(message, category)


def _refuse(error: services.ModerationError) -> Response:
    db.session.rollback()
    flash(_error_message(error), "error")
    return _back()


# The filters by finding, in the order the queue offers them (queries.FILTERS says what
# each one selects).
FILTER_NAMES = {
    "urgent": _l("Urgent"),
    "donnees": _l("Données personnelles"),
    "conseil": _l("Conseil médical dangereux"),
    "spam": _l("Publicité, spam"),
    "signale": _l("Signalé"),
    "mot": _l("Mot surveillé"),
}

# The queue's address parameters a decision carries, so that after it the moderator finds
# the same part of the queue (and the same page of it).
QUEUE_ARGS = ("after", "filtre", "espace", "transmis", "vue")
# Where the decided post stood (its cursor's token, written in each decision's address):
# the next post is the first one after it.
FROM = "depuis"


def _queue_args() -> dict[str, Any]:
    return {name: value for name in QUEUE_ARGS if (value := request.args.get(name, ""))}


def _spaces() -> list[Any]:
    if not current_user.is_authenticated:
        require(Action.MODERATE_SPACE)  # sends the visitor to log in
    spaces = queries.moderated_spaces(db.session(), member=_me())
    if not spaces:
        abort(403)
    return spaces


def _filter(spaces: list[Any]) -> queries.QueueFilter:
    return queries.QueueFilter.parse(request.args.get("filtre"), request.args.get("espace"), spaces)


def _queue_page(
    *,
    failed: BulkForm | None = None,
    status: int = 200,
    texts: dict[int, list[PreparedText]] | None = None,
) -> tuple[str, int]:
    """The queue, whole or filtered, as items to decide or as a list of one line each;
    `failed` is the bulk form sent back with its errors, and `texts` the prepared texts
    of the moderator's spaces it offered."""
    spaces = _spaces()
    session = db.session()
    me = _me()
    after = queries.Cursor.parse(request.args.get("after"))
    only_mine = request.args.get("transmis") == "1"
    only = _filter(spaces)
    as_list = request.args.get("vue") == "liste"
    page = queries.pending_queue(
        session,
        spaces=spaces,
        after=after,
        escalated_to=me if only_mine else None,
        only=only,
        per_page=queries.LIST_PAGE_SIZE if as_list else queries.QUEUE_PAGE_SIZE,
    )
    counts = queries.queue_counts(session, spaces=spaces, space_id=only.space_id)
    forms: dict[int, dict[str, Any]] = {}
    bulk_form = failed
    if not as_list:
        details.load_details(session, page.entries)
        # The prepared texts of every space: the items' forms and the bulk form offer them.
        if texts is None:
            texts = canned.texts_for(session, space_ids={space.id for space in spaces})
        forms = pages.item_forms(page.entries, failed_post_id=None, failed=None, texts=texts)
        if bulk_form is None:
            bulk_form = BulkForm(formdata=None)
            bulk_form.offer_by_space(texts, spaces)
    html = pages.render_items(
        "moderation/queue.html",
        page.entries if not as_list else [],
        forms,
        spaces=spaces,
        page=page,
        bulk_form=bulk_form,
        first_page=after is None,
        only_mine=only_mine,
        only=only,
        as_list=as_list,
        counts=counts,
        filters=FILTER_NAMES,
        queue_args=_queue_args(),
        decide_args=_queue_args(),
    )
    return html, status


@bp.get("/")
def queue() -> tuple[str, int]:
    return _queue_page()


def _item_page(
    post: Post,
    *,
    failed: Any = None,
    status: int = 200,
    texts: dict[int, list[PreparedText]] | None = None,
    recipients: dict[int, list[details.Recipient]] | None = None,
) -> tuple[str, int]:
    """One post to decide, alone on its page: where a moderator who opened it decides,
    and where a decision refused for its input comes back with the error by its field
    (with what its form offered, the prepared `texts` or the `recipients`, read once)."""
    session = db.session()
    entry = queries.entry_for(session, post=post)
    entries = [entry] if entry is not None else []
    details.load_details(session, entries)
    forms = pages.item_forms(
        entries,
        failed_post_id=post.id,
        failed=failed,
        texts=texts if texts is not None else _texts_of_space(post),
        recipients=recipients,
    )
    html = pages.render_items(
        "moderation/item.html",
        entries,
        forms,
        post=post,
        entry=entry,
        queue_args=_queue_args(),
        decide_args={**_queue_args(), "suivant": "1"},
    )
    return html, status


def _texts_of_space(post: Post) -> dict[int, list[PreparedText]]:
    """The prepared texts of the post's space, by its id, as item_forms takes them."""
    space_id = post.thread.space_id
    return canned.texts_for(db.session(), space_ids={space_id})


def _post_to_decide(post_id: int) -> Post:
    """The post, if it exists, after checking that the current member moderates its space."""
    session = db.session()
    post = forum_queries.post_by_id(session, post_id=post_id)
    if post is None:
        abort(404)
    space = post.thread.space
    ctx = forum_queries.space_context(
        session, member=_me() if current_user.is_authenticated else None, space=space
    )
    require(Action.MODERATE_SPACE, space=space, space_ctx=ctx)
    return post


def _back(post_id: int | None = None) -> Response:
    anchor = f"message-{post_id}" if post_id is not None else None
    return redirect(url_for("moderation.queue", **_queue_args(), _anchor=anchor))


@bp.get("/messages/<int:post_id>")
def item(post_id: int) -> tuple[str, int]:
    return _item_page(_post_to_decide(post_id))


def _claim_minutes() -> timedelta:
    return timedelta(minutes=int(current_app.config["MODERATION_CLAIM_MINUTES"]))


def _following(spaces: list[Any]) -> Post | None:
    """The first post after the decided one (FROM) in the same queue, not someone else's."""
    me = _me()
    return queries.next_waiting(
        db.session(),
        spaces=spaces,
        after=queries.Cursor.parse(request.args.get(FROM)),
        member=me,
        escalated_to=me if request.args.get("transmis") == "1" else None,
        only=_filter(spaces),
    )


def _next(message: str) -> Response:
    """After a decision, the next post. From a post's own page ("décider et passer au
    suivant"), that post's page, taken for this moderator in the same commit; from the
    queue, the page that finds the next post's anchor in the queue where this one stood."""
    args = _queue_args()
    if request.args.get("suivant") != "1":
        _commit(message)
        from_here: dict[str, Any] = {FROM: request.args.get(FROM)}
        return redirect(url_for("moderation.next_post", **args, **from_here))
    args.pop("after", None)
    following = _following(queries.moderated_spaces(db.session(), member=_me()))
    if following is None:
        _commit(message)
        return redirect(url_for("moderation.queue", **args))
    # Someone else may have taken it meanwhile: its page then says who.
    with suppress(services.ModerationError):
        claims.claim(db.session(), moderator=_me(), post=following, duration=_claim_minutes())
    _commit(message)
    return redirect(url_for("moderation.item", post_id=following.id, **args))


@bp.get("/suivant")
def next_post() -> Response:
    """The queue where the decided post stood, at the next post's anchor (a GET: it reads)."""
    following = _following(_spaces())
    anchor = f"message-{following.id}" if following is not None else None
    return redirect(url_for("moderation.queue", **_queue_args(), _anchor=anchor))


@bp.post("/messages/<int:post_id>/approuver")
def approve(post_id: int) -> Response:
    post = _post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    edit = post.status is PostStatus.PUBLISHED
    try:
        services.approve(db.session(), moderator=_me(), post=post)
    except services.ModerationError as error:
        return _refuse(error)
    if edit:
        return _next(_("Modification approuvée : le nouveau texte est publié."))
    return _next(_("Message approuvé : il est publié."))


@bp.post("/messages/<int:post_id>/rejeter")
def reject(post_id: int) -> Response | tuple[str, int]:
    post = _post_to_decide(post_id)
    texts = _texts_of_space(post)
    form = reject_form(post_id, texts[post.thread.space_id])
    if not form.validate_on_submit():
        db.session.rollback()
        return _item_page(post, failed=form, status=INVALID, texts=texts)
    edit = post.status is PostStatus.PUBLISHED
    try:
        services.reject(
            db.session(),
            moderator=_me(),
            post=post,
            reason_code=form.reason_code.data,
            reason_text=form.text_to_send(form.reason_text.data),
        )
    except services.ModerationError as error:
        return _refuse(error)
    if edit:
        return _next(_("Modification refusée : le texte publié reste le même."))
    return _next(_("Message refusé : seul son auteur le voit."))


@bp.post("/messages/<int:post_id>/demander-une-modification")
def request_edit(post_id: int) -> Response | tuple[str, int]:
    post = _post_to_decide(post_id)
    texts = _texts_of_space(post)
    form = request_edit_form(post_id, texts[post.thread.space_id])
    if not form.validate_on_submit():
        db.session.rollback()
        return _item_page(post, failed=form, status=INVALID, texts=texts)
    try:
        services.request_edit(
            db.session(),
            moderator=_me(),
            post=post,
            message=form.text_to_send(form.message.data),
        )
    except services.ModerationError as error:
        return _refuse(error)
    return _next(_("Modification demandée : l’auteur voit votre message."))


@bp.post("/messages/<int:post_id>/prendre")
def claim(post_id: int) -> Response:
    """Opening a post to decide takes it: others see who examines it, until when."""
    post = _post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    try:
        item = claims.claim(db.session(), moderator=_me(), post=post, duration=_claim_minutes())
    except services.ModerationError as error:
        return _refuse(error)
    assert item.claimed_until is not None
    _commit(_("Vous examinez ce message jusqu’à %(time)s.", time=clock(item.claimed_until)))
    return redirect(url_for("moderation.item", post_id=post_id, **_queue_args()))


@bp.post("/messages/<int:post_id>/liberer")
def release(post_id: int) -> Response:
    post = _post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    if claims.release(db.session(), moderator=_me(), post=post):
        _commit(_("Message libéré : un autre modérateur peut le prendre."))
    return _back(post_id)


@bp.post("/messages/<int:post_id>/transmettre")
def escalate(post_id: int) -> Response | tuple[str, int]:
    post = _post_to_decide(post_id)
    session = db.session()
    recipients = details.escalation_recipients(session, space_ids={post.thread.space_id})
    others = [
        (r.member_id, r.pseudonym)
        for r in recipients.get(post.thread.space_id, [])
        if r.member_id != _me().id
    ]
    form = escalate_form(post_id, others)
    if not form.validate_on_submit():
        db.session.rollback()
        return _item_page(post, failed=form, status=INVALID, recipients=recipients)
    target = session.get(Member, form.target.data)
    assert target is not None  # one of the choices, read just above
    try:
        services.escalate(
            session, moderator=_me(), post=post, target=target, note=form.note.data or ""
        )
    except services.ModerationError as error:
        return _refuse(error)
    return _next(_("Message transmis à %(pseudonym)s.", pseudonym=target.pseudonym))


@bp.post("/messages/<int:post_id>/depublier")
def unpublish(post_id: int) -> Response | tuple[str, int]:
    post = _post_to_decide(post_id)
    texts = _texts_of_space(post)
    form = unpublish_form(post_id, texts[post.thread.space_id])
    if not form.validate_on_submit():
        db.session.rollback()
        return _item_page(post, failed=form, status=INVALID, texts=texts)
    try:
        services.unpublish(
            db.session(),
            moderator=_me(),
            post=post,
            reason_code=form.reason_code.data,
            reason_text=form.text_to_send(form.reason_text.data),
        )
    except services.ModerationError as error:
        return _refuse(error)
    return _next(_("Message dépublié : seul son auteur le voit désormais, avec le motif."))


@bp.post("/messages/<int:post_id>/garder")
def dismiss_reports(post_id: int) -> Response:
    post = _post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    try:
        services.dismiss_reports(db.session(), moderator=_me(), post=post)
    except services.ModerationError as error:
        return _refuse(error)
    return _next(_("Signalements classés : le message reste publié."))


@bp.post("/lot")
def bulk() -> Response | tuple[str, int]:
    spaces = _spaces()
    session = db.session()
    me = _me()
    form = BulkForm()
    texts = canned.texts_for(session, space_ids={space.id for space in spaces})
    form.offer_by_space(texts, spaces)
    if not form.validate_on_submit() or not (form.approve.data or form.reject.data):
        db.session.rollback()
        if not form.errors:
            form.form_errors.append(_("Choisissez d’approuver ou de refuser la sélection."))
        return _queue_page(failed=form, status=INVALID, texts=texts)
    # Only posts of the spaces this member moderates; the others count as skipped.
    posts = queries.posts_to_decide(session, post_ids=form.post_ids.data, spaces=spaces)
    chosen = form.chosen() if form.reject.data else None
    if chosen is not None and any(post.thread.space_id != chosen.space_id for post in posts):
        # A prepared text is its space's words: never sent to an author of another space.
        form.prepared_text.errors = [
            _(
                "« %(title)s » est un texte préparé de l’espace « %(space)s » : cochez "
                "seulement des messages de cet espace, ou choisissez un autre texte.",
                title=chosen.title,
                space=next(s.name for s in spaces if s.id == chosen.space_id),
            )
        ]
        db.session.rollback()
        return _queue_page(failed=form, status=INVALID, texts=texts)
    try:
        result = bulk_decisions.bulk_decide(
            session,
            moderator=me,
            posts=posts,
            approve_all=bool(form.approve.data),
            reason_code=form.reason_code.data,
            reason_text=form.text_to_send(form.reason_text.data),
        )
    except services.ModerationError as error:
        return _refuse(error)
    skipped = result.skipped + len(set(form.post_ids.data)) - len(posts)
    _commit(
        _(
            "Messages traités : %(done)d. Ignorés (déjà décidés ou examinés par quelqu’un "
            "d’autre) : %(skipped)d.",
            done=result.done,
            skipped=skipped,
        ),
        "success" if result.done else "info",
    )
    return _back()


# The audit log of a space: its pages live in audit.views, on this blueprint.
bp.add_url_rule("/espaces/<slug>/journal", view_func=audit_views.journal)
bp.add_url_rule("/espaces/<slug>/journal.csv", view_func=audit_views.journal_csv)

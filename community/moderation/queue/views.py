"""The moderation queue and the moderators' decisions (the audit log's pages: audit.views)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from community import signals
from community.accounts.models import Member
from community.extensions import db
from community.forums import queries as forum_queries
from community.forums.models import Post, PostStatus
from community.kernel.web import local_time as clock
from community.moderation.audit import views as audit_views
from community.moderation.queue import bulk as bulk_decisions
from community.moderation.queue import claims, details, queries, services
from community.moderation.queue.forms import (
    ApproveForm,
    BulkForm,
    EscalateForm,
    RejectForm,
    RequestEditForm,
    UnpublishForm,
    escalate_form,
    reject_form,
    request_edit_form,
    unpublish_form,
)
from community.moderation.queue.highlight import highlight
from community.moderation.scoring.detectors import LABEL_NAMES
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


def _queue_page(
    *, failed_post_id: int | None = None, failed: Any = None, status: int = 200
) -> tuple[str, int]:
    """The queue; `failed` is a form sent back with its errors, for post `failed_post_id`
    (or the bulk form, with no post)."""
    if not current_user.is_authenticated:
        require(Action.MODERATE_SPACE)  # sends the visitor to log in
    session = db.session()
    me = _me()
    spaces = queries.moderated_spaces(session, member=me)
    if not spaces:
        abort(403)
    after = queries.Cursor.parse(request.args.get("after"))
    only_mine = request.args.get("transmis") == "1"
    page = queries.pending_queue(
        session, spaces=spaces, after=after, escalated_to=me if only_mine else None
    )
    details.load_details(session, page.entries)
    recipients = details.escalation_recipients(
        session, space_ids={entry.post.thread.space_id for entry in page.entries}
    )

    def kept(form: Any, post_id: int, kind: type) -> Any:
        return failed if post_id == failed_post_id and isinstance(failed, kind) else form

    forms: dict[int, dict[str, Any]] = {}
    for entry in page.entries:
        post_id = entry.post.id
        others = [
            (r.member_id, r.pseudonym)
            for r in recipients.get(entry.post.thread.space_id, [])
            if r.member_id != me.id
        ]
        forms[post_id] = {
            "reject": kept(reject_form(post_id), post_id, RejectForm),
            "edit": kept(request_edit_form(post_id), post_id, RequestEditForm),
            "unpublish": kept(unpublish_form(post_id), post_id, UnpublishForm),
            "escalate": kept(escalate_form(post_id, others), post_id, EscalateForm),
        }
        if isinstance(failed, EscalateForm) and post_id == failed_post_id:
            failed.target.choices = forms[post_id]["escalate"].target.choices
    bulk = failed if isinstance(failed, BulkForm) else BulkForm(formdata=None)
    # What other domains show beside each post: the data cards joined to these posts,
    # decided on with them (self data logs each view and makes the page private).
    extras = signals.extras_for(
        "queue", session=session, posts=[entry.post for entry in page.entries], viewer=me
    )
    html = render_template(
        "moderation/queue.html",
        spaces=spaces,
        page=page,
        me=me,
        approve_form=ApproveForm(),
        forms=forms,
        bulk_form=bulk,
        label_names=LABEL_NAMES,
        first_page=after is None,
        only_mine=only_mine,
        clock=clock,
        shorten=details.shorten,
        highlight=highlight,
        **{"card_slots": {}, **extras},
    )
    return html, status


@bp.get("/")
def queue() -> tuple[str, int]:
    return _queue_page()


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
    return redirect(url_for("moderation.queue", _anchor=anchor))


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
        _commit(_("Modification approuvée : le nouveau texte est publié."))
    else:
        _commit(_("Message approuvé : il est publié."))
    return _back()


@bp.post("/messages/<int:post_id>/rejeter")
def reject(post_id: int) -> Response | tuple[str, int]:
    post = _post_to_decide(post_id)
    form = reject_form(post_id)
    if not form.validate_on_submit():
        db.session.rollback()
        return _queue_page(failed_post_id=post_id, failed=form, status=INVALID)
    edit = post.status is PostStatus.PUBLISHED
    try:
        services.reject(
            db.session(),
            moderator=_me(),
            post=post,
            reason_code=form.reason_code.data,
            reason_text=form.reason_text.data or "",
        )
    except services.ModerationError as error:
        return _refuse(error)
    if edit:
        _commit(_("Modification refusée : le texte publié reste le même."))
    else:
        _commit(_("Message refusé : seul son auteur le voit."))
    return _back()


@bp.post("/messages/<int:post_id>/demander-une-modification")
def request_edit(post_id: int) -> Response | tuple[str, int]:
    post = _post_to_decide(post_id)
    form = request_edit_form(post_id)
    if not form.validate_on_submit():
        db.session.rollback()
        return _queue_page(failed_post_id=post_id, failed=form, status=INVALID)
    try:
        services.request_edit(
            db.session(), moderator=_me(), post=post, message=form.message.data or ""
        )
    except services.ModerationError as error:
        return _refuse(error)
    _commit(_("Modification demandée : l’auteur voit votre message."))
    return _back()


@bp.post("/messages/<int:post_id>/prendre")
def claim(post_id: int) -> Response:
    post = _post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    minutes = int(current_app.config["MODERATION_CLAIM_MINUTES"])
    try:
        item = claims.claim(
            db.session(), moderator=_me(), post=post, duration=timedelta(minutes=minutes)
        )
    except services.ModerationError as error:
        return _refuse(error)
    assert item.claimed_until is not None
    _commit(_("Vous examinez ce message jusqu’à %(time)s.", time=clock(item.claimed_until)))
    return _back(post_id)


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
        return _queue_page(failed_post_id=post_id, failed=form, status=INVALID)
    target = session.get(Member, form.target.data)
    assert target is not None  # one of the choices, read just above
    try:
        services.escalate(
            session, moderator=_me(), post=post, target=target, note=form.note.data or ""
        )
    except services.ModerationError as error:
        return _refuse(error)
    _commit(_("Message transmis à %(pseudonym)s.", pseudonym=target.pseudonym))
    return _back()


@bp.post("/messages/<int:post_id>/depublier")
def unpublish(post_id: int) -> Response | tuple[str, int]:
    post = _post_to_decide(post_id)
    form = unpublish_form(post_id)
    if not form.validate_on_submit():
        db.session.rollback()
        return _queue_page(failed_post_id=post_id, failed=form, status=INVALID)
    try:
        services.unpublish(
            db.session(),
            moderator=_me(),
            post=post,
            reason_code=form.reason_code.data,
            reason_text=form.reason_text.data or "",
        )
    except services.ModerationError as error:
        return _refuse(error)
    _commit(_("Message dépublié : seul son auteur le voit désormais, avec le motif."))
    return _back()


@bp.post("/messages/<int:post_id>/garder")
def dismiss_reports(post_id: int) -> Response:
    post = _post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    try:
        services.dismiss_reports(db.session(), moderator=_me(), post=post)
    except services.ModerationError as error:
        return _refuse(error)
    _commit(_("Signalements classés : le message reste publié."))
    return _back()


@bp.post("/lot")
def bulk() -> Response | tuple[str, int]:
    if not current_user.is_authenticated:
        require(Action.MODERATE_SPACE)
    session = db.session()
    me = _me()
    spaces = queries.moderated_spaces(session, member=me)
    if not spaces:
        abort(403)
    form = BulkForm()
    if not form.validate_on_submit() or not (form.approve.data or form.reject.data):
        db.session.rollback()
        if not form.errors:
            form.form_errors.append(_("Choisissez d’approuver ou de refuser la sélection."))
        return _queue_page(failed=form, status=INVALID)
    # Only posts of the spaces this member moderates; the others count as skipped.
    posts = queries.posts_to_decide(session, post_ids=form.post_ids.data, spaces=spaces)
    try:
        result = bulk_decisions.bulk_decide(
            session,
            moderator=me,
            posts=posts,
            approve_all=bool(form.approve.data),
            reason_code=form.reason_code.data,
            reason_text=form.reason_text.data or "",
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

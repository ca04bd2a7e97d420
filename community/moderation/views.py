"""The moderation queue and the moderators' decisions."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from community.accounts.models import Member
from community.extensions import db
from community.forums import queries as forum_queries
from community.forums.models import Post, Space
from community.moderation import queries, services
from community.moderation.forms import (
    REASON_LABELS,
    ApproveForm,
    RejectForm,
    RequestEditForm,
    reject_form,
    request_edit_form,
)
from community.moderation.models import DecisionAction, ModerationDecision
from community.permissions import Action, require

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

INVALID = 400
LABEL_NAMES = {
    "toxicity": _l("toxicité"),
    "severe_toxicity": _l("toxicité grave"),
    "obscene": _l("obscénité"),
    "threat": _l("menace"),
    "insult": _l("insulte"),
    "identity_attack": _l("attaque contre un groupe"),
}
ERRORS = {
    "not_pending": _l("Un autre modérateur a déjà décidé pour ce message."),
    "unknown_reason": _l("Choisissez un motif."),
    "reason_too_long": _l("La précision est trop longue."),
    "message_required": _l("Dites à l’auteur ce qu’il doit modifier."),
}


def _me() -> Member:
    return current_user._get_current_object()


def _queue_page(
    *,
    failed_post_id: int | None = None,
    failed_form: RejectForm | None = None,
    failed_edit_form: RequestEditForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    if not current_user.is_authenticated:
        require(Action.MODERATE_SPACE)  # sends the visitor to log in
    session = db.session()
    spaces = queries.moderated_spaces(session, member=_me())
    if not spaces:
        abort(403)
    after = queries.Cursor.parse(request.args.get("after"))
    page = queries.pending_queue(session, spaces=spaces, after=after)
    forms = {
        entry.post.id: (
            failed_form
            if entry.post.id == failed_post_id and failed_form
            else reject_form(entry.post.id)
        )
        for entry in page.entries
    }
    edit_forms = {
        entry.post.id: (
            failed_edit_form
            if entry.post.id == failed_post_id and failed_edit_form
            else request_edit_form(entry.post.id)
        )
        for entry in page.entries
    }
    html = render_template(
        "moderation/queue.html",
        spaces=spaces,
        page=page,
        approve_form=ApproveForm(),
        reject_forms=forms,
        edit_forms=edit_forms,
        label_names=LABEL_NAMES,
        first_page=after is None,
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


def _back() -> Response:
    return redirect(url_for("moderation.queue"))


@bp.post("/messages/<int:post_id>/approuver")
def approve(post_id: int) -> Response:
    post = _post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    try:
        services.approve(db.session(), moderator=_me(), post=post)
    except services.ModerationError as error:
        db.session.rollback()
        flash(str(ERRORS[error.code]), "error")
        return _back()
    db.session.commit()
    flash(_("Message approuvé : il est publié."), "success")
    return _back()


@bp.post("/messages/<int:post_id>/rejeter")
def reject(post_id: int) -> Response | tuple[str, int]:
    post = _post_to_decide(post_id)
    form = reject_form(post_id)
    if not form.validate_on_submit():
        db.session.rollback()
        return _queue_page(failed_post_id=post_id, failed_form=form, status=INVALID)
    try:
        services.reject(
            db.session(),
            moderator=_me(),
            post=post,
            reason_code=form.reason_code.data,
            reason_text=form.reason_text.data or "",
        )
    except services.ModerationError as error:
        db.session.rollback()
        flash(str(ERRORS[error.code]), "error")
        return _back()
    db.session.commit()
    flash(_("Message refusé : seul son auteur le voit."), "success")
    return _back()


# --- the audit log of a space ------------------------------------------------------------

ACTION_LABELS = {
    DecisionAction.APPROVE: _l("Approuvé"),
    DecisionAction.REJECT: _l("Refusé"),
    DecisionAction.REQUEST_EDIT: _l("Modification demandée"),
}
# What a spreadsheet would run as a formula if a cell began with it (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _journal_space(slug: str) -> Space:
    """The space, after checking that the current member administers it.

    EDIT_SPACE is what the association admins of the space and the site admins hold, and
    the moderators do not: the log is about the moderators, so they do not read it.
    """
    session = db.session()
    space = forum_queries.space_by_slug(session, slug=slug)
    if space is None:
        abort(404)
    ctx = forum_queries.space_context(
        session, member=_me() if current_user.is_authenticated else None, space=space
    )
    require(Action.EDIT_SPACE, space=space, space_ctx=ctx)
    return space


def reason_label(decision: ModerationDecision) -> str:
    if decision.reason_code is None:
        return ""
    return str(REASON_LABELS.get(decision.reason_code, decision.reason_code))


@bp.get("/espaces/<slug>/journal")
def journal(slug: str) -> str:
    space = _journal_space(slug)
    before = request.args.get("avant", type=int)
    page = queries.journal_page(db.session(), space=space, before=before)
    return render_template(
        "moderation/journal.html",
        space=space,
        page=page,
        first_page=before is None,
        action_labels=ACTION_LABELS,
        reason_label=reason_label,
        label_names=LABEL_NAMES,
    )


def spreadsheet_safe(value: str) -> str:
    """The cell as text a spreadsheet shows rather than runs (=cmd|… would be a formula)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@bp.get("/espaces/<slug>/journal.csv")
def journal_csv(slug: str) -> Response:
    space = _journal_space(slug)
    entries = queries.whole_journal(db.session(), space=space)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Date (UTC)"),
            _("Modérateur"),
            _("Action"),
            _("Motif"),
            _("Précision"),
            _("Scores"),
            _("Version du modèle"),
            _("Discussion"),
            _("Lien"),
        ]
    )
    for entry in entries:
        decision = entry.decision
        scores = "; ".join(
            f"{LABEL_NAMES.get(label, label)}: {value:.2f}" for label, value in entry.scores
        )
        link = url_for(
            "forums.thread",
            thread_id=entry.thread_id,
            _external=True,
            _anchor=f"message-{decision.post_id}",
        )
        row = [
            decision.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            decision.moderator_pseudonym,
            str(ACTION_LABELS.get(decision.action, decision.action)),
            reason_label(decision),
            decision.reason_text,
            scores,
            decision.model_version or "",
            entry.thread_title,
            link,
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    # The BOM tells Excel the file is UTF-8; without it accents come out garbled.
    body = "\ufeff" + out.getvalue()
    filename = f"journal-moderation-{space.slug}.csv"
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/messages/<int:post_id>/demander-une-modification")
def request_edit(post_id: int) -> Response | tuple[str, int]:
    post = _post_to_decide(post_id)
    form = request_edit_form(post_id)
    if not form.validate_on_submit():
        db.session.rollback()
        return _queue_page(failed_post_id=post_id, failed_edit_form=form, status=INVALID)
    try:
        services.request_edit(
            db.session(), moderator=_me(), post=post, message=form.message.data or ""
        )
    except services.ModerationError as error:
        db.session.rollback()
        flash(str(ERRORS[error.code]), "error")
        return _back()
    db.session.commit()
    flash(_("Modification demandée : l’auteur voit votre message."), "success")
    return _back()

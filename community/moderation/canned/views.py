"""A space's prepared texts: the association writes, orders and deletes them; its
moderators read them; every change is logged."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from community.accounts.models import Member
from community.extensions import db
from community.forums import queries as forum_queries
from community.forums.models import Space
from community.kernel.forms import BaseForm
from community.kernel.reasons import RejectionReason
from community.moderation.canned import services as canned
from community.moderation.canned.forms import (
    ERRORS,
    KIND_LABELS,
    CannedTextForm,
    MoveForm,
    NewCannedTextForm,
    edit_form,
)
from community.moderation.canned.models import CannedChange, CannedKind, CannedText
from community.permissions import Action, SpaceContext, can, require

bp = Blueprint("canned", __name__, url_prefix="/moderation/espaces")

INVALID = 400
Page = str | tuple[str, int] | Response


def _me() -> Member:
    return current_user._get_current_object()


def _load(slug: str) -> tuple[Space, SpaceContext]:
    session = db.session()
    space = forum_queries.space_by_slug(session, slug=slug)
    if space is None:
        abort(404)
    member = _me() if current_user.is_authenticated else None
    return space, forum_queries.space_context(session, member=member, space=space)


def _require_manager(space: Space, ctx: SpaceContext) -> None:
    require(Action.MANAGE_CANNED_TEXTS, space=space, space_ctx=ctx)


def _list_url(space: Space, text_id: int | None = None) -> str:
    anchor = f"texte-{text_id}" if text_id is not None else None
    return url_for(".texts", slug=space.slug, _anchor=anchor)


def _list_page(
    space: Space, ctx: SpaceContext, form: NewCannedTextForm, status: int = 200
) -> tuple[str, int]:
    texts = canned.texts_of(db.session(), space=space)
    page = render_template(
        "moderation/canned_texts.html",
        space=space,
        lists=[(kind, canned.of_kind(texts, kind)) for kind in CannedKind],
        kind_labels=KIND_LABELS,
        reason_label=RejectionReason.label_of,
        form=form,
        move_form=MoveForm(formdata=None),
        manages=can(Action.MANAGE_CANNED_TEXTS, space=space, space_ctx=ctx),
    )
    return page, status


@bp.route("/<slug>/textes-prepares", methods=["GET", "POST"])
def texts(slug: str) -> Page:
    space, ctx = _load(slug)
    if request.method == "GET":
        # The space's moderators read what they may send; the association writes it.
        if not can(Action.MODERATE_SPACE, space=space, space_ctx=ctx):
            _require_manager(space, ctx)
        return _list_page(space, ctx, NewCannedTextForm(formdata=None))
    _require_manager(space, ctx)
    form = NewCannedTextForm()
    if not form.validate():
        return _list_page(space, ctx, form, INVALID)
    session = db.session()
    try:
        text = canned.add_text(
            session,
            actor=_me(),
            space=space,
            kind=CannedKind(form.kind.data),
            title=form.title.data,
            body=form.body.data,
            reason_code=form.reason_code.data,
        )
    except canned.CannedError as error:
        session.rollback()
        form.refuse(error.code)
        return _list_page(space, ctx, form, INVALID)
    # Read before the commit, which expires them.
    message = _("Le texte préparé « %(title)s » est enregistré.", title=text.title)
    url = _list_url(space, text.id)
    session.commit()
    flash(message, "success")
    return redirect(url)


def _text_or_404(space: Space, text_id: int) -> CannedText:
    text = canned.text_of(db.session(), space=space, text_id=text_id)
    if text is None:
        abort(404)
    return text


def _edit_page(space: Space, text: CannedText, form: CannedTextForm, status: int = 200) -> Page:
    page = render_template(
        "moderation/canned_text_edit.html",
        space=space,
        text=text,
        form=form,
        kind_label=KIND_LABELS[text.kind],
    )
    return page, status


def _gone(space: Space, ctx: SpaceContext, sent: CannedTextForm) -> Page:
    """The text was deleted while the admin changed it: what they wrote comes back in the
    form that adds a text, with the reason, so that nothing typed is lost."""
    form = NewCannedTextForm(formdata=None)
    form.title.data, form.body.data = sent.title.data, sent.body.data
    form.reason_code.data = sent.reason_code.data
    form.form_errors.append(
        _(
            "Ce texte préparé n’existe plus : il vient peut-être d’être supprimé. Ce que vous "
            "aviez écrit est dans le formulaire ci-dessous, pour l’ajouter à nouveau."
        )
    )
    return _list_page(space, ctx, form, INVALID)


@bp.route("/<slug>/textes-prepares/<int:text_id>", methods=["GET", "POST"])
def edit(slug: str, text_id: int) -> Page:
    space, ctx = _load(slug)
    _require_manager(space, ctx)
    session = db.session()
    text = canned.text_of(session, space=space, text_id=text_id)
    if request.method == "GET":
        if text is None:
            abort(404)
        form = edit_form(text.kind, formdata=None, obj=text)
        form.reason_code.data = text.reason_code or ""
        return _edit_page(space, text, form)
    form = edit_form(text.kind if text is not None else CannedKind.REFUSAL)
    if text is None:
        return _gone(space, ctx, form)
    if not form.validate():
        return _edit_page(space, text, form, INVALID)
    try:
        changed = canned.edit_text(
            session,
            actor=_me(),
            space=space,
            text_id=text_id,
            title=form.title.data,
            body=form.body.data,
            reason_code=form.reason_code.data,
        )
    except canned.CannedError as error:
        session.rollback()
        if error.code == "gone":
            return _gone(space, ctx, form)
        form.refuse(error.code)
        return _edit_page(space, _text_or_404(space, text_id), form, INVALID)
    title = changed.title
    session.commit()
    flash(
        _(
            "Le texte préparé « %(title)s » est enregistré. Les décisions déjà prises gardent "
            "le texte qu’elles ont envoyé.",
            title=title,
        ),
        "success",
    )
    return redirect(_list_url(space, text_id))


@bp.post("/<slug>/textes-prepares/<int:text_id>/deplacer")
def move(slug: str, text_id: int) -> Response:
    space, ctx = _load(slug)
    _require_manager(space, ctx)
    form = MoveForm()
    if not form.validate():
        abort(400)
    session = db.session()
    up = form.direction.data == "up"
    try:
        moved = canned.move_text(session, actor=_me(), space=space, text_id=text_id, up=up)
    except canned.CannedError:
        flash(str(ERRORS["gone"]), "error")
        return redirect(_list_url(space))
    if moved is None:
        title = _text_or_404(space, text_id).title
        if up:
            message = _("« %(title)s » est déjà le premier de sa liste.", title=title)
        else:
            message = _("« %(title)s » est déjà le dernier de sa liste.", title=title)
        flash(message, "info")
        return redirect(_list_url(space, text_id))
    title = moved.title
    session.commit()
    if up:
        flash(_("« %(title)s » est monté d’une place.", title=title), "success")
    else:
        flash(_("« %(title)s » est descendu d’une place.", title=title), "success")
    return redirect(_list_url(space, text_id))


@bp.route("/<slug>/textes-prepares/<int:text_id>/supprimer", methods=["GET", "POST"])
def delete(slug: str, text_id: int) -> Page:
    """Ask first (GET), delete on the confirming POST."""
    space, ctx = _load(slug)
    _require_manager(space, ctx)
    form = BaseForm()
    if request.method == "GET":
        text = _text_or_404(space, text_id)
        return render_template(
            "moderation/canned_text_delete.html",
            space=space,
            text=text,
            form=form,
            kind_label=KIND_LABELS[text.kind],
            reason_label=RejectionReason.label_of,
        )
    if not form.validate():
        abort(400)
    session = db.session()
    title = canned.delete_text(session, actor=_me(), space=space, text_id=text_id)
    if title is not None:
        session.commit()
        flash(
            _(
                "Le texte préparé « %(title)s » est supprimé. Les décisions déjà prises gardent "
                "le texte qu’elles ont envoyé.",
                title=title,
            ),
            "success",
        )
    else:
        flash(_("Ce texte préparé était déjà supprimé."), "info")
    return redirect(_list_url(space))


CHANGE_LABELS = {
    CannedChange.CREATED: _l("Ajouté"),
    CannedChange.EDITED: _l("Modifié"),
    CannedChange.MOVED: _l("Déplacé"),
    CannedChange.DELETED: _l("Supprimé"),
}


@bp.get("/<slug>/textes-prepares/historique")
def history(slug: str) -> str:
    space, ctx = _load(slug)
    _require_manager(space, ctx)
    before = request.args.get("avant", type=int)
    page = canned.changes_page(db.session(), space=space, before=before)
    return render_template(
        "moderation/canned_history.html",
        space=space,
        page=page,
        first_page=before is None,
        kind_labels=KIND_LABELS,
        change_labels=CHANGE_LABELS,
        reason_label=RejectionReason.label_of,
    )

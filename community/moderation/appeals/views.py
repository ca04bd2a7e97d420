"""Appeals' pages: contesting a decision, and the moderators' appeals tab."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from community.extensions import db, limiter
from community.forums import queries as forum_queries
from community.kernel.clock import utcnow
from community.kernel.web import me, member_or_address
from community.moderation import statements
from community.moderation.appeals import queries, services
from community.moderation.appeals.forms import REVERSE, AppealForm, DecideAppealForm, decide_form
from community.moderation.models import Appeal, ModerationDecision
from community.moderation.queue import queries as queue_queries
from community.moderation.queue.highlight import highlight
from community.permissions import Action, can, require

bp = Blueprint("appeals", __name__)

INVALID = 400
ERRORS = {
    "message_required": _l("Dites pourquoi vous contestez cette décision."),
    "reasons_required": _l("Dites à la personne pourquoi vous décidez ainsi."),
    "too_long": _l("Ce texte est trop long."),
    "unknown_reason": _l("Choisissez le motif du retrait."),
}
# Answered with a word and the page again, not with the form.
FLASHED = {
    "already_appealed": _l("Vous avez déjà contesté cette décision."),
    "too_late": _l("Le délai pour contester cette décision est passé."),
    "decided": _l("Un autre modérateur a déjà répondu à cette contestation."),
    "own_decision": _l(
        "Vous avez pris la décision contestée : un autre modérateur ou l’association répondra."
    ),
    "post_changed": _l(
        "Le message a changé depuis (retiré, modifié ou sa discussion fermée) : la décision "
        "ne peut plus être annulée, seulement maintenue."
    ),
}
FIELD_OF = {"reasons_required": "reasons", "too_long": "reasons", "unknown_reason": "reason_code"}


def _appeal_limit() -> str:
    return str(current_app.config["RATELIMIT_APPEALS"])


# --- the appellant's side ---------------------------------------------------------------


def _contested(decision_id: int) -> tuple[ModerationDecision, str]:
    """The decision, if the current member may contest it (404 otherwise: someone else's
    decisions are not theirs to know of)."""
    require(Action.CONTEST_DECISION)
    session = db.session()
    decision = session.get(ModerationDecision, decision_id)
    if decision is None:
        abort(404)
    role = services.contestant_role(session, decision=decision, member=me())
    if role is None:
        abort(404)
    return decision, role


def _contest_page(
    decision: ModerationDecision, role: str, form: AppealForm, status: int = 200
) -> tuple[str, int]:
    session = db.session()
    post = None
    if decision.post_id is not None:  # none for a suspension: it is about the account
        post = forum_queries.post_by_id(session, post_id=decision.post_id)
        assert post is not None  # a decision's post is never deleted, only withdrawn
    html = render_template(
        "moderation/appeal.html",
        decision=decision,
        statement=statements.statement_of(decision),
        deadline=statements.appeal_deadline(decision),
        open_to_appeal=utcnow() <= statements.appeal_deadline(decision),
        appeal=services.appeal_of(session, decision=decision, member=me()),
        as_reporter=role == "reporter",
        post=post,
        form=form,
    )
    return html, status


@bp.route("/decisions/<int:decision_id>/contester", methods=["GET", "POST"])
@limiter.limit(_appeal_limit, methods=["POST"], key_func=member_or_address)
def contest(decision_id: int) -> Response | tuple[str, int]:
    decision, role = _contested(decision_id)
    form = AppealForm()
    if not form.validate_on_submit():
        return _contest_page(decision, role, form, INVALID if form.is_submitted() else 200)
    try:
        services.submit_appeal(
            db.session(), member=me(), decision=decision, message=form.message.data or ""
        )
    except services.AppealError as error:
        db.session.rollback()
        if error.code in FLASHED:
            flash(str(FLASHED[error.code]), "info")
            return redirect(url_for(".contest", decision_id=decision_id))
        form.message.errors = [str(ERRORS[error.code])]
        return _contest_page(decision, role, form, INVALID)
    db.session.commit()
    flash(
        _(
            "Votre contestation est enregistrée. Un autre modérateur de l’espace ou "
            "l’association y répondra, et vous serez prévenu de sa décision."
        ),
        "success",
    )
    return redirect(url_for(".contest", decision_id=decision_id))


# --- the moderators' tab -----------------------------------------------------------------


def _tab(
    *, failed_id: int | None = None, failed: DecideAppealForm | None = None, status: int = 200
) -> tuple[str, int]:
    if not current_user.is_authenticated:
        require(Action.DECIDE_APPEALS)  # sends the visitor to log in
    session = db.session()
    moderator = me()
    spaces = queue_queries.moderated_spaces(session, member=moderator)
    # A site admin answers the appeals of the site's suspensions, moderating or not.
    site = can(Action.MANAGE_SITE)
    if not spaces and not site:
        abort(403)
    appeals = queries.pending_appeals(session, spaces=spaces, site=site)
    entries: list[dict[str, Any]] = [
        {
            "appeal": appeal,
            "statement": statements.statement_of(appeal.decision),
            "may_decide": services.may_decide(appeal, moderator=moderator),
            "form": failed if appeal.id == failed_id and failed else decide_form(appeal.id),
        }
        for appeal in appeals
    ]
    html = render_template(
        "moderation/appeals.html", spaces=spaces, entries=entries, highlight=highlight, site=site
    )
    return html, status


@bp.get("/moderation/contestations/")
def appeal_tab() -> tuple[str, int]:
    return _tab()


def _appeal_to_decide(appeal_id: int) -> Appeal:
    session = db.session()
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        if not current_user.is_authenticated:
            require(Action.DECIDE_APPEALS)
        abort(404)
    if appeal.post is None:  # a suspension of the whole site: the site admins answer it
        require(Action.MANAGE_SITE)
        return appeal
    space = appeal.post.thread.space
    member = me() if current_user.is_authenticated else None
    ctx = forum_queries.space_context(session, member=member, space=space)
    require(Action.DECIDE_APPEALS, space=space, space_ctx=ctx)
    return appeal


@bp.post("/moderation/contestations/<int:appeal_id>/decider")
def decide(appeal_id: int) -> Response | tuple[str, int]:
    appeal = _appeal_to_decide(appeal_id)
    form = decide_form(appeal_id)
    if not form.validate_on_submit():
        db.session.rollback()
        return _tab(failed_id=appeal_id, failed=form, status=INVALID)
    reverse = form.outcome.data == REVERSE
    try:
        services.decide_appeal(
            db.session(),
            moderator=me(),
            appeal=appeal,
            reverse=reverse,
            reasons=form.reasons.data or "",
            reason_code=form.reason_code.data or None,
        )
    except services.AppealError as error:
        db.session.rollback()
        if error.code in FLASHED:
            flash(str(FLASHED[error.code]), "error")
            return redirect(url_for(".appeal_tab"))
        getattr(form, FIELD_OF[error.code]).errors = [str(ERRORS[error.code])]
        return _tab(failed_id=appeal_id, failed=form, status=INVALID)
    message = (
        _("Décision annulée : la personne en est prévenue, avec vos motifs.")
        if reverse
        else _("Décision maintenue : la personne en est prévenue, avec vos motifs.")
    )
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".appeal_tab"))

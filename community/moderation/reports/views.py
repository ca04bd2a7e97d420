"""The member's side of reports: the "Signaler" page of a published post."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length

from community.extensions import db, limiter
from community.forums import queries as forum_queries
from community.forums.models import Post, PostStatus
from community.kernel.forms import BaseForm
from community.kernel.help_lines import CRISIS_HELP
from community.kernel.reasons import ReportReason
from community.kernel.urls import thread_url
from community.kernel.web import member_or_address
from community.moderation.reports import services as reports
from community.moderation.reports.services import REPORT_TEXT_MAX
from community.permissions import Action, require

bp = Blueprint("reports", __name__)

ERRORS = {
    "unknown_reason": _l("Choisissez ce qui ne va pas dans ce message."),
    "text_too_long": _l("Votre précision est trop longue."),
}


class ReportForm(BaseForm):
    reason = RadioField(
        _l("Qu’est-ce qui ne va pas ?"),
        choices=[SelectChoice(reason.value, reason.label) for reason in ReportReason],
        validators=[InputRequired(message=_l("Choisissez ce qui ne va pas dans ce message."))],
        invalid_choice_message=_l("Choisissez ce qui ne va pas dans ce message."),
    )
    text = TextAreaField(
        _l("Précision pour les modérateurs (facultatif)"),
        validators=[
            Length(
                max=REPORT_TEXT_MAX,
                message=_l("%(max)d caractères au plus.", max=REPORT_TEXT_MAX),
            )
        ],
    )


def _reporting_limit() -> str:
    return str(current_app.config["RATELIMIT_REPORTING"])


@bp.app_template_global()
def may_report(post: Post) -> bool:
    """Whether the page shows a "Signaler" link on this post: someone else's published post,
    for a logged-in member who may write (the page they read it on checked reading)."""
    return (
        post.status is PostStatus.PUBLISHED
        and current_user.is_authenticated
        and not current_user.is_suspended
        and post.author_id != current_user.id
    )


def _reportable(post_id: int) -> Post:
    """A published post the current member may read, or 404 / 403 / the log-in page."""
    session = db.session()
    post = forum_queries.post_by_id(session, post_id=post_id)
    if post is None or post.status is not PostStatus.PUBLISHED:
        abort(404)
    thread = post.thread
    if not forum_queries.thread_visible_to(thread, current_user):
        abort(404)
    member = current_user if current_user.is_authenticated else None
    ctx = forum_queries.space_context(session, member=member, space=thread.space)
    require(Action.READ_SPACE, space=thread.space, space_ctx=ctx)
    # Reading is not enough: reporting is an act, refused to visitors and suspended members.
    require(Action.USE_ACCOUNT)
    if current_user.is_suspended:
        abort(403)
    return post


def _back_to(post: Post) -> Response:
    return redirect(thread_url(post.thread, _anchor=f"message-{post.id}"))


@bp.route("/messages/<int:post_id>/signaler", methods=["GET", "POST"])
@limiter.limit(_reporting_limit, methods=["POST"], key_func=member_or_address)
def report(post_id: int) -> Response | tuple[str, int] | str:
    post = _reportable(post_id)
    member = current_user._get_current_object()
    if post.author_id == member.id:
        flash(_("C’est votre propre message : vous ne pouvez pas le signaler."), "info")
        return _back_to(post)
    session = db.session()
    if reports.already_reported(session, reporter=member, post=post):
        flash(_("Vous avez déjà signalé ce message. Les modérateurs vont l’examiner."), "info")
        return _back_to(post)
    form = ReportForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("moderation/report.html", post=post, form=form), status
    try:
        reports.report_post(
            session,
            reporter=member,
            post=post,
            reason_code=form.reason.data,
            reason_text=form.text.data or "",
        )
    except reports.ReportError as error:
        db.session.rollback()
        if error.code in ERRORS:
            form.form_errors.append(str(ERRORS[error.code]))
            return render_template("moderation/report.html", post=post, form=form), 400
        if error.code == "already_reported":  # from another tab, a moment ago
            flash(_("Vous avez déjà signalé ce message. Les modérateurs vont l’examiner."), "info")
        else:  # taken down meanwhile
            flash(_("Ce message ne peut plus être signalé."), "info")
        return _back_to(post)
    db.session.commit()
    if form.reason.data == reports.DANGER:
        # The moderators may take hours; the help lines answer now.
        flash(str(CRISIS_HELP), "crisis")
    flash(
        _(
            "Merci, votre signalement est transmis aux modérateurs de l’espace. "
            "L’auteur du message ne saura pas qui l’a signalé."
        ),
        "success",
    )
    return _back_to(post)

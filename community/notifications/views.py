"""The member's notifications: the list, marking read, the unread count in the header, and
whether they also come by e-mail."""

from __future__ import annotations

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
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from community.accounts.forms import EmailNotificationsForm
from community.extensions import db
from community.forums import queries as forum_queries
from community.forums.models import PostStatus
from community.kernel.clock import utcnow
from community.kernel.forms import BaseForm
from community.kernel.urls import thread_url
from community.kernel.web import me
from community.moderation import statements
from community.moderation.appeals.services import CONTESTABLE_BY_AUTHOR
from community.moderation.models import DecisionAction, ModerationDecision
from community.notifications import queries, services
from community.notifications.models import Notification, NotificationKind
from community.permissions import Action, require

# No url_prefix: the e-mail preference is set from the account page, under /compte.
bp = Blueprint("notifications", __name__)

# What happened, in the reader's language; the post's text is never repeated here.
KIND_TEXTS = {
    NotificationKind.POST_APPROVED: _l("Votre message a été publié."),
    NotificationKind.POST_REJECTED: _l("Votre message a été refusé par un modérateur."),
    NotificationKind.EDIT_REQUESTED: _l("Un modérateur vous demande de modifier votre message."),
    NotificationKind.EDIT_APPROVED: _l("Votre modification a été acceptée : elle est publiée."),
    NotificationKind.EDIT_REJECTED: _l(
        "Votre modification a été refusée : le texte publié reste le même."
    ),
    NotificationKind.POST_UNPUBLISHED: _l(
        "Votre message a été retiré de la publication par un modérateur."
    ),
    NotificationKind.ESCALATED_TO_YOU: _l("Un message vous a été transmis pour décision."),
    NotificationKind.REPORT_DISMISSED: _l(
        "Votre signalement a été examiné : un modérateur a décidé de garder le message publié."
    ),
    NotificationKind.APPEAL_UPHELD: _l(
        "Votre contestation a été examinée par un autre modérateur : la décision est maintenue."
    ),
    NotificationKind.APPEAL_REVERSED: _l(
        "Votre contestation a été examinée par un autre modérateur : la décision est annulée."
    ),
    NotificationKind.APPEAL_TO_DECIDE: _l(
        "Une décision est contestée : un modérateur autre que celui qui l’a prise doit y "
        "répondre. Vous pouvez le faire."
    ),
    NotificationKind.ACCOUNT_SUSPENDED: _l("Votre compte est suspendu par un administrateur."),
    NotificationKind.ACCOUNT_REINSTATED: _l(
        "Votre compte est réactivé : vous pouvez de nouveau écrire."
    ),
    NotificationKind.EXPORT_READY: _l(
        "L’archive de vos données est prête. Vous pouvez la télécharger pendant quelques jours."
    ),
    NotificationKind.EXPORT_FAILED: _l(
        "L’archive de vos données n’a pas pu être préparée. Vous pouvez en demander une nouvelle."
    ),
    NotificationKind.FOLLOWED_THREAD_REPLY: _l(
        "Nouvelle réponse dans une discussion que vous suivez."
    ),
    NotificationKind.FOLLOWED_SPACE_THREAD: _l(
        "Nouvelle discussion dans un espace que vous suivez."
    ),
    NotificationKind.MENTIONED: _l("Un membre vous a mentionné dans un message."),
    NotificationKind.QUOTED: _l("Un membre a cité votre message dans sa réponse."),
    NotificationKind.MEMBERSHIP_REQUESTED: _l(
        "Un membre demande à rejoindre un espace que vous modérez."
    ),
    NotificationKind.MEMBERSHIP_ACCEPTED: _l(
        "Votre demande est acceptée : vous faites maintenant partie de l’espace."
    ),
    NotificationKind.MEMBERSHIP_REFUSED: _l(
        "Votre demande pour rejoindre un espace n’a pas été acceptée."
    ),
}
assert set(KIND_TEXTS) == set(NotificationKind)
# Notifications about no post, and the page they lead to.
LINKS: dict[NotificationKind, tuple[str, dict[str, Any]]] = {
    NotificationKind.ESCALATED_TO_YOU: ("moderation.queue", {"transmis": 1}),
    NotificationKind.APPEAL_TO_DECIDE: ("appeals.appeal_tab", {}),
    NotificationKind.EXPORT_READY: ("mydata.index", {}),
    NotificationKind.EXPORT_FAILED: ("mydata.index", {}),
}
# Notifications about a space (a request to join it), and the page of it they lead to.
SPACE_LINKS = {
    NotificationKind.MEMBERSHIP_REQUESTED: "membership.requests",
    NotificationKind.MEMBERSHIP_ACCEPTED: "forums.space",
    NotificationKind.MEMBERSHIP_REFUSED: "forums.space",
}


class MarkReadForm(BaseForm):
    """Nothing to fill in: the form carries the CSRF token."""


def unread_notifications_known(count: int) -> None:
    """The header's count, read along with the member (the user loader, on a page that
    reads): the header then asks no query of its own."""
    g.unread_notifications = count


@bp.app_template_global()
def unread_notifications() -> int:
    """The header's count, for a logged-in member: one query per request, none otherwise."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        try:
            g.unread_notifications = queries.unread_count(db.session(), member=me())
        except SQLAlchemyError:
            # An error page drawn over a failed transaction must still be drawn.
            g.unread_notifications = 0
    return int(g.unread_notifications)


def notification_link(notification: Notification, *, page: int = 1) -> str | None:
    """Where a notification leads: the queue for a post handed over, the appeals tab for an
    appeal to decide, the member's data page for their archive, the space's requests or
    page for a request to join it, the edit form for an edit still asked for, else the
    post itself (on `page` of its thread)."""
    if notification.kind in LINKS:
        endpoint, values = LINKS[notification.kind]
        return url_for(endpoint, **values)
    if notification.kind in SPACE_LINKS:
        space = notification.space
        return url_for(SPACE_LINKS[notification.kind], slug=space.slug) if space else None
    post = notification.post
    if post is None:
        return None
    if (
        notification.kind is NotificationKind.EDIT_REQUESTED
        and post.status is PostStatus.NEEDS_EDIT
    ):
        return url_for("threads.edit", post_id=post.id)
    pages = {"page": page} if page > 1 else {}
    return thread_url(post.thread, _anchor=f"message-{post.id}", **pages)


def contestable(decision: ModerationDecision) -> bool:
    """Whether the notice offers to contest the decision: a restriction of the post itself
    (a refused edit leaves it published) or a dismissed report, still within its time.
    Who may contest it is checked by the appeal's page."""
    if decision.action in (DecisionAction.DISMISS_REPORTS, DecisionAction.SUSPEND):
        return utcnow() <= statements.appeal_deadline(decision)
    if decision.action not in CONTESTABLE_BY_AUTHOR or decision.revision_id is not None:
        return False
    return decision.statement is not None and utcnow() <= statements.appeal_deadline(decision)


@bp.get("/notifications/")
def index() -> str:
    require(Action.USE_ACCOUNT)
    before = request.args.get("avant", type=int)
    page = queries.notification_page(db.session(), member=me(), before=before)
    return render_template(
        "notifications/index.html",
        page=page,
        first_page=before is None,
        kind_texts=KIND_TEXTS,
        link=notification_link,
        statement_of=statements.statement_of,
        contestable=contestable,
    )


def _back() -> Response:
    return redirect(url_for("notifications.index"))


@bp.post("/notifications/tout-lu")
def mark_all_read() -> Response:
    require(Action.USE_ACCOUNT)
    if not MarkReadForm().validate_on_submit():
        abort(400)
    services.mark_all_read(db.session(), member=me())
    db.session.commit()
    flash(_("Toutes vos notifications sont marquées comme lues."), "success")
    return _back()


@bp.post("/notifications/<int:notification_id>/ouvrir")
def open_notification(notification_id: int) -> Response:
    """Follow a notification's link: it is marked read, then the member is sent where it
    leads. A form, not a link, so that no GET writes (a link checker or a prefetching
    browser would otherwise mark notifications read); where it leads is worked out here
    from the stored notification, never taken from the request."""
    require(Action.USE_ACCOUNT)
    if not MarkReadForm().validate_on_submit():
        abort(400)
    session = db.session()
    entry = queries.entry_of(session, member=me(), notification_id=notification_id)
    if entry is None:
        abort(404)
    post, target = entry.notification.post, None
    if entry.shown:
        per_page = int(current_app.config["POSTS_PER_PAGE"])
        page = forum_queries.page_of_post(session, post=post, per_page=per_page) if post else 1
        target = notification_link(entry.notification, page=page)
    services.mark_read(session, member=me(), notification_id=notification_id)
    db.session.commit()
    if target is None:
        flash(_("Ce message n’est plus visible."), "info")
        return _back()
    return redirect(target, code=303)


@bp.post("/notifications/<int:notification_id>/lu")
def mark_read(notification_id: int) -> Response:
    require(Action.USE_ACCOUNT)
    if not MarkReadForm().validate_on_submit():
        abort(400)
    if not services.mark_read(db.session(), member=me(), notification_id=notification_id):
        abort(404)
    db.session.commit()
    return _back()


@bp.route("/compte/notifications", methods=["POST"])
def email_preference() -> Response:
    """The account page's choice: notifications by e-mail too, or in the site only."""
    require(Action.USE_ACCOUNT)
    form = EmailNotificationsForm(prefix="courriel")
    if not form.validate_on_submit():
        abort(400)  # only the CSRF token can be wrong: a checkbox is either sent or not
    services.set_email_preference(db.session(), member=me(), by_email=form.notify_by_email.data)
    db.session.commit()
    if form.notify_by_email.data:
        flash(_("Vous recevrez aussi vos notifications par e-mail."), "success")
    else:
        flash(_("Vous ne recevrez plus de notifications par e-mail."), "success")
    return redirect(url_for("accounts.account"))

"""The summary by e-mail: the account page's choice, and unsubscribing from any e-mail of
ours in one step, from the link it carries, without logging in."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectChoice

from community.accounts.models import Member, MemberStatus
from community.extensions import csrf, db
from community.kernel.forms import BaseForm
from community.kernel.web import me, private_page_headers, request_session
from community.notifications import digests, services
from community.notifications.models import DigestFrequency
from community.notifications.unsubscribe import MailingList, read_token
from community.permissions import Action, require

bp = Blueprint("digests", __name__)
bp.after_request(private_page_headers)

NONE = "none"


class DigestForm(BaseForm):
    frequency = RadioField(
        _l("Un résumé par e-mail"),
        choices=[
            SelectChoice(NONE, _l("Pas de résumé")),
            SelectChoice(DigestFrequency.DAILY.value, _l("Chaque jour")),
            SelectChoice(DigestFrequency.WEEKLY.value, _l("Chaque semaine")),
        ],
        default=NONE,
        invalid_choice_message=_l("Choisissez l’une des trois réponses."),
    )


@bp.app_template_global()
def digest_form() -> DigestForm:
    """The account page's form, showing the member's choice (one query)."""
    current = digests.digest_of(request_session(), member=me())
    chosen = current.frequency.value if current is not None else NONE
    return DigestForm(prefix="resume", formdata=None, frequency=chosen)


@bp.post("/compte/resume")
def preference() -> Response:
    require(Action.USE_ACCOUNT)
    form = DigestForm(prefix="resume")
    if not form.validate_on_submit():
        flash(_("Choisissez l’une des trois réponses : rien n’a changé."), "error")
        return redirect(url_for("accounts.account"), code=303)
    chosen = None if form.frequency.data == NONE else DigestFrequency(form.frequency.data)
    digests.set_digest(request_session(), member=me(), frequency=chosen)
    db.session.commit()
    if chosen is DigestFrequency.DAILY:
        flash(_("Vous recevrez un résumé par e-mail chaque jour où il y a du nouveau."), "success")
    elif chosen is DigestFrequency.WEEKLY:
        flash(
            _("Vous recevrez un résumé par e-mail chaque semaine où il y a du nouveau."), "success"
        )
    else:
        flash(_("Vous ne recevrez plus de résumé par e-mail."), "success")
    return redirect(url_for("accounts.account"), code=303)


@bp.route("/desabonnement/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed link is the proof; mail programs POST it bare (RFC 8058)
def unsubscribe(token: str) -> tuple[str, int] | str:
    """The link of an e-mail: one button that stops those e-mails (and a mail program's
    one-click POST does it at once). Reading the page changes nothing, so that a link
    checker opening it unsubscribes nobody."""
    found = read_token(token)
    session = request_session()
    member = session.get(Member, found.member_id) if found is not None else None
    if found is None or member is None or member.status is MemberStatus.DELETED:
        return render_template("notifications/unsubscribe.html", invalid=True), 404
    if request.method == "POST":
        if found.mailing is MailingList.DIGEST:
            digests.set_digest(session, member=member, frequency=None)
        else:
            services.set_email_preference(session, member=member, by_email=False)
        db.session.commit()
        return render_template("notifications/unsubscribe.html", mailing=found.mailing, done=True)
    return render_template("notifications/unsubscribe.html", mailing=found.mailing, done=False)

"""The site admin's pages about accounts: suspending a member, lifting it, the site's log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from community.accounts import services as accounts
from community.accounts.models import Member, MemberStatus
from community.extensions import db
from community.kernel.clock import utcnow
from community.kernel.reasons import SuspensionRule
from community.kernel.web import me
from community.moderation import statements
from community.moderation.audit.views import ACTION_LABELS
from community.moderation.suspensions import queries, services
from community.moderation.suspensions.forms import (
    DURATIONS,
    UNKNOWN_MEMBER,
    ReinstateForm,
    SuspendForm,
)
from community.permissions import Action, require

bp = Blueprint("suspensions", __name__, url_prefix="/admin")

INVALID = 400
# Each refusal of the services, next to the field it is about.
ERRORS = {
    "own_account": ("pseudonym", _l("Vous ne pouvez pas changer l’état de votre propre compte.")),
    "deleted": ("pseudonym", UNKNOWN_MEMBER),
    "already_suspended": ("pseudonym", _l("Ce compte est déjà suspendu.")),
    "not_suspended": ("pseudonym", _l("Ce compte n’est pas suspendu.")),
    "unknown_rule": ("rule", _l("Choisissez la règle de la charte.")),
    "facts_required": ("facts", _l("Écrivez les faits : ce que le membre a fait, et quand.")),
    "past": ("duration", _l("Choisissez la durée de la suspension.")),
}
TOO_LONG = _l("Ce texte est trop long.")

Page = tuple[str, int] | Response


def _page(
    *,
    suspend_form: SuspendForm | None = None,
    reinstate_form: ReinstateForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    html = render_template(
        "admin/members.html",
        suspend_form=suspend_form or SuspendForm(prefix="suspension", formdata=None),
        reinstate_form=reinstate_form or ReinstateForm(prefix="reactivation", formdata=None),
        suspended=queries.suspended_members(db.session(), now=utcnow()),
    )
    return html, status


def _named(form: SuspendForm | ReinstateForm) -> Member | None:
    member = accounts.find_by_pseudonym(db.session(), form.pseudonym.data or "")
    if member is None or member.status is MemberStatus.DELETED:
        form.pseudonym.errors = [*form.pseudonym.errors, str(UNKNOWN_MEMBER)]
        return None
    return member


def _refused(
    form: SuspendForm | ReinstateForm, error: services.SuspensionError, text_field: str
) -> None:
    db.session.rollback()
    if error.code == "too_long":
        name, message = text_field, TOO_LONG
    else:
        name, message = ERRORS[error.code]
    field = getattr(form, name)
    field.errors = [*field.errors, str(message)]


@bp.get("/membres")
def members() -> Page:
    require(Action.MANAGE_SITE)
    return _page()


@bp.post("/membres/suspendre")
def suspend() -> Page:
    require(Action.MANAGE_SITE)
    form = SuspendForm(prefix="suspension")
    if form.validate() and (member := _named(form)) is not None:
        duration = DURATIONS[form.duration.data or ""]
        pseudonym = member.pseudonym
        try:
            services.suspend(
                db.session(),
                admin=me(),
                member=member,
                rule=form.rule.data or "",
                facts=form.facts.data or "",
                until=utcnow() + duration if duration is not None else None,
            )
        except services.SuspensionError as error:
            _refused(form, error, "facts")
        else:
            db.session.commit()
            flash(
                _(
                    "Le compte de %(pseudonym)s est suspendu. Il a reçu l’exposé des motifs, "
                    "et peut contester.",
                    pseudonym=pseudonym,
                ),
                "success",
            )
            return redirect(url_for(".members"))
    return _page(suspend_form=form, status=INVALID)


@bp.post("/membres/reactiver")
def reinstate() -> Page:
    require(Action.MANAGE_SITE)
    form = ReinstateForm(prefix="reactivation")
    if form.validate() and (member := _named(form)) is not None:
        pseudonym = member.pseudonym
        try:
            services.reinstate(db.session(), admin=me(), member=member, note=form.note.data or "")
        except services.SuspensionError as error:
            _refused(form, error, "note")
        else:
            db.session.commit()
            flash(_("Le compte de %(pseudonym)s est réactivé.", pseudonym=pseudonym), "success")
            return redirect(url_for(".members"))
    return _page(reinstate_form=form, status=INVALID)


def rule_label(code: str | None) -> str:
    return SuspensionRule.label_of(code, unknown=code or "")


@bp.get("/journal")
def site_journal() -> str:
    """The audit log of what belongs to no space: suspensions, their lifting, their appeals."""
    require(Action.MANAGE_SITE)
    before = request.args.get("avant", type=int)
    page = queries.site_journal_page(db.session(), before=before)
    return render_template(
        "admin/journal.html",
        page=page,
        first_page=before is None,
        action_labels=ACTION_LABELS,
        rule_label=rule_label,
        statement_of=statements.statement_of,
    )

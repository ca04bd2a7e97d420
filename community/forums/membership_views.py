"""Joining a members-only space: the request and its answer, the deciders' page, the
invitation links.

Asking needs an account in good standing (JOIN_SPACE); answering and inviting, a
moderator or association admin of the space (DECIDE_MEMBERSHIP). The deciders see the
requester's pseudonym and the words they chose to write, nothing else of them.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from community.extensions import db
from community.forums import access, membership, queries
from community.forums.membership_forms import (
    AnswerForm,
    ConfirmForm,
    InvitationForm,
    MembershipRequestForm,
)
from community.forums.models import Space, SpaceRoleKind
from community.forums.spaces import ForumError
from community.kernel.clock import utcnow
from community.kernel.urls import external_url
from community.kernel.web import me, request_session
from community.permissions import Action, SpaceContext, require

bp = Blueprint("membership", __name__)

INVALID = 400
# Why a request could not be sent, in the member's words.
REFUSALS = {
    "public_space": _l("Cet espace est ouvert : vous pouvez le rejoindre directement."),
    "already_member": _l("Vous êtes déjà membre de cet espace."),
    "waiting": _l("Votre demande est déjà envoyée : elle attend la réponse des modérateurs."),
    "too_soon": _l("Vous ne pouvez pas encore refaire de demande pour cet espace."),
}


def _space_url(space: Space) -> str:
    return url_for("forums.space", slug=space.slug)


def _moderators(space: Space) -> list[object]:
    return [role for role in space.roles if role.kind is SpaceRoleKind.MODERATOR]


# --- asking ------------------------------------------------------------------------------


@bp.route("/espaces/<slug>/demande", methods=["GET", "POST"])
def ask(slug: str) -> Response | tuple[str, int]:
    space, ctx = access.load_space(slug, with_roles=True)
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=url_for(".ask", slug=slug)))
    require(Action.JOIN_SPACE, space=space, space_ctx=ctx)
    session = request_session()
    if request.method == "GET":
        latest = membership.latest_request(session, member=me(), space=space)
        if (
            not space.members_only
            or ctx.is_member
            or (latest is not None and latest.status is membership.PENDING)
            or membership.may_ask_again_at(latest) is not None
        ):
            # The space's page says where the member stands, and what they may do.
            return redirect(_space_url(space), code=303)
    form = MembershipRequestForm()
    if form.validate_on_submit():
        try:
            membership.request_membership(
                session, member=me(), space=space, message=form.message.data or ""
            )
        except ForumError as error:
            flash(str(REFUSALS.get(error.code, REFUSALS["waiting"])), "info")
            return redirect(_space_url(space), code=303)
        db.session.commit()
        flash(
            _(
                "Votre demande est envoyée. Les modérateurs de l’espace vont la lire ; vous "
                "serez prévenu de leur réponse dans vos notifications."
            ),
            "success",
        )
        return redirect(_space_url(space), code=303)
    page = render_template(
        "forums/membership_request.html", space=space, form=form, moderators=_moderators(space)
    )
    return page, INVALID if form.errors else 200


@bp.post("/espaces/<slug>/demande/retirer")
def withdraw(slug: str) -> Response:
    space, _ctx = access.load_space(slug)
    require(Action.USE_ACCOUNT)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if membership.withdraw_request(request_session(), member=me(), space=space):
        db.session.commit()
        flash(_("Votre demande est retirée."), "success")
    return redirect(_space_url(space), code=303)


# --- answering ---------------------------------------------------------------------------


def _deciding(slug: str) -> tuple[Space, SpaceContext]:
    space, ctx = access.load_space(slug)
    require(Action.DECIDE_MEMBERSHIP, space=space, space_ctx=ctx)
    return space, ctx


def _requests_page(
    space: Space,
    *,
    answer_forms: dict[int, AnswerForm] | None = None,
    invitation_form: InvitationForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    session = request_session()
    waiting = membership.waiting_requests(session, space=space)
    forms = answer_forms or {}
    for asked in waiting:
        forms.setdefault(asked.id, AnswerForm(prefix=f"demande-{asked.id}", formdata=None))
    invitations = membership.open_invitations(session, space=space)
    page = render_template(
        "forums/membership_requests.html",
        space=space,
        waiting=waiting,
        waiting_total=membership.waiting_count(session, space=space)
        if len(waiting) >= membership.WAITING_SHOWN
        else len(waiting),
        forms=forms,
        invitations=[
            (
                invitation,
                external_url(
                    "membership.invitation", token=membership.invitation_token(invitation)
                ),
            )
            for invitation in invitations
        ],
        invitation_form=invitation_form or InvitationForm(prefix="invitation", formdata=None),
        confirm=ConfirmForm(formdata=None),
    )
    return page, status


@bp.get("/espaces/<slug>/demandes")
def requests(slug: str) -> tuple[str, int]:
    space, _ctx = _deciding(slug)
    return _requests_page(space)


@bp.post("/espaces/<slug>/demandes/<int:request_id>")
def decide(slug: str, request_id: int) -> Response | tuple[str, int]:
    space, _ctx = _deciding(slug)
    session = request_session()
    found = membership.request_in_space(session, space=space, request_id=request_id)
    if found is None:
        abort(404)
    form = AnswerForm(prefix=f"demande-{request_id}")
    if not form.validate_on_submit() or not (form.accept.data or form.refuse.data):
        if not form.errors:
            abort(400)
        return _requests_page(space, answer_forms={request_id: form}, status=INVALID)
    accept = bool(form.accept.data)
    pseudonym = found.member.pseudonym
    try:
        membership.decide_request(
            session, request=found, decider=me(), accept=accept, answer=form.answer.data or ""
        )
    except ForumError:
        flash(_("Cette demande a déjà reçu une réponse, ou son auteur l’a retirée."), "info")
        return redirect(url_for(".requests", slug=slug), code=303)
    db.session.commit()
    if accept:
        flash(
            _("%(pseudonym)s fait maintenant partie de l’espace.", pseudonym=pseudonym), "success"
        )
    else:
        flash(
            _(
                "La demande de %(pseudonym)s n’est pas acceptée ; il en est prévenu.",
                pseudonym=pseudonym,
            ),
            "success",
        )
    return redirect(url_for(".requests", slug=slug), code=303)


# --- invitation links --------------------------------------------------------------------


@bp.post("/espaces/<slug>/invitations")
def create_invitation(slug: str) -> Response | tuple[str, int]:
    space, _ctx = _deciding(slug)
    form = InvitationForm(prefix="invitation")
    if not form.validate_on_submit():
        return _requests_page(space, invitation_form=form, status=INVALID)
    try:
        membership.create_invitation(
            request_session(),
            space=space,
            author=me(),
            max_uses=form.max_uses.data,
            days=form.days.data,
        )
    except ForumError:
        flash(_("Cet espace est ouvert : chacun peut le rejoindre sans invitation."), "info")
        return redirect(url_for(".requests", slug=slug), code=303)
    db.session.commit()
    flash(_("Le lien est prêt : copiez-le ci-dessous et envoyez-le."), "success")
    return redirect(url_for(".requests", slug=slug, _anchor="invitations"), code=303)


@bp.post("/espaces/<slug>/invitations/<int:invitation_id>/revoquer")
def revoke_invitation(slug: str, invitation_id: int) -> Response:
    space, _ctx = _deciding(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not membership.revoke_invitation(
        request_session(), space=space, invitation_id=invitation_id
    ):
        abort(404)
    db.session.commit()
    flash(_("Ce lien ne fonctionne plus."), "success")
    return redirect(url_for(".requests", slug=slug, _anchor="invitations"), code=303)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Response | tuple[str, int]:
    """An invitation link: what it opens and a button to join (a GET never joins)."""
    session = request_session()
    found = membership.invitation_of(session, token=token)
    if found is None:
        return render_template("forums/invitation.html", invitation=None, space=None), 404
    space = found.space
    usable = found.usable_at(utcnow())
    if not current_user.is_authenticated and request.method == "POST":
        return redirect(url_for("accounts.login", next=url_for(".invitation", token=token)))
    if current_user.is_authenticated:
        require(Action.JOIN_SPACE)
        if request.method == "POST" and usable:
            if not ConfirmForm().validate_on_submit():
                abort(400)
            try:
                membership.accept_invitation(session, invitation=found, member=me())
            except ForumError as error:
                if error.code == "already_member":
                    flash(_("Vous êtes déjà membre de cet espace."), "info")
                    return redirect(_space_url(space), code=303)
                usable = False
            else:
                db.session.commit()
                flash(_("Bienvenue dans l’espace « %(name)s ».", name=space.name), "success")
                return redirect(_space_url(space), code=303)
        elif queries.space_context(session, member=me(), space=space).is_member:
            flash(_("Vous êtes déjà membre de cet espace."), "info")
            return redirect(_space_url(space), code=303)
    page = render_template("forums/invitation.html", invitation=found, space=space, usable=usable)
    return page, 200 if usable else 410

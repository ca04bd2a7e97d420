"""Site and association administration: associations, spaces, their admins and moderators."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from community.accounts import services as accounts
from community.accounts.models import Member, MemberStatus
from community.extensions import db
from community.forums import queries, services
from community.forums.admin_forms import (
    AssociationAdminForm,
    AssociationForm,
    ConfirmForm,
    ModeratorForm,
    SpaceForm,
    SpaceTextsForm,
)
from community.forums.models import Association, Space, SpaceRoleKind, SpaceVisibility
from community.kernel.web import me
from community.permissions import Action, SpaceContext, can, require

bp = Blueprint("admin", __name__, url_prefix="/admin")

SLUG_TAKEN = _l("Cet identifiant est déjà pris : choisissez-en un autre.")
UNKNOWN_MEMBER = _l("Aucun membre ne porte ce pseudonyme.")
# A form sent back with errors: the page again, with the errors next to their fields.
INVALID = 400

Page = str | tuple[str, int] | Response


def _commit_or_slug_taken(form: AssociationForm | SpaceForm) -> bool:
    """Commit; a slug taken meanwhile by a concurrent request becomes a form error."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        form.slug.errors.append(SLUG_TAKEN)
        return False
    return True


def _named_member(field: Any) -> Member | None:
    """The active member a pseudonym field names, or None with the error next to the field."""
    member = accounts.find_by_pseudonym(db.session(), field.data)
    if member is None or member.status is MemberStatus.DELETED:
        field.errors.append(UNKNOWN_MEMBER)
        return None
    if member.is_suspended:
        field.errors.append(_("Ce compte est suspendu : réactivez-le d’abord."))
        return None
    return member


# --- the site admin's dashboard ------------------------------------------------------


def _dashboard(
    *,
    associations: list[Association] | None = None,
    association_form: AssociationForm | None = None,
    space_form: SpaceForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    if associations is None:
        associations = queries.associations_with_spaces(db.session())
    page = render_template(
        "admin/index.html",
        associations=associations,
        association_form=association_form or AssociationForm(prefix="association", formdata=None),
        space_form=space_form
        or SpaceForm(prefix="space", formdata=None, associations=associations),
    )
    return page, status


@bp.route("/")
def index() -> Page:
    require(Action.MANAGE_SITE)
    return _dashboard()


@bp.route("/associations", methods=["POST"])
def create_association() -> Page:
    require(Action.MANAGE_SITE)
    form = AssociationForm(prefix="association")
    if form.validate():
        try:
            association = services.create_association(
                db.session(),
                name=form.name.data,
                slug=form.slug.data,
                description=form.description.data,
            )
        except services.ForumError:
            form.slug.errors.append(SLUG_TAKEN)
        else:
            if _commit_or_slug_taken(form):
                flash(_("L’association « %(name)s » est créée.", name=association.name), "success")
                return redirect(url_for(".index"))
    return _dashboard(association_form=form, status=INVALID)


@bp.route("/espaces", methods=["POST"])
def create_space() -> Page:
    require(Action.MANAGE_SITE)
    associations = queries.associations_with_spaces(db.session())
    form = SpaceForm(prefix="space", associations=associations)
    if form.validate():
        association = next(a for a in associations if a.id == form.association.data)
        try:
            space = services.create_space(
                db.session(),
                association=association,
                name=form.name.data,
                slug=form.slug.data,
                description=form.description.data,
                rules=form.rules.data,
                visibility=SpaceVisibility(form.visibility.data),
            )
        except services.ForumError:
            form.slug.errors.append(SLUG_TAKEN)
        else:
            if _commit_or_slug_taken(form):
                flash(_("L’espace « %(name)s » est créé.", name=space.name), "success")
                return redirect(url_for(".edit_space", slug=space.slug))
            return _dashboard(space_form=form, status=INVALID)  # rolled back: load them again
    return _dashboard(associations=associations, space_form=form, status=INVALID)


# --- one space: its texts, its moderators, its association admins --------------------


def _load_space(slug: str) -> tuple[Space, SpaceContext]:
    space = queries.space_by_slug(db.session(), slug=slug)
    if space is None:
        abort(404)
    member = me() if current_user.is_authenticated else None
    return space, queries.space_context(db.session(), member=member, space=space)


def _space_page(
    space: Space,
    space_ctx: SpaceContext,
    *,
    texts_form: SpaceTextsForm | None = None,
    moderator_form: ModeratorForm | None = None,
    admin_form: AssociationAdminForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    roles = queries.space_roles(db.session(), space=space)
    page = render_template(
        "admin/space.html",
        space=space,
        moderators=[r for r in roles if r.kind is SpaceRoleKind.MODERATOR],
        admins=[r for r in roles if r.kind is SpaceRoleKind.ASSOCIATION_ADMIN],
        manages_site=can(Action.MANAGE_SITE),
        names_moderators=can(Action.NAME_MODERATORS, space=space, space_ctx=space_ctx),
        texts_form=texts_form or SpaceTextsForm(prefix="texts", formdata=None, obj=space),
        moderator_form=moderator_form or ModeratorForm(prefix="moderator", formdata=None),
        admin_form=admin_form or AssociationAdminForm(prefix="admin", formdata=None),
    )
    return page, status


@bp.route("/espaces/<slug>", methods=["GET", "POST"])
def edit_space(slug: str) -> Page:
    space, space_ctx = _load_space(slug)
    require(Action.EDIT_SPACE, space=space, space_ctx=space_ctx)
    form = SpaceTextsForm(prefix="texts", obj=space)
    if not form.is_submitted():
        return _space_page(space, space_ctx, texts_form=form)
    if form.validate():
        services.update_space(
            db.session(), space=space, description=form.description.data, rules=form.rules.data
        )
        db.session.commit()
        flash(_("La présentation et les règles de l’espace sont enregistrées."), "success")
        return redirect(url_for(".edit_space", slug=space.slug))
    return _space_page(space, space_ctx, texts_form=form, status=INVALID)


@bp.route("/espaces/<slug>/moderateurs", methods=["POST"])
def add_moderator(slug: str) -> Page:
    space, space_ctx = _load_space(slug)
    require(Action.NAME_MODERATORS, space=space, space_ctx=space_ctx)
    form = ModeratorForm(prefix="moderator")
    if form.validate() and (member := _named_member(form.pseudonym)) is not None:
        services.grant_space_role(
            db.session(),
            space=space,
            member=member,
            kind=SpaceRoleKind.MODERATOR,
            granted_by=me(),
            specialty=form.specialty.data,
        )
        db.session.commit()
        flash(
            _(
                "%(pseudonym)s modère l’espace « %(space)s » (%(specialty)s).",
                pseudonym=member.pseudonym,
                space=space.name,
                specialty=form.specialty.data,
            ),
            "success",
        )
        return redirect(url_for(".edit_space", slug=space.slug))
    return _space_page(space, space_ctx, moderator_form=form, status=INVALID)


@bp.route("/espaces/<slug>/administrateurs", methods=["POST"])
def add_association_admin(slug: str) -> Page:
    space, space_ctx = _load_space(slug)
    require(Action.MANAGE_SITE)
    form = AssociationAdminForm(prefix="admin")
    if form.validate() and (member := _named_member(form.pseudonym)) is not None:
        services.grant_space_role(
            db.session(),
            space=space,
            member=member,
            kind=SpaceRoleKind.ASSOCIATION_ADMIN,
            granted_by=me(),
        )
        db.session.commit()
        flash(
            _(
                "%(pseudonym)s administre l’espace « %(space)s » pour son association.",
                pseudonym=member.pseudonym,
                space=space.name,
            ),
            "success",
        )
        return redirect(url_for(".edit_space", slug=space.slug))
    return _space_page(space, space_ctx, admin_form=form, status=INVALID)


def _remove_role(space: Space, member_id: int, kind: SpaceRoleKind) -> Page:
    """Ask first (GET), remove on the confirming POST."""
    role = queries.space_role(db.session(), space=space, member_id=member_id, kind=kind)
    if role is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        pseudonym = role.member.pseudonym
        services.revoke_space_role(db.session(), space=space, member=role.member, kind=kind)
        db.session.commit()
        if kind is SpaceRoleKind.MODERATOR:
            message = _("%(pseudonym)s ne modère plus cet espace.", pseudonym=pseudonym)
        else:
            message = _("%(pseudonym)s n’administre plus cet espace.", pseudonym=pseudonym)
        flash(message, "success")
        return redirect(url_for(".edit_space", slug=space.slug))
    return render_template("admin/confirm_removal.html", space=space, role=role, form=form)


@bp.route("/espaces/<slug>/moderateurs/<int:member_id>/retirer", methods=["GET", "POST"])
def remove_moderator(slug: str, member_id: int) -> Page:
    space, space_ctx = _load_space(slug)
    require(Action.NAME_MODERATORS, space=space, space_ctx=space_ctx)
    return _remove_role(space, member_id, SpaceRoleKind.MODERATOR)


@bp.route("/espaces/<slug>/administrateurs/<int:member_id>/retirer", methods=["GET", "POST"])
def remove_association_admin(slug: str, member_id: int) -> Page:
    space, _ctx = _load_space(slug)
    require(Action.MANAGE_SITE)
    return _remove_role(space, member_id, SpaceRoleKind.ASSOCIATION_ADMIN)

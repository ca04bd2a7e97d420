"""The vault's pages: the owner's records, their profile, forms, export."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from community.extensions import db, limiter
from community.kernel.clock import site_zone, to_local, utcnow
from community.kernel.forms import BaseForm
from community.kernel.web import me, private_page_headers
from community.permissions import Action, require
from community.selfdata import export, store, vault
from community.selfdata.models import VaultEntry
from community.selfdata.records import SERIES, Category
from community.selfdata.vault_forms import (
    RECORD_FORMS,
    ConfirmForm,
    EraseVaultForm,
    ProfileForm,
)
from community.selfdata.vault_input import VaultInputError

bp = Blueprint("vault", __name__, url_prefix="/donnees")

# The address of each category's pages, and what the pages call it.
SLUGS = {
    Category.MEASUREMENT: "mesures",
    Category.TREATMENT: "traitements",
    Category.SYMPTOM: "symptomes",
    Category.LAB: "analyses",
    Category.CONDITION: "maladies",
}
CATEGORY_OF = {slug: category for category, slug in SLUGS.items()}
_KINDS = "any(" + ", ".join(SLUGS.values()) + ")"
TITLES = {
    Category.MEASUREMENT: _l("Mesures"),
    Category.TREATMENT: _l("Traitements"),
    Category.SYMPTOM: _l("Symptômes"),
    Category.LAB: _l("Analyses"),
    Category.CONDITION: _l("Maladies et diagnostics"),
}
ADD_TITLES = {
    Category.MEASUREMENT: _l("Ajouter une mesure"),
    Category.TREATMENT: _l("Ajouter un traitement"),
    Category.SYMPTOM: _l("Noter un symptôme"),
    Category.LAB: _l("Ajouter un résultat d’analyse"),
    Category.CONDITION: _l("Ajouter une maladie ou un diagnostic"),
}
EDIT_TITLES = {
    Category.MEASUREMENT: _l("Modifier une mesure"),
    Category.TREATMENT: _l("Modifier un traitement"),
    Category.SYMPTOM: _l("Modifier un symptôme"),
    Category.LAB: _l("Modifier un résultat d’analyse"),
    Category.CONDITION: _l("Modifier une maladie ou un diagnostic"),
}


bp.after_request(private_page_headers)


def _decimal_comma() -> bool:
    return str(get_locale() or "fr") == "fr"


def _entry(entry_id: int) -> VaultEntry:
    entry = store.entry_of(db.session(), owner=me(), entry_id=entry_id)
    if entry is None:
        abort(404)
    return entry


def _render(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template(
        template,
        slugs=SLUGS,
        titles=TITLES,
        series=SERIES,
        **context,
    ), status


def _put_errors(form: BaseForm, error: VaultInputError) -> None:
    for name, message in error.errors.items():
        field = form._fields.get(name)
        if field is None:
            form.form_errors.append(str(message))
        else:
            field.errors = [*field.errors, str(message)]


# --- overview and lists -------------------------------------------------------------------


@bp.get("")
def index() -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    summary = vault.overview(db.session(), owner=me())
    return _render("selfdata/vault.html", summary=summary, add_titles=ADD_TITLES)


@bp.get(f"/<{_KINDS}:kind>")
def records(kind: str) -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    category = CATEGORY_OF[kind]
    chosen = request.args.get("serie") or None
    if chosen is not None and (category is not Category.MEASUREMENT or chosen not in SERIES):
        chosen = None
    number = request.args.get("page", 1, type=int)
    page = vault.page(db.session(), owner=me(), category=category, number=number, series=chosen)
    if page is None:
        abort(404)
    return _render(
        "selfdata/vault_list.html",
        category=category,
        kind=kind,
        page=page,
        chosen=chosen,
        add_title=ADD_TITLES[category],
    )


# --- add, edit, delete ----------------------------------------------------------------------


@bp.route(f"/<{_KINDS}:kind>/ajouter", methods=["GET", "POST"])
def add(kind: str) -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    category = CATEGORY_OF[kind]
    defaults = _defaults(category) if request.method == "GET" else None
    form = RECORD_FORMS[category](data=defaults)
    if form.validate_on_submit():
        try:
            vault.add(db.session(), owner=me(), category=category, data=form.data, zone=site_zone())
        except VaultInputError as error:
            db.session.rollback()
            _put_errors(form, error)
        else:
            db.session.commit()
            flash(_("C’est enregistré dans votre coffre."), "success")
            return redirect(url_for("vault.records", kind=kind))
    return _render(
        "selfdata/vault_form.html",
        400 if form.is_submitted() else 200,
        form=form,
        title=ADD_TITLES[category],
        category=category,
        kind=kind,
        action=url_for("vault.add", kind=kind),
    )


def _defaults(category: Category) -> dict[str, str]:
    """Today, now, and the series asked for: what a new record most often has."""
    now = to_local(utcnow(), site_zone())
    today = now.date().isoformat()
    if category is Category.MEASUREMENT:
        chosen = request.args.get("serie", "")
        return {"date": today, "time": f"{now:%H:%M}", "series": chosen if chosen in SERIES else ""}
    if category is Category.TREATMENT:
        return {"start": f"{now:%d/%m/%Y}"}
    if category is Category.CONDITION:
        return {}
    return {"date": today}


@bp.route("/entrees/<int:entry_id>/modifier", methods=["GET", "POST"])
def edit(entry_id: int) -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    entry = _entry(entry_id)
    kind = SLUGS[entry.category]
    form_class = RECORD_FORMS[entry.category]
    if request.method == "GET":
        record = store.open_entry(entry)
        form = form_class(
            formdata=None,
            data=vault.form_data(record, zone=site_zone(), decimal_comma=_decimal_comma()),
        )
    else:
        form = form_class()
    if form.validate_on_submit():
        try:
            vault.replace(db.session(), owner=me(), entry=entry, data=form.data, zone=site_zone())
        except VaultInputError as error:
            db.session.rollback()
            _put_errors(form, error)
        else:
            db.session.commit()
            flash(_("Votre modification est enregistrée."), "success")
            return redirect(url_for("vault.records", kind=kind))
    return _render(
        "selfdata/vault_form.html",
        400 if form.is_submitted() else 200,
        form=form,
        title=EDIT_TITLES[entry.category],
        category=entry.category,
        kind=kind,
        action=url_for("vault.edit", entry_id=entry.id),
    )


@bp.route("/entrees/<int:entry_id>/supprimer", methods=["GET", "POST"])
def delete(entry_id: int) -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    entry = _entry(entry_id)
    kind = SLUGS[entry.category]
    form = ConfirmForm()
    if not form.validate_on_submit():
        stored = store.Stored(entry.id, store.open_entry(entry))
        return _render("selfdata/vault_delete.html", form=form, item=stored, kind=kind)
    vault.delete(db.session(), owner=me(), entry=entry)
    db.session.commit()
    flash(_("C’est supprimé de votre coffre."), "success")
    return redirect(url_for("vault.records", kind=kind))


# --- profile, erasing, export ------------------------------------------------------------------


@bp.route("/profil", methods=["GET", "POST"])
def profile() -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    if request.method == "GET":
        saved = store.load_profile(db.session(), owner=me())
        form = ProfileForm(
            formdata=None,
            birth_year=str(saved.birth_year or ""),
            sex=saved.sex.value if saved.sex else "",
        )
    else:
        form = ProfileForm()
    if form.validate_on_submit():
        try:
            vault.save_profile(db.session(), owner=me(), data=form.data)
        except VaultInputError as error:
            db.session.rollback()
            _put_errors(form, error)
        else:
            db.session.commit()
            flash(_("Votre profil est enregistré."), "success")
            return redirect(url_for("vault.index"))
    return _render("selfdata/vault_profile.html", 400 if form.is_submitted() else 200, form=form)


@bp.route("/effacer", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])  # a password
def erase() -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    form = EraseVaultForm()
    if form.validate_on_submit():
        try:
            vault.erase(db.session(), owner=me(), password=form.password.data)
        except VaultInputError as error:
            db.session.rollback()
            _put_errors(form, error)
        else:
            db.session.commit()
            flash(_("Votre coffre est vide : toutes vos données y sont effacées."), "success")
            return redirect(url_for("vault.index"))
    return _render("selfdata/vault_erase.html", 400 if form.is_submitted() else 200, form=form)


@bp.get("/export.csv")
def export_csv() -> Response:
    require(Action.USE_ACCOUNT)
    body = export.vault_csv(db.session(), owner=me(), zone=site_zone())
    return _attachment(body, "text/csv", "csv")


@bp.get("/export.json")
def export_json() -> Response:
    require(Action.USE_ACCOUNT)
    body = export.vault_json(db.session(), owner=me())
    return _attachment(body, "application/json", "json")


def _attachment(body: bytes, mimetype: str, extension: str) -> Response:
    today = to_local(utcnow(), site_zone()).date().isoformat()
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="mes-donnees-{today}.{extension}"'},
    )

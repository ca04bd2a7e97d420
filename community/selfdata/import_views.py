"""Importing a CSV or FHIR R4 file into one's vault: upload, preview, choose, and help."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse

from community.extensions import db
from community.kernel.forms import BaseForm
from community.kernel.web import me, private_page_headers
from community.permissions import Action, require
from community.selfdata import imports
from community.selfdata.import_examples import EXAMPLES, example_file
from community.selfdata.importers import ImportFileError, LeftOut, read_limited
from community.selfdata.records import SERIES, Category, Precision

bp = Blueprint("imports", __name__, url_prefix="/donnees/importer")

CATEGORY_LABELS = {
    Category.MEASUREMENT: _l("Mesures"),
    Category.TREATMENT: _l("Traitements"),
    Category.SYMPTOM: _l("Symptômes"),
    Category.LAB: _l("Analyses"),
    Category.CONDITION: _l("Maladies et diagnostics"),
}
# What a health record's resources are, in words: the preview lists what it leaves out.
RESOURCE_LABELS = {
    "Patient": _l("votre fiche d’identité, avec vos nom et adresse"),
    "Encounter": _l("consultations et séjours"),
    "Claim": _l("demandes de remboursement"),
    "ExplanationOfBenefit": _l("remboursements"),
    "Coverage": _l("assurances"),
    "DiagnosticReport": _l("comptes rendus"),
    "DocumentReference": _l("documents"),
    "CarePlan": _l("plans de soins"),
    "CareTeam": _l("équipes soignantes"),
    "Immunization": _l("vaccinations"),
    "Procedure": _l("actes et examens"),
    "AllergyIntolerance": _l("allergies"),
    "Medication": _l("fiches de médicaments (leur nom sert aux traitements)"),
    "MedicationAdministration": _l("médicaments donnés à l’hôpital"),
    "Device": _l("appareils"),
    "ImagingStudy": _l("imageries"),
    "Organization": _l("établissements"),
    "Practitioner": _l("soignants"),
    "PractitionerRole": _l("soignants"),
    "Location": _l("lieux"),
    "Provenance": _l("traces de leur origine"),
    "SupplyDelivery": _l("fournitures"),
    "Goal": _l("objectifs de soins"),
}
LEFT_OUT_REASONS = {
    LeftOut.UNKNOWN: _l("le coffre ne garde pas ces éléments"),
    LeftOut.VOID: _l("marqués comme erreur, annulés ou démentis dans le dossier"),
    LeftOut.NO_VALUE: _l("sans valeur à montrer"),
}
PREVIEW_ROWS = 50
# A file is read whole in memory, then every resource is checked: past this size one
# upload would slow the site for everyone. A patient's complete record is often near 1 MB.
REQUEST_MARGIN = 64 * 1024


class UploadForm(BaseForm):
    file = FileField(
        _l("Votre fichier"),
        validators=[FileRequired(_l("Choisissez un fichier à envoyer."))],
    )


class ChoiceForm(BaseForm):
    """Nothing to fill in: the form carries the CSRF token."""


# A vault page: never cached, never indexed.
bp.after_request(private_page_headers)


@bp.app_template_filter("partial_date")
def partial_date(day: date, precision: Precision = Precision.DAY) -> str:
    """A date as much as it is known: "12 mars 2024", "mars 2019" or "2019"."""
    if precision is Precision.YEAR:
        return str(day.year)
    if precision is Precision.MONTH:
        return format_date(day, "LLLL y")
    return format_date(day, "d MMM y")


def _megabytes() -> str:
    size = imports.import_limits().max_bytes / (1024 * 1024)
    return f"{size:.1f}".replace(".0", "").replace(".", ",")


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    message = _(
        "Ce fichier est trop volumineux : %(size)s Mo au plus. Découpez-le en plusieurs "
        "fichiers et envoyez-les l’un après l’autre : rien n’a été importé.",
        size=_megabytes(),
    )
    return render_template("error.html", code=413, message=message), 413


def _upload_page(form: UploadForm, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "selfdata/import.html",
        form=form,
        series=SERIES,
        megabytes=_megabytes(),
        max_rows=imports.import_limits().max_rows,
    )
    return page, status


@bp.route("/", methods=["GET", "POST"])
def upload() -> tuple[str, int]:
    require(Action.USE_ACCOUNT)
    # This page alone takes files larger than the site's other forms.
    limits = imports.import_limits()
    request.max_content_length = max(
        limits.max_bytes + REQUEST_MARGIN, current_app.config["MAX_CONTENT_LENGTH"] or 0
    )
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, 400 if form.is_submitted() else 200)
    upload = form.file.data
    try:
        data = read_limited(upload.stream, limits)
    except ImportFileError as error:
        form.file.errors = [str(error)]
        return _upload_page(form, 400)
    prepared = imports.prepare_import(
        db.session(), owner=me(), filename=upload.filename or "", data=data
    )
    if prepared.error:
        form.file.errors = [prepared.error]
        return _upload_page(form, 400)
    db.session.commit()
    page = render_template(
        "selfdata/import_preview.html",
        prepared=prepared,
        rows=prepared.result.records[:PREVIEW_ROWS],
        form=ChoiceForm(),
        category_labels=CATEGORY_LABELS,
        resource_labels=RESOURCE_LABELS,
        left_out_reasons=LEFT_OUT_REASONS,
        series=SERIES,
    )
    return page, 200


@bp.get("/aide")
def help_page() -> str:
    require(Action.USE_ACCOUNT)
    return render_template(
        "selfdata/import_help.html", examples=EXAMPLES, series=SERIES, megabytes=_megabytes()
    )


@bp.get("/exemple.csv")
def example() -> BaseResponse:
    require(Action.USE_ACCOUNT)
    return _csv(example_file("complet"), "exemple-import.csv")


@bp.get("/exemples/<name>.csv")
def example_of(name: str) -> BaseResponse:
    require(Action.USE_ACCOUNT)
    if name not in EXAMPLES:
        abort(404)
    return _csv(example_file(name), f"exemple-{name}.csv")


def _csv(body: bytes, filename: str) -> BaseResponse:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


def _gone() -> tuple[str, int]:
    message = _(
        "Cet import n’existe pas, a expiré ou a déjà été confirmé : rien de plus n’a été "
        "importé. Envoyez le fichier à nouveau si besoin."
    )
    return render_template("error.html", code=404, message=message), 404


@bp.post("/<int:pending_id>/confirmer")
def confirm(pending_id: int) -> BaseResponse | tuple[str, int]:
    require(Action.USE_ACCOUNT)
    if not ChoiceForm().validate_on_submit():
        return render_template("error.html", code=400), 400
    try:
        pending = imports.confirm_import(db.session(), owner=me(), pending_id=pending_id)
    except imports.ImportNotFound:
        return _gone()
    count, refused = pending.row_count, pending.rejected_count
    db.session.commit()
    flash(
        ngettext(
            "%(num)s donnée importée dans votre coffre.",
            "%(num)s données importées dans votre coffre.",
            count,
        ),
        "success",
    )
    if refused:
        return redirect(url_for("imports.done", pending_id=pending_id), 303)
    return redirect(url_for("vault.index"), 303)


@bp.get("/<int:pending_id>/fait")
def done(pending_id: int) -> str | tuple[str, int]:
    require(Action.USE_ACCOUNT)
    try:
        pending = imports.confirmed_import(db.session(), owner=me(), pending_id=pending_id)
    except imports.ImportNotFound:
        return _gone()
    return render_template("selfdata/import_done.html", pending=pending)


@bp.post("/<int:pending_id>/abandonner")
def discard(pending_id: int) -> BaseResponse | tuple[str, int]:
    require(Action.USE_ACCOUNT)
    if not ChoiceForm().validate_on_submit():
        return render_template("error.html", code=400), 400
    try:
        imports.discard_import(db.session(), owner=me(), pending_id=pending_id)
    except imports.ImportNotFound:
        return _gone()
    db.session.commit()
    flash(_("Rien n’a été importé : votre coffre n’a pas changé."), "success")
    return redirect(url_for("imports.upload"), 303)


@bp.get("/<int:pending_id>/lignes-refusees.csv")
def refused_lines(pending_id: int) -> BaseResponse | tuple[str, int]:
    require(Action.USE_ACCOUNT)
    try:
        body = imports.refused_lines_csv(db.session(), owner=me(), pending_id=pending_id)
    except imports.ImportNotFound:
        return _gone()
    return _csv(body, "lignes-refusees.csv")

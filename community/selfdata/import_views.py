"""Importing a CSV or FHIR R4 file into one's vault: upload, preview, confirm."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.file import FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse

from community.extensions import db
from community.kernel.forms import BaseForm
from community.kernel.web import me, private_page_headers
from community.permissions import Action, require
from community.selfdata import imports
from community.selfdata.importers import ImportFileError, read_limited
from community.selfdata.importers.csv_file import example_csv
from community.selfdata.records import SERIES, Category

bp = Blueprint("imports", __name__, url_prefix="/donnees/importer")

CATEGORY_LABELS = {
    Category.MEASUREMENT: _l("Mesures"),
    Category.TREATMENT: _l("Traitements"),
    Category.SYMPTOM: _l("Symptômes"),
    Category.LAB: _l("Analyses"),
}
PREVIEW_ROWS = 50


class UploadForm(BaseForm):
    file = FileField(
        _l("Fichier à importer (CSV ou FHIR JSON)"),
        validators=[FileRequired(_l("Choisissez un fichier à envoyer."))],
    )


class ConfirmForm(BaseForm):
    """Nothing to fill in: the form carries the CSRF token."""


# A vault page: never cached, never indexed.
bp.after_request(private_page_headers)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    message = _(
        "Ce fichier est trop volumineux pour être envoyé. Découpez-le en plusieurs fichiers "
        "et envoyez-les l’un après l’autre : rien n’a été importé."
    )
    return render_template("error.html", code=413, message=message), 413


def _upload_page(form: UploadForm, status: int = 200) -> tuple[str, int]:
    return render_template("selfdata/import.html", form=form, series=SERIES), status


@bp.route("/", methods=["GET", "POST"])
def upload() -> tuple[str, int]:
    require(Action.USE_ACCOUNT)
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, 400 if form.is_submitted() else 200)
    upload = form.file.data
    try:
        data = read_limited(upload.stream, imports.import_limits())
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
        form=ConfirmForm(),
        category_labels=CATEGORY_LABELS,
        series=SERIES,
    )
    return page, 200


@bp.get("/exemple.csv")
def example() -> BaseResponse:
    require(Action.USE_ACCOUNT)
    return Response(
        example_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=exemple-import.csv"},
    )


@bp.post("/<int:pending_id>/confirmer")
def confirm(pending_id: int) -> BaseResponse | tuple[str, int]:
    require(Action.USE_ACCOUNT)
    if not ConfirmForm().validate_on_submit():
        return render_template("error.html", code=400), 400
    try:
        count = imports.confirm_import(db.session(), owner=me(), pending_id=pending_id)
    except imports.ImportNotFound:
        message = _(
            "Cet import n’existe pas, a expiré ou a déjà été confirmé : rien de plus n’a été "
            "importé. Envoyez le fichier à nouveau si besoin."
        )
        return render_template("error.html", code=404, message=message), 404
    db.session.commit()
    flash(
        ngettext(
            "%(num)s donnée importée dans votre coffre.",
            "%(num)s données importées dans votre coffre.",
            count,
        ),
        "success",
    )
    return redirect(url_for("vault.index"), 303)

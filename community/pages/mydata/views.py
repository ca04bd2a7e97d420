"""The "Mes données" page: what the site holds about the member, asking for the archive of
all of it, and downloading it (its owner only, until it expires, each download counted).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from community.accounts import exports
from community.accounts.models import MemberExport
from community.extensions import db, limiter
from community.kernel.clock import utcnow
from community.kernel.forms import BaseForm
from community.kernel.web import me, member_or_address, private_page_headers, request_session
from community.pages.mydata import archive, sections
from community.permissions import Action, require
from community.selfdata.crypto import SealError, keyring

bp = Blueprint("mydata", __name__, url_prefix="/compte/mes-donnees")
log = logging.getLogger(__name__)


UNBUILT = _l(
    "Votre archive n’a pas pu être préparée : une partie de vos données ne peut pas être "
    "lue. Rien n’a changé. Réessayez plus tard ; si cela se reproduit, prévenez "
    "l’équipe du site."
)


class RequestExportForm(BaseForm):
    """Nothing to fill in: the form carries the CSRF token."""


def kept() -> timedelta:
    return timedelta(days=int(current_app.config["MEMBER_EXPORT_KEPT_DAYS"]))


def build_and_store(export: MemberExport) -> None:
    """Build the member's archive now, sealed, in the caller's transaction."""
    session = request_session()
    member = me()
    content = archive.build(session, member=member, locale=export.locale)
    exports.store_archive(
        session,
        export=export,
        sealed=keyring().seal_bytes(content),
        size=len(content),
        kept=kept(),
    )


@bp.get("")
def index() -> str:
    require(Action.USE_ACCOUNT)
    session = request_session()
    latest = exports.latest(session, member=me())
    return render_template(
        "mydata/index.html",
        sections=sections.SECTIONS,
        counts=sections.counts(session, member=me()),
        latest=latest,
        downloadable=latest is not None and exports.is_downloadable(latest),
        form=RequestExportForm(),
        kept_days=current_app.config["MEMBER_EXPORT_KEPT_DAYS"],
    )


@bp.post("")
@limiter.limit(
    lambda: current_app.config["RATELIMIT_MEMBER_EXPORT"],
    methods=["POST"],
    key_func=member_or_address,
)
def ask() -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    if not RequestExportForm().validate_on_submit():
        abort(400)  # only the CSRF token can be wrong
    session = request_session()
    try:
        export = exports.request_export(session, member=me())
    except exports.ExportError:
        flash(_("Votre archive est déjà en préparation : vous recevrez une notification."), "info")
        return redirect(url_for("mydata.index"))
    rows = sum(sections.counts(session, member=me()).values())
    if rows <= int(current_app.config["MEMBER_EXPORT_INLINE_ROWS"]):
        try:
            build_and_store(export)
        except SealError:
            # A vault value no key opens (a lost key file): nothing is asked, nothing lost.
            db.session.rollback()
            log.exception("An archive could not be built: a sealed value opens with no key")
            flash(str(UNBUILT), "error")
            return redirect(url_for("mydata.index"))
        db.session.commit()
        flash(_("Votre archive est prête : téléchargez-la ci-dessous."), "success")
    else:
        db.session.commit()  # the worker builds it from the committed row
        flash(
            _(
                "Votre archive est en préparation. Vous recevrez une notification quand "
                "elle sera prête, en général dans quelques minutes."
            ),
            "info",
        )
    return redirect(url_for("mydata.index"))


@bp.get("/<int:export_id>/archive.zip")
def download(export_id: int) -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    session = request_session()
    export = exports.own_export(session, member=me(), export_id=export_id)
    if export is None:
        abort(404)  # someone else's archive does not exist for anybody else
    if not exports.is_downloadable(export):
        return render_template("mydata/gone.html", export=export), 410
    assert export.sealed is not None
    try:
        content = keyring().open_bytes(export.sealed)
    except SealError:
        log.exception("Archive %d opens with no key", export.id)
        return render_template("mydata/gone.html", export=export, unreadable=True), 410
    exports.record_download(session, export=export)
    g.export_download_counted = True
    log.info("Archive %d downloaded by its owner", export.id)
    return Response(
        content,
        mimetype="application/zip",
        headers={
            "Content-Disposition": (
                f'attachment; filename="{archive.folder_name(export.ready_at or utcnow())}.zip"'
            )
        },
    )


@bp.after_request
def commit_download(response: Response) -> Response:
    """A download is counted in the database after the file is written, never by the GET
    itself; a failed answer counts nothing."""
    if g.pop("export_download_counted", False):
        if response.status_code < 500:
            db.session.commit()
        else:
            db.session.rollback()
    return private_page_headers(response)

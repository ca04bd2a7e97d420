"""The vault over a period: each series as a chart, and a summary to print and take along."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from community.extensions import db
from community.kernel.clock import local_today
from community.kernel.web import me, private_page_headers
from community.permissions import Action, require
from community.selfdata import periods
from community.selfdata.charts import FRAME, number, own_charts, with_unit
from community.selfdata.records import SERIES

bp = Blueprint("periods", __name__, url_prefix="/donnees")
bp.after_request(private_page_headers)

PERIOD_LABELS = {
    "30": _l("les 30 derniers jours"),
    "90": _l("les 3 derniers mois"),
    "365": _l("les 12 derniers mois"),
    "tout": _l("depuis le début"),
}
INVALID = 400


def _page(template: str) -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    chosen = request.args.get("periode", periods.DEFAULT_PERIOD)
    error = ""
    if chosen not in periods.PERIODS:
        error = _("Cette période n’existe pas : choisissez-en une dans la liste.")
        chosen = periods.DEFAULT_PERIOD
    shown = periods.records_over(
        db.session(), owner=me(), days=periods.PERIODS[chosen], today=local_today()
    )
    page = render_template(
        template,
        shown=shown,
        charts=own_charts("courbe", shown.series, shown.start),
        frame=FRAME,
        chosen=chosen,
        period_labels=PERIOD_LABELS,
        error=error,
        series=SERIES,
        number=number,
        with_unit=with_unit,
    )
    return page, INVALID if error else 200


@bp.get("/courbes")
def charts() -> ResponseReturnValue:
    return _page("selfdata/vault_charts.html")


@bp.get("/resume")
def summary() -> ResponseReturnValue:
    return _page("selfdata/vault_summary.html")

"""Transparency pages: a space's moderation figures by month, the site's, and their CSV.

Everyone may read the page of a space whose association published it, members-only
spaces included: it shows only counts, never below the minimum, and nothing a member
wrote. Before publication the space's moderators and admins see it as a preview, and
its admins publish it; the site's page adds up the published spaces only.
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from community.extensions import db
from community.forums import queries as forum_queries
from community.forums.models import Space
from community.kernel.clock import utcnow
from community.kernel.web import me
from community.moderation.transparency import report, services
from community.moderation.transparency.charts import BarChart, bar_chart
from community.moderation.transparency.forms import PublicationForm
from community.permissions import Action, SpaceContext, can, require

bp = Blueprint("transparency", __name__)


def _minimum() -> int:
    return int(current_app.config["TRANSPARENCY_MIN_COUNT"])


def _load(slug: str) -> tuple[Space, SpaceContext]:
    """The space, if its page is published or the reader may preview it (404 otherwise:
    an unpublished page is not known to exist)."""
    session = db.session()
    space = forum_queries.space_by_slug(session, slug=slug)
    if space is None:
        abort(404)
    member = me() if current_user.is_authenticated else None
    ctx = forum_queries.space_context(session, member=member, space=space)
    if space.transparency_published_at is None and not _may_preview(space, ctx):
        abort(404)
    return space, ctx


def _may_preview(space: Space, ctx: SpaceContext) -> bool:
    return can(Action.MODERATE_SPACE, space=space, space_ctx=ctx) or can(
        Action.EDIT_SPACE, space=space, space_ctx=ctx
    )


def _report(scope: int) -> report.Report:
    session = db.session()
    published = [space.id for space in services.published_spaces(session)]
    return report.build(
        session,
        scope=scope,
        published=published,
        minimum=_minimum(),
        today=utcnow().date(),
    )


def _charts(figures: report.Report) -> list[BarChart]:
    months = [format_date(row.first, "MMM yy") for row in figures.tables[0].rows]
    posts = figures.table("posts")
    desc = _(
        "Un bâton par mois, du plus ancien au plus récent ; les mêmes chiffres sont dans "
        "le tableau « Messages »."
    )
    return [
        bar_chart(
            posts,
            0,
            chart_id="chart-received",
            title=_("Messages reçus par mois"),
            desc=desc,
            short_months=months,
        ),
        bar_chart(
            posts,
            2,
            chart_id="chart-refused",
            title=_("Messages refusés par mois"),
            desc=desc,
            short_months=months,
        ),
    ]


def _csv(figures: report.Report, name: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("mois"), _("clé"), _("indicateur"), _("valeur")])
    writer.writerows(figures.csv_rows())
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="transparence-{name}.csv"'
    return response


@bp.get("/transparence")
def site_page() -> str:
    session = db.session()
    figures = _report(report.SITE)
    return render_template(
        "moderation/transparency.html",
        space=None,
        spaces=services.published_spaces(session),
        figures=figures,
        charts=_charts(figures),
        csv_url=url_for(".site_csv"),
    )


@bp.get("/transparence.csv")
def site_csv() -> Response:
    return _csv(_report(report.SITE), "site")


@bp.get("/espaces/<slug>/transparence")
def space_page(slug: str) -> str:
    space, ctx = _load(slug)
    figures = _report(space.id)
    return render_template(
        "moderation/transparency.html",
        space=space,
        spaces=None,
        figures=figures,
        charts=_charts(figures),
        csv_url=url_for(".space_csv", slug=space.slug),
        preview=space.transparency_published_at is None,
        may_publish=can(Action.EDIT_SPACE, space=space, space_ctx=ctx),
        form=PublicationForm(formdata=None),
    )


@bp.get("/espaces/<slug>/transparence.csv")
def space_csv(slug: str) -> Response:
    space, _ctx = _load(slug)
    return _csv(_report(space.id), space.slug)


@bp.post("/espaces/<slug>/transparence/publication")
def set_publication(slug: str) -> Response:
    space, ctx = _load(slug)
    require(Action.EDIT_SPACE, space=space, space_ctx=ctx)
    form = PublicationForm()
    if not form.validate():
        abort(400)
    published = form.published.data == "1"
    services.set_published(db.session(), space=space, published=published)
    db.session.commit()
    if published:
        flash(_("Les chiffres de modération de l’espace sont publiés."), "success")
    else:
        flash(_("Les chiffres de modération de l’espace ne sont plus publiés."), "success")
    return redirect(url_for(".space_page", slug=space.slug))

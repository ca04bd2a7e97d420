"""Forum pages (placeholder until the forum views land)."""

from flask import Blueprint, render_template

bp = Blueprint("forums", __name__)


@bp.route("/")
def index() -> str:
    return render_template("error.html", code=404)

"""Site and association administration (placeholder until the admin views land)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
def index() -> str:
    return ""

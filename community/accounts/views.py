"""Account pages (placeholder until the accounts views land)."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)


@bp.route("/connexion")
def login() -> str:
    return ""


@bp.route("/inscription")
def register() -> str:
    return ""


@bp.route("/deconnexion", methods=["POST"])
def logout() -> str:
    return ""


@bp.route("/compte")
def account() -> str:
    return ""


@bp.route("/charte")
def charter() -> str:
    return ""


@bp.route("/confidentialite")
def privacy() -> str:
    return ""


@bp.route("/langue/<code>")
def set_language(code: str) -> str:
    return ""

"""The size of the text, chosen by the reader: a link in every page's footer sets a cookie,
and each page reads it to give its root element a class (static/style.css sizes the text
from it). It works without JavaScript, for visitors too, and writes nothing to the
database: a GET never does.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from community.kernel.web import safe_next_url

bp = Blueprint("text_size", __name__)

COOKIE = "taille_texte"
MAX_AGE = 60 * 60 * 24 * 365
NORMAL = "normal"
# The sizes offered, smallest first: each one's address part and name. The class a page
# gets is "texte-<size>", none for the normal size.
SIZES = {
    NORMAL: _l("normal"),
    "grand": _l("grand"),
    "tres-grand": _l("très grand"),
}


@bp.app_template_global()
def text_size() -> str:
    """The size this browser asked for, the normal one unless it chose another."""
    chosen = request.cookies.get(COOKIE, NORMAL)
    return chosen if chosen in SIZES else NORMAL


@bp.app_template_global()
def text_sizes() -> dict[str, str]:
    return {size: str(name) for size, name in SIZES.items()}


@bp.get("/taille-du-texte/<size>")
def choose(size: str) -> Response:
    """Keep this size for a year on this browser, and go back to the page it was chosen on."""
    if size not in SIZES:
        abort(404)
    response = redirect(safe_next_url(request.args.get("next"), url_for("forums.index")))
    secure = bool(current_app.config["SESSION_COOKIE_SECURE"])
    if size == NORMAL:
        response.delete_cookie(COOKIE, samesite="Lax", httponly=True, secure=secure)
    else:
        response.set_cookie(
            COOKIE, size, max_age=MAX_AGE, samesite="Lax", httponly=True, secure=secure
        )
    return response

"""What every page shares: security headers, private pages, error pages, safe redirects,
the request's session and its member."""

from __future__ import annotations

import math
import re
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, get_decimal_symbol, parse_pattern
from flask import Flask, Response, abort, current_app, g, render_template, request
from flask.globals import request_ctx
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, current_user, user_logged_out
from flask_wtf.csrf import CSRFError
from jinja2 import pass_context
from markupsafe import Markup
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from community.extensions import db
from community.kernel.clock import to_local
from community.kernel.forms import error_summary
from community.kernel.reasons import RejectionReason, report_or_notice_label

# Written by hand rather than with Flask-Talisman: six fixed headers do not justify a
# dependency, and Talisman's defaults (forcing HTTPS) would break the local demo.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",  # no inline script, ever
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def request_session() -> Session:
    """The request's Session behind Flask-SQLAlchemy's proxy: what services are typed to take."""
    return db.session()


def viewer() -> Any:
    """The member reading this page, or None for a visitor."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def me() -> Any:
    """The logged-in member, on a page that required one."""
    return current_user._get_current_object()


def member_or_address() -> str:
    """Whom a rate limit counts: the member when logged in (a library or hospital computer
    serves many people from one address), else the address."""
    if current_user.is_authenticated:
        return f"member:{current_user.id}"
    return f"address:{request.remote_addr or 'unknown'}"


def private_page_headers(response: BaseResponse) -> BaseResponse:
    """A member's own data: never kept by a browser or proxy cache, never indexed."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def private_when_logged_in(response: BaseResponse) -> BaseResponse:
    """Every answer to a logged-in member is private: each page's header names them and
    counts their unread notifications, and most pages add their own pending posts, their
    queue or their data. Decided here once, so that no new page can forget it; the
    stylesheets and pictures are the same for everyone and stay cacheable. The answer
    that logs a member out (log-out, deleting the account, a new password) is theirs too."""
    if request.endpoint != "static" and (_for_a_member() or g.get("logged_out")):
        private_page_headers(response)
    return response


def _for_a_member() -> bool:
    # The member Flask-Login loaded for this request, without reading any of its columns:
    # after the request's commit they are expired, and is_authenticated would read again.
    user = g.get("_login_user") or current_user._get_current_object()
    return not isinstance(user, AnonymousUserMixin)


def _note_logged_out(_app: Any, **_extra: Any) -> None:
    g.logged_out = True


def safe_next_url(target: str | None, fallback: str) -> str:
    """A `next` URL only if it stays on this site, else the fallback."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return fallback
    host = urlsplit(request.host_url)
    url = urlsplit(urljoin(request.host_url, target))
    if url.scheme not in ("http", "https") or url.netloc != host.netloc:
        return fallback
    return url.path + (f"?{url.query}" if url.query else "")


def current_path() -> str:
    """This page's path and query, to come back to after logging in or switching language.

    An address too long to answer is not carried along: the links would go nowhere else.
    """
    if _url_length() > current_app.config["MAX_URL_LENGTH"]:
        return "/"
    query = request.query_string.decode("latin-1")
    return request.path + (f"?{query}" if query else "")


def _url_length() -> int:
    # WSGI gives the path decoded into latin-1 characters, one per byte.
    return len(request.environ.get("PATH_INFO", "")) + len(request.query_string)


def refuse_overlong_urls() -> None:
    """An address longer than MAX_URL_LENGTH: the error page, in the reader's language,
    before any view reads it (a search of several pages of text, a link cut and pasted
    many times over)."""
    if _url_length() > current_app.config["MAX_URL_LENGTH"]:
        abort(414)


def local_time(value: datetime) -> str:
    """A stored UTC time as "09:30" in the site's time zone: until when a claim holds."""
    return f"{to_local(value):%H:%M}"


def local_datetime(value: datetime) -> str:
    """A stored UTC time as "10 nov. 2026, 09:30" in the site's time zone and the reader's language.

    The same output as Flask-Babel's datetimeformat with "d MMM y, HH:mm", at a seventh of
    its cost: pages show twenty of these, and that filter was a tenth of a thread page.
    """
    local = to_local(value)
    months = (get_locale() or Locale("fr")).months["format"]["abbreviated"]
    return f"{local.day} {months[local.month]} {local.year}, {local:%H:%M}"


# A fixed number of decimals and nothing else ("0.00"): what the pages write scores with.
_FIXED_DECIMALS = re.compile(r"0\.(0+)")


@lru_cache(maxsize=64)
def _number_pattern(format: str) -> NumberPattern:
    return parse_pattern(format)


def local_decimal(value: Any, format: str | None = None) -> str:
    """A number in the reader's language ("0,83" in French), as Flask-Babel's decimalformat
    writes it, at a tenth of its cost for the scores a queue page shows by the hundred.

    Babel rounds Decimal(str(value)) half to even; so does the short way, taken for a
    plain non-negative number and a pattern of fixed decimals; Babel does the others.
    """
    locale = get_locale() or Locale("fr")
    fixed = _FIXED_DECIMALS.fullmatch(format or "")
    if (
        fixed is not None
        and type(value) in (int, float)
        and math.isfinite(value)
        and 0 <= value < 1000
        and math.copysign(1.0, value) > 0
    ):
        quantum = Decimal(1).scaleb(-len(fixed.group(1)))
        text = f"{Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_EVEN):f}"
        return text.replace(".", get_decimal_symbol(locale))
    if format is None:
        return format_decimal(value, locale=locale)
    return str(_number_pattern(format).apply(value, locale))


def page_translations() -> dict[str, Any]:
    """The page's translations, looked up once when it is rendered: `_()` and `{% trans %}`
    in its templates then read them from the page's context, as Jinja's i18n extension
    would from Flask-Babel's callables, without asking Flask-Babel for each string (a
    queue page has some 400). Under force_locale (an e-mail) they are that locale's."""
    translations = get_translations()

    # A translation comes from our own catalogue: marked safe as Jinja's i18n marks it, and
    # always a format string, so that its variables are escaped.
    @pass_context
    def gettext(context: Any, string: str, /, **variables: Any) -> str:
        text = translations.ugettext(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704
        return text % variables

    @pass_context
    def ngettext(context: Any, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704
        return text % variables

    return {"gettext": gettext, "ngettext": ngettext}


def init_app(app: Flask) -> None:
    app.context_processor(page_translations)
    app.jinja_env.filters["decimalformat"] = local_decimal
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "fr")
    app.jinja_env.globals["here"] = current_path
    app.jinja_env.globals["error_summary"] = error_summary
    app.jinja_env.globals["rejection_label"] = RejectionReason.label_of
    app.jinja_env.globals["report_label"] = report_or_notice_label

    app.before_request(refuse_overlong_urls)
    app.after_request(private_when_logged_in)
    user_logged_out.connect(_note_logged_out, app)

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if current_app.config["HSTS"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        message = _(
            "Le formulaire a expiré ou ne vient pas de ce site. "
            "Revenez en arrière, rechargez la page et réessayez : rien n’a été enregistré."
        )
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> BaseResponse | tuple[str, int]:
        code = error.code or 500
        if code < 400:
            return error.get_response()
        if request_ctx.url_adapter is None:
            # A Host the site does not answer to (TRUSTED_HOSTS): no address can be built
            # for it, so the page, which links home, is not drawn; a plain answer is.
            message = _("Cette adresse n’est pas celle du site.")
            return BaseResponse(message, code, content_type="text/plain; charset=utf-8")
        return render_template("error.html", code=code), code

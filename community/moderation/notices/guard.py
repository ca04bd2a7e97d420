"""The public notice form's guard against floods, without JavaScript or a captcha: a
signed token that says when the form was given out.

A person reads the form and writes a justification; a script posts it the moment it has
it, or replays one form for hours. So the token must be a few seconds old at least and a
few hours at most. Signed with the site's secret (itsdangerous, which Flask uses for its
own cookies), it cannot be forged, and it needs no row: a page that is only read
commits nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from community.kernel.clock import utcnow

_SALT = "visitor-notice-form"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def form_token(*, at: datetime | None = None) -> str:
    """The token of a form given out `at` (now by default)."""
    moment = (at or utcnow()).replace(tzinfo=UTC)
    return _serializer().dumps({"at": int(moment.timestamp())})


def token_problem(token: str | None) -> str | None:
    """None for a token of a form given out long enough ago and not too long ago; else
    "too_fresh", or "expired" (which a tampered or missing token also is)."""
    try:
        issued = int(_serializer().loads(token or "")["at"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return "expired"
    age = utcnow().replace(tzinfo=UTC).timestamp() - issued
    if age < float(current_app.config["NOTICE_FORM_MIN_SECONDS"]):
        return "too_fresh"
    if age > float(current_app.config["NOTICE_FORM_MAX_SECONDS"]):
        return "expired"
    return None

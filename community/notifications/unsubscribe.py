"""One-step unsubscribing: the signed link every e-mail of ours carries.

The link holds the member's id and which e-mails it stops, signed with the site's secret
(itsdangerous, as Flask's sessions): it needs no log-in, works from any device the
e-mail was read on, and can do nothing but stop e-mails. It does not expire: an old
e-mail's link must still work.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "community-unsubscribe"


class MailingList(enum.StrEnum):
    DIGEST = "digest"  # the summary, daily or weekly
    NOTIFICATIONS = "notifications"  # an e-mail as notifications come


@dataclass(frozen=True)
class Unsubscription:
    member_id: int
    mailing: MailingList


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def token_for(member_id: int, mailing: MailingList) -> str:
    return str(_serializer().dumps([member_id, mailing.value]))


def read_token(token: str) -> Unsubscription | None:
    """What a link stops, or None for a link that is not one of ours (or was altered)."""
    try:
        member_id, mailing = _serializer().loads(token)
        return Unsubscription(int(member_id), MailingList(mailing))
    except (BadSignature, TypeError, ValueError):
        return None


def unsubscribe_link(base_url: str, member_id: int, mailing: MailingList) -> str:
    """The absolute link an e-mail carries (the worker builds it outside any request)."""
    return f"{base_url.rstrip('/')}/desabonnement/{token_for(member_id, mailing)}"


def unsubscribe_headers(link: str) -> dict[str, str]:
    """A mail program's own "unsubscribe" button (RFC 2369), in one click (RFC 8058: the
    program POSTs to the link, which needs no form's token)."""
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }

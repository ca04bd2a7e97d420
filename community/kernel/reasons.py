"""Why a post is refused, why a member reports one, why an account is suspended: each a
fixed list with its labels.

Fixed lists, so that the audit log, the calibration page and the transparency numbers
can count them; the free text beside a code says the rest. The moderation domain writes
the codes; the pages of the forums and the notifications show their labels.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


class _Labelled(enum.StrEnum):
    """A code stored as text, with the label a reader sees."""

    label: LazyString

    def __new__(cls, value: str, label: LazyString) -> _Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def label_of(cls, code: str | None, *, unknown: str = "") -> str:
        """The label of a stored code; `unknown` for one no longer in the list (or None)."""
        for member in cls:
            if member.value == code:
                return str(member.label)
        return unknown


class RejectionReason(_Labelled):
    """Why a moderator refused a post, as its author reads it."""

    PERSONAL_DATA = "personal_data", _l("Données personnelles")
    HOSTILE = "hostile", _l("Propos hostiles ou insultants")
    MEDICAL_MISINFORMATION = (
        "medical_misinformation",
        _l("Information médicale fausse ou dangereuse"),
    )
    OFF_TOPIC = "off_topic", _l("Hors sujet")
    ADVERTISING = "advertising", _l("Publicité ou démarchage")
    OTHER = "other", _l("Autre raison")


class ReportReason(_Labelled):
    """Why a member reports a published post: in their words, what they saw, not a
    moderator's category."""

    DANGER = "danger", _l("la personne semble en danger")
    PERSONAL_DATA = "personal_data", _l("données personnelles")
    HOSTILE = "hostile", _l("propos hostiles")
    MEDICAL_MISINFORMATION = "medical_misinformation", _l("information médicale dangereuse")
    ADVERTISING = "advertising", _l("publicité")
    OFF_TOPIC = "off_topic", _l("hors sujet")
    OTHER = "other", _l("autre")


class NoticeCategory(_Labelled):
    """Why anyone, logged in or not, notifies content they hold illegal: the kinds of
    illegal content a hosting service is told of, each code distinct from the reports'."""

    ILLEGAL_HATE = "illegal_hate", _l("haine illégale (incitation à la haine, discrimination)")
    THREAT = "threat", _l("menaces ou harcèlement")
    OTHERS_PERSONAL_DATA = "others_personal_data", _l("données personnelles d’autrui")
    HEALTH_DANGER = (
        "health_danger",
        _l("désinformation médicale qui met des vies en danger"),
    )
    FRAUD = "fraud", _l("arnaque, escroquerie ou spam")
    COPYRIGHT = "copyright", _l("atteinte au droit d’auteur")
    ILLEGAL_OTHER = "illegal_other", _l("autre contenu illicite")


class SuspensionRule(_Labelled):
    """The rule of the site's charter a site admin suspends a member for: the admin picks
    it, and the member's statement of reasons quotes it."""

    PERSONAL_DATA = (
        "personal_data",
        _l("« Un pseudonyme, pas votre nom » : noms, adresses ou téléphones donnés"),
    )
    IMPERSONATION = (
        "impersonation",
        _l("« Un pseudonyme, pas votre nom » : se faire passer pour quelqu’un d’autre"),
    )
    HOSTILE = (
        "hostile",
        _l("« Le respect » : insultes, moqueries, menaces ou propos haineux"),
    )
    ADVERTISING = "advertising", _l("« Le respect » : publicité ou vente")
    MEDICAL_MISINFORMATION = (
        "medical_misinformation",
        _l("« Ce site ne remplace pas un médecin » : pousser à arrêter ou changer un traitement"),
    )


def report_or_notice_label(code: str | None, *, unknown: str = "") -> str:
    """The label of what a report or a visitor's notice gives as its reason."""
    return ReportReason.label_of(code, unknown=NoticeCategory.label_of(code, unknown=unknown))

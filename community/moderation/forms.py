"""The moderator's forms: approve (a button), reject (a reason, optional text), ask for an edit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from community.forms import BaseForm
from community.moderation.models import REJECTION_REASONS
from community.moderation.services import REASON_TEXT_MAX

REASON_LABELS = {
    "personal_data": _l("Données personnelles"),
    "hostile": _l("Propos hostiles ou insultants"),
    "medical_misinformation": _l("Information médicale fausse ou dangereuse"),
    "off_topic": _l("Hors sujet"),
    "advertising": _l("Publicité ou démarchage"),
    "other": _l("Autre raison"),
}
assert set(REASON_LABELS) == set(REJECTION_REASONS)


class ApproveForm(BaseForm):
    """Nothing to fill in: the form carries the CSRF token."""


class RejectForm(BaseForm):
    reason_code = SelectField(
        _l("Motif du refus"),
        choices=[SelectChoice(code, REASON_LABELS[code]) for code in REJECTION_REASONS],
        validators=[InputRequired(message=_l("Choisissez un motif."))],
    )
    reason_text = TextAreaField(
        _l("Précision pour l’auteur (facultatif)"),
        validators=[
            Length(
                max=REASON_TEXT_MAX,
                message=_l("%(max)d caractères au plus.", max=REASON_TEXT_MAX),
            )
        ],
    )


def reject_form(post_id: int) -> RejectForm:
    """Each item of the queue has its own form: a prefix keeps the fields' ids distinct."""
    return RejectForm(prefix=f"rejet-{post_id}")


class RequestEditForm(BaseForm):
    message = TextAreaField(
        _l("Ce que l’auteur doit modifier"),
        validators=[
            DataRequired(message=_l("Dites à l’auteur ce qu’il doit modifier.")),
            Length(
                max=REASON_TEXT_MAX,
                message=_l("%(max)d caractères au plus.", max=REASON_TEXT_MAX),
            ),
        ],
    )


def request_edit_form(post_id: int) -> RequestEditForm:
    return RequestEditForm(prefix=f"modif-{post_id}")

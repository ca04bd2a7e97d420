"""The appeal's forms: the appellant's message, and the moderator's answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from community.kernel.forms import BaseForm, Visible
from community.kernel.reasons import RejectionReason
from community.moderation.appeals.services import APPEAL_TEXT_MAX, OUTCOME_TEXT_MAX

UPHOLD, REVERSE = "upheld", "reversed"


class AppealForm(BaseForm):
    message = TextAreaField(
        _l("Pourquoi contestez-vous cette décision ?"),
        validators=[
            Visible(_l("Dites pourquoi vous contestez cette décision.")),
            Length(
                max=APPEAL_TEXT_MAX,
                message=_l("%(max)d caractères au plus.", max=APPEAL_TEXT_MAX),
            ),
        ],
    )


class DecideAppealForm(BaseForm):
    # No default: pressing Enter must not decide anything.
    outcome = RadioField(
        _l("Votre décision"),
        choices=[
            SelectChoice(UPHOLD, _l("Maintenir la décision")),
            SelectChoice(REVERSE, _l("Annuler la décision")),
        ],
        validators=[InputRequired(message=_l("Choisissez de maintenir ou d’annuler."))],
        invalid_choice_message=_l("Choisissez de maintenir ou d’annuler."),
    )
    reasons = TextAreaField(
        _l("Vos motifs, que la personne lira"),
        validators=[
            Visible(_l("Dites à la personne pourquoi vous décidez ainsi.")),
            Length(
                max=OUTCOME_TEXT_MAX,
                message=_l("%(max)d caractères au plus.", max=OUTCOME_TEXT_MAX),
            ),
        ],
    )
    # Only for the appeal of a dismissed report, if it is reversed: why the post goes.
    reason_code = SelectField(
        _l("Motif du retrait, si vous annulez"),
        choices=[
            SelectChoice("", _l("— Choisissez un motif —")),
            *(SelectChoice(reason.value, reason.label) for reason in RejectionReason),
        ],
        validate_choice=False,
    )


def decide_form(appeal_id: int) -> DecideAppealForm:
    """Each appeal of the tab has its own form: a prefix keeps the fields' ids distinct."""
    return DecideAppealForm(prefix=f"contestation-{appeal_id}")

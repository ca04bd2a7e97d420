"""The site admin's forms: suspending a member (rule, facts, how long) and lifting it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from community.accounts.pseudonyms import PSEUDONYM_MAX
from community.kernel.forms import BaseForm, Visible, VisibleIfGiven
from community.kernel.reasons import SuspensionRule
from community.moderation.suspensions.services import FACTS_MAX, NOTE_MAX

UNKNOWN_MEMBER = _l("Aucun membre ne porte ce pseudonyme.")
NO_END = "sans-fin"
# How long, as the admin chooses it; None: until an admin lifts it.
DURATIONS: dict[str, timedelta | None] = {
    "7": timedelta(days=7),
    "30": timedelta(days=30),
    "90": timedelta(days=90),
    "365": timedelta(days=365),
    NO_END: None,
}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _pseudonym_field() -> StringField:
    return StringField(
        _l("Pseudonyme du membre"),
        filters=[_strip],
        validators=[
            Visible(_l("Ce champ est obligatoire.")),
            Length(max=PSEUDONYM_MAX, message=UNKNOWN_MEMBER),
        ],
    )


class SuspendForm(BaseForm):
    pseudonym = _pseudonym_field()
    # No default for either choice: pressing Enter must not suspend anyone for anything.
    rule = SelectField(
        _l("La règle de la charte que le membre n’a pas respectée"),
        choices=[
            SelectChoice("", _l("— Choisissez une règle —")),
            *(SelectChoice(rule.value, rule.label) for rule in SuspensionRule),
        ],
        validators=[InputRequired(_l("Choisissez la règle de la charte."))],
        validate_choice=False,  # the service refuses an unknown rule, with its message
    )
    facts = TextAreaField(
        _l("Les faits, que le membre lira"),
        validators=[
            Visible(_l("Écrivez les faits : ce que le membre a fait, et quand.")),
            Length(max=FACTS_MAX, message=_l("%(max)d caractères au plus.", max=FACTS_MAX)),
        ],
    )
    duration = RadioField(
        _l("Pendant combien de temps"),
        choices=[
            SelectChoice("7", _l("7 jours")),
            SelectChoice("30", _l("30 jours")),
            SelectChoice("90", _l("3 mois")),
            SelectChoice("365", _l("1 an")),
            SelectChoice(
                NO_END, _l("Sans date de fin, jusqu’à ce qu’un administrateur le réactive")
            ),
        ],
        validators=[InputRequired(_l("Choisissez la durée de la suspension."))],
        invalid_choice_message=_l("Choisissez la durée de la suspension."),
    )


class ReinstateForm(BaseForm):
    pseudonym = _pseudonym_field()
    note = TextAreaField(
        _l("Un mot pour le membre (facultatif)"),
        validators=[
            VisibleIfGiven(),
            Length(max=NOTE_MAX, message=_l("%(max)d caractères au plus.", max=NOTE_MAX)),
        ],
    )

"""Forms of the data-card pages: what to put in a card, then who may see it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from community.kernel.forms import BaseForm
from community.selfdata.anonymizer import CardRequest
from community.selfdata.models import CardAudience

DEFAULT_DAYS = 90
# A card covers at most this long: a longer history says more about its owner.
MAX_DAYS = 2 * 366

AUDIENCE_LABELS = {
    CardAudience.MEMBERS: _l("Les membres de l’espace"),
    CardAudience.MODERATORS: _l("Les modérateurs de l’espace seulement"),
}


_BAD_DATE = _l("Donnez une date, par exemple 2026-03-12.")


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DayField(DateField):
    """A date, with a French message when it cannot be read (WTForms' is English)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_BAD_DATE)) from error


def _as_id(value: object) -> int:
    """A submitted id, or 0 for anything else: no choice has it, so the form explains."""
    try:
        return int(str(value))
    except ValueError:
        return 0


def _date_field(label: Any) -> DayField:
    return DayField(label, validators=[InputRequired(_BAD_DATE)], render_kw={"type": "date"})


class CardForm(BaseForm):
    """What goes in a card. Sent again, hidden, with the consent form: the server rebuilds
    the card from the vault each time."""

    space = SelectField(
        _l("Espace"),
        coerce=_as_id,
        validators=[InputRequired(_l("Choisissez un espace."))],
        invalid_choice_message=_l("Choisissez un des espaces dont vous êtes membre."),
    )
    series = CheckboxesField(
        _l("Mesures"),
        choices=[],
        invalid_choice_message=_l("Choisissez parmi les mesures de votre coffre."),
    )
    treatments = BooleanField(_l("Mes traitements"))
    symptoms = BooleanField(_l("Mon journal de symptômes"))
    labs = BooleanField(_l("Mes résultats d’analyses"))
    start = _date_field(_l("Du"))
    end = _date_field(_l("Au"))
    keep_sex = BooleanField(_l("Montrer mon sexe"))
    keep_text = BooleanField(
        _l("Garder mes notes et doses (les données identifiantes sont retirées)")
    )
    submit = SubmitField(_l("Voir l’aperçu"))
    # The writing form the member left to build the card (its draft kept), to go back to.
    retour = HiddenField()

    def validate_end(self, field: DateField) -> None:
        start, end = self.start.data, field.data
        if start is None or end is None:
            return
        if end < start:
            raise ValidationError(_l("La fin de la période doit suivre son début."))
        if (end - start).days > MAX_DAYS:
            raise ValidationError(_l("Une carte couvre deux ans au plus."))

    def validate_series(self, field: CheckboxesField) -> None:
        if not (field.data or self.treatments.data or self.symptoms.data or self.labs.data):
            raise ValidationError(
                _l("Choisissez au moins une mesure, ou vos traitements, symptômes ou analyses.")
            )

    def request(self) -> CardRequest:
        return CardRequest(
            series=tuple(self.series.data or ()),
            start=self.start.data,
            end=self.end.data,
            treatments=bool(self.treatments.data),
            symptoms=bool(self.symptoms.data),
            labs=bool(self.labs.data),
            keep_sex=bool(self.keep_sex.data),
            keep_text=bool(self.keep_text.data),
        )


class ConsentForm(CardForm):
    audience = RadioField(
        _l("Qui pourra voir cette carte ?"),
        choices=[
            SelectChoice(audience.value, label) for audience, label in AUDIENCE_LABELS.items()
        ],
        validators=[InputRequired(_l("Choisissez qui pourra voir la carte."))],
        invalid_choice_message=_l("Choisissez qui pourra voir la carte."),
    )
    consent = BooleanField(
        _l("J’ai vérifié ce que les autres verront"),
        validators=[DataRequired(_l("Cochez cette case une fois la carte vérifiée."))],
    )
    submit = SubmitField(_l("Confirmer et créer la carte"))


def card_form(
    *, spaces: list[tuple[int, str]], series: list[tuple[str, str]], today: date, **kwargs: Any
) -> CardForm:
    form = CardForm(**kwargs)
    _choices(form, spaces, series)
    if not form.is_submitted():
        form.start.data = form.start.data or today - timedelta(days=DEFAULT_DAYS)
        form.end.data = form.end.data or today
    return form


def consent_form(
    *, spaces: list[tuple[int, str]], series: list[tuple[str, str]], **kwargs: Any
) -> ConsentForm:
    form = ConsentForm(**kwargs)
    _choices(form, spaces, series)
    return form


def _choices(form: CardForm, spaces: list[tuple[int, str]], series: list[tuple[str, str]]) -> None:
    form.space.choices = [SelectChoice(space_id, name) for space_id, name in spaces]
    form.series.choices = [SelectChoice(key, label) for key, label in series]


class ConfirmForm(BaseForm):
    """A confirmation that carries nothing but its CSRF token."""

    submit = SubmitField(_l("Confirmer"))

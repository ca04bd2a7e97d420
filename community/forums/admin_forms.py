"""Forms of the administration pages: associations, spaces, roles."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from community.accounts.pseudonyms import PSEUDONYM_MAX
from community.forums.models import SpaceVisibility
from community.kernel.forms import BaseForm, Visible

SLUG_MIN, SLUG_MAX = 2, 80
NAME_MAX = 160
DESCRIPTION_MAX = 5_000
RULES_MAX = 20_000
SPECIALTY_MAX = 80
# Ends with a letter or digit so that URLs never end (or start) with a dangling hyphen.
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")

REQUIRED = _l("Ce champ est obligatoire.")
TOO_LONG = _l("%(max)d caractères au maximum.")


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _one_line(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def _slug(form: BaseForm, field: Any) -> None:
    if field.data and not (SLUG_MIN <= len(field.data) <= SLUG_MAX and _SLUG.match(field.data)):
        raise ValidationError(
            _l(
                "L’identifiant s’écrit avec des lettres minuscules sans accent, des chiffres "
                "et des tirets (pas au début ni à la fin), de %(min)d à %(max)d caractères.",
                min=SLUG_MIN,
                max=SLUG_MAX,
            )
        )


def _description_field(label: Any) -> TextAreaField:
    return TextAreaField(
        label, filters=[_strip], validators=[Length(max=DESCRIPTION_MAX, message=TOO_LONG)]
    )


def _rules_field() -> TextAreaField:
    return TextAreaField(
        _l("Règles de l’espace"),
        filters=[_strip],
        validators=[Length(max=RULES_MAX, message=TOO_LONG)],
    )


def _name_field(label: Any) -> StringField:
    return StringField(
        label,
        filters=[_one_line],
        validators=[DataRequired(REQUIRED), Length(max=NAME_MAX, message=TOO_LONG), Visible()],
    )


def _slug_field() -> StringField:
    return StringField(
        _l("Identifiant dans l’adresse"),
        filters=[_strip],
        validators=[DataRequired(REQUIRED), Visible(), _slug],
    )


def _pseudonym_field() -> StringField:
    return StringField(
        _l("Pseudonyme du membre"),
        filters=[_strip],
        validators=[
            DataRequired(REQUIRED),
            Visible(),
            Length(max=PSEUDONYM_MAX, message=_l("Aucun membre ne porte ce pseudonyme.")),
        ],
    )


class AssociationForm(BaseForm):
    name = _name_field(_l("Nom de l’association"))
    slug = _slug_field()
    description = TextAreaField(
        _l("Présentation"),
        filters=[_strip],
        validators=[Length(max=DESCRIPTION_MAX, message=TOO_LONG)],
    )


class SpaceForm(BaseForm):
    # Choices are the associations, filled in by the view.
    association = SelectField(
        _l("Association qui anime l’espace"),
        coerce=int,
        validate_choice=True,
        validators=[DataRequired(_l("Choisissez une association."))],
    )
    name = _name_field(_l("Nom de l’espace"))
    slug = _slug_field()
    description = _description_field(_l("Présentation"))
    rules = _rules_field()
    visibility = RadioField(
        _l("Qui peut lire l’espace"),
        choices=[
            SelectChoice(SpaceVisibility.PUBLIC.value, _l("Tout le monde")),
            SelectChoice(SpaceVisibility.MEMBERS.value, _l("Seulement les membres de l’espace")),
        ],
        default=SpaceVisibility.PUBLIC.value,
        validators=[DataRequired(_l("Choisissez qui peut lire l’espace."))],
    )

    def __init__(self, *args: Any, associations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.association.choices = [SelectChoice(a.id, a.name) for a in associations]


class SpaceTextsForm(BaseForm):
    description = _description_field(_l("Présentation de l’espace"))
    rules = _rules_field()


class AssociationAdminForm(BaseForm):
    pseudonym = _pseudonym_field()


class ModeratorForm(BaseForm):
    pseudonym = _pseudonym_field()
    specialty = StringField(
        _l("Spécialité"),
        filters=[_one_line],
        validators=[
            DataRequired(REQUIRED),
            Length(max=SPECIALTY_MAX, message=TOO_LONG),
            Visible(),
        ],
    )


class ConfirmForm(BaseForm):
    """A button, and the CSRF token that goes with it."""

"""The vault's forms: one per kind of record, the profile, erasing the vault.

The fields only carry what was typed (and the CSRF token); selfdata/vault.py checks it,
so that a form, a test and any other caller get the same French messages.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from community.accounts.forms import PASSWORD_MAX
from community.kernel.forms import BaseForm
from community.selfdata.records import SERIES, Category
from community.selfdata.vault_input import NAME_MAX, TEXT_MAX, UNIT_MAX

_DATE = {"type": "date"}
_TIME = {"type": "time"}
_DECIMAL = {"inputmode": "decimal", "autocomplete": "off"}
_DATE_HINT = _l("Par exemple 12/03/2024.")
_NOTE_HINT = _l("Facultatif. Vous seul la lisez. %(max)d caractères au plus.", max=TEXT_MAX)


def _note() -> TextAreaField:
    return TextAreaField(
        _l("Note"), description=_NOTE_HINT, render_kw={"rows": 3, "maxlength": TEXT_MAX}
    )


def _name(label: object, hint: object = "") -> StringField:
    return StringField(label, description=hint, render_kw={"maxlength": NAME_MAX})


class MeasurementForm(BaseForm):
    series = SelectField(
        _l("Ce que vous avez mesuré"),
        choices=[SelectChoice(key, series.label) for key, series in SERIES.items()],
        validate_choice=False,
    )
    date = StringField(_l("Date"), description=_DATE_HINT, render_kw=_DATE)
    time = StringField(
        _l("Heure"), description=_l("L’heure de chez vous, par exemple 08:30."), render_kw=_TIME
    )
    value = StringField(
        _l("Valeur"), description=_l("Un nombre, par exemple 7,2."), render_kw=_DECIMAL
    )
    value2 = StringField(
        _l("Deuxième valeur (tension seulement)"),
        description=_l(
            "Pour la tension : le petit chiffre (diastolique). "
            "Par exemple 12/8 s’écrit 120 puis 80."
        ),
        render_kw=_DECIMAL,
    )
    unit = StringField(
        _l("Unité"),
        description=_l(
            "Vide : l’unité habituelle. Glycémie : mg/dL, mmol/L ou g/L. HbA1c : % ou mmol/mol. "
            "Poids : kg. Tension : mmHg. Cœur : bpm. Sommeil : h. Douleur : /10."
        ),
        render_kw={"maxlength": UNIT_MAX, "autocomplete": "off"},
    )
    label = _name(
        _l("Nom de la mesure (« autre mesure » seulement)"), _l("Par exemple : Tour de taille.")
    )
    note = _note()


# A start may be a month or a year only (a date field would refuse it): a text field.
_PARTIAL_HINT = _l(
    "Par exemple 12/03/2024 ; si vous ne savez plus le jour, le mois (03/2019) ou l’année "
    "(2019) suffit."
)
_PARTIAL = {"autocomplete": "off", "maxlength": 10}


class TreatmentForm(BaseForm):
    name = _name(_l("Nom du traitement"), _l("Par exemple : Metformine."))
    dose = _name(_l("Dose"), _l("Facultatif. Par exemple : 500 mg matin et soir."))
    start = StringField(_l("Début"), description=_PARTIAL_HINT, render_kw=_PARTIAL)
    stop = StringField(
        _l("Fin"), description=_l("Laissez vide si vous le prenez encore."), render_kw=_PARTIAL
    )
    note = _note()


class DiagnosisForm(BaseForm):
    name = _name(_l("Maladie ou diagnostic"), _l("Par exemple : Diabète de type 2."))
    since = StringField(_l("Depuis"), description=_PARTIAL_HINT, render_kw=_PARTIAL)
    ended = StringField(
        _l("Guérie le"), description=_l("Laissez vide si elle dure encore."), render_kw=_PARTIAL
    )
    note = _note()


class SymptomForm(BaseForm):
    date = StringField(_l("Date"), description=_DATE_HINT, render_kw=_DATE)
    symptom = _name(_l("Symptôme"), _l("Par exemple : Fatigue."))
    intensity = SelectField(
        _l("Intensité"),
        description=_l("De 0 (rien) à 10 (le pire que vous puissiez imaginer)."),
        choices=[SelectChoice(str(level), str(level)) for level in range(11)],
        default="5",
        validate_choice=False,
    )
    note = _note()


class LabForm(BaseForm):
    date = StringField(_l("Date de l’analyse"), description=_DATE_HINT, render_kw=_DATE)
    test = _name(_l("Analyse"), _l("Par exemple : TSH, Créatinine."))
    result = _name(
        _l("Résultat"), _l("Un nombre (par exemple 2,1) ou un mot (par exemple négatif).")
    )
    unit = StringField(
        _l("Unité"),
        description=_l("Facultatif. Par exemple : mUI/L."),
        render_kw={"maxlength": UNIT_MAX, "autocomplete": "off"},
    )
    note = _note()


RECORD_FORMS: dict[Category, type[BaseForm]] = {
    Category.MEASUREMENT: MeasurementForm,
    Category.TREATMENT: TreatmentForm,
    Category.SYMPTOM: SymptomForm,
    Category.LAB: LabForm,
    Category.CONDITION: DiagnosisForm,
}


class ProfileForm(BaseForm):
    birth_year = StringField(
        _l("Année de naissance"),
        description=_l("Facultatif. Quatre chiffres, par exemple 1975."),
        render_kw={"inputmode": "numeric", "maxlength": 4, "autocomplete": "bday-year"},
    )
    sex = RadioField(
        _l("Sexe"),
        choices=[
            SelectChoice("", _l("Je ne le dis pas")),
            SelectChoice("F", _l("Femme")),
            SelectChoice("M", _l("Homme")),
        ],
        default="",
        validate_choice=False,
    )


class EraseVaultForm(BaseForm):
    password = PasswordField(
        _l("Votre mot de passe"),
        validators=[
            DataRequired(_l("Indiquez votre mot de passe pour confirmer.")),
            Length(max=PASSWORD_MAX, message=_l("Ce mot de passe est trop long.")),
        ],
    )


class ConfirmForm(BaseForm):
    """Nothing to fill in: the form carries the CSRF token."""

"""Account forms: registration, log-in, password change and reset, language, e-mails, deletion."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Field,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, StopValidation, ValidationError

from community.accounts.pseudonyms import (
    PSEUDONYM_MAX,
    PSEUDONYM_MIN,
    pseudonym_key,
    pseudonym_problem,
)
from community.accounts.services import DELETED_PREFIX, EMAIL_MAX
from community.kernel.forms import BaseForm, Visible

PASSWORD_MIN = 10
PASSWORD_MAX = 256

# Deliberately simple: a local part, an @, a domain with at least one dot. Letters of
# any script are allowed (\w); spaces, zero-width characters, quotes and <> are not.
_EMAIL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]{1,64}@[\w-]+(?:\.[\w-]+)+$")

# Each language named in itself, and marked so screen readers pronounce it right.
LOCALE_CHOICES = [
    SelectChoice("fr", "Français", render_kw={"lang": "fr"}),
    SelectChoice("en", "English", render_kw={"lang": "en"}),
]

PSEUDONYM_MESSAGES = {
    "length": _l(
        "Le pseudonyme doit avoir entre %(min)d et %(max)d caractères.",
        min=PSEUDONYM_MIN,
        max=PSEUDONYM_MAX,
    ),
    "characters": _l(
        "Utilisez des lettres et des chiffres. Au milieu, vous pouvez mettre "
        "une espace, un point, un tiret ou une apostrophe."
    ),
    "invisible": _l(
        "Ce pseudonyme contient des caractères qui ne se voient pas. "
        "Utilisez des lettres et des chiffres."
    ),
    "mixed_scripts": _l(
        "Utilisez un seul alphabet. Par exemple, ne mélangez pas des lettres "
        "latines et des lettres cyrilliques."
    ),
    "reserved": _l("Ce pseudonyme est réservé à l’équipe du site. Choisissez-en un autre."),
    "taken": _l(
        "Ce pseudonyme est déjà pris, ou il ressemble trop à un pseudonyme existant. "
        "Choisissez-en un autre."
    ),
}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _valid_pseudonym(form: BaseForm, field: Field) -> None:
    problem = pseudonym_problem(field.data or "")
    # Deleted accounts are named "membre-supprimé-…": nobody may pass for one.
    if problem is None and pseudonym_key(field.data).startswith(pseudonym_key(DELETED_PREFIX)):
        problem = "reserved"
    if problem is not None:
        raise ValidationError(PSEUDONYM_MESSAGES[problem])


def valid_email(form: BaseForm, field: Field) -> None:
    value = field.data or ""
    if len(value) > EMAIL_MAX:
        raise StopValidation(_l("Cette adresse e-mail est trop longue."))
    if not _EMAIL.match(value):
        raise ValidationError(
            _l("Cette adresse e-mail n’est pas valide. Exemple : prenom@exemple.fr")
        )


def _password(label: Any) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Choisissez un mot de passe.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l(
                    "Le mot de passe doit avoir entre %(min)d et %(max)d caractères.",
                    min=PASSWORD_MIN,
                    max=PASSWORD_MAX,
                ),
            ),
        ],
    )


def _confirm(other: str) -> PasswordField:
    return PasswordField(
        _l("Confirmez le mot de passe"),
        validators=[
            DataRequired(_l("Tapez le mot de passe une deuxième fois.")),
            EqualTo(other, _l("Les deux mots de passe ne sont pas identiques.")),
        ],
    )


def _email_field() -> StringField:
    return StringField(
        _l("Adresse e-mail"),
        filters=[_strip],
        validators=[Visible(_l("Indiquez votre adresse e-mail.")), valid_email],
    )


class RegisterForm(BaseForm):
    pseudonym = StringField(
        _l("Pseudonyme"),
        filters=[_strip],
        validators=[Visible(_l("Choisissez un pseudonyme.")), _valid_pseudonym],
    )
    email = _email_field()
    password = _password(_l("Mot de passe"))
    confirm = _confirm("password")
    locale = SelectField(_l("Langue du site"), choices=LOCALE_CHOICES, default="fr")
    accept_charter = BooleanField(
        _l("J’ai lu la charte et je l’accepte"),
        validators=[DataRequired(_l("Pour participer, il faut accepter la charte."))],
    )
    accept_privacy = BooleanField(
        _l("J’ai lu la politique de confidentialité et je l’accepte"),
        validators=[
            DataRequired(
                _l("Pour créer un compte, il faut accepter la politique de confidentialité.")
            )
        ],
    )


class LoginForm(BaseForm):
    login = StringField(
        _l("Pseudonyme ou adresse e-mail"),
        filters=[_strip],
        validators=[
            Visible(_l("Indiquez votre pseudonyme ou votre adresse e-mail.")),
            Length(max=EMAIL_MAX, message=_l("C’est trop long pour un pseudonyme ou une adresse.")),
        ],
    )
    password = PasswordField(
        _l("Mot de passe"),
        validators=[
            DataRequired(_l("Indiquez votre mot de passe.")),
            Length(max=PASSWORD_MAX, message=_l("Ce mot de passe est trop long.")),
        ],
    )
    remember = BooleanField(_l("Se souvenir de moi sur cet appareil"))


class LocaleForm(BaseForm):
    locale = SelectField(_l("Langue du site"), choices=LOCALE_CHOICES)


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Mot de passe actuel"),
        validators=[
            DataRequired(_l("Indiquez votre mot de passe actuel.")),
            Length(max=PASSWORD_MAX, message=_l("Ce mot de passe est trop long.")),
        ],
    )
    password = _password(_l("Nouveau mot de passe"))
    confirm = _confirm("password")


class ResetRequestForm(BaseForm):
    email = _email_field()


class ResetPasswordForm(BaseForm):
    password = _password(_l("Nouveau mot de passe"))
    confirm = _confirm("password")


class EmailNotificationsForm(BaseForm):
    notify_by_email = BooleanField(_l("Recevoir aussi les notifications par e-mail"))


class DeleteAccountForm(BaseForm):
    password = PasswordField(
        _l("Votre mot de passe"),
        validators=[
            DataRequired(_l("Indiquez votre mot de passe pour confirmer.")),
            Length(max=PASSWORD_MAX, message=_l("Ce mot de passe est trop long.")),
        ],
    )
    # Keeping is the default: withdrawing a thread one opened takes other members' replies
    # with it, which nobody should do by not reading a radio button.
    posts = RadioField(
        _l("Vos messages publiés"),
        choices=[
            SelectChoice("keep", _l("Laisser mes messages publiés, signés « membre supprimé »")),
            SelectChoice("withdraw", _l("Retirer aussi tous mes messages")),
        ],
        default="keep",
        validators=[DataRequired(_l("Choisissez ce que deviennent vos messages."))],
        invalid_choice_message=_l("Choisissez ce que deviennent vos messages."),
    )

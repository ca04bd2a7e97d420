"""The public form for notifying illegal content."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from community.accounts.forms import valid_email
from community.kernel.forms import BaseForm, Visible
from community.kernel.reasons import NoticeCategory
from community.moderation.notices.services import NOTICE_TEXT_MAX

CHOOSE = _l("Choisissez le type de contenu illicite.")


class NoticeForm(BaseForm):
    url = StringField(
        _l("Adresse du message"),
        validators=[Visible(_l("Collez l’adresse du message que vous signalez."))],
    )
    category = RadioField(
        _l("De quel contenu illicite s’agit-il ?"),
        choices=[SelectChoice(category.value, category.label) for category in NoticeCategory],
        validators=[InputRequired(message=CHOOSE)],
        invalid_choice_message=CHOOSE,
    )
    justification = TextAreaField(
        _l("Pourquoi ce contenu est-il illicite ?"),
        validators=[
            Visible(_l("Expliquez pourquoi ce contenu est illicite.")),
            Length(
                max=NOTICE_TEXT_MAX,
                message=_l("%(max)d caractères au plus.", max=NOTICE_TEXT_MAX),
            ),
        ],
    )
    email = StringField(
        _l("Votre adresse e-mail, pour vous répondre"),
        validators=[Visible(_l("Indiquez votre adresse e-mail.")), valid_email],
    )
    good_faith = BooleanField(
        _l(
            "Je déclare de bonne foi que les informations de ce signalement sont exactes "
            "et complètes."
        ),
        validators=[
            DataRequired(_l("Cochez la déclaration de bonne foi pour envoyer le signalement."))
        ],
    )
    # When the form was given out (guard.form_token), and a field people never see.
    token = HiddenField()
    website = StringField(_l("Ne remplissez pas ce champ"))

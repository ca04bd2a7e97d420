"""Forms of the requests to join a members-only space, their answers and invitation links."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import Length

from community.forums.membership import ANSWER_MAX, INVITATION_DAYS, INVITATION_USES, MESSAGE_MAX
from community.kernel.forms import BaseForm, VisibleIfGiven


class MembershipRequestForm(BaseForm):
    message = TextAreaField(
        _l("Un mot pour les modérateurs (facultatif)"),
        description=_l(
            "Par exemple : pourquoi vous souhaitez rejoindre cet espace. Ne donnez ni nom, ni "
            "adresse, ni téléphone. Seuls les modérateurs de l’espace le liront."
        ),
        validators=[
            VisibleIfGiven(),
            Length(
                max=MESSAGE_MAX,
                message=_l(
                    "Votre mot est trop long : %(max)s caractères au plus.", max=MESSAGE_MAX
                ),
            ),
        ],
        render_kw={"rows": 4, "maxlength": MESSAGE_MAX},
    )
    submit = SubmitField(_l("Envoyer ma demande"))


class AnswerForm(BaseForm):
    """Accept, or refuse with an optional word to the member (no reason is required)."""

    answer = TextAreaField(
        _l("Un mot pour le membre (facultatif)"),
        description=_l(
            "Il le lira avec la réponse. Vous n’avez pas à justifier un refus ; si vous le "
            "faites, restez bienveillant."
        ),
        validators=[
            VisibleIfGiven(),
            Length(
                max=ANSWER_MAX,
                message=_l("Votre mot est trop long : %(max)s caractères au plus.", max=ANSWER_MAX),
            ),
        ],
        render_kw={"rows": 2, "maxlength": ANSWER_MAX},
    )
    accept = SubmitField(_l("Accepter"))
    refuse = SubmitField(_l("Refuser"))


def _uses_label(uses: int) -> str:
    return str(_l("une seule personne")) if uses == 1 else str(_l("%(n)s personnes", n=uses))


class InvitationForm(BaseForm):
    max_uses = SelectField(
        _l("Pour combien de personnes"),
        coerce=int,
        choices=[SelectChoice(uses, str(uses)) for uses in INVITATION_USES],
        invalid_choice_message=_l("Choisissez un des nombres proposés."),
    )
    days = SelectField(
        _l("Valable pendant"),
        coerce=int,
        choices=[SelectChoice(days, str(days)) for days in INVITATION_DAYS],
        invalid_choice_message=_l("Choisissez une des durées proposées."),
    )
    submit = SubmitField(_l("Créer le lien"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Labelled in the reader's language, at the time the form is drawn.
        self.max_uses.choices = [SelectChoice(uses, _uses_label(uses)) for uses in INVITATION_USES]
        self.days.choices = [
            SelectChoice(days, str(_l("1 jour")) if days == 1 else str(_l("%(n)s jours", n=days)))
            for days in INVITATION_DAYS
        ]


class ConfirmForm(BaseForm):
    """Nothing to fill in: the form carries the CSRF token."""

"""The association's forms for its prepared texts: write one, change it, move it."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from community.kernel.forms import BaseForm, Visible
from community.kernel.reasons import RejectionReason
from community.moderation.canned.models import CannedKind
from community.moderation.canned.services import TEXT_MAX, TEXTS_MAX, TITLE_MAX
from community.moderation.queue.forms import at_most_reason_length

CHOOSE_KIND = _l("Choisissez : un refus ou une demande de modification.")
KIND_LABELS = {
    CannedKind.REFUSAL: _l("Pour un refus"),
    CannedKind.EDIT_REQUEST: _l("Pour une demande de modification"),
}
ANY_REASON = _l("— Tout motif —")
ERRORS = {
    "no_title": _l("Donnez un titre à ce texte : les modérateurs le choisissent par son titre."),
    "title_too_long": _l("%(max)d caractères au plus.", max=TITLE_MAX),
    "no_body": _l("Écrivez le texte que l’auteur recevra."),
    "body_too_long": _l("%(max)d caractères au plus.", max=TEXT_MAX),
    "reason_for_edit": _l("Seul un texte de refus se rattache à un motif."),
    "unknown_reason": _l("Choisissez un motif de la liste."),
    "duplicate": _l("Un autre texte du même type porte déjà ce titre dans cet espace."),
    "too_many": _l(
        "Au plus %(max)d textes préparés de chaque type par espace : supprimez-en un d’abord.",
        max=TEXTS_MAX,
    ),
    "gone": _l("Ce texte préparé n’existe plus : il vient peut-être d’être supprimé."),
}
# Which field each refusal of the services goes next to (None: the form as a whole).
ERROR_FIELDS = {
    "no_title": "title",
    "title_too_long": "title",
    "duplicate": "title",
    "no_body": "body",
    "body_too_long": "body",
    "reason_for_edit": "reason_code",
    "unknown_reason": "reason_code",
    "too_many": None,
}


class CannedTextForm(BaseForm):
    """A prepared text as it is changed: its kind stays what it was made for."""

    kind_of_text: CannedKind = CannedKind.REFUSAL

    title = StringField(
        _l("Titre"),
        validators=[
            Visible(ERRORS["no_title"]),
            Length(max=TITLE_MAX, message=ERRORS["title_too_long"]),
        ],
    )
    reason_code = SelectField(
        _l("Motif du refus"),
        choices=[
            SelectChoice("", ANY_REASON),
            *(SelectChoice(reason.value, reason.label) for reason in RejectionReason),
        ],
        # Not sent (an edit request's form has no reason): any reason, that is none.
        default="",
        invalid_choice_message=ERRORS["unknown_reason"],
    )
    body = TextAreaField(
        _l("Texte que l’auteur reçoit"),
        validators=[Visible(ERRORS["no_body"]), at_most_reason_length()],
    )

    def chosen_kind(self) -> CannedKind:
        return self.kind_of_text

    def validate_reason_code(self, field: SelectField) -> None:
        if field.data and self.chosen_kind() is not CannedKind.REFUSAL:
            raise ValidationError(str(ERRORS["reason_for_edit"]))

    def refuse(self, code: str) -> None:
        """Put a refusal of the services next to its field."""
        name = ERROR_FIELDS.get(code)
        message = str(ERRORS[code])
        if name is None:
            self.form_errors.append(message)
        else:
            self[name].errors = [*self[name].errors, message]


def edit_form(kind: CannedKind, **kwargs: Any) -> CannedTextForm:
    form = CannedTextForm(**kwargs)
    form.kind_of_text = kind
    return form


class NewCannedTextForm(CannedTextForm):
    """A new prepared text: for a refusal or for an edit request."""

    kind = RadioField(
        _l("Pour quelle décision ?"),
        choices=[SelectChoice(str(kind), label) for kind, label in KIND_LABELS.items()],
        validators=[InputRequired(message=CHOOSE_KIND)],
        invalid_choice_message=CHOOSE_KIND,
    )

    def chosen_kind(self) -> CannedKind:
        # An unknown kind has its own error; the reason is then judged as for a refusal.
        try:
            return CannedKind(self.kind.data)
        except ValueError:
            return CannedKind.REFUSAL


class MoveForm(BaseForm):
    direction = SelectField(
        choices=[SelectChoice("up"), SelectChoice("down")], validators=[InputRequired()]
    )

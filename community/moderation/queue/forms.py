"""The moderator's forms: decide, take down a reported post, hand over, decide in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from community.kernel.forms import BaseForm, OptionsOnce, VisibleIfGiven
from community.kernel.reasons import RejectionReason
from community.moderation.canned.choice import (
    MessageOrPreparedText,
    PreparedTexts,
    ReasonChosen,
    prepared_text_field,
)
from community.moderation.canned.services import PreparedText
from community.moderation.models import REJECTION_REASONS
from community.moderation.queue.bulk import BULK_MAX
from community.moderation.queue.services import REASON_TEXT_MAX


class ApproveForm(BaseForm):
    """Nothing to fill in: the form carries the CSRF token."""


def reason_choices() -> list[SelectChoice]:
    """The refusal reasons after an empty first choice: no reason is ever picked for the
    moderator, so a hurried click cannot send a refusal with a wrong one."""
    placeholder = SelectChoice("", _l("— Choisissez un motif —"))
    return [placeholder, *(SelectChoice(reason.value, reason.label) for reason in RejectionReason)]


def at_most_reason_length() -> Length:
    """The length every moderator's text to an author keeps to, with its message."""
    return Length(
        max=REASON_TEXT_MAX, message=_l("%(max)d caractères au plus.", max=REASON_TEXT_MAX)
    )


class RejectForm(PreparedTexts, BaseForm):
    reason_code = SelectField(
        _l("Motif du refus"),
        choices=reason_choices(),
        widget=OptionsOnce(),
        validators=[ReasonChosen()],
    )
    prepared_text = prepared_text_field()
    reason_text = TextAreaField(
        _l("Précision pour l’auteur (facultatif)"),
        validators=[
            VisibleIfGiven(),
            at_most_reason_length(),
        ],
    )

    def validate_reason_text(self, field: TextAreaField) -> None:
        self.check_room(field.data)


def reject_form(post_id: int, texts: Iterable[PreparedText] = ()) -> RejectForm:
    """Each item of the queue has its own form: a prefix keeps the fields' ids distinct.
    `texts` are the prepared texts of the post's space."""
    form = RejectForm(prefix=f"rejet-{post_id}")
    form.offer_refusals(texts)
    return form


class RequestEditForm(PreparedTexts, BaseForm):
    prepared_text = prepared_text_field()
    message = TextAreaField(
        _l("Ce que l’auteur doit modifier"),
        validators=[
            MessageOrPreparedText(_l("Dites à l’auteur ce qu’il doit modifier.")),
            at_most_reason_length(),
        ],
    )

    def validate_message(self, field: TextAreaField) -> None:
        self.check_room(field.data)


def request_edit_form(post_id: int, texts: Iterable[PreparedText] = ()) -> RequestEditForm:
    form = RequestEditForm(prefix=f"modif-{post_id}")
    form.offer_edit_requests(texts)
    return form


def as_id(value: object) -> int:
    """A submitted id, or 0 for anything else: no choice has it, so the form explains."""
    try:
        return int(str(value))
    except ValueError:
        return 0


class UnpublishForm(RejectForm):
    """Taking a reported post down: a reason from the same list as a refusal."""


def unpublish_form(post_id: int, texts: Iterable[PreparedText] = ()) -> UnpublishForm:
    form = UnpublishForm(prefix=f"depublier-{post_id}")
    form.offer_refusals(texts)
    return form


class EscalateForm(BaseForm):
    target = SelectField(
        _l("Transmettre à"),
        coerce=as_id,
        validators=[InputRequired(message=_l("Choisissez à qui transmettre ce message."))],
        invalid_choice_message=_l("Choisissez à qui transmettre ce message."),
    )
    note = TextAreaField(
        _l("Note (facultatif)"),
        validators=[
            VisibleIfGiven(),
            at_most_reason_length(),
        ],
    )


def escalate_form(post_id: int, recipients: list[tuple[int, str]]) -> EscalateForm:
    """The people a post may go to, the current moderator left out by the caller."""
    form = EscalateForm(prefix=f"transmettre-{post_id}")
    form.target.choices = [SelectChoice(member_id, name) for member_id, name in recipients]
    return form


class BulkForm(PreparedTexts, BaseForm):
    """The checked posts and one decision for all; the reason only counts for a refusal."""

    post_ids = SelectMultipleField(
        _l("Messages choisis"),
        coerce=as_id,
        validate_choice=False,
        validators=[DataRequired(message=_l("Cochez au moins un message."))],
    )
    reason_code = SelectField(
        _l("Motif du refus"),
        choices=reason_choices(),
        widget=OptionsOnce(),
        # Checked in validate_reason_code: only a refusal needs one.
        validate_choice=False,
    )
    prepared_text = prepared_text_field()
    reason_text = TextAreaField(
        _l("Précision pour les auteurs (facultatif)"),
        validators=[
            VisibleIfGiven(),
            at_most_reason_length(),
        ],
    )
    approve = SubmitField(_l("Approuver la sélection"))
    reject = SubmitField(_l("Refuser la sélection"))

    def validate_post_ids(self, field: SelectMultipleField) -> None:
        if len(field.data or []) > BULK_MAX:
            raise ValidationError(_l("Au plus %(max)d messages à la fois.", max=BULK_MAX))

    def validate_reason_code(self, field: SelectField) -> None:
        if not self.reject.data:
            return
        chosen = self.chosen()
        if not field.data and not (chosen is not None and chosen.reason_code):
            raise ValidationError(_l("Choisissez un motif pour refuser la sélection."))
        self.check_reason(field)
        if field.data not in REJECTION_REASONS:
            raise ValidationError(_l("Choisissez un motif pour refuser la sélection."))

    def validate_reason_text(self, field: TextAreaField) -> None:
        if self.reject.data:
            self.check_room(field.data)

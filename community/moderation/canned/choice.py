"""The space's prepared texts in the moderator's decision forms: the choice of one, and
how it combines with what the moderator writes.

A moderator may pick one of the texts the association prepared for its space. The author
then receives that text as it stands, followed by what the moderator wrote in the field
below it, if anything (services.compose): the prepared text for what every author is
told, the moderator's own words for this post. Without a prepared text, the moderator's
words are the whole text, as before. A refusal text tied to a reason gives the reason
too, so that one choice is enough; a different reason is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar

from flask import g, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from community.forums.models import Space
from community.kernel.forms import OptionsOnce, Visible, VisibleIfGiven
from community.kernel.reasons import RejectionReason
from community.moderation.canned.models import CannedKind
from community.moderation.canned.services import (
    TEXT_MAX,
    PreparedText,
    compose,
    of_kind,
    room_after,
)

NO_PREPARED_TEXT = _l("— Aucun : j’écris moi-même —")
PREPARED_NOT_OFFERED = _l(
    "Ce texte préparé n’est pas (ou plus) proposé dans cet espace : choisissez-en un "
    "autre, ou écrivez le vôtre."
)
ANY_REASON = _l("Tout motif")


def _text_id(value: object) -> int:
    """A submitted text's id, or 0 for anything else: no choice has it, so the form explains."""
    try:
        return int(str(value))
    except ValueError:
        return 0


def prepared_text_field(label: Any = None) -> SelectField:
    return SelectField(
        label or _l("Texte préparé"),
        widget=OptionsOnce(),
        coerce=_text_id,
        choices=[SelectChoice(0, NO_PREPARED_TEXT)],
        # Not sent (the space has none, so the form shows no choice): none chosen.
        default=0,
        invalid_choice_message=PREPARED_NOT_OFFERED,
    )


class PreparedTexts:
    """What a form that offers the space's prepared texts knows of them."""

    prepared_text: SelectField
    texts: Mapping[int, PreparedText] = MappingProxyType({})

    def offer(
        self, texts: Sequence[PreparedText], group: Callable[[PreparedText], str | None]
    ) -> None:
        """Offer these texts, each in the group `group(text)` names (None: no group)."""
        self.texts = {text.id: text for text in texts}
        self.prepared_text.choices = [
            SelectChoice(0, NO_PREPARED_TEXT),
            *(SelectChoice(text.id, text.title, optgroup=group(text)) for text in texts),
        ]

    def offer_refusals(self, texts: Iterable[PreparedText]) -> None:
        """The space's refusal texts, grouped by the reason each goes with."""
        refusals = of_kind(texts, CannedKind.REFUSAL)
        self.offer(refusals, _by_reason)
        reason = getattr(self, "reason_code", None)
        if reason is not None and any(text.reason_code for text in refusals):
            # Such a text gives the reason: choosing one is no longer required as such.
            reason.flags.required = False

    def offer_edit_requests(self, texts: Iterable[PreparedText]) -> None:
        self.offer(of_kind(texts, CannedKind.EDIT_REQUEST), lambda _text: None)

    def offer_by_space(
        self, texts: Mapping[int, Sequence[PreparedText]], spaces: Sequence[Space]
    ) -> None:
        """The refusal texts of every space the moderator moderates, by space if several."""
        if len(spaces) == 1:
            self.offer_refusals(texts.get(spaces[0].id, ()))
            return
        names = {space.id: space.name for space in spaces}
        refusals = [
            text
            for space in spaces
            for text in of_kind(texts.get(space.id, ()), CannedKind.REFUSAL)
        ]
        self.offer(refusals, lambda text: names[text.space_id])

    def chosen(self) -> PreparedText | None:
        return self.texts.get(self.prepared_text.data or 0)

    def text_to_send(self, own: str | None) -> str:
        """The prepared text chosen, then the moderator's own words."""
        chosen = self.chosen()
        return compose(chosen.body if chosen is not None else "", own or "")

    def check_room(self, own: str | None) -> None:
        """The prepared text and the moderator's words together keep to the length rule."""
        chosen = self.chosen()
        if chosen is None or not own or len(self.text_to_send(own)) <= TEXT_MAX:
            return
        room = room_after(chosen.body)
        if room <= 0:
            raise ValidationError(
                _("Ce texte préparé a déjà la longueur permise : envoyez-le sans rien ajouter.")
            )
        raise ValidationError(
            _(
                "Avec le texte préparé, vous pouvez ajouter %(max)d caractères au plus.",
                max=room,
            )
        )

    def check_reason(self, field: SelectField) -> None:
        """A reason is chosen, or given by the prepared text, and the two agree."""
        chosen = self.chosen()
        tied = chosen.reason_code if chosen is not None else None
        if not field.data:
            if tied:
                field.data = tied
                return
            raise StopValidation(_("Choisissez un motif."))
        if chosen is not None and tied and tied != field.data:
            raise ValidationError(
                _(
                    "« %(title)s » va avec le motif « %(reason)s » : choisissez ce motif, "
                    "ou un autre texte.",
                    title=chosen.title,
                    reason=RejectionReason.label_of(tied),
                )
            )


def _by_reason(text: PreparedText) -> str:
    """The group of a refusal text: its reason's label, looked up once a request (a queue
    page offers the same texts in two forms per post)."""
    if not has_request_context():
        return RejectionReason.label_of(text.reason_code, unknown=str(ANY_REASON))
    labels: dict[str | None, str] = g.setdefault("prepared_reason_labels", {})
    if text.reason_code not in labels:
        labels[text.reason_code] = RejectionReason.label_of(
            text.reason_code, unknown=str(ANY_REASON)
        )
    return labels[text.reason_code]


class ReasonChosen:
    """The refusal's reason: required, unless a prepared text chosen gives it."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __call__(self, form: Any, field: SelectField) -> None:
        form.check_reason(field)


class MessageOrPreparedText:
    """What to change: required without a prepared text, something the moderator adds to
    one with it; invisible characters alone never count."""

    def __init__(self, message: Any) -> None:
        self.required = Visible(message)
        self.optional = VisibleIfGiven()

    def __call__(self, form: Any, field: TextAreaField) -> None:
        (self.required if form.chosen() is None else self.optional)(form, field)

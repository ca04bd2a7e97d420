"""Forms of the forum pages: writing a thread, a reply, an edit; confirming an action."""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from community.forums.services import BODY_MAX, TITLE_MAX
from community.kernel.forms import BaseForm, Visible

SUBMISSION_KEY = re.compile(r"[0-9a-f]{32}")
POST_ID = re.compile(r"[1-9][0-9]{0,10}")

# Shown under the text box's label; the examples of formatting are folded under the box.
BODY_HINT = _l(
    "Ne donnez ni nom, ni adresse, ni téléphone. Vous pouvez mettre des mots en gras, faire "
    "des listes ou mettre des liens : les exemples sont sous la zone de texte."
)

_body_required = _l("Écrivez votre message.")
_body_too_long = _l(
    "Votre message est trop long : %(max)s caractères au plus. Raccourcissez-le ou "
    "découpez-le en plusieurs messages.",
    max=f"{BODY_MAX:,}".replace(",", "\u202f"),
)
_title_required = _l("Donnez un titre à votre discussion.")
_title_too_long = _l("Le titre est trop long : %(max)s caractères au plus.", max=TITLE_MAX)


def _body_field() -> TextAreaField:
    return TextAreaField(
        _l("Votre message"),
        description=BODY_HINT,
        validators=[Visible(_body_required), Length(max=BODY_MAX, message=_body_too_long)],
        render_kw={"rows": 10},
    )


def _title_field() -> StringField:
    return StringField(
        _l("Titre"),
        validators=[Visible(_title_required), Length(max=TITLE_MAX, message=_title_too_long)],
        render_kw={"maxlength": TITLE_MAX},
    )


class _WritingForm(BaseForm):
    # "Aperçu" re-renders the form with the formatted text above it; nothing is stored.
    preview = SubmitField(_l("Aperçu"))
    submit = SubmitField(_l("Envoyer"))

    @property
    def wants_preview(self) -> bool:
        return bool(self.preview.data)


class _NewPostForm(_WritingForm):
    # A key made when the form is drawn and stored with the post: the same form sent
    # again (a dropped connection, a double click) finds that post instead of a second.
    submission = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not SUBMISSION_KEY.fullmatch(self.submission.data or ""):
            self.submission.data = secrets.token_hex(16)

    @property
    def submission_key(self) -> str | None:
        """The key the browser sent back, when it is one this site made."""
        sent = self.submission.data or ""
        return sent if SUBMISSION_KEY.fullmatch(sent) else None


def _card_id(value: object) -> int | None:
    """A chosen card's id; "" (no card) and anything unreadable mean none."""
    try:
        return int(str(value)) or None
    except ValueError:
        return None


def _card_field() -> SelectField:
    # Choices are the member's unlinked cards for this space, set by the view.
    return SelectField(
        _l("Carte de données (facultatif)"),
        coerce=_card_id,
        choices=[],
        validate_choice=True,
        invalid_choice_message=_l("Choisissez une de vos cartes pour cet espace, ou aucune."),
    )


class ThreadForm(_NewPostForm):
    title = _title_field()
    body = _body_field()
    card = _card_field()


QUOTE_HINT = _l(
    "Gardez seulement le passage que vous voulez citer : effacez le reste. Les mots cités "
    "restent ceux de leur auteur : vous pouvez en retirer, pas en changer. Pour répondre "
    "sans citer, effacez tout le passage."
)


class ReplyForm(_NewPostForm):
    body = _body_field()
    card = _card_field()
    # A reply that quotes: the quoted post's id (set from the "Citer" link) and the
    # passage kept of it, which forums.quotes checks against that post's text.
    quote_of = HiddenField()
    quote = TextAreaField(
        _l("Passage cité"),
        description=QUOTE_HINT,
        validators=[Length(max=BODY_MAX, message=_body_too_long)],
        render_kw={"rows": 6},
    )

    @property
    def quoted_post_id(self) -> int | None:
        """The id of the post the form quotes, when it carries one this site wrote."""
        sent = self.quote_of.data or ""
        return int(sent) if POST_ID.fullmatch(sent) else None


class EditForm(_WritingForm):
    """Edit one's post; the title only when the post opens its thread (see edit_form)."""

    title = _title_field()
    body = _body_field()


def edit_form(*, with_title: bool, **kwargs: Any) -> EditForm:
    form = EditForm(**kwargs)
    if not with_title:
        del form.title
    return form

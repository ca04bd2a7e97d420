"""What every form shares: text cleaned the same way before any validator sees it."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import StopValidation

from community.kernel.text import clean_text, has_visible_text


class BaseForm(FlaskForm):
    """FlaskForm (with CSRF) whose string fields are all cleaned by clean_text."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            filters = unbound_field.kwargs.get("filters", ())
            return unbound_field.bind(form=form, filters=[clean_text, *filters], **options)


class Visible:
    """Required, where invisible characters alone (zero-width spaces …) count as empty."""

    def __init__(self, message: Any = None) -> None:
        self.message = message or _l("Ce champ ne contient aucun caractère visible.")

    def __call__(self, form: BaseForm, field: Any) -> None:
        if not field.data or not has_visible_text(field.data):
            raise StopValidation(str(self.message))


class VisibleIfGiven:
    """Optional, but something typed must show: invisible characters alone are refused."""

    def __init__(self, message: Any = None) -> None:
        self.message = message or _l("Ce champ ne contient aucun caractère visible.")

    def __call__(self, form: BaseForm, field: Any) -> None:
        if field.data and not has_visible_text(field.data):
            raise StopValidation(str(self.message))

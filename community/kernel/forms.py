"""What every form shares: text cleaned the same way before any validator sees it."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SelectChoice
from wtforms.validators import StopValidation
from wtforms.widgets import Select, html_params

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


class OptionsOnce(Select):
    """A select whose options a request writes once for each set of them and choice made:
    a queue page offers the same reasons and prepared texts in two or three forms per
    post, and writing each select's options again cost more than the rest of its form."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        choices = field.choices
        # Options of their own attributes are written each time, as Select writes them.
        plain = isinstance(choices, list) and all(
            isinstance(c, SelectChoice) and not c.render_kw for c in choices
        )
        if not plain or not has_request_context():
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        for flag in self.validation_attrs:
            if flag not in kwargs and getattr(field.flags, flag, False):
                kwargs[flag] = True
        key = (
            tuple((c.value, str(c.label), c.optgroup) for c in choices),
            field.data,
            kwargs.get("disabled", False),
        )
        written: dict[Any, Markup] = g.setdefault("select_options", {})
        if key not in written:
            whole = super().__call__(field, **kwargs)
            # The options follow the select's own tag (its attributes escape any ">").
            written[key] = whole[whole.index(">") + 1 :]
        opening = f"<select {html_params(name=field.name, **kwargs)}>"
        return Markup(opening) + written[key]  # noqa: S704 - html_params escapes, as Select's

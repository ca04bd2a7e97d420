"""What every form shares: text cleaned the same way before any validator sees it, and
the errors of a request's forms gathered for the summary at the top of the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SelectChoice
from wtforms.validators import StopValidation
from wtforms.widgets import HiddenInput, ListWidget, Select, html_params

from community.kernel.text import clean_text, has_visible_text


class BaseForm(FlaskForm):
    """FlaskForm (with CSRF) whose string fields are all cleaned by clean_text.

    Each form made during a request is noted, so that the page drawn at its end can
    sum up the errors of whichever of them failed, however the view added them.
    """

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            filters = unbound_field.kwargs.get("filters", ())
            return unbound_field.bind(form=form, filters=[clean_text, *filters], **options)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if has_request_context():
            g.setdefault("forms_made", []).append(self)


@dataclass(frozen=True)
class SummarizedError:
    """One line of the error summary: what is wrong, where (a label), and the id of the
    element to go to (None when nothing can take the focus: a hidden value, an empty
    group of boxes)."""

    message: str
    label: str | None
    target: str | None


def form_errors_id(form: BaseForm) -> str:
    """The id of the block of a form's own errors (those of no single field)."""
    return f"{form._prefix}erreurs-formulaire"


_NOT_SHOWN = object()


def _target(field: Any, page: str) -> Any:
    """The id to link to for this field's errors, None for a field with nothing to focus
    (a hidden value, an empty group), _NOT_SHOWN for a field the page does not draw."""
    if isinstance(field.widget, HiddenInput):
        return None
    grouped = isinstance(field.widget, ListWidget) or field.type == "RadioField"
    if grouped and not field.choices:
        return None
    # Radio buttons and groups of boxes: the first of them is what can take focus; else
    # the list of the field's errors, when the page draws the inputs apart (the queue).
    for candidate in (f"{field.id}-0" if grouped else field.id, f"{field.id}-erreurs"):
        if f'id="{candidate}"' in page:
            return candidate
    return _NOT_SHOWN


def error_summary(page: str) -> list[SummarizedError]:
    """The errors of this request's forms that `page` (its HTML) shows, in the order of
    each form's fields. A field the page does not draw (another step's, another item's)
    has nothing to say there."""
    found: list[SummarizedError] = []
    for form in g.get("forms_made", ()):
        if form.form_errors and f'id="{form_errors_id(form)}"' in page:
            found += [SummarizedError(str(e), None, form_errors_id(form)) for e in form.form_errors]
        for field in form:
            # Read from each field, not form.errors, which WTForms keeps from its first
            # reading: a view may add an error after that (a name already taken …).
            if not field.errors or (target := _target(field, page)) is _NOT_SHOWN:
                continue
            label = str(field.label.text) if field.label.text else None
            found += [SummarizedError(str(error), label, target) for error in field.errors]
    return found


class Visible:
    """Required, where invisible characters alone (zero-width spaces …) count as empty.

    What every text field that must not be blank uses, instead of DataRequired (for which
    a zero-width space or a Hangul filler is text)."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

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

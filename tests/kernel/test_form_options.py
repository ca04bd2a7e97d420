"""A page of many forms: the options their selects share are written once, each select as
it would have been written alone."""

from __future__ import annotations

from wtforms import SelectChoice, SelectField
from wtforms.validators import InputRequired
from wtforms.widgets import Select

from community.kernel.forms import BaseForm, OptionsOnce

CHOICES = [
    SelectChoice("", "— Choisir —"),
    SelectChoice("a", "Données <personnelles>", optgroup="Motifs"),
    SelectChoice("b", "Hors sujet", optgroup="Motifs"),
]


class Decision(BaseForm):
    reason = SelectField("Motif", choices=CHOICES, widget=OptionsOnce())
    required_reason = SelectField(
        "Motif requis", choices=CHOICES, widget=OptionsOnce(), validators=[InputRequired()]
    )


def _alone(field: SelectField, **kwargs: object) -> str:
    return str(Select()(field, **kwargs))


def test_each_form_of_a_page_writes_its_selects_as_alone_whatever_was_chosen(app):
    with app.test_request_context("/"):
        forms = [Decision(prefix=f"item-{n}", formdata=None) for n in range(3)]
        forms[1].reason.data = "b"  # one sent back with its choice
        written = [str(form.reason(aria_invalid="true")) for form in forms]
        required = [str(form.required_reason()) for form in forms]

        assert written == [_alone(form.reason, aria_invalid="true") for form in forms]
        assert required == [_alone(form.required_reason) for form in forms]
    assert 'id="item-0-reason"' in written[0] and 'name="item-2-reason"' in written[2]
    assert '<option selected value="b">' in written[1] and "selected" not in written[0]
    assert "Données &lt;personnelles&gt;" in written[0] and "required" in required[0]


def test_outside_a_request_a_select_is_written_as_usual(app):
    form = Decision(prefix="seul", formdata=None, meta={"csrf": False})
    assert str(form.reason()) == _alone(form.reason)

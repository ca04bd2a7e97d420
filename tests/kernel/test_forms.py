"""What every form shares: the one rule for text that must not be blank."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField

from community.kernel.forms import BaseForm

# Blank to the eye: Hangul fillers, zero-width characters, a braille blank, spaces.
LOOKS_BLANK = ["\u3164\u3164\u3164", "\u200b\u200d\ufeff", " \u2800 ", "\u115f\u1160"]


def _every_form() -> Iterator[type[BaseForm]]:
    waiting = list(BaseForm.__subclasses__())
    while waiting:
        form = waiting.pop()
        waiting += form.__subclasses__()
        if form.__module__.startswith("community."):  # not the probes below
            yield form


def required_text_fields(app: Flask) -> list[tuple[str, str, UnboundField]]:
    """(form, field, unbound field) for each text field a member must fill in, over every
    form of the app (create_app has imported them all)."""
    found = []
    for form in _every_form():
        for name in dir(form):
            unbound = getattr(form, name)
            if not isinstance(unbound, UnboundField):
                continue
            kind = unbound.field_class
            typed = issubclass(kind, StringField | TextAreaField)
            if not typed or issubclass(kind, PasswordField | HiddenField):
                continue
            validators = unbound.kwargs.get("validators") or ()
            if any(getattr(v, "field_flags", {}).get("required") for v in validators):
                found.append((f"{form.__module__}.{form.__name__}", name, unbound))
    return found


def test_the_walk_finds_the_required_text_fields(app: Flask) -> None:
    names = {(form.rsplit(".", 1)[1], field) for form, field, _ in required_text_fields(app)}
    assert {("RegisterForm", "pseudonym"), ("ThreadForm", "title"), ("NoticeForm", "url")} <= names
    assert ("RegisterForm", "password") not in names  # a password is not text to show


@pytest.mark.parametrize("blank", LOOKS_BLANK, ids=ascii)
def test_every_required_text_field_refuses_what_looks_blank(app: Flask, blank: str) -> None:
    accepted = []
    with app.test_request_context(method="POST"):
        for form_name, name, unbound in required_text_fields(app):
            probe: Any = type("Probe", (BaseForm,), {name: unbound})
            form = probe(formdata=MultiDict({name: blank}), meta={"csrf": False})
            if form[name].validate(form):
                accepted.append(f"{form_name}.{name}")
    assert accepted == []

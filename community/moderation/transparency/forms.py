"""The association's switch that publishes a space's transparency page."""

from __future__ import annotations

from wtforms import HiddenField
from wtforms.validators import AnyOf

from community.kernel.forms import BaseForm


class PublicationForm(BaseForm):
    published = HiddenField(validators=[AnyOf(("0", "1"))])

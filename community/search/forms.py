"""The search form: what a reader typed, where to look, in which order, which page."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Length, ValidationError

from community.kernel.forms import BaseForm
from community.kernel.text import has_visible_text
from community.search.backend import Sort

# The engine reads no more than this; a longer query is refused here, with a reason.
QUERY_MAX = 200

SORTS = {"pertinence": Sort.RELEVANCE, "date": Sort.DATE}


def _page_number(value: Any) -> int:
    """?page=N; anything that is not a positive number means the first page."""
    try:
        number = int(str(value))
    except ValueError:
        return 1
    return number if number > 0 else 1


class SearchForm(BaseForm):
    """Read from the query string; a GET form changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Mots à chercher"),
        validators=[
            Length(
                max=QUERY_MAX,
                message=_l(
                    "Votre recherche est trop longue : %(max)s caractères au plus. "
                    "Gardez les mots les plus importants.",
                    max=QUERY_MAX,
                ),
            )
        ],
        render_kw={"maxlength": QUERY_MAX, "type": "search"},
    )
    # Choices are the reader's readable spaces, set by the view ("" for all of them).
    espace = SelectField(_l("Espace"), choices=[], validate_choice=False, default="")
    tri = SelectField(
        _l("Trier par"),
        choices=[
            SelectChoice("pertinence", _l("pertinence")),
            SelectChoice("date", _l("date, les plus récents d’abord")),
        ],
        validate_choice=False,
        default="pertinence",
    )
    # Not shown: the pagination links carry it.
    page = StringField(default="1")

    readable_slugs: frozenset[str] = frozenset()

    def validate_espace(self, field: SelectField) -> None:
        if field.data and field.data not in self.readable_slugs:
            raise ValidationError(
                _l("Cet espace n’existe pas, ou vous n’y avez pas accès. Cherchez partout.")
            )

    @property
    def text(self) -> str:
        """What was typed, or "" when nothing visible was (spaces, zero-width characters)."""
        typed = (self.q.data or "").strip()
        return typed if has_visible_text(typed) else ""

    @property
    def sort(self) -> Sort:
        # An unknown order is no reason to refuse a search: relevance, the default.
        return SORTS.get(self.tri.data or "", Sort.RELEVANCE)

    @property
    def page_number(self) -> int:
        return _page_number(self.page.data)


def search_form(args: MultiDict[str, str], spaces: list[tuple[str, str]]) -> SearchForm:
    """The form read from a request's query string, offering these (slug, name) spaces."""
    form = SearchForm(formdata=args)
    form.espace.choices = [
        SelectChoice("", _l("Tous les espaces")),
        *(SelectChoice(slug, name) for slug, name in spaces),
    ]
    form.readable_slugs = frozenset(slug for slug, _name in spaces)
    return form

""" "Comment ça marche": how the site works, in easy-to-read words (one idea a line), with
each space's usual wait for a moderator; and the formatting examples every writing form
shows, drawn by the renderer posts go through, so that they show what really happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from community.forums import queries as forum_queries
from community.forums.rendering import render_markdown
from community.kernel.clock import utcnow
from community.kernel.web import request_session
from community.moderation.transparency import waiting

bp = Blueprint("help", __name__)


@dataclass(frozen=True)
class FormattingExample:
    effect: str  # what it does, in plain words
    written: str  # what the member types
    shown: str  # what the others then see: render_markdown's HTML, safe to show


# What to type, and what it does; the typed text is translated too (an English reader
# types English words), and always rendered by render_markdown.
_EXAMPLES = (
    (_l("Mettre des mots en gras : deux étoiles de chaque côté."), _l("**très important**")),
    (_l("Mettre des mots en italique : une étoile de chaque côté."), _l("*un peu*")),
    (
        _l("Faire une liste : un tiret et une espace au début de chaque ligne."),
        _l("- le matin\n- le soir"),
    ),
    (
        _l("Faire une liste numérotée : un chiffre et un point au début de chaque ligne."),
        _l("1. Je mesure.\n2. Je note."),
    ),
    (
        _l("Citer quelqu’un : le signe > au début de la ligne."),
        _l("> Bougez un peu chaque jour."),
    ),
    (
        _l("Changer de paragraphe : laisser une ligne vide."),
        _l("Bonjour à tous.\n\nJe suis nouvelle ici."),
    ),
    (
        _l("Mettre un lien : le texte entre crochets, puis l’adresse entre parenthèses."),
        _l("[Le site de l’association](https://www.example.org)"),
    ),
    (_l("Ou bien l’adresse toute seule."), "https://www.example.org"),
)


@bp.app_template_global()
def formatting_examples() -> tuple[FormattingExample, ...]:
    """The formatting examples, in the reader's language."""
    return _rendered_examples(str(get_locale() or "fr"))


@lru_cache(maxsize=8)
def _rendered_examples(_locale: str) -> tuple[FormattingExample, ...]:
    # Cached per language: the thread page shows them beside its reply form.
    return tuple(
        FormattingExample(str(effect), str(written), render_markdown(str(written)))
        for effect, written in _EXAMPLES
    )


@bp.app_template_global()
def help_url(space_slug: str | None = None, section: str | None = None) -> str:
    """The help page's address, about this space's moderation when one is given."""
    return url_for("help.how_it_works", espace=space_slug, _anchor=section)


@bp.get("/comment-ca-marche")
def how_it_works() -> str:
    """The page, open to everyone. `?espace=slug` says first how long that space's posts
    usually wait (the writing form and the first "en attente" notice link to it so)."""
    session = request_session()
    spaces = [
        space for space, _joined in forum_queries.spaces_with_membership(session, member=None)
    ]
    waits = waiting.usual_waits(
        session,
        space_ids=[space.id for space in spaces],
        today=utcnow().date(),
        minimum=int(current_app.config["TRANSPARENCY_MIN_COUNT"]),
    )
    chosen = next((space for space in spaces if space.slug == request.args.get("espace")), None)
    return render_template(
        "help/how_it_works.html",
        spaces=spaces,
        waits=waits,
        chosen=chosen,
        wait_months=waiting.MONTHS,
    )

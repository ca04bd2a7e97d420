"""The search page: a query, the spaces it may look in, and the posts its reader may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, current_app, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.wrappers import Response

from community.extensions import limiter
from community.forums.models import Space
from community.kernel.pagination import page_count
from community.kernel.web import member_or_address, request_session, viewer
from community.search import queries
from community.search.backend import QueryError, SearchPage, SearchQuery, backend
from community.search.forms import SearchForm, search_form
from community.search.text import plain_text

bp = Blueprint("search", __name__)

# Deeper pages cost the engine more (it ranks page × per_page hits) and nobody reads
# them: past this, a reader is better served by more precise words.
MAX_PAGE = 50

# Why the engine refused a query (QueryError.code), in the reader's words.
QUERY_ERROR_FALLBACK = _l(
    "Cette recherche n’a pas pu être comprise. Essayez avec des mots simples, "
    "sans guillemets, parenthèses ni symboles."
)
QUERY_ERRORS = {
    "empty": _l("Tapez un ou plusieurs mots à chercher."),
    "syntax": QUERY_ERROR_FALLBACK,
    "too_long": _l("Votre recherche est trop longue. Gardez les mots les plus importants."),
    "stop_words": _l(
        "Ces mots sont trop courants pour être cherchés seuls (« le », « de », « et »…). "
        "Ajoutez un mot plus précis."
    ),
}


@dataclass
class Outcome:
    """What the page shows: nothing yet, a refusal, or one page of results."""

    status: int = 200
    error: str | None = None
    found: SearchPage | None = None
    hits: list[queries.Hit] = field(default_factory=list)
    snippets: dict[int, Markup] = field(default_factory=dict)
    number: int = 1
    last_page: int = 1

    @property
    def total(self) -> int:
        """The engine's count, less the hits of this page the reader may not see: an index
        a moment behind a withdrawal must not count what it no longer shows."""
        if self.found is None:
            return 0
        return max(0, self.found.total - (len(self.found.post_ids) - len(self.hits)))


def _search_limit() -> str:
    return str(current_app.config["RATELIMIT_SEARCH"])


@bp.get("/recherche")
@limiter.limit(_search_limit, key_func=member_or_address)
def results() -> Response:
    spaces = queries.readable_spaces(request_session(), member=viewer())
    form = search_form(request.args, [(space.slug, space.name) for space in spaces])
    outcome = _search(form, spaces)
    page = render_template("search/results.html", form=form, outcome=outcome)
    return make_response(page, outcome.status)


@bp.after_request
def not_for_search_engines(response: Response) -> Response:
    """Result pages (and their errors) are thin, ever-changing content: no engine lists them."""
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _search(form: SearchForm, spaces: list[Space]) -> Outcome:
    if not form.text:
        return Outcome()  # the first visit, or nothing visible typed: the page explains
    if not form.validate():
        return Outcome(status=400)  # the fields say why
    number = form.page_number
    if number > MAX_PAGE:
        abort(404)
    space_ids = frozenset(
        space.id for space in spaces if not form.espace.data or space.slug == form.espace.data
    )
    if not space_ids:  # no space this reader may read: nothing to find
        return Outcome(found=SearchPage(post_ids=(), total=0))
    per_page = current_app.config["SEARCH_PER_PAGE"]
    try:
        found = backend().search(
            SearchQuery(
                text=form.text,
                space_ids=space_ids,
                sort=form.sort,
                page=number,
                per_page=per_page,
            )
        )
    except QueryError as error:
        message = str(QUERY_ERRORS.get(error.code, QUERY_ERROR_FALLBACK))
        form.q.errors.append(message)  # under the box, and in the page's error summary
        return Outcome(status=400, error=message)
    if number > 1 and not found.post_ids:
        abort(404)  # past the last page
    hits = queries.visible_hits(
        request_session(),
        post_ids=found.post_ids,
        space_ids=space_ids,
        per_page=_posts_per_page(),
        reader=viewer(),
    )
    excerpts = backend().snippets(form.text, [plain_text(hit.post.body_html) for hit in hits])
    snippets = {hit.post.id: excerpt for hit, excerpt in zip(hits, excerpts, strict=True)}
    last_page = max(number, min(MAX_PAGE, page_count(found.total, per_page)))
    if not found.total_is_exact and len(found.post_ids) < per_page:
        last_page = number  # an estimate may promise pages that a short page disproves
    return Outcome(found=found, hits=hits, snippets=snippets, number=number, last_page=last_page)


def _posts_per_page() -> int:
    """The thread page's length: a hit links to the page of its thread it is on."""
    return int(current_app.config["POSTS_PER_PAGE"])

"""Data cards: build, preview, consent, list, withdraw; and who saw them."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from community.accounts.models import Member
from community.forums.models import Space
from community.kernel.web import private_page_headers, request_session, safe_next_url
from community.permissions import Action, Role, require
from community.selfdata import access_log, card_queries, cards
from community.selfdata.card_forms import (
    AUDIENCE_LABELS,
    CardForm,
    ConfirmForm,
    ConsentForm,
    card_form,
    consent_form,
)
from community.selfdata.charts import present
from community.selfdata.models import CardAudience
from community.selfdata.records import SERIES

bp = Blueprint("cards", __name__, url_prefix="/donnees/cartes")

INVALID = 400
VIEWS_PER_PAGE = 50

# What a viewer was to the space when they saw the card.
ROLE_LABELS = {
    Role.ANONYMOUS.value: _l("visiteur non connecté"),
    Role.SUSPENDED.value: _l("membre suspendu"),
    Role.MEMBER.value: _l("membre du site"),
    Role.SPACE_MEMBER.value: _l("membre de l’espace"),
    Role.SPACE_MODERATOR.value: _l("modérateur de l’espace"),
    Role.ASSOCIATION_ADMIN.value: _l("administrateur de l’association"),
    Role.SITE_ADMIN.value: _l("administrateur du site"),
}


# A member's own cards and who saw them: never cached, never indexed.
bp.after_request(private_page_headers)


def _me() -> Member:
    require(Action.USE_ACCOUNT)
    member: Member = current_user._get_current_object()
    return member


def _choices(me: Member) -> tuple[dict[int, Space], list[tuple[int, str]], list[tuple[str, str]]]:
    spaces = {space.id: space for space in card_queries.spaces_of(request_session(), member=me)}
    series = [
        (key, str(SERIES[key].label))
        for key in card_queries.series_in_vault(request_session(), owner=me)
        if key in SERIES
    ]
    return spaces, [(s.id, s.name) for s in spaces.values()], series


def _back(form: CardForm) -> str | None:
    """The writing form the member came from, if any and on this site."""
    return safe_next_url(form.retour.data, "") or None


def _new_page(form: CardForm, has_spaces: bool) -> str:
    return render_template(
        "selfdata/card_new.html", form=form, has_spaces=has_spaces, back=_back(form)
    )


def _preview_page(form: CardForm, spaces: dict[int, Space], me: Member, status: int = 200) -> Any:
    """The card as others will see it, with the consent form carrying the request back."""
    space = spaces[form.space.data]
    result = cards.preview(request_session(), owner=me, space=space, request=form.request())
    return render_template(
        "selfdata/card_preview.html",
        form=form,
        space=space,
        presentation=present(result.snapshot) if result.snapshot else None,
        result=result,
        back=_back(form),
    ), status


@bp.get("/")
def index() -> str:
    me = _me()
    return render_template(
        "selfdata/cards.html",
        cards=card_queries.own_cards(request_session(), owner=me),
        audience_labels=AUDIENCE_LABELS,
    )


@bp.get("/nouvelle")
def new() -> str:
    me = _me()
    spaces, space_choices, series = _choices(me)
    form = card_form(spaces=space_choices, series=series, today=cards.local_today())
    # Come from a writing form: built for its space, and back to it once made.
    form.retour.data = request.args.get("retour", "")
    if (wanted := request.args.get("espace", type=int)) in spaces:
        form.space.data = wanted
    return _new_page(form, bool(space_choices))


@bp.post("/apercu")
def preview() -> Any:
    me = _me()
    spaces, space_choices, series = _choices(me)
    form = card_form(spaces=space_choices, series=series, today=cards.local_today())
    if not form.validate_on_submit():
        return _new_page(form, bool(space_choices)), INVALID
    consent: ConsentForm = consent_form(spaces=space_choices, series=series)
    return _preview_page(consent, spaces, me)


@bp.post("/creer")
def create() -> Any:
    me = _me()
    spaces, space_choices, series = _choices(me)
    form = consent_form(spaces=space_choices, series=series)
    if not form.validate_on_submit():
        if form.space.data in spaces and not (
            form.space.errors or form.start.errors or form.end.errors or form.series.errors
        ):
            return _preview_page(form, spaces, me, INVALID)
        return _new_page(form, bool(space_choices)), INVALID
    space = spaces[form.space.data]
    try:
        card = cards.create_card(
            request_session(),
            owner=me,
            space=space,
            request=form.request(),
            audience=CardAudience(form.audience.data),
        )
    except cards.CardError as error:
        request_session().rollback()
        if error.code == "refused":
            return _preview_page(form, spaces, me, INVALID)
        form.form_errors.append(_("Vous ne pouvez pas publier dans cet espace pour le moment."))
        return _new_page(form, bool(space_choices)), INVALID
    name, card_id, back = space.name, card.id, _back(form)
    request_session().commit()
    if back is not None:
        flash(
            _(
                "Votre carte est prête et choisie pour votre message, qui n’est pas encore "
                "envoyé. Relisez-le, puis envoyez-le : la carte sera relue avec lui."
            ),
            "success",
        )
        return redirect(f"{back}{'&' if '?' in back else '?'}carte={card_id}")
    flash(
        _(
            "Votre carte est prête. Pour la joindre à un message, écrivez une nouvelle "
            "discussion ou une réponse dans « %(space)s » et choisissez-la sous "
            "« Carte de données ». Elle sera relue avec votre message.",
            space=name,
        ),
        "success",
    )
    return redirect(url_for(".index"))


@bp.route("/<int:card_id>/retirer", methods=["GET", "POST"])
def withdraw(card_id: int) -> Any:
    me = _me()
    card = card_queries.own_card(request_session(), owner=me, card_id=card_id)
    if card is None:
        abort(404)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        cards.withdraw_card(request_session(), owner=me, card=card)
        request_session().commit()
        flash(_("Votre carte est retirée : elle n’existe plus, nulle part."), "success")
        return redirect(url_for(".index"))
    return render_template("selfdata/card_withdraw.html", card=card, form=form)


@bp.route("/retirer-tout", methods=["GET", "POST"])
def withdraw_all() -> Any:
    me = _me()
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        count = cards.withdraw_all(request_session(), owner=me)
        request_session().commit()
        flash(_("Cartes retirées : %(count)d.", count=count), "success")
        return redirect(url_for(".index"))
    return render_template("selfdata/card_withdraw.html", card=None, form=form)


@bp.get("/qui-a-vu")
def views_log() -> str:
    me = _me()
    number = request.args.get("page", 1, type=int)
    number = number if number and number > 0 else 1
    page = access_log.views_for(request_session(), owner=me, number=number, per_page=VIEWS_PER_PAGE)
    if number > page.count:
        abort(404)
    return render_template(
        "selfdata/views_log.html",
        page=page,
        posts=access_log.posts_of(request_session(), page.items),
        role_labels=ROLE_LABELS,
        days=int(current_app.config["SELFDATA_VIEW_LOG_DAYS"]),
    )

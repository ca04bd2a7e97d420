"""A space's moderation policy pages: thresholds, watched words, trusted members, calibration."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from community.accounts.models import Member
from community.extensions import db
from community.forums import queries as forum_queries
from community.forums.models import Space
from community.kernel.clock import utcnow
from community.kernel.forms import BaseForm
from community.moderation.model.scorers import LABELS
from community.moderation.policy import calibration as calibrating
from community.moderation.policy import reliability
from community.moderation.policy import score_calibration as fitting
from community.moderation.policy import services as policy
from community.moderation.policy.forms import (
    WATCH_ACTIONS,
    WORD_ERRORS,
    PolicyForm,
    TrustForm,
    WatchedWordForm,
    threshold_fields,
)
from community.moderation.scoring.detectors import LABEL_NAMES
from community.permissions import Action, SpaceContext, can, require

bp = Blueprint("policy", __name__, url_prefix="/moderation/espaces")

INVALID = 400
Page = str | tuple[str, int] | Response


def _me() -> Member:
    return current_user._get_current_object()


def _load(slug: str) -> tuple[Space, SpaceContext]:
    session = db.session()
    space = forum_queries.space_by_slug(session, slug=slug)
    if space is None:
        abort(404)
    member = _me() if current_user.is_authenticated else None
    return space, forum_queries.space_context(session, member=member, space=space)


def _require_reader(space: Space, ctx: SpaceContext) -> None:
    """The policy is set by the association and the site admins; moderators read it."""
    if not can(Action.MODERATE_SPACE, space=space, space_ctx=ctx):
        require(Action.EDIT_SPACE, space=space, space_ctx=ctx)


def _default_threshold() -> float:
    return float(current_app.config["MODERATION_DEFAULT_THRESHOLD"])


def _min_decisions() -> int:
    return int(current_app.config["MODERATION_CALIBRATION_MIN_DECISIONS"])


# --- thresholds and the switch ----------------------------------------------------------


def _policy_page(
    space: Space, ctx: SpaceContext, form: PolicyForm | None, status: int = 200
) -> Page:
    session = db.session()
    saved = policy.policy_of(session, space=space)
    thresholds = policy.thresholds_of(saved, default=_default_threshold())
    fitted = fitting.has_fit(session, space=space)
    if form is None:
        form = PolicyForm(formdata=None)
        for label in LABELS:
            # As the reader writes numbers: "0,50" in French.
            form[f"threshold_{label}"].data = format_decimal(thresholds[label], format="0.00")
        form.auto_publish_trusted.data = bool(saved and saved.auto_publish_trusted)
        form.use_calibrated_risk.data = bool(saved and saved.use_calibrated_risk)
    if not fitted:
        # Nothing to order by yet: the box shows what is saved and cannot be changed.
        form.use_calibrated_risk.data = bool(saved and saved.use_calibrated_risk)
        form.use_calibrated_risk.render_kw = {"disabled": True}
    return (
        render_template(
            "moderation/policy.html",
            space=space,
            form=form,
            fields=threshold_fields(form),
            saved=saved,
            editable=can(Action.EDIT_SPACE, space=space, space_ctx=ctx),
            moderates=can(Action.MODERATE_SPACE, space=space, space_ctx=ctx),
            default=_default_threshold(),
            fitted=fitted,
            min_decisions=_min_decisions(),
        ),
        status,
    )


@bp.route("/<slug>/politique", methods=["GET", "POST"])
def policy_page(slug: str) -> Page:
    space, ctx = _load(slug)
    if request.method == "GET":
        _require_reader(space, ctx)
        return _policy_page(space, ctx, None)
    require(Action.EDIT_SPACE, space=space, space_ctx=ctx)
    form = PolicyForm()
    if not form.validate():
        return _policy_page(space, ctx, form, INVALID)
    policy.save_policy(
        db.session(),
        actor=_me(),
        space=space,
        thresholds={label: form[f"threshold_{label}"].data for label in LABELS},
        auto_publish_trusted=form.auto_publish_trusted.data,
        # A disabled box is never sent: without a calibration, what was saved stays.
        use_calibrated_risk=(
            form.use_calibrated_risk.data if fitting.has_fit(db.session(), space=space) else None
        ),
    )
    db.session.commit()
    flash(_("La politique de modération de l’espace est enregistrée."), "success")
    return redirect(url_for(".policy_page", slug=space.slug))


# --- watched words ----------------------------------------------------------------------


def _words_page(space: Space, ctx: SpaceContext, form: WatchedWordForm, status: int = 200) -> Page:
    return (
        render_template(
            "moderation/watched_words.html",
            space=space,
            form=form,
            words=policy.watched_words(db.session(), space=space),
            editable=can(Action.EDIT_SPACE, space=space, space_ctx=ctx),
            action_names=WATCH_ACTIONS,
        ),
        status,
    )


@bp.route("/<slug>/mots-surveilles", methods=["GET", "POST"])
def watched_words(slug: str) -> Page:
    space, ctx = _load(slug)
    if request.method == "GET":
        _require_reader(space, ctx)
        return _words_page(space, ctx, WatchedWordForm(formdata=None))
    require(Action.EDIT_SPACE, space=space, space_ctx=ctx)
    form = WatchedWordForm()
    if not form.validate():
        return _words_page(space, ctx, form, INVALID)
    session = db.session()
    try:
        watched = policy.add_watched_word(
            session, actor=_me(), space=space, word=form.word.data, action=form.action.data
        )
        session.commit()
    except (policy.PolicyError, IntegrityError) as error:
        session.rollback()
        code = error.code if isinstance(error, policy.PolicyError) else "duplicate"
        if code == "duplicate":
            message = _("« %(word)s » est déjà surveillé dans cet espace.", word=form.word.data)
        else:
            message = str(WORD_ERRORS.get(code, WORD_ERRORS["empty"]))
        form.word.errors = [message]
        return _words_page(space, ctx, form, INVALID)
    flash(_("« %(word)s » est maintenant surveillé dans cet espace.", word=watched.word), "success")
    return redirect(url_for(".watched_words", slug=space.slug))


@bp.route("/<slug>/mots-surveilles/<int:word_id>/retirer", methods=["POST"])
def remove_word(slug: str, word_id: int) -> Response:
    space, ctx = _load(slug)
    require(Action.EDIT_SPACE, space=space, space_ctx=ctx)
    if not BaseForm().validate():
        abort(400)
    if policy.remove_watched_word(db.session(), actor=_me(), space=space, word_id=word_id):
        db.session.commit()
        flash(_("Ce mot n’est plus surveillé."), "success")
    else:
        flash(_("Ce mot n’était déjà plus surveillé."), "info")
    return redirect(url_for(".watched_words", slug=space.slug))


# --- trusted members --------------------------------------------------------------------


@bp.route("/<slug>/membres-de-confiance")
def trusted(slug: str) -> Page:
    space, ctx = _load(slug)
    require(Action.MODERATE_SPACE, space=space, space_ctx=ctx)
    number = request.args.get("page", 1, type=int) or 1
    session = db.session()
    saved = policy.policy_of(session, space=space)
    return render_template(
        "moderation/trusted.html",
        space=space,
        page=policy.space_members(session, space=space, number=number),
        auto_publish=bool(saved and saved.auto_publish_trusted),
        form=TrustForm(formdata=None),
    )


@bp.route("/<slug>/membres-de-confiance/<int:member_id>", methods=["POST"])
def set_trusted(slug: str, member_id: int) -> Response:
    space, ctx = _load(slug)
    require(Action.MODERATE_SPACE, space=space, space_ctx=ctx)
    form = TrustForm()
    if not form.validate():
        abort(400)
    session = db.session()
    trusted = form.trusted.data == "1"
    try:
        membership = policy.set_trusted(
            session, actor=_me(), space=space, member_id=member_id, trusted=trusted
        )
    except policy.PolicyError:
        abort(404)
    pseudonym = session.get(Member, membership.member_id).pseudonym  # type: ignore[union-attr]
    session.commit()
    if trusted:
        flash(
            _("%(pseudonym)s est membre de confiance de l’espace.", pseudonym=pseudonym), "success"
        )
    else:
        flash(
            _("%(pseudonym)s n’est plus membre de confiance de l’espace.", pseudonym=pseudonym),
            "success",
        )
    page = request.args.get("page", 1, type=int)
    return redirect(url_for(".trusted", slug=space.slug, page=page if page and page > 1 else None))


# --- calibration ------------------------------------------------------------------------


@bp.route("/<slug>/calibration")
def calibration(slug: str) -> Page:
    space, ctx = _load(slug)
    require(Action.EDIT_SPACE, space=space, space_ctx=ctx)
    session = db.session()
    thresholds = policy.thresholds_of(
        policy.policy_of(session, space=space), default=_default_threshold()
    )
    figures = calibrating.space_calibration(session, space=space, thresholds=thresholds)
    fits = fitting.space_fits(session, space=space)
    minimum = _min_decisions()
    return render_template(
        "moderation/calibration.html",
        space=space,
        figures=figures,
        label_names=LABEL_NAMES,
        recent_days=calibrating.RECENT_DAYS,
        charts=reliability.charts(figures.pairs, fits),
        reaching={label: fitting.score_reaching(fit.knots) for label, fit in fits.items()},
        fitted_at=min((fit.fitted_at for fit in fits.values()), default=None),
        scored=len(figures.pairs),
        min_decisions=minimum,
        missing=max(minimum - len(figures.pairs), 0),
        refit_behind=fitting.REFIT_BEHIND,
        form=BaseForm(formdata=None),
    )


@bp.route("/<slug>/calibration/recalculer", methods=["POST"])
def refit_calibration(slug: str) -> Response:
    space, ctx = _load(slug)
    require(Action.EDIT_SPACE, space=space, space_ctx=ctx)
    if not BaseForm().validate():
        abort(400)
    session = db.session()
    minimum = _min_decisions()
    try:
        fits = fitting.refit_space(session, space=space, now=utcnow(), min_decisions=minimum)
        session.commit()
    except IntegrityError:
        # The worker refitted the same space at the same moment: its fit is as fresh.
        session.rollback()
        flash(_("La calibration vient d’être recalculée par ailleurs."), "info")
        return redirect(url_for(".calibration", slug=space.slug))
    if fits:
        flash(
            ngettext(
                "Calibration recalculée pour %(num)d catégorie.",
                "Calibration recalculée pour %(num)d catégories.",
                len(fits),
            ),
            "success",
        )
    else:
        flash(
            _(
                "Rien à calculer : il faut au moins %(min)d décisions notées dans l’espace.",
                min=minimum,
            ),
            "info",
        )
    return redirect(url_for(".calibration", slug=space.slug))

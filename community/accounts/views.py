"""Account pages: register, log in and out, account, password reset, profiles, charter."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

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
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as BaseResponse

from community.accounts import services
from community.accounts.forms import (
    PSEUDONYM_MESSAGES,
    ChangePasswordForm,
    DeleteAccountForm,
    EmailNotificationsForm,
    LocaleForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from community.accounts.models import Member
from community.extensions import db, limiter
from community.kernel import outbox
from community.kernel.urls import external_url
from community.kernel.web import safe_next_url
from community.permissions import Action, require

bp = Blueprint("accounts", __name__)
# Services take a plain Session: db.session() is the one behind Flask-SQLAlchemy's proxy.

LANG_COOKIE_MAX_AGE = 60 * 60 * 24 * 365
P = ParamSpec("P")
R = TypeVar("R")


def _limit(setting: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Limit a view's POSTs by the rate named in this setting (read per request)."""
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


def _home() -> str:
    return url_for("forums.index")


def _set_lang_cookie(response: BaseResponse, code: str) -> None:
    response.set_cookie(
        "lang",
        code,
        max_age=LANG_COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )


def _send(to: Member | str, subject: object, template: str, locale: str, **context: object) -> None:
    """Write one e-mail in the reader's language, for the worker to send after the commit
    (kernel.outbox): the request never waits on the mail server, and a failing one
    changes nothing the visitor sees. The caller commits."""
    address = to.email if isinstance(to, Member) else to
    with force_locale(locale):
        outbox.enqueue(
            db.session(),
            to=address,
            subject=str(subject),
            body=render_template(template, **context),
        )


# --- Registration -----------------------------------------------------------------


@bp.route("/inscription", methods=["GET", "POST"])
@_limit("RATELIMIT_REGISTER")
def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(_home())
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = _current_locale()
    if not form.validate_on_submit():
        return render_template("accounts/register.html", form=form)
    try:
        member = services.create_member(
            db.session(),
            pseudonym=form.pseudonym.data,
            email=form.email.data,
            password=form.password.data,
            locale=form.locale.data,
        )
    except services.AccountError as error:
        db.session.rollback()
        if error.code == "pseudonym_taken":
            form.pseudonym.errors.append(PSEUDONYM_MESSAGES["taken"])
            return render_template("accounts/register.html", form=form)
        # The e-mail is taken: answer exactly as for a new account, and tell its owner.
        owner = services.find_by_email(db.session(), form.email.data)
        _send(
            owner or form.email.data,
            _l("Tentative d’inscription avec votre adresse"),
            "accounts/mail_register_taken.txt",
            owner.locale if owner else form.locale.data,
            login_url=external_url("accounts.login"),
            reset_url=external_url("accounts.reset_request"),
        )
        db.session.commit()
        return _registered_response(form.locale.data)
    except IntegrityError:
        # Someone registered the same pseudonym or e-mail in the same instant.
        db.session.rollback()
        form.form_errors.append(_("Ce compte n’a pas pu être créé. Réessayez."))
        return render_template("accounts/register.html", form=form)
    _send(
        member,
        _l("Bienvenue dans la communauté"),
        "accounts/mail_welcome.txt",
        member.locale,
        member=member,
        charter_url=external_url("accounts.charter"),
    )
    db.session.commit()
    login_user(member)
    return _registered_response(member.locale)


def _registered_response(locale: str) -> BaseResponse:
    flash(
        _(
            "Votre inscription est enregistrée. "
            "Nous vous avons envoyé un e-mail à l’adresse indiquée."
        ),
        "success",
    )
    response = redirect(_home())
    _set_lang_cookie(response, locale)
    return response


def _current_locale() -> str:
    return str(get_locale() or "fr")


# --- Log in and out ---------------------------------------------------------------


@bp.route("/connexion", methods=["GET", "POST"])
@_limit("RATELIMIT_LOGIN")
def login() -> ResponseReturnValue:
    # "" when `next` is missing or leads off the site.
    next_target = safe_next_url(request.args.get("next"), "")
    next_url = next_target or _home()
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        member = services.authenticate(
            db.session(), login=form.login.data, password=form.password.data
        )
        if member is not None:
            db.session.commit()  # a rehashed password is kept
            login_user(member, remember=form.remember.data)
            return redirect(next_url)
        form.form_errors.append(_("Pseudonyme, adresse e-mail ou mot de passe incorrect."))
    return render_template("accounts/login.html", form=form, next=next_target or None)


@bp.route("/deconnexion", methods=["POST"])
def logout() -> BaseResponse:
    logout_user()
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(_home())


# --- Account ----------------------------------------------------------------------


def _account_page(
    locale_form: LocaleForm | None = None, password_form: ChangePasswordForm | None = None
) -> str:
    if locale_form is None:
        locale_form = LocaleForm(prefix="langue", locale=current_user.locale)
    if password_form is None:
        password_form = ChangePasswordForm(prefix="mdp", formdata=None)
    email_form = EmailNotificationsForm(
        prefix="courriel", formdata=None, notify_by_email=current_user.notify_by_email
    )
    return render_template(
        "accounts/account.html",
        locale_form=locale_form,
        password_form=password_form,
        email_form=email_form,
        site_sends_email=current_app.config["NOTIFICATIONS_BY_EMAIL"],
    )


@bp.route("/compte")
def account() -> str:
    require(Action.USE_ACCOUNT)
    return _account_page()


@bp.route("/compte/langue", methods=["POST"])
def account_locale() -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    form = LocaleForm(prefix="langue")
    if not form.validate_on_submit():
        return _account_page(locale_form=form)
    services.set_locale(db.session(), member=current_user, locale=form.locale.data)
    db.session.commit()
    flash(_("Votre langue est enregistrée."), "success")
    response = redirect(url_for("accounts.account"))
    _set_lang_cookie(response, form.locale.data)
    return response


@bp.route("/compte/mot-de-passe", methods=["POST"])
def account_password() -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    form = ChangePasswordForm(prefix="mdp")
    if not form.validate_on_submit():
        return _account_page(password_form=form)
    member = current_user._get_current_object()  # the Member, not the proxy
    try:
        services.change_password(
            db.session(),
            member=member,
            current_password=form.current_password.data,
            new_password=form.password.data,
        )
    except services.AccountError:
        form.current_password.errors.append(_("Ce n’est pas votre mot de passe actuel."))
        return _account_page(password_form=form)
    db.session.commit()
    # The session holds a fragment of the old hash (Member.get_id): renew this one,
    # while every other session and remember-me cookie ends.
    login_user(member)
    flash(_("Votre mot de passe est changé. Vos autres sessions sont fermées."), "success")
    return redirect(url_for("accounts.account"))


@bp.route("/compte/supprimer", methods=["GET", "POST"])
@_limit("RATELIMIT_LOGIN")  # the password is checked here too
def delete_account() -> ResponseReturnValue:
    require(Action.USE_ACCOUNT)
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/delete.html", form=form), status
    member = current_user._get_current_object()
    try:
        services.delete_account(
            db.session(),
            member=member,
            password=form.password.data,
            withdraw_posts=form.posts.data == "withdraw",
        )
    except services.AccountError:
        db.session.rollback()
        form.password.errors.append(_("Ce n’est pas votre mot de passe."))
        return render_template("accounts/delete.html", form=form), 400
    db.session.commit()
    logout_user()
    flash(
        _("Votre compte est supprimé. Merci d’avoir participé, et prenez soin de vous."),
        "success",
    )
    return redirect(_home())


# --- Password reset ---------------------------------------------------------------


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@_limit("RATELIMIT_PASSWORD_RESET")
def reset_request() -> ResponseReturnValue:
    form = ResetRequestForm()
    if not form.validate_on_submit():
        return render_template("accounts/reset_request.html", form=form)
    member = services.find_by_email(db.session(), form.email.data)
    if member is not None and member.is_active:
        token = services.make_reset_token(member)
        _send(
            member,
            _l("Choisir un nouveau mot de passe"),
            "accounts/mail_reset.txt",
            member.locale,
            member=member,
            reset_url=external_url("accounts.reset_password", token=token),
            minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
        )
        db.session.commit()
    # The same answer whether or not the address belongs to a member.
    flash(
        _(
            "Si cette adresse correspond à un compte, un e-mail vient d’être envoyé. "
            "Il contient un lien pour choisir un nouveau mot de passe."
        ),
        "info",
    )
    return redirect(url_for("accounts.login"))


@bp.route("/mot-de-passe-oublie/<token>", methods=["GET", "POST"])
@_limit("RATELIMIT_PASSWORD_RESET")
def reset_password(token: str) -> ResponseReturnValue:
    member = services.member_from_reset_token(db.session(), token=token)
    if member is None:
        return render_template("accounts/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/reset_password.html", form=form, token=token)
    services.set_password(db.session(), member=member, password=form.password.data)
    db.session.commit()
    logout_user()
    flash(_("Votre mot de passe est changé. Vous pouvez vous connecter."), "success")
    return redirect(url_for("accounts.login"))


# --- Public pages -----------------------------------------------------------------


@bp.route("/membres/<pseudonym>")
def profile(pseudonym: str) -> str:
    require(Action.READ_SITE)
    member = services.public_member(db.session(), pseudonym=pseudonym)
    if member is None:
        abort(404)
    return render_template("accounts/profile.html", member=member)


@bp.route("/charte")
def charter() -> str:
    return render_template("accounts/charter.html")


@bp.route("/confidentialite")
def privacy() -> str:
    return render_template("accounts/privacy.html")


@bp.route("/langue/<code>")
def set_language(code: str) -> BaseResponse:
    response = redirect(safe_next_url(request.args.get("next"), _home()))
    if code in current_app.config["LANGUAGES"]:
        _set_lang_cookie(response, code)
        if current_user.is_authenticated:
            services.set_locale(db.session(), member=current_user, locale=code)
            db.session.commit()
    return response

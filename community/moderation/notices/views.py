"""The public "signaler un contenu illicite" page: open to anyone, logged in or not."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response

from community.extensions import db, limiter
from community.forums import queries as forum_queries
from community.forums.models import Post, PostStatus
from community.kernel.urls import thread_url
from community.kernel.web import member_or_address, viewer
from community.moderation.notices import guard
from community.moderation.notices import services as notices
from community.moderation.notices.forms import NoticeForm
from community.permissions import Action, can, require

bp = Blueprint("notices", __name__)

NOT_A_POST = _l(
    "Cette adresse ne désigne pas un message publié de ce site. Ouvrez le message, "
    "copiez l’adresse de la page et collez-la ici."
)
# A person can do something about each of these; nothing is stored.
ERRORS = {
    "too_fresh": _l(
        "Vous avez envoyé le formulaire très vite. Relisez-le, puis envoyez-le de nouveau."
    ),
    "expired": _l(
        "Ce formulaire a expiré. Vérifiez ce que vous avez écrit, puis envoyez-le de nouveau."
    ),
    "honeypot": _l(
        "Laissez vide le champ « Ne remplissez pas ce champ », puis envoyez de nouveau."
    ),
    "already_sent": _l(
        "Vous avez déjà signalé ce message. Vous recevrez la décision des modérateurs par e-mail."
    ),
    "too_many_open": _l(
        "Vos signalements précédents attendent encore une décision. Vous pourrez en envoyer "
        "d’autres quand les modérateurs les auront examinés."
    ),
    "unknown_category": _l("Choisissez le type de contenu illicite."),
    "no_text": _l("Expliquez pourquoi ce contenu est illicite."),
    "text_too_long": _l("Votre explication est trop longue."),
    "not_published": NOT_A_POST,
}
_MESSAGE_ANCHOR = re.compile(r"message-(\d{1,18})")


def _notices_limit() -> str:
    return str(current_app.config["RATELIMIT_NOTICES"])


def _site_hosts() -> set[str]:
    hosts = {request.host.lower()}
    configured = current_app.config.get("SITE_URL")
    if configured:
        hosts.add(urlsplit(str(configured)).netloc.lower())
    return hosts


def _post_named(address: str) -> Post | None:
    """The published post a pasted address of this site names, if the reader may read it:
    a thread's address names its opening post, or the reply its #message-N anchor names."""
    address = (address or "").strip()
    if "://" not in address and not address.startswith("/"):
        address = "//" + address  # "exemple.fr/discussions/3", typed without https://
    try:
        parts = urlsplit(address)
        if parts.scheme not in ("", "http", "https"):
            return None
        # A path alone ("/discussions/3") is of this site; a host must be this site's.
        if (parts.netloc or parts.scheme) and parts.netloc.lower() not in _site_hosts():
            return None
        endpoint, args = current_app.url_map.bind(request.host).match(parts.path, method="GET")
    except (ValueError, HTTPException, RequestRedirect):
        return None
    session = db.session()
    if endpoint == "threads.thread":
        thread = forum_queries.thread_by_id(session, thread_id=args["thread_id"])
        anchor = _MESSAGE_ANCHOR.fullmatch(parts.fragment)
        if thread is None:
            return None
        post_id = (
            int(anchor.group(1))
            if anchor
            else forum_queries.opening_post_id(session, thread=thread)
        )
    elif endpoint == "notices.notify":
        given = parse_qs(parts.query).get("message", [""])[0]
        post_id = int(given) if given.isdigit() else None
    else:
        return None
    post = forum_queries.post_by_id(session, post_id=post_id) if post_id else None
    if post is None or post.status is not PostStatus.PUBLISHED:
        return None
    if endpoint == "threads.thread" and post.thread_id != args["thread_id"]:
        return None
    return post if _readable(post) else None


def _readable(post: Post) -> bool:
    thread = post.thread
    member = viewer()
    if not forum_queries.thread_visible_to(thread, member):
        return False
    ctx = forum_queries.space_context(db.session(), member=member, space=thread.space)
    return can(Action.READ_SPACE, space=thread.space, space_ctx=ctx)


def _page(form: NoticeForm, post: Post | None, status: int = 200) -> tuple[str, int]:
    form.token.data = guard.form_token()  # each page a new one: a resend waits anew
    form.website.data = ""
    return render_template("moderation/notice.html", form=form, post=post), status


@bp.route("/contenu-illicite", methods=["GET", "POST"])
@limiter.limit(_notices_limit, methods=["POST"], key_func=member_or_address)
def notify() -> Response | tuple[str, int]:
    require(Action.NOTIFY_ILLEGAL_CONTENT)
    form = NoticeForm()
    if not form.is_submitted():
        post = None
        if request.args.get("message", "").isdigit():
            post = _post_named(f"/contenu-illicite?message={request.args['message']}")
            if post is not None:
                form.url.data = notices.post_address(post)
        elif request.args.get("url"):
            form.url.data = request.args["url"][:2000]
            post = _post_named(form.url.data)
            if post is None:
                form.url.errors = [str(NOT_A_POST)]
        return _page(form, post)

    valid = form.validate()
    post = _post_named(form.url.data or "") if form.url.data else None
    if form.url.data and post is None:
        form.url.errors = [*form.url.errors, str(NOT_A_POST)]
        valid = False
    problem = guard.token_problem(form.token.data)
    if form.website.data:
        problem = "honeypot"
    if problem is not None:
        form.form_errors.append(str(ERRORS[problem]))
        valid = False
    if not valid or post is None:
        return _page(form, post, 400)
    session = db.session()
    try:
        notices.send_notice(
            session,
            post=post,
            email=form.email.data or "",
            category=form.category.data or "",
            justification=form.justification.data or "",
            locale=str(get_locale() or "fr"),
            open_limit=int(current_app.config["NOTICE_OPEN_PER_ADDRESS"]),
        )
    except notices.NoticeError as error:
        session.rollback()
        form.form_errors.append(str(ERRORS[error.code]))
        return _page(form, post, 400)
    session.commit()
    flash(
        _(
            "Merci, votre signalement est transmis aux modérateurs. Vous allez recevoir un "
            "accusé de réception par e-mail, puis leur décision."
        ),
        "success",
    )
    return redirect(thread_url(post.thread, _anchor=f"message-{post.id}"))

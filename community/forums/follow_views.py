"""Following: the buttons on a thread and a space, and "Mes discussions suivies".

Following needs an account and the right to read the thread or space; stopping needs
only the account (one may always stop hearing of something).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from community.extensions import db
from community.forums import access, follows, queries
from community.kernel.forms import BaseForm
from community.kernel.pagination import requested_page
from community.kernel.urls import thread_url
from community.kernel.web import me, private_page_headers, request_session, safe_next_url
from community.permissions import Action, require

bp = Blueprint("follows", __name__)
bp.after_request(private_page_headers)


class FollowForm(BaseForm):
    """Nothing to fill in: the form carries the CSRF token (and a `next` to come back to)."""


def _checked() -> None:
    """The account first (a visitor is sent to log in), then the form's token."""
    require(Action.USE_ACCOUNT)
    if not FollowForm().validate_on_submit():
        abort(400)


def _back(fallback: str) -> Response:
    return redirect(safe_next_url(request.form.get("next"), fallback), code=303)


@bp.post("/discussions/<int:thread_id>/suivre")
def follow_thread(thread_id: int) -> Response:
    _checked()
    thread, _ctx = access.load_thread(thread_id)
    follows.follow_thread(request_session(), member=me(), thread=thread)
    db.session.commit()
    flash(
        _("Vous suivez cette discussion : vous serez prévenu de chaque réponse publiée."),
        "success",
    )
    return _back(thread_url(thread))


@bp.post("/discussions/<int:thread_id>/ne-plus-suivre")
def stop_following_thread(thread_id: int) -> Response:
    _checked()
    thread = queries.thread_by_id(request_session(), thread_id=thread_id)
    if thread is None:
        abort(404)
    follows.stop_following_thread(request_session(), member=me(), thread=thread)
    db.session.commit()
    flash(_("Vous ne suivez plus cette discussion."), "success")
    return _back(url_for(".followed"))


@bp.post("/espaces/<slug>/suivre")
def follow_space(slug: str) -> Response:
    _checked()
    space, ctx = access.load_space(slug)
    require(Action.READ_SPACE, space=space, space_ctx=ctx)
    follows.follow_space(request_session(), member=me(), space=space)
    db.session.commit()
    flash(
        _("Vous suivez cet espace : vous serez prévenu de chaque nouvelle discussion publiée."),
        "success",
    )
    return _back(url_for("forums.space", slug=slug))


@bp.post("/espaces/<slug>/ne-plus-suivre")
def stop_following_space(slug: str) -> Response:
    _checked()
    space, _ctx = access.load_space(slug)
    follows.stop_following_space(request_session(), member=me(), space=space)
    db.session.commit()
    flash(_("Vous ne suivez plus cet espace."), "success")
    return _back(url_for(".followed"))


@bp.get("/suivis")
def followed() -> str:
    """What the member follows and may still read, with a button to stop each."""
    require(Action.USE_ACCOUNT)
    number = requested_page()
    found = follows.followed(request_session(), member=me(), number=number)
    if number > found.threads.count:
        abort(404)
    return render_template("forums/followed.html", followed=found)

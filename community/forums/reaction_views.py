"""Reacting to a post: a small form under each published post, which works without
JavaScript and comes back to the post.

Needs an account and the right to react in the post's space (permissions); a suspended
member reads on but does not react.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from community.extensions import db, limiter
from community.forums import access, queries, reactions
from community.forums.models import ReactionKind
from community.forums.spaces import ForumError
from community.kernel.forms import BaseForm
from community.kernel.urls import thread_url
from community.kernel.web import me, member_or_address, request_session, safe_next_url
from community.permissions import Action, can, require

bp = Blueprint("reactions", __name__)
# The reactions in the order every page shows them (templates/forums/_reactions.html).
bp.record_once(lambda state: state.app.jinja_env.globals.update(reaction_kinds=reactions.KINDS))

REFUSALS = {
    "own_post": _l("On ne réagit pas à son propre message : les réactions viennent des autres."),
    "not_published": _l("Ce message n’est plus publié : on ne peut plus y réagir."),
}


class ReactionForm(BaseForm):
    """The CSRF token; the button pressed says `add` or `remove` and which reaction."""


def _reacting_limit() -> str:
    return str(current_app.config["RATELIMIT_REACTING"])


def _asked() -> tuple[bool, ReactionKind]:
    """Whether the button pressed adds or takes back a reaction, and which one; 400 for
    anything a page of this site does not send."""
    for adding, name in ((True, "add"), (False, "remove")):
        if name in request.form:
            try:
                return adding, ReactionKind(request.form[name])
            except ValueError:
                break
    abort(400)


@bp.post("/messages/<int:post_id>/reagir")
@limiter.limit(_reacting_limit, methods=["POST"], key_func=member_or_address)
def react(post_id: int) -> Response:
    require(Action.USE_ACCOUNT)
    if not ReactionForm().validate_on_submit():
        abort(400)
    adding, kind = _asked()
    session = request_session()
    post = queries.post_by_id(session, post_id=post_id)
    if post is None:
        abort(404)
    thread, ctx = access.load_thread(post.thread_id)
    if not can(Action.REACT, space=thread.space, space_ctx=ctx):
        refusal = access.refuse_writer(thread.space, ctx)  # the invitation to join
        abort(refusal or 403)
    try:
        if adding:
            reactions.react(session, member=me(), post=post, kind=kind)
        else:
            reactions.withdraw_reaction(session, member=me(), post=post, kind=kind)
    except ForumError as error:
        flash(str(REFUSALS[error.code]), "error")
        return redirect(thread_url(thread), code=303)
    db.session.commit()
    back = safe_next_url(request.form.get("next"), thread_url(thread))
    return redirect(f"{back}#message-{post.id}", code=303)

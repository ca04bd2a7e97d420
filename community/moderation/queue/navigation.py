"""Where a moderator stands in the queue, for its pages and its decisions alike: who they
are, the part of the queue the address names, the post they decide on, how a decision
answers, and where they go after it."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from community.accounts.models import Member
from community.extensions import db
from community.forums import queries as forum_queries
from community.forums.models import Post
from community.kernel.web import local_time as clock
from community.moderation.queue import bulk as bulk_decisions
from community.moderation.queue import queries, services
from community.permissions import Action, require

INVALID = 400
ERRORS = {
    "not_pending": _l("Un autre modérateur a déjà décidé pour ce message."),
    "unknown_reason": _l("Choisissez un motif."),
    "reason_too_long": _l("La précision est trop longue."),
    "message_required": _l("Dites à l’auteur ce qu’il doit modifier."),
    "claimed": _l("Un autre modérateur examine ce message."),
    "bad_target": _l(
        "Choisissez un modérateur ou un administrateur de l’association de cet espace."
    ),
    "too_many": _l("Au plus %(max)d messages à la fois.", max=bulk_decisions.BULK_MAX),
}

# The queue's address parameters a decision carries, so that after it the moderator finds
# the same part of the queue (and the same page of it).
QUEUE_ARGS = ("after", "filtre", "espace", "transmis", "vue")
# Where the decided post stood (its cursor's token, written in each decision's address):
# the next post is the first one after it.
FROM = "depuis"


def me() -> Member:
    return current_user._get_current_object()


def queue_args() -> dict[str, Any]:
    return {name: value for name in QUEUE_ARGS if (value := request.args.get(name, ""))}


def moderated_spaces() -> list[Any]:
    """The spaces the current member moderates; a visitor logs in, anyone else gets 403."""
    if not current_user.is_authenticated:
        require(Action.MODERATE_SPACE)  # sends the visitor to log in
    spaces = queries.moderated_spaces(db.session(), member=me())
    if not spaces:
        abort(403)
    return spaces


def queue_filter(spaces: list[Any]) -> queries.QueueFilter:
    return queries.QueueFilter.parse(request.args.get("filtre"), request.args.get("espace"), spaces)


def post_to_decide(post_id: int) -> Post:
    """The post, if it exists, after checking that the current member moderates its space."""
    session = db.session()
    post = forum_queries.post_by_id(session, post_id=post_id)
    if post is None:
        abort(404)
    space = post.thread.space
    ctx = forum_queries.space_context(
        session, member=me() if current_user.is_authenticated else None, space=space
    )
    require(Action.MODERATE_SPACE, space=space, space_ctx=ctx)
    return post


def following(spaces: list[Any]) -> Post | None:
    """The first post after the decided one (FROM) in the same queue, not someone else's."""
    moderator = me()
    return queries.next_waiting(
        db.session(),
        spaces=spaces,
        after=queries.Cursor.parse(request.args.get(FROM)),
        member=moderator,
        escalated_to=moderator if request.args.get("transmis") == "1" else None,
        only=queue_filter(spaces),
    )


def back(post_id: int | None = None) -> Response:
    anchor = f"message-{post_id}" if post_id is not None else None
    return redirect(url_for("moderation.queue", **queue_args(), _anchor=anchor))


def error_message(error: services.ModerationError) -> str:
    if error.code == "claimed" and error.holder and error.until:
        return _(
            "Ce message est en cours d’examen par %(pseudonym)s jusqu’à %(time)s : "
            "lui seul peut décider d’ici là.",
            pseudonym=error.holder,
            time=clock(error.until),
        )
    return str(ERRORS[error.code])


def commit(message: str, category: str = "success") -> None:
    """Commit the request's work, then say so. The message comes translated from before
    the commit, which expires the member whose language it is in (one query less)."""
    db.session.commit()
    flash(message, category)


def refuse(error: services.ModerationError) -> Response:
    db.session.rollback()
    flash(error_message(error), "error")
    return back()

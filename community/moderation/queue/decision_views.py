"""The moderators' decisions on a waiting post, each a POST from the queue or from the post's
own page, and where each one leads: the next post (registered on the queue's blueprint)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import timedelta
from typing import Any, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from community.accounts.models import Member
from community.extensions import db
from community.forums.models import Post, PostStatus
from community.kernel.forms import BaseForm
from community.kernel.web import local_time as clock
from community.moderation.canned.services import PreparedText
from community.moderation.queue import claims, details, pages, queries, services
from community.moderation.queue import navigation as nav
from community.moderation.queue.forms import (
    ApproveForm,
    escalate_form,
    reject_form,
    request_edit_form,
    unpublish_form,
)


def _claim_minutes() -> timedelta:
    return timedelta(minutes=int(current_app.config["MODERATION_CLAIM_MINUTES"]))


def _next(message: str) -> Response:
    """After a decision, the next post. From a post's own page ("décider et passer au
    suivant"), that post's page, taken for this moderator in the same commit; from the
    queue, the page that finds the next post's anchor in the queue where this one stood."""
    args = nav.queue_args()
    if request.args.get("suivant") != "1":
        nav.commit(message)
        from_here: dict[str, Any] = {nav.FROM: request.args.get(nav.FROM)}
        return redirect(url_for("moderation.next_post", **args, **from_here))
    args.pop("after", None)
    following = nav.following(queries.moderated_spaces(db.session(), member=nav.me()))
    if following is None:
        nav.commit(message)
        return redirect(url_for("moderation.queue", **args))
    # Someone else may have taken it meanwhile: its page then says who.
    with suppress(services.ModerationError):
        claims.claim(db.session(), moderator=nav.me(), post=following, duration=_claim_minutes())
    nav.commit(message)
    return redirect(url_for("moderation.item", post_id=following.id, **args))


F = TypeVar("F", bound=BaseForm)


def _with_texts(
    post_id: int, make_form: Callable[[int, list[PreparedText]], F]
) -> tuple[Post, F, tuple[str, int] | None]:
    """A decision whose form offers the space's prepared texts (refuse, ask for an edit,
    unpublish): the post and its form, and the post's page with the form's errors when
    the form was sent wrong (None when it may go on)."""
    post = nav.post_to_decide(post_id)
    texts = pages.texts_of_space(post)
    form = make_form(post_id, texts[post.thread.space_id])
    if form.validate_on_submit():
        return post, form, None
    db.session.rollback()
    return post, form, pages.item_page(post, failed=form, status=nav.INVALID, texts=texts)


def approve(post_id: int) -> Response:
    post = nav.post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    edit = post.status is PostStatus.PUBLISHED
    try:
        services.approve(db.session(), moderator=nav.me(), post=post)
    except services.ModerationError as error:
        return nav.refuse(error)
    if edit:
        return _next(_("Modification approuvée : le nouveau texte est publié."))
    return _next(_("Message approuvé : il est publié."))


def reject(post_id: int) -> Response | tuple[str, int]:
    post, form, invalid = _with_texts(post_id, reject_form)
    if invalid is not None:
        return invalid
    edit = post.status is PostStatus.PUBLISHED
    try:
        services.reject(
            db.session(),
            moderator=nav.me(),
            post=post,
            reason_code=form.reason_code.data,
            reason_text=form.text_to_send(form.reason_text.data),
        )
    except services.ModerationError as error:
        return nav.refuse(error)
    if edit:
        return _next(_("Modification refusée : le texte publié reste le même."))
    return _next(_("Message refusé : seul son auteur le voit."))


def request_edit(post_id: int) -> Response | tuple[str, int]:
    post, form, invalid = _with_texts(post_id, request_edit_form)
    if invalid is not None:
        return invalid
    try:
        services.request_edit(
            db.session(),
            moderator=nav.me(),
            post=post,
            message=form.text_to_send(form.message.data),
        )
    except services.ModerationError as error:
        return nav.refuse(error)
    return _next(_("Modification demandée : l’auteur voit votre message."))


def claim(post_id: int) -> Response:
    """Opening a post to decide takes it: others see who examines it, until when."""
    post = nav.post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    try:
        item = claims.claim(db.session(), moderator=nav.me(), post=post, duration=_claim_minutes())
    except services.ModerationError as error:
        return nav.refuse(error)
    assert item.claimed_until is not None
    nav.commit(_("Vous examinez ce message jusqu’à %(time)s.", time=clock(item.claimed_until)))
    return redirect(url_for("moderation.item", post_id=post_id, **nav.queue_args()))


def release(post_id: int) -> Response:
    post = nav.post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    if claims.release(db.session(), moderator=nav.me(), post=post):
        nav.commit(_("Message libéré : un autre modérateur peut le prendre."))
    return nav.back(post_id)


def escalate(post_id: int) -> Response | tuple[str, int]:
    post = nav.post_to_decide(post_id)
    session = db.session()
    recipients = details.escalation_recipients(session, space_ids={post.thread.space_id})
    others = [
        (r.member_id, r.pseudonym)
        for r in recipients.get(post.thread.space_id, [])
        if r.member_id != nav.me().id
    ]
    form = escalate_form(post_id, others)
    if not form.validate_on_submit():
        db.session.rollback()
        return pages.item_page(post, failed=form, status=nav.INVALID, recipients=recipients)
    target = session.get(Member, form.target.data)
    assert target is not None  # one of the choices, read just above
    try:
        services.escalate(
            session, moderator=nav.me(), post=post, target=target, note=form.note.data or ""
        )
    except services.ModerationError as error:
        return nav.refuse(error)
    return _next(_("Message transmis à %(pseudonym)s.", pseudonym=target.pseudonym))


def unpublish(post_id: int) -> Response | tuple[str, int]:
    post, form, invalid = _with_texts(post_id, unpublish_form)
    if invalid is not None:
        return invalid
    try:
        services.unpublish(
            db.session(),
            moderator=nav.me(),
            post=post,
            reason_code=form.reason_code.data,
            reason_text=form.text_to_send(form.reason_text.data),
        )
    except services.ModerationError as error:
        return nav.refuse(error)
    return _next(_("Message dépublié : seul son auteur le voit désormais, avec le motif."))


def dismiss_reports(post_id: int) -> Response:
    post = nav.post_to_decide(post_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    try:
        services.dismiss_reports(db.session(), moderator=nav.me(), post=post)
    except services.ModerationError as error:
        return nav.refuse(error)
    return _next(_("Signalements classés : le message reste publié."))


# Each decision's address, under the queue's (views.py registers them on its blueprint).
ROUTES = (
    ("/messages/<int:post_id>/approuver", approve),
    ("/messages/<int:post_id>/rejeter", reject),
    ("/messages/<int:post_id>/demander-une-modification", request_edit),
    ("/messages/<int:post_id>/prendre", claim),
    ("/messages/<int:post_id>/liberer", release),
    ("/messages/<int:post_id>/transmettre", escalate),
    ("/messages/<int:post_id>/depublier", unpublish),
    ("/messages/<int:post_id>/garder", dismiss_reports),
)

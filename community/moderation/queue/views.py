"""The moderation queue's pages: the queue, a post's own page, the next post, the bulk form.

The decisions on one post live in decision_views, the audit log's pages in audit.views;
both are registered on this blueprint.
"""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from community.extensions import db
from community.moderation.audit import views as audit_views
from community.moderation.canned import services as canned
from community.moderation.queue import bulk as bulk_decisions
from community.moderation.queue import decision_views, pages, queries, services
from community.moderation.queue import navigation as nav
from community.moderation.queue.forms import BulkForm

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.get("/")
def queue() -> tuple[str, int]:
    return pages.queue_page()


@bp.get("/messages/<int:post_id>")
def item(post_id: int) -> tuple[str, int]:
    return pages.item_page(nav.post_to_decide(post_id))


@bp.get("/suivant")
def next_post() -> Response:
    """The queue where the decided post stood, at the next post's anchor (a GET: it reads)."""
    following = nav.following(nav.moderated_spaces())
    anchor = f"message-{following.id}" if following is not None else None
    return redirect(url_for("moderation.queue", **nav.queue_args(), _anchor=anchor))


@bp.post("/lot")
def bulk() -> Response | tuple[str, int]:
    spaces = nav.moderated_spaces()
    session = db.session()
    me = nav.me()
    form = BulkForm()
    texts = canned.texts_for(session, space_ids={space.id for space in spaces})
    form.offer_by_space(texts, spaces)
    if not form.validate_on_submit() or not (form.approve.data or form.reject.data):
        db.session.rollback()
        if not form.errors:
            form.form_errors.append(_("Choisissez d’approuver ou de refuser la sélection."))
        return pages.queue_page(failed=form, status=nav.INVALID, texts=texts)
    # Only posts of the spaces this member moderates; the others count as skipped.
    posts = queries.posts_to_decide(session, post_ids=form.post_ids.data, spaces=spaces)
    chosen = form.chosen() if form.reject.data else None
    if chosen is not None and any(post.thread.space_id != chosen.space_id for post in posts):
        # A prepared text is its space's words: never sent to an author of another space.
        form.prepared_text.errors = [
            _(
                "« %(title)s » est un texte préparé de l’espace « %(space)s » : cochez "
                "seulement des messages de cet espace, ou choisissez un autre texte.",
                title=chosen.title,
                space=next(s.name for s in spaces if s.id == chosen.space_id),
            )
        ]
        db.session.rollback()
        return pages.queue_page(failed=form, status=nav.INVALID, texts=texts)
    try:
        result = bulk_decisions.bulk_decide(
            session,
            moderator=me,
            posts=posts,
            approve_all=bool(form.approve.data),
            reason_code=form.reason_code.data,
            reason_text=form.text_to_send(form.reason_text.data),
        )
    except services.ModerationError as error:
        return nav.refuse(error)
    skipped = result.skipped + len(set(form.post_ids.data)) - len(posts)
    nav.commit(
        _(
            "Messages traités : %(done)d. Ignorés (déjà décidés ou examinés par quelqu’un "
            "d’autre) : %(skipped)d.",
            done=result.done,
            skipped=skipped,
        ),
        "success" if result.done else "info",
    )
    return nav.back()


# The decisions on a post, and the audit log of a space (its pages live in audit.views).
for rule, view in decision_views.ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=["POST"])
bp.add_url_rule("/espaces/<slug>/journal", view_func=audit_views.journal)
bp.add_url_rule("/espaces/<slug>/journal.csv", view_func=audit_views.journal_csv)

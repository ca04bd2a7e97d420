"""The queue's pages as HTML: each waiting post's decision forms, and the page around them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import render_template
from flask_login import current_user

from community import signals
from community.accounts.models import Member
from community.extensions import db
from community.kernel.reasons import RejectionReason
from community.kernel.web import local_time as clock
from community.moderation.canned.services import PreparedText
from community.moderation.queue import details
from community.moderation.queue.forms import (
    ApproveForm,
    EscalateForm,
    RejectForm,
    RequestEditForm,
    UnpublishForm,
    escalate_form,
    reject_form,
    request_edit_form,
    unpublish_form,
)
from community.moderation.queue.highlight import highlight, highlight_folded
from community.moderation.scoring.detectors import LABEL_NAMES


def _me() -> Member:
    return current_user._get_current_object()


def item_forms(
    entries: Any,
    *,
    failed_post_id: int | None,
    failed: Any,
    texts: Mapping[int, Sequence[PreparedText]],
    recipients: Mapping[int, Sequence[details.Recipient]] | None = None,
) -> dict[int, dict[str, Any]]:
    """Each entry's decision forms, offering the prepared texts of its space (`texts`, by
    space id) and whom it may be handed to (`recipients`, read here unless given);
    `failed`, sent back with its errors, for its post."""
    me = _me()
    if recipients is None:
        recipients = details.escalation_recipients(
            db.session(), space_ids={entry.post.thread.space_id for entry in entries}
        )

    def kept(form: Any, post_id: int, kind: type) -> Any:
        return failed if post_id == failed_post_id and isinstance(failed, kind) else form

    forms: dict[int, dict[str, Any]] = {}
    for entry in entries:
        post_id = entry.post.id
        others = [
            (r.member_id, r.pseudonym)
            for r in recipients.get(entry.post.thread.space_id, [])
            if r.member_id != me.id
        ]
        prepared = texts.get(entry.post.thread.space_id, ())
        forms[post_id] = {
            "reject": kept(reject_form(post_id, prepared), post_id, RejectForm),
            "edit": kept(request_edit_form(post_id, prepared), post_id, RequestEditForm),
            "unpublish": kept(unpublish_form(post_id, prepared), post_id, UnpublishForm),
            "escalate": kept(escalate_form(post_id, others), post_id, EscalateForm),
        }
        if isinstance(failed, EscalateForm) and post_id == failed_post_id:
            failed.target.choices = forms[post_id]["escalate"].target.choices
    return forms


def render_items(template: str, entries: Any, forms: Any, **context: Any) -> str:
    session = db.session()
    # What other domains show beside each post: the data cards joined to these posts,
    # decided on with them (self data logs each view and makes the page private).
    extras = signals.extras_for(
        "queue", session=session, posts=[entry.post for entry in entries], viewer=_me()
    )
    return render_template(
        template,
        me=_me(),
        approve_form=ApproveForm(),
        forms=forms,
        label_names=LABEL_NAMES,
        clock=clock,
        shorten=details.shorten,
        highlight=highlight,
        reason_label=RejectionReason.label_of,
        highlight_folded=highlight_folded,
        **{"card_slots": {}, **extras, **context},
    )

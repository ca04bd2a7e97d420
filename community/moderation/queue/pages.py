"""The queue's pages as HTML: the queue (whole, filtered, or as a list), one post's own
page, each waiting post's decision forms, and the page around them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField

from community import signals
from community.extensions import db
from community.forums.models import Post
from community.kernel.reasons import RejectionReason
from community.kernel.web import local_time as clock
from community.moderation.canned import services as canned
from community.moderation.canned.services import PreparedText
from community.moderation.queue import details, queries
from community.moderation.queue.forms import (
    ApproveForm,
    BulkForm,
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
from community.moderation.queue.navigation import me as _me
from community.moderation.queue.navigation import moderated_spaces, queue_args, queue_filter
from community.moderation.scoring.detectors import LABEL_NAMES

# The filters by finding, in the order the queue offers them (filters.FILTERS says what
# each one selects).
FILTER_NAMES = {
    "urgent": _l("Urgent"),
    "donnees": _l("Données personnelles"),
    "conseil": _l("Conseil médical dangereux"),
    "spam": _l("Publicité, spam"),
    "signale": _l("Signalé"),
    "mot": _l("Mot surveillé"),
}


def queue_page(
    *,
    failed: BulkForm | None = None,
    status: int = 200,
    texts: Mapping[int, Sequence[PreparedText]] | None = None,
) -> tuple[str, int]:
    """The queue, whole or filtered, as items to decide or as a list of one line each;
    `failed` is the bulk form sent back with its errors, and `texts` the prepared texts
    of the moderator's spaces it offered."""
    spaces = moderated_spaces()
    session = db.session()
    after = queries.Cursor.parse(request.args.get("after"))
    only_mine = request.args.get("transmis") == "1"
    only = queue_filter(spaces)
    as_list = request.args.get("vue") == "liste"
    # The counts first: they say whether any post waits unscored, to be read after the rest.
    counts = queries.queue_counts(session, spaces=spaces, space_id=only.space_id)
    page = queries.pending_queue(
        session,
        spaces=spaces,
        after=after,
        escalated_to=_me() if only_mine else None,
        only=only,
        per_page=queries.LIST_PAGE_SIZE if as_list else queries.QUEUE_PAGE_SIZE,
        unscored=counts.unscored,
    )
    forms: dict[int, dict[str, Any]] = {}
    bulk_form = failed
    if not as_list:
        details.load_details(session, page.entries)
        # The prepared texts of every space: the items' forms and the bulk form offer them.
        if texts is None:
            texts = canned.texts_for(session, space_ids={space.id for space in spaces})
        forms = item_forms(page.entries, failed_post_id=None, failed=None, texts=texts)
        if bulk_form is None:
            bulk_form = BulkForm(formdata=None)
            bulk_form.offer_by_space(texts, spaces)
    html = render_items(
        "moderation/queue.html",
        page.entries if not as_list else [],
        forms,
        spaces=spaces,
        page=page,
        bulk_form=bulk_form,
        first_page=after is None,
        only_mine=only_mine,
        only=only,
        as_list=as_list,
        counts=counts,
        filters=FILTER_NAMES,
        queue_args=queue_args(),
        decide_args=queue_args(),
    )
    return html, status


def item_page(
    post: Post,
    *,
    failed: Any = None,
    status: int = 200,
    texts: Mapping[int, Sequence[PreparedText]] | None = None,
    recipients: Mapping[int, Sequence[details.Recipient]] | None = None,
) -> tuple[str, int]:
    """One post to decide, alone on its page: where a moderator who opened it decides,
    and where a decision refused for its input comes back with the error by its field
    (with what its form offered, the prepared `texts` or the `recipients`, read once)."""
    session = db.session()
    entry = queries.entry_for(session, post=post)
    entries = [entry] if entry is not None else []
    details.load_details(session, entries)
    forms = item_forms(
        entries,
        failed_post_id=post.id,
        failed=failed,
        texts=texts if texts is not None else texts_of_space(post),
        recipients=recipients,
    )
    html = render_items(
        "moderation/item.html",
        entries,
        forms,
        post=post,
        entry=entry,
        queue_args=queue_args(),
        decide_args={**queue_args(), "suivant": "1"},
    )
    return html, status


def texts_of_space(post: Post) -> dict[int, list[PreparedText]]:
    """The prepared texts of the post's space, by its id, as item_forms takes them."""
    return canned.texts_for(db.session(), space_ids={post.thread.space_id})


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
    _in_words_once(form for by_kind in forms.values() for form in by_kind.values())
    return forms


def _in_words_once(forms: Iterable[Any]) -> None:
    """The forms' labels and choices in the reader's language, translated once for the
    page: a lazy string is translated each time it is written (a choice's label twice), and
    a queue page writes some 60 labels and 150 choices, the same ones item after item."""
    # By id, each kept beside its original: no other object can take its id meanwhile.
    said: dict[int, tuple[Any, str]] = {}
    choices: dict[int, tuple[Any, list[SelectChoice]]] = {}

    def words(lazy: Any) -> Any:
        if isinstance(lazy, str):
            return lazy
        if id(lazy) not in said:
            said[id(lazy)] = (lazy, str(lazy))
        return said[id(lazy)][1]

    for form in forms:
        for field in form:
            field.label.text = words(field.label.text)
            listed = field.choices if isinstance(field, SelectField) else None
            if isinstance(listed, list) and all(isinstance(c, SelectChoice) for c in listed):
                # Forms of a class share their list of choices: replaced, never changed.
                if id(listed) not in choices:
                    spoken = [replace(choice, label=words(choice.label)) for choice in listed]
                    choices[id(listed)] = (listed, spoken)
                field.choices = choices[id(listed)][1]


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
        label_names={label: str(name) for label, name in LABEL_NAMES.items()},
        clock=clock,
        shorten=details.shorten,
        highlight=highlight,
        reason_label=RejectionReason.label_of,
        highlight_folded=highlight_folded,
        **{"card_slots": {}, **extras, **context},
    )

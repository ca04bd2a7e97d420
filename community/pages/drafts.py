"""Drafts on the writing pages: what the writer typed is kept when they preview it or step
away from the form (to build a data card, to read the help), taken up again when they come
back, deleted once sent; and "Mes brouillons", where they find and delete them.

A draft is sealed with the vault's keys (community/selfdata/crypto.py), as the vault is: a
draft tells of its author's health as much as a vault record does, its author alone reads
it (moderators never: nothing of moderation reads this table), it is not indexed, and a
key rotation re-seals it with the rest. The forums keep the rows (community/forums/drafts.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from community.extensions import db
from community.forums import drafts
from community.forums.drafts import Place
from community.forums.models import Draft, Space
from community.kernel.forms import BaseForm
from community.kernel.text import has_visible_text
from community.kernel.web import me, private_page_headers, request_session, safe_next_url
from community.pages.help import help_url
from community.permissions import Action, require
from community.selfdata import cards as data_cards
from community.selfdata.card_forms import AUDIENCE_LABELS
from community.selfdata.charts import CardPresentation, present
from community.selfdata.crypto import SealError, keyring
from community.selfdata.models import DataCard

bp = Blueprint("drafts", __name__, url_prefix="/brouillons")
bp.after_request(private_page_headers)
log = logging.getLogger(__name__)

# The buttons of a writing form that leave it: their name, and where each value goes.
LEAVING = "quitter"
TO_CARD, TO_HELP, STAY = "carte", "aide", "brouillon"
# Sent in the background by static/drafts.js as the page is left some other way (a link,
# closing the tab): kept, and answered with nothing, since nobody reads the answer.
IN_BACKGROUND = "fond"


BUILT_ELSEWHERE = _l(
    "Cette carte ne peut pas être jointe ici : elle est faite pour un autre espace, ou "
    "déjà jointe à un message. Choisissez-en une autre, ou aucune."
)


@dataclass(frozen=True)
class Written:
    """What a writing form held, as a draft keeps it."""

    title: str = ""
    body: str = ""
    card_id: int | None = None
    # Known once kept: when, and which draft (the form links to deleting it).
    saved_at: datetime | None = None
    draft_id: int | None = None

    @property
    def empty(self) -> bool:
        return not (has_visible_text(self.title) or has_visible_text(self.body) or self.card_id)


class DeleteDraftForm(BaseForm):
    """Nothing to fill in: the form carries the CSRF token."""


def _written_in(form: Any) -> Written:
    title = form.title.data if "title" in form else ""
    card = form.card.data if "card" in form else None
    return Written(title=title or "", body=form.body.data or "", card_id=card or None)


def opened(draft: Draft) -> Written | None:
    """The draft's words; None when no key opens them (a lost key file)."""
    try:
        data = keyring().open(draft.sealed)
    except SealError:
        log.exception("A draft opens with no key of the vault")
        return None
    card = data.get("card")
    return Written(
        title=str(data.get("title") or ""),
        body=str(data.get("body") or ""),
        card_id=card if isinstance(card, int) else None,
        saved_at=draft.updated_at,
        draft_id=draft.id,
    )


def keep(form: Any, place: Place, *, unchanged: Written | None = None) -> None:
    """Keep what the form holds as the member's draft for this place (flushes); a form
    with nothing in it, or just what the post already says (`unchanged`), leaves none."""
    written = _written_in(form)
    session = request_session()
    same = unchanged is not None and (written.title, written.body) == (
        unchanged.title,
        unchanged.body,
    )
    if written.empty or same:
        drafts.drop_draft(session, member=me(), place=place)
        return
    sealed = keyring().seal({"title": written.title, "body": written.body, "card": written.card_id})
    drafts.keep_draft(session, member=me(), place=place, sealed=sealed)


def keep_and_commit(form: Any, place: Place, *, unchanged: Written | None = None) -> None:
    """keep, on a page that shows the form again (a preview, a mistake to correct)."""
    keep(form, place, unchanged=unchanged)
    db.session.commit()


def sent(place: Place) -> None:
    """The post is stored: its draft goes in the same transaction (flushes)."""
    drafts.drop_draft(request_session(), member=me(), place=place)


def take_up(form: Any, place: Place, offered: Sequence[DataCard] = ()) -> Written | None:
    """On a form just opened: the member's draft for this place put back into it, and
    the card the card builder has just made (`?carte=`) chosen. The draft, to say so."""
    draft = drafts.draft_at(request_session(), member=me(), place=place)
    written = opened(draft) if draft is not None else None
    offered_ids = {card.id for card in offered}
    if written is not None:
        if "title" in form:
            form.title.data = written.title
        form.body.data = written.body
        if "card" in form and written.card_id in offered_ids:
            form.card.data = written.card_id
    built = request.args.get("carte", type=int)
    if built is not None and "card" in form:
        if built in offered_ids:
            form.card.data = built
        else:
            form.card.errors = [str(BUILT_ELSEWHERE)]
    return written


def step_away(
    form: Any, place: Place, *, space: Space, back: str, unchanged: Written | None = None
) -> Response | None:
    """When the writer pressed a button that leaves the form: what they wrote kept as a
    draft, and the page they asked for; None for the form's other buttons."""
    where = request.form.get(LEAVING)
    if where is None:
        return None
    keep(form, place, unchanged=unchanged)
    db.session.commit()
    if where == IN_BACKGROUND:
        return Response(status=204)
    if where == TO_CARD and "card" in form:
        return redirect(url_for("cards.new", espace=space.id, retour=back))
    if where == TO_HELP:
        return redirect(help_url(space.slug, "moderation"))
    flash(
        _("Votre brouillon est enregistré. Vous le retrouvez ici, et dans « Mes brouillons »."),
        "success",
    )
    return redirect(back)


@dataclass(frozen=True)
class CardPreview:
    presentation: CardPresentation
    audience: str


def card_preview(card: DataCard | None) -> CardPreview | None:
    """The chosen card as the post will show it, and who will see it."""
    if card is None:
        return None
    return CardPreview(present(data_cards.snapshot_of(card)), str(AUDIENCE_LABELS[card.audience]))


def chosen_card(form: Any, offered: Sequence[DataCard]) -> DataCard | None:
    chosen = form.card.data if "card" in form else None
    return next((card for card in offered if card.id == chosen), None)


# --- "Mes brouillons" ------------------------------------------------------------------


def resume_target(draft: Draft) -> tuple[str, dict[str, Any]]:
    """The form the draft belongs to: its endpoint and values."""
    if draft.space is not None:
        return "threads.new_thread", {"slug": draft.space.slug}
    if draft.thread is not None:
        return "threads.reply", {"thread_id": draft.thread.id}
    assert draft.post is not None
    return "threads.edit", {"post_id": draft.post.id}


def resume_url(draft: Draft) -> str:
    endpoint, values = resume_target(draft)
    return url_for(endpoint, **values)


def place_of(draft: Draft) -> str:
    """Where the draft belongs, in words."""
    if draft.space is not None:
        return _("Nouvelle discussion dans « %(space)s »", space=draft.space.name)
    if draft.thread is not None:
        return _("Réponse à « %(title)s »", title=draft.thread.title)
    assert draft.post is not None
    return _("Modification de votre message dans « %(title)s »", title=draft.post.thread.title)


@bp.get("/")
def index() -> str:
    require(Action.USE_ACCOUNT)
    listed = drafts.drafts_of(request_session(), member=me())
    return render_template(
        "forums/drafts.html",
        drafts=[(draft, place_of(draft), opened(draft), resume_url(draft)) for draft in listed],
        kept_days=int(current_app.config["DRAFT_KEPT_DAYS"]),
    )


@bp.route("/<int:draft_id>/supprimer", methods=["GET", "POST"])
def delete(draft_id: int) -> Response | str:
    require(Action.USE_ACCOUNT)
    session = request_session()
    draft = drafts.own_draft(session, member=me(), draft_id=draft_id)
    if draft is None:
        abort(404)
    back = safe_next_url(request.values.get("retour"), url_for(".index"))
    form = DeleteDraftForm()
    if form.validate_on_submit():
        drafts.delete_draft(session, draft=draft)
        db.session.commit()
        flash(_("Brouillon supprimé."), "success")
        return redirect(back)
    return render_template(
        "forums/draft_delete.html",
        draft=draft,
        place=place_of(draft),
        written=opened(draft),
        resume=resume_url(draft),
        back=back,
        form=form,
    )

"""The audit log of a space: its page and its CSV export (routes on the moderation blueprint)."""

from __future__ import annotations

import csv
import io

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from community.extensions import db
from community.forums import membership
from community.forums import queries as forum_queries
from community.forums.models import Space
from community.kernel.reasons import RejectionReason
from community.kernel.urls import external_url
from community.moderation import statements
from community.moderation.audit import queries
from community.moderation.models import DecisionAction, ModerationDecision
from community.moderation.scoring.detectors import LABEL_NAMES
from community.permissions import Action, require

ACTION_LABELS = {
    DecisionAction.APPROVE: _l("Approuvé"),
    DecisionAction.REJECT: _l("Refusé"),
    DecisionAction.REQUEST_EDIT: _l("Modification demandée"),
    DecisionAction.UNPUBLISH: _l("Dépublié après signalement"),
    DecisionAction.DISMISS_REPORTS: _l("Signalements classés"),
    DecisionAction.ESCALATE: _l("Transmis"),
    DecisionAction.AUTO_PUBLISH: _l("Publié automatiquement"),
    DecisionAction.APPEAL_UPHELD: _l("Contestation : décision maintenue"),
    DecisionAction.APPEAL_REVERSED: _l("Contestation : décision annulée"),
    DecisionAction.SUSPEND: _l("Compte suspendu"),
    DecisionAction.REINSTATE: _l("Compte réactivé"),
}
# What a spreadsheet would run as a formula if a cell began with it (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _journal_space(slug: str) -> Space:
    """The space, after checking that the current member administers it.

    EDIT_SPACE is what the association admins of the space and the site admins hold, and
    the moderators do not: the log is about the moderators, so they do not read it.
    """
    session = db.session()
    space = forum_queries.space_by_slug(session, slug=slug)
    if space is None:
        abort(404)
    ctx = forum_queries.space_context(
        session, member=current_user if current_user.is_authenticated else None, space=space
    )
    require(Action.EDIT_SPACE, space=space, space_ctx=ctx)
    return space


def reason_label(decision: ModerationDecision) -> str:
    return RejectionReason.label_of(decision.reason_code, unknown=decision.reason_code or "")


def journal(slug: str) -> str:
    space = _journal_space(slug)
    before = request.args.get("avant", type=int)
    page = queries.journal_page(db.session(), space=space, before=before)
    # Who was let into the space or not, by whom: with the latest decisions only.
    joins = membership.decided_requests(db.session(), space=space) if before is None else []
    return render_template(
        "moderation/journal.html",
        space=space,
        page=page,
        joins=joins,
        first_page=before is None,
        action_labels=ACTION_LABELS,
        reason_label=reason_label,
        label_names=LABEL_NAMES,
        statement_of=statements.statement_of,
    )


def spreadsheet_safe(value: str) -> str:
    """The cell as text a spreadsheet shows rather than runs (=cmd|… would be a formula)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


AUTOMATED = {
    statements.FLAGGED: _l("a signalé le message"),
    statements.SCORED: _l("a lu le message sans rien relever"),
    statements.NOT_SCORED: _l("n’a pas lu le message"),
}


def _statement_cells(statement: statements.Statement | None) -> list[str]:
    """The statement of reasons in five cells (empty for a decision that restricts nothing)."""
    if statement is None:
        return [""] * 5
    rules = [str(statement.site_rule)] if statement.site_rule else []
    if statement.space_rules:
        rules.append(statement.space_rules)
    automated = str(AUTOMATED[statement.automated])
    if statement.automated_reasons:
        automated += " : " + " ; ".join(statement.automated_reasons)
    return [
        " / ".join(rules),
        " | ".join(statement.passages),
        ", ".join(statement.reports),
        automated,
        statement.appeal_until.strftime("%Y-%m-%d %H:%M:%S"),
    ]


def journal_csv(slug: str) -> Response:
    space = _journal_space(slug)
    entries = queries.whole_journal(db.session(), space=space)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Date (UTC)"),
            _("Modérateur"),
            _("Action"),
            _("Motif"),
            _("Précision"),
            _("Scores"),
            _("Version du modèle"),
            _("Discussion"),
            _("Lien"),
            _("Règle appliquée"),
            _("Passages relevés"),
            _("Signalements"),
            _("Détection automatique"),
            _("Contestable jusqu’au (UTC)"),
        ]
    )
    for entry in entries:
        decision = entry.decision
        scores = "; ".join(
            f"{LABEL_NAMES.get(label, label)}: {value:.2f}" for label, value in entry.scores
        )
        link = external_url(
            "threads.thread", thread_id=entry.thread_id, _anchor=f"message-{decision.post_id}"
        )
        row = [
            decision.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            decision.moderator_pseudonym,
            str(ACTION_LABELS.get(decision.action, decision.action)),
            reason_label(decision),
            decision.reason_text,
            scores,
            decision.model_version or "",
            entry.thread_title,
            link,
            *_statement_cells(statements.statement_of(decision)),
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    # The BOM tells Excel the file is UTF-8; without it accents come out garbled.
    body = "\ufeff" + out.getvalue()
    filename = f"journal-moderation-{space.slug}.csv"
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )

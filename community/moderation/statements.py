"""The statement of reasons of a restriction: what was decided, the rule it rests on, the
facts, whether automated detection took part, and until when it may be contested.

Frozen when the decision is taken (`build` for a post, `build_suspension` for an account,
stored in ModerationDecision.statement) and read back by the author's notice and the
audit log alike (`statement_of`), so both show the same record; only the words are
chosen at display, in the reader's language.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from community.forums.models import Post, PostRevision
from community.kernel.clock import utcnow
from community.kernel.reasons import RejectionReason, SuspensionRule, report_or_notice_label
from community.moderation.models import DecisionAction, ModerationDecision
from community.moderation.scoring.detectors import Finding
from community.textscan.matching import merge_spans

# The decisions that restrict what an author published or wrote: each carries a
# statement (an appeal's outcome that takes a post down builds its own).
RESTRICTIONS = frozenset(
    {DecisionAction.REJECT, DecisionAction.UNPUBLISH, DecisionAction.REQUEST_EDIT}
)
# How long a decision may be contested (DSA art. 20: at least six months).
APPEAL_MONTHS = 6
# The facts quoted to the author: the flagged passages, a few and short.
PASSAGES_MAX = 5
PASSAGE_CHARS = 200
SPACE_RULES_CHARS = 1000

# Whether automated detection took part: it flagged something, it read the post and found
# nothing, or the post was never scored (the model was missing, or a member's report).
FLAGGED, SCORED, NOT_SCORED = "flagged", "scored", "not_scored"

# The rule of the site's charter each refusal reason rests on, and its anchor on /charte.
SITE_RULES: dict[str, tuple[LazyString, str]] = {
    RejectionReason.PERSONAL_DATA: (
        _l(
            "Charte du site, « Un pseudonyme, pas votre nom » : ne donnez pas votre nom, "
            "votre adresse ou votre téléphone dans vos messages, ni ceux des autres."
        ),
        "pseudonyme",
    ),
    RejectionReason.HOSTILE: (
        _l("Charte du site, « Le respect » : pas d’insultes, pas de moqueries, pas de menaces."),
        "respect",
    ),
    RejectionReason.MEDICAL_MISINFORMATION: (
        _l(
            "Charte du site, « Ce site ne remplace pas un médecin » : ne conseillez à "
            "personne d’arrêter ou de changer un traitement."
        ),
        "medecin",
    ),
    RejectionReason.ADVERTISING: (
        _l("Charte du site, « Le respect » : pas de publicité, pas de vente."),
        "respect",
    ),
}

# The rule of the site's charter each suspension rests on, and its anchor on /charte.
SUSPENSION_RULES: dict[str, tuple[LazyString, str]] = {
    SuspensionRule.PERSONAL_DATA: SITE_RULES[RejectionReason.PERSONAL_DATA],
    SuspensionRule.IMPERSONATION: (
        _l(
            "Charte du site, « Un pseudonyme, pas votre nom » : on ne peut pas se faire "
            "passer pour quelqu’un d’autre."
        ),
        "pseudonyme",
    ),
    SuspensionRule.HOSTILE: (
        _l(
            "Charte du site, « Le respect » : pas d’insultes, pas de moqueries, pas de "
            "menaces, pas de propos racistes, sexistes ou haineux."
        ),
        "respect",
    ),
    SuspensionRule.ADVERTISING: SITE_RULES[RejectionReason.ADVERTISING],
    SuspensionRule.MEDICAL_MISINFORMATION: SITE_RULES[RejectionReason.MEDICAL_MISINFORMATION],
}
assert set(SUSPENSION_RULES) == set(SuspensionRule)

# What was decided, as its author reads it.
DECIDED = {
    DecisionAction.REJECT: _l(
        "Votre message a été refusé : il n’est pas publié, vous seul le voyez."
    ),
    DecisionAction.UNPUBLISH: _l(
        "Votre message a été retiré de la publication : vous seul le voyez désormais."
    ),
    DecisionAction.REQUEST_EDIT: _l(
        "Votre message n’est pas publié : un modérateur vous demande de le modifier d’abord."
    ),
    DecisionAction.APPEAL_REVERSED: _l(
        "Après la contestation d’un signalement, votre message a été retiré de la "
        "publication : vous seul le voyez désormais."
    ),
    DecisionAction.SUSPEND: _l(
        "Votre compte est suspendu sur tout le site. Vous pouvez encore lire, et contester "
        "cette décision ; mais vous ne pouvez plus écrire, ni rejoindre un espace, ni "
        "signaler un message."
    ),
}
EDIT_REFUSED = _l("Votre modification a été refusée : le texte publié reste le même.")


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, or the month's last day if it has fewer."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def appeal_deadline(decision: ModerationDecision) -> datetime:
    return add_months(decision.created_at, APPEAL_MONTHS)


def _passages(findings: Iterable[dict[str, Any]], texts: dict[str, str]) -> list[dict[str, str]]:
    """The flagged passages, as written, field by field, in the order of the text."""
    passages: list[dict[str, str]] = []
    for field, text in texts.items():
        spans = [
            (max(0, int(start)), min(len(text), int(end)))
            for data in findings
            if data.get("field", "body") == field
            for start, end in data.get("spans", ())
        ]
        for start, end in merge_spans(span for span in spans if span[0] < span[1]):
            passage = " ".join(text[start:end].split())
            if len(passage) > PASSAGE_CHARS:
                passage = passage[: PASSAGE_CHARS - 1] + "…"
            if passage and all(p["text"] != passage for p in passages):
                passages.append({"field": field, "text": passage})
    return passages[:PASSAGES_MAX]


def build(
    *,
    post: Post,
    findings: Sequence[dict[str, Any]] | None,
    scored: bool,
    revision: PostRevision | None = None,
    reports: Sequence[str] = (),
) -> dict[str, Any]:
    """What the statement needs beyond the decision's own columns, as it is now: the space
    and its rules, the flagged passages of the text decided on, the reports' reasons, and
    whether automated detection read the post."""
    thread = post.thread
    space = thread.space
    title = (revision.title if revision is not None else None) or thread.title
    body = revision.body_source if revision is not None else post.body_source
    findings = list(findings or ())
    rules = (space.rules or "").strip()
    if len(rules) > SPACE_RULES_CHARS:
        rules = rules[: SPACE_RULES_CHARS - 1] + "…"
    return {
        "space": space.name,
        "space_rules": rules,
        "passages": _passages(findings, {"title": title, "body": body}),
        "reports": sorted(set(reports)),
        "automated": FLAGGED if findings else SCORED if scored else NOT_SCORED,
    }


def build_suspension(*, until: datetime | None) -> dict[str, Any]:
    """What a suspension's statement needs beyond the decision's own columns (the rule in
    reason_code, the facts the admin wrote in reason_text): what it covers, until when,
    and that no automated means took part (a person chose to suspend, on what they read)."""
    return {
        "scope": "site",
        "until": until.isoformat(timespec="seconds") if until is not None else None,
        "automated": NOT_SCORED,
    }


@dataclass(frozen=True)
class Statement:
    """One decision's statement of reasons, ready to be shown; its texts are lazy, so that
    each reader gets them in their own language."""

    decision: ModerationDecision
    decided: LazyString
    reason: str  # the refusal reason's label; empty for an edit request
    moderator_text: str  # the moderator's own words to the author
    site_rule: LazyString | None
    charter_anchor: str | None
    space_name: str
    space_rules: str
    passages: list[str]
    reports: list[str]  # the reports' reasons, as reporters chose them
    automated: str  # FLAGGED, SCORED or NOT_SCORED
    automated_reasons: list[str]  # what detection found, when it flagged the post
    appeal_until: datetime
    # A refused edit leaves the published post as it was: nothing to contest, the author
    # may propose another edit.
    contestable: bool = True
    # A suspension of the member's account: of the whole site, until `suspended_until`
    # (None: until an admin lifts it), on the facts the admin wrote.
    suspension: bool = False
    suspended_until: datetime | None = None
    facts: str = ""

    @property
    def open_to_appeal(self) -> bool:
        return self.contestable and utcnow() <= self.appeal_until


def statement_of(decision: ModerationDecision) -> Statement | None:
    """The statement of a restriction; None for a decision that restricts nothing."""
    stored = decision.statement
    if stored is None:
        return None
    if decision.action is DecisionAction.SUSPEND:
        return _suspension_statement(decision, stored)
    if decision.action is DecisionAction.REJECT and decision.revision_id is not None:
        decided = EDIT_REFUSED
    else:
        decided = DECIDED.get(decision.action, DECIDED[DecisionAction.REJECT])
    site_rule, anchor = SITE_RULES.get(decision.reason_code or "", (None, None))
    automated = str(stored.get("automated", NOT_SCORED))
    reasons = []
    if automated == FLAGGED:
        reasons = [str(Finding.from_dict(data).reason) for data in decision.findings or ()]
    return Statement(
        decision=decision,
        decided=decided,
        reason=RejectionReason.label_of(decision.reason_code),
        moderator_text=decision.reason_text,
        site_rule=site_rule,
        charter_anchor=anchor,
        space_name=str(stored.get("space", "")),
        space_rules=str(stored.get("space_rules", "")),
        passages=[str(p["text"]) for p in stored.get("passages", ())],
        reports=[report_or_notice_label(code, unknown=code) for code in stored.get("reports", ())],
        automated=automated,
        automated_reasons=reasons,
        appeal_until=appeal_deadline(decision),
        contestable=decision.revision_id is None,
    )


def _suspension_statement(decision: ModerationDecision, stored: dict[str, Any]) -> Statement:
    site_rule, anchor = SUSPENSION_RULES.get(decision.reason_code or "", (None, None))
    until = stored.get("until")
    return Statement(
        decision=decision,
        decided=DECIDED[DecisionAction.SUSPEND],
        reason="",
        moderator_text="",
        site_rule=site_rule,
        charter_anchor=anchor,
        space_name="",
        space_rules="",
        passages=[],
        reports=[],
        automated=NOT_SCORED,
        automated_reasons=[],
        appeal_until=appeal_deadline(decision),
        suspension=True,
        suspended_until=datetime.fromisoformat(until) if until else None,
        facts=decision.reason_text,
    )

"""What a member's archive holds, section by section: one entry of SECTIONS per kind of data.

Each section reads one member's rows and gives them as plain values (text, numbers,
times, `Coded` values, lists and dicts of them); the archive writes the same rows as
JSON and as a readable page. A domain that starts keeping something about members
(following threads, reactions …) adds its section here, and the archive, its pages, the
count shown before asking and the tests that every field is labelled follow.

Only what is the member's own: their account, their posts with every version and the
decisions about them (with their statements of reasons), the decisions they took as a
moderator, their reports, appeals and notifications, their vault, cards and who saw them.
Never another member's words or whereabouts: a report names the post, not its author;
a decision about one's post, not who took it; an escalation (a hand-over between
moderators) and a dismissal of other members' reports are not about the author, and stay
out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, func, literal, select
from sqlalchemy.orm import Session, joinedload

from community.accounts.models import Member
from community.forums import drafts
from community.forums.models import (
    Draft,
    Membership,
    Post,
    PostRevision,
    PostStatus,
    Space,
    SpaceRole,
    Thread,
)
from community.kernel.clock import site_zone
from community.kernel.reasons import RejectionReason, SuspensionRule, report_or_notice_label
from community.kernel.urls import external_url, slugify
from community.moderation import statements
from community.moderation.models import Appeal, DecisionAction, ModerationDecision, PostReport
from community.notifications.models import Notification
from community.pages import drafts as draft_pages
from community.pages.mydata.labels import AUTOMATED_LABELS, Coded, coded, role_label
from community.selfdata import export as vault_export
from community.selfdata import store
from community.selfdata.card_queries import own_cards
from community.selfdata.cards import snapshot_of
from community.selfdata.models import CardView, DataCard, VaultEntry, VaultProfile
from community.selfdata.records import (
    SERIES,
    Diagnosis,
    LabResult,
    Measurement,
    Precision,
    Record,
    Symptom,
    Treatment,
    partial_iso,
)

Row = dict[str, Any]

# The decisions about a post that its author hears of (notifications.TOLD_AUTHOR, appeals):
# escalations and dismissals of reports are between moderators and reporters.
TOLD_TO_AUTHOR = frozenset(DecisionAction) - {
    DecisionAction.ESCALATE,
    DecisionAction.DISMISS_REPORTS,
}


@dataclass(frozen=True)
class Section:
    """One kind of data in the archive.

    `name` is its key in the JSON and the name of its page; `rows` reads the member's
    rows; `count` is an SQL expression of how many there are, read with every other
    section's in one query (the page before asking, and whether the worker builds it);
    `template` draws its page; `files` adds files of its own to the archive.
    """

    name: str
    title: Any  # a lazy string
    about: Any
    rows: Callable[[Session, Member], list[Row]]
    count: Callable[[Member], ColumnElement[int]]
    template: str = "mydata/archive/section.html"
    files: Callable[[Session, Member], dict[str, bytes]] | None = field(default=None)


def _counted(model: Any, *conditions: Any) -> ColumnElement[int]:
    return select(func.count()).select_from(model).where(*conditions).scalar_subquery()


def _link(thread: Thread, post_id: int) -> str:
    return external_url(
        "threads.thread",
        thread_id=thread.id,
        slug=slugify(thread.title),
        _anchor=f"message-{post_id}",
    )


# --- the account and its spaces -------------------------------------------------------------


def account_rows(_session: Session, member: Member) -> list[Row]:
    return [
        {
            "pseudonym": member.pseudonym,
            "email": member.email,
            "language": member.locale,
            "status": coded(member.status),
            "registered_at": member.created_at,
            "charter_accepted_at": member.charter_accepted_at,
            "privacy_accepted_at": member.privacy_accepted_at,
            "password_changed_at": member.password_changed_at,
            "notifications_by_email": member.notify_by_email,
            "site_admin": member.is_site_admin,
        }
    ]


def space_rows(session: Session, member: Member) -> list[Row]:
    """One row per space the member belongs to or holds a role in."""
    rows: dict[int, Row] = {}

    def row_of(space: Space) -> Row:
        return rows.setdefault(
            space.id,
            {"space": space.name, "member_since": None, "trusted_since": None, "roles": []},
        )

    memberships = session.execute(
        select(Membership, Space)
        .join(Space, Space.id == Membership.space_id)
        .where(Membership.member_id == member.id)
        .order_by(Membership.joined_at, Space.id)
    )
    for membership, space in memberships:
        row = row_of(space)
        row["member_since"] = membership.joined_at
        row["trusted_since"] = membership.trusted_at
    roles = session.scalars(
        select(SpaceRole)
        .options(joinedload(SpaceRole.space))
        .where(SpaceRole.member_id == member.id)
        .order_by(SpaceRole.granted_at, SpaceRole.id)
    )
    for role in roles:
        row_of(role.space)["roles"].append(
            {"role": coded(role.kind), "specialty": role.specialty, "granted_at": role.granted_at}
        )
    return list(rows.values())


# --- posts, their versions and the decisions about them ----------------------------------------


def _statement(decision: ModerationDecision) -> Row | None:
    statement = statements.statement_of(decision)
    if statement is None:
        return None
    row: Row = {
        "decided": str(statement.decided),
        "rule": str(statement.site_rule) if statement.site_rule else "",
        "space": statement.space_name,
        "space_rules": statement.space_rules,
        "passages": statement.passages,
        "reports": statement.reports,
        "automated": Coded(statement.automated, AUTOMATED_LABELS[statement.automated]),
        "automated_reasons": statement.automated_reasons,
        "appeal_until": statement.appeal_until,
    }
    if statement.suspension:
        row["suspended_until"] = statement.suspended_until
    return row


def _decision_row(decision: ModerationDecision) -> Row:
    return {
        "decision": coded(decision.action),
        "decided_at": decision.created_at,
        "reason": _reason(decision),
        "moderator_text": decision.reason_text,
        "statement": _statement(decision),
    }


def _reason(decision: ModerationDecision) -> Coded | None:
    """Why: a refusal's reason, or the charter's rule a suspension rests on."""
    code = decision.reason_code
    if not code:
        return None
    if decision.subject_id is not None:
        return Coded(code, SuspensionRule.label_of(code, unknown=code))
    return Coded(code, RejectionReason.label_of(code, unknown=code))


def _by_post(items: Sequence[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for item in items:
        grouped.setdefault(item.post_id, []).append(item)
    return grouped


def post_rows(session: Session, member: Member) -> list[Row]:
    """Every post the member wrote, whatever became of it, oldest first (four queries)."""
    posts = session.scalars(
        select(Post)
        .options(joinedload(Post.thread).joinedload(Thread.space))
        .where(Post.author_id == member.id)
        .order_by(Post.id)
    ).all()
    if not posts:
        return []
    ids = [post.id for post in posts]
    # IN lists of ids in the thousands are fine on both databases; a member with more
    # posts than that is what the worker builds archives for.
    openings = set(
        session.scalars(
            select(func.min(Post.id))
            .where(Post.thread_id.in_({post.thread_id for post in posts}))
            .group_by(Post.thread_id)
        )
    )
    revisions = _by_post(
        session.scalars(
            select(PostRevision)
            .where(PostRevision.post_id.in_(ids))
            .order_by(PostRevision.created_at, PostRevision.id)
        ).all()
    )
    decisions = _by_post(
        session.scalars(
            select(ModerationDecision)
            .where(
                ModerationDecision.post_id.in_(ids),
                ModerationDecision.action.in_(TOLD_TO_AUTHOR),
            )
            .order_by(ModerationDecision.created_at, ModerationDecision.id)
        ).all()
    )
    rows = []
    for post in posts:
        thread = post.thread
        rows.append(
            {
                "id": post.id,
                "space": thread.space.name,
                "thread": thread.title,
                "opens_thread": post.id in openings,
                "status": coded(post.status),
                "written_at": post.created_at,
                "published_at": post.published_at,
                "edited_at": post.edited_at,
                "status_changed_at": post.status_changed_at,
                "text": post.body_source,
                "link": None if post.status is PostStatus.WITHDRAWN else _link(thread, post.id),
                "history": [
                    {
                        "status": coded(revision.status),
                        "written_at": revision.created_at,
                        "title": revision.title,
                        "text": revision.body_source,
                    }
                    for revision in revisions.get(post.id, ())
                ],
                "decisions": [_decision_row(d) for d in decisions.get(post.id, ())],
            }
        )
    return rows


def account_decision_rows(session: Session, member: Member) -> list[Row]:
    """The decisions about the member's account (a suspension, its lifting, the answer to
    its appeal), with their statements of reasons."""
    decisions = session.scalars(
        select(ModerationDecision)
        .where(ModerationDecision.subject_id == member.id)
        .order_by(ModerationDecision.created_at, ModerationDecision.id)
    )
    return [_decision_row(decision) for decision in decisions]


def moderation_rows(session: Session, member: Member) -> list[Row]:
    """The decisions the member took as a moderator (or a site admin): what, when, where,
    and their words; not whom a suspension was about."""
    decisions = session.execute(
        select(ModerationDecision, Space.name)
        .outerjoin(Space, Space.id == ModerationDecision.space_id)
        .where(ModerationDecision.moderator_id == member.id)
        .order_by(ModerationDecision.created_at, ModerationDecision.id)
    )
    return [
        {
            "decided_at": decision.created_at,
            "space": space_name,
            "decision": coded(decision.action),
            "post_id": decision.post_id,
            "reason": _reason(decision),
            "moderator_text": decision.reason_text,
        }
        for decision, space_name in decisions
    ]


# --- reports, appeals, notifications -----------------------------------------------------------


def report_rows(session: Session, member: Member) -> list[Row]:
    reports = session.execute(
        select(PostReport, Thread.title, Space.name, ModerationDecision.action)
        .join(Post, Post.id == PostReport.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .join(Space, Space.id == Thread.space_id)
        .outerjoin(ModerationDecision, ModerationDecision.id == PostReport.resolved_by_decision_id)
        .where(PostReport.reporter_id == member.id)
        .order_by(PostReport.created_at, PostReport.id)
    )
    return [
        {
            "post_id": report.post_id,
            "space": space_name,
            "thread": title,
            "reason": Coded(report.reason_code, report_or_notice_label(report.reason_code)),
            "text": report.reason_text,
            "sent_at": report.created_at,
            "resolved_at": report.resolved_at,
            "outcome": coded(action) if action is not None else None,
        }
        for report, title, space_name, action in reports
    ]


def appeal_rows(session: Session, member: Member) -> list[Row]:
    appeals = session.scalars(
        select(Appeal)
        .options(joinedload(Appeal.decision), joinedload(Appeal.outcome))
        .where(Appeal.appellant_id == member.id)
        .order_by(Appeal.created_at, Appeal.id)
    )
    return [
        {
            "post_id": appeal.post_id,
            "contested_decision": _decision_row(appeal.decision),
            "as_reporter": appeal.as_reporter,
            "message": appeal.message,
            "sent_at": appeal.created_at,
            "status": coded(appeal.status),
            "answered_at": appeal.decided_at,
            "answer": appeal.outcome.reason_text if appeal.outcome is not None else None,
        }
        for appeal in appeals
    ]


def notification_rows(session: Session, member: Member) -> list[Row]:
    notifications = session.scalars(
        select(Notification)
        .where(Notification.member_id == member.id)
        .order_by(Notification.created_at, Notification.id)
    )
    return [
        {
            "what": coded(notification.kind),
            "received_at": notification.created_at,
            "read_at": notification.read_at,
            "post_id": notification.post_id,
            "emailed_at": notification.emailed_at,
        }
        for notification in notifications
    ]


# --- the vault, data cards and who saw them -----------------------------------------------------


def profile_rows(session: Session, member: Member) -> list[Row]:
    profile = store.load_profile(session, owner=member)
    if profile.birth_year is None and profile.sex is None:
        return []
    return [
        {
            "birth_year": profile.birth_year,
            "sex": coded(profile.sex) if profile.sex is not None else None,
        }
    ]


def _partial(day: date | None, precision: Precision) -> date | str | None:
    """A day as a date; a month or a year alone as "2019-03" or "2019", no day invented."""
    if day is None or precision is Precision.DAY:
        return day
    return partial_iso(day, precision)


def _record_row(record: Record) -> Row:
    row: Row = {"category": coded(record.category)}
    if isinstance(record, Measurement):
        series = SERIES[record.series]
        row |= {
            "series": Coded(record.series, series.label),
            "name": record.label,
            "at": record.at,
            "value": record.value,
            "value2": record.value2,
            "unit": record.unit,
        }
    elif isinstance(record, Treatment):
        row |= {
            "name": record.name,
            "start": _partial(record.start, record.start_precision),
            "stop": _partial(record.stop, record.stop_precision),
            "dose": record.dose,
        }
    elif isinstance(record, Diagnosis):
        row |= {
            "name": record.name,
            "start": _partial(record.since, record.precision),
            "stop": _partial(record.ended, record.ended_precision),
        }
    elif isinstance(record, Symptom):
        row |= {"name": record.symptom, "on": record.on, "intensity": record.intensity}
    else:
        assert isinstance(record, LabResult)
        row |= {
            "name": record.test,
            "on": record.on,
            "value": record.value,
            "value_text": record.value_text,
            "unit": record.unit,
        }
    row["note"] = record.note
    return row


def vault_rows(session: Session, member: Member) -> list[Row]:
    return [_record_row(stored.record) for stored in store.records(session, owner=member)]


def vault_files(session: Session, member: Member) -> dict[str, bytes]:
    """The vault's own export, as its page offers it: the CSV its import reads back."""
    return {
        "coffre.csv": vault_export.vault_csv(session, owner=member, zone=site_zone()),
        "coffre.json": vault_export.vault_json(session, owner=member),
    }


def card_rows(session: Session, member: Member) -> list[Row]:
    return [
        {
            "id": card.id,
            "title": card.title,
            "space": card.space.name,
            "audience": coded(card.audience),
            "created_at": card.created_at,
            "linked_at": card.linked_at,
            "post_id": card.post_id,
            "snapshot": snapshot_of(card),
        }
        for card in reversed(own_cards(session, owner=member))
    ]


def card_view_rows(session: Session, member: Member) -> list[Row]:
    views = session.scalars(
        select(CardView)
        .options(joinedload(CardView.viewer))
        .where(CardView.owner_id == member.id)
        .order_by(CardView.viewed_at, CardView.id)
    )
    return [
        {
            "card": view.card_title,
            "post_id": view.post_id,
            "viewer": _viewer(view),
            "viewer_role": role_label(view.viewer_role),
            "viewed_at": view.viewed_at,
        }
        for view in views
    ]


def draft_rows(session: Session, member: Member) -> list[Row]:
    rows = []
    for draft in reversed(drafts.drafts_of(session, member=member, limit=None)):
        written = draft_pages.opened(draft)
        endpoint, values = draft_pages.resume_target(draft)
        rows.append(
            {
                "where": draft_pages.place_of(draft),
                "title": written.title if written else "",
                "text": written.body if written else "",
                "saved_at": draft.updated_at,
                "link": external_url(endpoint, **values),
            }
        )
    return rows


def _viewer(view: CardView) -> str:
    if view.viewer is None:
        return _("visiteur") if view.viewer_role == "anonymous" else _("membre supprimé")
    if view.viewer.deleted_at is not None:
        return _("membre supprimé")
    return view.viewer.pseudonym


SECTIONS: tuple[Section, ...] = (
    Section(
        "account",
        _l("Mon compte"),
        _l("Ce que vous avez donné en vous inscrivant, et vos réglages."),
        account_rows,
        lambda member: literal(1),
    ),
    Section(
        "spaces",
        _l("Mes espaces et mes rôles"),
        _l("Les espaces dont vous êtes membre, et vos rôles de modérateur ou d’administrateur."),
        space_rows,
        lambda member: (
            _counted(Membership, Membership.member_id == member.id)
            + _counted(SpaceRole, SpaceRole.member_id == member.id)
        ),
    ),
    Section(
        "posts",
        _l("Mes messages"),
        _l(
            "Chacun de vos messages, publié ou non, avec ses versions successives et les "
            "décisions des modérateurs à son sujet, motifs compris."
        ),
        post_rows,
        lambda member: _counted(Post, Post.author_id == member.id),
    ),
    Section(
        "account_decisions",
        _l("Les décisions sur mon compte"),
        _l("Une suspension de votre compte, sa levée, la réponse à sa contestation, et pourquoi."),
        account_decision_rows,
        lambda member: _counted(ModerationDecision, ModerationDecision.subject_id == member.id),
    ),
    Section(
        "reports",
        _l("Mes signalements"),
        _l("Les messages que vous avez signalés, et la suite donnée."),
        report_rows,
        lambda member: _counted(PostReport, PostReport.reporter_id == member.id),
    ),
    Section(
        "appeals",
        _l("Mes contestations"),
        _l("Les décisions que vous avez contestées, et la réponse."),
        appeal_rows,
        lambda member: _counted(Appeal, Appeal.appellant_id == member.id),
    ),
    Section(
        "notifications",
        _l("Mes notifications"),
        _l("Tout ce que le site vous a fait savoir."),
        notification_rows,
        lambda member: _counted(Notification, Notification.member_id == member.id),
    ),
    Section(
        "moderation",
        _l("Mes décisions de modérateur"),
        _l("Les décisions que vous avez prises en modérant, avec vos motifs."),
        moderation_rows,
        lambda member: _counted(ModerationDecision, ModerationDecision.moderator_id == member.id),
    ),
    Section(
        "vault_profile",
        _l("Mon profil du coffre"),
        _l("L’année de naissance et le sexe que vous avez donnés pour vos cartes de données."),
        profile_rows,
        lambda member: _counted(VaultProfile, VaultProfile.member_id == member.id),
    ),
    Section(
        "vault",
        _l("Mon coffre de données"),
        _l(
            "Vos mesures, traitements, symptômes et analyses. Les fichiers coffre.csv et "
            "coffre.json sont ceux que la page du coffre propose : le coffre d’un autre "
            "compte peut les importer."
        ),
        vault_rows,
        lambda member: _counted(VaultEntry, VaultEntry.owner_id == member.id),
        files=vault_files,
    ),
    Section(
        "cards",
        _l("Mes cartes de données"),
        _l("Chaque carte que vous avez créée, telle que les autres la voient."),
        card_rows,
        lambda member: _counted(DataCard, DataCard.owner_id == member.id),
        template="mydata/archive/cards.html",
    ),
    Section(
        "card_views",
        _l("Qui a vu mes cartes"),
        _l("Chaque fois que quelqu’un d’autre que vous a vu une de vos cartes."),
        card_view_rows,
        lambda member: _counted(CardView, CardView.owner_id == member.id),
    ),
    Section(
        "drafts",
        _l("Mes brouillons"),
        _l("Ce que vous avez écrit sans l’envoyer encore."),
        draft_rows,
        lambda member: _counted(Draft, Draft.member_id == member.id),
    ),
)


def counts(session: Session, *, member: Member) -> dict[str, int]:
    """How many rows each section holds for the member, in one query."""
    row = session.execute(
        select(*(section.count(member).label(section.name) for section in SECTIONS))
    ).one()
    return {section.name: int(row[index] or 0) for index, section in enumerate(SECTIONS)}

"""Notices of illegal content: sending one, telling its sender the decision, forgetting
their address.

A notice waits in the queue as a report with no member, so the moderator takes the post
down or keeps it exactly as for members' reports; the VisitorNotice beside it keeps what
only a notice has (its category, the sender's address and language) and its outcome.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from community.forums.models import Post, PostStatus
from community.kernel import outbox
from community.kernel.clock import utcnow
from community.kernel.reasons import NoticeCategory, RejectionReason
from community.kernel.text import has_visible_text
from community.kernel.urls import external_url, slugify
from community.moderation.models import (
    Appeal,
    DecisionAction,
    ModerationDecision,
    NoticeOutcome,
    PostReport,
    VisitorNotice,
)
from community.moderation.reports.services import request_review

NOTICE_TEXT_MAX = 2000

OUTCOMES = {
    DecisionAction.UNPUBLISH: NoticeOutcome.TAKEN_DOWN,
    DecisionAction.DISMISS_REPORTS: NoticeOutcome.KEPT,
}


class NoticeError(Exception):
    """A notice refused; `code` says why (the view picks the message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalized_address(email: str) -> str:
    """One spelling per address, so that the limit of open notices counts it once."""
    return email.strip().lower()


def post_address(post: Post) -> str:
    """The address of a post on the site, as a sender pastes it and as their e-mails name it."""
    thread = post.thread
    return external_url(
        "threads.thread",
        thread_id=thread.id,
        slug=slugify(thread.title),
        _anchor=f"message-{post.id}",
    )


def _places_held(session: Session, *, email: str) -> set[int]:
    """The places of this address its waiting notices hold (`open_slot`)."""
    return set(
        session.scalars(
            select(VisitorNotice.open_slot).where(
                VisitorNotice.email == email, VisitorNotice.open_slot.is_not(None)
            )
        )
    )


def _waits_here(session: Session, *, email: str, post: Post) -> bool:
    """Whether this address already notified this post, and the notice waits."""
    found = session.scalar(
        select(VisitorNotice.id).where(
            VisitorNotice.email == email,
            VisitorNotice.post_id == post.id,
            VisitorNotice.open_slot.is_not(None),
        )
    )
    return found is not None


def send_notice(
    session: Session,
    *,
    post: Post,
    email: str,
    category: str,
    justification: str,
    locale: str,
    open_limit: int,
) -> VisitorNotice:
    """Record a notice of a published post; the post goes back to the queue, and the
    sender's acknowledgement to the outbox. Flushes.

    Raises NoticeError with code "not_published", "unknown_category", "no_text",
    "text_too_long", "already_sent" (this address already notified this post, and it
    waits) or "too_many_open" (this address has `open_limit` notices waiting).

    The notice takes a free place of its address; two requests sent at once that take
    the same place, or notify the same post, meet the database's unique indexes: the
    second (once the first is committed) looks again, in a savepoint, and is told.
    """
    if post.status is not PostStatus.PUBLISHED:
        raise NoticeError("not_published")
    if category not in tuple(NoticeCategory):
        raise NoticeError("unknown_category")
    justification = (justification or "").strip()
    if not has_visible_text(justification):
        raise NoticeError("no_text")
    if len(justification) > NOTICE_TEXT_MAX:
        raise NoticeError("text_too_long")
    email = normalized_address(email)
    # Each failed try found a place taken meanwhile, so after `open_limit` of them every
    # place is taken: the last look refuses.
    for _attempt in range(open_limit + 1):
        if _waits_here(session, email=email, post=post):
            raise NoticeError("already_sent")
        held = _places_held(session, email=email)
        place = next((n for n in range(1, open_limit + 1) if n not in held), None)
        if place is None:
            raise NoticeError("too_many_open")
        try:
            with session.begin_nested():
                notice = _store(
                    session,
                    post=post,
                    email=email,
                    category=category,
                    justification=justification,
                    locale=locale,
                    place=place,
                )
        except IntegrityError:
            continue  # another request took this place, or this post, first: look again
        break
    else:
        raise NoticeError("too_many_open")
    request_review(session, post=post, at=notice.created_at)
    session.flush()
    _write(
        session,
        notice,
        subject=_l("Votre signalement d’un contenu illicite est reçu"),
        template="moderation/mail_notice_received.txt",
    )
    return notice


def _store(
    session: Session,
    *,
    post: Post,
    email: str,
    category: str,
    justification: str,
    locale: str,
    place: int,
) -> VisitorNotice:
    """The report that puts the post in the queue, and the notice beside it in `place`."""
    now = utcnow()
    report = PostReport(
        post_id=post.id,
        space_id=post.thread.space_id,
        reporter_id=None,
        reason_code=category,
        reason_text=justification,
        created_at=now,
    )
    session.add(report)
    session.flush()
    notice = VisitorNotice(
        report_id=report.id,
        post_id=post.id,
        space_id=post.thread.space_id,
        category=category,
        justification=justification,
        email=email,
        locale=locale,
        created_at=now,
        outcome=NoticeOutcome.OPEN,
        open_slot=place,
    )
    session.add(notice)
    session.flush()
    return notice


def settle_notices(
    decision: ModerationDecision, *, session: Session, post: Post, is_revision: bool
) -> None:
    """A moderator took down a post or kept it: the notices its decision closed get their
    outcome, and each sender the decision by e-mail (signal `post_decided`)."""
    outcome = OUTCOMES.get(decision.action)
    if outcome is None or is_revision:
        return
    # The decision has closed the post's reports (it may not name them yet): the open
    # notices whose report is closed are those it answers.
    notices = session.scalars(
        select(VisitorNotice)
        .join(PostReport, PostReport.id == VisitorNotice.report_id)
        .where(
            VisitorNotice.post_id == post.id,
            VisitorNotice.outcome == NoticeOutcome.OPEN,
            PostReport.resolved_at.is_not(None),
        )
    ).all()
    for notice in notices:
        notice.outcome = outcome
        notice.decided_at = decision.created_at
        notice.decision_id = decision.id
        notice.open_slot = None  # its address may send another
        _write(
            session,
            notice,
            subject=_l("La décision sur votre signalement"),
            template="moderation/mail_notice_decided.txt",
            decision=decision,
            reason=RejectionReason.label_of(decision.reason_code),
        )
    session.flush()


def tell_senders_of_reversal(
    appeal: Appeal, *, session: Session, post: Post | None, outcome: ModerationDecision
) -> None:
    """An appeal reversed the decision that answered visitors' notices (the post they
    notified is published again, or taken down after all): each sender whose address is
    still kept is told by e-mail, with no reasons quoted, as the first answer was
    (signal `appeal_decided`)."""
    if post is None or outcome.action is not DecisionAction.APPEAL_REVERSED:
        return
    notices = session.scalars(
        select(VisitorNotice).where(
            VisitorNotice.decision_id == appeal.decision_id, VisitorNotice.email.is_not(None)
        )
    ).all()
    for notice in notices:
        _write(
            session,
            notice,
            subject=_l("La décision sur votre signalement a été annulée"),
            template="moderation/mail_notice_reversed.txt",
            taken_down=notice.outcome is NoticeOutcome.KEPT,
        )
    session.flush()


def _write(
    session: Session, notice: VisitorNotice, *, subject: Any, template: str, **context: Any
) -> None:
    """An e-mail to the notice's sender, in the language they wrote in (`subject` lazy, so
    that it is written in theirs, not in the moderator's)."""
    if notice.email is None:
        return
    with force_locale(notice.locale):
        outbox.enqueue(
            session,
            to=notice.email,
            subject=str(subject),
            body=render_template(
                template,
                notice=notice,
                category=NoticeCategory.label_of(notice.category, unknown=notice.category),
                post_url=post_address(notice.post),
                kept_days=int(current_app.config["NOTICE_ADDRESS_KEPT_DAYS"]),
                **context,
            ),
        )


def erase_addresses(
    session: Session, *, now: datetime, after_decision: timedelta, undecided: timedelta
) -> int:
    """Forget the senders' addresses once they served: `after_decision` after the decision
    they were told of, or `undecided` after a notice that never got one (its post was
    withdrawn meanwhile). The notices stay, to be counted. Flushes; how many erased."""
    result = session.execute(
        update(VisitorNotice)
        .where(
            VisitorNotice.email.is_not(None),
            (
                (VisitorNotice.decided_at <= now - after_decision)
                | (
                    (VisitorNotice.outcome == NoticeOutcome.OPEN)
                    & (VisitorNotice.created_at <= now - undecided)
                )
            ),
        )
        .values(email=None, open_slot=None)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

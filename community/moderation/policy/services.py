"""A space's moderation policy: thresholds, watched words, trusted members (services and reads)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from community.accounts.models import Member, MemberStatus
from community.forums.models import Membership, Post, PostStatus, Space, Thread
from community.kernel.clock import utcnow
from community.kernel.pagination import Page, page_count
from community.moderation.model.scorers import LABELS
from community.moderation.models import SpacePolicy, WatchAction, WatchedWord
from community.moderation.policy import score_calibration
from community.moderation.scoring import detectors
from community.textscan.normalize import fold_chars

THRESHOLD_MIN = Decimal("0.05")
THRESHOLD_MAX = Decimal("0.99")
WORD_MAX = 80
TRUSTED_PER_PAGE = 50

_DECIMAL = re.compile(r"\d{0,2}(?:[.,]\d{1,2})?")


class PolicyError(Exception):
    """A change refused; `code` says why (the view picks the French message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- thresholds and the auto-publish switch --------------------------------------------


def parse_threshold(text: str) -> float:
    """ "0,83", "0.83" or ",8" as a threshold; PolicyError("bad_threshold") otherwise.

    French writes a decimal comma; both are accepted, with two decimals at most, because
    a third decimal would promise a precision the model does not have.
    """
    text = (text or "").strip().replace(" ", "")
    if not text or not _DECIMAL.fullmatch(text):
        raise PolicyError("bad_threshold")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise PolicyError("bad_threshold") from None
    if not THRESHOLD_MIN <= value <= THRESHOLD_MAX:
        raise PolicyError("bad_threshold")
    return float(value)


def policy_of(session: Session, *, space: Space) -> SpacePolicy | None:
    """The space's policy row; None while nobody saved one (the defaults apply)."""
    return session.get(SpacePolicy, space.id)


def thresholds_of(policy: SpacePolicy | None, *, default: float) -> dict[str, float]:
    """Every label's threshold in this space: the saved one, else the configured default."""
    saved = dict(policy.thresholds or {}) if policy is not None else {}
    labels = [*LABELS, *(label for label in saved if label not in LABELS)]
    return {label: float(saved.get(label, default)) for label in labels}


def save_policy(
    session: Session,
    *,
    actor: Member,
    space: Space,
    thresholds: Mapping[str, float],
    auto_publish_trusted: bool,
    use_calibrated_risk: bool | None = None,
) -> SpacePolicy:
    """Set the space's thresholds and switches; the row is created on the first save.

    `use_calibrated_risk` None keeps what was saved (off for a new row).
    """
    checked: dict[str, float] = {}
    for label, value in thresholds.items():
        rounded = round(float(value), 2)
        if not float(THRESHOLD_MIN) <= rounded <= float(THRESHOLD_MAX):
            raise PolicyError("bad_threshold")
        checked[label] = rounded
    policy = policy_of(session, space=space)
    if policy is None:
        policy = SpacePolicy(space_id=space.id)
        session.add(policy)
    # A new dict, not an update in place: the JSON column only notices a new value.
    policy.thresholds = {**(policy.thresholds or {}), **checked}
    policy.auto_publish_trusted = bool(auto_publish_trusted)
    if use_calibrated_risk is not None:
        policy.use_calibrated_risk = bool(use_calibrated_risk)
    policy.updated_at = utcnow()
    policy.updated_by_id = actor.id
    session.flush()
    return policy


def calibrations_for(
    session: Session, *, policies: Iterable[SpacePolicy]
) -> dict[int, Callable[[str, float], float | None]]:
    """For each space whose association chose it, the probability that its moderators
    refuse a post with a given label's score (None for a label not fitted)."""
    chosen = [policy.space_id for policy in policies if policy.use_calibrated_risk]
    fits = score_calibration.fits_for(session, space_ids=chosen)

    def reader(knots_of: dict[str, list[list[float]]]) -> Callable[[str, float], float | None]:
        def calibrate(label: str, score: float) -> float | None:
            knots = knots_of.get(label)
            return score_calibration.calibrated(knots, score) if knots else None

        return calibrate

    return {space_id: reader(knots_of) for space_id, knots_of in fits.items()}


def policies_for(session: Session, *, space_ids: Iterable[int]) -> dict[int, SpacePolicy]:
    """The policies of several spaces in one query (the worker's batch)."""
    ids = set(space_ids)
    if not ids:
        return {}
    rows = session.scalars(select(SpacePolicy).where(SpacePolicy.space_id.in_(ids)))
    return {policy.space_id: policy for policy in rows}


# --- watched words ---------------------------------------------------------------------


def word_key(word: str) -> str:
    """What makes two watched words the same: case, accents and spaces folded."""
    return " ".join(fold_chars(word).folded.split())


def watched_words(session: Session, *, space: Space) -> list[WatchedWord]:
    """The space's watched words, in alphabetical order of their folded form."""
    return list(
        session.scalars(
            select(WatchedWord)
            .where(WatchedWord.space_id == space.id)
            .order_by(WatchedWord.word_key, WatchedWord.id)
        )
    )


def add_watched_word(
    session: Session, *, actor: Member, space: Space, word: str, action: WatchAction
) -> WatchedWord:
    """Watch a word or phrase in the space; "mot*" also catches every word starting with "mot".

    Raises PolicyError "empty", "too_long", "bad_star" or "duplicate".
    """
    word = " ".join((word or "").split())
    key = word_key(word)
    if not re.search(r"\w", key):
        raise PolicyError("empty")
    if len(word) > WORD_MAX:
        raise PolicyError("too_long")
    # The star means "any ending": only at the end, once ("régime*", "perte de poid*").
    if "*" in key[:-1] or key.endswith(" *"):
        raise PolicyError("bad_star")
    duplicate = session.scalar(
        select(WatchedWord.id).where(WatchedWord.space_id == space.id, WatchedWord.word_key == key)
    )
    if duplicate is not None:
        raise PolicyError("duplicate")
    watched = WatchedWord(
        space_id=space.id,
        word=word,
        word_key=key,
        action=WatchAction(action),
        created_at=utcnow(),
        created_by_id=actor.id,
    )
    session.add(watched)
    session.flush()
    return watched


def remove_watched_word(session: Session, *, actor: Member, space: Space, word_id: int) -> bool:
    """Stop watching a word; False if it was already gone (another admin, another tab)."""
    watched = session.get(WatchedWord, word_id)
    if watched is None or watched.space_id != space.id:
        return False
    session.delete(watched)
    session.flush()
    return True


def detector_words(
    session: Session, *, space_ids: Iterable[int]
) -> dict[int, tuple[detectors.WatchedWord, ...]]:
    """Each space's watched words as the detectors take them, in one query for a batch."""
    ids = set(space_ids)
    found: dict[int, list[detectors.WatchedWord]] = {space_id: [] for space_id in ids}
    if ids:
        rows = session.execute(
            select(WatchedWord.space_id, WatchedWord.word, WatchedWord.action)
            .where(WatchedWord.space_id.in_(ids))
            .order_by(WatchedWord.id)
        )
        for space_id, word, action in rows:
            found[space_id].append(detectors.WatchedWord(word, str(action)))
    # Tuples: the detectors compile each list once and cache it by value.
    return {space_id: tuple(words) for space_id, words in found.items()}


def blocked_words_in(session: Session, *, space: Space, text: str) -> list[str]:
    """The words of `text` this space blocks (as the association wrote them); one query.

    For the posting page: the author is told at once that a word of their post is not
    accepted here and that a moderator will look. The post is stored all the same.
    """
    words = session.scalars(
        select(WatchedWord.word).where(
            WatchedWord.space_id == space.id, WatchedWord.action == WatchAction.BLOCK
        )
    ).all()
    if not words:
        return []
    blocked = tuple(detectors.WatchedWord(word, detectors.Severity.BLOCK) for word in words)
    return detectors.watched_words_found(text, blocked)


def blocked_notice(words: Sequence[str]) -> str:
    """What the author reads at once when their post holds words the space blocks."""
    quoted = ", ".join(f"« {word} »" for word in words)
    return _(
        "Votre message contient un mot qui n’est pas accepté dans cet espace (%(words)s). "
        "Il ne sera pas publié automatiquement : un modérateur va le relire.",
        words=quoted,
    )


# --- trusted members -------------------------------------------------------------------


@dataclass(frozen=True)
class SpaceMember:
    """A member of the space, with how their posts here fared."""

    member: Member
    membership: Membership
    published: int
    refused: int

    @property
    def trusted(self) -> bool:
        return self.membership.trusted_at is not None


def space_members(session: Session, *, space: Space, number: int = 1) -> Page[SpaceMember]:
    """The space's members, trusted ones first, then by pseudonym; two queries per page."""
    live = and_(
        Membership.space_id == space.id,
        Membership.member_id == Member.id,
        Member.status != MemberStatus.DELETED,
    )
    total = session.scalar(select(func.count()).select_from(Membership).join(Member, live)) or 0
    count = page_count(total, TRUSTED_PER_PAGE)
    number = min(max(number, 1), count)
    counts = (
        select(
            Post.author_id.label("author_id"),
            func.sum(case((Post.status == PostStatus.PUBLISHED, 1), else_=0)).label("published"),
            func.sum(case((Post.status == PostStatus.REJECTED, 1), else_=0)).label("refused"),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .where(Thread.space_id == space.id)
        .group_by(Post.author_id)
        .subquery()
    )
    rows = session.execute(
        select(Member, Membership, counts.c.published, counts.c.refused)
        .join(Member, live)
        .outerjoin(counts, counts.c.author_id == Member.id)
        .order_by(Membership.trusted_at.is_(None), func.lower(Member.pseudonym), Member.id)
        .limit(TRUSTED_PER_PAGE)
        .offset((number - 1) * TRUSTED_PER_PAGE)
    ).all()
    items = [
        SpaceMember(member, membership, int(published or 0), int(refused or 0))
        for member, membership, published, refused in rows
    ]
    return Page(items=items, number=number, count=count)


def set_trusted(
    session: Session, *, actor: Member, space: Space, member_id: int, trusted: bool
) -> Membership:
    """Mark a member of the space trusted, or no longer; PolicyError("not_member") otherwise."""
    membership = session.scalar(
        select(Membership)
        .join(Member, Member.id == Membership.member_id)
        .where(
            Membership.space_id == space.id,
            Membership.member_id == member_id,
            Member.status != MemberStatus.DELETED,
        )
    )
    if membership is None:
        raise PolicyError("not_member")
    if trusted and membership.trusted_at is None:
        membership.trusted_at = utcnow()
        membership.trusted_by_id = actor.id
    elif not trusted:
        membership.trusted_at = None
        membership.trusted_by_id = None
    session.flush()
    return membership


def trusted_authors(session: Session, *, pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (member_id, space_id) pairs are trusted memberships, in one query."""
    wanted = set(pairs)
    if not wanted:
        return set()
    rows = session.execute(
        select(Membership.member_id, Membership.space_id).where(
            Membership.member_id.in_({member_id for member_id, _ in wanted}),
            Membership.space_id.in_({space_id for _, space_id in wanted}),
            Membership.trusted_at.is_not(None),
        )
    )
    return {(member_id, space_id) for member_id, space_id in rows} & wanted

"""The queue's filters and counts, read from what each queue item keeps: whether its post
waits, and the kinds of finding it holds, kept right whatever happens to the post."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import Post, PostStatus, SpaceRoleKind
from community.jobs import run_once
from community.kernel.clock import utcnow
from community.moderation.models import ModerationItem, PostReport
from community.moderation.queue import services as moderation
from community.moderation.queue.queries import (
    Cursor,
    QueueFilter,
    moderated_spaces,
    pending_queue,
    queue_counts,
)
from community.moderation.queue.waiting import waiting_since
from community.moderation.reports.services import report_post
from tests.forums import helpers as h
from tests.moderation.test_queue import _world

PHONE_TEXT = "Appelez-moi au 06 12 34 56 78 pour en parler, je suis là le soir."
SALES_TEXT = "Achetez mon livre, livraison gratuite ! Il change la vie des diabétiques."
KIND_OF = {"donnees": "personal_data", "conseil": "dangerous_advice", "spam": "spam"}
KIND_OF["mot"] = "watched_word"


def _finding(kind: str) -> dict[str, Any]:
    return {"kind": kind, "code": kind, "severity": "flag", "spans": [], "detail": ""}


def _item(session: Any, post: Post, **values: Any) -> ModerationItem:
    """The post as the worker leaves it once scored (values: risk, urgent, findings)."""
    item = ModerationItem(
        post_id=post.id,
        space_id=post.thread.space_id,
        requested_at=post.review_requested_at,
        scores={"toxicity": values.get("risk", 0.0)},
        model_version="test-model",
        scored_at=utcnow(),
        **values,
    )
    session.add(item)
    session.flush()
    return item


def _walk(session: Any, spaces: list[Any], only: QueueFilter, per_page: int = 4) -> list[int]:
    """Every post of the queue, page after page by keyset."""
    seen: list[int] = []
    after = None
    while True:
        page = pending_queue(session, spaces=spaces, after=after, per_page=per_page, only=only)
        seen += [entry.post.id for entry in page.entries]
        if page.next_token is None:
            return seen
        after = Cursor.parse(page.next_token)


def _varied_queue(session: Any, world: dict[str, Any]) -> None:
    """Both spaces' queues with a bit of everything: scored posts of every kind, ties of
    risk and of time, posts the worker has not reached yet, reported published posts
    (scored once or never), and posts that no longer wait."""
    rng = random.Random(5)
    asked = utcnow() - timedelta(hours=3)
    for n in range(24):
        slug = "a" if n % 3 else "b"
        _thread, post = forums.start_thread(
            session, author=world["author"], space=world[slug], title=f"Fil {n}", body="Texte."
        )
        # Every fourth post asks at the same instant as another: the post's id decides.
        post.review_requested_at = asked + timedelta(minutes=n - n % 4 * (n % 2))
        if n % 5 == 4:
            continue  # not scored yet: no item
        kinds = rng.sample(sorted(KIND_OF.values()), rng.choice((0, 0, 1, 2)))
        _item(
            session,
            post,
            risk=rng.choice((0.0, 0.0, 0.3, 0.3, 0.7, 0.91)),
            urgent=rng.random() < 0.15,
            findings=[_finding(kind) for kind in kinds],
        )
    for n in range(4):
        _thread, published = h.thread(session, world["author"], world["a"], f"Publié {n}", "Lu.")
        if n % 2:
            published.review_requested_at = asked - timedelta(days=1)
            _item(session, published, risk=0.3)
            published.review_requested_at = None
        report_post(session, reporter=world["reader"], post=published, reason_code="other")
    _thread, decided = forums.start_thread(
        session, author=world["author"], space=world["a"], title="Décidé", body="Texte."
    )
    _item(session, decided, risk=0.99, findings=[_finding("spam")])
    moderation.approve(session, moderator=world["mod_a"], post=decided)
    _thread, withdrawn = forums.start_thread(
        session, author=world["author"], space=world["b"], title="Retiré", body="Texte."
    )
    _item(session, withdrawn, risk=0.99, urgent=True, findings=[_finding("personal_data")])
    forums.withdraw_post(session, author=world["author"], post=withdrawn)
    session.commit()


def _expected(session: Any, space_ids: set[int], finding: str | None) -> list[int]:
    """The queue as the moderator must see it, worked out from the posts themselves."""
    items = {item.post_id: item for item in session.scalars(select(ModerationItem))}
    reported = set(
        session.scalars(select(PostReport.post_id).where(PostReport.resolved_at.is_(None)))
    )
    rows = []
    for post in session.scalars(select(Post)):
        if waiting_since(post) is None or post.thread.space_id not in space_ids:
            continue
        item = items.get(post.id)
        kinds = {f["kind"] for f in (item.findings or ())} if item else set()
        keep = {
            None: True,
            "urgent": bool(item and item.urgent),
            "signale": post.status is PostStatus.PUBLISHED and post.id in reported,
        }.get(finding, KIND_OF.get(finding or "") in kinds)
        if keep:
            urgent, risk = (item.urgent, item.risk) if item else (False, 0.0)
            rows.append(((not urgent, -risk, post.review_requested_at, post.id), post.id))
    return [post_id for _key, post_id in sorted(rows)]


def test_every_filter_and_count_holds_exactly_what_waits(session):
    world = _world(session)
    moderator = world["mod_a"]
    forums.grant_space_role(
        session, space=world["b"], member=moderator, kind=SpaceRoleKind.MODERATOR
    )
    _varied_queue(session, world)
    h.fresh(session)
    spaces = moderated_spaces(session, member=moderator)
    every = {space.id for space in spaces}
    a = world["a"].id

    for finding in (None, "urgent", "donnees", "conseil", "spam", "signale", "mot"):
        for space_id in (None, a):
            only = QueueFilter(finding=finding, space_id=space_id)
            expected = _expected(session, {space_id} if space_id else every, finding)
            assert _walk(session, spaces, only) == expected, (finding, space_id)
            assert _walk(session, spaces, only, per_page=20) == expected, (finding, space_id)
    for space_id, chosen in ((None, every), (a, {a})):
        counts = queue_counts(session, spaces=spaces, space_id=space_id)
        assert counts.by_finding == {
            name: len(_expected(session, chosen, name)) for name in counts.by_finding
        }
        assert counts.by_space == {
            space.id: len(_expected(session, {space.id}, None)) for space in spaces
        }
        assert counts.total == len(_expected(session, every, None)) == 24 + 4
        assert counts.by_finding["signale"] == 4


def _counts(client: Any) -> str:
    return client.get("/moderation/").get_data(as_text=True)


def test_a_post_whose_findings_change_when_scored_again_changes_filter(app, client, session):
    world = _world(session)
    _thread, post = forums.start_thread(
        session, author=world["author"], space=world["a"], title="Mon numéro", body=PHONE_TEXT
    )
    session.commit()
    h.log_in(client, world["mod_a"])
    # Not scored yet: it waits, and no filter has it.
    text = _counts(client)
    assert "Toute la file (1)" in text and "Données personnelles (0)" in text

    assert run_once(app) == 1
    text = _counts(client)
    assert "Données personnelles (1)" in text and "Publicité, spam (0)" in text
    assert "Mon numéro" in client.get("/moderation/?filtre=donnees").get_data(as_text=True)

    h.fresh(session)
    post = session.get(Post, post.id)
    forums.edit_post(session, author=world["author"], post=post, body=SALES_TEXT)
    session.commit()
    # Until the worker reads the new text, the queue says what it found in the old one.
    assert "Données personnelles (1)" in _counts(client)

    assert run_once(app) == 1
    text = _counts(client)
    assert "Données personnelles (0)" in text and "Publicité, spam (1)" in text
    assert "Toute la file (1)" in text
    assert "Mon numéro" not in client.get("/moderation/?filtre=donnees").get_data(as_text=True)
    assert "Mon numéro" in client.get("/moderation/?filtre=spam").get_data(as_text=True)
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post.id))
    assert (item.has_spam, item.has_personal_data) == (True, False)


def _item_knows(session: Any, post: Post) -> None:
    """The post's queue item (if any) says whether it waits, since when, as the post does."""
    h.fresh(session)
    post = session.get(Post, post.id)
    item = session.scalar(select(ModerationItem).where(ModerationItem.post_id == post.id))
    if item is not None:
        assert item.waiting_since == waiting_since(post), (post.status, post.review_requested_at)


def test_the_queue_item_follows_its_post_through_everything_that_happens_to_it(app, session):
    world = _world(session)
    author, moderator = world["author"], world["mod_a"]
    second = h.joined(session, h.member(session, "Sam"), world["a"])
    _thread, post = forums.start_thread(
        session, author=author, space=world["a"], title="Suivi", body="Premier texte."
    )
    session.commit()
    steps = [
        lambda: run_once(app),
        lambda: moderation.request_edit(
            session, moderator=moderator, post=post, message="Précisez"
        ),
        lambda: forums.edit_post(session, author=author, post=post, body="Deuxième texte."),
        lambda: run_once(app),
        lambda: moderation.approve(session, moderator=moderator, post=post),
        lambda: forums.edit_post(session, author=author, post=post, body="Troisième texte."),
        lambda: moderation.reject(session, moderator=moderator, post=post, reason_code="off_topic"),
        lambda: report_post(session, reporter=world["reader"], post=post, reason_code="other"),
        lambda: moderation.escalate(
            session, moderator=moderator, post=post, target=world["mod_a2"]
        ),
        lambda: moderation.dismiss_reports(session, moderator=world["mod_a2"], post=post),
        lambda: report_post(session, reporter=second, post=post, reason_code="other"),
        lambda: moderation.unpublish(
            session, moderator=moderator, post=post, reason_code="off_topic"
        ),
    ]
    for step in steps:
        post = session.get(Post, post.id)
        step()
        session.commit()
        _item_knows(session, post)
    # A waiting post its author withdraws waits no more.
    _thread, other = forums.start_thread(
        session, author=author, space=world["a"], title="Retiré", body="Texte."
    )
    session.commit()
    run_once(app)
    forums.withdraw_post(session, author=author, post=session.get(Post, other.id))
    session.commit()
    _item_knows(session, other)
    assert queue_counts(session, spaces=[world["a"]]).total == 0

"""In a real browser with JavaScript off: a demo member follows a thread, a moderator approves
another member's reply in it, the follower is told, follows the notice to the reply, and
the notice is read; then stops following from "Mes discussions suivies". An author asked
for an edit goes from the notice straight to the edit form.

tests/browser_support.py tells what the browser tests need, and when they are skipped;
every page these stories load passes axe-core's accessibility rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from community.accounts.models import Member
from community.demo import NOTIFIED_EDIT, NOTIFIED_MEMBER
from community.extensions import db
from community.forums.models import Membership, Post, PostStatus, SpaceRole, Thread, ThreadFollow
from community.notifications.models import Notification
from tests.browser_support import (
    MODERATOR,
    Visits,
    chromium,
    demo_server,
    playwright_api,
    visits,
)
from tests.test_browser_layout import overflow

SPACE = "diabete-type-1"  # one of the spaces the demo moderator decides in


@dataclass(frozen=True)
class Waiting:
    """A reply waiting for the moderator in a published thread, and a member of the space
    who neither wrote in that thread nor has anything unread."""

    thread_title: str
    thread_url: str
    reply_text: str
    reply_id: int
    follower: str


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Waiting]]:
    with demo_server(Path(tmp_path_factory.mktemp("follow"))) as (base, app):
        yield base, _waiting_reply(app)


def _waiting_reply(app: Flask) -> Waiting:
    with app.app_context():
        session = db.session
        rows = session.execute(
            select(Post, Thread)
            .join(Thread, Thread.id == Post.thread_id)
            .where(
                Post.status == PostStatus.PENDING,
                Thread.status == PostStatus.PUBLISHED,
                Thread.author_id != Post.author_id,
                Thread.space.has(slug=SPACE),
            )
            .order_by(Post.id)
        ).all()
        for post, thread in rows:
            if "06 " in post.body_source or len(post.body_source) < 40:
                continue  # a flagged reply, or one too short to find in the queue
            writers = select(ThreadFollow.member_id).where(ThreadFollow.thread_id == thread.id)
            unread = select(Notification.member_id).where(Notification.read_at.is_(None))
            staff = select(SpaceRole.member_id)
            follower = session.scalar(
                select(Member.pseudonym)
                .join(Membership, Membership.member_id == Member.id)
                .where(
                    Membership.space_id == thread.space_id,
                    Member.id.not_in(writers),
                    Member.id.not_in(unread),
                    Member.id.not_in(staff),
                    Member.pseudonym != NOTIFIED_MEMBER,
                )
                .order_by(Member.id)
                .limit(1)
            )
            if follower is not None:
                return Waiting(
                    thread.title,
                    f"/discussions/{thread.id}",
                    post.body_source.split("\n")[0][:40],
                    post.id,
                    follower,
                )
    raise AssertionError("the demo has a reply waiting in a thread someone could follow")


@pytest.fixture(scope="module")
def browser(demo: tuple[str, Waiting]) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any, demo: tuple[str, Waiting]) -> Iterator[Visits]:
    with visits(browser, demo[0]) as opened:
        yield opened


def test_a_follower_is_told_of_an_approved_reply_and_the_notice_is_read_once_followed(
    pages: Visits, demo: tuple[str, Waiting]
) -> None:
    base, waiting = demo
    expect = playwright_api.expect
    follower = pages.open(waiting.follower, width=360, height=740)
    follower.goto(base + waiting.thread_url)
    follower.get_by_role("button", name="Suivre cette discussion").click()
    expect(follower.get_by_text("vous êtes prévenu de chaque réponse publiée")).to_be_visible()
    # On a phone the header's links fold under "Menu", which counts the unread notices.
    menu = follower.locator("header.site summary")
    expect(menu).to_have_text("Menu")

    moderator = pages.open(MODERATOR)
    moderator.goto(f"{base}/moderation/")
    item = moderator.locator("article.moderation-item", has_text=waiting.reply_text)
    item.get_by_role("button", name="Approuver", exact=True).click()
    expect(moderator.locator("article.moderation-item", has_text=waiting.reply_text)).to_have_count(
        0
    )

    follower.goto(f"{base}/")
    expect(menu).to_contain_text("Menu (1)")
    menu.click()
    follower.get_by_role("link", name="Notifications (1)").click()
    notice = follower.locator("li.notification").first
    expect(notice).to_contain_text("Nouvelle réponse dans une discussion que vous suivez.")
    assert overflow(follower) is None, "the notice fits a 360 px phone"

    assert waiting.reply_text not in notice.inner_text(), "a notification never repeats the post"
    notice.get_by_role("button", name=f"Voir le message dans « {waiting.thread_title} »").click()

    assert follower.url.endswith(f"#message-{waiting.reply_id}")
    expect(follower.locator(f"#message-{waiting.reply_id}")).to_contain_text(waiting.reply_text)
    expect(menu).to_have_text("Menu")
    follower.goto(f"{base}/notifications/")
    assert follower.get_by_text("Non lu").count() == 0

    follower.get_by_role("link", name="Mes discussions suivies").click()
    followed = follower.locator("ul.followed li", has_text=waiting.thread_title)
    expect(followed).to_have_count(1)
    assert overflow(follower) is None
    followed.get_by_role("button", name="Ne plus suivre").click()
    expect(follower.get_by_text("Vous ne suivez plus cette discussion.")).to_be_visible()
    expect(follower.locator("ul.followed li", has_text=waiting.thread_title)).to_have_count(0)


def test_an_author_asked_for_an_edit_goes_from_the_notice_to_the_edit_form(
    pages: Visits, demo: tuple[str, Waiting]
) -> None:
    base, _waiting = demo
    author = pages.open(NOTIFIED_MEMBER, width=320, height=640)
    author.goto(f"{base}/notifications/")
    notice = author.locator("li.notification", has_text="vous demande de modifier")
    notice.get_by_role("button", name="Modifier le message").click()

    playwright_api.expect(author.get_by_label("Votre message")).to_have_value(NOTIFIED_EDIT[0])
    assert author.url.endswith("/modifier")
    author.goto(f"{base}/notifications/")
    edit_notice = author.locator("li.notification", has_text="vous demande de modifier")
    assert edit_notice.get_by_text("Non lu").count() == 0
    author.get_by_role("button", name="Tout marquer comme lu").click()
    playwright_api.expect(
        author.get_by_text("Toutes vos notifications sont marquées")
    ).to_be_visible()

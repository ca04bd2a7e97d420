"""In a real browser with JavaScript off, on a phone: a demo member reads a thread; once a
moderator approves another member's reply in it, the space page counts it as new and its
"Premier message non lu" link opens that reply, under a line that says where the news
begins; read, the thread has nothing new. The reply's author finds it published in
"Mes messages".

tests/browser_support.py tells what the browser tests need, and when they are skipped;
every page these stories load passes axe-core's accessibility rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from community.accounts.models import Member
from community.extensions import db
from community.forums.models import Post
from tests.browser_support import MODERATOR, Visits, chromium, demo_server, playwright_api, visits
from tests.test_browser_follow import SPACE, Waiting, _waiting_reply
from tests.test_browser_layout import overflow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Waiting, str]]:
    with demo_server(Path(tmp_path_factory.mktemp("unread"))) as (base, app):
        waiting = _waiting_reply(app)
        with app.app_context():
            author = db.session.scalar(
                select(Member.pseudonym)
                .join(Post, Post.author_id == Member.id)
                .where(Post.id == waiting.reply_id)
            )
        assert author is not None
        yield base, waiting, author


@pytest.fixture(scope="module")
def browser(demo: tuple[str, Waiting, str]) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any, demo: tuple[str, Waiting, str]) -> Iterator[Visits]:
    with visits(browser, demo[0]) as opened:
        yield opened


def test_a_reader_finds_the_reply_published_since_they_read_and_its_author_sees_it_published(
    pages: Visits, demo: tuple[str, Waiting, str]
) -> None:
    base, waiting, author = demo
    expect = playwright_api.expect
    reader = pages.open(waiting.follower, width=320, height=640)
    reader.goto(base + waiting.thread_url)
    expect(reader.get_by_text("Nouveaux messages depuis votre dernière lecture")).to_have_count(0)

    moderator = pages.open(MODERATOR)
    moderator.goto(f"{base}/moderation/")
    item = moderator.locator("article.moderation-item", has_text=waiting.reply_text)
    item.get_by_role("button", name="Approuver", exact=True).click()
    expect(moderator.locator("article.moderation-item", has_text=waiting.reply_text)).to_have_count(
        0
    )

    reader.goto(f"{base}/espaces/{SPACE}")
    listed = reader.locator("ol.threads li", has_text=waiting.thread_title)
    expect(listed).to_contain_text("1 nouveau message")
    assert overflow(reader) is None, "the markers fit a 320 px phone"
    listed.get_by_role("link", name=f"Premier message non lu : {waiting.thread_title}").click()

    assert reader.url.endswith(f"#message-{waiting.reply_id}")
    expect(reader.locator(f"#message-{waiting.reply_id}")).to_contain_text(waiting.reply_text)
    expect(reader.locator(".unread-divider")).to_be_visible()
    reader.goto(f"{base}/espaces/{SPACE}")
    expect(reader.locator("ol.threads li", has_text=waiting.thread_title)).not_to_contain_text(
        "nouveau message"
    )

    writer = pages.open(author, width=320, height=640)
    writer.goto(f"{base}/mes-messages")
    entry = writer.locator(f"#mon-message-{waiting.reply_id}")
    expect(entry).to_contain_text("publié")
    entry.get_by_role("link", name=waiting.thread_title).click()
    assert writer.url.endswith(f"#message-{waiting.reply_id}")

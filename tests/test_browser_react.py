"""In a real browser with JavaScript off, on a 320 px phone: a demo member thanks another
member's answer and takes it back, then answers quoting a passage of it; once a moderator
approves the reply, the quoted member is told, and the reply shows the quote linked to its
source.

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
from sqlalchemy import func, select

from community.accounts.models import Member
from community.extensions import db
from community.forums.models import Membership, Post, PostStatus, Space, SpaceRole, Thread
from tests.browser_support import (
    MEMBER,
    MODERATOR,
    Visits,
    chromium,
    demo_server,
    playwright_api,
    visits,
)
from tests.test_browser_layout import overflow

SPACE = "diabete-type-1"  # one the demo member belongs to and the moderator decides in
PASSAGE_WORDS = 6  # what the member keeps of the answer she quotes


@dataclass(frozen=True)
class Answer:
    """A published answer by another regular of the space, in a thread the member has not
    written in, and the words the member keeps of it."""

    thread_url: str
    post_id: int
    author: str
    passage: str


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Answer]]:
    with demo_server(Path(tmp_path_factory.mktemp("react"))) as (base, app):
        yield base, _answer(app)


def _answer(app: Flask) -> Answer:
    with app.app_context():
        session = db.session
        member = session.scalars(select(Member).where(Member.pseudonym == MEMBER)).one()
        space = session.scalars(select(Space).where(Space.slug == SPACE)).one()
        assert session.get(Membership, (member.id, space.id)) is not None
        staff = select(SpaceRole.member_id)
        written = select(Post.thread_id).where(Post.author_id == member.id)
        rows = session.execute(
            select(Post, Member.pseudonym)
            .join(Thread, Thread.id == Post.thread_id)
            .join(Member, Member.id == Post.author_id)
            .where(
                Thread.space_id == space.id,
                Thread.status == PostStatus.PUBLISHED,
                Post.status == PostStatus.PUBLISHED,
                Post.author_id.not_in(staff),
                Post.author_id != member.id,
                Thread.id.not_in(written),
            )
            .order_by(Thread.last_activity_at.desc(), Post.id)
        ).all()
        openings = set(session.scalars(select(func.min(Post.id)).group_by(Post.thread_id)))
        for post, author in rows:
            if post.id in openings:
                continue  # an answer, not the question
            words = post.body_source.split()
            if len(words) > PASSAGE_WORDS + 3 and "\n" not in post.body_source.strip():
                return Answer(
                    f"/discussions/{post.thread_id}",
                    post.id,
                    author,
                    " ".join(words[:PASSAGE_WORDS]),
                )
    raise AssertionError("the demo has an answer by another regular of the space to quote")


@pytest.fixture(scope="module")
def browser(demo: tuple[str, Answer]) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any, demo: tuple[str, Answer]) -> Iterator[Visits]:
    with visits(browser, demo[0]) as opened:
        yield opened


def test_a_member_thanks_an_answer_quotes_it_and_its_author_is_told(
    pages: Visits, demo: tuple[str, Answer]
) -> None:
    base, answer = demo
    expect = playwright_api.expect
    member = pages.open(MEMBER, width=320, height=640)
    # A post's own address opens its thread at the page that shows it.
    member.goto(f"{base}/messages/{answer.post_id}")
    assert answer.thread_url in member.url and member.url.endswith(f"#message-{answer.post_id}")
    post = member.locator(f"#message-{answer.post_id}")
    thanks = post.get_by_role("button", name="Merci")
    expect(thanks).to_have_attribute("aria-pressed", "false")
    before = _count(thanks.inner_text())

    # A form without JavaScript: the page comes back at the answer, her thanks counted.
    thanks.click()
    assert member.url.endswith(f"#message-{answer.post_id}")
    expect(thanks).to_have_attribute("aria-pressed", "true")
    assert _count(thanks.inner_text()) == before + 1
    post.locator("details.reactors > summary").click()
    expect(post.locator("details.reactors")).to_contain_text(MEMBER)
    assert overflow(member) is None, "the reactions fit a 320 px phone"
    # Pressed again, her thanks is taken back.
    thanks.click()
    expect(thanks).to_have_attribute("aria-pressed", "false")
    assert _count(thanks.inner_text()) == before

    # "Citer": the reply form holds the whole answer; she keeps the start of it.
    post.get_by_role("link", name="Citer").click()
    expect(member.get_by_text(f"Vous citez le message de {answer.author}")).to_be_visible()
    passage = member.get_by_label("Passage cité")
    assert answer.passage in passage.input_value()
    passage.fill(answer.passage)
    mine = "Merci pour ce retour, je vais essayer la même chose."
    member.get_by_label("Votre message").fill(mine)
    assert overflow(member) is None, "the quoting form fits a 320 px phone"
    member.get_by_role("button", name="Envoyer").click()
    expect(member.get_by_text("Votre message est en attente de modération")).to_be_visible()

    moderator = pages.open(MODERATOR)
    moderator.goto(f"{base}/moderation/")
    item = moderator.locator("article.moderation-item", has_text=mine)
    item.get_by_role("button", name="Approuver", exact=True).click()
    expect(moderator.locator("article.moderation-item", has_text=mine)).to_have_count(0)

    quoted = pages.open(answer.author, width=320, height=640)
    quoted.goto(f"{base}/notifications/")
    notice = quoted.locator("li.notification", has_text="a cité votre message")
    expect(notice).to_have_count(1)
    assert mine not in notice.inner_text(), "a notification never repeats the post"
    notice.get_by_role("button", name="Voir le message").click()
    reply = quoted.locator("article.post", has_text=mine)
    quote = reply.locator("blockquote.quote")
    expect(quote).to_contain_text(answer.passage)
    expect(quote).to_contain_text(f"{answer.author} a écrit")
    assert overflow(quoted) is None, "the quote fits a 320 px phone"
    quote.get_by_role("link", name="voir le message cité").click()
    assert quoted.url.endswith(f"#message-{answer.post_id}")


def _count(label: str) -> int:
    """The count a reaction's button shows after its name (none: 0)."""
    words = label.split()
    return int(words[-1]) if words and words[-1].isdigit() else 0

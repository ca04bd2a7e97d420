"""In a real browser with JavaScript off: a demo member downloads everything the site holds
about them, and another deletes their account, keeping their posts under a neutral name.

The demo behind a real HTTP server of this module's own (an account is deleted here);
every page these stories load passes axe-core's rules (tests/browser_support.py).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from community.accounts.models import Member
from community.demo import DEMO_PASSWORD
from community.extensions import db
from community.forums.models import Post, PostStatus, SpaceRole, Thread
from tests.browser_support import MEMBER, Visits, chromium, demo_server, playwright_api, visits


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    with demo_server(Path(tmp_path_factory.mktemp("browser-mydata"))) as served:
        yield served


@pytest.fixture(scope="module")
def browser(demo: tuple[str, Flask]) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any, demo: tuple[str, Flask]) -> Iterator[Visits]:
    with visits(browser, demo[0]) as opened:
        yield opened


def test_a_member_downloads_everything_from_their_account_page(
    pages: Visits, demo: tuple[str, Flask]
) -> None:
    server, _app = demo
    member = pages.open(MEMBER)
    member.goto(f"{server}/compte")
    member.get_by_role("link", name="Toutes mes données").click()
    assert "Mes messages" in member.inner_text("main")
    member.get_by_role("button", name="Préparer mon archive").click()
    playwright_api.expect(member.get_by_text("Votre archive est prête")).to_be_visible()

    with member.expect_download() as waiting:
        member.get_by_role("link", name="Télécharger mon archive").click()
    body = Path(waiting.value.path()).read_bytes()

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = {name.split("/", 1)[1] for name in archive.namelist()}
        folder = archive.namelist()[0].split("/")[0]
        index = archive.read(f"{folder}/index.html").decode()
        cards = archive.read(f"{folder}/cards.html").decode()
    assert {"index.html", "donnees.json", "posts.html", "coffre.csv"} <= names
    assert "Mes cartes de données" in index and "Qui a vu mes cartes" in index
    assert "<svg" in cards
    member.goto(f"{server}/compte/mes-donnees")
    assert "Téléchargée 1 fois" in member.inner_text("main")


def _author_of_a_published_thread(app: Flask) -> tuple[str, int, str]:
    """A demo member without a role who opened a published thread: pseudonym, thread, text."""
    with app.app_context():
        moderators = select(SpaceRole.member_id)
        thread, text, pseudonym = db.session.execute(
            select(Thread, Post.body_source, Member.pseudonym)
            .join(Post, Post.thread_id == Thread.id)
            .join(Member, Member.id == Thread.author_id)
            .where(
                Thread.status == PostStatus.PUBLISHED,
                Post.author_id == Thread.author_id,
                Member.id.not_in(moderators),
                Member.is_site_admin.is_(False),
                Member.pseudonym != MEMBER,
            )
            .order_by(Post.id)
            .limit(1)
        ).one()
        db.session.remove()
        return pseudonym, thread.id, text.split("\n")[0][:40]


def test_a_member_deletes_their_account_and_their_posts_stay_under_a_neutral_name(
    pages: Visits, demo: tuple[str, Flask]
) -> None:
    server, app = demo
    pseudonym, thread_id, text = _author_of_a_published_thread(app)
    leaving = pages.open(pseudonym)
    leaving.goto(f"{server}/compte")
    leaving.get_by_role("link", name="Supprimer mon compte").click()
    assert leaving.get_by_role("link", name="toutes vos données", exact=False).count() == 1
    keep = leaving.get_by_label("Laisser mes messages publiés, signés « membre supprimé »")
    assert keep.is_checked()
    leaving.get_by_label("Votre mot de passe").fill(DEMO_PASSWORD)
    leaving.get_by_role("button", name="Supprimer définitivement mon compte").click()
    playwright_api.expect(leaving.get_by_text("Votre compte est supprimé.")).to_be_visible()

    reader = pages.open()
    reader.goto(f"{server}/discussions/{thread_id}")
    assert text in reader.inner_text("main")
    # Signed "membre supprimé", with no link to a profile (others' replies may still
    # name the pseudonym they answered: those are their words).
    playwright_api.expect(reader.locator(".author.deleted").first).to_have_text("membre supprimé")
    assert reader.locator("a.author", has_text=pseudonym).count() == 0

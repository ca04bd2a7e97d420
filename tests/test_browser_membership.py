"""In a real browser with JavaScript off: a demo member asks to join the members-only space,
waits while its threads stay closed to her, its moderator accepts from the notice that
told him, and she is told and reads the threads; then she leaves the space, once the page
has said what leaving means.

tests/browser_support.py tells what the browser tests need, and when they are skipped;
every page these stories load passes axe-core's accessibility rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from community.demo import JOIN_REQUEST
from community.extensions import db
from community.forums.models import PostStatus, Space, Thread
from tests.browser_support import MEMBER, Visits, chromium, demo_server, playwright_api, visits
from tests.test_browser_layout import overflow

SPACE, WAITING = JOIN_REQUEST[0], JOIN_REQUEST[1]  # the members-only space, who waits there
DECIDER = "Dre Sorel"  # its moderator
WORDS = "Je vis avec une maladie rare depuis l’enfance."


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    with demo_server(Path(tmp_path_factory.mktemp("membership"))) as (base, app):
        yield base, _a_thread(app)


def _a_thread(app: Flask) -> str:
    with app.app_context():
        thread = db.session.scalars(
            select(Thread)
            .join(Space, Space.id == Thread.space_id)
            .where(Space.slug == SPACE, Thread.status == PostStatus.PUBLISHED)
            .order_by(Thread.id)
            .limit(1)
        ).one()
        return f"/discussions/{thread.id}"


@pytest.fixture(scope="module")
def browser(demo: tuple[str, str]) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any, demo: tuple[str, str]) -> Iterator[Visits]:
    with visits(browser, demo[0]) as opened:
        yield opened


def test_a_member_asks_to_join_waits_is_accepted_reads_then_leaves(
    pages: Visits, demo: tuple[str, str]
) -> None:
    base, thread = demo
    expect = playwright_api.expect
    member = pages.open(MEMBER, width=360, height=740)
    member.goto(f"{base}/espaces/{SPACE}")
    expect(member.get_by_text("Pour y entrer, on fait une demande")).to_be_visible()
    member.get_by_role("link", name="Demander à rejoindre l’espace").click()
    member.get_by_label("Un mot pour les modérateurs (facultatif)").fill(WORDS)
    member.get_by_role("button", name="Envoyer ma demande").click()
    expect(member.get_by_text("Votre demande est envoyée.")).to_be_visible()
    expect(member.get_by_text("Elle attend la réponse des modérateurs")).to_be_visible()
    assert overflow(member) is None, "the space page fits a 360 px phone"
    # Until she is let in, the threads stay closed: one click opens nothing.
    closed = member.goto(base + thread)
    assert closed is not None and closed.status == 403
    expect(member.get_by_text("fait partie d’un espace réservé à ses membres")).to_be_visible()

    moderator = pages.open(DECIDER)
    moderator.goto(f"{base}/notifications/")
    notice = moderator.locator("li.notification", has_text="demande à rejoindre").first
    assert WORDS not in notice.inner_text(), "a notice never repeats what the member wrote"
    notice.get_by_role(
        "button", name="Voir les demandes pour « Maladies rares — espace privé »"
    ).click()
    asked = moderator.locator("li", has_text=MEMBER).filter(has_text=WORDS)
    expect(asked).to_have_count(1)
    # The other member who waits is still there, to be answered on her own.
    expect(
        moderator.locator("li", has_text=WAITING).filter(has=moderator.locator("form"))
    ).to_have_count(1)
    asked.get_by_role("button", name="Accepter").click()
    expect(moderator.get_by_text(f"{MEMBER} fait maintenant partie de l’espace.")).to_be_visible()
    expect(moderator.locator("li", has_text=MEMBER).filter(has_text=WORDS)).to_have_count(0)

    member.goto(f"{base}/notifications/")
    told = member.locator("li.notification", has_text="Votre demande est acceptée")
    told.get_by_role("button", name="Voir l’espace « Maladies rares — espace privé »").click()
    expect(member.get_by_text("vous êtes membre")).to_be_visible()
    opened = member.goto(base + thread)
    assert opened is not None and opened.status == 200

    # Leaving is a quiet link; the page it opens says what it means before anything happens.
    member.goto(f"{base}/espaces/{SPACE}")
    member.get_by_role("link", name="Quitter l’espace").click()
    expect(member.get_by_text("Vous ne pourrez plus lire ses discussions")).to_be_visible()
    assert overflow(member) is None, "the confirmation fits a 360 px phone"
    member.get_by_role("button", name="Oui, quitter l’espace").click()
    expect(member.get_by_text("Vous avez quitté l’espace")).to_be_visible()
    closed_again = member.goto(base + thread)
    assert closed_again is not None and closed_again.status == 403

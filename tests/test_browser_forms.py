"""In a real browser with JavaScript off, on a phone: a visitor sends the registration form
with a pseudonym that looks blank and nothing else. The page comes back with its title
starting "Erreur : ", the summary of the six errors under the heading holds the focus, and
its first line leads to the pseudonym's box. A moderator's form does the same.

tests/browser_support.py tells what the browser tests need, and when they are skipped;
every page these stories load passes axe-core's accessibility rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import MODERATOR, Visits, chromium, demo_server, visits
from tests.test_browser_layout import overflow


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(Path(tmp_path_factory.mktemp("forms"))) as (address, _app):
        yield address


@pytest.fixture(scope="module")
def browser(base: str) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any, base: str) -> Iterator[Visits]:
    with visits(browser, base) as opened:
        yield opened


def focused(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement && document.activeElement.id"))


def test_a_visitor_who_gets_the_form_wrong_is_taken_to_the_summary_then_to_the_field(
    pages: Visits, base: str
) -> None:
    page = pages.open(width=320, height=640)
    page.goto(f"{base}/inscription")
    page.get_by_label("Pseudonyme").fill("\u3164\u3164\u3164")
    page.get_by_role("button", name="Créer mon compte").click()

    assert page.title().startswith("Erreur : Créer un compte")
    assert focused(page) == "erreurs"
    summary = page.locator("#erreurs")
    assert summary.get_by_role("heading").inner_text() == "Le formulaire contient 6 erreurs"
    assert overflow(page) is None

    summary.get_by_role("link", name="Pseudonyme : Choisissez un pseudonyme.").click()
    assert focused(page) == "pseudonym"
    page.get_by_label("Pseudonyme").fill("Camille du Sud")
    page.get_by_role("button", name="Créer mon compte").click()
    # Five errors left; the pseudonym is not among them.
    assert page.locator("#erreurs").get_by_role("heading").inner_text().endswith("5 erreurs")
    assert page.locator("#erreurs").get_by_role("link", name="Pseudonyme :").count() == 0


def test_a_moderator_refusing_without_a_reason_is_taken_to_the_summary(
    pages: Visits, base: str
) -> None:
    page = pages.open(MODERATOR)
    page.goto(f"{base}/moderation/")
    item = page.locator("article.moderation-item").first
    item.locator("details.decide-reject > summary").first.click()
    item.get_by_role("button", name="Refuser").click()

    assert page.title().startswith("Erreur : ")
    assert focused(page) == "erreurs"
    link = page.locator("#erreurs a").first
    target = str(link.get_attribute("href")).removeprefix("#")
    link.click()
    assert focused(page) == target

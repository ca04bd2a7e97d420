"""In a real browser with JavaScript off: a demo member writes, sees it pending, another cannot;
a demo moderator works the queue, the author reads why, a member reports a post.

Runs the demo data behind a real HTTP server (CSRF on, as in production) and drives
Debian's Chromium headless through Playwright; every page these stories load passes
axe-core's accessibility rules (tests/browser_support.py tells what the browser tests
need, and when they are skipped).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from community.demo import FLAGGED_REPLIES
from tests.browser_support import (
    Visits,
    chromium,
    demo_server,
    off_the_first_screen,
    playwright_api,
    visits,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(Path(tmp_path_factory.mktemp("browser"))) as (base, _app):
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any, server: str) -> Iterator[Visits]:
    with visits(browser, server) as opened:
        yield opened


def test_a_member_writes_sees_it_pending_and_another_member_cannot_see_it(
    pages: Visits, server: str, tmp_path: Path
) -> None:
    author = pages.open("Camille_T1")
    author.goto(f"{server}/espaces/diabete-type-1")
    author.get_by_role("link", name="Nouvelle discussion").click()
    author.get_by_label("Titre").fill("Capteur qui se décolle à la piscine")
    author.get_by_label("Votre message").fill(
        "Bonjour, avez-vous une **astuce** pour garder le capteur en place en nageant ?"
    )
    author.get_by_role("button", name="Envoyer").click()

    playwright_api.expect(author.get_by_text("en attente de modération").first).to_be_visible()
    playwright_api.expect(author.locator("strong", has_text="astuce")).to_be_visible()
    thread_url = author.url
    author.screenshot(path=str(tmp_path / "author.png"), full_page=True)

    other = pages.open("Lucas.Glyc")
    response = other.goto(thread_url)
    assert response.status == 404
    other.goto(f"{server}/espaces/diabete-type-1")
    assert other.get_by_text("Capteur qui se décolle").count() == 0


def test_a_moderator_works_the_queue_the_author_reads_why_and_a_report_comes_back(
    pages: Visits, server: str, tmp_path: Path
) -> None:
    moderator = pages.open("Dre Aubrac")
    moderator.goto(f"{server}/moderation/")
    items = moderator.locator("article.moderation-item")
    first = items.first
    assert "Urgent" in first.inner_text()
    assert "idées suicidaires possibles" in first.inner_text()
    _space, phone_author, phone_text = FLAGGED_REPLIES["phone"]
    phone = items.filter(has_text="06 12 34 56 78")
    assert "numéro de téléphone détecté" in phone.inner_text()

    # Opening the post to decide takes it, on its own page.
    phone.get_by_role("button", name="Examiner").click()
    phone = moderator.locator("article.moderation-item", has_text="06 12 34 56 78")
    assert "Vous examinez ce message" in phone.inner_text()
    # The refusal form is folded under its summary until the moderator opens it.
    phone.get_by_text("Refuser…").click()
    phone.get_by_label("Motif du refus").select_option(label="Données personnelles")
    phone.get_by_label("Précision pour l’auteur (facultatif)").fill(
        "Pas de numéro de téléphone ici : la messagerie privée arrive bientôt."
    )
    phone.get_by_role("button", name="Refuser", exact=True).click()
    # The next post opens, taken for the moderator; back to the queue, the phone is gone.
    assert "Vous examinez ce message" in moderator.locator("article.moderation-item").inner_text()
    moderator.goto(f"{server}/moderation/")
    assert moderator.locator("article.moderation-item", has_text="06 12 34 56 78").count() == 0

    pump = moderator.locator("article.moderation-item", has_text="Première pompe à insuline")
    pump.get_by_role("button", name="Approuver", exact=True).click()
    assert moderator.locator("article.moderation-item", has_text="Première pompe").count() == 0
    moderator.screenshot(path=str(tmp_path / "queue.png"), full_page=True)

    author = pages.open(phone_author)
    author.get_by_role("link", name="Notifications (1)").click()
    notice = author.locator("li.notification").first
    assert "Votre message a été refusé par un modérateur." in notice.inner_text()
    assert "Données personnelles" in notice.inner_text()
    assert "la messagerie privée arrive bientôt" in notice.inner_text()
    assert phone_text not in notice.inner_text(), "a notification never repeats the post"

    reporter = pages.open("Lucas.Glyc")
    reporter.goto(f"{server}/espaces/diabete-type-1")
    reporter.get_by_role("link", name="Première pompe à insuline dans quinze jours").click()
    reporter.get_by_role("link", name="Signaler").first.click()
    reporter.get_by_label("autre").check()
    reporter.get_by_label("Précision pour les modérateurs (facultatif)").fill(
        "Le lien vers le fabricant de la pompe ressemble à de la publicité."
    )
    reporter.get_by_role("button", name="Envoyer le signalement").click()
    playwright_api.expect(reporter.get_by_text("votre signalement est transmis")).to_be_visible()

    moderator.goto(f"{server}/moderation/")
    reported = moderator.locator("article.moderation-item", has_text="Première pompe")
    assert "Message signalé" in reported.inner_text()
    assert "ressemble à de la publicité" in (reported.text_content() or "")


# Small Android phones (360 × 640 CSS px) and the most common one (360 × 800).
PHONE_SCREENS = (640, 800)


def test_on_a_phone_the_first_posts_reasons_and_decisions_fit_the_first_screen(
    pages: Visits, server: str
) -> None:
    moderator = pages.open("Dre Aubrac", width=360, height=PHONE_SCREENS[0])
    off: list[str] = []

    def measure(what: str) -> None:
        for height in PHONE_SCREENS:
            moderator.set_viewport_size({"width": 360, "height": height})
            off.extend(f"{what}: {problem}" for problem in off_the_first_screen(moderator))

    moderator.goto(f"{server}/moderation/")
    measure("the queue")
    first = moderator.locator("article.moderation-item .item-title").first
    title = first.inner_text()
    first.get_by_role("link").click()
    # On its own page, the post's title is the page's heading.
    playwright_api.expect(moderator.get_by_role("heading", level=1)).to_have_text(title)
    measure("the post's own page")

    # "Décider et passer au suivant": the next post opens, with the word that the first
    # was decided above it.
    moderator.get_by_role("button", name="Approuver", exact=True).click()
    playwright_api.expect(moderator.get_by_text("Message approuvé")).to_be_visible()
    assert "/moderation/messages/" in moderator.url
    playwright_api.expect(moderator.get_by_role("heading", level=1)).not_to_have_text(title)
    measure("the next post, after a decision")
    assert not off, "\n".join(off)


def test_a_visitor_finds_posts_without_accents_and_a_data_card_is_withdrawn_in_one_action(
    pages: Visits, server: str
) -> None:
    visitor = pages.open()
    visitor.goto(f"{server}/")
    visitor.get_by_label("Rechercher dans les messages").fill("capteurs")
    visitor.get_by_role("button", name="Rechercher").click()
    assert "/recherche" in visitor.url
    assert visitor.locator("mark").count() > 0
    assert visitor.get_by_text("Maladies rares").count() == 0

    # Camille's card, on a published post: a member of the space sees it; she withdraws it.
    reader = pages.open("Théo-rando")
    owner = pages.open("Camille_T1")
    owner.goto(f"{server}/donnees/cartes/")
    owner.get_by_role("link", name="Repas de famille et comptage des glucides").click()
    card_url = owner.url.split("#")[0]
    reader.goto(card_url)
    assert reader.locator(".data-card svg").count() > 0

    owner.goto(f"{server}/donnees/cartes/")
    owner.get_by_role("button", name="Retirer cette carte").click()
    owner.get_by_role("button", name="Retirer", exact=True).click()
    reader.goto(card_url)
    assert reader.locator(".data-card").count() == 0
    assert reader.get_by_text("Données retirées par leur auteur").count() > 0

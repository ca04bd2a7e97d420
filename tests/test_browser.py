"""In a real browser with JavaScript off: a demo member writes, sees it pending, another cannot;
a demo moderator works the queue, the author reads why, a member reports a post.

Runs the demo data behind a real HTTP server (CSRF on, as in production) and drives
Debian's Chromium headless through Playwright. Without Chromium the test is skipped,
unless COMMUNITY_REQUIRE_BROWSER is set (CI sets it), which makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from community.demo import DEMO_PASSWORD, FLAGGED_REPLIES
from community.jobs import run_once
from tests.conftest import make_config, real_database_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("COMMUNITY_REQUIRE_BROWSER"):
        raise RuntimeError(f"Chromium is required for the browser tests and {CHROMIUM} is missing")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo, served over HTTP on a free loopback port, with CSRF protection on.

    The server's threads open connections of their own: a database where commits are real.
    """
    folder = Path(tmp_path_factory.mktemp("browser"))
    config = make_config(
        WTF_CSRF_ENABLED=True,
        # Served on a port known only once the server listens: the host is vetted instead
        # (past SQLite the site will not start without SERVER_NAME, SITE_URL or this).
        SERVER_NAME=None,
        TRUSTED_HOSTS=["127.0.0.1"],
        SEARCH_BACKEND="whoosh",
        SEARCH_INDEX_DIR=str(folder / "search"),
    )
    with real_database_app(config) as app:
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["demo", "--no-migrate"])
            assert result.exit_code == 0, result.output
        # The worker's detectors (the null scorer) find the phone number and the crisis.
        while run_once(app, size=64):
            pass
        http = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=http.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{http.server_port}"
        finally:
            http.shutdown()
            thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def new_page(browser: object) -> object:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")  # type: ignore[attr-defined]
    return context.new_page()


def log_in(page: object, base: str, pseudonym: str) -> None:
    page.goto(f"{base}/connexion")  # type: ignore[attr-defined]
    page.get_by_label("Pseudonyme ou adresse e-mail").fill(pseudonym)  # type: ignore[attr-defined]
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Se connecter").click()  # type: ignore[attr-defined]
    playwright_api.expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()  # type: ignore[attr-defined]


def test_a_member_writes_sees_it_pending_and_another_member_cannot_see_it(
    browser: object, server: str, tmp_path: Path
) -> None:
    author = new_page(browser)
    log_in(author, server, "Camille_T1")
    author.goto(f"{server}/espaces/diabete-type-1")  # type: ignore[attr-defined]
    author.get_by_role("link", name="Nouvelle discussion").click()  # type: ignore[attr-defined]
    author.get_by_label("Titre").fill("Capteur qui se décolle à la piscine")  # type: ignore[attr-defined]
    author.get_by_label("Votre message").fill(  # type: ignore[attr-defined]
        "Bonjour, avez-vous une **astuce** pour garder le capteur en place en nageant ?"
    )
    author.get_by_role("button", name="Envoyer").click()  # type: ignore[attr-defined]

    playwright_api.expect(author.get_by_text("en attente de modération").first).to_be_visible()  # type: ignore[attr-defined]
    playwright_api.expect(author.locator("strong", has_text="astuce")).to_be_visible()  # type: ignore[attr-defined]
    thread_url = author.url  # type: ignore[attr-defined]
    author.screenshot(path=str(tmp_path / "author.png"), full_page=True)  # type: ignore[attr-defined]

    other = new_page(browser)
    log_in(other, server, "Lucas.Glyc")
    response = other.goto(thread_url)  # type: ignore[attr-defined]
    assert response.status == 404
    other.goto(f"{server}/espaces/diabete-type-1")  # type: ignore[attr-defined]
    assert other.get_by_text("Capteur qui se décolle").count() == 0  # type: ignore[attr-defined]


def test_a_moderator_works_the_queue_the_author_reads_why_and_a_report_comes_back(
    browser: object, server: str, tmp_path: Path
) -> None:
    moderator = new_page(browser)
    log_in(moderator, server, "Dre Aubrac")
    moderator.goto(f"{server}/moderation/")  # type: ignore[attr-defined]
    items = moderator.locator("article.moderation-item")  # type: ignore[attr-defined]
    first = items.first
    assert "Urgent" in first.inner_text()
    assert "idées suicidaires possibles" in first.inner_text()
    _space, phone_author, phone_text = FLAGGED_REPLIES["phone"]
    phone = items.filter(has_text="06 12 34 56 78")
    assert "numéro de téléphone détecté" in phone.inner_text()

    phone.get_by_role("button", name="Prendre").click()
    phone = moderator.locator("article.moderation-item", has_text="06 12 34 56 78")  # type: ignore[attr-defined]
    assert "Vous examinez ce message" in phone.inner_text()
    # The refusal form is folded under its summary until the moderator opens it.
    phone.get_by_text("Refuser…").click()
    phone.get_by_label("Motif du refus").select_option(label="Données personnelles")
    phone.get_by_label("Précision pour l’auteur (facultatif)").fill(
        "Pas de numéro de téléphone ici : la messagerie privée arrive bientôt."
    )
    phone.get_by_role("button", name="Refuser", exact=True).click()
    assert moderator.locator("article.moderation-item", has_text="06 12 34 56 78").count() == 0  # type: ignore[attr-defined]

    pump = moderator.locator("article.moderation-item", has_text="Première pompe à insuline")  # type: ignore[attr-defined]
    pump.get_by_role("button", name="Approuver", exact=True).click()
    assert moderator.locator("article.moderation-item", has_text="Première pompe").count() == 0  # type: ignore[attr-defined]
    moderator.screenshot(path=str(tmp_path / "queue.png"), full_page=True)  # type: ignore[attr-defined]

    author = new_page(browser)
    log_in(author, server, phone_author)
    author.get_by_role("link", name="Notifications (1)").click()  # type: ignore[attr-defined]
    notice = author.locator("li.notification").first  # type: ignore[attr-defined]
    assert "Votre message a été refusé par un modérateur." in notice.inner_text()
    assert "Données personnelles" in notice.inner_text()
    assert "la messagerie privée arrive bientôt" in notice.inner_text()
    assert phone_text not in notice.inner_text(), "a notification never repeats the post"

    reporter = new_page(browser)
    log_in(reporter, server, "Lucas.Glyc")
    reporter.goto(f"{server}/espaces/diabete-type-1")  # type: ignore[attr-defined]
    reporter.get_by_role("link", name="Première pompe à insuline dans quinze jours").click()  # type: ignore[attr-defined]
    reporter.get_by_role("link", name="Signaler").first.click()  # type: ignore[attr-defined]
    reporter.get_by_label("autre").check()  # type: ignore[attr-defined]
    reporter.get_by_label("Précision pour les modérateurs (facultatif)").fill(  # type: ignore[attr-defined]
        "Le lien vers le fabricant de la pompe ressemble à de la publicité."
    )
    reporter.get_by_role("button", name="Envoyer le signalement").click()  # type: ignore[attr-defined]
    playwright_api.expect(reporter.get_by_text("votre signalement est transmis")).to_be_visible()  # type: ignore[attr-defined]

    moderator.goto(f"{server}/moderation/")  # type: ignore[attr-defined]
    reported = moderator.locator("article.moderation-item", has_text="Première pompe")  # type: ignore[attr-defined]
    assert "Message signalé" in reported.inner_text()
    assert "ressemble à de la publicité" in reported.inner_text()


def test_a_visitor_finds_posts_without_accents_and_a_data_card_is_withdrawn_in_one_action(
    browser: object, server: str
) -> None:
    visitor = new_page(browser)
    visitor.goto(f"{server}/")  # type: ignore[attr-defined]
    visitor.get_by_label("Rechercher dans les messages").fill("capteurs")  # type: ignore[attr-defined]
    visitor.get_by_role("button", name="Rechercher").click()  # type: ignore[attr-defined]
    assert "/recherche" in visitor.url  # type: ignore[attr-defined]
    assert visitor.locator("mark").count() > 0  # type: ignore[attr-defined]
    assert visitor.get_by_text("Maladies rares").count() == 0  # type: ignore[attr-defined]

    # Camille's card, on a published post: a member of the space sees it; she withdraws it.
    reader = new_page(browser)
    log_in(reader, server, "Théo-rando")
    owner = new_page(browser)
    log_in(owner, server, "Camille_T1")
    owner.goto(f"{server}/donnees/cartes/")  # type: ignore[attr-defined]
    owner.get_by_role("link", name="Repas de famille et comptage des glucides").click()  # type: ignore[attr-defined]
    card_url = owner.url.split("#")[0]  # type: ignore[attr-defined]
    reader.goto(card_url)  # type: ignore[attr-defined]
    assert reader.locator(".data-card svg").count() > 0  # type: ignore[attr-defined]

    owner.goto(f"{server}/donnees/cartes/")  # type: ignore[attr-defined]
    owner.get_by_role("button", name="Retirer cette carte").click()  # type: ignore[attr-defined]
    owner.get_by_role("button", name="Retirer", exact=True).click()  # type: ignore[attr-defined]
    reader.goto(card_url)  # type: ignore[attr-defined]
    assert reader.locator(".data-card").count() == 0  # type: ignore[attr-defined]
    assert reader.get_by_text("Données retirées par leur auteur").count() > 0  # type: ignore[attr-defined]

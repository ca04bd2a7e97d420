"""In a real browser with JavaScript off, on a phone: a demo member writing a reply leaves it
to build a data card; her words wait for her as a draft, and she comes back to them with
the card chosen, sees both in the preview as others will, sends the reply, and the draft is
gone. Another draft, kept by its button, she finds in "Mes brouillons" and deletes. With
JavaScript on, following any link from the form keeps the draft as well.

tests/browser_support.py tells what the browser tests need, and when they are skipped;
every page these stories load passes axe-core's accessibility rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, select

from community.extensions import db
from community.forums.models import Draft, PostStatus, Space, Thread
from tests.browser_support import (
    MEMBER,
    Visits,
    chromium,
    demo_server,
    log_in,
    playwright_api,
    visits,
)
from tests.test_browser_layout import overflow

SPACE = "diabete-type-1"  # where the demo member has joined, with a vault to build cards from
WORDS = "Avec le capteur, je vois enfin mes nuits : voici mes chiffres du mois."


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask, Thread]]:
    with demo_server(Path(tmp_path_factory.mktemp("drafts"))) as (base, app):
        with app.app_context():
            thread = db.session.scalars(
                select(Thread)
                .join(Space, Space.id == Thread.space_id)
                .where(Space.slug == SPACE, Thread.status == PostStatus.PUBLISHED)
                .order_by(Thread.id)
                .limit(1)
            ).one()
            db.session.expunge(thread)
        yield base, app, thread


@pytest.fixture(scope="module")
def browser(demo: tuple[str, Flask, Thread]) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any, demo: tuple[str, Flask, Thread]) -> Iterator[Visits]:
    with visits(browser, demo[0]) as opened:
        yield opened


def _drafts(app: Flask) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Draft.id)).all())


def test_a_reply_survives_building_a_data_card_then_is_sent_and_its_draft_disappears(
    pages: Visits, demo: tuple[str, Flask, Thread]
) -> None:
    base, app, thread = demo
    expect = playwright_api.expect
    member = pages.open(MEMBER, width=320, height=640)
    member.goto(f"{base}/discussions/{thread.id}")
    member.get_by_label("Votre message").fill(WORDS)

    # The card builder is one of the form's buttons: her words are kept on the way.
    member.get_by_role("button", name="Créer une carte de données").click()
    expect(member.get_by_role("heading", name="Créer une carte de données")).to_be_visible()
    expect(member.get_by_text("Votre message est gardé en brouillon")).to_be_visible()
    assert _drafts(app) == 1
    assert overflow(member) is None
    member.locator("fieldset input[type=checkbox]").first.check()
    member.get_by_role("button", name="Voir l’aperçu").click()
    member.get_by_label("Les membres de l’espace").check()
    member.get_by_label("J’ai vérifié ce que les autres verront").check()
    member.get_by_role("button", name="Confirmer et créer la carte").click()

    # Back to her reply: the words as she left them, the new card chosen.
    told = member.get_by_text("Votre carte est prête et choisie pour votre message")
    expect(told).to_be_visible()
    expect(member.get_by_text("Vous reprenez votre brouillon du")).to_be_visible()
    expect(member.get_by_label("Votre message")).to_have_value(WORDS)
    chosen = member.get_by_label("Carte de données (facultatif)")
    card_title = chosen.locator("option:checked").inner_text().strip()
    assert card_title and card_title != "Aucune carte"
    assert overflow(member) is None

    # The preview shows the card as the post will, and who will see it.
    member.get_by_role("button", name="Aperçu").click()
    preview = member.locator("section.preview")
    expect(preview).to_contain_text(WORDS)
    expect(preview.locator("section.data-card")).to_contain_text(card_title)
    expect(preview).to_contain_text("Qui verra cette carte : Les membres de l’espace.")
    assert overflow(member) is None

    member.goto(f"{base}/brouillons/")
    expect(member.locator("ul.drafts li")).to_contain_text(f"Réponse à « {thread.title} »")
    member.get_by_role("link", name="Reprendre").click()
    expect(member.get_by_label("Votre message")).to_have_value(WORDS)
    member.get_by_role("button", name="Envoyer").click()

    expect(member.get_by_text("Votre message est en attente de modération")).to_be_visible()
    expect(member.locator("section.own-pending")).to_contain_text(WORDS)
    expect(member.locator("section.own-pending section.data-card")).to_contain_text(card_title)
    assert _drafts(app) == 0
    expect(member.get_by_label("Votre message")).to_have_value("")
    member.goto(f"{base}/brouillons/")
    expect(member.get_by_text("Vous n’avez aucun brouillon.")).to_be_visible()


def test_a_draft_kept_by_its_button_is_found_in_my_drafts_and_deleted(
    pages: Visits, demo: tuple[str, Flask, Thread]
) -> None:
    base, app, _thread = demo
    expect = playwright_api.expect
    member = pages.open(MEMBER, width=320, height=640)
    member.goto(f"{base}/espaces/{SPACE}/nouvelle-discussion")
    member.get_by_label("Titre").fill("Mes nuits avec le capteur")
    member.get_by_label("Votre message").fill(WORDS)
    member.get_by_role("button", name="Garder en brouillon").click()
    expect(member.get_by_text("Votre brouillon est enregistré.")).to_be_visible()
    expect(member.get_by_label("Titre")).to_have_value("Mes nuits avec le capteur")

    member.goto(f"{base}/compte")
    member.get_by_role("link", name="Mes brouillons").click()
    listed = member.locator("ul.drafts li", has_text="Mes nuits avec le capteur")
    expect(listed).to_contain_text("Nouvelle discussion dans")
    assert overflow(member) is None
    listed.get_by_role("link", name="Supprimer").click()
    expect(member.get_by_role("heading", name="Supprimer ce brouillon ?")).to_be_visible()
    expect(member.locator("section.preview")).to_contain_text(WORDS)
    assert overflow(member) is None
    member.get_by_role("button", name="Supprimer le brouillon").click()

    expect(member.get_by_text("Brouillon supprimé.")).to_be_visible()
    expect(member.get_by_text("Vous n’avez aucun brouillon.")).to_be_visible()
    assert _drafts(app) == 0


def test_with_javascript_a_link_followed_from_the_form_keeps_the_draft_too(
    browser: Any, demo: tuple[str, Flask, Thread]
) -> None:
    """JavaScript only adds to the form's buttons: leaving by any link keeps the words."""
    base, app, thread = demo
    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    try:
        member = context.new_page()
        log_in(member, base, MEMBER)
        member.goto(f"{base}/discussions/{thread.id}/repondre")
        member.get_by_label("Votre message").fill(WORDS)
        member.locator("nav.breadcrumb a").first.click()
        member.wait_for_load_state()

        for _attempt in range(50):  # the browser sends it in the background
            if _drafts(app):
                break
            member.wait_for_timeout(100)
        assert _drafts(app) == 1
        member.goto(f"{base}/discussions/{thread.id}/repondre")
        playwright_api.expect(member.get_by_label("Votre message")).to_have_value(WORDS)
        # Nothing was said on the page she went to: the background request has no answer.
        playwright_api.expect(member.get_by_text("Votre brouillon est enregistré")).to_have_count(0)
    finally:
        context.close()
    with app.app_context():
        db.session.execute(delete(Draft))
        db.session.commit()

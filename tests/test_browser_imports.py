"""In a real browser with JavaScript off: a demo member imports a file with refused lines,
chooses to import the readable ones, downloads the refused ones, fixes and sends them; and
another time chooses to import nothing.

The demo behind a real HTTP server of this module's own (the vault changes here); every
page these stories load passes axe-core's rules (tests/browser_support.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from community.accounts.models import Member
from community.extensions import db
from community.selfdata import store
from tests.browser_support import MEMBER, Visits, chromium, demo_server, playwright_api, visits

READINGS = (
    "type;date;heure;série;valeur;unité\n"
    "mesure;13/03/2024;07:45;glycémie;1,05;g/L\n"
    "mesure;13/03/2024;12:30;glycémie;1,62;\n"
    "mesure;14/03/2024;07:50;glycémie;1,10;g/L\n"
    "mesure;03/25/2024;07:40;glycémie;0,98;g/L\n"
).encode()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    with demo_server(Path(tmp_path_factory.mktemp("browser-imports"))) as served:
        yield served


@pytest.fixture(scope="module")
def browser(demo: tuple[str, Flask]) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any, demo: tuple[str, Flask]) -> Iterator[Visits]:
    with visits(browser, demo[0]) as opened:
        yield opened


def send(page: Any, server: str, name: str, data: bytes) -> None:
    page.goto(f"{server}/donnees/importer/")
    page.get_by_label("Votre fichier").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Voir ce que contient le fichier").click()
    page.get_by_role("heading", name="Vérifier l’import").wait_for()


def glucose_count(app: Flask) -> int:
    """How many glucose readings the member's vault holds, read from the server's database."""
    with app.app_context():
        owner = db.session.scalar(select(Member).where(Member.pseudonym == MEMBER))
        count = store.count(db.session(), owner=owner, series="glucose")
        db.session.remove()
    return count


def test_a_member_imports_the_readable_lines_and_fixes_the_refused_ones(
    pages: Visits, demo: tuple[str, Flask]
) -> None:
    server, app = demo
    member = pages.open(MEMBER)
    before = glucose_count(app)
    member.goto(f"{server}/donnees/importer/")
    member.get_by_role("link", name="l’aide pas à pas, avec des exemples").click()
    playwright_api.expect(member.get_by_text("Les dates sont lues jour d’abord")).to_be_visible()

    send(member, server, "lecteur.csv", READINGS)
    main = member.inner_text("main")
    assert "2 lignes refusées." in main and "2 lignes sont lisibles." in main
    assert "C’est vous qui choisissez" in main
    member.get_by_role(
        "button", name="Importer les 2 données lisibles, sans les lignes refusées"
    ).click()

    playwright_api.expect(member.get_by_role("heading", name="Import terminé")).to_be_visible()
    assert "2 données importées dans votre coffre." in member.inner_text("body")
    with member.expect_download() as waiting:
        member.get_by_role(
            "link", name="Télécharger les 2 lignes refusées, pour les corriger"
        ).click()
    refused = Path(waiting.value.path()).read_bytes().decode("utf-8-sig")
    assert refused.splitlines()[0] == "type;date;heure;série;valeur;unité;raison du refus"
    assert glucose_count(app) == before + 2

    fixed = refused.replace("1,62;;", "1,62;g/L;").replace("03/25/2024", "25/03/2024")
    send(member, server, "lignes-refusees.csv", fixed.encode("utf-8-sig"))
    assert "refusée" not in member.inner_text("main")
    member.get_by_role("button", name="Importer ces 2 données").click()
    playwright_api.expect(
        member.get_by_text("2 données importées dans votre coffre.")
    ).to_be_visible()
    assert glucose_count(app) == before + 4


def test_a_member_chooses_to_import_nothing(pages: Visits, demo: tuple[str, Flask]) -> None:
    server, app = demo
    member = pages.open(MEMBER)
    before = glucose_count(app)

    send(member, server, "lecteur.csv", READINGS)
    member.get_by_role("button", name="Ne rien importer").click()

    playwright_api.expect(
        member.get_by_text("Rien n’a été importé : votre coffre n’a pas changé.")
    ).to_be_visible()
    assert glucose_count(app) == before

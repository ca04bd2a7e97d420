"""Every page of the demo, in a real browser with JavaScript off, as a visitor, a member, a
moderator and an admin see it: at 320 px nothing scrolls sideways; every table reads at
360 px (its rows stacked as labelled blocks, still a table for a screen reader) and at
1280 px, and no cell breaks a word letter by letter; every page passes axe-core.

tests/browser_support.py tells what the browser tests need, and when they are skipped.
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
from community.demo import FLAGGED_REPLIES
from community.extensions import db
from community.forums import drafts, membership, services
from community.forums.models import Post, Space, SpaceRoleKind, Thread
from community.moderation.appeals import services as appeals
from community.moderation.canned.models import CannedKind, CannedText
from community.moderation.models import DecisionAction, ModerationDecision
from community.notifications.unsubscribe import MailingList, token_for
from community.selfdata.crypto import keyring
from community.selfdata.importers.csv_file import example_csv
from community.selfdata.models import DataCard
from tests.browser_support import (
    ADMIN,
    MEMBER,
    MODERATOR,
    SITE_ADMIN,
    Visits,
    chromium,
    demo_server,
    off_the_first_screen,
    playwright_api,
    visits,
)

T1 = "diabete-type-1"
RARES = "maladies-rares"  # members-only: the member is not in it; another waits to be let in
MISSING = "/discussions/999999"  # the page that says a page does not exist
# Pages that refuse what they were asked, and how: a search too long (its error summed up
# under the heading), an address too long to answer.
REFUSED = {"/recherche?q=" + "insuline+" * 30: 400, "/recherche?q=" + "x" * 17_000: 414}


@dataclass(frozen=True)
class Demo:
    base: str
    thread: int  # a published thread of diabète de type 1 with the member's data card
    post: int  # the member's post in it, which carries the card
    refusal: int  # the decision that refused another post of the member's, to contest
    contested: int  # the edit she was asked for, which she contests: the appeal waits
    waiting: int  # a post of diabète de type 1 waiting in the queue, with many reasons
    prepared: int  # a prepared refusal text of diabète de type 1
    unsubscribe: str  # the member's link out of the summary e-mails
    draft: int  # the member's draft of a reply in `thread`, not sent
    invitation: str  # a link into the members-only space, which the admin decides too


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    with demo_server(Path(tmp_path_factory.mktemp("layout"))) as (base, app):
        yield Demo(
            base,
            *_member_card_post(app),
            _member_decision(app, DecisionAction.REJECT),
            _member_appeal(app),
            _waiting_post(app, FLAGGED_REPLIES["miracle"][2]),
            _prepared(app),
            _unsubscribe(app),
            _member_draft(app),
            _invitation(app),
        )


def _member_card_post(app: Flask) -> tuple[int, int]:
    with app.app_context():
        card = db.session.scalars(
            select(DataCard)
            .join(Member, DataCard.owner_id == Member.id)
            .where(Member.pseudonym == MEMBER, DataCard.post_id.is_not(None))
        ).one()
        assert card.post is not None
        return card.post.thread_id, card.post.id


def _unsubscribe(app: Flask) -> str:
    with app.app_context():
        member = db.session.scalars(select(Member).where(Member.pseudonym == MEMBER)).one()
        return f"/desabonnement/{token_for(member.id, MailingList.DIGEST)}"


def _member_draft(app: Flask) -> int:
    """The member began a long reply in the thread of her card, and kept it for later."""
    thread_id, _post = _member_card_post(app)
    with app.app_context():
        session = db.session()
        member = session.scalars(select(Member).where(Member.pseudonym == MEMBER)).one()
        thread = session.get(Thread, thread_id)
        assert thread is not None
        body = "Je reprendrai ce message ce soir : " + "hypoglycémies nocturnes, " * 30
        draft = drafts.keep_draft(
            session,
            member=member,
            place=drafts.Place.reply(thread),
            sealed=keyring().seal({"title": "", "body": body, "card": None}),
        )
        session.commit()
        return draft.id


def _invitation(app: Flask) -> str:
    """The admin also answers the members-only space's requests, and made a link into it."""
    with app.app_context():
        session = db.session()
        admin = session.scalars(select(Member).where(Member.pseudonym == ADMIN)).one()
        space = session.scalars(select(Space).where(Space.slug == RARES)).one()
        services.grant_space_role(
            session, space=space, member=admin, kind=SpaceRoleKind.ASSOCIATION_ADMIN
        )
        invitation = membership.create_invitation(
            session, space=space, author=admin, max_uses=5, days=7
        )
        session.commit()
        return f"/invitations/{membership.invitation_token(invitation)}"


def _member_decision(app: Flask, action: DecisionAction) -> int:
    with app.app_context():
        return db.session.scalars(
            select(ModerationDecision.id)
            .join(Post, ModerationDecision.post_id == Post.id)
            .join(Member, Post.author_id == Member.id)
            .where(Member.pseudonym == MEMBER, ModerationDecision.action == action)
        ).one()


def _member_appeal(app: Flask) -> int:
    """The member contests the edit she was asked for: the appeals tab has one to show."""
    decision_id = _member_decision(app, DecisionAction.REQUEST_EDIT)
    with app.app_context():
        session = db.session()
        member = session.scalars(select(Member).where(Member.pseudonym == MEMBER)).one()
        decision = session.get(ModerationDecision, decision_id)
        assert decision is not None
        appeals.submit_appeal(
            session,
            member=member,
            decision=decision,
            message="Le nom du médecin est public : il reçoit tout le monde à l’hôpital.",
        )
        session.commit()
    return decision_id


def _waiting_post(app: Flask, body: str) -> int:
    with app.app_context():
        return db.session.scalars(select(Post.id).where(Post.body_source == body)).one()


def _prepared(app: Flask) -> int:
    with app.app_context():
        space = db.session.scalars(select(Space.id).where(Space.slug == T1)).one()
        return db.session.scalars(
            select(CannedText.id)
            .where(CannedText.space_id == space, CannedText.kind == CannedKind.REFUSAL)
            .order_by(CannedText.position)
            .limit(1)
        ).one()


@pytest.fixture(scope="module")
def browser(demo: Demo) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Any, demo: Demo) -> Iterator[Visits]:
    with visits(browser, demo.base) as opened:
        yield opened


def pages_of(who: str | None, demo: Demo) -> list[str]:
    """The pages `who` reaches in the demo, each with its own kind of layout."""
    thread = f"/discussions/{demo.thread}"
    public = ["/", f"/espaces/{T1}", thread, "/recherche?q=capteurs", f"/membres/{MEMBER}"]
    public += ["/transparence", f"/espaces/{T1}/transparence"]
    public += ["/comment-ca-marche", f"/comment-ca-marche?espace={T1}"]
    if who is None:
        return [
            *public,
            "/connexion",
            "/inscription",
            "/mot-de-passe-oublie",
            "/charte",
            "/confidentialite",
            "/contenu-illicite",
            f"/contenu-illicite?message={demo.post}",
            "/contenu-illicite?url=https://ailleurs.example/",
            demo.unsubscribe,
            demo.invitation,
            MISSING,
            *REFUSED,
        ]
    account = ["/compte", "/notifications/", "/suivis", "/mes-messages"]
    if who == MEMBER:
        return [
            *public,
            *account,
            f"/espaces/{T1}/nouvelle-discussion",
            f"{thread}/repondre",
            f"{thread}/repondre?citer={demo.post}",  # answering with a quote of her post
            f"/messages/{demo.post}/modifier",
            "/donnees",
            "/donnees/mesures",
            "/donnees/traitements",
            "/donnees/mesures/ajouter",
            "/donnees/courbes?periode=tout",
            "/donnees/resume?periode=tout",
            "/donnees/profil",
            "/donnees/importer/",
            "/donnees/cartes/",
            "/donnees/cartes/nouvelle",
            "/donnees/cartes/qui-a-vu",
            f"/decisions/{demo.refusal}/contester",  # the statement of reasons, the form
            f"/decisions/{demo.contested}/contester",  # her appeal, waiting
            "/compte/supprimer",
            "/compte/mes-donnees",
            "/brouillons/",
            f"/brouillons/{demo.draft}/supprimer",
            f"/contenu-illicite?message={demo.post}",
            f"/espaces/{RARES}",  # who decides, and how to ask
            f"/espaces/{RARES}/demande",
            demo.invitation,
            f"/espaces/{T1}/quitter",  # what leaving means, asked first
        ]
    space = f"/moderation/espaces/{T1}"
    policy = [f"{space}/politique", f"{space}/mots-surveilles", f"{space}/membres-de-confiance"]
    policy.append(f"{space}/textes-prepares")
    # The queue, in full and as a list (its filters: queue_filters), a post's own page, the
    # appeals tab with the member's appeal.
    queue = [
        "/moderation/",
        "/moderation/?vue=liste",
        f"/moderation/messages/{demo.waiting}",
        "/moderation/contestations/",
    ]
    if who == MODERATOR:
        return [*public, *account, *queue, *policy, f"/messages/{demo.post}/signaler"]
    admin = [f"{space}/journal", f"{space}/calibration", f"/admin/espaces/{T1}"]
    prepared = f"{space}/textes-prepares"
    admin += [f"{prepared}/historique", f"{prepared}/{demo.prepared}"]
    admin.append(f"{prepared}/{demo.prepared}/supprimer")
    admin.append(f"/espaces/{T1}/transparence")  # with the switch that publishes it
    if who == ADMIN:
        # The members-only space's requests (one waits) and its invitation links.
        joins = [f"/espaces/{RARES}", f"/espaces/{RARES}/demandes"]
        return [*account, *queue, *policy, *admin, *joins]
    assert who == SITE_ADMIN
    site = ["/admin/", "/admin/membres", "/admin/journal", "/moderation/contestations/"]
    return [*account, *site, *admin]


# --- what the browser measures ----------------------------------------------------------------

# How far the page scrolls sideways, and the elements sticking out furthest (those inside a
# box that scrolls or clips on its own do not make the page scroll), deepest first.
_OVERFLOW = """() => {
  const root = document.scrollingElement;
  const width = root.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('');
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(name(e));
    }
    return parts.join(' > ');
  };
  const contained = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const depth = (el) => { let d = 0; for (let e = el; e; e = e.parentElement) d++; return d; };
  const wide = [];
  if (root.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right;
      if (right > width + 0.5 && !contained(el)) wide.push([Math.ceil(right), depth(el), path(el)]);
    }
  }
  wide.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  const widest = wide.slice(0, 3).map(w => `${w[2]} (${w[0]} px)`);
  return { scroll: root.scrollWidth, width, widest };
}"""

# Every word of every table cell that the browser lays out on more than one line. A break
# after a hyphen or a slash is a break between words.
_BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('th, td')) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[^\\s\\-\\u2010\\u2011\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
          .map(r => Math.round(r.bottom)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""

# The visible data cells of tables with column headers, the name each carries and what it
# shows before its value (`none` when the rows are laid out as a table).
_CELL_LABELS = """() => [...document.querySelectorAll('table')]
  .filter(t => t.getClientRects().length && t.querySelector('thead th[scope=col]'))
  .map(t => ({
    table: (t.caption ? t.caption.textContent : t.className).trim(),
    headers: [...t.querySelectorAll('thead th')].map(th => th.textContent.trim()),
    cells: [...t.querySelectorAll('tbody td')]
      .filter(td => td.getClientRects().length)
      .map(td => ({
        label: td.dataset.label ?? null,
        shown: getComputedStyle(td, '::before').content,
      })),
  }))"""

_OPEN_EVERYTHING = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


def queue_filters(page: Any, base: str) -> list[str]:
    """Every part of the queue its filters offer (by finding, by space, in full or as a
    list, handed to me), as the queue and its list show them."""
    found: list[str] = []
    for view in ("/moderation/", "/moderation/?vue=liste"):
        page.goto(base + view)
        for link in page.locator("nav.queue-filters a").all():
            href = link.get_attribute("href")
            assert href is not None
            if href.startswith("/moderation/?") and href not in found:
                found.append(href)
    return found


def overflow(page: Any) -> str | None:
    """What makes the page wider than its screen, or None."""
    measured = page.evaluate(_OVERFLOW)
    if measured["scroll"] <= measured["width"]:
        return None
    return (
        f"{page.url} is {measured['scroll']} px wide in {measured['width']} px, "
        f"widest: {', '.join(measured['widest'])}"
    )


def visit(page: Any, base: str, path: str) -> None:
    response = page.goto(base + path)
    expected = 404 if path == MISSING else REFUSED.get(path, 200)
    assert response.status == expected, f"{path} answers {response.status}"
    # Everything folded is opened: it must fit too once a reader unfolds it.
    page.evaluate(_OPEN_EVERYTHING)


def preview_an_import(page: Any, base: str) -> None:
    """The member sends the example file, with one line the importer refuses."""
    page.goto(f"{base}/donnees/importer/")
    refused = "mesure;31/02/2024;glycémie;;8,1;mmol/L\n".encode()
    page.get_by_label("Fichier").set_input_files(
        {"name": "glycemies.csv", "mimeType": "text/csv", "buffer": example_csv() + refused}
    )
    page.get_by_role("button", name="Voir ce que contient le fichier").click()
    page.get_by_role("heading", name="Vérifier l’import").wait_for()
    page.evaluate(_OPEN_EVERYTHING)


def preview_a_card(page: Any, base: str) -> None:
    """The member asks to see the card her glucose readings would make."""
    page.goto(f"{base}/donnees/cartes/nouvelle")
    page.locator("fieldset input[type=checkbox]").first.check()
    page.get_by_role("button", name="Voir l’aperçu").click()
    page.get_by_role("heading", name="Aperçu de la carte").wait_for()
    page.evaluate(_OPEN_EVERYTHING)


# --- the stories ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", [None, MEMBER, MODERATOR, ADMIN, SITE_ADMIN], ids=lambda w: w or "visitor"
)
def test_no_page_scrolls_sideways_on_a_320_px_screen(
    pages: Visits, demo: Demo, who: str | None
) -> None:
    page = pages.open(who, width=320, height=640)
    paths = pages_of(who, demo)
    if who in (MODERATOR, ADMIN):
        filtered = queue_filters(page, demo.base)
        assert len(filtered) >= 8, f"the queue offers its filters: {filtered}"
        paths += filtered
    wider = []
    for path in paths:
        visit(page, demo.base, path)
        wider.append(overflow(page))
    if who == MEMBER:
        for preview in (preview_an_import, preview_a_card):
            preview(page, demo.base)
            wider.append(overflow(page))
    assert not [w for w in wider if w], "\n".join(w for w in wider if w)


# The pages with tables, by who reaches them; the import preview comes after its upload.
TABLES = {
    MEMBER: ["/donnees/importer/", "/donnees/cartes/qui-a-vu"],
    MODERATOR: [f"/moderation/espaces/{T1}/politique", f"/moderation/espaces/{T1}/mots-surveilles"],
    ADMIN: [
        f"/moderation/espaces/{T1}/journal",
        f"/moderation/espaces/{T1}/calibration",
        f"/moderation/espaces/{T1}/membres-de-confiance",
        f"/moderation/espaces/{T1}/textes-prepares/historique",
    ],
}


def table_problems(page: Any, width: int) -> list[str]:
    """What keeps the page's tables from reading well at this width."""
    problems = [f"{page.url}: the cell's word {w!r} breaks" for w in page.evaluate(_BROKEN_WORDS)]
    if wider := overflow(page):
        problems.append(wider)
    for table in page.evaluate(_CELL_LABELS):
        labels = {cell["label"] for cell in table["cells"]}
        if not labels <= set(table["headers"]):
            problems.append(
                f"{page.url}: cells of {table['table']!r} are labelled {labels}, "
                f"not by the column headers {table['headers']}"
            )
        stacked = {cell["shown"] != "none" for cell in table["cells"]}
        if stacked != {width < 640}:
            problems.append(f"{page.url}: {table['table']!r} is not laid out for {width} px")
    return problems


@pytest.mark.parametrize("width", [360, 1280])
def test_every_table_reads_on_a_phone_and_on_a_computer(
    pages: Visits, demo: Demo, width: int
) -> None:
    problems = []
    checked = 0
    for who, paths in TABLES.items():
        page = pages.open(who, width=width)
        for path in paths:
            visit(page, demo.base, path)
            checked += page.locator("table").count()
            problems += table_problems(page, width)
        if who == MEMBER:
            preview_an_import(page, demo.base)
            checked += page.locator("table").count()
            problems += table_problems(page, width)
    assert checked >= 12, "the demo shows its tables"
    assert not problems, "\n".join(problems)


def test_a_stacked_table_is_still_a_table_for_a_screen_reader(
    pages: Visits, demo: Demo, tmp_path: Path
) -> None:
    shots = tmp_path
    page = pages.open(ADMIN, width=360)
    page.goto(f"{demo.base}/moderation/espaces/{T1}/journal")
    header = page.get_by_role("columnheader", name="Modérateur")
    playwright_api.expect(header).to_be_attached()
    first_moderator = page.locator("table.journal tbody td[data-label='Modérateur']").first
    label = first_moderator.evaluate("td => getComputedStyle(td, '::before').content")
    assert "Modérateur" in label, "on a phone the cell shows its column's name"

    # What Chromium hands to a screen reader: a table, its column headers, and cells
    # that do not repeat the name of their column.
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    named = [
        (node["role"]["value"], node.get("name", {}).get("value", ""))
        for node in tree["nodes"]
        if not node.get("ignored")
    ]
    assert ("table", "Décisions de modération") in named
    assert ("columnheader", "Modérateur") in named
    cells = [name for role, name in named if role == "cell"]
    assert first_moderator.inner_text() in cells
    assert not [name for name in cells if name.startswith("Modérateur")]
    page.screenshot(path=str(shots / "journal-360.png"), full_page=True)


def test_a_moderator_decides_from_the_queue_and_finds_the_next_post_in_view(
    pages: Visits, demo: Demo
) -> None:
    moderator = pages.open(MODERATOR, width=360, height=640)
    moderator.goto(f"{demo.base}/moderation/")
    problems = off_the_first_screen(moderator)
    for _ in range(3):
        approve = moderator.get_by_role("button", name="Approuver", exact=True)
        item = moderator.locator("article.moderation-item").filter(has=approve).first
        title = item.locator(".item-title").inner_text()
        item.get_by_role("button", name="Approuver", exact=True).click()
        playwright_api.expect(moderator.get_by_role("heading", name=title)).to_have_count(0)
        # Back in the queue where the post stood, the next one at the top of the screen.
        assert "#message-" in moderator.url
        problems += off_the_first_screen(moderator)
        moderator.evaluate(_OPEN_EVERYTHING)
        problems.append(overflow(moderator))
    assert not [p for p in problems if p], "\n".join(p for p in problems if p)


def decide(page: Any, step: int) -> str:
    """One decision on the post the page shows, in turn an approval, a refusal and an edit
    request (where the post offers it), the way a moderator takes it: what was decided."""
    item = page.locator("article.moderation-item")
    wanted = ("approve", "refuse", "edit")[step % 3]
    if wanted == "refuse" and item.locator("details.decide-reject").count():
        refusal = item.locator("details.decide-reject").first
        refusal.locator(":scope > summary").click()
        refusal.get_by_label("Motif du refus").select_option(index=1)  # after "choose one"
        refusal.locator("button.decide-reject").click()
        return "refuse"
    if wanted == "edit" and item.locator("details.decide-edit").count():
        item.locator("details.decide-edit > summary").click()
        item.get_by_label("Ce que l’auteur doit modifier").fill(
            "Pouvez-vous retirer ce qui permet de reconnaître quelqu’un ?"
        )
        item.locator("details.decide-edit button.decide-edit").click()
        return "edit"
    item.locator(".decisions button.decide-approve").first.click()
    return "approve"


def test_a_moderator_works_through_the_queue_on_a_phone_decision_after_decision(
    pages: Visits, demo: Demo
) -> None:
    moderator = pages.open(MODERATOR, width=360, height=640)
    moderator.goto(f"{demo.base}/moderation/")
    problems = [overflow(moderator), *off_the_first_screen(moderator)]
    moderator.locator("article.moderation-item .item-title a").first.click()
    decided: list[str] = []
    while "/moderation/messages/" in moderator.url:
        post = moderator.url
        problems += [overflow(moderator), *off_the_first_screen(moderator)]
        decided.append(decide(moderator, len(decided)))
        # "Décider et passer au suivant": the word that it is done, and the next post.
        moderator.wait_for_url(lambda url, before=post: url != before)
        playwright_api.expect(moderator.locator(".flash.success")).to_be_visible()
        assert moderator.url.split("?")[0] != post.split("?")[0]
        assert len(decided) < 40, "the queue comes to an end"
    # The last decided, the queue: nothing left for this moderator to decide.
    assert moderator.url.startswith(f"{demo.base}/moderation/")
    assert moderator.locator(".decisions").count() == 0
    assert len(decided) >= 8 and set(decided) == {"approve", "refuse", "edit"}, decided
    assert not [p for p in problems if p], "\n".join(p for p in problems if p)


# --- the dark scheme, the text size, print ------------------------------------------------------

_BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"
_ROOT_FONT = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"


@pytest.mark.parametrize(
    "who", [None, MEMBER, MODERATOR, ADMIN, SITE_ADMIN], ids=lambda w: w or "visitor"
)
def test_every_page_passes_axe_in_the_dark_colour_scheme_too(
    pages: Visits, demo: Demo, who: str | None
) -> None:
    page = pages.open(who, width=360, height=740, color_scheme="dark")
    for path in pages_of(who, demo):
        visit(page, demo.base, path)
    # The system's setting is followed: the page is drawn dark (axe checks its contrasts).
    assert page.evaluate(_BACKGROUND) == "rgb(21, 24, 28)"
    if who == MEMBER:
        preview_a_card(page, demo.base)


def test_a_member_chooses_a_larger_text_without_javascript_and_nothing_scrolls_sideways(
    pages: Visits, demo: Demo
) -> None:
    page = pages.open(MEMBER, width=320, height=640)
    thread = f"/discussions/{demo.thread}"
    page.goto(demo.base + thread)
    normal = page.evaluate(_ROOT_FONT)
    page.get_by_role("link", name="très grand", exact=True).click()
    page.wait_for_url(demo.base + thread)
    assert page.evaluate("() => document.documentElement.className") == "texte-tres-grand"
    assert page.evaluate(_ROOT_FONT) > normal * 1.4
    footer = page.locator("footer .text-size [aria-current='true']")
    playwright_api.expect(footer).to_have_text("très grand")
    wider = []
    for path in ["/", f"/espaces/{T1}", thread, "/comment-ca-marche", f"{thread}/repondre"]:
        visit(page, demo.base, path)
        assert page.evaluate("() => document.documentElement.className") == "texte-tres-grand"
        wider.append(overflow(page))
    assert not [w for w in wider if w], "\n".join(w for w in wider if w)
    page.get_by_role("link", name="normal", exact=True).click()
    assert page.evaluate(_ROOT_FONT) == normal


def test_a_thread_and_its_data_card_print_black_on_white_without_the_site_around_them(
    pages: Visits, demo: Demo
) -> None:
    page = pages.open(MEMBER, color_scheme="dark")
    page.goto(f"{demo.base}/discussions/{demo.thread}")
    assert page.evaluate(_BACKGROUND) == "rgb(21, 24, 28)"
    page.emulate_media(media="print", color_scheme="dark")
    shown = page.evaluate(
        """() => {
      const seen = (selector) => [...document.querySelectorAll(selector)]
        .some(el => el.getClientRects().length > 0);
      const style = getComputedStyle(document.body);
      return {
        background: style.backgroundColor, text: style.color,
        navigation: seen('header.site nav ul'), search: seen('.site-search'),
        footer: seen('footer.site'), reply: seen('section.reply'), forms: seen('main form'),
        posts: seen('article.post'), card: seen('.data-card svg'),
        values: seen('.data-card .data-table table'),
      };
    }"""
    )
    assert shown == {
        "background": "rgb(255, 255, 255)",
        "text": "rgb(0, 0, 0)",
        "navigation": False,
        "search": False,
        "footer": False,
        "reply": False,
        "forms": False,
        "posts": True,
        "card": True,
        "values": True,  # folded on screen, printed under the chart
    }


def test_the_summary_of_my_vault_prints_without_its_form_and_with_every_value(
    pages: Visits, demo: Demo
) -> None:
    page = pages.open(MEMBER, width=320)
    page.goto(f"{demo.base}/donnees/resume?periode=tout")
    # On a phone, the period is picked with the form and nothing scrolls sideways.
    page.get_by_role("radio", name="Les 3 derniers mois").check()
    page.get_by_role("button", name="Afficher").click()
    # Measured once the new page and its stylesheet are loaded, not as soon as its address
    # changes (a loaded machine showed the page unstyled, 452 px wide).
    page.wait_for_load_state("load")
    assert page.url.endswith("/donnees/resume?periode=90")
    assert not overflow(page)
    # The figures stack, row by row, each value under its column's name.
    cell = page.locator("table.summary-figures td[data-label='Moyenne']").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    assert "Moyenne" in cell.evaluate("td => getComputedStyle(td, '::before').content")
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => {
      const seen = (selector) => [...document.querySelectorAll(selector)]
        .some(el => el.getClientRects().length > 0);
      return {
        form: seen('main form'), navigation: seen('header.site nav ul'),
        figures: seen('table.summary-figures'), charts: seen('.data-chart svg'),
        heading: seen('h1'),
      };
    }"""
    )
    assert shown == {
        "form": False,
        "navigation": False,
        "figures": True,
        "charts": True,
        "heading": True,
    }

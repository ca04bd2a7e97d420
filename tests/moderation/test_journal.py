"""The audit log of a space: its association admins and the site admins read and export it."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from community.forums import services as forums
from community.forums.models import Post, SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.audit.queries import JOURNAL_PAGE_SIZE
from community.moderation.models import ModerationItem
from community.moderation.queue import services as moderation
from tests.forums import helpers as h


def _world(session: Any) -> dict[str, Any]:
    """Two spaces; in the first an association admin, a moderator, an author; another
    space's association admin; a site admin."""
    a, b = h.space(session, "diabete"), h.space(session, "asthme")
    world = {
        "a": a,
        "b": b,
        "admin_a": h.member(session, "Presidente"),
        "admin_b": h.member(session, "Tresorier"),
        "mod_a": h.member(session, "Diabetologue"),
        "author": h.member(session, "Camille"),
        "site_admin": h.member(session, "Admin", is_site_admin=True),
    }
    for key, space, kind in (
        ("admin_a", a, SpaceRoleKind.ASSOCIATION_ADMIN),
        ("admin_b", b, SpaceRoleKind.ASSOCIATION_ADMIN),
        ("mod_a", a, SpaceRoleKind.MODERATOR),
    ):
        forums.grant_space_role(session, space=space, member=world[key], kind=kind)
    h.joined(session, world["author"], a)
    session.commit()
    return world


def _pending(session: Any, world: dict[str, Any], title: str, *, scored: bool = True) -> Post:
    _thread, post = forums.start_thread(
        session, author=world["author"], space=world["a"], title=title, body="À relire."
    )
    if scored:
        session.add(
            ModerationItem(
                post_id=post.id,
                space_id=world["a"].id,
                requested_at=post.review_requested_at,
                scores={"toxicity": 0.91, "insult": 0.82, "threat": 0.05, "obscene": 0.3},
                findings=[],
                risk=0.91,
                model_version="maison-2026-11",
                scored_at=utcnow(),
            )
        )
    session.flush()
    return post


def _reject(session: Any, world: dict[str, Any], title: str, reason_text: str) -> Post:
    post = _pending(session, world, title)
    moderation.reject(
        session,
        moderator=world["mod_a"],
        post=post,
        reason_code="hostile",
        reason_text=reason_text,
    )
    session.commit()
    return post


def test_an_association_admin_reads_why_a_moderator_rejected_a_post(client, session):
    world = _world(session)
    post = _reject(session, world, "Vous êtes tous nuls", "Insulte envers les membres.")
    approved = _pending(session, world, "Pompe ou stylos ?", scored=False)
    moderation.approve(session, moderator=world["mod_a"], post=approved)
    session.commit()
    thread_id = post.thread_id

    page = h.log_in(client, world["admin_a"]).get("/moderation/espaces/diabete/journal")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    rejected_row = next(row for row in html.split("<tr") if "Vous êtes tous nuls" in row)
    assert "Diabetologue" in rejected_row
    assert "Refusé" in rejected_row
    assert "Propos hostiles ou insultants" in rejected_row
    assert "Insulte envers les membres." in rejected_row
    # The three highest scores as the moderator saw them, and the model that gave them.
    assert "toxicité : 0,91" in rejected_row
    assert "insulte : 0,82" in rejected_row
    assert "obscénité : 0,30" in rejected_row
    assert "menace :" not in rejected_row
    assert "maison-2026-11" in rejected_row
    assert f'href="/discussions/{thread_id}#message-{post.id}"' in html
    # Newest first: the approval came after the rejection.
    assert html.index("Pompe ou stylos ?") < html.index("Vous êtes tous nuls")
    assert "Approuvé" in html and "non noté" in html


def test_a_site_admin_reads_the_log_too(client, session):
    world = _world(session)
    _reject(session, world, "Un message refusé", "")
    page = h.log_in(client, world["site_admin"]).get("/moderation/espaces/diabete/journal")
    assert page.status_code == 200
    assert "Un message refusé" in page.get_data(as_text=True)


def test_moderators_members_and_other_admins_cannot_read_the_log(client, session):
    world = _world(session)
    _reject(session, world, "Un message refusé", "")
    anonymous = client.get("/moderation/espaces/diabete/journal")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]
    for who in ("mod_a", "admin_b", "author"):
        h.log_in(client, world[who])
        assert client.get("/moderation/espaces/diabete/journal").status_code == 403, who
        assert client.get("/moderation/espaces/diabete/journal.csv").status_code == 403, who
    h.log_in(client, world["admin_a"])
    assert client.get("/moderation/espaces/inconnu/journal").status_code == 404
    # Each admin reads the log of their own space only.
    assert client.get("/moderation/espaces/asthme/journal").status_code == 403


def test_the_export_holds_every_decision_and_defuses_formulas(client, session):
    world = _world(session)
    _reject(session, world, "Premier refus", "Pas d’insultes, s’il vous plaît.")
    _reject(session, world, '=HYPERLINK("http://x")', "=cmd|' /C calc'!A0")
    approved = _pending(session, world, "Une bonne question", scored=False)
    moderation.approve(session, moderator=world["mod_a"], post=approved)
    session.commit()

    sent = h.log_in(client, world["admin_a"]).get("/moderation/espaces/diabete/journal.csv")

    assert sent.status_code == 200
    assert sent.mimetype == "text/csv"
    assert sent.headers["Content-Disposition"].startswith("attachment;")
    assert "journal-moderation-diabete.csv" in sent.headers["Content-Disposition"]
    raw = sent.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, *decisions = rows
    assert header[:5] == ["Date (UTC)", "Modérateur", "Action", "Motif", "Précision"]
    assert len(decisions) == 3
    first, second, third = decisions  # oldest first
    assert first[1:5] == [
        "Diabetologue",
        "Refusé",
        "Propos hostiles ou insultants",
        "Pas d’insultes, s’il vous plaît.",
    ]
    assert "toxicité: 0.91" in first[5] and first[6] == "maison-2026-11"
    assert first[7] == "Premier refus"
    assert re.fullmatch(r"http://localhost/discussions/\d+#message-\d+", first[8])
    # A spreadsheet would run these as formulas; the quote makes them plain text.
    assert second[4] == "'=cmd|' /C calc'!A0"
    assert second[7] == '\'=HYPERLINK("http://x")'
    assert third[2] == "Approuvé" and third[3:7] == ["", "", "", ""]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_log_pages_by_keyset_in_a_fixed_number_of_queries(client, session, count_queries):
    world = _world(session)
    total = JOURNAL_PAGE_SIZE + 3
    for number in range(total):
        post = _pending(session, world, f"Sujet numéro {number:03d}", scored=number % 2 == 0)
        moderation.approve(session, moderator=world["mod_a"], post=post)
    session.commit()
    h.log_in(client, world["admin_a"])

    with count_queries() as first_page:
        first = client.get("/moderation/espaces/diabete/journal").get_data(as_text=True)
    following = re.search(r'href="(/moderation/espaces/diabete/journal\?avant=\d+)"', first)
    assert following is not None
    with count_queries() as second_page:
        second = client.get(following.group(1)).get_data(as_text=True)

    shown_first = re.findall(r"Sujet numéro (\d{3})", first)
    shown_second = re.findall(r"Sujet numéro (\d{3})", second)
    assert len(shown_first) == JOURNAL_PAGE_SIZE
    assert shown_first == sorted(shown_first, reverse=True)  # newest first
    assert shown_first + shown_second == [f"{n:03d}" for n in reversed(range(total))]
    assert "Décisions plus anciennes" not in second
    # The first page also shows the latest answers to requests to join: one query more.
    assert first_page.count == second_page.count + 1 <= 6, first_page.statements
    # A cursor that names nothing of this space is not an error.
    assert client.get("/moderation/espaces/diabete/journal?avant=abc").status_code == 200
    assert client.get("/moderation/espaces/diabete/journal?avant=999999").status_code == 200

"""Transparency: a space's moderation figures by month, the site's, and their CSV, never
showing a count below the minimum nor one that could be worked out from the others."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from html import unescape
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import Post, Space, SpaceRoleKind
from community.kernel.clock import utcnow
from community.kernel.reasons import NoticeCategory
from community.moderation.models import NoticeOutcome, PostReport
from community.moderation.notices import services as notices
from community.moderation.queue import services as moderation
from community.moderation.transparency import report, services
from community.moderation.transparency.suppression import Hidden, Sum, hidden_cells
from tests.forums import helpers as h

MIN = 5


# --- the rule, on its own ------------------------------------------------------------------


def test_a_small_count_is_hidden_and_so_is_the_total_that_would_give_it_away() -> None:
    counts = {"refused": 13, "hostile": 10, "spam": 3}
    hidden = hidden_cells(counts, [Sum("refused", ["hostile", "spam"])], minimum=MIN)
    assert hidden == {"spam": Hidden.SMALL, "refused": Hidden.MASKED}


def test_when_the_total_is_hidden_the_smallest_other_part_is_hidden_too() -> None:
    # The site's total is small; its two spaces' counts add up to it.
    counts = {"site": 12, "a": 3, "b": 9, "c": 0}
    sums = [Sum("site", ["a", "b", "c"]), Sum("other", ["site", "b2"])]
    counts.update({"other": 20, "b2": 8})
    hidden = hidden_cells(counts, sums, minimum=MIN)
    assert hidden["a"] is Hidden.SMALL
    assert hidden["site"] is Hidden.MASKED
    # "other" = site + b2: site is hidden, so b2 (or other) must be too.
    assert "other" in hidden or "b2" in hidden
    assert "c" not in hidden  # zero singles nobody out


def test_small_parts_under_a_small_total_are_not_pinned_down_by_their_bounds() -> None:
    # Four reasons of 1 each: "< 5" for the total and each part would make each exactly 1.
    counts = {"refused": 4, "a": 1, "b": 1, "c": 1, "d": 1}
    hidden = hidden_cells(counts, [Sum("refused", ["a", "b", "c", "d"])], minimum=MIN)
    assert hidden["refused"] is Hidden.MASKED
    assert all(hidden[part] is Hidden.SMALL for part in "abcd")


def test_months_are_the_last_twelve_across_a_new_year() -> None:
    months = report.months_ending(date(2026, 2, 28))
    assert months[0] == date(2025, 3, 1)
    assert months[-1] == date(2026, 2, 1)
    assert len(months) == 12


# --- a space's figures, through the services ---------------------------------------------


def _world(session: Any) -> dict[str, Any]:
    """Diabète, published, with its moderator and admin; Endométriose not published yet."""
    space = h.space(session, "diabete")
    other = h.space(session, "endometriose")
    moderator = h.member(session, "Diabetologue")
    admin = h.member(session, "Presidente")
    author = h.joined(session, h.member(session, "Camille"), space)
    h.joined(session, author, other)
    for where in (space, other):
        forums.grant_space_role(
            session, space=where, member=moderator, kind=SpaceRoleKind.MODERATOR
        )
        forums.grant_space_role(
            session, space=where, member=admin, kind=SpaceRoleKind.ASSOCIATION_ADMIN
        )
    services.set_published(session, space=space, published=True)
    session.commit()
    return {
        "space": space,
        "other": other,
        "moderator": moderator,
        "admin": admin,
        "author": author,
    }


def _decide(
    session: Any, world: dict[str, Any], space: Space, how: str, at: datetime, n: int
) -> None:
    """n new threads in `space`, each decided `how` by the moderator, sent and decided at `at`."""
    for i in range(n):
        _thread, post = forums.start_thread(
            session, author=world["author"], space=space, title=f"Fil {how} {i}", body="Bonjour."
        )
        if how == "approve":
            decision = moderation.approve(session, moderator=world["moderator"], post=post)
        else:
            decision = moderation.reject(
                session, moderator=world["moderator"], post=post, reason_code=how
            )
        post.created_at = at - timedelta(hours=2)
        decision.created_at = at
    session.commit()


def _cells(html: str, table_id: str) -> dict[tuple[str, str], str]:
    """(month row's label, column) -> the cell's text, from one of the page's tables."""
    section = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    columns = [unescape(c) for c in re.findall(r'<th scope="col">(.*?)</th>', section)]
    cells = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", section):
        label, rest = row.split("</th>", 1)
        values = [unescape(v) for v in re.findall(r"<td[^>]*>(.*?)</td>", rest)]
        for column, value in zip(columns[1:], values, strict=True):
            cells[unescape(label), column] = value
    return cells


def _this_month_label(client: FlaskClient, html: str) -> str:
    return re.findall(r'<tr><th scope="row">(.*?)</th>', html.split('id="posts"')[1])[-1]


def test_the_page_shows_counts_from_the_minimum_and_hides_smaller_ones(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    now = utcnow()
    _decide(session, world, world["space"], "approve", now, 7)
    _decide(session, world, world["space"], "hostile", now, 6)
    _decide(session, world, world["space"], "advertising", now, 2)
    page = client.get("/espaces/diabete/transparence")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    month = _this_month_label(client, html)
    posts = _cells(html, "posts")
    assert posts[month, "Reçus"] == "15"
    assert posts[month, "Publiés"] == "7"
    reasons = _cells(html, "reasons")
    assert reasons[month, "Propos hostiles ou insultants"] == "6"
    assert reasons[month, "Publicité ou démarchage"] == "moins de 5"
    # 8 refusals in all would give the 2 away (8 - 6): the total is hidden.
    assert posts[month, "Refusés"] == "masqué"
    assert "moins de 5" in html and "<svg" in html and "<title" in html


def test_no_small_count_can_be_worked_out_from_the_site_figures(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    services.set_published(session, space=world["other"], published=True)
    now = utcnow()
    _decide(session, world, world["space"], "approve", now, 9)
    _decide(session, world, world["other"], "approve", now, 3)
    site = client.get("/transparence").get_data(as_text=True)
    month = _this_month_label(client, site)
    # The site's 12 less Diabète's 9 would be Endométriose's 3.
    assert _cells(site, "posts")[month, "Publiés"] == "masqué"
    space = client.get("/espaces/diabete/transparence").get_data(as_text=True)
    assert _cells(space, "posts")[month, "Publiés"] in ("9", "masqué")
    other = client.get("/espaces/endometriose/transparence").get_data(as_text=True)
    assert _cells(other, "posts")[month, "Publiés"] == "moins de 5"


def test_the_csv_says_what_the_page_says(app: Flask, client: FlaskClient, session: Any) -> None:
    world = _world(session)
    now = utcnow()
    _decide(session, world, world["space"], "approve", now, 6)
    _decide(session, world, world["space"], "off_topic", now - timedelta(days=40), 3)
    html = client.get("/espaces/diabete/transparence").get_data(as_text=True)
    response = client.get("/espaces/diabete/transparence.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["mois", "clé", "indicateur", "valeur"]
    shown = {value for row in rows[1:] for value in [row[3]]}
    assert "moins de 5" in shown and "6" in shown
    page_cells = [
        value
        for table in (
            "posts",
            "reasons",
            "flags",
            "notices-reports",
            "notices-notices",
            "appeals",
            "delays",
        )
        for value in _cells(html, table).values()
    ]
    assert sorted(page_cells) == sorted(row[3] for row in rows[1:])


def test_a_decision_counts_in_the_month_it_was_taken(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    first = utcnow().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    _decide(session, world, world["space"], "approve", first, 5)  # the first second of the month
    _decide(session, world, world["space"], "approve", first - timedelta(seconds=1), 6)
    html = client.get("/espaces/diabete/transparence").get_data(as_text=True)
    labels = re.findall(r'<tr><th scope="row">(.*?)</th>', html.split('id="posts"')[1])[:12]
    posts = _cells(html, "posts")
    assert posts[labels[-1], "Publiés"] == "5"
    assert posts[labels[-2], "Publiés"] == "6"


def test_the_median_delay_is_shown_from_the_minimum_number_of_decisions(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    _decide(session, world, world["space"], "approve", utcnow(), 5)
    html = client.get("/espaces/diabete/transparence").get_data(as_text=True)
    month = _this_month_label(client, html)
    assert _cells(html, "delays")[month, "Délai médian"] == "2 h 00 min"


def test_an_unpublished_page_is_not_found_by_the_public_and_previewed_by_its_admin(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    assert client.get("/espaces/endometriose/transparence").status_code == 404
    assert client.get("/espaces/endometriose/transparence.csv").status_code == 404
    h.log_in(client, world["author"])
    assert client.get("/espaces/endometriose/transparence").status_code == 404
    h.log_in(client, world["admin"])
    preview = client.get("/espaces/endometriose/transparence").get_data(as_text=True)
    assert "Aperçu : cette page n’est pas publiée." in preview
    assert "Publier cette page" in preview
    published = client.post(
        "/espaces/endometriose/transparence/publication", data={"published": "1"}
    )
    assert published.status_code == 302
    h.log_out(client)
    assert client.get("/espaces/endometriose/transparence").status_code == 200
    # Only the published spaces are listed (and counted) on the site's page.
    site = client.get("/transparence").get_data(as_text=True)
    assert "/espaces/endometriose/transparence" in site


def test_a_moderator_previews_but_does_not_publish(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    h.log_in(client, world["moderator"])
    preview = client.get("/espaces/endometriose/transparence").get_data(as_text=True)
    assert "Aperçu" in preview and "Publier cette page" not in preview
    refused = client.post("/espaces/endometriose/transparence/publication", data={"published": "1"})
    assert refused.status_code == 403


def test_the_space_page_links_to_its_published_figures(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    _world(session)
    assert "/espaces/diabete/transparence" in client.get("/espaces/diabete").get_data(as_text=True)
    assert "/espaces/endometriose/transparence" not in client.get("/espaces/endometriose").get_data(
        as_text=True
    )
    assert "/transparence" in client.get("/").get_data(as_text=True)


def test_months_and_words_are_in_the_readers_language(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    _decide(session, world, world["space"], "advertising", utcnow(), 2)
    client.get("/langue/en?next=/")
    html = client.get("/espaces/diabete/transparence").get_data(as_text=True)
    month = _this_month_label(client, html)
    assert month == utcnow().strftime("%B %Y")  # "December 2026"
    assert _cells(html, "reasons")[month, "Advertising or soliciting"] == "< 5"
    rows = client.get("/espaces/diabete/transparence.csv").get_data(as_text=True)
    assert rows.startswith("month,key,figure,value")


def test_the_months_the_worker_kept_read_as_they_were_counted(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    last_month = utcnow().replace(day=1) - timedelta(days=3)
    _decide(session, world, world["space"], "approve", last_month, 6)
    _decide(session, world, world["space"], "hostile", last_month, 2)
    _decide(session, world, world["space"], "approve", utcnow(), 5)
    before = client.get("/espaces/diabete/transparence").get_data(as_text=True)
    assert services.keep_closed_months(session, today=utcnow().date()) == 2 * 11
    session.commit()
    assert services.keep_closed_months(session, today=utcnow().date()) == 0  # kept once
    after = client.get("/espaces/diabete/transparence").get_data(as_text=True)
    for table in ("posts", "reasons", "flags", "delays"):
        assert _cells(after, table) == _cells(before, table)
    assert "moins de 5" in after


def test_notices_from_anyone_are_counted_apart_from_members_reports(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    _decide(session, world, world["space"], "approve", utcnow(), 1)
    post = session.scalars(select(Post).order_by(Post.id.desc())).first()
    for n in range(10):
        notice = notices.send_notice(
            session,
            post=post,
            email=f"temoin{n}@exemple.fr",
            category=NoticeCategory.ILLEGAL_HATE.value,
            justification="Propos haineux.",
            locale="fr",
            open_limit=3,
        )
        notice.outcome = NoticeOutcome.KEPT if n < 5 else NoticeOutcome.OPEN
    for n in range(5):
        reporter = h.joined(session, h.member(session, f"Lecteur{n}"), world["space"])
        session.add(
            PostReport(
                post_id=post.id,
                space_id=world["space"].id,
                reporter_id=reporter.id,
                reason_code="spam",
            )
        )
    session.commit()

    html = client.get("/espaces/diabete/transparence").get_data(as_text=True)
    month = _this_month_label(client, html)
    assert "Signalements de contenus illicites (par tous)" in html
    from_anyone = _cells(html, "notices-notices")
    assert from_anyone[month, "Reçus"] == "10"
    assert from_anyone[month, "Message maintenu"] == from_anyone[month, "En attente"] == "5"
    assert _cells(html, "notices-reports")[month, "Reçus"] == "5"  # the members' alone

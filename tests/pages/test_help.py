""" "Comment ça marche": the help page in easy words, the usual wait of each space (its
median delay to a first decision, never from fewer decisions than the minimum), the
formatting examples under every writing form, and the links that lead a writer there."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from community.forums import services as forums
from community.forums.models import Space, SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.queue import services as moderation
from community.moderation.transparency import services as transparency
from community.moderation.transparency import waiting
from tests.forums import helpers as h

HELP = "/comment-ca-marche"
MIN = 5  # TRANSPARENCY_MIN_COUNT, the tests' default as the site's


def _world(session: Any) -> dict[str, Any]:
    space = h.space(session, "diabete", name="Diabète de type 1")
    other = h.space(session, "endometriose", name="Endométriose")
    moderator = h.member(session, "Diabetologue")
    author = h.joined(session, h.member(session, "Camille"), space)
    h.joined(session, author, other)
    for where in (space, other):
        forums.grant_space_role(
            session, space=where, member=moderator, kind=SpaceRoleKind.MODERATOR
        )
    session.commit()
    return {"space": space, "other": other, "moderator": moderator, "author": author}


def _decided_after(
    session: Any, world: dict[str, Any], space: Space, minutes: list[int], *, at: datetime
) -> None:
    """One new thread in `space` for each delay, sent that many minutes before `at`, when a
    moderator approved it."""
    for n, delay in enumerate(minutes):
        _thread, post = forums.start_thread(
            session, author=world["author"], space=space, title=f"Fil {n}", body="Bonjour."
        )
        decision = moderation.approve(session, moderator=world["moderator"], post=post)
        post.created_at = at - timedelta(minutes=delay)
        decision.created_at = at
    session.commit()


def _wait_cells(html: str) -> dict[str, str]:
    """Space name -> what the table of usual waits says of it."""
    table = html.split('class="stacked waits"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<th scope="row"><a href="[^"]*">(.*?)</a></th>\s*<td[^>]*>(.*?)</td>', table
    )
    return {unescape(name): unescape(text) for name, text in rows}


# --- the page ----------------------------------------------------------------------------


def test_the_page_tells_in_easy_words_how_it_works(client: FlaskClient) -> None:
    page = client.get(HELP)
    assert page.status_code == 200
    html = unescape(page.get_data(as_text=True))
    for section in ("moderation", "attente", "programme", "carte", "qui-voit-quoi", "partir"):
        assert f'id="{section}"' in html and f'href="#{section}"' in html
    # What moderation does, what the model does and does not, what a card shows, who sees
    # what, how to leave: one idea a line.
    for line in (
        "Un modérateur de l’espace lit votre message.",
        "Le programme ne publie rien et ne refuse rien.",
        "C’est toujours une personne qui décide.",
        "Votre âge est remplacé par une tranche, par exemple « 40 à 49 ans ».",
        "Votre adresse e-mail : personne. Elle n’est jamais montrée.",
        "Supprimer votre compte : dans « Mon compte », choisissez « Supprimer mon compte ».",
        "Appelez le 3114 : prévention du suicide. C’est gratuit, jour et nuit.",
    ):
        assert f"<li>{line}</li>" in html or f"<strong>{line}</strong>" in html, line
    # Each pictogram is an image with its text alternative.
    pictos = re.findall(
        r'<svg class="picto"[^>]*aria-labelledby="([^"]+)"[^>]*>\s*<title id="([^"]+)">([^<]+)',
        html,
    )
    assert len(pictos) >= 7
    assert all(labelled == titled and alt.strip() for labelled, titled, alt in pictos)
    assert 'role="img"' in html


def test_the_page_reads_in_english_too(client: FlaskClient) -> None:
    client.get("/langue/en?next=/")
    html = unescape(client.get(HELP).get_data(as_text=True))
    assert "How does it work?" in html
    assert "A person always decides." in html
    assert "<strong>very important</strong>" in html  # the examples are typed in English


def test_the_formatting_examples_show_what_the_renderer_makes_of_them(client: FlaskClient) -> None:
    html = unescape(client.get(HELP).get_data(as_text=True))
    assert "Markdown" not in html
    examples = html.split('class="stacked formatting"', 1)[1].split("</table>", 1)[0]
    assert '<pre class="written">**très important**</pre>' in examples
    assert "<strong>très important</strong>" in examples
    assert "<em>un peu</em>" in examples
    assert "<li>le matin</li>" in examples and "<ol>" in examples
    assert "<blockquote>" in examples
    assert '<a href="https://www.example.org" rel="nofollow ugc noopener">' in examples


# --- the usual wait of a space ---------------------------------------------------------------


def test_a_space_s_usual_wait_is_its_median_delay_shown_from_the_minimum_of_decisions(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    now = utcnow()
    # Four decisions: one fewer than the minimum, so no figure at all.
    _decided_after(session, world, world["space"], [10, 20, 40, 50], at=now)
    html = client.get(HELP).get_data(as_text=True)
    assert _wait_cells(html) == {
        "Diabète de type 1": "pas encore assez de décisions",
        "Endométriose": "pas encore assez de décisions",
    }
    chosen = unescape(client.get(f"{HELP}?espace=diabete").get_data(as_text=True))
    assert "Dans l’espace « Diabète de type 1 », il n’y a pas encore assez de décisions" in chosen
    assert " min" not in _wait_cells(chosen)["Diabète de type 1"]

    # The fifth: the median of 10, 20, 30, 40 and 50 minutes.
    _decided_after(session, world, world["space"], [30], at=now)
    html = client.get(HELP).get_data(as_text=True)
    assert _wait_cells(html)["Diabète de type 1"] == "30 min"
    assert _wait_cells(html)["Endométriose"] == "pas encore assez de décisions"
    chosen = unescape(client.get(f"{HELP}?espace=diabete").get_data(as_text=True))
    assert (
        "Dans l’espace « Diabète de type 1 », un modérateur répond en général en 30 min." in chosen
    )
    # An unknown space in the address is no error: the page, without a chosen space.
    assert client.get(f"{HELP}?espace=nulle-part").status_code == 200


def test_the_usual_wait_counts_the_last_months_only(
    app: Flask, client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    now = utcnow()
    long_ago = now.replace(day=1) - timedelta(days=31 * waiting.MONTHS)
    _decided_after(session, world, world["space"], [600] * 6, at=long_ago)
    assert _wait_cells(client.get(HELP).get_data(as_text=True))["Diabète de type 1"] == (
        "pas encore assez de décisions"
    )
    _decided_after(session, world, world["space"], [125] * 3, at=now)
    _decided_after(session, world, world["space"], [125] * 2, at=now - timedelta(days=35))
    assert _wait_cells(client.get(HELP).get_data(as_text=True))["Diabète de type 1"] == (
        "2 h 05 min"
    )


def test_the_months_the_worker_kept_give_the_same_wait_as_counting_them(
    app: Flask, client: FlaskClient, session: Any, count_queries: Any
) -> None:
    world = _world(session)
    last_month = utcnow().replace(day=1) - timedelta(days=3)
    _decided_after(session, world, world["space"], [90, 90, 95, 120, 240], at=last_month)
    _decided_after(session, world, world["other"], [5, 6, 7, 8, 9, 10], at=utcnow())
    counted = _wait_cells(client.get(HELP).get_data(as_text=True))
    assert counted == {"Diabète de type 1": "1 h 35 min", "Endométriose": "7 min"}
    transparency.keep_closed_months(session, today=utcnow().date())
    session.commit()
    with count_queries() as counter:
        kept = _wait_cells(client.get(HELP).get_data(as_text=True))
    assert kept == counted
    # The spaces, the kept months and this month's delays: one query each.
    assert counter.count <= 3, counter.statements


# --- where a writer finds it -----------------------------------------------------------------


def test_every_writing_form_links_to_the_help_and_shows_formatting_examples(
    client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    opened, first = h.thread(session, world["author"], world["space"])
    h.log_in(client, world["author"])
    pages = {
        "new thread": client.get("/espaces/diabete/nouvelle-discussion"),
        "reply": client.get(f"/discussions/{opened.id}/repondre"),
        "thread page": client.get(f"/discussions/{opened.id}"),
        "edit": client.get(f"/messages/{first.id}/modifier"),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        html = unescape(page.get_data(as_text=True))
        assert "Markdown" not in html, name
        # A button of the form, which keeps the draft on the way to the help.
        assert '<button type="submit" name="quitter" value="aide" class="link">' in html, name
        assert "Mettre en forme votre message : exemples" in html, name
        assert "<strong>très important</strong>" in html, name
        assert "Vous pouvez mettre des mots en gras, faire des listes" in html, name
    away = client.post(f"/discussions/{opened.id}/repondre", data={"body": "", "quitter": "aide"})
    assert away.headers["Location"] == f"{HELP}?espace=diabete#moderation"


def test_the_first_pending_notice_links_to_the_help_and_the_next_ones_do_not(
    client: FlaskClient, session: Any
) -> None:
    world = _world(session)
    h.log_in(client, world["author"])
    sent = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={"title": "Première fois", "body": "Bonjour, je découvre le site."},
    )
    notice = _pending_notice(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert f'<a href="{HELP}?espace=diabete#moderation">' in notice
    assert "Comment se passe la relecture, et combien de temps attendre ?" in unescape(notice)

    again = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={"title": "Deuxième fois", "body": "Encore une question."},
    )
    notice = _pending_notice(client.get(again.headers["Location"]).get_data(as_text=True))
    assert h.PENDING_FLASH in notice and "<a " not in notice


def _pending_notice(html: str) -> str:
    found = re.search(r'<p class="flash info">(Votre message est en attente.*?)</p>', html, re.S)
    assert found, "the page tells the post waits"
    return found.group(1)

"""An author whose words read like a crisis is shown where to find help at once."""

from __future__ import annotations

import pytest

from tests.forums import helpers as h


def _write(client, session, body: str, title: str = "Ce soir") -> str:
    diabetes = h.space(session)
    lou = h.joined(session, h.member(session, "Lou"), diabetes)
    session.commit()
    h.log_in(client, lou)
    sent = client.post("/espaces/diabete/nouvelle-discussion", data={"title": title, "body": body})
    assert sent.status_code == 302
    return client.get(sent.headers["Location"]).get_data(as_text=True)


def test_a_post_about_ending_ones_life_shows_the_help_lines_right_away(client, session):
    page = _write(client, session, "Je n’en peux plus, je veux en finir avec la vie.")
    assert 'class="flash crisis" role="alert"' in page
    assert "3114" in page and "le 15" in page and "le 112" in page
    assert h.PENDING_FLASH in page  # and it still waits for a moderator


def test_a_veiled_crisis_in_the_title_counts_too(client, session):
    page = _write(client, session, "Voilà.", title="Tout le monde serait mieux sans moi")
    assert "3114" in page


def test_ordinary_talk_about_death_and_pain_shows_no_alarm(client, session):
    page = _write(client, session, "Mon père est mort du diabète ; cette douleur me tue le soir.")
    assert "3114" not in page and "flash crisis" not in page


def test_an_english_reader_gets_the_help_lines_in_english(client, session):
    diabetes = h.space(session)
    lou = h.joined(session, h.member(session, "Lou", locale="en"), diabetes)
    session.commit()
    h.log_in(client, lou)
    sent = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={"title": "Tonight", "body": "I want to kill myself."},
    )
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "in France call 3114" in page


# The policy: an attack (toxic, severe), not a crisis of the author's; the moderator still
# sees it first, and the person it targets is the one to protect.
@pytest.mark.parametrize(
    "body",
    [
        "Franchement va te pendre, personne ne te regrettera ici.",
        "Nobody wants you here, just go kill yourself.",
        "t'as qu'à crever toi et ta pompe, kys",
    ],
)
def test_telling_someone_else_to_kill_themselves_shows_its_author_no_help_lines(
    client, session, body
):
    page = _write(client, session, body, title="Réponse")
    assert "3114" not in page and "flash crisis" not in page
    assert h.PENDING_FLASH in page

"""Whatever a member types: a French message or harmless rendering, never a half-written row."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.forums.models import Post, PostRevision, Thread
from tests.forums import helpers as h

MEGABYTE = "a" * (1024 * 1024)


@pytest.fixture
def writer(client, session):
    camille = h.member(session, "Camille")
    h.joined(session, camille, h.space(session))
    session.commit()
    h.log_in(client, camille)
    return camille


def _rows(session) -> tuple[int, int, int]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Thread, Post, PostRevision)
    )


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "Un message", "Donnez un titre à votre discussion."),
        ("   ", "Un message", "Donnez un titre à votre discussion."),
        ("\u200b\u200b\u200d", "Un message", "Donnez un titre à votre discussion."),
        ("\u202e\u202d\x00", "Un message", "Donnez un titre à votre discussion."),
        ("\u3164", "Un message", "Donnez un titre à votre discussion."),
        ("Un titre", "", "Écrivez votre message."),
        ("Un titre", "\n\t  \n", "Écrivez votre message."),
        ("Un titre", "\u200b\ufeff\u2060", "Écrivez votre message."),
        ("Un titre", "\x00\x00", "Écrivez votre message."),
        ("t" * 201, "Un message", "Le titre est trop long"),
        (MEGABYTE, "Un message", "Le titre est trop long"),
        ("Un titre", MEGABYTE, "Votre message est trop long"),
    ],
)
def test_a_bad_thread_is_refused_in_french_next_to_its_field(
    client, session, writer, title, body, message
):
    response = client.post(
        "/espaces/diabete/nouvelle-discussion", data={"title": title, "body": body}
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert message in page
    assert 'class="errors"' in page and 'aria-invalid="true"' in page
    assert _rows(session) == (0, 0, 0)


def test_a_bad_reply_or_edit_is_refused_too(client, session, writer):
    opened, first = h.thread(session, writer, session.scalars(select(h.Space)).one())
    before = _rows(session)

    for body in ("", "\u200b", MEGABYTE):
        reply = client.post(f"/discussions/{opened.id}/repondre", data={"body": body})
        edit = client.post(f"/messages/{first.id}/modifier", data={"title": "Ok", "body": body})
        assert reply.status_code == 200 and 'class="errors"' in reply.get_data(as_text=True)
        assert edit.status_code == 200 and 'class="errors"' in edit.get_data(as_text=True)

    edit = client.post(f"/messages/{first.id}/modifier", data={"title": "\u200b", "body": "Ok"})
    assert "Donnez un titre à votre discussion." in edit.get_data(as_text=True)
    assert _rows(session) == before


def test_a_body_over_the_request_size_limit_gets_a_french_page(client, session, writer):
    response = client.post(
        "/espaces/diabete/nouvelle-discussion", data={"title": "Titre", "body": MEGABYTE * 3}
    )
    assert response.status_code == 413
    assert "trop volumineux" in response.get_data(as_text=True)
    assert _rows(session) == (0, 0, 0)


def test_odd_characters_are_cleaned_and_html_is_shown_not_run(client, session, writer):
    sent = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={
            "title": "<script>alert(1)</script> Dr\u202eôle\x00 de titre",
            "body": "<b>gras ?</b> <script>alert(2)</script> <img src=x onerror=alert(3)>",
        },
    )
    assert sent.status_code == 302
    thread = session.scalars(select(Thread)).one()
    assert "\u202e" not in thread.title and "\x00" not in thread.title

    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;gras ?&lt;/b&gt;" in page


def test_markdown_links_are_sanitized_and_marked_nofollow(client, session, writer):
    body = (
        "[piège](javascript:alert(1)) et [site](https://example.org) "
        'et https://afd.asso.fr et <a href="https://evil.example">brut</a>'
    )
    sent = client.post(
        "/espaces/diabete/nouvelle-discussion", data={"title": "Liens", "body": body}
    )
    stored = session.scalars(select(Post)).one().body_html
    page = client.get(sent.headers["Location"]).get_data(as_text=True)

    # The javascript: link stays as the text the member typed, never as a link.
    assert 'href="javascript:' not in stored and 'href="javascript:' not in page
    assert '<a href="https://example.org" rel="nofollow ugc noopener">site</a>' in stored
    assert '<a href="https://afd.asso.fr" rel="nofollow ugc noopener">' in stored
    assert 'href="https://evil.example"' not in stored  # raw HTML is text, not a link


def test_the_preview_is_sanitized_too(client, session, writer):
    page = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={
            "title": "T",
            "body": "<script>alert(1)</script> [x](javascript:alert(1))",
            "preview": "1",
        },
    ).get_data(as_text=True)

    assert "<script>alert" not in page and 'href="javascript:' not in page
    assert _rows(session) == (0, 0, 0)

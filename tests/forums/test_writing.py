"""Writing: a thread or a reply waits for a moderator, seen by its author only until published."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import event, func, select

from community.extensions import db
from community.forums import queries, services
from community.forums.models import Post, PostRevision, PostStatus, Thread
from tests.forums import helpers as h


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_new_thread_is_seen_by_its_author_only_until_a_moderator_publishes_it(client, session):
    diabetes = h.space(session)
    camille, noa = h.member(session, "Camille"), h.member(session, "Noa")
    h.joined(session, noa, diabetes)
    session.commit()

    # Camille joins the space and writes a thread.
    h.log_in(client, camille)
    client.post("/espaces/diabete/rejoindre")
    form = client.get("/espaces/diabete/nouvelle-discussion")
    assert form.status_code == 200 and 'name="csrf_token"' in form.get_data(as_text=True)
    sent = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={"title": "Pompe ou stylos ?", "body": "Qu’avez-vous choisi, et **pourquoi** ?"},
    )
    assert sent.status_code == 302
    thread_id = session.scalars(select(Thread.id)).one()
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert h.PENDING_FLASH in page
    assert "Pompe ou stylos ?" in page and "<strong>pourquoi</strong>" in page
    assert "en attente de modération" in page
    space_page = client.get("/espaces/diabete").get_data(as_text=True)
    assert "Vos discussions pas encore publiées" in space_page and "Pompe ou stylos ?" in space_page

    # Nobody else sees it: not another member, not a visitor.
    h.log_in(client, noa)
    assert client.get(f"/discussions/{thread_id}").status_code == 404
    assert "Pompe ou stylos ?" not in client.get("/espaces/diabete").get_data(as_text=True)
    h.log_out(client)
    assert client.get(f"/discussions/{thread_id}").status_code == 404
    assert "Pompe ou stylos ?" not in client.get("/espaces/diabete").get_data(as_text=True)

    # Once a moderator publishes it, everyone does.
    services.publish_post(session, post=session.scalars(select(Post)).one())
    h.fresh(session)
    public = client.get(f"/discussions/{thread_id}").get_data(as_text=True)
    assert "Pompe ou stylos ?" in public and "en attente de modération" not in public
    assert "Pompe ou stylos ?" in client.get("/espaces/diabete").get_data(as_text=True)


def test_a_reply_is_pending_then_visible(client, session):
    diabetes = h.space(session)
    camille, noa = h.member(session, "Camille"), h.member(session, "Noa")
    opened, _ = h.thread(session, camille, diabetes)
    url = f"/discussions/{opened.id}"
    h.joined(session, noa, diabetes)
    session.commit()

    h.log_in(client, noa)
    sent = client.post(
        f"/discussions/{opened.id}/repondre", data={"body": "Moi je cours le matin."}
    )
    assert sent.status_code == 302
    own_view = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert h.PENDING_FLASH in own_view
    assert "Moi je cours le matin." in own_view and "en attente de modération" in own_view

    h.log_in(client, camille)
    assert "Moi je cours le matin." not in client.get(url).get_data(as_text=True)

    services.publish_post(
        session, post=session.scalars(select(Post).order_by(Post.id.desc())).first()
    )
    h.fresh(session)
    assert "Moi je cours le matin." in client.get(url).get_data(as_text=True)


def test_editing_a_published_post_keeps_the_old_text_for_others(client, session):
    diabetes = h.space(session)
    camille, noa = h.member(session, "Camille"), h.member(session, "Noa")
    opened, first = h.thread(
        session, camille, diabetes, title="Titre d’origine", body="Texte d’origine"
    )

    h.log_in(client, camille)
    form = client.get(f"/messages/{first.id}/modifier").get_data(as_text=True)
    assert "Texte d’origine" in form and "Titre d’origine" in form
    sent = client.post(
        f"/messages/{first.id}/modifier", data={"title": "Titre corrigé", "body": "Texte corrigé"}
    )
    assert sent.status_code == 302
    own_view = client.get(f"/discussions/{opened.id}").get_data(as_text=True)
    assert "Votre modification est en attente de modération" in own_view
    assert "Texte d’origine" in own_view and "Texte corrigé" in own_view
    # Editing again starts from the text waiting for a moderator.
    assert "Texte corrigé" in client.get(f"/messages/{first.id}/modifier").get_data(as_text=True)

    h.log_in(client, noa)
    other_view = client.get(f"/discussions/{opened.id}").get_data(as_text=True)
    assert "Texte d’origine" in other_view and "Titre d’origine" in other_view
    assert "Texte corrigé" not in other_view and "Titre corrigé" not in other_view
    assert "Votre modification" not in other_view
    assert queries.pending_revision(session, post=first).body_source == "Texte corrigé"


def test_only_the_author_may_edit_or_delete_a_post(client, session):
    diabetes = h.space(session)
    camille, noa = h.member(session, "Camille"), h.member(session, "Noa")
    _, first = h.thread(session, camille, diabetes)
    h.joined(session, noa, diabetes)
    session.commit()

    assert client.get(f"/messages/{first.id}/modifier").status_code == 302  # log in first
    h.log_in(client, noa)
    assert client.get(f"/messages/{first.id}/modifier").status_code == 404
    assert client.post(f"/messages/{first.id}/modifier", data={"body": "pirate"}).status_code == 404
    assert client.post(f"/messages/{first.id}/supprimer").status_code == 404
    assert "Modifier" not in client.get(f"/discussions/{first.thread_id}").get_data(as_text=True)
    assert _count(session, PostRevision) == 0
    h.fresh(session)
    assert session.get(Post, first.id).status is PostStatus.PUBLISHED


def test_deleting_a_reply_hides_it_and_keeps_the_row(client, session):
    diabetes = h.space(session)
    camille, noa = h.member(session, "Camille"), h.member(session, "Noa")
    opened, _ = h.thread(session, camille, diabetes)
    answer = h.reply(session, noa, opened, "Une réponse que je regrette.")

    h.log_in(client, noa)
    confirm = client.get(f"/messages/{answer.id}/supprimer")
    assert confirm.status_code == 200 and "Oui, supprimer" in confirm.get_data(as_text=True)
    h.fresh(session)
    assert session.get(Post, answer.id).status is PostStatus.PUBLISHED  # GET changes nothing
    done = client.post(f"/messages/{answer.id}/supprimer", follow_redirects=True)
    assert "Votre message a été supprimé" in done.get_data(as_text=True)

    h.log_out(client)
    assert "Une réponse que je regrette." not in client.get(f"/discussions/{opened.id}").get_data(
        as_text=True
    )
    answer_id = answer.id
    h.fresh(session)
    kept = session.get(Post, answer_id)
    assert (
        kept.status is PostStatus.WITHDRAWN and kept.body_source == "Une réponse que je regrette."
    )
    assert kept.thread.post_count == 1


def test_deleting_the_opening_post_withdraws_the_thread(client, session):
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    opened, first = h.thread(session, camille, diabetes, title="Sujet retiré")

    h.log_in(client, camille)
    client.post(f"/messages/{first.id}/supprimer")
    h.fresh(session)

    assert client.get(f"/discussions/{opened.id}").status_code == 404
    assert "Sujet retiré" not in client.get("/espaces/diabete").get_data(as_text=True)
    assert session.get(Thread, opened.id).status is PostStatus.WITHDRAWN


def test_the_preview_shows_the_rendered_text_and_stores_nothing(client, session):
    h.joined(session, h.member(session, "Camille"), h.space(session))
    session.commit()
    h.log_in(client, session.scalars(select(h.Member)).one())

    page = client.post(
        "/espaces/diabete/nouvelle-discussion",
        data={"title": "Mon titre", "body": "Un *essai* de mise en forme", "preview": "Aperçu"},
    )
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    assert "<em>essai</em>" in html and "Rien n’est encore envoyé" in html
    assert "Un *essai* de mise en forme" in html  # still in the text area, to be sent
    assert _count(session, Thread) == 0 and _count(session, Post) == 0


def test_a_visitor_is_sent_to_log_in_and_a_non_member_is_told_to_join(client, session):
    diabetes = h.space(session)
    camille, noa = h.member(session, "Camille"), h.member(session, "Noa")
    opened, _ = h.thread(session, camille, diabetes)

    anonymous = client.get("/espaces/diabete/nouvelle-discussion")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]
    assert client.post(f"/discussions/{opened.id}/repondre", data={"body": "x"}).status_code == 302

    h.log_in(client, noa)
    refused = client.post(
        "/espaces/diabete/nouvelle-discussion", data={"title": "Bonjour", "body": "Bonjour"}
    )
    assert refused.status_code == 403
    assert "rejoignez-le d’abord" in refused.get_data(as_text=True)
    thread_page = client.get(f"/discussions/{opened.id}").get_data(as_text=True)
    assert "Pour répondre, rejoignez d’abord l’espace." in thread_page
    assert 'action="/espaces/diabete/rejoindre"' in thread_page
    assert _count(session, Thread) == 1


def test_a_suspended_member_cannot_post_but_can_withdraw(client, session):
    diabetes = h.space(session)
    sam = h.member(session, "Sam")
    opened, first = h.thread(session, sam, diabetes)
    h.suspend(session, sam)
    session.commit()
    h.log_in(client, sam)

    assert client.get("/espaces/diabete/nouvelle-discussion").status_code == 403
    assert client.post(f"/discussions/{opened.id}/repondre", data={"body": "x"}).status_code == 403
    assert client.post(f"/messages/{first.id}/modifier", data={"body": "x"}).status_code == 403
    assert _count(session, Post) == 1 and _count(session, PostRevision) == 0
    assert client.post(f"/messages/{first.id}/supprimer").status_code == 302
    h.fresh(session)
    assert session.get(Post, first.id).status is PostStatus.WITHDRAWN


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_POSTING="1 per minute")
def test_posting_is_rate_limited(client, session):
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    opened, _ = h.thread(session, camille, diabetes)
    h.log_in(client, camille)

    assert client.get(f"/discussions/{opened.id}/repondre").status_code == 200  # reading is free
    first = client.post(f"/discussions/{opened.id}/repondre", data={"body": "Premier"})
    second = client.post(f"/discussions/{opened.id}/repondre", data={"body": "Second"})

    assert first.status_code == 302
    assert second.status_code == 429
    assert "Trop de tentatives" in second.get_data(as_text=True)
    assert _count(session, Post) == 2


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_every_writing_form_carries_its_csrf_token_and_a_forged_post_stores_nothing(
    client, session
):
    diabetes = h.space(session)
    camille = h.member(session, "Camille")
    opened, first = h.thread(session, camille, diabetes)
    h.log_in(client, camille)

    for url in (
        "/espaces/diabete",
        f"/discussions/{opened.id}",
        "/espaces/diabete/nouvelle-discussion",
        f"/messages/{first.id}/modifier",
        f"/messages/{first.id}/supprimer",
    ):
        assert 'name="csrf_token"' in client.get(url).get_data(as_text=True), url

    forged = client.post(f"/discussions/{opened.id}/repondre", data={"body": "Sans jeton"})
    assert forged.status_code == 400
    assert "rien n’a été enregistré" in forged.get_data(as_text=True)
    assert _count(session, Post) == 1


# --- a form sent twice ------------------------------------------------------------------


def _submission_key(page: str) -> str:
    found = re.search(r'name="submission"[^>]*value="([0-9a-f]{32})"', page) or re.search(
        r'value="([0-9a-f]{32})"[^>]*name="submission"', page
    )
    assert found, "the writing form carries no one-time key"
    return found.group(1)


def test_a_reply_sent_twice_after_a_dropped_connection_is_stored_once(client, session):
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    opened, _ = h.thread(session, camille, diabetes)
    h.log_in(client, camille)
    key = _submission_key(client.get(f"/discussions/{opened.id}").get_data(as_text=True))
    sent = {"body": "Merci pour vos conseils.", "submission": key}

    first = client.post(f"/discussions/{opened.id}/repondre", data=sent)
    again = client.post(f"/discussions/{opened.id}/repondre", data=sent)  # the answer was lost

    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert _count(session, Post) == 2  # the opening post, and the reply once
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Ce message était déjà envoyé : il n’a été enregistré qu’une fois." in page


def test_a_new_thread_sent_twice_is_one_thread(client, session):
    camille = h.joined(session, h.member(session, "Camille"), h.space(session))
    session.commit()
    h.log_in(client, camille)
    key = _submission_key(client.get("/espaces/diabete/nouvelle-discussion").get_data(as_text=True))
    sent = {"title": "Pompe ou stylos ?", "body": "Qu’avez-vous choisi ?", "submission": key}

    client.post("/espaces/diabete/nouvelle-discussion", data=sent)
    client.post("/espaces/diabete/nouvelle-discussion", data=sent)

    assert _count(session, Thread) == 1 and _count(session, Post) == 1


def test_a_form_reused_for_another_text_is_a_new_post_never_lost(client, session):
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    opened, _ = h.thread(session, camille, diabetes)
    h.log_in(client, camille)
    key = _submission_key(client.get(f"/discussions/{opened.id}/repondre").get_data(as_text=True))

    client.post(f"/discussions/{opened.id}/repondre", data={"body": "Premier", "submission": key})
    # Back in the browser, the same form, another text: both are kept.
    client.post(f"/discussions/{opened.id}/repondre", data={"body": "Second", "submission": key})

    bodies = session.scalars(select(Post.body_source).order_by(Post.id)).all()
    assert bodies[1:] == ["Premier", "Second"]


def test_a_form_without_its_key_still_posts(client, session):
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    opened, _ = h.thread(session, camille, diabetes)
    h.log_in(client, camille)

    for forged in ("", "pas-une-clé", "x" * 500):
        sent = client.post(
            f"/discussions/{opened.id}/repondre",
            data={"body": f"Texte {forged}", "submission": forged},
        )
        assert sent.status_code == 302
    assert _count(session, Post) == 4


@pytest.mark.real_database
def test_the_same_reply_sent_twice_at_the_same_instant_is_stored_once(app, session):
    """A double click that reaches two web processes: both look for the form's key before
    either has written, both write; one post is stored, and both answers lead to it."""
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    opened, _ = h.thread(session, camille, diabetes)
    session.commit()
    clients = [h.log_in(app.test_client(), camille.get_id()) for _ in range(2)]
    # Read before the thread page, whose reading Camille's mark commits (expiring `opened`).
    thread_id = opened.id
    key = _submission_key(clients[0].get(f"/discussions/{thread_id}").get_data(as_text=True))
    sent = {"body": "Merci pour vos conseils.", "submission": key}
    # Each request waits for the other before inserting its post: both have looked, and
    # found nothing, by then.
    both_looked = threading.Barrier(2, timeout=10)
    names = ("premier", "second")

    def wait_for_the_other(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("INSERT INTO post ") and threading.current_thread().name in names:
            both_looked.wait()

    answers: dict[str, str] = {}

    def send(client) -> None:
        answer = client.post(f"/discussions/{thread_id}/repondre", data=sent)
        answers[threading.current_thread().name] = answer.headers.get("Location", "")

    event.listen(db.engine, "before_cursor_execute", wait_for_the_other)
    try:
        senders = [
            threading.Thread(target=send, args=(client,), name=name)
            for client, name in zip(clients, names, strict=True)
        ]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(timeout=60)
    finally:
        event.remove(db.engine, "before_cursor_execute", wait_for_the_other)

    stored = session.scalars(
        select(Post).where(Post.thread_id == opened.id).order_by(Post.id)
    ).all()
    assert [post.body_source for post in stored] == [stored[0].body_source, sent["body"]]
    assert answers["premier"] == answers["second"]
    assert answers["premier"].endswith(f"#message-{stored[1].id}")

"""Quoting: "Citer" under a published post starts a reply that quotes a passage of it, in its
author's own words, shown as a quote that links to its source, and only while the source
still says it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from community.accounts.models import Member
from community.forums import queries, quotes, services
from community.forums.models import Post, PostQuote, PostStatus
from community.forums.spaces import ForumError
from tests.forums import helpers as h

SOURCE = (
    "Le matin je mesure ma glycémie avant le petit-déjeuner.\n\n"
    "Ensuite je marche **vingt minutes** : ma glycémie baisse doucement."
)


@pytest.fixture
def story(session):
    """Lea answered Camille's question; Sam, a member of the space, wants to quote her."""
    space = h.space(session)
    camille, lea, sam = (h.member(session, n) for n in ("Camille", "Lea", "Sam"))
    thread, opening = h.thread(session, camille, space, body="Vos routines du matin ?")
    answer = h.reply(session, lea, thread, SOURCE)
    h.joined(session, sam, space)
    session.commit()
    return {"thread": thread, "opening": opening, "answer": answer, "sam": sam, "lea": lea}


def _form_page(client, thread, quoted) -> str:
    return client.get(f"/discussions/{thread.id}/repondre?citer={quoted.id}").get_data(as_text=True)


def _quotes(session) -> list[tuple[int, str]]:
    session.expire_all()
    return [
        (quote.quoted_post_id, quote.passage_source) for quote in session.scalars(select(PostQuote))
    ]


def test_a_member_quotes_a_passage_of_an_answer_and_the_reply_shows_it(client, session, story):
    thread, answer = story["thread"], story["answer"]
    h.log_in(client, story["sam"])
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert f"/discussions/{thread.id}/repondre?citer={answer.id}" in page

    # The form starts from the whole answer; Sam keeps one sentence, re-flowed as a text
    # box does, and writes his own words.
    form = _form_page(client, thread, answer)
    assert "Vous citez le message de Lea" in form and "je marche **vingt minutes**" in form
    assert f'name="quote_of" type="hidden" value="{answer.id}"' in form
    sent = client.post(
        f"/discussions/{thread.id}/repondre",
        data={
            "quote_of": str(answer.id),
            "quote": "Ensuite je marche **vingt\nminutes** :   ma glycémie",
            "body": "Pareil pour moi, et ça marche aussi le soir.",
        },
    )
    assert sent.status_code == 302
    reply = session.scalars(select(Post).order_by(Post.id.desc())).first()
    assert reply.status is PostStatus.PENDING and "vingt" not in reply.body_source
    # Kept in Lea's own words, spaces and all, as her text says them.
    assert _quotes(session) == [(answer.id, "Ensuite je marche **vingt minutes** : ma glycémie")]

    # Published, the reply shows the quote above its own words, linked to its source.
    services.publish_post(session, post=reply)
    h.fresh(session)
    h.log_out(client)
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    article = page[page.index(f'id="message-{reply.id}"') :]
    quote = re.search(r'<blockquote class="quote">(.*?)</blockquote>', article, re.S)
    assert quote is not None
    assert ">Lea</a> a écrit" in quote.group(1)
    assert "Ensuite je marche <strong>vingt minutes</strong> : ma glycémie" in quote.group(1)
    assert f'href="/messages/{answer.id}"' in quote.group(1)
    assert article.index("</blockquote>") < article.index("Pareil pour moi")

    # The link leads to the quoted answer, on the page of the thread that shows it.
    link = client.get(f"/messages/{answer.id}")
    assert link.headers["Location"].endswith(
        f"/discussions/{thread.id}/{_slug(thread)}#message-{answer.id}"
    )


def _slug(thread) -> str:
    from community.kernel.urls import slugify

    return slugify(thread.title)


@pytest.mark.config(POSTS_PER_PAGE=2)
def test_a_posts_address_finds_its_page(client, session, story):
    thread = story["thread"]
    later = [h.reply(session, story["lea"], thread, f"Suite {n}") for n in range(3)]
    session.commit()
    found = client.get(f"/messages/{later[-1].id}")
    assert found.headers["Location"].endswith(f"?page=3#message-{later[-1].id}")
    assert client.get("/messages/999999").status_code == 404


def test_words_that_are_not_the_authors_are_refused_and_nothing_is_lost(client, session, story):
    thread, answer = story["thread"], story["answer"]
    h.log_in(client, story["sam"])
    refused = client.post(
        f"/discussions/{thread.id}/repondre",
        data={
            "quote_of": str(answer.id),
            "quote": "Ensuite je marche une heure",
            "body": "Ma réponse, que je ne veux pas perdre.",
        },
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Ce passage ne reprend pas les mots du message cité" in page
    assert "Ma réponse, que je ne veux pas perdre." in page
    assert "Ensuite je marche une heure" in page, "the passage typed stays in its box"
    assert session.scalar(select(func.count()).select_from(Post)) == 2
    assert _quotes(session) == []


def test_an_emptied_passage_answers_without_quoting(client, session, story):
    thread, answer = story["thread"], story["answer"]
    h.log_in(client, story["sam"])
    form = _form_page(client, thread, answer)
    assert "Pour répondre sans citer, effacez tout le passage." in form
    sent = client.post(
        f"/discussions/{thread.id}/repondre",
        data={"quote_of": str(answer.id), "quote": " \n", "body": "Sans citation."},
    )
    assert sent.status_code == 302
    assert _quotes(session) == []
    assert session.scalars(select(Post.body_source).order_by(Post.id.desc())).first() == (
        "Sans citation."
    )


def test_only_a_published_post_of_the_thread_may_be_quoted(client, session, story):
    thread, sam = story["thread"], story["sam"]
    other_thread, elsewhere = h.thread(session, story["lea"], thread.space, title="Autre sujet")
    waiting = h.reply(session, story["lea"], thread, "Pas encore relu.", published=False)
    session.commit()
    h.log_in(client, sam)
    for post in (elsewhere, waiting):
        page = client.get(
            f"/discussions/{thread.id}/repondre?citer={post.id}", follow_redirects=True
        )
        text = page.get_data(as_text=True)
        assert "Le message que vous vouliez citer n’est plus publié" in text
        assert "Vous citez" not in text and "Pas encore relu." not in text
    assert quotes.quotable(session, thread=other_thread, post_id=elsewhere.id) is elsewhere
    with pytest.raises(ForumError, match="quote_changed"):
        quotes.checked_passage(elsewhere, "des mots à moi")


def test_a_quote_of_a_post_withdrawn_meanwhile_waits_for_its_writer(client, session, story):
    thread, answer, lea = story["thread"], story["answer"], story["lea"]
    h.log_in(client, story["sam"])
    _form_page(client, thread, answer)
    services.withdraw_post(session, author=lea, post=answer)
    session.commit()
    sent = client.post(
        f"/discussions/{thread.id}/repondre",
        data={"quote_of": str(answer.id), "quote": "Le matin", "body": "Ma réponse."},
    )
    page = sent.get_data(as_text=True)
    assert sent.status_code == 200
    assert "Le message que vous vouliez citer n’est plus publié" in page
    assert "Ma réponse." in page and "Vous citez" not in page
    assert session.scalar(select(func.count()).select_from(Post)) == 2
    # Sent again as it now stands, it goes, without the quote.
    again = client.post(
        f"/discussions/{thread.id}/repondre", data={"quote_of": "", "body": "Ma réponse."}
    )
    assert again.status_code == 302 and _quotes(session) == []


def test_a_quote_shows_nothing_of_a_source_taken_down_or_changed(client, session, story):
    thread, answer, lea, sam = story["thread"], story["answer"], story["lea"], story["sam"]
    opening = story["opening"]
    first = services.reply(
        session, author=sam, thread=thread, body="Merci !", quoting=answer, passage="Le matin"
    )
    second = services.reply(
        session,
        author=sam,
        thread=thread,
        body="Oui.",
        quoting=opening,
        passage="Vos routines du matin ?",
    )
    for post in (first, second):
        services.publish_post(session, post=post)
    session.commit()

    # Lea withdraws her answer: its words leave the quote too; the link goes with them.
    services.withdraw_post(session, author=lea, post=answer)
    # Camille's question is edited and no longer says what was quoted.
    camille = session.get(Member, opening.author_id)
    services.edit_post(session, author=camille, post=opening, body="Vos habitudes ?")
    services.apply_revision(
        session, post=opening, revision=queries.pending_revision(session, post=opening)
    )
    session.commit()
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert "Citation d’un message retiré." in page
    assert "Citation d’un passage que son auteur a modifié depuis." in page
    assert "Le matin" not in page and "Vos routines du matin" not in page
    assert f'href="/messages/{answer.id}"' not in page


def test_a_quoted_passage_is_rendered_safely(client, session, story):
    thread, sam = story["thread"], story["sam"]
    hostile = h.reply(
        session,
        story["lea"],
        thread,
        'Essayez <script>alert("x")</script> et [ceci](javascript:alert(1))',
    )
    session.commit()
    quoting = services.reply(
        session,
        author=sam,
        thread=thread,
        body="Hum.",
        quoting=hostile,
        passage=hostile.body_source,
    )
    services.publish_post(session, post=quoting)
    session.commit()
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    quote = re.search(r'<blockquote class="quote">(.*?)</blockquote>', page, re.S)
    assert quote is not None
    assert "<script>" not in quote.group(1) and "&lt;script&gt;" in quote.group(1)
    assert 'href="javascript:' not in quote.group(1)


def test_the_preview_shows_the_quote_as_the_reply_will(client, session, story):
    thread, answer = story["thread"], story["answer"]
    h.log_in(client, story["sam"])
    data = {"quote_of": str(answer.id), "body": "Pareil.", "preview": "Aperçu"}
    page = client.post(
        f"/discussions/{thread.id}/repondre", data={**data, "quote": "je marche **vingt minutes**"}
    ).get_data(as_text=True)
    preview = page[page.index('class="preview"') : page.index("</section>")]
    assert '<blockquote class="quote"><p>je marche <strong>vingt minutes</strong></p>' in preview
    assert "Pareil." in preview
    # A passage that is not Lea's is said so at once, before anything is sent.
    page = client.post(
        f"/discussions/{thread.id}/repondre", data={**data, "quote": "je cours une heure"}
    ).get_data(as_text=True)
    assert "Ce passage ne reprend pas les mots du message cité" in page
    assert session.scalar(select(func.count()).select_from(Post)) == 2

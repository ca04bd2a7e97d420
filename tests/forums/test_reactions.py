"""Reactions: a member of the space says "Merci", "Moi aussi" or "Je vous soutiens" of a
published post without writing one; the counts show to every reader, who reacted to the
space's own people, and nothing of it waits for a moderator."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from community.accounts.models import Member
from community.accounts.services import delete_account
from community.forums import reactions, services
from community.forums.models import Post, PostStatus, Reaction, ReactionKind, SpaceRoleKind
from community.forums.spaces import ForumError
from tests.forums import helpers as h

THANKS, ME_TOO, SUPPORT = ReactionKind.THANKS, ReactionKind.ME_TOO, ReactionKind.SUPPORT


def _reactions(session) -> set[tuple[str, str]]:
    """(pseudonym, kind) of every reaction stored."""
    session.expire_all()
    rows = session.execute(
        select(Member.pseudonym, Reaction.kind).join(Member, Member.id == Reaction.member_id)
    ).all()
    return {(pseudonym, str(kind)) for pseudonym, kind in rows}


def _named(session, pseudonym: str) -> Member:
    return session.scalars(select(Member).where(Member.pseudonym == pseudonym)).one()


def _article(page: str, post: Post) -> str:
    """The post's article, as the page draws it."""
    start = page.index(f'id="message-{post.id}"')
    return page[start : page.index("</article>", start)]


def _button(page: str, label: str) -> str:
    """The reaction button whose label starts with `label`, as the page draws it."""
    found = re.search(rf"<button[^>]*>{re.escape(label)}(?:(?!</button>).)*</button>", page, re.S)
    assert found is not None, f"no {label!r} button"
    return found.group(0)


@pytest.fixture
def story(session):
    """Camille asks in the diabetes space; Lea answers; Sam and Noa are members too."""
    space = h.space(session)
    camille, lea, sam, noa = (h.member(session, n) for n in ("Camille", "Lea", "Sam", "Noa"))
    thread, opening = h.thread(session, camille, space, body="Vos astuces contre les hypos ?")
    answer = h.reply(session, lea, thread, "Toujours du sucre dans la poche.")
    for member in (sam, noa):
        h.joined(session, member, space)
    session.commit()
    return {"space": space, "thread": thread, "opening": opening, "answer": answer}


def test_a_member_thanks_an_answer_without_javascript_and_takes_it_back(client, session, story):
    answer, thread = story["answer"], story["thread"]
    sam = _named(session, "Sam")
    h.log_in(client, sam)
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert 'aria-pressed="false"' in _button(_article(page, answer), "Merci")

    # The button is a form: posted, it comes back to the answer, on the page it came from.
    sent = client.post(
        f"/messages/{answer.id}/reagir",
        data={"add": "thanks", "next": f"/discussions/{thread.id}?page=1"},
    )
    assert sent.status_code == 303
    assert sent.headers["Location"].endswith(f"/discussions/{thread.id}?page=1#message-{answer.id}")
    assert _reactions(session) == {("Sam", "thanks")}
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    thanks = _button(_article(page, answer), "Merci")
    assert 'aria-pressed="true"' in thanks and 'name="remove"' in thanks
    assert '<span class="count">1</span>' in thanks
    assert "1 réaction : qui a réagi ?" in page and "Sam" in page

    # Sent twice (a double click), it is still one; "Moi aussi" is another reaction.
    client.post(f"/messages/{answer.id}/reagir", data={"add": "thanks"})
    client.post(f"/messages/{answer.id}/reagir", data={"add": "me_too"})
    assert _reactions(session) == {("Sam", "thanks"), ("Sam", "me_too")}

    # Pressed again, it is taken back; the other stays.
    client.post(f"/messages/{answer.id}/reagir", data={"remove": "thanks"})
    assert _reactions(session) == {("Sam", "me_too")}
    # Nothing of it is a post, nor waits for a moderator.
    assert session.scalar(select(func.count()).select_from(Post)) == 2
    assert session.scalar(select(func.count()).where(Post.review_requested_at.is_not(None))) == 0


def test_counts_show_to_every_reader_and_who_reacted_to_the_space_only(client, session, story):
    answer, thread, space = story["answer"], story["thread"], story["space"]
    sam, noa = _named(session, "Sam"), _named(session, "Noa")
    reactions.react(session, member=sam, post=answer, kind=SUPPORT)
    reactions.react(session, member=noa, post=answer, kind=SUPPORT)
    reactions.react(session, member=noa, post=answer, kind=ME_TOO)
    doctor = h.member(session, "DrMartin")
    services.grant_space_role(session, space=space, member=doctor, kind=SpaceRoleKind.MODERATOR)
    outsider = h.member(session, "Zoe")
    session.commit()

    # A visitor and a member of the site who is not of the space: counts, no names, no button.
    for reader in (None, outsider):
        h.log_out(client) if reader is None else h.log_in(client, reader)
        page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
        assert re.search(r'Je vous soutiens <span class="count">2</span>', page)
        assert re.search(r'Moi aussi <span class="count">1</span>', page)
        assert "qui a réagi" not in page and "Noa" not in page
        assert "/reagir" not in page
    # The space's moderator sees who, oldest first.
    h.log_in(client, doctor)
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert "3 réactions : qui a réagi ?" in page
    assert re.search(r"Je vous soutiens :</strong> Sam, Noa", page)


def test_nobody_reacts_to_their_own_post(client, session, story):
    answer, thread = story["answer"], story["thread"]
    lea = session.get(Member, answer.author_id)
    reactions.react(session, member=_named(session, "Noa"), post=answer, kind=THANKS)
    session.commit()
    h.log_in(client, lea)
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    own = _article(page, answer)
    # She sees who thanked her, without a button of her own.
    assert "/reagir" not in own and 'Merci <span class="count">1</span>' in own
    assert "Merci :</strong> Noa" in own
    assert f"/messages/{story['opening'].id}/reagir" in page, "others' posts she may thank"

    refused = client.post(f"/messages/{answer.id}/reagir", data={"add": "thanks"})
    assert refused.status_code == 303
    told = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "On ne réagit pas à son propre message" in told
    assert _reactions(session) == {("Noa", "thanks")}
    with pytest.raises(ForumError):
        reactions.react(session, member=lea, post=answer, kind=THANKS)


def test_who_may_not_write_in_the_space_does_not_react(client, session, story):
    answer = story["answer"]
    zoe = h.member(session, "Zoe")
    sam = _named(session, "Sam")
    h.suspend(session, sam)
    session.commit()

    h.log_out(client)
    visitor = client.post(f"/messages/{answer.id}/reagir", data={"add": "thanks"})
    assert "/connexion" in visitor.headers["Location"]
    h.log_in(client, zoe)  # not a member of the space: asked to join it
    outsider = client.post(f"/messages/{answer.id}/reagir", data={"add": "thanks"})
    assert outsider.status_code == 403 and "Rejoindre l’espace" in outsider.get_data(as_text=True)
    h.log_in(client, sam)  # suspended: reads on, reacts no more
    assert client.post(f"/messages/{answer.id}/reagir", data={"add": "thanks"}).status_code == 403
    assert "/reagir" not in client.get(f"/discussions/{story['thread'].id}").get_data(as_text=True)
    assert _reactions(session) == set()

    # What no page of the site sends: a plain 400, nothing stored.
    h.log_in(client, _named(session, "Noa"))
    assert client.post(f"/messages/{answer.id}/reagir", data={"add": "bravo"}).status_code == 400
    assert client.post(f"/messages/{answer.id}/reagir", data={}).status_code == 400
    assert client.post("/messages/999999/reagir", data={"add": "thanks"}).status_code == 404
    assert _reactions(session) == set()


def test_a_members_only_space_keeps_its_posts_from_outsiders_reactions(client, session):
    private = h.space(session, "rares", members_only=True)
    camille, zoe = h.member(session, "Camille"), h.member(session, "Zoe")
    _thread, opening = h.thread(session, camille, private)
    session.commit()
    h.log_in(client, zoe)
    refused = client.post(f"/messages/{opening.id}/reagir", data={"add": "support"})
    assert refused.status_code == 403
    assert _reactions(session) == set()


def test_reactions_go_with_their_post_and_come_back_with_it(client, session, story):
    answer, thread = story["answer"], story["thread"]
    noa = _named(session, "Noa")
    reactions.react(session, member=noa, post=answer, kind=THANKS)
    session.commit()

    # Withdrawn by its author: nothing shows, and nobody may react to it any more.
    lea = session.get(Member, answer.author_id)
    services.withdraw_post(session, author=lea, post=answer)
    session.commit()
    h.log_in(client, noa)
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert "Toujours du sucre" not in page and '<span class="count">1</span>' not in page
    late = client.post(f"/messages/{answer.id}/reagir", data={"add": "support"})
    assert "plus publié" in client.get(late.headers["Location"]).get_data(as_text=True)
    assert _reactions(session) == {("Noa", "thanks")}

    # A post a moderator took down and then put back (an appeal) has its reactions again.
    other = h.reply(session, lea, thread, "Et un jus d’orange.")
    reactions.react(session, member=noa, post=other, kind=ME_TOO)
    services.unpublish_post(session, post=other)
    session.commit()
    assert "Moi aussi <span" not in client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    services.publish_post(session, post=other)
    session.commit()
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert '<span class="count">1</span>' in _button(_article(page, other), "Moi aussi")


def test_a_deleted_account_takes_its_reactions_with_it(client, session, story):
    noa = _named(session, "Noa")
    reactions.react(session, member=noa, post=story["answer"], kind=SUPPORT)
    session.commit()
    delete_account(session, member=noa, password="correct horse battery", withdraw_posts=False)
    session.commit()
    assert _reactions(session) == set()
    assert story["answer"].status is PostStatus.PUBLISHED


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_REACTING="2 per minute")
def test_reacting_is_rate_limited_like_every_write(client, session, story):
    answer = story["answer"]
    h.log_in(client, _named(session, "Sam"))
    sent = [
        client.post(f"/messages/{answer.id}/reagir", data={"add": kind}).status_code
        for kind in ("thanks", "me_too", "support")
    ]
    assert sent == [303, 303, 429]
    assert _reactions(session) == {("Sam", "thanks"), ("Sam", "me_too")}


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_a_reaction_needs_the_pages_csrf_token(client, session, story):
    answer, thread = story["answer"], story["thread"]
    h.log_in(client, _named(session, "Sam"))
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert 'name="csrf_token"' in _article(page, answer)
    forged = client.post(f"/messages/{answer.id}/reagir", data={"add": "thanks"})
    assert forged.status_code == 400 and "Le formulaire a expiré" in forged.get_data(as_text=True)
    assert _reactions(session) == set()

"""What followers and the members a post names are told, and only when the post can be read:
published by a moderator, in a space the member may read, never to its author."""

from __future__ import annotations

from sqlalchemy import select

from community.accounts.models import Member
from community.forums import follows
from community.forums import services as forums
from community.forums.models import SpaceRoleKind
from community.moderation.queue import services as moderation
from community.moderation.reports.services import report_post
from community.notifications.mailer import send_pending_emails
from community.notifications.models import Notification, NotificationKind
from tests.forums import helpers as h

REPLY = NotificationKind.FOLLOWED_THREAD_REPLY
NEW_THREAD = NotificationKind.FOLLOWED_SPACE_THREAD
MENTION = NotificationKind.MENTIONED
QUOTED = NotificationKind.QUOTED


def _told(session, *, post=None) -> set[tuple[str, NotificationKind]]:
    """(pseudonym, kind) of each piece of news, for one post or all."""
    session.expire_all()
    query = (
        select(Member.pseudonym, Notification.kind)
        .join(Member, Member.id == Notification.member_id)
        .where(Notification.kind.in_((REPLY, NEW_THREAD, MENTION, QUOTED)))
    )
    if post is not None:
        query = query.where(Notification.post_id == post.id)
    return {(pseudonym, kind) for pseudonym, kind in session.execute(query)}


def _moderated_space(session, slug="diabete", **kwargs):
    space = h.space(session, slug, **kwargs)
    doctor = h.member(session, f"Dr{slug.capitalize()}")
    forums.grant_space_role(session, space=space, member=doctor, kind=SpaceRoleKind.MODERATOR)
    session.commit()
    return space, doctor


def test_a_reply_approved_by_a_moderator_is_told_to_who_follows_the_thread(client, session):
    space, doctor = _moderated_space(session)
    camille, sam, lea = (h.member(session, name) for name in ("Camille", "Sam", "Lea"))
    thread, _opening = h.thread(session, camille, space, title="Pompe ou stylos")
    h.joined(session, lea, space)
    follows.follow_thread(session, member=lea, thread=thread)
    answer = h.reply(session, sam, thread, "J’ai la pompe depuis un an.", published=False)
    assert _told(session) == set(), "a post waiting for a moderator is news to nobody"

    h.log_in(client, doctor)
    approved = client.post(f"/moderation/messages/{answer.id}/approuver")
    assert approved.status_code in (302, 303)

    assert _told(session, post=answer) == {("Camille", REPLY), ("Lea", REPLY)}
    h.log_in(client, lea)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Nouvelle réponse dans une discussion que vous suivez." in page
    assert "Voir le message dans « Pompe ou stylos »" in page
    assert "J’ai la pompe" not in page, "a notification never repeats the post"


def test_a_refused_reply_is_news_to_nobody(session):
    space, doctor = _moderated_space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    thread, _opening = h.thread(session, camille, space)
    answer = h.reply(session, sam, thread, "Achetez ma cure.", published=False)

    moderation.reject(session, moderator=doctor, post=answer, reason_code="advertising")
    session.commit()

    assert _told(session) == set()


def test_nobody_is_told_of_a_post_they_may_not_read(session):
    space, doctor = _moderated_space(session, "rares", members_only=True)
    camille, sam, lea = (h.member(session, name) for name in ("Camille", "Sam", "Lea"))
    thread, _opening = h.thread(session, camille, space)
    h.reply(session, lea, thread, "Bonjour à tous.")
    # Sam followed the thread while a member, then left the space.
    h.reply(session, sam, thread, "Je connais ça.")
    forums.leave_space(session, member=sam, space=space)
    session.commit()

    answer = h.reply(session, camille, thread, "Merci à vous deux.", published=False)
    moderation.approve(session, moderator=doctor, post=answer)
    session.commit()

    assert _told(session, post=answer) == {("Lea", REPLY)}


def test_the_author_is_never_told_of_their_own_post(session):
    space, doctor = _moderated_space(session)
    camille = h.member(session, "Camille")
    thread, _opening = h.thread(session, camille, space)
    answer = h.reply(session, camille, thread, "Je précise, @Camille.", published=False)

    moderation.approve(session, moderator=doctor, post=answer)
    session.commit()

    assert _told(session) == set()


def test_a_new_thread_is_told_to_who_follows_the_space(session):
    space, doctor = _moderated_space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    follows.follow_space(session, member=sam, space=space)
    h.joined(session, camille, space)
    thread, opening = forums.start_thread(
        session, author=camille, space=space, title="Nouveau capteur", body="Qui l’a essayé ?"
    )
    session.commit()
    assert _told(session) == set()

    moderation.approve(session, moderator=doctor, post=opening)
    session.commit()

    assert _told(session, post=opening) == {("Sam", NEW_THREAD)}
    # Its replies are for the thread's followers: the space's are not told of each one.
    answer = h.reply(session, camille, thread, "Je précise : le capteur de 15 jours.")
    assert _told(session, post=answer) == set()


def test_a_member_named_with_an_at_is_told_once_even_when_following(session):
    space, doctor = _moderated_space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    h.joined(session, h.member(session, "Dre Aubrac"), space)
    thread, _opening = h.thread(session, camille, space)
    answer = h.reply(
        session,
        sam,
        thread,
        "@camille tu peux demander à @Dre Aubrac, elle saura. (Pas @Dre, qui n’existe pas.)",
        published=False,
    )

    moderation.approve(session, moderator=doctor, post=answer)
    session.commit()

    assert _told(session, post=answer) == {("Camille", MENTION), ("Dre Aubrac", MENTION)}


def test_a_mention_inside_a_quote_or_code_names_nobody(session):
    space, doctor = _moderated_space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    h.member(session, "Lea")
    thread, _opening = h.thread(session, camille, space)
    follows.stop_following_thread(session, member=camille, thread=thread)
    answer = h.reply(
        session,
        sam,
        thread,
        "> @Lea disait que ça passe.\n\nEt `@Lea` en code, ou [@Lea](https://exemple.fr).",
        published=False,
    )

    moderation.approve(session, moderator=doctor, post=answer)
    session.commit()

    assert _told(session) == set()


def test_an_accepted_edit_tells_only_who_its_new_text_names(session):
    space, doctor = _moderated_space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    h.member(session, "Lea")
    thread, _opening = h.thread(session, camille, space)
    answer = h.reply(session, sam, thread, "Une réponse.")
    assert _told(session, post=answer) == {("Camille", REPLY)}

    forums.edit_post(session, author=sam, post=answer, body="Une réponse, merci @Lea et @Camille.")
    moderation.approve(session, moderator=doctor, post=answer)
    session.commit()

    # Camille was told already; Lea is told she is named, once.
    assert _told(session, post=answer) == {("Camille", REPLY), ("Lea", MENTION)}


def test_a_post_taken_down_takes_its_news_with_it(session):
    space, doctor = _moderated_space(session)
    camille, sam, lea = (h.member(session, name) for name in ("Camille", "Sam", "Lea"))
    thread, opening = h.thread(session, camille, space)
    h.reply(session, lea, thread, "Bonjour.")
    withdrawn = h.reply(session, sam, thread, "Je me suis trompé de fil.")
    kept = h.reply(session, sam, thread, "Ma vraie réponse, @Lea.")
    assert _told(session, post=withdrawn) == {("Camille", REPLY), ("Lea", REPLY)}

    forums.withdraw_post(session, author=sam, post=withdrawn)
    session.commit()

    assert _told(session, post=withdrawn) == set()
    assert _told(session, post=kept) == {("Camille", REPLY), ("Lea", MENTION)}

    # Its opening post unpublished after a report, the thread goes, and every news of it.
    report_post(session, reporter=lea, post=opening, reason_code="advertising")
    moderation.unpublish(session, moderator=doctor, post=opening, reason_code="advertising")
    session.commit()
    assert _told(session) == set()


def test_news_of_replies_waits_for_the_summary_and_a_mention_may_go_by_email(session):
    space, _doctor = _moderated_space(session)
    camille, sam, lea = (h.member(session, name) for name in ("Camille", "Sam", "Lea"))
    thread, _opening = h.thread(session, camille, space)
    answer = h.reply(session, sam, thread, "Bonjour @Lea.")
    owed = dict(
        session.execute(
            select(Notification.member_id, Notification.email_pending).where(
                Notification.post_id == answer.id
            )
        ).all()
    )
    assert owed == {camille.id: False, lea.id: True}


def test_reading_the_notifications_of_a_post_gone_shows_no_title_and_no_link(client, session):
    space, _doctor = _moderated_space(session, "rares", members_only=True)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    thread, _opening = h.thread(session, camille, space, title="Le fil entre membres")
    h.reply(session, sam, thread, "Bonjour.")
    answer = h.reply(session, camille, thread, "Bonjour Sam.")
    [told] = session.scalars(select(Notification).where(Notification.post_id == answer.id)).all()
    h.log_in(client, sam)
    assert "Le fil entre membres" in client.get("/notifications/").get_data(as_text=True)

    forums.leave_space(session, member=sam, space=space)
    session.commit()

    page = client.get("/notifications/").get_data(as_text=True)
    assert "Le fil entre membres" not in page
    assert "Ce message n’est plus visible." in page
    assert f"/notifications/{told.id}/ouvrir" not in page
    opened = client.post(f"/notifications/{told.id}/ouvrir", follow_redirects=True)
    assert opened.request.path == "/notifications/"
    assert "Le fil entre membres" not in opened.get_data(as_text=True)


def _quoting(session, author, thread, quoted, body):
    """A reply of `author` quoting the start of `quoted`, waiting for a moderator."""
    h.joined(session, author, thread.space)
    passage = quoted.body_source.split()[0]
    return forums.reply(
        session, author=author, thread=thread, body=body, quoting=quoted, passage=passage
    )


def test_a_member_whose_post_is_quoted_is_told_once_when_the_reply_is_published(client, session):
    space, doctor = _moderated_space(session)
    camille, lea, sam = (h.member(session, name) for name in ("Camille", "Lea", "Sam"))
    thread, _opening = h.thread(session, camille, space, title="Pompe ou stylos")
    answer = h.reply(session, lea, thread, "La pompe m’a changé la vie.")
    # Sam quotes Lea and names her too: she is told once, that he quotes her.
    quoting = _quoting(session, sam, thread, answer, "Tout à fait, @Lea, pareil ici.")
    session.commit()
    assert _told(session, post=quoting) == set(), "a reply waiting is news to nobody"

    moderation.approve(session, moderator=doctor, post=quoting)
    session.commit()

    # Lea follows the thread (she wrote in it), was named and quoted: one notice, quoted.
    assert _told(session, post=quoting) == {("Lea", QUOTED), ("Camille", REPLY)}
    h.log_in(client, lea)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Un membre a cité votre message dans sa réponse." in page
    assert "Voir le message dans « Pompe ou stylos »" in page
    assert "pareil ici" not in page and "changé la vie" not in page


def test_a_quoted_member_who_may_not_read_the_reply_is_not_told(session):
    space, doctor = _moderated_space(session, "rares", members_only=True)
    camille, lea = h.member(session, "Camille"), h.member(session, "Lea")
    thread, opening = h.thread(session, camille, space)
    answer = h.reply(session, lea, thread, "Bonjour à tous.")
    forums.leave_space(session, member=camille, space=space)
    quoting = _quoting(session, lea, thread, opening, "Je vous réponds.")
    session.commit()

    moderation.approve(session, moderator=doctor, post=quoting)
    session.commit()

    assert _told(session, post=quoting) == set()
    assert answer.status.value == "published"


def test_a_quote_of_a_post_withdrawn_since_is_no_news_to_its_author(session):
    space, doctor = _moderated_space(session)
    camille, lea = h.member(session, "Camille"), h.member(session, "Lea")
    thread, _opening = h.thread(session, camille, space)
    answer = h.reply(session, lea, thread, "Un conseil que je retire.")
    quoting = _quoting(session, camille, thread, answer, "Merci pour le conseil.")
    forums.withdraw_post(session, author=lea, post=answer)
    follows.stop_following_thread(session, member=lea, thread=thread)
    session.commit()

    moderation.approve(session, moderator=doctor, post=quoting)
    session.commit()

    assert _told(session, post=quoting) == set()


def test_a_quote_goes_by_email_at_once_and_the_email_says_nothing_of_the_posts(app, session):
    space, doctor = _moderated_space(session)
    camille, lea = h.member(session, "Camille"), h.member(session, "Lea")
    thread, _opening = h.thread(session, camille, space, title="Insuline la nuit")
    answer = h.reply(session, lea, thread, "Je baisse ma basale de 10 % après le sport.")
    follows.stop_following_thread(session, member=lea, thread=thread)
    quoting = _quoting(session, camille, thread, answer, "Merci, je vais essayer ce soir.")
    moderation.approve(session, moderator=doctor, post=quoting)
    session.commit()
    assert _told(session, post=quoting) == {("Lea", QUOTED)}

    outbox = app.extensions["mailman"].outbox = []
    send_pending_emails(session, enabled=True, site_name="Communauté", base_url="https://ex.fr")
    # (Camille is told by e-mail too: a moderator published her reply.)
    (mail,) = [sent for sent in outbox if sent.to == ["lea@example.org"]]
    for private in ("Insuline", "basale", "sport", "essayer", "Camille"):
        assert private not in mail.subject and private not in mail.body

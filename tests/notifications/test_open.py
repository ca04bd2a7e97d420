"""Following a notification's link: it is marked read, and leads where it says — the post on
its page of the thread, the edit form for an edit asked for. A form, never a GET that writes."""

from __future__ import annotations

from sqlalchemy import select

from community.forums.models import PostStatus
from community.moderation.models import DecisionAction
from community.notifications.models import Notification, NotificationKind
from tests.forums import helpers as h
from tests.notifications.conftest import decided


def _read(session, notification) -> bool:
    session.expire_all()
    return session.get(Notification, notification.id).read_at is not None


def test_following_the_link_marks_it_read_and_finds_the_post_on_its_page(app, client, session):
    app.config["POSTS_PER_PAGE"] = 5
    space = h.space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    thread, _opening = h.thread(session, camille, space, title="Pompe ou stylos")
    for number in range(6):
        h.reply(session, camille, thread, f"Précision {number}")
    answer = h.reply(session, sam, thread, "Ma réponse, la huitième.")
    [told] = session.scalars(select(Notification).where(Notification.post_id == answer.id)).all()
    h.log_in(client, camille)
    page = client.get("/notifications/").get_data(as_text=True)
    assert f'action="/notifications/{told.id}/ouvrir"' in page
    assert "Notifications (1)" in page

    opened = client.post(f"/notifications/{told.id}/ouvrir")

    assert opened.status_code == 303
    assert opened.location.endswith(f"?page=2#message-{answer.id}")
    assert opened.location.startswith(f"/discussions/{thread.id}/")
    assert _read(session, told)
    landed = client.get(opened.location.split("#")[0]).get_data(as_text=True)
    assert f'id="message-{answer.id}"' in landed and "Notifications (1)" not in landed


def test_an_edit_request_opens_the_edit_form(client, session, world):
    asked = decided(
        session,
        world["answer"],
        NotificationKind.EDIT_REQUESTED,
        action=DecisionAction.REQUEST_EDIT,
        reason_text="Enlevez le nom de la clinique.",
    )
    world["answer"].status = PostStatus.NEEDS_EDIT  # as the moderation service leaves it
    session.commit()
    h.log_in(client, world["camille"])
    assert "Modifier le message dans « Pompe ou stylos »" in client.get("/notifications/").get_data(
        as_text=True
    )

    opened = client.post(f"/notifications/{asked.id}/ouvrir")

    assert opened.location == f"/messages/{world['answer'].id}/modifier"
    assert client.get(opened.location).status_code == 200
    assert _read(session, asked)


def test_once_edited_the_request_leads_back_to_the_post(client, session, world):
    asked = decided(
        session,
        world["answer"],
        NotificationKind.EDIT_REQUESTED,
        action=DecisionAction.REQUEST_EDIT,
        reason_text="Enlevez le nom de la clinique.",
    )
    h.log_in(client, world["camille"])

    opened = client.post(f"/notifications/{asked.id}/ouvrir")

    assert f"#message-{world['answer'].id}" in opened.location


def test_no_get_marks_anything_read(client, session, world):
    told = decided(
        session, world["opening"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE
    )
    h.log_in(client, world["camille"])

    assert client.get(f"/notifications/{told.id}/ouvrir").status_code == 405
    assert not _read(session, told)


def test_the_link_needs_the_forms_token(app, client, session, world):
    told = decided(
        session, world["opening"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE
    )
    h.log_in(client, world["camille"])
    app.config["WTF_CSRF_ENABLED"] = True

    assert client.post(f"/notifications/{told.id}/ouvrir").status_code == 400
    assert not _read(session, told)


def test_nobody_opens_someone_elses_notification(client, session, world):
    told = decided(
        session, world["opening"], NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE
    )
    h.log_in(client, world["sam"])

    assert client.post(f"/notifications/{told.id}/ouvrir").status_code == 404
    assert not _read(session, told)


def test_everything_is_marked_read_at_once(client, session, world):
    for post in (world["opening"], world["answer"]):
        decided(session, post, NotificationKind.POST_APPROVED, action=DecisionAction.APPROVE)
    h.log_in(client, world["camille"])
    assert "Tout marquer comme lu" in client.get("/notifications/").get_data(as_text=True)

    client.post("/notifications/tout-lu")

    session.expire_all()
    assert None not in session.scalars(select(Notification.read_at)).all()
    assert "Tout marquer comme lu" not in client.get("/notifications/").get_data(as_text=True)

"""Following threads and spaces: by writing, by choice, stopping, and "Mes discussions
suivies"."""

from __future__ import annotations

from sqlalchemy import select

from community.forums import follows, services
from community.forums.models import SpaceFollow, ThreadFollow
from tests.forums import helpers as h
from tests.forums.test_query_counts import SPACE_QUERIES, THREAD_QUERIES


def _following(session, member, thread) -> bool | None:
    session.expire_all()
    return session.scalar(
        select(ThreadFollow.following).where(
            ThreadFollow.member_id == member.id, ThreadFollow.thread_id == thread.id
        )
    )


def test_who_writes_in_a_thread_follows_it(session):
    space = h.space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    thread, _opening = h.thread(session, camille, space)
    assert _following(session, camille, thread) is True
    assert _following(session, sam, thread) is None

    h.reply(session, sam, thread, "Moi aussi, pendant la course.", published=False)

    assert _following(session, sam, thread) is True


def test_who_stopped_following_is_not_made_to_follow_again_by_writing(session):
    space = h.space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    thread, _opening = h.thread(session, camille, space)
    h.reply(session, sam, thread, "Une première réponse.")
    follows.stop_following_thread(session, member=sam, thread=thread)
    session.commit()

    h.reply(session, sam, thread, "Une deuxième réponse.")

    assert _following(session, sam, thread) is False


def test_i_follow_a_thread_from_its_page_then_stop(client, session):
    space = h.space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    thread, _opening = h.thread(session, camille, space, title="Capteurs et piscine")
    h.log_in(client, sam)
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert f'action="/discussions/{thread.id}/suivre"' in page

    done = client.post(
        f"/discussions/{thread.id}/suivre", data={"next": f"/discussions/{thread.id}"}
    )

    assert done.status_code == 303 and done.location == f"/discussions/{thread.id}"
    assert _following(session, sam, thread) is True
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert "Vous suivez cette discussion : vous serez prévenu de chaque réponse publiée." in page
    assert "Vous suivez cette discussion : vous êtes prévenu de chaque réponse publiée." in page
    assert f'action="/discussions/{thread.id}/ne-plus-suivre"' in page

    client.post(f"/discussions/{thread.id}/ne-plus-suivre")

    assert _following(session, sam, thread) is False
    page = client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert f'action="/discussions/{thread.id}/suivre"' in page


def test_the_way_back_after_following_stays_on_the_site(client, session):
    space = h.space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    thread, _opening = h.thread(session, camille, space)
    h.log_in(client, sam)

    done = client.post(
        f"/discussions/{thread.id}/suivre", data={"next": "https://ailleurs.example/"}
    )

    assert done.location.startswith(f"/discussions/{thread.id}")


def test_i_follow_a_space_and_find_it_among_what_i_follow(client, session):
    h.space(session, name="Diabète de type 1")
    sam = h.member(session, "Sam")
    h.log_in(client, sam)
    assert 'action="/espaces/diabete/suivre"' in client.get("/espaces/diabete").get_data(
        as_text=True
    )

    client.post("/espaces/diabete/suivre")
    client.post("/espaces/diabete/suivre")  # twice is once

    session.expire_all()
    assert session.scalars(select(SpaceFollow.member_id)).all() == [sam.id]
    assert 'action="/espaces/diabete/ne-plus-suivre"' in client.get("/espaces/diabete").get_data(
        as_text=True
    )
    listed = client.get("/suivis").get_data(as_text=True)
    assert "Diabète de type 1" in listed
    client.post("/espaces/diabete/ne-plus-suivre", data={"next": "/suivis"})
    assert session.scalars(select(SpaceFollow.member_id)).all() == []
    assert "Vous ne suivez aucun espace." in client.get("/suivis").get_data(as_text=True)


def test_my_followed_threads_leave_out_what_i_may_no_longer_read(client, session):
    public = h.space(session, "diabete")
    private = h.space(session, "rares", members_only=True)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    open_thread, _ = h.thread(session, camille, public, title="Le fil ouvert")
    closed_thread, _ = h.thread(session, camille, private, title="Le fil entre membres")
    taken_down, first = h.thread(session, camille, public, title="Le fil retiré")
    for thread in (open_thread, closed_thread, taken_down):
        h.reply(session, sam, thread, "Merci pour ce fil.")
    h.log_in(client, sam)
    listed = client.get("/suivis").get_data(as_text=True)
    assert all(t in listed for t in ("Le fil ouvert", "Le fil entre membres", "Le fil retiré"))

    services.leave_space(session, member=sam, space=private)
    services.withdraw_post(session, author=camille, post=first)
    session.commit()

    listed = client.get("/suivis").get_data(as_text=True)
    assert "Le fil ouvert" in listed
    assert "Le fil entre membres" not in listed and "Le fil retiré" not in listed
    response = client.get("/suivis")
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_members_only_thread_is_followed_only_by_who_may_read_it(client, session):
    private = h.space(session, "rares", members_only=True)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    thread, _ = h.thread(session, camille, private)
    h.log_in(client, sam)

    assert client.post(f"/discussions/{thread.id}/suivre").status_code == 403
    assert client.post("/espaces/rares/suivre").status_code == 403
    assert _following(session, sam, thread) is None


def test_a_visitor_is_asked_to_log_in_and_sees_no_follow_button(client, session):
    space = h.space(session)
    camille = h.member(session, "Camille")
    thread, _ = h.thread(session, camille, space)

    response = client.post(f"/discussions/{thread.id}/suivre")

    assert response.status_code == 302 and "/connexion" in response.location
    assert "/suivre" not in client.get(f"/discussions/{thread.id}").get_data(as_text=True)
    assert "/suivre" not in client.get("/espaces/diabete").get_data(as_text=True)


def test_the_follow_buttons_need_the_forms_token(app, client, session):
    space = h.space(session)
    camille, sam = h.member(session, "Camille"), h.member(session, "Sam")
    thread, _ = h.thread(session, camille, space)
    h.log_in(client, sam)
    app.config["WTF_CSRF_ENABLED"] = True

    assert client.post(f"/discussions/{thread.id}/suivre").status_code == 400
    assert _following(session, sam, thread) is None


def test_whether_i_follow_comes_with_the_page_at_no_cost(client, session, count_queries):
    space = h.space(session)
    camille, sam, lea = (h.member(session, name) for name in ("Camille", "Sam", "Lea"))
    thread, _opening = h.thread(session, camille, space)
    follows.follow_thread(session, member=lea, thread=thread)
    follows.follow_space(session, member=lea, space=space)
    session.commit()

    def cost(who, url: str) -> tuple[int, str]:
        h.log_in(client, who)
        h.fresh(session)
        with count_queries() as counter:
            page = client.get(url).get_data(as_text=True)
        return counter.count, page

    # The pages' own budgets (tests/forums/test_query_counts.py).
    for url, following_text, budget in [
        (f"/discussions/{thread.id}", "Vous suivez cette discussion", THREAD_QUERIES["membre"]),
        ("/espaces/diabete", "Ne plus suivre l’espace", SPACE_QUERIES["membre"]),
    ]:
        (follower, followed), (other, not_followed) = cost(lea, url), cost(sam, url)
        assert following_text in followed and following_text not in not_followed
        assert follower == other == budget, url

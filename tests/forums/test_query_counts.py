"""Each forum page sends a small, fixed number of SQL statements, whatever the page size."""

from __future__ import annotations

import pytest

from community.forums import reactions, services
from community.forums.models import ReactionKind, SpaceRoleKind
from tests.forums import helpers as h

# The statements each page sends, by reader. A visitor: the space or thread, the page of
# rows. A member adds the user (with the header's unread count); the space or thread comes
# with the reader's membership and roles (and the space's roles), the page of rows with the
# reader's own unpublished ones. On the thread page, the author of a post shown with an
# edit waiting adds that edit (one query), and a member who may reply their data cards not
# yet joined to a post (one query) and their draft of a reply there (one query); whether a
# post shown carries a data card comes with the posts, so a page where none does reads no
# card. A member's page of a thread that shows them posts they had not seen records how far
# they read (one upsert after the page; the mark they had comes with the thread); what
# each thread of a space's page holds new for them comes with the threads, and how many
# threads have news per space with the list of spaces. The reactions of the thread page's
# posts are one query (who reacted included); what a post quotes comes with the posts.
SPACE_QUERIES = {"visiteur": 2, "membre": 3, "auteur": 3}
THREAD_QUERIES = {"visiteur": 3, "membre": 5, "auteur": 8}


@pytest.fixture
def busy_space(session):
    """A space with 45 threads, one of them with 45 posts by many authors."""
    diabetes = h.space(session)
    authors = [h.member(session, f"Membre{number}") for number in range(9)]
    for author in authors:
        h.joined(session, author, diabetes)
    doctor = h.member(session, "DrMartin")
    services.grant_space_role(
        session,
        space=diabetes,
        member=doctor,
        kind=SpaceRoleKind.MODERATOR,
        specialty="diabétologie",
    )
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    busy, first = services.start_thread(
        session, author=camille, space=diabetes, title="Discussion animée", body="Bonjour"
    )
    services.publish_post(session, post=first)
    earlier = first
    for number in range(44):
        writer = camille if number % 5 == 0 else authors[number % len(authors)]
        # Every other answer quotes the one before it; each is thanked and supported.
        quoting = earlier if number % 2 else None
        answer = services.reply(
            session,
            author=writer,
            thread=busy,
            body=f"Réponse {number}",
            quoting=quoting,
            passage=quoting.body_source if quoting else "",
        )
        services.publish_post(session, post=answer)
        for reader, kind in [(authors[(number + 1) % 9], "thanks"), (camille, "support")]:
            if reader.id != writer.id:
                reactions.react(session, member=reader, post=answer, kind=ReactionKind(kind))
        earlier = answer
    for number in range(44):
        _, opening = services.start_thread(
            session,
            author=authors[number % len(authors)],
            space=diabetes,
            title=f"Sujet {number}",
            body="Texte",
        )
        services.publish_post(session, post=opening)
    # What only Camille sees: a pending edit of a published post, and a pending reply.
    services.edit_post(session, author=camille, post=first, body="Nouveau texte")
    services.reply(session, author=camille, thread=busy, body="Réponse en attente")
    outsider = h.member(session, "Sam")
    session.commit()
    return {
        "space": diabetes.slug,
        "thread": busy.id,
        "viewers": {"visiteur": None, "membre": outsider.get_id(), "auteur": camille.get_id()},
    }


def _queries_for(app, client, session, count_queries, url, viewer, size_key, size) -> int:
    app.config[size_key] = size
    if viewer is None:
        h.log_out(client)
    else:
        h.log_in(client, viewer)
    h.fresh(session)
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("who", ["visiteur", "membre", "auteur"])
def test_the_thread_page_query_count_does_not_grow_with_the_page(
    app, client, session, count_queries, busy_space, who
):
    viewer = busy_space["viewers"][who]
    url = f"/discussions/{busy_space['thread']}"
    small = _queries_for(app, client, session, count_queries, url, viewer, "POSTS_PER_PAGE", 5)
    large = _queries_for(app, client, session, count_queries, url, viewer, "POSTS_PER_PAGE", 40)

    assert small == large == THREAD_QUERIES[who]
    if who == "auteur":
        page = client.get(url).get_data(as_text=True)
        assert "Votre modification est en attente de modération" in page
        assert "Réponse en attente" in page


@pytest.mark.parametrize("who", ["membre", "auteur"])
def test_reading_a_thread_page_again_with_nothing_new_writes_nothing(
    app, client, session, count_queries, busy_space, who
):
    viewer = busy_space["viewers"][who]
    url = f"/discussions/{busy_space['thread']}"
    _queries_for(app, client, session, count_queries, url, viewer, "POSTS_PER_PAGE", 40)
    again = _queries_for(app, client, session, count_queries, url, viewer, "POSTS_PER_PAGE", 40)

    assert again == THREAD_QUERIES[who] - 1
    # An earlier page, already read, moves nothing back either.
    earlier = _queries_for(app, client, session, count_queries, url, viewer, "POSTS_PER_PAGE", 5)
    assert earlier == THREAD_QUERIES[who] - 1


@pytest.mark.parametrize("who", ["visiteur", "membre", "auteur"])
def test_the_space_page_query_count_does_not_grow_with_the_page(
    app, client, session, count_queries, busy_space, who
):
    viewer = busy_space["viewers"][who]
    url = f"/espaces/{busy_space['space']}"
    small = _queries_for(app, client, session, count_queries, url, viewer, "THREADS_PER_PAGE", 5)
    large = _queries_for(app, client, session, count_queries, url, viewer, "THREADS_PER_PAGE", 40)

    assert small == large == SPACE_QUERIES[who]


@pytest.mark.parametrize("who", ["visiteur", "auteur"])
def test_the_list_of_spaces_takes_at_most_four_queries(
    client, session, count_queries, busy_space, who
):
    viewer = busy_space["viewers"][who]
    if viewer is not None:
        h.log_in(client, viewer)
    h.fresh(session)
    with count_queries() as counter:
        assert client.get("/").status_code == 200
    # the member, the spaces with their associations, memberships, unread notifications
    assert counter.count <= 4

"""A member's first post waits for a moderator; the demo's publishing path shows it."""

from community.accounts.services import create_member
from community.forums import services
from community.forums.models import PostStatus


def test_a_new_thread_is_pending_until_published(session):
    author = create_member(
        session, pseudonym="Camille", email="camille@example.org", password="x" * 12
    )
    association = services.create_association(session, name="AFD", slug="afd")
    space = services.create_space(session, association=association, name="Diabète", slug="diabete")
    services.join_space(session, member=author, space=space)
    thread, post = services.start_thread(
        session, author=author, space=space, title="Insuline et sport", body="Bonjour **à tous**"
    )
    assert post.status is PostStatus.PENDING
    assert thread.status is PostStatus.PENDING
    assert space.thread_count == 0

    services.publish_post(session, post=post)
    session.commit()
    assert thread.status is PostStatus.PUBLISHED
    assert (space.thread_count, space.post_count, thread.post_count) == (1, 1, 1)
    assert "<strong>à tous</strong>" in post.body_html

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


def test_moderation_is_asked_to_look_at_new_posts_and_edits_until_one_is_published(session):
    author = create_member(session, pseudonym="Lou", email="lou@example.org", password="x" * 12)
    association = services.create_association(session, name="AFD", slug="afd")
    space = services.create_space(session, association=association, name="Diabète", slug="diabete")
    _thread, post = services.start_thread(
        session, author=author, space=space, title="Hypos la nuit", body="Comment faites-vous ?"
    )
    assert post.review_requested_at is not None

    services.publish_post(session, post=post)
    assert post.review_requested_at is None

    services.edit_post(session, author=author, post=post, body="Comment faites-vous, la nuit ?")
    assert post.review_requested_at is not None  # the pending edit waits for a moderator

    services.withdraw_post(session, author=author, post=post)
    assert post.review_requested_at is None

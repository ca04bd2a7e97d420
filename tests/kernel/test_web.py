"""Behind a reverse proxy, and on computers many people share: whom a rate limit counts."""

from __future__ import annotations

import pytest

from community.forums import services as forums
from community.forums.models import SpaceRoleKind
from tests.conftest import REDIS_URL, redis_database
from tests.forums import helpers as h

LOGIN = {"login": "personne", "password": "pas le bon"}


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute", PROXY_COUNT=1)
def test_behind_one_proxy_each_visitor_has_their_own_login_attempts(client):
    assert client.post("/connexion", data=LOGIN, headers=_from("203.0.113.7")).status_code == 200
    # Another visitor, though every request comes from the proxy's own address.
    assert client.post("/connexion", data=LOGIN, headers=_from("198.51.100.2")).status_code == 200
    assert client.post("/connexion", data=LOGIN, headers=_from("203.0.113.7")).status_code == 429


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute", PROXY_COUNT=0)
def test_without_a_proxy_configured_a_forwarded_address_is_not_believed(client):
    assert client.post("/connexion", data=LOGIN, headers=_from("203.0.113.7")).status_code == 200
    # A client choosing its own X-Forwarded-For would escape the limit: it is ignored.
    assert client.post("/connexion", data=LOGIN, headers=_from("198.51.100.2")).status_code == 429


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_POSTING="1 per minute")
def test_members_sharing_a_library_computer_each_have_their_own_posting_limit(client, session):
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    lea = h.joined(session, h.member(session, "Lea"), diabetes)
    opened, _ = h.thread(session, camille, diabetes)
    reply = f"/discussions/{opened.id}/repondre"

    h.log_in(client, camille)
    assert client.post(reply, data={"body": "Bonjour"}).status_code == 302
    assert client.post(reply, data={"body": "Encore"}).status_code == 429
    # Lea sits down at the same computer (the same address): her own limit.
    h.log_in(client, lea)
    assert client.post(reply, data={"body": "À mon tour"}).status_code == 302


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_POSTING="1 per minute", PROXY_COUNT=1)
def test_a_member_keeps_their_limit_from_one_address_to_another(client, session):
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    opened, _ = h.thread(session, camille, diabetes)
    reply = f"/discussions/{opened.id}/repondre"
    h.log_in(client, camille)

    assert (
        client.post(reply, data={"body": "D'ici"}, headers=_from("203.0.113.7")).status_code == 302
    )
    moved = client.post(reply, data={"body": "De là"}, headers=_from("198.51.100.2"))
    assert moved.status_code == 429


@pytest.mark.skipif(not REDIS_URL, reason="a Redis server (CI starts one)")
@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute")
def test_the_limits_are_counted_in_redis_where_every_host_reads_them(client):
    import redis

    counters = redis.Redis.from_url(redis_database())
    assert counters.keys("LIMITS*") == []  # cleared before each test

    assert client.post("/connexion", data=LOGIN).status_code == 200
    assert counters.keys("LIMITS*"), "the attempt was not counted in Redis"
    assert client.post("/connexion", data=LOGIN).status_code == 429


def test_the_pages_a_member_sees_are_kept_by_no_cache_and_public_ones_may_be(client, session):
    """The account, the notifications, one's own pending thread, the queue without a single
    data card, the audit log: each shows what is one member's own. A visitor's public
    page and the stylesheet are the same for everyone, and stay cacheable."""
    diabetes = h.space(session)
    camille = h.joined(session, h.member(session, "Camille"), diabetes)
    moderator = h.member(session, "DrMartin")
    forums.grant_space_role(session, space=diabetes, member=moderator, kind=SpaceRoleKind.MODERATOR)
    admin = h.member(session, "Presidente")
    forums.grant_space_role(
        session, space=diabetes, member=admin, kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )
    published, _ = h.thread(session, camille, diabetes, title="Publiée")
    waiting, _ = h.thread(session, camille, diabetes, title="En attente", published=False)

    private_pages = [
        (camille, "/compte"),
        (camille, "/notifications/"),
        (camille, f"/discussions/{waiting.id}"),
        (moderator, "/moderation/"),
        (admin, "/moderation/espaces/diabete/journal"),
    ]
    for who, url in private_pages:
        h.log_in(client, who)
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.headers["Cache-Control"] == "private, no-store", url
        assert page.headers["X-Robots-Tag"] == "noindex, nofollow", url

    with client.get("/static/style.css") as stylesheet:
        assert "no-store" not in stylesheet.headers.get("Cache-Control", "")
    h.log_out(client)
    public = client.get(f"/discussions/{published.id}")
    assert public.status_code == 200
    assert "no-store" not in public.headers.get("Cache-Control", "")

"""/_metrics, as an operator's Prometheus scrapes it: off by default, a token, and numbers
per space that name nobody."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from community.forums import services
from community.forums.models import SpaceRoleKind
from community.moderation.queue import services as moderation
from tests.forums import helpers as h

TOKEN = "jeton-de-supervision"
SCRAPER = {"Authorization": f"Bearer {TOKEN}"}


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_without_a_token_configured_there_are_no_metrics(client):
    assert client.get("/_metrics").status_code == 404


@pytest.mark.config(METRICS_TOKEN=TOKEN)
def test_only_a_scraper_with_the_token_reads_them(client):
    assert client.get("/_metrics").status_code == 401
    assert client.get("/_metrics", headers={"Authorization": "Bearer autre"}).status_code == 401
    assert client.get("/_metrics", headers=SCRAPER).status_code == 200


@pytest.mark.config(METRICS_TOKEN=TOKEN)
def test_the_queue_of_each_space_and_the_decisions_of_the_hour(client, session):
    diabetes = h.space(session)
    h.space(session, "endometriose")
    camille = h.member(session, "Camille")
    doctor = h.member(session, "DrMartin")
    services.grant_space_role(session, space=diabetes, member=doctor, kind=SpaceRoleKind.MODERATOR)
    _, first = h.thread(session, camille, diabetes, published=False)
    _, second = h.thread(session, camille, diabetes, title="Une autre", published=False)
    moderation.approve(session, moderator=doctor, post=first)
    session.commit()

    page = client.get("/_metrics", headers=SCRAPER)
    samples = _samples(page.get_data(as_text=True))

    assert page.headers["Content-Type"].startswith("text/plain")
    assert samples[("community_queue_waiting", (("space", "diabete"),))] == 1
    assert samples[("community_queue_waiting", (("space", "endometriose"),))] == 0
    assert samples[("community_decisions_last_hour", (("action", "approve"),))] == 1
    assert samples[("community_scoring_backlog", ())] == 1  # nobody scored the other one
    assert samples[("community_workers_running", ())] == 0
    assert "Camille" not in page.get_data(as_text=True)
    assert second.thread.title not in page.get_data(as_text=True)

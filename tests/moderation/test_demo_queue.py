"""The demo shows a queue worth having: scored, flagged and urgent posts for its moderators."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from community.accounts.services import find_by_pseudonym
from community.demo import MODERATORS
from community.extensions import db
from community.jobs import run_once
from community.moderation.models import ModerationItem
from community.moderation.queue.queries import moderated_spaces, pending_queue
from tests.conftest import FreshContextClient, app_for, make_config


@pytest.fixture(scope="module")
def scored_demo() -> Iterator[Flask]:
    # The module's tests share one transaction, rolled back after the last of them.
    config = make_config(MODERATION_SCORER="detoxify")
    with app_for(config) as app, app.app_context():
        result = app.test_cli_runner().invoke(args=["demo", "--no-migrate"])
        assert result.exit_code == 0, result.output
        while run_once(app, size=32):
            pass
        yield app


def test_every_waiting_demo_post_is_scored_and_the_crisis_is_urgent(scored_demo):
    items = db.session.scalars(select(ModerationItem)).all()
    assert len(items) >= 12
    assert all(item.scored_at is not None and item.score_error is None for item in items)
    assert any(item.urgent for item in items)
    codes = {finding["code"] for item in items for finding in item.findings}
    assert {"phone", "suicide"} <= codes


def test_demo_moderators_see_the_flags_and_can_decide(scored_demo):
    scored_demo.test_client_class = FreshContextClient
    client = scored_demo.test_client()
    pages = []
    for pseudonym, _specialty, _spaces in MODERATORS:
        moderator = find_by_pseudonym(db.session, pseudonym)
        assert moderator is not None
        with client.session_transaction() as flask_session:
            flask_session["_user_id"] = moderator.get_id()
            flask_session["_fresh"] = True
        response = client.get("/moderation/")
        assert response.status_code == 200
        pages.append(response.get_data(as_text=True))
    everything = "\n".join(pages)
    assert "numéro de téléphone détecté" in everything
    assert "idées suicidaires possibles" in everything
    assert "<mark>" in everything
    assert "Approuver" in everything


def test_the_worker_finds_the_first_space_s_watched_words_in_the_post_handed_over(scored_demo):
    escalated = db.session.scalars(
        select(ModerationItem).where(ModerationItem.escalated_to_id.is_not(None))
    ).one()
    assert escalated.is_scored
    words = {f["detail"] for f in escalated.findings if f["code"] == "watched_word"}
    assert words == {"cure naturelle", "guéri*"}
    severities = {f["severity"] for f in escalated.findings if f["code"] == "watched_word"}
    assert severities == {"block", "flag"}


def test_the_demo_queue_puts_the_crisis_then_the_blocked_and_personal_data_posts_first(
    scored_demo,
):
    aubrac = find_by_pseudonym(db.session, "Dre Aubrac")
    assert aubrac is not None
    page = pending_queue(
        db.session, spaces=moderated_spaces(db.session, member=aubrac), per_page=50
    )
    entries = list(page.entries)
    first_codes = [
        entry.item.findings[0]["code"] if entry.item.findings else "" for entry in entries
    ]

    crisis = entries[0]
    assert crisis.urgent and first_codes[0] in ("suicide", "crisis_model")
    blocked = next(i for i, e in enumerate(entries) if "cure naturelle" in e.post.body_source)
    phone = next(i for i, e in enumerate(entries) if "06 12 34 56 78" in e.post.body_source)
    # Harmless: nothing found, no label over its threshold.
    harmless = [i for i, e in enumerate(entries) if not e.item.findings]
    assert harmless and max(blocked, phone) < min(harmless)
    assert not any(entries[i].high_risk for i in harmless)
    # The strongest reason first: the blocked word, the phone number.
    assert first_codes[blocked] == "watched_word"
    assert entries[blocked].item.findings[0]["severity"] == "block"
    assert first_codes[phone] == "phone"
    with scored_demo.test_request_context():
        assert str(entries[phone].reasons[0]) == "numéro de téléphone détecté"

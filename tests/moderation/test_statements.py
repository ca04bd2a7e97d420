"""Statements of reasons: each restriction tells its author what was decided, on which rule,
on what facts, whether automated detection took part, and until when to contest; the
audit log shows the same record."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import SpaceRoleKind
from community.jobs import run_once
from community.moderation.models import DecisionAction, ModerationDecision
from community.moderation.queue import services as moderation
from community.moderation.reports import services as reports
from community.moderation.statements import add_months
from tests.forums import helpers as h

RULES = "Pas de numéro de téléphone dans les messages : écrivez-vous par la messagerie."
PHONE_POST = "Pour les capteurs, appelez-moi au 06 12 34 56 78 le soir."


def _world(session: Any) -> dict[str, Any]:
    """A space with its rules, its moderator and association admin, an author and a reader."""
    space = h.space(session, "diabete", rules=RULES)
    world = {
        "space": space,
        "mod": h.member(session, "Diabetologue"),
        "admin": h.member(session, "Presidente"),
        "author": h.joined(session, h.member(session, "Camille"), space),
        "reader": h.joined(session, h.member(session, "Noa"), space),
    }
    forums.grant_space_role(session, space=space, member=world["mod"], kind=SpaceRoleKind.MODERATOR)
    forums.grant_space_role(
        session, space=space, member=world["admin"], kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )
    world["thread"], _opening = h.thread(session, world["reader"], space, title="Capteurs")
    return world


def _page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_a_statement_of_reasons_has_each_of_its_parts(client, session):
    world = _world(session)
    post = h.reply(session, world["author"], world["thread"], PHONE_POST, published=False)
    assert run_once(client.application) == 1  # the worker's detectors read it first
    h.log_in(client, world["mod"])
    sent = client.post(
        f"/moderation/messages/{post.id}/rejeter",
        data={
            f"rejet-{post.id}-reason_code": "personal_data",
            f"rejet-{post.id}-reason_text": "Retirez votre numéro, le reste peut rester.",
        },
    )
    assert sent.status_code == 302
    h.fresh(session)
    decision = session.scalars(select(ModerationDecision)).one()

    notice = _page(h.log_in(client, world["author"]), "/notifications/")
    # What was decided, and the reason the moderator chose, in their words too.
    assert "Votre message a été refusé : il n’est pas publié, vous seul le voyez." in notice
    assert "Données personnelles" in notice
    assert "Retirez votre numéro, le reste peut rester." in notice
    # The rule: the site's charter, linked, and the space's own rules.
    assert "Charte du site, « Un pseudonyme, pas votre nom »" in notice
    assert 'href="/charte#pseudonyme"' in notice
    assert RULES in notice
    # The facts: the passage flagged, quoted as written.
    assert "<q>06 12 34 56 78</q>" in notice
    # Automated detection took part, and said what it found; a person decided.
    assert "Oui : avant la décision, un outil automatique a relevé dans ce message :" in notice
    assert "téléphone" in notice.split("un outil automatique a relevé")[1]
    assert "Un modérateur a lu le message et a pris la décision lui-même." in notice
    # How to contest, and until when: six months after the decision.
    assert "Vous pouvez contester cette décision une fois, jusqu’au" in notice
    assert f'href="/decisions/{decision.id}/contester"' in notice
    # The audit log shows the same record to the association.
    journal = _page(h.log_in(client, world["admin"]), "/moderation/espaces/diabete/journal")
    assert "Exposé des motifs envoyé à l’auteur" in journal
    for part in (
        "Votre message a été refusé : il n’est pas publié, vous seul le voyez.",
        'href="/charte#pseudonyme"',
        RULES,
        "<q>06 12 34 56 78</q>",
        "Oui : avant la décision, un outil automatique a relevé dans ce message :",
        "Vous pouvez contester cette décision une fois, jusqu’au",
    ):
        assert part in journal, part


def test_an_english_reader_reads_the_statement_in_english(client, session):
    world = _world(session)
    world["author"].locale = "en"
    post = h.reply(session, world["author"], world["thread"], PHONE_POST, published=False)
    assert run_once(client.application) == 1
    moderation.reject(session, moderator=world["mod"], post=post, reason_code="personal_data")
    session.commit()

    notice = _page(h.log_in(client, world["author"]), "/notifications/")
    assert "Your post was refused: it is not published, only you can see it." in notice
    assert "Site charter, “A pseudonym, not your name”" in notice
    assert "Yes: before the decision, an automated tool found in this post:" in notice
    assert "Contest the decision" in notice
    # The space's rules are quoted as the association wrote them.
    assert RULES in notice


def test_an_edit_request_nothing_flagged_says_so(client, session):
    world = _world(session)
    post = h.reply(
        session, world["author"], world["thread"], "Le Dr Martin est génial.", published=False
    )
    moderation.request_edit(
        session, moderator=world["mod"], post=post, message="Retirez le nom du médecin."
    )
    session.commit()

    notice = _page(h.log_in(client, world["author"]), "/notifications/")
    assert "un modérateur vous demande de le modifier d’abord" in notice
    assert "Retirez le nom du médecin." in notice
    # No charter article for an edit request: the space's rules are the rule.
    assert RULES in notice and "Charte du site," not in notice
    assert "Le modérateur a lu tout le message ; aucun passage précis n’a été relevé." in notice
    # Never scored (the worker did not run): no automated tool took part.
    assert "Non : aucun outil automatique n’a pris part à cette décision" in notice


def test_a_take_down_states_the_reports_and_keeps_the_rules_as_they_were(client, session):
    world = _world(session)
    post = h.reply(session, world["author"], world["thread"], "Achetez mes gélules miracle !")
    reports.report_post(session, reporter=world["reader"], post=post, reason_code="advertising")
    moderation.unpublish(session, moderator=world["mod"], post=post, reason_code="advertising")
    # The association changes its rules afterwards: the statement says what applied then.
    world["space"].rules = "Nouvelles règles."
    session.commit()

    decision = session.scalars(
        select(ModerationDecision).where(ModerationDecision.action == DecisionAction.UNPUBLISH)
    ).one()
    assert decision.statement["reports"] == ["advertising"]
    notice = _page(h.log_in(client, world["author"]), "/notifications/")
    assert "Votre message a été retiré de la publication : vous seul le voyez désormais." in notice
    assert "Des membres ont signalé ce message, pour : publicité." in notice
    assert "Charte du site, « Le respect » : pas de publicité, pas de vente." in notice
    assert RULES in notice and "Nouvelles règles." not in notice


def test_six_months_to_contest_end_on_the_same_day_or_the_month_s_last():
    assert add_months(datetime(2026, 12, 2, 9, 30), 6) == datetime(2027, 6, 2, 9, 30)
    assert add_months(datetime(2026, 8, 31, 23, 0), 6) == datetime(2027, 2, 28, 23, 0)
    assert add_months(datetime(2027, 8, 31), 6) == datetime(2028, 2, 29)


def test_an_approval_has_no_statement(session):
    world = _world(session)
    post = h.reply(session, world["author"], world["thread"], "Merci à tous.", published=False)
    decision = moderation.approve(session, moderator=world["mod"], post=post)
    assert decision.statement is None


def test_a_refused_edit_says_the_published_post_stays_and_offers_no_appeal(client, session):
    world = _world(session)
    post = h.reply(session, world["author"], world["thread"], "Mon premier texte.")
    forums.edit_post(session, author=world["author"], post=post, body="Appelez le 06 12 34 56 78.")
    decision = moderation.reject(
        session, moderator=world["mod"], post=post, reason_code="personal_data"
    )
    session.commit()

    notice = _page(h.log_in(client, world["author"]), "/notifications/")
    assert "Votre modification a été refusée : le texte publié reste le même." in notice
    assert (
        "Votre message publié reste tel quel : vous pouvez proposer une autre modification."
        in notice
    )
    assert f"/decisions/{decision.id}/contester" not in notice
    assert client.get(f"/decisions/{decision.id}/contester").status_code == 404

"""Suspensions: a site admin suspends a member, with a statement of reasons the member reads
and the site's audit log keeps; the member contests it, and another site admin decides."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import current_app
from sqlalchemy import func, select

from community.accounts.jobs import end_suspensions_once
from community.accounts.models import Member, MemberStatus
from community.forums import services as forums
from community.forums.models import Post, SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.appeals import services as appeals
from community.moderation.models import Appeal, AppealStatus, DecisionAction, ModerationDecision
from community.moderation.suspensions import services as suspensions
from community.notifications.mailer import send_pending_emails
from community.notifications.models import Notification, NotificationKind
from tests.forums import helpers as h

FACTS = "Le 2 mars, dans « Pompe ou stylos », vous avez traité Noa d’idiote, trois fois."
CONTEST = "Je citais ce qu’on m’avait dit : je n’insultais personne."
REASONS = "Relu : la phrase est une citation, entre guillemets. La suspension est levée."


def _world(session: Any) -> dict[str, Any]:
    """Two site admins, and Camille, who writes in the diabetes space."""
    space = h.space(session, "diabete")
    world = {
        "space": space,
        "admin_a": h.member(session, "Admine", is_site_admin=True),
        "admin_b": h.member(session, "Adminou", is_site_admin=True),
        "camille": h.joined(session, h.member(session, "Camille"), space),
    }
    world["thread"], _post = h.thread(session, world["camille"], space)
    session.commit()
    return world


def _text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def _suspension(**changes: str) -> dict[str, str]:
    data = {
        "suspension-pseudonym": "Camille",
        "suspension-rule": "hostile",
        "suspension-facts": FACTS,
        "suspension-duration": "30",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _decisions(session: Any) -> list[ModerationDecision]:
    h.fresh(session)
    return list(session.scalars(select(ModerationDecision).order_by(ModerationDecision.id)))


def _reply(client: Any, world: dict[str, Any], body: str) -> Any:
    return client.post(f"/discussions/{world['thread'].id}/repondre", data={"body": body})


def _statement(page: str) -> str:
    """The first statement of reasons on a page, as its reader sees it (spaces folded)."""
    match = re.search(r'<dl class="statement">(.*?)</dl>', page, re.S)
    assert match, "no statement of reasons on the page"
    return " ".join(match.group(1).split())


def _without_contest_link(statement: str) -> str:
    """The statement as the audit log shows it: the link to contest is for the member."""
    return re.sub(r' <p><a href="/decisions/\d+/contester">[^<]*</a></p>', "", statement)


def test_the_story_of_a_suspension_contested_and_reversed(client, session):
    world = _world(session)
    camille_id = world["camille"].id

    # The first admin suspends Camille for 30 days, on a rule of the charter and facts.
    h.log_in(client, world["admin_a"])
    page = _text(client.get("/admin/membres"))
    assert "« Le respect » : insultes, moqueries, menaces ou propos haineux" in page
    sent = client.post("/admin/membres/suspendre", data=_suspension())
    assert sent.status_code == 302
    assert "Le compte de Camille est suspendu." in _text(client.get(sent.headers["Location"]))
    (suspension,) = _decisions(session)
    assert suspension.action is DecisionAction.SUSPEND and suspension.subject_id == camille_id
    assert (suspension.post_id, suspension.space_id) == (None, None)
    assert suspension.moderator_pseudonym == "Admine" and suspension.reason_code == "hostile"
    camille = session.get(Member, camille_id)
    assert camille.is_suspended and camille.status is MemberStatus.SUSPENDED
    assert timedelta(days=29) < camille.suspended_until - utcnow() <= timedelta(days=30)

    # Camille cannot write any more, and reads why, each part of the statement in turn.
    h.log_in(client, world["camille"])
    assert _reply(client, world, "Je voulais répondre.").status_code == 403
    account = _text(client.get("/compte"))
    assert "Votre compte est suspendu." in account and 'href="/notifications/"' in account
    notices = _text(client.get("/notifications/"))
    assert "Votre compte est suspendu par un administrateur." in notices
    statement = _statement(notices)
    until = f"Jusqu’au {camille.suspended_until.day} "
    assert "Votre compte est suspendu sur tout le site." in statement and until in statement
    assert "Charte du site, « Le respect » : pas d’insultes" in statement
    assert 'href="/charte#respect"' in statement
    assert FACTS in statement
    assert "Non : aucun outil automatique" in statement and "administrateur du site" in statement
    contest_url = f"/decisions/{suspension.id}/contester"
    assert "un autre administrateur du site la réexaminera" in statement
    assert f'href="{contest_url}"' in statement

    # The site's audit log holds the same record.
    h.log_in(client, world["admin_a"])
    journal = _text(client.get("/admin/journal"))
    assert "Compte suspendu" in journal and "Camille" in journal
    assert _statement(journal) == _without_contest_link(statement)

    # Camille contests, once; her page says who will answer.
    h.log_in(client, world["camille"])
    contest = _text(client.get(contest_url))
    assert "Pourquoi contestez-vous cette décision ?" in contest and FACTS in contest
    assert client.post(contest_url, data={"message": CONTEST}).status_code == 302
    assert "un autre administrateur du site va la lire" in _text(client.get(contest_url))
    (appeal,) = session.scalars(select(Appeal)).all()
    assert (appeal.post_id, appeal.space_id, appeal.appellant_id) == (None, None, camille_id)

    # The admin who suspended sees the appeal, but may not answer it.
    h.log_in(client, world["admin_a"])
    tab = _text(client.get("/moderation/contestations/"))
    assert "Une suspension contestée par le membre" in tab and CONTEST in tab
    assert "un autre administrateur du site répondra" in tab
    answer = {
        f"contestation-{appeal.id}-outcome": "reversed",
        f"contestation-{appeal.id}-reasons": REASONS,
    }
    refused = client.post(
        f"/moderation/contestations/{appeal.id}/decider", data=answer, follow_redirects=True
    )
    assert "Vous avez pris la décision contestée" in _text(refused)
    assert session.get(Appeal, appeal.id).status is AppealStatus.PENDING

    # The second admin is told of it, and reverses it.
    h.log_in(client, world["admin_b"])
    told = _text(client.get("/notifications/"))
    assert "Une décision est contestée" in told and "Voir les contestations" in told
    tab = _text(client.get("/moderation/contestations/"))
    assert "Annuler lève la suspension" in tab and FACTS in tab
    decided = client.post(f"/moderation/contestations/{appeal.id}/decider", data=answer)
    assert decided.status_code == 302
    assert "Aucune contestation en attente." in _text(client.get(decided.headers["Location"]))
    assert "Non lu" not in _text(client.get("/notifications/"))

    # Camille is told, and writes again.
    h.fresh(session)
    camille = session.get(Member, camille_id)
    assert not camille.is_suspended and camille.status is MemberStatus.ACTIVE
    assert camille.suspended_until is None
    h.log_in(client, camille)
    notices = _text(client.get("/notifications/"))
    assert "la décision est annulée" in notices and REASONS in notices
    assert "Votre compte n’est plus suspendu : vous pouvez de nouveau écrire." in notices
    assert _reply(client, world, "Je reviens.").status_code == 302
    assert session.scalar(select(func.count(Post.id))) == 2

    # The outcome is in the site's log, by the second admin, with the reasons.
    outcome = _decisions(session)[-1]
    assert outcome.action is DecisionAction.APPEAL_REVERSED and outcome.subject_id == camille_id
    assert outcome.moderator_pseudonym == "Adminou" and outcome.reason_text == REASONS
    h.log_in(client, world["admin_b"])
    journal = _text(client.get("/admin/journal"))
    assert "Contestation : décision annulée" in journal and REASONS in journal


def test_an_english_reader_reads_their_suspension_in_english(client, session):
    world = _world(session)
    world["camille"].locale = "en"
    suspensions.suspend(
        session,
        admin=world["admin_a"],
        member=world["camille"],
        rule="advertising",
        facts="Trois messages pour vendre des capteurs.",
        until=None,
    )
    session.commit()
    h.log_in(client, world["camille"])
    statement = _statement(_text(client.get("/notifications/", headers={"Accept-Language": "en"})))
    assert "Your account is suspended on the whole site." in statement
    assert "No end date: until an administrator reactivates your account." in statement
    assert "Site charter, “Respect”: no advertising, no selling." in statement
    assert "No: no automated tool took part in this decision" in statement
    assert "another site administrator will review it" in statement


def test_a_suspension_without_end_lifted_early_is_told_and_logged(client, session):
    world = _world(session)
    h.log_in(client, world["admin_a"])
    client.post("/admin/membres/suspendre", data=_suspension(**{"suspension-duration": "sans-fin"}))
    h.fresh(session)
    camille = session.get(Member, world["camille"].id)
    assert camille.is_suspended and camille.suspended_until is None
    assert "Camille</a> : sans date de fin" in _text(client.get("/admin/membres"))

    lifted = client.post(
        "/admin/membres/reactiver",
        data={"reactivation-pseudonym": "Camille", "reactivation-note": "Merci pour vos excuses."},
        follow_redirects=True,
    )
    assert "Le compte de Camille est réactivé." in _text(lifted)
    assert "Aucun compte n’est suspendu." in _text(lifted)
    again = client.post("/admin/membres/reactiver", data={"reactivation-pseudonym": "Camille"})
    assert again.status_code == 400 and "Ce compte n’est pas suspendu." in _text(again)

    _suspension_decision, lifting = _decisions(session)
    assert lifting.action is DecisionAction.REINSTATE and lifting.statement is None
    assert lifting.reason_text == "Merci pour vos excuses."
    assert "Compte réactivé" in _text(client.get("/admin/journal"))
    h.log_in(client, world["camille"])
    notices = _text(client.get("/notifications/"))
    assert "Votre compte est réactivé : vous pouvez de nouveau écrire." in notices
    assert "Merci pour vos excuses." in notices
    assert _reply(client, world, "Merci.").status_code == 302


def test_a_suspension_for_a_time_ends_by_itself(app, client, session):
    world = _world(session)
    suspensions.suspend(
        session,
        admin=world["admin_a"],
        member=world["camille"],
        rule="hostile",
        facts=FACTS,
        until=utcnow() + timedelta(days=7),
    )
    session.commit()
    camille = world["camille"]
    camille.suspended_until = utcnow() - timedelta(seconds=1)  # seven days later
    session.commit()

    # She writes again at once; the worker then sets her status back for every query.
    assert not camille.is_suspended and camille.status is MemberStatus.SUSPENDED
    h.log_in(client, camille)
    assert _reply(client, world, "Me revoilà.").status_code == 302
    assert end_suspensions_once(app) == 1
    h.fresh(session)
    camille = session.get(Member, camille.id)
    assert camille.status is MemberStatus.ACTIVE and camille.suspended_until is None
    assert end_suspensions_once(app) == 0


def test_an_upheld_appeal_keeps_the_suspension_and_says_why(client, session):
    world = _world(session)
    decision = suspensions.suspend(
        session,
        admin=world["admin_a"],
        member=world["camille"],
        rule="hostile",
        facts=FACTS,
        until=None,
    )
    appeal = appeals.submit_appeal(
        session, member=world["camille"], decision=decision, message=CONTEST
    )
    appeals.decide_appeal(
        session,
        moderator=world["admin_b"],
        appeal=appeal,
        reverse=False,
        reasons="Relu : maintenue.",
    )
    session.commit()
    h.fresh(session)
    assert session.get(Member, world["camille"].id).is_suspended
    h.log_in(client, world["camille"])
    notices = _text(client.get("/notifications/"))
    assert "la décision est maintenue" in notices and "Relu : maintenue." in notices
    assert "plus suspendu" not in notices


def test_reversing_an_earlier_suspension_leaves_a_later_one_in_force(session):
    world = _world(session)
    camille = world["camille"]
    first = suspensions.suspend(
        session, admin=world["admin_a"], member=camille, rule="hostile", facts=FACTS, until=None
    )
    appeal = appeals.submit_appeal(session, member=camille, decision=first, message=CONTEST)
    suspensions.reinstate(session, admin=world["admin_a"], member=camille)
    suspensions.suspend(
        session,
        admin=world["admin_a"],
        member=camille,
        rule="advertising",
        facts="Ventes.",
        until=None,
    )
    appeals.decide_appeal(
        session, moderator=world["admin_b"], appeal=appeal, reverse=True, reasons=REASONS
    )
    session.commit()
    assert camille.is_suspended


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"suspension-pseudonym": "Personne"}, "suspension-pseudonym", "Aucun membre ne porte"),
        ({"suspension-pseudonym": "x" * 100_000}, "suspension-pseudonym", "Aucun membre ne porte"),
        ({"suspension-pseudonym": ""}, "suspension-pseudonym", "Ce champ est obligatoire."),
        ({"suspension-pseudonym": "Admine"}, "suspension-pseudonym", "votre propre compte"),
        ({"suspension-rule": None}, "suspension-rule", "Choisissez la règle de la charte."),
        ({"suspension-rule": "bavard"}, "suspension-rule", "Choisissez la règle de la charte."),
        ({"suspension-facts": "\u200b\u3164 \u2800"}, "suspension-facts", "Écrivez les faits"),
        ({"suspension-facts": "x" * 1001}, "suspension-facts", "1000 caractères au plus."),
        ({"suspension-duration": None}, "suspension-duration", "Choisissez la durée"),
        ({"suspension-duration": "9999"}, "suspension-duration", "Choisissez la durée"),
    ],
)
def test_bad_input_gets_a_clear_message_and_suspends_nobody(
    client, session, changes, field_id, message
):
    world = _world(session)
    h.log_in(client, world["admin_a"])
    response = client.post("/admin/membres/suspendre", data=_suspension(**changes))
    assert response.status_code == 400
    errors = re.search(
        rf'<ul class="errors" id="{field_id}-erreurs">(.*?)</ul>', _text(response), re.S
    )
    assert errors and message in errors.group(1)
    assert _decisions(session) == []
    assert (
        session.scalar(select(func.count(Member.id)).where(Member.status != MemberStatus.ACTIVE))
        == 0
    )
    assert session.scalar(select(func.count(Notification.id))) == 0


def test_a_member_already_suspended_is_not_suspended_twice(client, session):
    world = _world(session)
    h.log_in(client, world["admin_a"])
    assert client.post("/admin/membres/suspendre", data=_suspension()).status_code == 302
    again = client.post("/admin/membres/suspendre", data=_suspension())
    assert again.status_code == 400 and "Ce compte est déjà suspendu." in _text(again)
    assert len(_decisions(session)) == 1


def test_only_the_suspended_member_may_contest_and_only_site_admins_answer(client, session):
    world = _world(session)
    noa = h.member(session, "Noa")
    moderator = h.member(session, "Moderatrice")
    forums.grant_space_role(
        session, space=world["space"], member=moderator, kind=SpaceRoleKind.MODERATOR
    )
    decision = suspensions.suspend(
        session,
        admin=world["admin_a"],
        member=world["camille"],
        rule="hostile",
        facts=FACTS,
        until=None,
    )
    appeal = appeals.submit_appeal(
        session, member=world["camille"], decision=decision, message=CONTEST
    )
    session.commit()

    h.log_in(client, noa)
    assert client.get(f"/decisions/{decision.id}/contester").status_code == 404
    # A space's moderator neither sees the site's appeals nor answers them.
    h.log_in(client, moderator)
    assert CONTEST not in _text(client.get("/moderation/contestations/"))
    answer = {
        f"contestation-{appeal.id}-outcome": "reversed",
        f"contestation-{appeal.id}-reasons": REASONS,
    }
    assert (
        client.post(f"/moderation/contestations/{appeal.id}/decider", data=answer).status_code
        == 403
    )
    h.fresh(session)
    assert session.get(Appeal, appeal.id).status is AppealStatus.PENDING
    # Nor is the moderator told of it: the other site admin is, and only they.
    told = session.scalars(
        select(Notification.member_id).where(Notification.kind == NotificationKind.APPEAL_TO_DECIDE)
    ).all()
    assert told == [world["admin_b"].id]


def test_the_suspended_member_s_e_mail_says_nothing_of_why(session):
    world = _world(session)
    suspensions.suspend(
        session,
        admin=world["admin_a"],
        member=world["camille"],
        rule="hostile",
        facts=FACTS,
        until=None,
    )
    session.commit()
    outbox = current_app.extensions["mailman"].outbox = []
    send_pending_emails(session, enabled=True, site_name="Communauté", base_url="https://ex.fr")
    (mail,) = outbox
    assert mail.to == ["camille@example.org"]
    assert mail.subject == "Du nouveau pour vous dans Communauté"
    assert "Il y a du nouveau pour vous dans Communauté." in mail.body
    for private in ("Noa", "idiote", "respect", "suspendu", "Pompe"):
        assert private not in mail.subject and private not in mail.body

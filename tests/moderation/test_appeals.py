"""Appeals: an author (or a reporter whose report was dismissed) contests a decision once,
within six months, and another moderator of the space upholds or reverses it."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from community.forums import services as forums
from community.forums.models import Post, PostStatus, Space, SpaceRoleKind, Thread
from community.moderation.appeals import services as appeals
from community.moderation.models import Appeal, AppealStatus, DecisionAction, ModerationDecision
from community.moderation.queue import services as moderation
from community.moderation.reports import services as reports
from community.notifications.mailer import send_pending_emails
from community.notifications.models import Notification, NotificationKind
from community.search.models import SearchOutbox
from tests.forums import helpers as h

CONTEST = "Je ne vendais rien : je donnais mes capteurs en trop, gratuitement."
REASONS = "Relu : c’est un don, pas une vente. Le message peut être publié."


def _world(session: Any) -> dict[str, Any]:
    """A space with two moderators; Camille's new thread refused by the first as advertising."""
    space = h.space(session, "diabete")
    world = {
        "space": space,
        "mod_a": h.member(session, "Diabetologue"),
        "mod_b": h.member(session, "Infirmiere"),
        "author": h.joined(session, h.member(session, "Camille"), space),
        "reader": h.joined(session, h.member(session, "Noa"), space),
    }
    for moderator in (world["mod_a"], world["mod_b"]):
        forums.grant_space_role(
            session, space=space, member=moderator, kind=SpaceRoleKind.MODERATOR
        )
    _thread, post = forums.start_thread(
        session,
        author=world["author"],
        space=space,
        title="Capteurs en trop",
        body="J’ai 8 boîtes de capteurs en trop, écrivez-moi si vous en voulez.",
    )
    world["decision"] = moderation.reject(
        session,
        moderator=world["mod_a"],
        post=post,
        reason_code="advertising",
        reason_text="La revente n’est pas permise ici.",
    )
    world["post"] = post
    session.commit()
    return world


def _text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def _appeals(session: Any) -> list[Appeal]:
    h.fresh(session)
    return list(session.scalars(select(Appeal)))


def test_the_story_of_an_appeal_that_reverses_a_refusal(client, session):
    world = _world(session)
    decision_id, post_id = world["decision"].id, world["post"].id
    url = f"/decisions/{decision_id}/contester"
    h.log_in(client, world["author"])

    # The refusal's notice offers to contest it; the page shows the decision and a form.
    notice = _text(client.get("/notifications/"))
    assert f'href="{url}"' in notice
    page = _text(client.get(url))
    assert "Contester une décision" in page and "Publicité ou démarchage" in page
    assert "Pourquoi contestez-vous cette décision ?" in page

    # A message of invisible characters only is refused, as the post forms do.
    empty = client.post(url, data={"message": "\u200b\u3164 \u2800"})
    assert empty.status_code == 400
    assert "Dites pourquoi vous contestez cette décision." in _text(empty)
    assert _appeals(session) == []

    sent = client.post(url, data={"message": CONTEST})
    assert sent.status_code == 302
    (appeal,) = _appeals(session)
    assert appeal.appellant_id == world["author"].id and not appeal.as_reporter
    assert appeal.status is AppealStatus.PENDING and appeal.message == CONTEST
    assert "Votre contestation est enregistrée." in _text(client.get(sent.headers["Location"]))
    # Once only.
    again = client.post(url, data={"message": "Encore."}, follow_redirects=True)
    assert "Vous avez déjà contesté cette décision." in _text(again)
    assert len(_appeals(session)) == 1

    # The moderator who refused sees it in the appeals tab, but may not answer it.
    h.log_in(client, world["mod_a"])
    assert 'href="/moderation/contestations/"' in _text(client.get("/moderation/"))
    tab = _text(client.get("/moderation/contestations/"))
    assert CONTEST in tab and "Vous êtes concerné par cette décision" in tab
    answer = {
        f"contestation-{appeal.id}-outcome": "reversed",
        f"contestation-{appeal.id}-reasons": REASONS,
    }
    refused = client.post(f"/moderation/contestations/{appeal.id}/decider", data=answer)
    assert refused.status_code == 302
    assert _appeals(session)[0].status is AppealStatus.PENDING

    # The second moderator must give reasons, and then reverses it.
    h.log_in(client, world["mod_b"])
    tab = _text(client.get("/moderation/contestations/"))
    assert "Répondre à la contestation" in tab
    no_reasons = client.post(
        f"/moderation/contestations/{appeal.id}/decider",
        data={**answer, f"contestation-{appeal.id}-reasons": "\u200b"},
    )
    assert no_reasons.status_code == 400
    assert "Dites à la personne pourquoi vous décidez ainsi." in _text(no_reasons)
    outbox_before = len(session.scalars(select(SearchOutbox)).all())
    decided = client.post(f"/moderation/contestations/{appeal.id}/decider", data=answer)
    assert decided.status_code == 302
    assert "Aucune contestation en attente." in _text(client.get(decided.headers["Location"]))

    # The post and its thread are published, counted and sent to the search index.
    h.fresh(session)
    post = session.get(Post, post_id)
    assert post.status is PostStatus.PUBLISHED
    thread = session.get(Thread, post.thread_id)
    assert thread.status is PostStatus.PUBLISHED
    space = session.get(Space, world["space"].id)
    assert (space.thread_count, space.post_count) == (1, 1)
    assert len(session.scalars(select(SearchOutbox)).all()) > outbox_before
    reader_view = h.log_in(client, world["reader"]).get(f"/discussions/{thread.id}")
    assert "8 boîtes de capteurs" in _text(reader_view)

    # The outcome is in the audit log, by the second moderator, with the reasons.
    appeal = session.scalars(select(Appeal)).one()
    assert appeal.status is AppealStatus.REVERSED and appeal.decided_by_id == world["mod_b"].id
    outcome = session.get(ModerationDecision, appeal.outcome_decision_id)
    assert outcome.action is DecisionAction.APPEAL_REVERSED
    assert outcome.moderator_pseudonym == "Infirmiere" and outcome.reason_text == REASONS

    # The author is told, with the reasons.
    (told,) = session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.APPEAL_REVERSED)
    )
    assert told.member_id == world["author"].id and told.decision_id == outcome.id
    notice = _text(h.log_in(client, world["author"]).get("/notifications/"))
    assert "la décision est annulée" in notice and REASONS in notice
    assert "Décision annulée." in _text(client.get(url))


def test_an_upheld_appeal_leaves_the_post_refused_and_says_why(client, session):
    world = _world(session)
    appeal = appeals.submit_appeal(
        session, member=world["author"], decision=world["decision"], message=CONTEST
    )
    outcome = appeals.decide_appeal(
        session,
        moderator=world["mod_b"],
        appeal=appeal,
        reverse=False,
        reasons="Proposer ses capteurs, même gratuitement, n’est pas permis ici.",
    )
    session.commit()
    assert outcome.action is DecisionAction.APPEAL_UPHELD
    assert outcome.reason_code == "advertising"  # the contested reason stands
    assert session.get(Post, world["post"].id).status is PostStatus.REJECTED
    notice = _text(h.log_in(client, world["author"]).get("/notifications/"))
    assert "la décision est maintenue" in notice
    assert "même gratuitement, n’est pas permis ici." in notice
    journal = session.scalars(select(ModerationDecision).order_by(ModerationDecision.id)).all()
    assert [d.action for d in journal] == [DecisionAction.REJECT, DecisionAction.APPEAL_UPHELD]


def test_a_reporter_contests_a_dismissal_and_the_post_comes_down(client, session):
    world = _world(session)
    thread, _opening = h.thread(session, world["reader"], world["space"], title="Astuces")
    post = h.reply(session, world["author"], thread, "Arrêtez l’insuline, la cannelle suffit.")
    reports.report_post(
        session, reporter=world["reader"], post=post, reason_code="medical_misinformation"
    )
    dismissal = moderation.dismiss_reports(session, moderator=world["mod_a"], post=post)
    session.commit()
    url = f"/decisions/{dismissal.id}/contester"

    # The reporter is told the report was dismissed, and may contest that.
    h.log_in(client, world["reader"])
    notice = _text(client.get("/notifications/"))
    assert "un modérateur a décidé de garder le message publié" in notice
    assert f'href="{url}"' in notice
    assert (
        client.post(url, data={"message": "C’est dangereux pour les diabétiques."}).status_code
        == 302
    )
    (appeal,) = _appeals(session)
    assert appeal.as_reporter

    # Reversing a dismissal takes the post down: a reason is required, as for a take-down.
    h.log_in(client, world["mod_b"])
    answer = {
        f"contestation-{appeal.id}-outcome": "reversed",
        f"contestation-{appeal.id}-reasons": "Conseil dangereux : arrêter l’insuline tue.",
    }
    missing = client.post(f"/moderation/contestations/{appeal.id}/decider", data=answer)
    assert missing.status_code == 400
    assert "Choisissez le motif du retrait." in _text(missing)
    assert session.get(Post, post.id).status is PostStatus.PUBLISHED
    answer[f"contestation-{appeal.id}-reason_code"] = "medical_misinformation"
    assert (
        client.post(f"/moderation/contestations/{appeal.id}/decider", data=answer).status_code
        == 302
    )

    h.fresh(session)
    assert session.get(Post, post.id).status is PostStatus.REJECTED
    kinds = {
        (n.member_id, n.kind)
        for n in session.scalars(select(Notification).where(Notification.created_at.is_not(None)))
    }
    assert (world["reader"].id, NotificationKind.APPEAL_REVERSED) in kinds
    assert (world["author"].id, NotificationKind.POST_UNPUBLISHED) in kinds
    # The author reads a full statement of reasons for the take-down, and may contest it.
    notice = _text(h.log_in(client, world["author"]).get("/notifications/"))
    assert "Après la contestation d’un signalement, votre message a été retiré" in notice
    assert "Des membres ont signalé ce message, pour : information médicale dangereuse." in notice
    assert "Contester la décision" in notice


def test_only_the_author_may_contest_and_only_for_six_months(client, session):
    world = _world(session)
    url = f"/decisions/{world['decision'].id}/contester"
    assert h.log_in(client, world["reader"]).get(url).status_code == 404
    assert h.log_in(client, world["mod_b"]).post(url, data={"message": "x"}).status_code == 404
    assert h.log_out(client).get(url).status_code == 302  # to the log-in page

    world["decision"].created_at -= timedelta(days=190)
    session.commit()
    h.log_in(client, world["author"])
    assert "Le délai de six mois pour contester cette décision est passé." in _text(client.get(url))
    late = client.post(url, data={"message": CONTEST}, follow_redirects=True)
    assert "Le délai pour contester cette décision est passé." in _text(late)
    assert _appeals(session) == []


def test_a_suspended_author_may_still_contest(client, session):
    world = _world(session)
    h.suspend(session, world["author"])
    session.commit()
    url = f"/decisions/{world['decision'].id}/contester"
    assert h.log_in(client, world["author"]).post(url, data={"message": CONTEST}).status_code == 302
    assert len(_appeals(session)) == 1


def test_an_appeal_is_answered_once(session):
    world = _world(session)
    appeal = appeals.submit_appeal(
        session, member=world["author"], decision=world["decision"], message=CONTEST
    )
    appeals.decide_appeal(
        session, moderator=world["mod_b"], appeal=appeal, reverse=False, reasons="Non."
    )
    with pytest.raises(appeals.AppealError) as error:
        appeals.decide_appeal(
            session, moderator=world["mod_b"], appeal=appeal, reverse=True, reasons="Si."
        )
    assert error.value.code == "decided"


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_APPEALS="1 per minute")
def test_appeals_are_rate_limited_like_reports(client, session):
    world = _world(session)
    url = f"/decisions/{world['decision'].id}/contester"
    h.log_in(client, world["author"])
    assert client.post(url, data={"message": "\u200b"}).status_code == 400
    assert client.post(url, data={"message": CONTEST}).status_code == 429
    assert _appeals(session) == []


def test_those_who_may_decide_an_appeal_are_told_of_it(client, session):
    world = _world(session)
    president = h.member(session, "Presidente")
    forums.grant_space_role(
        session, space=world["space"], member=president, kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )
    elsewhere = h.member(session, "Pneumologue")
    forums.grant_space_role(
        session, space=h.space(session, "asthme"), member=elsewhere, kind=SpaceRoleKind.MODERATOR
    )
    session.commit()
    app = client.application
    mail = {"enabled": True, "site_name": "Communauté", "base_url": "https://ex.fr"}
    send_pending_emails(session, **mail)  # the author's, of the refusal
    session.commit()
    h.log_in(client, world["author"])
    url = f"/decisions/{world['decision'].id}/contester"
    assert client.post(url, data={"message": CONTEST}).status_code == 302

    # The other moderator of the space and its association admin; not the one who refused,
    # nor the author, nor a moderator of another space.
    h.fresh(session)
    told = session.scalars(
        select(Notification.member_id)
        .where(Notification.kind == NotificationKind.APPEAL_TO_DECIDE)
        .order_by(Notification.member_id)
    ).all()
    assert told == sorted([world["mod_b"].id, president.id])

    # In their notifications: a word and the way to the appeals tab, not the post.
    h.log_in(client, world["mod_b"])
    page = _text(client.get("/notifications/"))
    assert "Une décision est contestée" in page
    assert "Voir les contestations" in page
    told_b = session.scalar(
        select(Notification.id).where(
            Notification.member_id == world["mod_b"].id,
            Notification.kind == NotificationKind.APPEAL_TO_DECIDE,
        )
    )
    opened = client.post(f"/notifications/{told_b}/ouvrir")
    assert opened.location == "/moderation/contestations/"
    assert "capteurs" not in page and CONTEST not in page

    # Their e-mail says only that there is news, nothing of the post, the space or the appeal.
    outbox = app.extensions["mailman"].outbox = []
    send_pending_emails(session, **mail)
    session.commit()
    mails = {mail.to[0]: mail for mail in outbox}
    assert set(mails) == {"infirmiere@example.org", "presidente@example.org"}
    for mail in mails.values():
        assert mail.subject == "Du nouveau pour vous dans Communauté"
        for private in ("capteurs", "Diabete", CONTEST, "Publicité", "revente"):
            assert private not in mail.subject and private not in mail.body

    # Once answered, what told the others of it is read: nothing waits for them any more.
    (appeal,) = _appeals(session)
    answer = {
        f"contestation-{appeal.id}-outcome": "upheld",
        f"contestation-{appeal.id}-reasons": "La revente n’est pas permise, même à prix coûtant.",
    }
    assert (
        client.post(f"/moderation/contestations/{appeal.id}/decider", data=answer).status_code
        == 302
    )
    h.log_in(client, president)
    assert "Non lu" not in _text(client.get("/notifications/"))

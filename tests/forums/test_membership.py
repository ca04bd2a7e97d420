"""A members-only space lets in whom its moderators or association admin accept: a member
asks (with a word, if they like), the deciders answer, the member is told; or a decider
sends an invitation link, signed, limited in time and in uses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from community.accounts import services as accounts
from community.forums import membership, queries, services
from community.forums.models import (
    MembershipRequest,
    MembershipRequestStatus,
    SpaceRoleKind,
    SpaceVisibility,
)
from community.forums.spaces import ForumError
from community.kernel.clock import utcnow
from community.notifications.mailer import send_pending_emails
from community.notifications.models import Notification, NotificationKind
from tests.forums import helpers as h

WORDS = "Ma fille a une maladie rare sans nom, nous cherchons d’autres parents."


@pytest.fixture
def rare(session):
    """A members-only space with a thread, a moderator, an association admin, a member of
    the site who is not in it, and a public space."""
    space = h.space(session, "rares", members_only=True, name="Maladies rares")
    moderator = h.member(session, "DrSorel")
    services.grant_space_role(
        session, space=space, member=moderator, kind=SpaceRoleKind.MODERATOR, specialty="neuro"
    )
    admin = h.member(session, "Bruno")
    services.grant_space_role(
        session, space=space, member=admin, kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )
    thread, _post = h.thread(session, h.member(session, "Elise"), space, title="Errance")
    outsider = h.member(session, "Lila")
    session.commit()
    return {
        "space": space,
        "moderator": moderator,
        "admin": admin,
        "thread": thread,
        "lila": outsider,
    }


def _ask(client, words: str = WORDS):
    return client.post("/espaces/rares/demande", data={"message": words})


def _answer(client, request_id: int, *, accept: bool, words: str = ""):
    prefix = f"demande-{request_id}"
    choice = f"{prefix}-accept" if accept else f"{prefix}-refuse"
    return client.post(
        f"/espaces/rares/demandes/{request_id}", data={choice: "1", f"{prefix}-answer": words}
    )


def _request_of(session, member) -> MembershipRequest:
    session.expire_all()
    found = session.scalar(
        select(MembershipRequest)
        .where(MembershipRequest.member_id == member.id)
        .order_by(MembershipRequest.id.desc())
    )
    assert found is not None
    return found


def _kinds(session, member) -> list[NotificationKind]:
    session.expire_all()
    return list(
        session.scalars(select(Notification.kind).where(Notification.member_id == member.id))
    )


def test_a_member_asks_waits_is_accepted_and_then_reads_the_threads(client, session, rare):
    lila, thread = rare["lila"], rare["thread"]
    h.log_in(client, lila)
    page = client.get("/espaces/rares").get_data(as_text=True)
    # The page says who decides, and how.
    assert "on fait une demande" in page and "DrSorel" in page
    assert "Demander à rejoindre l’espace" in page

    form = client.get("/espaces/rares/demande")
    assert form.status_code == 200
    assert "Un mot pour les modérateurs (facultatif)" in form.get_data(as_text=True)
    sent = _ask(client)
    assert sent.status_code == 303
    waiting = client.get("/espaces/rares").get_data(as_text=True)
    assert "Votre demande pour rejoindre l’espace est envoyée" in waiting
    assert "Errance" not in waiting
    closed = client.get(f"/discussions/{thread.id}")
    # A page, not text: the browser draws it with its header and its way back.
    assert closed.status_code == 403 and closed.mimetype == "text/html"
    # Asking again while it waits sends nothing more.
    assert _ask(client).status_code == 303
    assert (
        session.scalar(
            select(MembershipRequest.id).where(MembershipRequest.member_id == lila.id).offset(1)
        )
        is None
    )

    h.log_in(client, rare["moderator"])
    listed = client.get("/espaces/rares/demandes").get_data(as_text=True)
    # The requester's pseudonym and words, and nothing else of them.
    assert "Lila" in listed and WORDS in listed
    assert "lila@example.org" not in listed
    request = _request_of(session, lila)
    accepted = _answer(client, request.id, accept=True)
    assert accepted.status_code == 303
    assert "Lila fait maintenant partie de l’espace." in client.get(
        accepted.headers["Location"]
    ).get_data(as_text=True)

    request = _request_of(session, lila)
    assert request.status is MembershipRequestStatus.ACCEPTED
    assert request.decided_by_id == rare["moderator"].id and request.decided_at is not None
    assert _kinds(session, lila) == [NotificationKind.MEMBERSHIP_ACCEPTED]
    h.log_in(client, lila)
    notices = client.get("/notifications/").get_data(as_text=True)
    assert "Votre demande est acceptée" in notices and "Voir l’espace « Maladies rares »" in notices
    assert client.get(f"/discussions/{thread.id}").status_code == 200
    assert "Errance" in client.get("/espaces/rares").get_data(as_text=True)


def test_the_deciders_are_told_without_the_words_and_the_notice_is_read_once_answered(
    app, client, session, rare
):
    h.log_in(client, rare["lila"])
    _ask(client)
    for decider in (rare["moderator"], rare["admin"]):
        assert _kinds(session, decider) == [NotificationKind.MEMBERSHIP_REQUESTED]
        h.log_in(client, decider)
        notices = client.get("/notifications/").get_data(as_text=True)
        assert "Un membre demande à rejoindre un espace que vous modérez." in notices
        assert "Voir les demandes pour « Maladies rares »" in notices
        assert WORDS not in notices and "Lila" not in notices

    # The e-mail says there is news, nothing of whom, where or why.
    app.extensions["mailman"].outbox = []
    send_pending_emails(session, enabled=True, site_name="Communauté", base_url="https://x.fr")
    session.commit()
    bodies = [m.subject + m.body for m in app.extensions["mailman"].outbox]
    assert len(bodies) == 2
    assert all("rares" not in b.lower() and "Lila" not in b and WORDS not in b for b in bodies)

    _answer(client, _request_of(session, rare["lila"]).id, accept=True)
    session.expire_all()
    told = session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.MEMBERSHIP_REQUESTED)
    ).all()
    assert len(told) == 2 and all(n.read_at is not None for n in told)


def test_a_refusal_is_told_kindly_with_the_deciders_word_and_asking_again_waits(
    client, session, rare
):
    lila = rare["lila"]
    h.log_in(client, lila)
    _ask(client, "")
    h.log_in(client, rare["admin"])
    request = _request_of(session, lila)
    assert request.message == ""
    assert "Sans mot." in client.get("/espaces/rares/demandes").get_data(as_text=True)
    assert (
        _answer(
            client, request.id, accept=False, words="Cet espace est pour les patients."
        ).status_code
        == 303
    )

    assert _request_of(session, lila).status is MembershipRequestStatus.REFUSED
    assert _kinds(session, lila) == [NotificationKind.MEMBERSHIP_REFUSED]
    h.log_in(client, lila)
    page = client.get("/espaces/rares").get_data(as_text=True)
    assert "n’a pas été acceptée. Ce n’est pas un jugement sur vous" in page
    assert "Cet espace est pour les patients." in page
    assert "Vous pourrez refaire une demande à partir du" in page
    assert "Demander à rejoindre l’espace" not in page
    assert client.get("/espaces/rares/demande").status_code == 303
    assert _ask(client).status_code == 303
    assert _request_of(session, lila).status is MembershipRequestStatus.REFUSED
    assert not queries.space_context(session, member=lila, space=rare["space"]).is_member

    # A week later, a new request: a row of its own; the refusal stays as it was.
    refused = _request_of(session, lila)
    refused.decided_at = utcnow() - membership.ASK_AGAIN_AFTER - timedelta(minutes=1)
    session.commit()
    assert _ask(client).status_code == 303
    again = _request_of(session, lila)
    assert again.id != refused.id and again.status is MembershipRequestStatus.PENDING


def test_two_deciders_at_once_the_second_finds_it_answered(client, session, rare):
    h.log_in(client, rare["lila"])
    _ask(client)
    request = _request_of(session, rare["lila"])
    h.log_in(client, rare["moderator"])
    _answer(client, request.id, accept=True)

    h.log_in(client, rare["admin"])
    second = _answer(client, request.id, accept=False)
    assert "déjà reçu une réponse" in client.get(second.headers["Location"]).get_data(as_text=True)
    assert _request_of(session, rare["lila"]).status is MembershipRequestStatus.ACCEPTED
    assert _kinds(session, rare["lila"]) == [NotificationKind.MEMBERSHIP_ACCEPTED]
    with pytest.raises(ForumError, match="decided"):
        membership.decide_request(
            session, request=_request_of(session, rare["lila"]), decider=rare["admin"], accept=False
        )


def test_a_member_takes_their_request_back(client, session, rare):
    h.log_in(client, rare["lila"])
    _ask(client)
    assert client.post("/espaces/rares/demande/retirer").status_code == 303
    assert _request_of(session, rare["lila"]).status is MembershipRequestStatus.WITHDRAWN
    # Nothing waits any more: what told the deciders is read, and they tell her nothing.
    told = session.scalars(select(Notification).where(Notification.space_id == rare["space"].id))
    assert all(n.read_at is not None for n in told)
    assert _kinds(session, rare["lila"]) == []
    assert "Demander à rejoindre l’espace" in client.get("/espaces/rares").get_data(as_text=True)


def test_bad_words_get_a_clear_answer_and_nothing_is_stored(client, session, rare):
    h.log_in(client, rare["lila"])
    too_long = _ask(client, "a" * (membership.MESSAGE_MAX + 1))
    assert too_long.status_code == 400
    assert "Votre mot est trop long" in too_long.get_data(as_text=True)
    blank = _ask(client, "\u200b\u3164")
    assert blank.status_code == 400
    assert "aucun caractère visible" in blank.get_data(as_text=True)
    assert session.scalar(select(MembershipRequest.id)) is None

    _ask(client)
    request = _request_of(session, rare["lila"])
    h.log_in(client, rare["moderator"])
    refused = client.post(
        f"/espaces/rares/demandes/{request.id}",
        data={f"demande-{request.id}-refuse": "1", f"demande-{request.id}-answer": "b" * 1001},
    )
    assert refused.status_code == 400 and "Votre mot est trop long" in refused.get_data(
        as_text=True
    )
    assert _request_of(session, rare["lila"]).status is MembershipRequestStatus.PENDING
    # A request of another space is not this space's to answer.
    h.space(session, "diabete")
    session.commit()
    assert client.post(f"/espaces/diabete/demandes/{request.id}").status_code == 403


def test_a_public_space_is_joined_at_once_and_asks_no_request(client, session, rare):
    h.space(session, "diabete")
    session.commit()
    h.log_in(client, rare["lila"])
    assert client.get("/espaces/diabete/demande").status_code == 303
    with pytest.raises(ForumError, match="public_space"):
        membership.request_membership(
            session, member=rare["lila"], space=queries.space_by_slug(session, slug="diabete")
        )
    assert client.post("/espaces/diabete/rejoindre").status_code == 302
    assert "Bienvenue" in client.get("/espaces/diabete").get_data(as_text=True)


def test_members_stay_when_a_space_becomes_members_only(client, session):
    space = h.space(session, "sep")
    camille = h.joined(session, h.member(session, "Camille"), space)
    thread, _ = h.thread(session, h.member(session, "Agathe"), space)
    services.update_space(
        session, space=space, description="", rules="", visibility=SpaceVisibility.MEMBERS
    )
    session.commit()
    h.log_in(client, camille)
    assert client.get(f"/discussions/{thread.id}").status_code == 200


def test_an_invitation_link_lets_in_as_many_as_it_says_until_it_ends(client, session, rare):
    h.log_in(client, rare["moderator"])
    made = client.post(
        "/espaces/rares/invitations", data={"invitation-max_uses": "1", "invitation-days": "7"}
    )
    assert made.status_code == 303
    page = client.get("/espaces/rares/demandes").get_data(as_text=True)
    assert "Utilisé 0 fois sur 1" in page
    invitation = membership.open_invitations(session, space=rare["space"])[0]
    link = f"/invitations/{membership.invitation_token(invitation)}"
    assert link in page

    # A visitor is asked to log in first; a GET lets no one in.
    h.log_out(client)
    assert "Se connecter" in client.get(link).get_data(as_text=True)
    lila = rare["lila"]
    h.log_in(client, lila)
    assert "Rejoindre l’espace" in client.get(link).get_data(as_text=True)
    assert not queries.space_context(session, member=lila, space=rare["space"]).is_member
    joined = client.post(link)
    assert joined.status_code == 303
    assert queries.space_context(session, member=lila, space=rare["space"]).is_member
    request = _request_of(session, lila)
    assert request.status is MembershipRequestStatus.ACCEPTED
    assert request.invitation_id == invitation.id and request.decided_by_id == rare["moderator"].id

    # Made for one: the next one finds it spent, and is pointed to the request.
    sam = h.member(session, "Sam")
    session.commit()
    h.log_in(client, sam)
    spent = client.post(link)
    assert spent.status_code == 410
    assert "ne fonctionne plus" in spent.get_data(as_text=True)
    assert not queries.space_context(session, member=sam, space=rare["space"]).is_member
    # Forged or cut, a link is unknown.
    assert client.get(link[:-3] + "abc").status_code == 404
    assert client.get("/invitations/1").status_code == 404


def test_an_invitation_stops_when_revoked_or_expired_and_only_offered_choices_are_made(
    client, session, rare
):
    space, moderator = rare["space"], rare["moderator"]
    revoked = membership.create_invitation(
        session, space=space, author=moderator, max_uses=5, days=1
    )
    expired = membership.create_invitation(
        session, space=space, author=moderator, max_uses=5, days=1
    )
    expired.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    h.log_in(client, moderator)
    assert client.post(f"/espaces/rares/invitations/{revoked.id}/revoquer").status_code == 303
    assert client.post(f"/espaces/rares/invitations/{revoked.id}/revoquer").status_code == 404
    assert membership.open_invitations(session, space=space) == []
    odd = client.post(
        "/espaces/rares/invitations", data={"invitation-max_uses": "1000", "invitation-days": "7"}
    )
    assert odd.status_code == 400 and "Choisissez un des nombres proposés." in odd.get_data(
        as_text=True
    )
    with pytest.raises(ForumError, match="bad_invitation"):
        membership.create_invitation(session, space=space, author=moderator, max_uses=2, days=7)

    h.log_in(client, rare["lila"])
    for invitation in (revoked, expired):
        link = f"/invitations/{membership.invitation_token(invitation)}"
        assert client.post(link).status_code == 410
    assert not queries.space_context(session, member=rare["lila"], space=space).is_member


def test_deleting_an_account_takes_back_its_requests_and_erases_their_words(client, session, rare):
    lila = rare["lila"]
    membership.request_membership(session, member=lila, space=rare["space"], message=WORDS)
    session.commit()
    accounts.delete_account(
        session, member=lila, password="correct horse battery", withdraw_posts=False
    )
    session.commit()
    request = _request_of(session, lila)
    assert request.status is MembershipRequestStatus.WITHDRAWN
    assert request.message == ""
    assert membership.waiting_requests(session, space=rare["space"]) == []


def test_the_deciders_page_and_the_space_page_ask_a_fixed_number_of_queries(
    client, session, count_queries, rare
):
    def counted(url: str) -> int:
        h.fresh(session)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    sizes = []
    for batch in range(2):
        for number in range(5 * batch, 5 * batch + 5):
            membership.request_membership(
                session, member=h.member(session, f"Demandeur{number}"), space=rare["space"]
            )
        session.commit()
        h.log_in(client, rare["moderator"])
        sizes.append((counted("/espaces/rares/demandes"), counted("/espaces/rares")))
    assert sizes[0] == sizes[1]
    # The member, the space with the reader's roles and its roles, its threads, and how
    # many requests wait: one query more than on a public space.
    assert sizes[0][1] == 4
    h.log_in(client, h_id(session, "Demandeur0"))
    assert counted("/espaces/rares") == 4  # the member's own request instead


def h_id(session, pseudonym: str) -> str:
    found = accounts.find_by_pseudonym(session, pseudonym)
    assert found is not None
    return found.get_id()


def test_each_answer_is_kept_in_the_spaces_audit_log(client, session, rare):
    lila, sam = rare["lila"], h.member(session, "Sam")
    session.commit()
    h.log_in(client, lila)
    _ask(client)
    h.log_in(client, rare["moderator"])
    _answer(client, _request_of(session, lila).id, accept=False, words="Réservé aux patients.")
    invitation = membership.create_invitation(
        session, space=rare["space"], author=rare["moderator"], max_uses=1, days=1
    )
    session.commit()
    h.log_in(client, sam)
    client.post(f"/invitations/{membership.invitation_token(invitation)}")

    h.log_in(client, rare["admin"])
    log = client.get("/moderation/espaces/rares/journal").get_data(as_text=True)
    joins = log[log.index('id="adhesions"') :]
    assert joins.index("Sam") < joins.index("Lila")  # the latest first
    assert "Entré par un lien d’invitation" in joins and "Refusée" in joins
    assert "Réservé aux patients." in joins and "DrSorel" in joins
    # What the member wrote stays on the deciders' page: the log keeps the decision.
    assert WORDS not in log


def test_an_english_reader_is_asked_and_answered_in_english(client, session, rare):
    h.log_in(client, rare["lila"])
    client.get("/langue/en?next=/")
    page = client.get("/espaces/rares").get_data(as_text=True)
    assert "To get in, you send a request" in page and "Ask to join the space" in page
    form = client.get("/espaces/rares/demande").get_data(as_text=True)
    assert "A word for the moderators (optional)" in form
    too_long = _ask(client, "a" * (membership.MESSAGE_MAX + 1)).get_data(as_text=True)
    assert "Your word is too long: 1000 characters at most." in too_long

"""The moderation queue: a moderator sees their spaces' pending posts and decides on them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from community.forums import services as forums
from community.forums.models import Post, PostStatus, SpaceRoleKind, Thread
from community.kernel.clock import utcnow
from community.moderation.models import DecisionAction, ModerationDecision, ModerationItem
from tests.forums import helpers as h

ALREADY_DECIDED = "Un autre modérateur a déjà décidé pour ce message."


def _world(session: Any) -> dict[str, Any]:
    """Two spaces, each with its moderator; an author and a reader who belong to both."""
    a, b = h.space(session, "diabete"), h.space(session, "asthme")
    world = {
        "a": a,
        "b": b,
        "mod_a": h.member(session, "Moderatrice"),
        "mod_a2": h.member(session, "Moderateur"),
        "mod_b": h.member(session, "Pneumologue"),
        "author": h.member(session, "Camille"),
        "reader": h.member(session, "Noa"),
    }
    for moderator, space in (("mod_a", a), ("mod_a2", a), ("mod_b", b)):
        forums.grant_space_role(
            session, space=space, member=world[moderator], kind=SpaceRoleKind.MODERATOR
        )
    for space in (a, b):
        h.joined(session, world["author"], space)
        h.joined(session, world["reader"], space)
    session.commit()
    return world


def _pending(
    session: Any,
    world: dict[str, Any],
    space: str,
    title: str,
    *,
    body: str = "Un message à relire.",
    minutes_ago: int = 0,
    risk: float | None = None,
    urgent: bool = False,
    findings: list[dict[str, Any]] | None = None,
) -> Post:
    _thread, post = forums.start_thread(
        session, author=world["author"], space=world[space], title=title, body=body
    )
    post.review_requested_at = utcnow() - timedelta(minutes=minutes_ago)
    if risk is not None:
        session.add(
            ModerationItem(
                post_id=post.id,
                space_id=world[space].id,
                requested_at=post.review_requested_at,
                scores={"toxicity": risk, "insult": risk / 2},
                findings=findings or [],
                risk=risk,
                urgent=urgent,
                model_version="test-model",
                scored_at=utcnow(),
            )
        )
    session.commit()
    return post


def _decisions(session: Any) -> list[ModerationDecision]:
    h.fresh(session)
    return list(session.scalars(select(ModerationDecision).order_by(ModerationDecision.id)))


def test_a_moderator_sees_their_spaces_pending_posts_urgent_then_risky_then_oldest(client, session):
    world = _world(session)
    _pending(session, world, "a", "Vieux et calme", minutes_ago=50, risk=0.1)
    _pending(session, world, "a", "Récent et calme", minutes_ago=5, risk=0.1)
    _pending(session, world, "a", "Très risqué", minutes_ago=10, risk=0.9)
    _pending(session, world, "a", "Crise", minutes_ago=1, risk=0.05, urgent=True)
    _pending(session, world, "a", "Pas encore noté", minutes_ago=60)
    _pending(session, world, "b", "Dans l’autre espace", minutes_ago=100, risk=0.99)

    page = h.log_in(client, world["mod_a"]).get("/moderation/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    titles = ["Crise", "Très risqué", "Vieux et calme", "Récent et calme", "Pas encore noté"]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Dans l’autre espace" not in text
    assert "Camille" in text and "<meter" in text and "en attente de notation" in text


def test_the_queue_pages_by_keyset_without_losing_or_repeating_a_post(
    client, session, count_queries
):
    world = _world(session)
    for number in range(25):
        _pending(session, world, "a", f"Message n°{number:02d}", minutes_ago=100 - number, risk=0.5)
    h.log_in(client, world["mod_a"])
    seen: list[str] = []
    url = "/moderation/"
    with count_queries() as counter:
        first = client.get(url).get_data(as_text=True)
    # The member, their spaces, the page, the filters' counts, and what the page shows
    # around each post (the author's history, the thread context, who may receive a
    # post): never one per post.
    assert counter.count <= 9, counter.statements
    seen += re.findall(r"Message n°(\d\d)", first)
    following = re.search(r'href="(/moderation/\?after=[^"]+)"', first)
    assert following is not None
    second = client.get(following.group(1).replace("&amp;", "&")).get_data(as_text=True)
    seen += re.findall(r"Message n°(\d\d)", second)
    assert seen == [f"{number:02d}" for number in range(25)]
    # A forged token is read as "from the start", never an error.
    assert client.get("/moderation/?after=n%27importe_quoi").status_code == 200


def test_a_member_without_a_moderating_role_cannot_see_the_queue(client, session):
    world = _world(session)
    admin = h.member(session, "Admin", is_site_admin=True)
    session.commit()
    anonymous = client.get("/moderation/")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]
    assert h.log_in(client, world["reader"]).get("/moderation/").status_code == 403
    assert h.log_in(client, admin).get("/moderation/").status_code == 403


def test_approving_publishes_the_post_and_records_the_decision(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "Pompe ou stylos ?", risk=0.2)
    post_id, thread_id = post.id, post.thread_id
    reader = world["reader"].get_id()

    h.log_in(client, world["reader"])
    assert client.get(f"/discussions/{thread_id}").status_code == 404

    h.log_in(client, world["mod_a"])
    sent = client.post(f"/moderation/messages/{post_id}/approuver")
    assert sent.status_code == 302
    assert "Pompe ou stylos ?" not in client.get("/moderation/").get_data(as_text=True)

    h.log_in(client, reader)
    page = client.get(f"/discussions/{thread_id}")
    assert page.status_code == 200 and "Un message à relire." in page.get_data(as_text=True)
    [decision] = _decisions(session)
    assert decision.action is DecisionAction.APPROVE and decision.post_id == post_id
    assert decision.moderator_pseudonym == "Moderatrice"
    assert decision.scores == {"toxicity": 0.2, "insult": 0.1}
    assert decision.model_version == "test-model"
    refreshed = session.get(Post, post_id)
    assert refreshed.status is PostStatus.PUBLISHED and refreshed.review_requested_at is None


def test_rejecting_keeps_the_post_hidden_and_the_author_sees_it_rejected(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "Cure miracle", risk=0.7)
    post_id, thread_id = post.id, post.thread_id
    author, reader = world["author"].get_id(), world["reader"].get_id()

    h.log_in(client, world["mod_a"])
    sent = client.post(
        f"/moderation/messages/{post_id}/rejeter",
        data={
            f"rejet-{post_id}-reason_code": "medical_misinformation",
            f"rejet-{post_id}-reason_text": "Arrêter l’insuline est dangereux.",
        },
    )
    assert sent.status_code == 302

    h.log_in(client, reader)
    assert client.get(f"/discussions/{thread_id}").status_code == 404
    assert "Cure miracle" not in client.get("/espaces/diabete").get_data(as_text=True)
    h.log_in(client, author)
    own = client.get(f"/discussions/{thread_id}")
    assert own.status_code == 200 and "refusée" in own.get_data(as_text=True)

    [decision] = _decisions(session)
    assert decision.action is DecisionAction.REJECT
    assert decision.reason_code == "medical_misinformation"
    assert decision.reason_text == "Arrêter l’insuline est dangereux."
    assert session.get(Post, post_id).status is PostStatus.REJECTED
    assert session.get(Thread, thread_id).status is PostStatus.REJECTED


def test_a_rejection_needs_a_reason_from_the_list(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "Sans motif")
    h.log_in(client, world["mod_a"])
    sent = client.post(
        f"/moderation/messages/{post.id}/rejeter",
        data={
            f"rejet-{post.id}-reason_code": "parce_que",
            f"rejet-{post.id}-reason_text": "x" * 1001,
        },
    )
    assert sent.status_code == 400
    assert "1000 caractères au plus" in sent.get_data(as_text=True)
    assert _decisions(session) == []


def test_a_moderator_of_another_space_cannot_decide(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "Chez A")
    h.log_in(client, world["mod_b"])
    assert client.post(f"/moderation/messages/{post.id}/approuver").status_code == 403
    rejected = client.post(
        f"/moderation/messages/{post.id}/rejeter", data={f"rejet-{post.id}-reason_code": "other"}
    )
    assert rejected.status_code == 403
    assert _decisions(session) == []
    assert session.get(Post, post.id).status is PostStatus.PENDING


def test_two_moderators_cannot_decide_the_same_post(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "Disputé")
    second = world["mod_a2"].get_id()
    h.log_in(client, world["mod_a"])
    assert client.post(f"/moderation/messages/{post.id}/approuver").status_code == 302

    h.log_in(client, second)
    late = client.post(
        f"/moderation/messages/{post.id}/rejeter",
        data={f"rejet-{post.id}-reason_code": "other"},
        follow_redirects=True,
    )
    assert ALREADY_DECIDED in late.get_data(as_text=True)
    late_approval = client.post(f"/moderation/messages/{post.id}/approuver", follow_redirects=True)
    assert ALREADY_DECIDED in late_approval.get_data(as_text=True)
    decisions = _decisions(session)
    assert len(decisions) == 1 and decisions[0].moderator_pseudonym == "Moderatrice"
    assert session.get(Post, post.id).status is PostStatus.PUBLISHED
    assert session.scalar(select(func.count()).select_from(ModerationDecision)) == 1


def test_flagged_passages_are_highlighted_and_everything_is_escaped(client, session):
    world = _world(session)
    body = "Appelez-moi au 06 12 34 56 78 <script>alert(1)</script>"
    start = body.index("06")
    finding = {
        "kind": "personal_data",
        "code": "phone",
        "severity": "flag",
        "spans": [[start, start + len("06 12 34 56 78")]],
        "detail": "",
        "field": "body",
    }
    script = {**finding, "spans": [[body.index("<script>"), len(body)]]}
    _pending(session, world, "a", "<b>Titre</b>", body=body, risk=0.3, findings=[finding, script])
    text = h.log_in(client, world["mod_a"]).get("/moderation/").get_data(as_text=True)
    assert "<mark>06 12 34 56 78</mark>" in text
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in text
    assert "<script>alert" not in text and "<b>Titre</b>" not in text
    assert "numéro de téléphone détecté" in text


def test_a_post_whose_scoring_failed_says_so(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "Modèle absent")
    session.add(
        ModerationItem(
            post_id=post.id,
            space_id=world["a"].id,
            requested_at=post.review_requested_at,
            score_error="score indisponible",
            scored_at=utcnow(),
        )
    )
    session.commit()
    text = h.log_in(client, world["mod_a"]).get("/moderation/").get_data(as_text=True)
    assert "score indisponible" in text and "Modèle absent" in text


def test_the_queue_costs_the_same_queries_whatever_it_holds(client, session, count_queries):
    from community.moderation.reports.services import report_post
    from community.notifications.models import Notification

    world = _world(session)
    _pending(session, world, "a", "Un seul", risk=0.5)
    h.log_in(client, world["mod_a"])
    with count_queries() as few:
        client.get("/moderation/")

    # New threads, replies after published posts, edits, reports: a full page of them.
    thread, _first = h.thread(session, world["reader"], world["a"], "Fil publié", "Bonjour.")
    for number in range(6):
        h.reply(session, world["reader"], thread, f"Réponse publiée {number}")
        h.reply(session, world["author"], thread, f"Réponse en attente {number}", published=False)
    for number in range(4):
        post = h.reply(session, world["author"], thread, f"Publié puis modifié {number}")
        forums.edit_post(session, author=world["author"], post=post, body=f"Modifié {number}")
        report_post(session, reporter=world["reader"], post=post, reason_code="hostile")
    for number in range(8):
        _pending(session, world, "a", f"Nouveau {number}", risk=0.3)
    session.commit()
    told = session.scalar(select(func.count()).select_from(Notification))
    with count_queries() as many:
        text = client.get("/moderation/").get_data(as_text=True)
    assert "Modification d’un message publié" in text and "Signalements ouverts : 1" in text
    assert "Réponse publiée" in text
    # Edits, reports, the posts before a reply and those not scored yet (read only when
    # some wait): one query each, whatever their number.
    assert many.count <= few.count + 4, many.statements
    # Reading the queue decides nothing, so tells nobody anything.
    assert session.scalar(select(func.count()).select_from(Notification)) == told


def test_each_item_shows_the_authors_history_and_the_thread_around_a_reply(client, session):
    world = _world(session)
    thread, _first = h.thread(session, world["reader"], world["a"], "Fil", "<em>Bonjour</em> " * 80)
    h.reply(session, world["reader"], thread, "Deuxième message publié.")
    h.reply(session, world["reader"], thread, "Troisième message publié.")
    reply = h.reply(session, world["author"], thread, "Ma réponse.", published=False)
    earlier = [_pending(session, world, "a", f"Ancien {n}", risk=0.1).id for n in range(3)]
    h.log_in(client, world["mod_a"])
    client.post(f"/moderation/messages/{earlier[0]}/approuver")
    client.post(
        f"/moderation/messages/{earlier[1]}/rejeter",
        data={f"rejet-{earlier[1]}-reason_code": "other"},
    )
    client.post(
        f"/moderation/messages/{earlier[2]}/demander-une-modification",
        data={f"modif-{earlier[2]}-message": "Précisez."},
    )
    text = client.get("/moderation/").get_data(as_text=True)
    assert (
        "Historique de l’auteur : 1 publié(s), 1 refusé(s), 1 modification(s) demandée(s), "
        "0 dépublié(s) après signalement." in text
    )
    item = text[text.index(f'id="message-{reply.id}"') :]
    assert "Réponse dans la discussion « Fil »" in item
    # The last two published posts before the reply, escaped, not the first one.
    assert "Deuxième message publié." in item and "Troisième message publié." in item
    assert "<em>Bonjour" not in text


def test_every_decision_tells_the_author(client, session):
    from community.notifications.models import Notification, NotificationKind

    world = _world(session)
    ids = [_pending(session, world, "a", f"Message {n}", risk=0.1).id for n in range(3)]
    h.log_in(client, world["mod_a"])
    client.post(f"/moderation/messages/{ids[0]}/approuver")
    client.post(
        f"/moderation/messages/{ids[1]}/rejeter", data={f"rejet-{ids[1]}-reason_code": "other"}
    )
    client.post(
        f"/moderation/messages/{ids[2]}/demander-une-modification",
        data={f"modif-{ids[2]}-message": "Précisez."},
    )
    h.fresh(session)
    notifications = session.scalars(select(Notification).order_by(Notification.id)).all()
    assert [(n.post_id, n.kind) for n in notifications] == [
        (ids[0], NotificationKind.POST_APPROVED),
        (ids[1], NotificationKind.POST_REJECTED),
        (ids[2], NotificationKind.EDIT_REQUESTED),
    ]
    assert {n.member_id for n in notifications} == {world["author"].id}
    decisions = _decisions(session)
    assert [n.decision_id for n in notifications] == [d.id for d in decisions]


def test_the_authors_record_counts_posts_published_before_any_decision_was_logged(client, session):
    # Posts published by the demo, an import or before moderation existed have no decision.
    world = _world(session)
    thread, _first = h.thread(session, world["author"], world["a"], "Ancien fil", "Bonjour.")
    h.reply(session, world["author"], thread, "Déjà publié sans décision.")
    _pending(session, world, "a", "Nouveau message", risk=0.1)

    text = h.log_in(client, world["mod_a"]).get("/moderation/").get_data(as_text=True)

    assert "Historique de l’auteur : 2 publié(s), 0 refusé(s)" in text

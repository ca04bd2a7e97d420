"""Working through the queue: the same post back with its error, the next post after a
decision, filters with their counts, the list view, and texts that must show."""

from __future__ import annotations

import re
from typing import Any

from community.forums.models import PostStatus
from community.moderation.models import ModerationItem
from community.moderation.queue.highlight import highlight_folded
from tests.forums import helpers as h
from tests.moderation.test_queue import _decisions, _pending, _world

PHONE = {
    "kind": "personal_data",
    "code": "phone",
    "severity": "flag",
    "spans": [[0, 2]],
    "detail": "",
}
SPAM = {"kind": "spam", "code": "sales", "severity": "flag", "spans": [], "detail": ""}
CRISIS = {"kind": "crisis", "code": "suicide", "severity": "urgent", "spans": [], "detail": ""}


def _many(session: Any, world: dict[str, Any], count: int) -> list[Any]:
    """`count` posts of space a, the first one riskiest: they wait in this order."""
    return [
        _pending(session, world, "a", f"Message n°{n:02d}", minutes_ago=100 - n, risk=0.5)
        for n in range(count)
    ]


def test_a_refusal_without_a_reason_shows_the_same_post_with_the_error_by_the_field(
    client, session
):
    world = _world(session)
    posts = _many(session, world, 25)
    deep = posts[23]  # on the queue's second page
    h.log_in(client, world["mod_a"])
    sent = client.post(
        f"/moderation/messages/{deep.id}/rejeter",
        data={f"rejet-{deep.id}-reason_code": "", f"rejet-{deep.id}-reason_text": "x" * 1001},
    )
    assert sent.status_code == 400
    text = sent.get_data(as_text=True)
    assert "Message n°23" in text
    field = text[text.index(f'id="rejet-{deep.id}-reason_code"') :]
    assert field.index("Choisissez un motif.") < field.index(f'id="rejet-{deep.id}-reason_text"')
    assert "1000 caractères au plus" in text
    assert _decisions(session) == []
    assert session.get(type(deep), deep.id).status is PostStatus.PENDING


def test_no_refusal_reason_is_chosen_for_the_moderator(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "À décider", risk=0.3)
    text = h.log_in(client, world["mod_a"]).get("/moderation/").get_data(as_text=True)
    select = text[text.index(f'id="rejet-{post.id}-reason_code"') :]
    select = select[: select.index("</select>")]
    # The empty choice comes first and nothing is selected: the browser shows it.
    assert select.index('<option value="">') < select.index('value="personal_data"')
    assert "selected" not in select and "required" in select


def test_text_made_only_of_invisible_characters_is_refused(client, session):
    world = _world(session)
    post = _pending(session, world, "a", "À corriger", risk=0.3)
    h.log_in(client, world["mod_a"])
    for invisible in ("\u200b\u200b", "\u3164", "\ue000\ue001", " \u200d "):
        edit = client.post(
            f"/moderation/messages/{post.id}/demander-une-modification",
            data={f"modif-{post.id}-message": invisible},
        )
        assert edit.status_code == 400
        assert "Dites à l’auteur ce qu’il doit modifier." in edit.get_data(as_text=True)
        refusal = client.post(
            f"/moderation/messages/{post.id}/rejeter",
            data={
                f"rejet-{post.id}-reason_code": "other",
                f"rejet-{post.id}-reason_text": invisible,
            },
        )
        assert refusal.status_code == 400
        assert "Ce champ ne contient aucun caractère visible." in refusal.get_data(as_text=True)
    assert _decisions(session) == []


def test_after_a_decision_the_queue_opens_at_the_next_post(client, session):
    world = _world(session)
    _first, second, third = _many(session, world, 3)
    h.log_in(client, world["mod_a"])
    queue = client.get("/moderation/").get_data(as_text=True)
    action = re.search(rf'action="(/moderation/messages/{second.id}/approuver[^"]*)"', queue)
    assert action is not None
    sent = client.post(action.group(1).replace("&amp;", "&"), follow_redirects=False)
    assert sent.status_code == 302
    found = client.get(sent.headers["Location"])
    assert found.headers["Location"].endswith(f"/moderation/#message-{third.id}")
    # The queue's filter is kept: the next post is the next one of that filter.
    spam = _pending(session, world, "a", "Pub", risk=0.2, findings=[SPAM])
    spam2 = _pending(session, world, "a", "Pub encore", risk=0.1, findings=[SPAM])
    queue = client.get("/moderation/?filtre=spam").get_data(as_text=True)
    action = re.search(rf'action="(/moderation/messages/{spam.id}/approuver[^"]*)"', queue)
    assert action is not None
    sent = client.post(action.group(1).replace("&amp;", "&"))
    found = client.get(sent.headers["Location"])
    assert found.headers["Location"].endswith(f"/moderation/?filtre=spam#message-{spam2.id}")


def test_decide_and_go_on_opens_the_next_post_taken_for_the_moderator(client, session):
    world = _world(session)
    first, second, third = _many(session, world, 3)
    h.log_in(client, world["mod_a"])
    # The moderator opens the first post to decide: it is theirs, and shown as such.
    opened = client.post(f"/moderation/messages/{first.id}/prendre")
    assert opened.headers["Location"].endswith(f"/moderation/messages/{first.id}")
    page = client.get(f"/moderation/messages/{first.id}").get_data(as_text=True)
    assert "Vous examinez ce message jusqu’à" in page
    # Another moderator is examining the second one: the flow passes it.
    h.log_in(client, world["mod_a2"])
    client.post(f"/moderation/messages/{second.id}/prendre")
    h.log_in(client, world["mod_a"])
    page = client.get(f"/moderation/messages/{first.id}").get_data(as_text=True)
    action = re.search(rf'action="(/moderation/messages/{first.id}/rejeter[^"]*)"', page)
    assert action is not None and "suivant=1" in action.group(1)
    decided = client.post(
        action.group(1).replace("&amp;", "&"),
        data={f"rejet-{first.id}-reason_code": "off_topic"},
    )
    assert decided.headers["Location"].endswith(f"/moderation/messages/{third.id}")
    h.fresh(session)
    item = session.query(ModerationItem).filter_by(post_id=third.id).one()
    assert item.claimed_by_id == world["mod_a"].id
    text = client.get(decided.headers["Location"]).get_data(as_text=True)
    assert "Message n°02" in text and "Vous examinez ce message jusqu’à" in text
    # The others see who took it.
    h.log_in(client, world["mod_a2"])
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "en cours d’examen par Moderatrice" in queue


def test_filters_by_finding_and_space_with_their_counts(client, session):
    world = _world(session)
    forums_mod = world["mod_a"]
    from community.forums import services as forums
    from community.forums.models import SpaceRoleKind

    forums.grant_space_role(
        session, space=world["b"], member=forums_mod, kind=SpaceRoleKind.MODERATOR
    )
    session.commit()
    _pending(session, world, "a", "Téléphone", risk=0.8, findings=[PHONE])
    _pending(session, world, "a", "Vente", risk=0.6, findings=[SPAM])
    _pending(session, world, "b", "Crise", risk=1.0, urgent=True, findings=[CRISIS])
    _pending(session, world, "b", "Vente aussi", risk=0.6, findings=[SPAM])
    _pending(session, world, "a", "Calme", risk=0.1)
    h.log_in(client, forums_mod)
    text = client.get("/moderation/").get_data(as_text=True)
    assert "Toute la file (5)" in text
    assert "Urgent (1)" in text and "Données personnelles (1)" in text
    assert "Publicité, spam (2)" in text and "Signalé (0)" in text
    assert "Asthme (2)" in text and "Diabete (3)" in text

    spam = client.get("/moderation/?filtre=spam").get_data(as_text=True)
    assert "Vente" in spam and "Vente aussi" in spam
    assert "Téléphone" not in spam and "Crise" not in spam and "Calme" not in spam

    both = client.get("/moderation/?filtre=spam&espace=asthme").get_data(as_text=True)
    assert "Vente aussi" in both and ">Vente<" not in both
    assert "Publicité, spam (1)" in both
    # An unknown filter is no filter, never an error.
    assert client.get("/moderation/?filtre=quoi&espace=nulle-part").status_code == 200


def test_the_list_view_shows_one_line_per_post_linking_to_it(client, session):
    world = _world(session)
    _pending(session, world, "b", "Ignoré", risk=0.1)  # not this moderator's space
    phone = _pending(
        session,
        world,
        "a",
        "Numéro",
        body="06 12 34 56 78, appelez-moi quand vous voulez pour en parler longuement.",
        risk=0.8,
        findings=[PHONE],
    )
    h.log_in(client, world["mod_a"])
    page = client.get("/moderation/?vue=liste")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    lines = re.findall(r'<ol class="queue-list">(.*?)</ol>', text, re.S)[0]
    assert lines.count("<li>") == 1 and "Ignoré" not in lines
    assert f'href="/moderation/messages/{phone.id}' in lines
    assert "numéro de téléphone détecté" in lines and "Diabete" in lines
    assert "Numéro — 06 12 34 56 78" in lines
    assert "<form" not in lines
    full = client.get(f"/moderation/messages/{phone.id}")
    assert full.status_code == 200 and "appelez-moi" in full.get_data(as_text=True)


def test_only_scores_above_the_floor_show_their_bar_the_rest_folded_in_a_fixed_order(
    client, session
):
    world = _world(session)
    post = _pending(session, world, "a", "Scores", risk=0.4)
    h.fresh(session)
    item = session.query(ModerationItem).filter_by(post_id=post.id).one()
    item.scores = {"insult": 0.05, "toxicity": 0.6, "obscene": 0.01, "threat": 0.3}
    session.commit()
    text = h.log_in(client, world["mod_a"]).get("/moderation/").get_data(as_text=True)
    shown, folded = text.split("Scores faibles du modèle : 2")
    assert shown.index("toxicité") < shown.index("menace") and "insulte" not in shown
    assert folded.index("obscénité") < folded.index("insulte")


def test_past_three_reasons_the_strongest_two_show_and_the_rest_is_folded(client, session):
    world = _world(session)
    findings = [
        {**PHONE, "detail": "", "code": "phone"},
        {**SPAM, "code": "sales"},
        {"kind": "spam", "code": "affiliate", "severity": "flag", "spans": [], "detail": ""},
        {"kind": "spam", "code": "link", "severity": "flag", "spans": [], "detail": "x.example"},
    ]
    _pending(session, world, "a", "Quatre raisons", risk=0.5, findings=findings)
    _pending(session, world, "a", "Une raison", risk=0.4, findings=[PHONE])
    text = h.log_in(client, world["mod_a"]).get("/moderation/").get_data(as_text=True)
    many, one = text.split('aria-labelledby="message-')[1:3]
    shown = re.findall(r'<ul class="reasons"[^>]*>(.*?)</ul>', many, re.S)[0]
    assert shown.count("<li") == 2 and 'class="strongest"' in shown
    assert "Autres raisons : 2" in many
    assert "Autres raisons" not in one


def test_a_long_post_shows_its_first_lines_in_the_queue_and_the_rest_on_demand(client, session):
    world = _world(session)
    body = "Une phrase ordinaire sur les capteurs et la piscine. " * 20
    body += "Appelez le 06 12 34 56 78."
    start = body.index("06")
    phone = {**PHONE, "spans": [[start, start + len("06 12 34 56 78")]]}
    post = _pending(session, world, "a", "Long message", body=body, risk=0.5, findings=[phone])
    h.log_in(client, world["mod_a"])
    text = client.get("/moderation/").get_data(as_text=True)
    head = text[text.index('class="moderation-text folded"') :]
    head, rest = head.split('<details class="more read-on">', 1)
    assert "sur les capteurs" in head and "06 12" not in head
    # The fold says that the rest holds a flagged passage, and shows it marked.
    assert "Lire la suite (passages signalés : 1)" in rest
    assert "<mark>06 12 34 56 78</mark>" in rest[: rest.index("</details>")]
    # On its own page, where the moderator decides, the text is whole.
    whole = client.get(f"/moderation/messages/{post.id}").get_data(as_text=True)
    assert "Lire la suite" not in whole and "<mark>06 12 34 56 78</mark>" in whole


def test_a_fold_never_cuts_a_flagged_passage_nor_leaves_a_short_rest():
    # The number spans the 500th character, where the fold would fall between two words.
    text = "mot " * 122 + "06 12 34 56 78 " + "suite " * 50
    start = text.index("06")
    folded = highlight_folded(text, [(start, start + 14)])
    assert folded.rest is not None
    assert folded.head.endswith("<mark>06 12 34 56 78</mark>") and "78" not in folded.rest
    assert folded.flagged_in_rest == 0
    assert highlight_folded("mot " * 170, []).rest is None  # 180 characters would remain
    short = highlight_folded("Un message court, <b>échappé</b>.", [])
    assert short.rest is None and "&lt;b&gt;" in short.head

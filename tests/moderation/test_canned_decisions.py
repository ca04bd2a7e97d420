"""A moderator decides with one of the space's prepared texts: the author receives it as
it stands, followed by the moderator's own words; a text changed or deleted later never
changes what an author was told; another space's moderators never see or send it."""

from __future__ import annotations

import html
from typing import Any

import pytest

from community.forums import services as forums
from community.forums.models import Post, PostStatus, SpaceRoleKind
from community.moderation import statements
from community.moderation.canned import services as canned
from community.moderation.canned.models import CannedKind
from community.moderation.models import DecisionAction
from tests.forums import helpers as h
from tests.moderation.test_queue import _decisions, _pending, _world
from tests.moderation.test_reported_queue import _reported

PHONE_TEXT = (
    "Votre message contient un numéro de téléphone. Pour vous protéger, nous ne le publions pas."
)
EDIT_TEXT = "Retirez seulement le numéro, puis renvoyez votre message : nous le relirons."


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    """Two spaces (a, b) with their moderators; space a's association wrote a refusal text
    tied to "personal data", one for any reason, and an edit request text."""
    world = _world(session)
    president = world["president"] = h.member(session, "Presidente")
    forums.grant_space_role(
        session, space=world["a"], member=president, kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )

    def add(kind: CannedKind, title: str, body: str, reason: str | None = None) -> int:
        return canned.add_text(
            session,
            actor=president,
            space=world["a"],
            kind=kind,
            title=title,
            body=body,
            reason_code=reason,
        ).id

    world["phone"] = add(CannedKind.REFUSAL, "Numéro visible", PHONE_TEXT, "personal_data")
    world["any"] = add(CannedKind.REFUSAL, "Hors charte", "Ce message sort de la charte.")
    world["edit"] = add(CannedKind.EDIT_REQUEST, "Retirer le numéro", EDIT_TEXT)
    session.commit()
    return world


def _refuse(client: Any, post_id: int, **fields: str) -> Any:
    data = {f"rejet-{post_id}-{name}": value for name, value in fields.items()}
    return client.post(f"/moderation/messages/{post_id}/rejeter", data=data)


def _page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_a_moderator_refuses_with_a_prepared_text_and_the_author_reads_it(client, session, world):
    post = _pending(session, world, "a", "Appelez-moi", risk=0.4)
    post_id, thread_id = post.id, post.thread_id
    h.log_in(client, world["mod_a"])
    queue = _page(client, "/moderation/")
    choice = queue[queue.index(f'id="rejet-{post_id}-prepared_text"') :]
    choice = choice[: choice.index("</select>")]
    # The texts come grouped by the reason each goes with; none is chosen for the moderator.
    assert '<optgroup label="Données personnelles">' in choice and "Numéro visible" in choice
    assert '<optgroup label="Tout motif">' in choice
    assert choice.count("selected") == 1 and '<option selected value="0">' in choice
    assert 'href="/moderation/espaces/diabete/textes-prepares"' in queue

    # The text gives the reason: the moderator chooses it and adds a word of their own.
    sent = _refuse(
        client,
        post_id,
        reason_code="",
        prepared_text=str(world["phone"]),
        reason_text="Le reste de votre message peut rester.",
    )

    assert sent.status_code == 302
    [decision] = _decisions(session)
    sent_text = f"{PHONE_TEXT}\n\nLe reste de votre message peut rester."
    assert (decision.action, decision.reason_code) == (DecisionAction.REJECT, "personal_data")
    assert decision.reason_text == sent_text
    assert statements.statement_of(decision).moderator_text == sent_text  # type: ignore[union-attr]
    h.log_in(client, world["author"])
    for url in (f"/discussions/{thread_id}", "/notifications/"):
        page = _page(client, url)
        assert "Données personnelles" in page
        assert f'<p class="moderator-text">{sent_text}</p>' in page
    journal = _page(h.log_in(client, world["president"]), "/moderation/espaces/diabete/journal")
    assert PHONE_TEXT in journal and "Le reste de votre message peut rester." in journal


def test_the_prepared_text_alone_is_sent_as_it_stands(client, session, world):
    post = _pending(session, world, "a", "Hors sujet", risk=0.2)
    h.log_in(client, world["mod_a"])

    sent = _refuse(client, post.id, reason_code="off_topic", prepared_text=str(world["any"]))

    assert sent.status_code == 302
    [decision] = _decisions(session)
    assert (decision.reason_code, decision.reason_text) == (
        "off_topic",
        "Ce message sort de la charte.",
    )


def test_an_edit_request_with_a_prepared_text_needs_no_more_words(client, session, world):
    post = _pending(session, world, "a", "Presque prêt", risk=0.2)
    post_id, thread_id = post.id, post.thread_id
    h.log_in(client, world["mod_a"])

    sent = client.post(
        f"/moderation/messages/{post_id}/demander-une-modification",
        data={f"modif-{post_id}-prepared_text": str(world["edit"]), f"modif-{post_id}-message": ""},
    )

    assert sent.status_code == 302
    [decision] = _decisions(session)
    assert (decision.action, decision.reason_text) == (DecisionAction.REQUEST_EDIT, EDIT_TEXT)
    assert session.get(Post, post_id).status is PostStatus.NEEDS_EDIT
    page = _page(h.log_in(client, world["author"]), f"/discussions/{thread_id}")
    assert "Ce que le modérateur vous demande de modifier :" in page and EDIT_TEXT in page


def test_without_a_prepared_text_the_moderator_still_writes_the_whole_message(
    client, session, world
):
    post = _pending(session, world, "a", "À préciser", risk=0.2)
    h.log_in(client, world["mod_a"])

    empty = client.post(
        f"/moderation/messages/{post.id}/demander-une-modification",
        data={f"modif-{post.id}-prepared_text": "0", f"modif-{post.id}-message": "\u200b"},
    )
    own = client.post(
        f"/moderation/messages/{post.id}/demander-une-modification",
        data={f"modif-{post.id}-message": "Précisez votre traitement."},
    )

    assert empty.status_code == 400
    assert "Dites à l’auteur ce qu’il doit modifier." in empty.get_data(as_text=True)
    assert own.status_code == 302
    assert [d.reason_text for d in _decisions(session)] == ["Précisez votre traitement."]


def test_a_reason_the_prepared_text_does_not_go_with_is_refused_not_guessed(client, session, world):
    post = _pending(session, world, "a", "Un numéro", risk=0.4)
    h.log_in(client, world["mod_a"])

    sent = _refuse(client, post.id, reason_code="hostile", prepared_text=str(world["phone"]))

    assert sent.status_code == 400
    page = html.unescape(sent.get_data(as_text=True))
    field = page[page.index(f'id="rejet-{post.id}-reason_code"') :]
    message = "« Numéro visible » va avec le motif « Données personnelles » : choisissez ce motif"
    assert field.index(message) < field.index(f'id="rejet-{post.id}-prepared_text"')
    assert _decisions(session) == []
    assert session.get(Post, post.id).status is PostStatus.PENDING


def test_a_text_for_any_reason_leaves_the_reason_to_choose(client, session, world):
    post = _pending(session, world, "a", "Sans motif", risk=0.4)
    h.log_in(client, world["mod_a"])

    sent = _refuse(client, post.id, reason_code="", prepared_text=str(world["any"]))

    assert sent.status_code == 400
    assert "Choisissez un motif." in sent.get_data(as_text=True)
    assert _decisions(session) == []


def test_the_text_and_the_moderators_words_together_keep_to_the_length_rule(client, session, world):
    long_text = canned.add_text(
        session,
        actor=world["president"],
        space=world["a"],
        kind=CannedKind.REFUSAL,
        title="Long",
        body="x" * 900,
    ).id
    full_text = canned.add_text(
        session,
        actor=world["president"],
        space=world["a"],
        kind=CannedKind.REFUSAL,
        title="Plein",
        body="y" * 1000,
    ).id
    session.commit()
    post = _pending(session, world, "a", "Trop long", risk=0.4)
    h.log_in(client, world["mod_a"])

    over = _refuse(
        client, post.id, reason_code="other", prepared_text=str(long_text), reason_text="z" * 99
    )
    full = _refuse(
        client, post.id, reason_code="other", prepared_text=str(full_text), reason_text="z"
    )
    fits = _refuse(
        client, post.id, reason_code="other", prepared_text=str(long_text), reason_text="z" * 98
    )

    assert over.status_code == 400
    assert "Avec le texte préparé, vous pouvez ajouter 98 caractères au plus." in over.get_data(
        as_text=True
    )
    assert full.status_code == 400
    assert "Ce texte préparé a déjà la longueur permise" in full.get_data(as_text=True)
    assert fits.status_code == 302
    [decision] = _decisions(session)
    assert len(decision.reason_text) == 1000


def test_past_decisions_keep_the_text_they_sent_when_the_text_changes_or_goes(
    client, session, world
):
    post = _pending(session, world, "a", "Appelez-moi", risk=0.4)
    thread_id = post.thread_id
    h.log_in(client, world["mod_a"])
    _refuse(client, post.id, reason_code="personal_data", prepared_text=str(world["phone"]))

    h.log_in(client, world["president"])
    base = "/moderation/espaces/diabete/textes-prepares"
    client.post(
        f"{base}/{world['phone']}",
        data={"title": "Numéro", "reason_code": "personal_data", "body": "Un tout autre texte."},
    )
    after_edit = _page(h.log_in(client, world["author"]), f"/discussions/{thread_id}")
    h.log_in(client, world["president"])
    client.post(f"{base}/{world['phone']}/supprimer")
    after_delete = _page(h.log_in(client, world["author"]), f"/discussions/{thread_id}")

    [decision] = _decisions(session)
    assert decision.reason_text == PHONE_TEXT
    for page in (after_edit, after_delete):
        assert PHONE_TEXT in page and "Un tout autre texte." not in page
    history = _page(h.log_in(client, world["president"]), f"{base}/historique")
    assert "Un tout autre texte." in history and PHONE_TEXT in history


def test_a_moderator_of_another_space_neither_sees_nor_sends_them(client, session, world):
    theirs = _pending(session, world, "b", "Dans l’autre espace", risk=0.4)
    h.log_in(client, world["mod_b"])

    queue = _page(client, "/moderation/")
    item = _page(client, f"/moderation/messages/{theirs.id}")
    # Their space has no text: no choice at all, and space a's titles nowhere.
    for page in (queue, item):
        assert "Numéro visible" not in page and PHONE_TEXT not in page
        assert f'id="rejet-{theirs.id}-prepared_text"' not in page
    assert client.get("/moderation/espaces/diabete/textes-prepares").status_code == 403
    # A text of space a sent with a refusal in space b is refused, with the reason why.
    sent = _refuse(client, theirs.id, reason_code="other", prepared_text=str(world["phone"]))
    edit = client.post(
        f"/moderation/messages/{theirs.id}/demander-une-modification",
        data={f"modif-{theirs.id}-prepared_text": str(world["edit"])},
    )

    for refused in (sent, edit):
        assert refused.status_code == 400
        assert "Ce texte préparé n’est pas (ou plus) proposé dans cet espace" in html.unescape(
            refused.get_data(as_text=True)
        )
    assert _decisions(session) == []


def test_a_text_deleted_while_the_moderator_decided_is_refused_clearly(client, session, world):
    post = _pending(session, world, "a", "Appelez-moi", risk=0.4)
    canned.delete_text(session, actor=world["president"], space=world["a"], text_id=world["phone"])
    session.commit()
    h.log_in(client, world["mod_a"])

    sent = _refuse(
        client,
        post.id,
        reason_code="personal_data",
        prepared_text=str(world["phone"]),
        reason_text="Mon mot à moi.",
    )

    page = html.unescape(sent.get_data(as_text=True))
    assert sent.status_code == 400
    assert "Ce texte préparé n’est pas (ou plus) proposé dans cet espace" in page
    assert "Mon mot à moi." in page  # what the moderator wrote comes back
    assert _decisions(session) == []
    assert session.get(Post, post.id).status is PostStatus.PENDING


def test_the_posts_own_page_shows_the_texts_to_read_before_choosing(client, session, world):
    post = _pending(session, world, "a", "À décider", risk=0.4)
    h.log_in(client, world["mod_a"])

    page = _page(client, f"/moderation/messages/{post.id}")

    assert "Lire les textes préparés (2)" in page and "Lire les textes préparés (1)" in page
    assert "Numéro visible · Données personnelles</dt>" in page and PHONE_TEXT in page
    assert EDIT_TEXT in page


def test_a_reported_post_is_taken_down_with_a_prepared_text(client, session, world):
    post = _reported(session, world)
    h.log_in(client, world["mod_a"])

    sent = client.post(
        f"/moderation/messages/{post.id}/depublier",
        data={
            f"depublier-{post.id}-reason_code": "",
            f"depublier-{post.id}-prepared_text": str(world["phone"]),
        },
    )

    assert sent.status_code == 302
    [decision] = _decisions(session)
    assert (decision.action, decision.reason_code, decision.reason_text) == (
        DecisionAction.UNPUBLISH,
        "personal_data",
        PHONE_TEXT,
    )


def test_a_bulk_refusal_sends_the_prepared_text_to_each_author(client, session, world):
    posts = [_pending(session, world, "a", f"Numéro {n}", risk=0.3).id for n in range(2)]
    h.log_in(client, world["mod_a"])
    assert 'id="prepared_text"' in _page(client, "/moderation/")

    sent = client.post(
        "/moderation/lot",
        data={
            "post_ids": [str(post_id) for post_id in posts],
            "reject": "1",
            "prepared_text": str(world["phone"]),
            "reason_text": "Merci.",
        },
    )

    assert sent.status_code == 302
    decisions = _decisions(session)
    assert [d.post_id for d in decisions] == posts
    assert {(d.reason_code, d.reason_text) for d in decisions} == {
        ("personal_data", f"{PHONE_TEXT}\n\nMerci.")
    }


def test_a_bulk_refusal_never_sends_a_text_to_another_space(client, session, world):
    forums.grant_space_role(
        session, space=world["b"], member=world["mod_a"], kind=SpaceRoleKind.MODERATOR
    )
    session.commit()
    ours = _pending(session, world, "a", "Ici", risk=0.3).id
    theirs = _pending(session, world, "b", "Ailleurs", risk=0.3).id
    h.log_in(client, world["mod_a"])
    queue = _page(client, "/moderation/")
    bulk = queue[queue.index('id="prepared_text"') :]
    # Several spaces: the texts come grouped by space.
    assert '<optgroup label="Diabete">' in bulk[: bulk.index("</select>")]

    sent = client.post(
        "/moderation/lot",
        data={
            "post_ids": [str(ours), str(theirs)],
            "reject": "1",
            "prepared_text": str(world["phone"]),
        },
    )

    assert sent.status_code == 400
    assert "« Numéro visible » est un texte préparé de l’espace « Diabete »" in html.unescape(
        sent.get_data(as_text=True)
    )
    assert _decisions(session) == []


def test_an_english_moderator_reads_the_choice_in_english(client, session, world):
    world["mod_a"].locale = "en"
    session.commit()
    post = _pending(session, world, "a", "À décider", risk=0.4)
    h.log_in(client, world["mod_a"])

    page = _page(client, f"/moderation/messages/{post.id}")
    refused = _refuse(client, post.id, reason_code="hostile", prepared_text=str(world["phone"]))

    assert "Prepared text" in page and "— None: I write it myself —" in page
    assert "goes with the reason" in html.unescape(refused.get_data(as_text=True))


def test_the_queue_reads_every_spaces_texts_in_one_query(client, session, world, count_queries):
    forums.grant_space_role(
        session, space=world["b"], member=world["mod_a"], kind=SpaceRoleKind.MODERATOR
    )
    canned.add_text(
        session,
        actor=world["president"],
        space=world["b"],
        kind=CannedKind.REFUSAL,
        title="Texte de b",
        body="Le texte de l’espace b.",
    )
    session.commit()
    for number in range(6):
        _pending(session, world, "a" if number % 2 else "b", f"Message {number}", risk=0.3)
    h.log_in(client, world["mod_a"])

    with count_queries() as counter:
        page = _page(client, "/moderation/")

    assert page.count("Texte de b</option>") == 3 + 1  # three posts of b, and the bulk form
    assert page.count("Numéro visible</option>") == 3 + 1
    texts = [s for s in counter.statements if "FROM canned_text" in s]
    assert len(texts) == 1 and counter.count <= 9

"""Prepared texts: the association writes, orders and deletes the texts its moderators
send with a refusal or an edit request, and every change is logged."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from community.accounts.services import delete_account
from community.forums import services as forums
from community.forums.models import SpaceRoleKind
from community.moderation.canned import services as canned
from community.moderation.canned.models import CannedKind, CannedText, CannedTextChange
from tests.forums import helpers as h

URL = "/moderation/espaces/diabete/textes-prepares"
PHONE = {
    "kind": "refusal",
    "title": "Numéro visible",
    "reason_code": "personal_data",
    "body": "Votre message contient un numéro de téléphone.\n\nRetirez-le, puis renvoyez-le.",
}


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    diabete, asthme = h.space(session, "diabete"), h.space(session, "asthme")
    world = {
        "space": diabete,
        "other": asthme,
        "president": h.member(session, "Presidente"),
        "moderator": h.member(session, "Moderatrice"),
        "other_president": h.member(session, "Pneumo-Asso"),
        "site_admin": h.member(session, "Admin", is_site_admin=True),
        "member": h.joined(session, h.member(session, "Camille"), diabete),
    }
    grants = (
        ("president", diabete, SpaceRoleKind.ASSOCIATION_ADMIN),
        ("moderator", diabete, SpaceRoleKind.MODERATOR),
        ("other_president", asthme, SpaceRoleKind.ASSOCIATION_ADMIN),
    )
    for who, space, kind in grants:
        forums.grant_space_role(session, space=space, member=world[who], kind=kind)
    session.commit()
    return world


def _texts(session: Any) -> list[tuple[str, str, str, str | None, int]]:
    h.fresh(session)
    rows = session.scalars(select(CannedText).order_by(CannedText.kind, CannedText.position))
    return [(t.kind, t.title, t.body, t.reason_code, t.position) for t in rows]


def _changes(session: Any) -> list[tuple[str, str, str]]:
    h.fresh(session)
    rows = session.scalars(select(CannedTextChange).order_by(CannedTextChange.id))
    return [(c.action, c.title, c.actor_pseudonym) for c in rows]


def _add(session: Any, world: dict[str, Any], title: str, **kwargs: Any) -> CannedText:
    text = canned.add_text(
        session,
        actor=world["president"],
        space=world["space"],
        kind=kwargs.pop("kind", CannedKind.REFUSAL),
        title=title,
        body=kwargs.pop("body", f"Le texte de « {title} »."),
        **kwargs,
    )
    session.commit()
    return text


def test_the_association_admin_writes_a_refusal_text_and_an_edit_request_text(
    client, session, world
):
    h.log_in(client, world["president"])

    sent = client.post(URL, data=PHONE)
    assert sent.status_code == 302
    client.post(
        URL,
        data={"kind": "edit_request", "title": "  Préciser   la question ", "body": "Précisez."},
    )
    page = client.get(URL).get_data(as_text=True)

    assert "Le texte préparé « Préciser la question » est enregistré." in page
    assert "Numéro visible" in page and "Motif : Données personnelles" in page
    assert _texts(session) == [
        ("edit_request", "Préciser la question", "Précisez.", None, 1),
        (
            "refusal",
            "Numéro visible",
            "Votre message contient un numéro de téléphone.\n\nRetirez-le, puis renvoyez-le.",
            "personal_data",
            1,
        ),
    ]
    assert _changes(session) == [
        ("created", "Numéro visible", "Presidente"),
        ("created", "Préciser la question", "Presidente"),
    ]


def test_she_changes_a_text_and_the_log_keeps_what_it_replaced(client, session, world):
    text = _add(session, world, "Numéro visible", reason_code="personal_data")
    h.log_in(client, world["president"])
    form = client.get(f"{URL}/{text.id}").get_data(as_text=True)
    assert "Le texte de « Numéro visible »." in form

    sent = client.post(
        f"{URL}/{text.id}",
        data={"title": "Téléphone visible", "reason_code": "", "body": "Retirez votre numéro."},
        follow_redirects=True,
    )

    assert "Les décisions déjà prises gardent le texte qu’elles ont envoyé." in sent.get_data(
        as_text=True
    )
    assert _texts(session) == [("refusal", "Téléphone visible", "Retirez votre numéro.", None, 1)]
    change = session.scalars(
        select(CannedTextChange).where(CannedTextChange.action == "edited")
    ).one()
    assert (change.previous_title, change.previous_body, change.previous_reason_code) == (
        "Numéro visible",
        "Le texte de « Numéro visible ».",
        "personal_data",
    )
    # Saving it again unchanged logs nothing.
    client.post(
        f"{URL}/{text.id}",
        data={"title": "Téléphone visible", "reason_code": "", "body": "Retirez votre numéro."},
    )
    assert [action for action, _title, _who in _changes(session)] == ["created", "edited"]


def test_she_orders_the_texts_of_a_kind_without_javascript(client, session, world):
    first, second, third = (_add(session, world, title) for title in ("Un", "Deux", "Trois"))
    _add(session, world, "Autre type", kind=CannedKind.EDIT_REQUEST)
    h.log_in(client, world["president"])

    moved = client.post(f"{URL}/{third.id}/deplacer", data={"direction": "up"})
    assert moved.headers["Location"].endswith(f"#texte-{third.id}")
    client.post(f"{URL}/{first.id}/deplacer", data={"direction": "down"})
    page = client.get(URL).get_data(as_text=True)

    assert "« Un » est descendu d’une place." in page
    assert page.index("<h3>Trois</h3>") < page.index("<h3>Un</h3>") < page.index("<h3>Deux</h3>")
    # The first of a list offers no "up", the last no "down".
    top = page[page.index(f'id="texte-{third.id}"') : page.index(f'id="texte-{first.id}"')]
    assert 'value="down"' in top and 'value="up"' not in top
    last = client.post(f"{URL}/{second.id}/deplacer", data={"direction": "down"})
    told = client.get(last.headers["Location"]).get_data(as_text=True)
    assert "« Deux » est déjà le dernier de sa liste." in told
    sideways = client.post(f"{URL}/{first.id}/deplacer", data={"direction": "sideways"})
    assert sideways.status_code == 400
    assert [(kind, title, place) for kind, title, _b, _r, place in _texts(session)] == [
        ("edit_request", "Autre type", 1),
        ("refusal", "Trois", 1),
        ("refusal", "Un", 2),
        ("refusal", "Deux", 3),
    ]
    moves = [title for action, title, _who in _changes(session) if action == "moved"]
    assert moves == ["Trois", "Un"]


def test_she_deletes_a_text_after_confirming_and_the_log_keeps_it(client, session, world):
    delete = f"{URL}/{_add(session, world, 'Numéro visible', body='Retirez votre numéro.').id}"
    delete += "/supprimer"
    h.log_in(client, world["president"])

    confirm = client.get(delete).get_data(as_text=True)
    assert "Retirez votre numéro." in confirm and "Supprimer « Numéro visible »" in confirm
    assert _texts(session) != []
    page = client.post(delete, follow_redirects=True).get_data(as_text=True)

    assert "Le texte préparé « Numéro visible » est supprimé." in page
    assert _texts(session) == []
    again = client.post(delete, follow_redirects=True)
    assert "Ce texte préparé était déjà supprimé." in again.get_data(as_text=True)
    history = client.get(f"{URL}/historique").get_data(as_text=True)
    assert "Supprimé" in history and "Retirez votre numéro." in history
    assert [action for action, _t, _w in _changes(session)] == ["created", "deleted"]


def test_the_history_reads_newest_first_by_pages(client, session, world):
    for number in range(canned.CHANGES_PAGE_SIZE + 2):
        _add(session, world, f"Texte n°{number:02d}", kind=CannedKind.EDIT_REQUEST)
        if number == canned.TEXTS_MAX - 1:
            for text in session.scalars(select(CannedText)).all():
                canned.delete_text(
                    session, actor=world["president"], space=world["space"], text_id=text.id
                )
            session.commit()
    h.log_in(client, world["president"])

    first = client.get(f"{URL}/historique").get_data(as_text=True)
    older = re.search(r'href="([^"]*historique\?avant=\d+)"', first)
    assert older is not None
    second = client.get(older.group(1)).get_data(as_text=True)

    shown = re.findall(r'id="modification-(\d+)"', first) + re.findall(
        r'id="modification-(\d+)"', second
    )
    assert len(shown) == len(set(shown)) == len(_changes(session))
    assert [int(i) for i in shown] == sorted((int(i) for i in shown), reverse=True)
    assert first.index("Texte n°51") < first.index("Texte n°50")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**PHONE, "title": ""}, "Donnez un titre à ce texte"),
        ({**PHONE, "title": "\u200b\u3164"}, "Donnez un titre à ce texte"),
        ({**PHONE, "title": "x" * 81}, "80 caractères au plus."),
        ({**PHONE, "body": " \u200d "}, "Écrivez le texte que l’auteur recevra."),
        ({**PHONE, "body": "x" * 1001}, "1000 caractères au plus."),
        ({**PHONE, "kind": "suspension"}, "Choisissez : un refus ou une demande de modification."),
        ({**PHONE, "kind": ""}, "Choisissez : un refus ou une demande de modification."),
        ({**PHONE, "reason_code": "spam"}, "Choisissez un motif de la liste."),
        ({**PHONE, "kind": "edit_request"}, "Seul un texte de refus se rattache à un motif."),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_written(client, session, world, data, message):
    h.log_in(client, world["president"])

    sent = client.post(URL, data=data)

    assert sent.status_code == 400
    assert message in sent.get_data(as_text=True)
    assert _texts(session) == [] and _changes(session) == []


def test_two_texts_of_a_kind_cannot_share_a_title_whatever_its_case(client, session, world):
    _add(session, world, "Numéro visible")
    h.log_in(client, world["president"])

    same = client.post(URL, data={**PHONE, "title": "NUMÉRO  visible"})
    other_kind = client.post(
        URL, data={"kind": "edit_request", "title": "Numéro visible", "body": "Retirez-le."}
    )

    assert same.status_code == 400
    assert "Un autre texte du même type porte déjà ce titre" in same.get_data(as_text=True)
    assert other_kind.status_code == 302
    assert len(_texts(session)) == 2


def test_a_space_holds_a_bounded_number_of_texts_of_each_kind(client, session, world):
    for number in range(canned.TEXTS_MAX):
        _add(session, world, f"Texte {number}")
    h.log_in(client, world["president"])

    sent = client.post(URL, data=PHONE)

    assert sent.status_code == 400
    assert "Au plus 30 textes préparés de chaque type par espace" in sent.get_data(as_text=True)
    assert len(_texts(session)) == canned.TEXTS_MAX


def test_a_text_deleted_while_another_admin_changed_it_keeps_what_she_wrote(client, session, world):
    text = _add(session, world, "Numéro visible")
    canned.delete_text(session, actor=world["president"], space=world["space"], text_id=text.id)
    session.commit()
    h.log_in(client, world["president"])

    sent = client.post(
        f"{URL}/{text.id}",
        data={"title": "Téléphone", "reason_code": "personal_data", "body": "Mon texte revu."},
    )

    page = sent.get_data(as_text=True)
    assert sent.status_code == 400
    assert "Ce texte préparé n’existe plus" in page
    assert "Mon texte revu." in page and 'value="Téléphone"' in page
    assert _texts(session) == []


def test_a_moderator_reads_the_texts_but_cannot_change_them(client, session, world):
    text = _add(session, world, "Numéro visible")
    h.log_in(client, world["moderator"])

    page = client.get(URL).get_data(as_text=True)

    assert "Numéro visible" in page and "Le texte de « Numéro visible »." in page
    assert "Seuls les administrateurs de l’association peuvent modifier ces textes." in page
    assert "/supprimer" not in page and "Ajouter ce texte" not in page
    for sent in (
        client.post(URL, data=PHONE),
        client.post(f"{URL}/{text.id}", data=PHONE),
        client.post(f"{URL}/{text.id}/deplacer", data={"direction": "up"}),
        client.post(f"{URL}/{text.id}/supprimer"),
        client.get(f"{URL}/historique"),
    ):
        assert sent.status_code == 403
    assert len(_texts(session)) == 1 and len(_changes(session)) == 1


def test_another_associations_admin_neither_reads_nor_touches_them(client, session, world):
    text = _add(session, world, "Numéro visible")
    h.log_in(client, world["other_president"])

    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}/{text.id}/supprimer").status_code == 403
    # From their own space, the text is not theirs: it does not exist there.
    mine = "/moderation/espaces/asthme/textes-prepares"
    assert client.get(f"{mine}/{text.id}").status_code == 404
    client.post(f"{mine}/{text.id}/supprimer")
    client.post(f"{mine}/{text.id}", data=PHONE)
    assert len(_texts(session)) == 1 and _texts(session)[0][1] == "Numéro visible"


def test_the_site_admin_manages_them_too_and_is_named_in_the_log(client, session, world):
    h.log_in(client, world["site_admin"])

    assert client.post(URL, data=PHONE).status_code == 302

    assert _changes(session) == [("created", "Numéro visible", "Admin")]


def test_a_deleted_admins_changes_stay_under_a_neutral_name(client, session, world):
    _add(session, world, "Numéro visible")

    neutral = delete_account(
        session, member=world["president"], password="correct horse battery", withdraw_posts=True
    )
    session.commit()

    change = session.scalars(select(CannedTextChange)).one()
    assert (change.actor_id, change.actor_pseudonym) == (None, neutral)


def test_the_page_speaks_english_to_an_english_reader(client, session, world):
    world["president"].locale = "en"
    session.commit()
    h.log_in(client, world["president"])

    page = client.get(URL).get_data(as_text=True)
    refused = client.post(URL, data={**PHONE, "title": ""}).get_data(as_text=True)

    assert "Prepared texts: Diabete" in page and "For a refusal" in page
    assert "Give this text a title: moderators choose it by its title." in refused


def test_the_policy_page_and_the_space_administration_lead_to_them(client, session, world):
    h.log_in(client, world["president"])

    for page in ("/moderation/espaces/diabete/politique", "/admin/espaces/diabete"):
        assert 'href="/moderation/espaces/diabete/textes-prepares"' in client.get(page).get_data(
            as_text=True
        )
    journal = client.get("/moderation/espaces/diabete/journal").get_data(as_text=True)
    assert 'href="/moderation/espaces/diabete/textes-prepares/historique"' in journal

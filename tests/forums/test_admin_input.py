"""Administration forms given bad input: a French error next to the field, nothing written."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from community.forums.models import Association, Space, SpaceRole, SpaceRoleKind
from tests.forums.test_admin import build_world, count, log_in, state, text_of

MEGABYTE = "x" * (1024 * 1024)
SLUG_RULE = "L’identifiant s’écrit avec des lettres minuscules sans accent"
REQUIRED = "Ce champ est obligatoire."
UNKNOWN = "Aucun membre ne porte ce pseudonyme."
INVISIBLE = "Ce champ ne contient aucun caractère visible."


def errors_next_to(page, field_id):
    """The error messages shown right under one field."""
    match = re.search(rf'<ul class="errors" id="{field_id}-erreurs">(.*?)</ul>', page, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def world(session):
    return build_world(session)


@pytest.fixture
def site_admin_client(client, world):
    log_in(client, world.site_admin)
    return client


ASSOCIATION = {"association-name": "Association SEP", "association-slug": "sep"}


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"association-slug": "afd"}, "association-slug", "Cet identifiant est déjà pris"),
        ({"association-slug": "SEP"}, "association-slug", SLUG_RULE),
        ({"association-slug": "s"}, "association-slug", SLUG_RULE),
        ({"association-slug": "-sep"}, "association-slug", SLUG_RULE),
        ({"association-slug": "sclérose"}, "association-slug", SLUG_RULE),
        ({"association-slug": "sep\u200e"}, "association-slug", SLUG_RULE),
        ({"association-slug": "sep/../admin"}, "association-slug", SLUG_RULE),
        ({"association-slug": "s" * 81}, "association-slug", SLUG_RULE),
        ({"association-slug": MEGABYTE}, "association-slug", SLUG_RULE),
        ({"association-slug": ""}, "association-slug", REQUIRED),
        ({"association-name": ""}, "association-name", REQUIRED),
        ({"association-name": "   "}, "association-name", REQUIRED),
        ({"association-name": "\x00"}, "association-name", REQUIRED),
        ({"association-name": "\u202e\u2066"}, "association-name", REQUIRED),
        ({"association-name": "\u200b\u200d"}, "association-name", INVISIBLE),
        ({"association-name": MEGABYTE}, "association-name", "160 caractères au maximum."),
        ({"association-description": MEGABYTE}, "association-description", "5000 caractères"),
    ],
)
def test_a_bad_association_is_refused(site_admin_client, session, changes, field_id, message):
    before = state(session)
    response = site_admin_client.post("/admin/associations", data={**ASSOCIATION, **changes})
    assert response.status_code == 400
    assert message in errors_next_to(text_of(response), field_id)
    assert state(session) == before


def test_controls_and_bidi_overrides_are_dropped_from_names(site_admin_client, session):
    site_admin_client.post(
        "/admin/associations",
        data={"association-name": "Asso\x00ciation \u202eSEP", "association-slug": "sep"},
    )
    association = session.scalar(select(Association).where(Association.slug == "sep"))
    assert association.name == "Association SEP"


def test_html_in_a_name_is_shown_as_text(site_admin_client):
    site_admin_client.post(
        "/admin/associations",
        data={"association-name": "<script>alert(1)</script>", "association-slug": "piege"},
    )
    page = text_of(site_admin_client.get("/admin/"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def space_data(world):
    return {
        "space-association": str(world.afd.id),
        "space-name": "Sclérose en plaques",
        "space-slug": "sclerose-en-plaques",
        "space-visibility": "public",
    }


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"space-slug": "diabete-type-1"}, "space-slug", "Cet identifiant est déjà pris"),
        ({"space-slug": "Sclerose"}, "space-slug", SLUG_RULE),
        ({"space-slug": "sclérose"}, "space-slug", SLUG_RULE),
        ({"space-slug": "sep-"}, "space-slug", SLUG_RULE),
        ({"space-slug": "sep plaques"}, "space-slug", SLUG_RULE),
        ({"space-slug": ""}, "space-slug", REQUIRED),
        ({"space-name": ""}, "space-name", REQUIRED),
        ({"space-name": "\x00\u202e"}, "space-name", REQUIRED),
        ({"space-description": MEGABYTE}, "space-description", "5000 caractères"),
        ({"space-rules": MEGABYTE}, "space-rules", "20000 caractères"),
        ({"space-visibility": ""}, "space-visibility", "Choisissez qui peut lire"),
        ({"space-visibility": "secret"}, "space-visibility", "pas un choix valide"),
        ({"space-association": "999"}, "space-association", "pas un choix valide"),
        ({"space-association": "abc"}, "space-association", "Choisissez une association."),
        ({"space-association": ""}, "space-association", "Choisissez une association."),
    ],
)
def test_a_bad_space_is_refused(site_admin_client, session, world, changes, field_id, message):
    before = state(session)
    response = site_admin_client.post("/admin/espaces", data={**space_data(world), **changes})
    assert response.status_code == 400
    shown = errors_next_to(text_of(response), field_id)
    assert shown.strip(), f"no error next to {field_id}"
    assert message in shown
    assert state(session) == before
    assert session.scalar(select(Space).where(Space.slug == "sclerose-en-plaques")) is None


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({"admin-pseudonym": "Personne"}, "admin-pseudonym", UNKNOWN),
        ({"admin-pseudonym": ""}, "admin-pseudonym", REQUIRED),
        ({"admin-pseudonym": "\x00"}, "admin-pseudonym", REQUIRED),
        ({"admin-pseudonym": MEGABYTE}, "admin-pseudonym", UNKNOWN),
        ({"admin-pseudonym": "Fanny"}, "admin-pseudonym", "Ce compte est suspendu"),
    ],
)
def test_naming_an_association_admin_needs_a_known_active_member(
    site_admin_client, session, data, field_id, message
):
    before = state(session)
    response = site_admin_client.post("/admin/espaces/diabete-type-1/administrateurs", data=data)
    assert response.status_code == 400
    assert message in errors_next_to(text_of(response), field_id)
    assert state(session) == before


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        (
            {"moderator-pseudonym": "Personne", "moderator-specialty": "diabétologie"},
            "moderator-pseudonym",
            UNKNOWN,
        ),
        (
            {"moderator-pseudonym": "Camille", "moderator-specialty": ""},
            "moderator-specialty",
            REQUIRED,
        ),
        (
            {"moderator-pseudonym": "Camille", "moderator-specialty": "\u200b"},
            "moderator-specialty",
            INVISIBLE,
        ),
        (
            {"moderator-pseudonym": "Camille", "moderator-specialty": MEGABYTE},
            "moderator-specialty",
            "80 caractères au maximum.",
        ),
        ({"moderator-pseudonym": "", "moderator-specialty": "x"}, "moderator-pseudonym", REQUIRED),
    ],
)
def test_naming_a_moderator_needs_a_member_and_a_specialty(
    client, session, world, data, field_id, message
):
    log_in(client, world.association_admin)
    before = state(session)
    response = client.post("/admin/espaces/diabete-type-1/moderateurs", data=data)
    assert response.status_code == 400
    assert message in errors_next_to(text_of(response), field_id)
    assert state(session) == before


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({"texts-description": MEGABYTE, "texts-rules": "ok"}, "texts-description", "5000"),
        ({"texts-description": "ok", "texts-rules": MEGABYTE}, "texts-rules", "20000"),
    ],
)
def test_space_texts_too_long_are_refused(client, session, world, data, field_id, message):
    log_in(client, world.association_admin)
    before = state(session)
    response = client.post("/admin/espaces/diabete-type-1", data=data)
    assert response.status_code == 400
    assert message in errors_next_to(text_of(response), field_id)
    assert state(session) == before


def test_space_texts_may_be_emptied_and_lose_their_controls(client, session, world):
    log_in(client, world.association_admin)
    client.post(
        "/admin/espaces/diabete-type-1",
        data={"texts-description": "", "texts-rules": "Soyez\x00 \u202ebienveillants."},
    )
    session.refresh(world.diabetes)
    assert (world.diabetes.description, world.diabetes.rules) == ("", "Soyez bienveillants.")


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_every_admin_form_carries_a_csrf_token_and_needs_it(client, session, world):
    log_in(client, world.site_admin)
    for url in ("/admin/", "/admin/espaces/diabete-type-1"):
        page = text_of(client.get(url))
        # Every form that writes; the header's search box is a GET form without a token.
        forms = len(re.findall(r'<form [^>]*method="post"', page))
        assert forms >= 3
        assert len(re.findall(r'name="[a-z-]*csrf_token"', page)) == forms
    confirm = f"/admin/espaces/diabete-type-1/moderateurs/{world.moderator.id}/retirer"
    assert 'csrf_token"' in text_of(client.get(confirm))

    before = state(session)
    response = client.post("/admin/associations", data=ASSOCIATION)
    assert response.status_code == 400
    assert "Le formulaire a expiré" in text_of(response)
    assert client.post(confirm).status_code == 400
    assert state(session) == before
    roles = session.scalars(select(SpaceRole).where(SpaceRole.kind == SpaceRoleKind.MODERATOR))
    assert [r.member_id for r in roles] == [world.moderator.id]
    assert count(session, SpaceRole) == 2

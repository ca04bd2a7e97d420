"""Administration: a site admin sets up associations and spaces; association admins run theirs."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import g
from sqlalchemy import func, select

from community.accounts.models import Member
from community.accounts.services import create_member, suspend_member
from community.forums import queries, services
from community.forums.models import Association, Space, SpaceRole, SpaceRoleKind

PASSWORD = "un mot de passe solide"


def make_member(session, pseudonym, *, site_admin=False):
    return create_member(
        session,
        pseudonym=pseudonym,
        email=f"{pseudonym.lower()}@example.org",
        password=PASSWORD,
        is_site_admin=site_admin,
    )


def log_in(client, member):
    with client.session_transaction() as s:
        s["_user_id"] = member.get_id()
        s["_fresh"] = True
    # The test holds the app context that requests share, so Flask-Login's cached user
    # in `g` would outlive the switch to another member.
    g.pop("_login_user", None)


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def text_of(response):
    return response.get_data(as_text=True)


def build_world(session):
    """Two associations with a space each, and one member per role."""
    site_admin = make_member(session, "Admine", site_admin=True)
    afd = services.create_association(session, name="Fédération des diabétiques", slug="afd")
    endo = services.create_association(session, name="EndoFrance", slug="endofrance")
    diabetes = services.create_space(
        session, association=afd, name="Diabète de type 1", slug="diabete-type-1"
    )
    endometriosis = services.create_space(
        session, association=endo, name="Endométriose", slug="endometriose"
    )
    association_admin = make_member(session, "Eliott")
    services.grant_space_role(
        session, space=diabetes, member=association_admin, kind=SpaceRoleKind.ASSOCIATION_ADMIN
    )
    moderator = make_member(session, "Dominique")
    services.grant_space_role(
        session,
        space=diabetes,
        member=moderator,
        kind=SpaceRoleKind.MODERATOR,
        specialty="diabétologie",
    )
    plain = make_member(session, "Camille")
    # A suspended site admin: suspension wins over every other role.
    suspended = make_member(session, "Fanny", site_admin=True)
    suspend_member(session, member=suspended)
    session.commit()
    return SimpleNamespace(
        site_admin=site_admin,
        association_admin=association_admin,
        moderator=moderator,
        plain=plain,
        suspended=suspended,
        afd=afd,
        diabetes=diabetes,
        endometriosis=endometriosis,
    )


@pytest.fixture
def world(session):
    return build_world(session)


# --- the stories ---------------------------------------------------------------------


def test_a_site_admin_sets_up_a_space_and_its_association_admin_runs_it(client, session, world):
    log_in(client, world.site_admin)
    response = client.post(
        "/admin/associations",
        data={
            "association-name": "Association SEP",
            "association-slug": "sep",
            "association-description": "Sclérose en plaques",
        },
        follow_redirects=True,
    )
    assert "L’association « Association SEP » est créée." in text_of(response)
    association = session.scalar(select(Association).where(Association.slug == "sep"))
    assert association.name == "Association SEP"

    response = client.post(
        "/admin/espaces",
        data={
            "space-association": str(association.id),
            "space-name": "Sclérose en plaques",
            "space-slug": "sclerose-en-plaques",
            "space-description": "Entre personnes vivant avec la SEP.",
            "space-rules": "Bienveillance.",
            "space-visibility": "members",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/espaces/sclerose-en-plaques")
    space = session.scalar(select(Space).where(Space.slug == "sclerose-en-plaques"))
    assert space.members_only and space.association_id == association.id

    response = client.post(
        "/admin/espaces/sclerose-en-plaques/administrateurs",
        data={"admin-pseudonym": "camille"},  # case does not matter
        follow_redirects=True,
    )
    assert "Camille administre l’espace « Sclérose en plaques »" in text_of(response)

    # Camille now runs the space: rules, then a moderator with a specialty.
    log_in(client, world.plain)
    page = client.get("/admin/espaces/sclerose-en-plaques")
    assert page.status_code == 200
    assert "Bienveillance." in text_of(page)
    response = client.post(
        "/admin/espaces/sclerose-en-plaques",
        data={
            "texts-description": "Pour les patients et leurs proches.",
            "texts-rules": "Pas de conseil médical.",
        },
        follow_redirects=True,
    )
    assert "sont enregistrées" in text_of(response)
    session.refresh(space)
    assert (space.description, space.rules) == (
        "Pour les patients et leurs proches.",
        "Pas de conseil médical.",
    )

    response = client.post(
        "/admin/espaces/sclerose-en-plaques/moderateurs",
        data={"moderator-pseudonym": "Dominique", "moderator-specialty": "patiente experte"},
        follow_redirects=True,
    )
    page = text_of(response)
    assert "Dominique modère l’espace « Sclérose en plaques » (patiente experte)." in page
    assert "<strong>Dominique</strong> — patiente experte" in page
    roles = queries.space_roles(session, space=space)
    assert {(r.member.pseudonym, r.kind, r.specialty) for r in roles} == {
        ("Camille", SpaceRoleKind.ASSOCIATION_ADMIN, ""),
        ("Dominique", SpaceRoleKind.MODERATOR, "patiente experte"),
    }


def test_the_dashboard_lists_associations_and_their_spaces(client, world):
    log_in(client, world.site_admin)
    page = text_of(client.get("/admin/"))
    assert "Fédération des diabétiques" in page and "EndoFrance" in page
    assert 'href="/admin/espaces/diabete-type-1"' in page
    assert 'name="association-csrf_token"' in page or "csrf_token" in page


def test_the_space_page_shows_moderators_and_admins_with_specialties(client, world):
    log_in(client, world.association_admin)
    page = text_of(client.get("/admin/espaces/diabete-type-1"))
    assert "<strong>Dominique</strong> — diabétologie" in page
    assert "<strong>Eliott</strong>" in page
    # Only a site admin names or removes association admins.
    assert "/administrateurs" not in page


def test_removing_a_moderator_asks_first_then_removes(client, session, world):
    log_in(client, world.association_admin)
    url = f"/admin/espaces/diabete-type-1/moderateurs/{world.moderator.id}/retirer"
    page = client.get(url)
    assert page.status_code == 200
    assert "Dominique ne modérera plus l’espace « Diabète de type 1 »" in text_of(page)
    assert queries.space_role(
        session, space=world.diabetes, member_id=world.moderator.id, kind=SpaceRoleKind.MODERATOR
    )

    response = client.post(url, follow_redirects=True)
    assert "Dominique ne modère plus cet espace." in text_of(response)
    assert not queries.space_role(
        session, space=world.diabetes, member_id=world.moderator.id, kind=SpaceRoleKind.MODERATOR
    )
    assert client.get(url).status_code == 404


def test_a_site_admin_removes_an_association_admin(client, session, world):
    log_in(client, world.site_admin)
    url = f"/admin/espaces/diabete-type-1/administrateurs/{world.association_admin.id}/retirer"
    assert "n’administrera plus" in text_of(client.get(url))
    response = client.post(url, follow_redirects=True)
    assert "Eliott n’administre plus cet espace." in text_of(response)
    log_in(client, world.association_admin)
    assert client.get("/admin/espaces/diabete-type-1").status_code == 403


def test_naming_a_moderator_again_changes_the_specialty(client, session, world):
    log_in(client, world.site_admin)
    client.post(
        "/admin/espaces/diabete-type-1/moderateurs",
        data={"moderator-pseudonym": "Dominique", "moderator-specialty": "infirmière"},
    )
    role = queries.space_role(
        session, space=world.diabetes, member_id=world.moderator.id, kind=SpaceRoleKind.MODERATOR
    )
    assert role.specialty == "infirmière"
    assert count(session, SpaceRole) == 2


# --- who may do what -------------------------------------------------------------------


def admin_routes(world):
    """Every administration route, with a request that would change something."""
    a, b = "diabete-type-1", "endometriose"
    moderator, admin = world.moderator.id, world.association_admin.id
    return [
        ("GET", "/admin/", None),
        ("POST", "/admin/associations", {"association-name": "X", "association-slug": "xx"}),
        (
            "POST",
            "/admin/espaces",
            {
                "space-association": str(world.afd.id),
                "space-name": "X",
                "space-slug": "xx",
                "space-visibility": "public",
            },
        ),
        ("GET", "/admin/membres", None),
        (
            "POST",
            "/admin/membres/suspendre",
            {
                "suspension-pseudonym": "Camille",
                "suspension-rule": "hostile",
                "suspension-facts": "Des insultes.",
                "suspension-duration": "7",
            },
        ),
        ("POST", "/admin/membres/reactiver", {"reactivation-pseudonym": "Fanny"}),
        ("GET", "/admin/journal", None),
        ("GET", f"/admin/espaces/{a}", None),
        ("POST", f"/admin/espaces/{a}", {"texts-description": "X", "texts-rules": "X"}),
        (
            "POST",
            f"/admin/espaces/{a}/moderateurs",
            {"moderator-pseudonym": "Camille", "moderator-specialty": "X"},
        ),
        ("POST", f"/admin/espaces/{a}/administrateurs", {"admin-pseudonym": "Camille"}),
        ("GET", f"/admin/espaces/{a}/moderateurs/{moderator}/retirer", None),
        ("POST", f"/admin/espaces/{a}/moderateurs/{moderator}/retirer", {}),
        ("GET", f"/admin/espaces/{a}/administrateurs/{admin}/retirer", None),
        ("POST", f"/admin/espaces/{a}/administrateurs/{admin}/retirer", {}),
        ("GET", f"/admin/espaces/{b}", None),
        ("POST", f"/admin/espaces/{b}", {"texts-description": "X", "texts-rules": "X"}),
        (
            "POST",
            f"/admin/espaces/{b}/moderateurs",
            {"moderator-pseudonym": "Camille", "moderator-specialty": "X"},
        ),
    ]


SITE_ROUTES = {
    "/admin/",
    "/admin/associations",
    "/admin/espaces",
    "/admin/membres",
    "/admin/membres/suspendre",
    "/admin/membres/reactiver",
    "/admin/journal",
}


def state(session):
    """Everything an administration request could change."""
    session.expire_all()
    spaces = session.execute(select(Space.slug, Space.description, Space.rules)).all()
    roles = session.execute(select(SpaceRole.member_id, SpaceRole.space_id, SpaceRole.kind)).all()
    statuses = session.execute(select(Member.id, Member.status)).all()
    return (count(session, Association), sorted(spaces), sorted(roles), sorted(statuses))


@pytest.mark.parametrize("who", ["plain", "moderator", "suspended"])
def test_members_without_a_role_get_403_everywhere(client, session, world, who):
    log_in(client, getattr(world, who))
    before = state(session)
    for method, url, data in admin_routes(world):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, (method, url)
    assert state(session) == before


def test_anonymous_visitors_are_sent_to_log_in(client, session, world):
    before = state(session)
    for method, url, data in admin_routes(world):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 302, (method, url)
        assert "/connexion" in response.headers["Location"], (method, url)
    assert state(session) == before


def test_an_association_admin_runs_their_space_only(client, session, world):
    log_in(client, world.association_admin)
    before = state(session)
    for method, url, data in admin_routes(world):
        own_space = url.startswith("/admin/espaces/diabete-type-1")
        if own_space and "/administrateurs" not in url:
            continue
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, (method, url)
    assert state(session) == before


def test_a_site_admin_reaches_every_route(client, world):
    log_in(client, world.site_admin)
    for method, url, _data in admin_routes(world):
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_an_unknown_space_is_404(client, world):
    log_in(client, world.site_admin)
    assert client.get("/admin/espaces/nulle-part").status_code == 404
    assert client.get("/admin/espaces/diabete-type-1/moderateurs/999/retirer").status_code == 404


def test_admin_pages_need_a_fixed_number_of_queries(client, session, world, count_queries):
    def queries(url):
        session.expire_all()
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    log_in(client, world.site_admin)
    small = (queries("/admin/"), queries("/admin/espaces/diabete-type-1"))
    for n in range(12):
        association = services.create_association(session, name=f"Asso {n}", slug=f"asso-{n}")
        services.create_space(session, association=association, name=f"Espace {n}", slug=f"e-{n}")
        member = make_member(session, f"Membre{n}")
        services.grant_space_role(
            session,
            space=world.diabetes,
            member=member,
            kind=SpaceRoleKind.MODERATOR,
            specialty="pair aidant",
        )
    session.commit()
    assert (queries("/admin/"), queries("/admin/espaces/diabete-type-1")) == small
    assert small[0] <= 4 and small[1] <= 6

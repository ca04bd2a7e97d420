"""A visitor trying the demo finds lively French spaces, moderators, and an account to use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from community.accounts.models import Member
from community.accounts.pseudonyms import pseudonym_problem
from community.accounts.services import check_password, find_by_pseudonym
from community.demo import (
    APPEAL_DECIDERS,
    DEMO_PASSWORD,
    EDIT_ADDITION,
    ESCALATION,
    JOIN_REQUEST,
    MEMBERS,
    MODERATORS,
    NOTIFIED_EDIT,
    NOTIFIED_MEMBER,
    REPORTS,
    SITE_ADMIN,
    TRUSTED_MEMBER,
    appeal_lines,
    login_lines,
)
from community.demo.cast import SPACES
from community.demo.prepared import PREPARED_TEXTS
from community.extensions import db
from community.forums.models import (
    Association,
    Post,
    PostStatus,
    Space,
    SpaceRole,
    SpaceRoleKind,
    SpaceVisibility,
    Thread,
)
from community.kernel.clock import utcnow
from community.moderation.canned.models import CannedText
from community.moderation.models import DecisionAction, ModerationDecision
from tests.conftest import FreshContextClient, app_for, make_config, rolled_back


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One seeded database for the whole module: seeding takes seconds, reading does not.

    The module's tests share one transaction, rolled back after the last of them.
    """
    folder = Path(tmp_path_factory.mktemp("demo"))
    config = make_config(SEARCH_BACKEND="whoosh", SEARCH_INDEX_DIR=str(folder / "search"))
    with app_for(config) as app, app.app_context():
        result = app.test_cli_runner().invoke(args=["demo", "--no-migrate"])
        assert result.exit_code == 0, result.output
        yield app


def count(statement) -> int:
    return db.session.scalar(statement) or 0


def posts(status: PostStatus) -> int:
    return count(select(func.count()).select_from(Post).where(Post.status == status))


def test_three_associations_run_five_spaces_one_of_them_private(demo_app):
    assert count(select(func.count()).select_from(Association)) == 3
    spaces = db.session.scalars(select(Space)).all()
    assert {s.name for s in spaces} >= {
        "Diabète de type 1",
        "Diabète de type 2",
        "Endométriose",
        "Sclérose en plaques",
    }
    assert len(spaces) == 5
    assert [s.name for s in spaces if s.visibility is SpaceVisibility.MEMBERS] == [
        "Maladies rares — espace privé"
    ]
    names = db.session.scalars(select(Association.name)).all()
    assert all("fictive" in name for name in names)


def test_about_thirty_members_with_a_site_admin(demo_app):
    assert 30 <= count(select(func.count()).select_from(Member)) <= 40
    admins = db.session.scalars(select(Member.pseudonym).where(Member.is_site_admin)).all()
    assert admins == [SITE_ADMIN]


def test_every_space_has_an_association_admin_and_specialist_moderators(demo_app):
    for space in db.session.scalars(select(Space)):
        roles = db.session.scalars(select(SpaceRole).where(SpaceRole.space_id == space.id)).all()
        kinds = [r.kind for r in roles]
        assert SpaceRoleKind.ASSOCIATION_ADMIN in kinds, space.name
        moderators = [r for r in roles if r.kind is SpaceRoleKind.MODERATOR]
        assert moderators and all(r.specialty for r in moderators), space.name
    specialties = set(db.session.scalars(select(SpaceRole.specialty)))
    assert {"diabétologie", "gynécologie", "neurologie", "patiente experte"} <= specialties


def test_about_a_thousand_posts_are_published_and_a_few_wait_for_moderation(demo_app):
    assert posts(PostStatus.PUBLISHED) >= 900
    assert 5 <= posts(PostStatus.PENDING) <= 15
    published_threads = select(func.count()).select_from(Thread)
    assert 90 <= count(published_threads.where(Thread.status == PostStatus.PUBLISHED)) <= 110
    assert count(published_threads.where(Thread.status == PostStatus.PENDING)) == 1


def test_posts_were_published_through_the_service_so_every_counter_agrees(demo_app):
    published = select(func.count()).select_from(Post).where(Post.status == PostStatus.PUBLISHED)
    for space in db.session.scalars(select(Space)):
        in_space = published.join(Thread).where(
            Thread.space_id == space.id, Thread.status == PostStatus.PUBLISHED
        )
        assert space.post_count == count(in_space), space.name
        assert space.thread_count == count(
            select(func.count())
            .select_from(Thread)
            .where(Thread.space_id == space.id, Thread.status == PostStatus.PUBLISHED)
        )
    for thread in db.session.scalars(select(Thread)):
        assert thread.post_count == count(published.where(Post.thread_id == thread.id))
    unstamped = (
        select(func.count())
        .select_from(Post)
        .where(Post.status == PostStatus.PUBLISHED, Post.published_at.is_(None))
    )
    assert count(unstamped) == 0


def test_the_conversation_spreads_over_months_and_never_in_the_future(demo_app):
    now = utcnow()
    oldest = db.session.scalar(select(func.min(Post.created_at)))
    newest = db.session.scalar(select(func.max(Post.published_at)))
    assert oldest < now - timedelta(days=90)
    assert now - timedelta(days=7) < newest <= now
    for thread in db.session.scalars(select(Thread).where(Thread.status == PostStatus.PUBLISHED)):
        latest = db.session.scalar(
            select(func.max(Post.published_at)).where(Post.thread_id == thread.id)
        )
        assert thread.last_activity_at == latest
        assert thread.created_at <= latest


def test_posts_vary_in_length_and_use_some_markdown(demo_app):
    bodies = db.session.scalars(select(Post.body_html)).all()
    lengths = sorted(len(b) for b in bodies)
    assert lengths[len(lengths) // 10] * 3 < lengths[-len(lengths) // 10]
    assert any("<ul>" in b for b in bodies)
    assert any("<strong>" in b for b in bodies)


def test_demo_pseudonyms_are_ones_a_member_could_choose(demo_app):
    for pseudonym in [p for p, _ in MEMBERS] + [p for p, _, _ in MODERATORS]:
        assert pseudonym_problem(pseudonym) is None, pseudonym


def test_a_demo_member_logs_in_with_the_shared_password(demo_app):
    client = demo_app.test_client()

    wrong = client.post("/connexion", data={"login": "Camille_T1", "password": "pas-le-bon"})
    assert wrong.status_code == 200
    response = client.post("/connexion", data={"login": "Camille_T1", "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert client.get("/compte").status_code == 200
    assert check_password(find_by_pseudonym(db.session, "Dre Aubrac"), DEMO_PASSWORD)


def test_the_printed_log_ins_name_every_demo_account(demo_app):
    printed = "\n".join(login_lines())
    assert DEMO_PASSWORD in printed
    for pseudonym in db.session.scalars(select(Member.pseudonym)):
        assert pseudonym in printed


# --- what the moderators, the association and a member find waiting -------------------


def page_as(app: Flask, pseudonym: str, url: str) -> str:
    """The page as this demo account sees it, logged in through the form."""
    app.test_client_class = FreshContextClient
    client = app.test_client()
    response = client.post("/connexion", data={"login": pseudonym, "password": DEMO_PASSWORD})
    assert response.status_code == 302, pseudonym
    page = client.get(url)
    assert page.status_code == 200, url
    return page.get_data(as_text=True)


def test_a_diabetes_moderator_finds_two_reports_an_edit_and_a_post_handed_over(demo_app):
    queue = page_as(demo_app, "Dre Aubrac", "/moderation/")

    assert "Message signalé" in queue
    assert "Signalements ouverts : 2" in queue
    assert "information médicale dangereuse" in queue
    assert REPORTS[1][2][:40] in queue
    assert "Modification d’un message publié" in queue
    assert "Texte proposé" in queue
    assert "Mise à jour :" in EDIT_ADDITION and "Mise à jour :" in queue
    assert f"Transmis à Hélène-Horizon par {ESCALATION[0]}" in queue


def test_the_association_admin_is_told_of_the_post_handed_to_her(demo_app):
    handed = page_as(demo_app, "Hélène-Horizon", "/moderation/?transmis=1")

    assert "Notifications (1)" in handed
    assert "cure naturelle" in handed
    assert ESCALATION[1][:30] in handed
    assert handed.count('class="moderation-item"') == 1


def test_a_member_waits_for_the_private_spaces_moderators_to_let_her_in(demo_app):
    slug, requester, words = JOIN_REQUEST
    space = f"/espaces/{slug}"

    waiting = page_as(demo_app, requester, space)
    assert "Votre demande pour rejoindre l’espace est envoyée" in waiting
    assert "Les discussions de cet espace sont réservées à ses membres." in waiting

    deciders = page_as(demo_app, "Dre Sorel", f"{space}/demandes")
    assert requester in deciders and words[:40] in deciders
    assert "Un membre demande à rejoindre" in page_as(demo_app, "Bruno-Myéline", "/notifications/")


def test_the_audit_log_holds_weeks_of_decisions_all_in_the_past(demo_app):
    decisions = db.session.scalars(select(ModerationDecision)).all()
    actions = {d.action for d in decisions}
    assert {
        DecisionAction.APPROVE,
        DecisionAction.REJECT,
        DecisionAction.REQUEST_EDIT,
        DecisionAction.ESCALATE,
    } <= actions
    assert 40 <= sum(d.action is DecisionAction.APPROVE for d in decisions) <= 60
    assert all(d.created_at < utcnow() for d in decisions)
    assert min(d.created_at for d in decisions) < utcnow() - timedelta(days=14)
    judged = [d for d in decisions if d.action is not DecisionAction.ESCALATE]
    assert all(d.scores for d in judged), "the demo's model scored what was decided"

    journal = page_as(demo_app, "Hélène-Horizon", "/moderation/espaces/diabete-type-1/journal")
    assert "Dre Aubrac" in journal or "Olivier T1" in journal
    assert "Données personnelles" in journal


def test_the_calibration_page_compares_scores_with_decisions(demo_app):
    page = page_as(demo_app, "Hélène-Horizon", "/moderation/espaces/diabete-type-1/calibration")

    assert "décisions comparées" in page
    assert "Pas encore de décision" not in page
    assert "aucun message noté" not in page


def test_the_demos_spaces_publish_their_transparency_page(demo_app):
    demo_app.test_client_class = FreshContextClient
    client = demo_app.test_client()
    with demo_app.app_context():
        slugs = list(db.session.scalars(select(Space.slug)))
    for slug in slugs:
        page = client.get(f"/espaces/{slug}/transparence")
        assert page.status_code == 200, slug
        assert "Aperçu" not in page.get_data(as_text=True)
    site = client.get("/transparence").get_data(as_text=True)
    assert all(f"/espaces/{slug}/transparence" in site for slug in slugs)
    # Weeks of decisions in the first space: some figures reach the minimum.
    figures = client.get("/espaces/diabete-type-1/transparence.csv").get_data(as_text=True)
    assert any(
        line.split(",")[-1].isdigit() and int(line.split(",")[-1]) >= 5
        for line in figures.splitlines()[1:]
    )


def test_the_first_space_watches_two_words_and_trusts_one_member(demo_app):
    words = page_as(
        demo_app, "Hélène-Horizon", "/moderation/espaces/diabete-type-1/mots-surveilles"
    )
    assert "cure naturelle" in words and "guéri*" in words
    trusted = page_as(
        demo_app, "Hélène-Horizon", "/moderation/espaces/diabete-type-1/membres-de-confiance"
    )
    assert TRUSTED_MEMBER in trusted


def test_every_demo_space_has_prepared_texts_a_moderator_picks_from(demo_app):
    per_space = db.session.execute(
        select(Space.slug, func.count(CannedText.id))
        .join(CannedText, CannedText.space_id == Space.id)
        .group_by(Space.slug)
    ).all()
    assert {slug for slug, _count in per_space} == {space.slug for space in SPACES}
    assert {count for _slug, count in per_space} == {len(PREPARED_TEXTS)}

    queue = page_as(demo_app, "Olivier T1", "/moderation/")
    assert "Texte préparé" in queue and "Numéro, adresse ou nom visible</option>" in queue
    texts = page_as(
        demo_app, "Hélène-Horizon", "/moderation/espaces/diabete-type-1/textes-prepares"
    )
    assert "Arrêt d’un traitement conseillé" in texts and "Préciser la question" in texts
    assert "Ajouter ce texte" in texts


def test_a_demo_member_logs_in_to_two_unread_notifications(demo_app):
    page = page_as(demo_app, NOTIFIED_MEMBER, "/notifications/")

    assert "Notifications (2)" in page
    assert "Votre message a été refusé par un modérateur." in page
    assert "Publicité ou démarchage" in page
    assert NOTIFIED_EDIT[1][:40] in page


def client_as(app: Flask, pseudonym: str) -> FlaskClient:
    """A browser logged in as this demo account, through the form."""
    app.test_client_class = FreshContextClient
    client = app.test_client()
    response = client.post("/connexion", data={"login": pseudonym, "password": DEMO_PASSWORD})
    assert response.status_code == 302, pseudonym
    return client


def test_a_refused_demo_author_contests_and_a_second_moderator_decides(demo_app):
    refused_by, decider = APPEAL_DECIDERS
    printed = "\n".join(appeal_lines(NOTIFIED_MEMBER, refused_by, decider))
    assert NOTIFIED_MEMBER in printed and decider in printed and refused_by in printed
    with rolled_back(demo_app):
        author = client_as(demo_app, NOTIFIED_MEMBER)
        notices = author.get("/notifications/").get_data(as_text=True)
        assert "La règle appliquée" in notices and "Contester la décision" in notices
        camille = find_by_pseudonym(db.session, NOTIFIED_MEMBER)
        refusal = db.session.scalars(
            select(ModerationDecision)
            .join(Post, Post.id == ModerationDecision.post_id)
            .where(Post.author_id == camille.id, ModerationDecision.action == DecisionAction.REJECT)
        ).one()
        assert refusal.moderator_pseudonym == refused_by
        url = f"/decisions/{refusal.id}/contester"
        assert f'href="{url}"' in notices
        sent = author.post(url, data={"message": "Je donnais ces capteurs, je ne les vendais pas."})
        assert sent.status_code == 302

        first = client_as(demo_app, refused_by).get("/moderation/contestations/")
        assert "Vous êtes concerné par cette décision" in first.get_data(as_text=True)
        second = client_as(demo_app, decider)
        tab = second.get("/moderation/contestations/").get_data(as_text=True)
        [appeal_id] = re.findall(r"/moderation/contestations/(\d+)/decider", tab)
        decided = second.post(
            f"/moderation/contestations/{appeal_id}/decider",
            data={
                f"contestation-{appeal_id}-outcome": "upheld",
                f"contestation-{appeal_id}-reasons": "Même à prix coûtant : interdit.",
            },
        )
        assert decided.status_code == 302
        told = author.get("/notifications/").get_data(as_text=True)
        assert "la décision est maintenue" in told and "Même à prix coûtant : interdit." in told


# --- self data ---------------------------------------------------------------------------


def test_demo_members_share_data_cards_and_one_was_withdrawn(demo_app):
    from community.selfdata.models import CardAudience, CardView, DataCard, DataWithdrawal

    cards = db.session.scalars(select(DataCard).order_by(DataCard.id)).all()
    assert [(c.owner.pseudonym, c.post is not None and c.post.status) for c in cards] == [
        ("Camille_T1", PostStatus.PUBLISHED),
        ("Lucas.Glyc", PostStatus.PENDING),
        ("Lila", PostStatus.PUBLISHED),
    ]
    assert cards[2].audience is CardAudience.MODERATORS
    assert count(select(func.count()).select_from(DataWithdrawal)) == 1
    assert count(select(func.count()).select_from(CardView)) >= 3


def test_a_member_sees_camilles_card_and_camille_sees_who_did(demo_app):
    from community.selfdata.models import DataCard, DataWithdrawal

    camille = find_by_pseudonym(db.session, "Camille_T1")
    card = db.session.scalars(select(DataCard).where(DataCard.owner_id == camille.id)).one()
    thread_page = page_as(demo_app, "Théo-rando", f"/discussions/{card.post.thread_id}")
    assert 'class="data-card"' in thread_page and "30–39 ans" in thread_page
    withdrawn = db.session.scalars(select(DataWithdrawal)).one()
    ines_thread = db.session.get(Post, withdrawn.post_id).thread_id
    assert "Données retirées par leur auteur" in page_as(
        demo_app, "Théo-rando", f"/discussions/{ines_thread}"
    )

    seen = page_as(demo_app, "Camille_T1", "/donnees/cartes/qui-a-vu")
    assert "Théo-rando" in seen and "Lucas.Glyc" in seen and "Dre Aubrac" in seen
    assert "Glycémie" in page_as(demo_app, "Camille_T1", "/donnees/mesures")


def test_lilas_card_for_the_moderators_is_shown_to_them_only(demo_app):
    from community.selfdata.models import DataCard

    lila = find_by_pseudonym(db.session, "Lila")
    card = db.session.scalars(select(DataCard).where(DataCard.owner_id == lila.id)).one()
    url = f"/discussions/{card.post.thread_id}"
    assert 'class="data-card"' in page_as(demo_app, "Dr Kervella", url)
    member_page = page_as(demo_app, "Nadia_endo", url)
    assert 'class="data-card"' not in member_page
    assert "réservée aux modérateurs" in member_page


# --- search -----------------------------------------------------------------------------


def search_as(app: Flask, query: str) -> str:
    app.test_client_class = FreshContextClient
    page = app.test_client().get("/recherche", query_string={"q": query})
    assert page.status_code == 200, query
    return page.get_data(as_text=True)


def test_a_visitor_finds_demo_posts_whatever_the_accents_and_plurals(demo_app):
    for typed in ("diabete", "Diabète", "capteurs", "capteur", "glycemies"):
        page = search_as(demo_app, typed)
        assert "<mark" in page, typed
        assert "Maladies rares" not in page  # members only: not for a visitor


def test_running_the_demo_again_rebuilds_a_missing_index(demo_app):
    import shutil

    shutil.rmtree(demo_app.config["SEARCH_INDEX_DIR"])
    demo_app.extensions["search"] = type(demo_app.extensions["search"]).for_app(demo_app)
    assert "<mark" not in search_as(demo_app, "diabete")

    result = demo_app.test_cli_runner().invoke(args=["demo", "--no-migrate"])

    assert "Index de recherche construit" in result.output
    assert "<mark" in search_as(demo_app, "diabete")

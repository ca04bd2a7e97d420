"""A member downloads everything the site holds about them: one ZIP of readable pages and
JSON, built at once for a small account and by the worker for a large one, theirs alone,
kept a few days, each download counted."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts import exports
from community.accounts.models import ExportStatus, Member, MemberExport
from community.accounts.services import delete_account
from community.forums import services as forums
from community.forums.models import Post, SpaceRoleKind
from community.kernel.clock import utcnow
from community.moderation.appeals import services as appeals
from community.moderation.queue import services as moderation
from community.moderation.reports.services import report_post
from community.moderation.suspensions import services as suspensions
from community.notifications.models import Notification, NotificationKind
from community.pages.mydata.archive import JSON_NAME, shown
from community.pages.mydata.jobs import build_exports_once
from community.pages.mydata.labels import FIELD_LABELS
from community.pages.mydata.sections import SECTIONS, vault_rows
from community.permissions import Role
from community.selfdata import access_log, store
from community.selfdata.crypto import KeyRing
from community.selfdata.models import DataCard
from community.selfdata.records import Diagnosis, Precision, Treatment
from tests.forums import helpers as h
from tests.selfdata.card_helpers import K_FOR_TESTS, post_with_card

pytestmark = pytest.mark.config(SELFDATA_K_ANONYMITY=K_FOR_TESTS)

PAGE = "/compte/mes-donnees"
PASSWORD = "correct horse battery"


def camilles_world(app: Flask, session: Session, *, locale: str = "fr") -> dict[str, Any]:
    """Camille wrote a thread (Sam answered), edited it, had a reply refused and contested
    it, reported one of Sam's posts, keeps a vault with a card on a post that Lea saw,
    and moderates a second space, where she approved Lea's post."""
    diabetes = h.space(session, "diabete", rules="Pas de conseils de traitement.")
    other = h.space(session, "thyroide")
    camille = h.member(session, "Camille", locale=locale)
    sam = h.member(session, "Sam")
    lea = h.joined(session, h.member(session, "Lea"), diabetes)
    doctor = h.member(session, "DrMartin")
    forums.grant_space_role(session, space=diabetes, member=doctor, kind=SpaceRoleKind.MODERATOR)
    forums.grant_space_role(
        session, space=other, member=camille, kind=SpaceRoleKind.MODERATOR, specialty="patiente"
    )
    thread, opening = h.thread(
        session, camille, diabetes, title="Pompe ou stylos", body="Mon avis **franc**."
    )
    forums.edit_post(session, author=camille, post=opening, body="Mon avis, nuancé.")
    moderation.approve(session, moderator=doctor, post=opening)
    answer = h.reply(session, sam, thread, "Les stylos, pour moi.")
    refused = h.reply(session, camille, thread, "Tu n’y connais rien.", published=False)
    refusal = moderation.reject(
        session,
        moderator=doctor,
        post=refused,
        reason_code="hostile",
        reason_text="Merci de rester courtois.",
    )
    appeals.submit_appeal(session, member=camille, decision=refusal, message="J’étais énervée.")
    report_post(
        session, reporter=camille, post=answer, reason_code="advertising", reason_text="Pub."
    )
    with app.test_request_context():
        card, card_post, _card_thread = post_with_card(session, camille, diabetes)
    access_log.record_view(session, card=card, viewer=lea, role=Role.SPACE_MEMBER)
    _t, leas = h.thread(session, h.joined(session, lea, other), other, published=False)
    moderation.approve(session, moderator=camille, post=leas)
    session.commit()
    return {
        "camille": camille,
        "camille_id": camille.id,
        "sam": sam,
        "lea": lea,
        "opening": opening,
        "refused": refused,
        "answer": answer,
        "card": card,
        "card_post": card_post,
    }


def ask(client: FlaskClient) -> Any:
    return client.post(PAGE, follow_redirects=True)


def latest(session: Session, member_id: int) -> MemberExport:
    session.expire_all()
    export = session.scalar(
        select(MemberExport)
        .where(MemberExport.member_id == member_id)
        .order_by(MemberExport.id.desc())
    )
    assert export is not None
    return export


def unzip(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        folder = names[0].split("/")[0]
        assert all(name.startswith(folder + "/") for name in names)
        return {name.split("/", 1)[1]: archive.read(name) for name in names}


def all_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in all_keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in all_keys(item)}
    return set()


def test_a_member_downloads_everything_and_finds_each_section(app, client, session):
    world = camilles_world(app, session)
    h.log_in(client, world["camille"])

    page = client.get(PAGE).get_data(as_text=True)
    assert "Vous n’avez pas encore demandé d’archive." in page
    assert "Mes messages</strong> (3)" in page  # the thread, the refused reply, the card's post
    ready = ask(client).get_data(as_text=True)
    assert "Votre archive est prête" in ready
    export = latest(session, world["camille_id"])
    assert export.status is ExportStatus.READY
    download = client.get(f"{PAGE}/{export.id}/archive.zip")

    assert download.status_code == 200
    assert download.mimetype == "application/zip"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    assert download.headers["Cache-Control"] == "private, no-store"
    files = unzip(download.data)
    expected = {"index.html", JSON_NAME, "coffre.csv", "coffre.json"}
    assert set(files) == expected | {f"{section.name}.html" for section in SECTIONS}
    document = json.loads(files[JSON_NAME])
    assert document["format"] == "communaute-patients/mes-donnees"
    data = document["sections"]
    assert list(data) == [section.name for section in SECTIONS]

    assert data["account"] == [
        {
            **data["account"][0],
            "pseudonym": "Camille",
            "email": "camille@example.org",
            "status": "active",
        }
    ]
    assert {row["space"] for row in data["spaces"]} == {"Diabete", "Thyroide"}
    (thyroid,) = (row for row in data["spaces"] if row["space"] == "Thyroide")
    assert thyroid["roles"][0]["role"] == "moderator" and thyroid["roles"][0]["specialty"]
    posts = {row["id"]: row for row in data["posts"]}
    opening = posts[world["opening"].id]
    assert opening["opens_thread"] is True and opening["status"] == "published"
    assert opening["text"] == "Mon avis, nuancé."
    # Every version, oldest first: the first text, then the edit a moderator accepted.
    assert [version["text"] for version in opening["history"]] == [
        "Mon avis **franc**.",
        "Mon avis, nuancé.",
    ]
    assert opening["link"].endswith(f"#message-{world['opening'].id}")
    refused = posts[world["refused"].id]
    assert refused["status"] == "rejected" and refused["opens_thread"] is False
    (decision,) = refused["decisions"]
    assert decision["decision"] == "reject" and decision["reason"] == "hostile"
    assert decision["moderator_text"] == "Merci de rester courtois."
    assert decision["statement"]["space_rules"] == "Pas de conseils de traitement."
    assert decision["statement"]["automated"] == "not_scored"
    assert "DrMartin" not in files[JSON_NAME].decode()  # who decided is not the author's data
    (appeal,) = data["appeals"]
    assert appeal["message"] == "J’étais énervée." and appeal["status"] == "pending"
    (report,) = data["reports"]
    assert report["post_id"] == world["answer"].id and report["reason"] == "advertising"
    assert "Sam" not in json.dumps(data["reports"])  # the post, not its author
    kinds = [row["what"] for row in data["notifications"]]
    assert kinds.count("post_rejected") == 1 and "edit_approved" in kinds
    (decided,) = data["moderation"]
    assert decided["decision"] == "approve" and decided["space"] == "Thyroide"
    assert data["vault_profile"] == [{"birth_year": 1981, "sex": "F"}]
    assert {row["category"] for row in data["vault"]} == {"measurement", "symptom"}
    (card,) = data["cards"]
    assert card["post_id"] == world["card_post"].id and card["snapshot"]["series"]
    (seen,) = data["card_views"]
    assert seen["viewer"] == "Lea" and seen["viewer_role"] == "space_member"

    index = files["index.html"].decode()
    assert '<html lang="fr">' in index
    for section in SECTIONS:
        assert f'href="{section.name}.html"' in index
        assert str(section.title) in files[f"{section.name}.html"].decode()
    posts_page = files["posts.html"].decode()
    assert "Mon avis, nuancé." in posts_page and "Mon avis **franc**." in posts_page
    assert "refusé" in posts_page and "Merci de rester courtois." in posts_page
    assert "Charte du site, « Le respect »" in posts_page  # the statement's rule, in words
    assert "<script" not in posts_page
    cards_page = files["cards.html"].decode()
    assert "<svg" in cards_page and "Carte de données anonymisée" in cards_page
    assert "Lea" in files["card_views.html"].decode()
    assert files["coffre.csv"].startswith("\ufefftype;".encode())


def test_a_suspended_member_finds_the_decision_about_their_account_and_why(app, client, session):
    world = camilles_world(app, session)
    admin = h.member(session, "Admin", is_site_admin=True)
    until = utcnow() + timedelta(days=10)
    suspensions.suspend(
        session,
        admin=admin,
        member=world["camille"],
        rule="hostile",
        facts="Des insultes.",
        until=until,
    )
    session.commit()
    h.log_in(client, world["camille"])

    ask(client)  # a suspended member still reads, and downloads what is theirs
    export = latest(session, world["camille_id"])
    files = unzip(client.get(f"{PAGE}/{export.id}/archive.zip").data)

    (suspension,) = json.loads(files[JSON_NAME])["sections"]["account_decisions"]
    assert suspension["decision"] == "suspend" and suspension["reason"] == "hostile"
    assert suspension["moderator_text"] == "Des insultes."
    assert suspension["statement"]["suspended_until"].startswith(until.date().isoformat())
    page = files["account_decisions.html"].decode()
    assert "Compte suspendu" in page and "Suspendu jusqu’au" in page
    assert "Admin" not in page


def test_every_field_of_every_section_has_words_on_the_pages(app, client, session):
    world = camilles_world(app, session)
    h.log_in(client, world["camille"])
    ask(client)
    export = latest(session, world["camille_id"])
    files = unzip(client.get(f"{PAGE}/{export.id}/archive.zip").data)
    data = json.loads(files[JSON_NAME])["sections"]
    # A card's snapshot is drawn as the card itself (its own format), not field by field.
    card_snapshot_keys = all_keys([row["snapshot"] for row in data["cards"]])
    for row in data["cards"]:
        row["snapshot"] = {}

    keys = all_keys(list(data.values()))

    assert keys - set(FIELD_LABELS) == set()
    # …and no page shows a bare key where a label should be.
    for name in keys - card_snapshot_keys:
        for section in SECTIONS:
            assert f"<dt>{name}</dt>" not in files[f"{section.name}.html"].decode()


def test_an_english_member_gets_english_pages(app, client, session):
    world = camilles_world(app, session, locale="en")
    h.log_in(client, world["camille"])
    ask(client)
    export = latest(session, world["camille_id"])

    download = client.get(f"{PAGE}/{export.id}/archive.zip")

    assert download.headers["Content-Disposition"].startswith('attachment; filename="my-data-')
    files = unzip(download.data)
    index = files["index.html"].decode()
    assert '<html lang="en">' in index and "All my data" in index
    posts_page = files["posts.html"].decode()
    assert "My posts" in posts_page and "refused" in posts_page
    assert json.loads(files[JSON_NAME])["language"] == "en"


def test_another_member_cannot_fetch_it_nor_a_visitor(app, client, session):
    world = camilles_world(app, session)
    h.log_in(client, world["camille"])
    ask(client)
    export = latest(session, world["camille_id"])
    url = f"{PAGE}/{export.id}/archive.zip"

    h.log_in(client, world["sam"])
    assert client.get(url).status_code == 404
    assert "Vous n’avez pas encore demandé d’archive." in client.get(PAGE).get_data(as_text=True)
    h.log_out(client)
    assert client.get(url).status_code == 302  # to the log-in page
    assert latest(session, world["camille_id"]).downloads == 0


def test_the_archive_is_sealed_at_rest(app, client, session):
    world = camilles_world(app, session)
    h.log_in(client, world["camille"])
    ask(client)

    export = latest(session, world["camille_id"])

    assert export.sealed is not None
    assert b"PK" not in export.sealed[:4] and b"Camille" not in export.sealed
    opened = KeyRing([app.config["SELFDATA_KEYS"].encode()]).open_bytes(export.sealed)
    assert len(opened) == export.size_bytes


def test_each_download_is_counted_after_the_page_and_shown_to_its_owner(app, client, session):
    world = camilles_world(app, session)
    h.log_in(client, world["camille"])
    ask(client)
    export = latest(session, world["camille_id"])

    for _ in range(2):
        assert client.get(f"{PAGE}/{export.id}/archive.zip").status_code == 200

    counted = latest(session, world["camille_id"])
    assert counted.downloads == 2 and counted.last_downloaded_at is not None
    assert "Téléchargée 2 fois" in client.get(PAGE).get_data(as_text=True)


@pytest.mark.config(MEMBER_EXPORT_INLINE_ROWS=0)
def test_a_large_account_is_built_by_the_worker_and_told_in_the_app(app, client, session):
    world = camilles_world(app, session)
    h.log_in(client, world["camille"])

    asked = ask(client).get_data(as_text=True)

    assert "Votre archive est en préparation." in asked
    assert latest(session, world["camille_id"]).status is ExportStatus.PENDING
    again = ask(client).get_data(as_text=True)
    assert "Votre archive est déjà en préparation" in again
    assert session.scalars(select(MemberExport)).all().__len__() == 1

    run = build_exports_once(app)

    assert run.built == 1
    export = latest(session, world["camille_id"])
    assert export.status is ExportStatus.READY
    notification = session.scalar(
        select(Notification).where(
            Notification.member_id == world["camille_id"],
            Notification.kind == NotificationKind.EXPORT_READY,
        )
    )
    assert notification is not None and notification.post_id is None
    notices = client.get("/notifications/").get_data(as_text=True)
    assert "L’archive de vos données est prête." in notices
    assert "Voir la page « Mes données »" in notices
    opened = client.post(f"/notifications/{notification.id}/ouvrir")
    assert opened.status_code == 303 and opened.headers["Location"] == PAGE
    files = unzip(client.get(f"{PAGE}/{export.id}/archive.zip").data)
    # Built outside any request, the links still lead to the site.
    opening = next(
        row
        for row in json.loads(files[JSON_NAME])["sections"]["posts"]
        if row["id"] == world["opening"].id
    )
    assert opening["link"].startswith("http://localhost/discussions/")


def test_an_archive_expires_and_a_new_one_replaces_it(app, client, session):
    world = camilles_world(app, session)
    h.log_in(client, world["camille"])
    ask(client)
    first = latest(session, world["camille_id"])
    first.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()

    assert build_exports_once(app).expired == 1

    gone = client.get(f"{PAGE}/{first.id}/archive.zip")
    assert gone.status_code == 410
    assert "Cette archive n’est plus disponible" in gone.get_data(as_text=True)
    assert latest(session, world["camille_id"]).sealed is None
    assert "a été effacée" in client.get(PAGE).get_data(as_text=True)
    ask(client)
    second = latest(session, world["camille_id"])
    assert second.id != first.id and second.status is ExportStatus.READY
    ask(client)  # a newer one empties the one before
    session.expire_all()
    replaced = session.get(MemberExport, second.id)
    assert replaced.status is ExportStatus.EXPIRED and replaced.sealed is None


@pytest.mark.config(MEMBER_EXPORT_INLINE_ROWS=0)
def test_an_archive_that_cannot_be_built_is_given_up_and_its_owner_told(app, client, session):
    world = camilles_world(app, session)
    # A card sealed with a key this site no longer has: nothing can read it.
    card = session.get(DataCard, world["card"].id)
    card.sealed = KeyRing([b"ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleWZha2U="]).seal({"v": 1})
    session.commit()
    h.log_in(client, world["camille"])
    ask(client)

    for _attempt in range(exports.MAX_ATTEMPTS):
        assert build_exports_once(app).failed == 1

    export = latest(session, world["camille_id"])
    assert export.status is ExportStatus.FAILED and export.sealed is None
    assert build_exports_once(app).failed == 0  # given up: not tried again
    notices = client.get("/notifications/").get_data(as_text=True)
    assert "n’a pas pu être préparée" in notices
    assert "Demandez-en une nouvelle." in client.get(PAGE).get_data(as_text=True)


def test_a_small_archive_that_cannot_be_read_is_explained_and_nothing_changes(app, client, session):
    world = camilles_world(app, session)
    h.log_in(client, world["camille"])
    ask(client)
    before = latest(session, world["camille_id"])
    card = session.get(DataCard, world["card"].id)
    card.sealed = KeyRing([b"ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleWZha2U="]).seal({"v": 1})
    session.commit()

    refused = client.post(PAGE, follow_redirects=True)

    assert refused.status_code == 200
    assert "Votre archive n’a pas pu être préparée" in refused.get_data(as_text=True)
    # The archive before is still there, and still downloadable.
    assert latest(session, world["camille_id"]).id == before.id
    assert client.get(f"{PAGE}/{before.id}/archive.zip").status_code == 200


def test_deleting_the_account_deletes_its_archives(app, client, session):
    world = camilles_world(app, session)
    h.log_in(client, world["camille"])
    ask(client)
    camille = session.get(Member, world["camille_id"])

    delete_account(session, member=camille, password=PASSWORD, withdraw_posts=False)
    session.commit()

    assert session.scalars(select(MemberExport)).all() == []
    assert session.get(Post, world["opening"].id) is not None


def test_the_archive_gives_a_condition_or_treatment_known_by_its_month_no_day(
    app: Flask, session: Session
) -> None:
    owner = h.member(session, "Camille")
    store.add_record(
        session,
        owner=owner,
        record=Diagnosis("Asthme", date(1998, 1, 1), precision=Precision.YEAR),
    )
    store.add_record(
        session,
        owner=owner,
        record=Treatment("Ventoline", date(2019, 3, 1), start_precision=Precision.MONTH),
    )

    asthma, ventoline = vault_rows(session, owner)

    assert (asthma["name"], asthma["start"], asthma["stop"]) == ("Asthme", "1998", None)
    assert (ventoline["start"], ventoline["stop"]) == ("2019-03", None)
    with app.test_request_context():
        assert shown(ventoline["start"]) == "2019-03"

"""A member imports a file: upload, preview, confirm; a bad file imports nothing at all."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from community.kernel.clock import utcnow
from community.selfdata import imports, store
from community.selfdata.importers.csv_file import parse_csv
from community.selfdata.models import PendingImport, VaultEntry
from community.selfdata.records import Category
from tests.forums.helpers import log_in, member

FILES = Path(__file__).parent / "files"
UPLOAD = "/donnees/importer/"
PARIS = ZoneInfo("Europe/Paris")


def send(client, data: bytes, filename: str = "donnees.csv"):
    return client.post(
        UPLOAD,
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def pending_id_in(page: str) -> int:
    match = re.search(r"/donnees/importer/(\d+)/confirmer", page)
    assert match, "no confirm button on the page"
    return int(match.group(1))


def vault_size(session) -> int:
    return session.scalar(select(func.count()).select_from(VaultEntry))


def pending_count(session) -> int:
    return session.scalar(select(func.count()).select_from(PendingImport))


@pytest.fixture
def alice(session):
    alice = member(session, "Alice")
    session.commit()
    return alice


def test_a_member_previews_then_confirms_a_csv_file_and_finds_it_in_her_vault(
    app, client, session, alice
):
    log_in(client, alice)

    preview = send(client, (FILES / "mesures.csv").read_bytes(), "mesures.csv")

    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Importer ces 14 données" in page
    assert "Mesures : 10" in page and "Traitements : 1" in page
    assert "Metformine" in page and "Débit de pointe" in page
    assert preview.headers["Cache-Control"] == "private, no-store"
    assert vault_size(session) == 0  # nothing before the member confirms

    confirmed = client.post(f"{UPLOAD}{pending_id_in(page)}/confirmer")

    assert confirmed.status_code == 303
    followed = client.get(confirmed.headers["Location"])
    assert "14 données importées dans votre coffre." in followed.get_data(as_text=True)
    kept = [stored.record for stored in store.records(session, owner=alice)]
    with app.test_request_context():
        limits = imports.import_limits()
        parsed = parse_csv((FILES / "mesures.csv").read_bytes(), limits=limits, zone=PARIS)
    assert sorted(kept, key=repr) == sorted(parsed.records, key=repr)
    assert pending_count(session) == 0


def test_a_fhir_bundle_is_imported_the_same_way(client, session, alice):
    log_in(client, alice)

    page = send(client, (FILES / "bundle.json").read_bytes(), "export.json").get_data(as_text=True)

    assert "Importer ces 8 données" in page
    assert "Ignoré, jamais importé : 1 Patient." in page
    assert "Dupont" not in page
    client.post(f"{UPLOAD}{pending_id_in(page)}/confirmer")
    by_category = {
        category: len(store.records(session, owner=alice, category=category))
        for category in Category
    }
    assert by_category == {
        Category.MEASUREMENT: 4,
        Category.TREATMENT: 1,
        Category.SYMPTOM: 1,
        Category.LAB: 2,
    }


def test_a_long_file_shows_its_first_fifty_rows_and_imports_them_all(client, session, alice):
    log_in(client, alice)
    rows = "".join(f"mesure;{day:02d}/03/2024;poids;{60 + day};kg\n" for day in range(1, 31))
    data = ("type;date;série;valeur;unité\n" + rows + rows.replace("/03/", "/04/")).encode()

    page = send(client, data).get_data(as_text=True)
    client.post(f"{UPLOAD}{pending_id_in(page)}/confirmer")

    assert "Les 50 premières données sur 60" in page
    assert page.count('<td data-label="Genre">Mesures</td>') == 50
    assert vault_size(session) == 60


def test_a_file_with_a_rejected_row_lists_it_and_cannot_be_confirmed(client, session, alice):
    log_in(client, alice)

    response = send(client, (FILES / "unite_inconnue.csv").read_bytes())

    page = response.get_data(as_text=True)
    assert "Corrigez ces lignes puis envoyez à nouveau le fichier : rien n’a été importé." in page
    assert "unité inconnue « mmol » pour la glycémie (attendu : mg/dL, mmol/L, g/L)" in page
    assert "confirmer" not in page
    assert pending_count(session) == 0
    assert vault_size(session) == 0


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        ((FILES / "tabulations.csv").read_bytes(), "a.csv", "tabulations"),
        ((FILES / "sans_entete.csv").read_bytes(), "a.csv", "La première ligne doit nommer"),
        ((FILES / "colonne_inconnue.csv").read_bytes(), "a.csv", "Colonnes inconnues"),
        ((FILES / "latin1.csv").read_bytes(), "a.csv", "Enregistrez le fichier en UTF-8"),
        ("type;date\n".encode("utf-16"), "a.csv", "Enregistrez le fichier en UTF-8"),
        (bytes(range(256)), "a.csv", "Enregistrez le fichier en UTF-8"),
        (b"", "a.csv", "Ce fichier est vide"),
        (b'{"resourceType": "Bundle",', "a.json", "pas du JSON valide (ligne 1, colonne 27)"),
        (b"[" * 10_000 + b"]" * 10_000, "a.json", "trop imbriqué"),
        (b'{"resourceType": "Patient"}', "a.json", "pas un Bundle FHIR"),
    ],
    ids=[
        "tab",
        "no header",
        "unknown column",
        "latin-1",
        "utf-16",
        "binary",
        "empty",
        "invalid json",
        "deep json",
        "not a bundle",
    ],
)
def test_a_malformed_file_gets_a_clear_french_message_and_imports_nothing(
    client, session, alice, data, filename, message
):
    log_in(client, alice)

    response = send(client, data, filename)

    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert pending_count(session) == 0
    assert vault_size(session) == 0


def test_formula_cells_are_listed_and_nothing_is_imported(client, session, alice):
    log_in(client, alice)

    page = send(client, (FILES / "formules.csv").read_bytes()).get_data(as_text=True)

    assert page.count("une formule de tableur est refusée") == 4
    assert "HYPERLINK" not in page  # the reason names the column, not the formula
    assert pending_count(session) == 0


@pytest.mark.config(SELFDATA_IMPORT_MAX_BYTES=1000, SELFDATA_IMPORT_MAX_ROWS=3)
def test_too_large_a_file_or_too_many_rows_is_refused(client, session, alice):
    log_in(client, alice)
    rows = "type;date;série;valeur;unité\n" + "mesure;12/03/2024;poids;70;kg\n" * 4

    too_large = send(client, b"x" * 1001)
    too_many = send(client, rows.encode())

    assert "trop volumineux" in too_large.get_data(as_text=True)
    assert "plus de 3 lignes" in too_many.get_data(as_text=True)
    assert pending_count(session) == 0


def test_a_request_over_the_site_limit_gets_a_french_page_not_a_crash(client, alice):
    log_in(client, alice)

    # Sent as a raw body: the test client would spool an encoded form to a temporary file.
    response = client.post(
        UPLOAD, data=b"x" * (3 * 1024 * 1024), content_type="multipart/form-data; boundary=x"
    )

    assert response.status_code == 413
    assert "Découpez-le en plusieurs fichiers" in response.get_data(as_text=True)


def test_no_file_sends_the_form_back(client, alice):
    log_in(client, alice)

    response = client.post(UPLOAD, data={}, content_type="multipart/form-data")

    assert response.status_code == 400
    assert "Choisissez un fichier à envoyer." in response.get_data(as_text=True)


def test_another_members_pending_import_cannot_be_confirmed(client, session, alice):
    bruno = member(session, "Bruno")
    session.commit()
    log_in(client, alice)
    pending = pending_id_in(
        send(client, (FILES / "mesures.csv").read_bytes()).get_data(as_text=True)
    )

    log_in(client, bruno)
    response = client.post(f"{UPLOAD}{pending}/confirmer")

    assert response.status_code == 404
    assert "rien de plus n’a été importé" in response.get_data(as_text=True)
    assert vault_size(session) == 0
    assert pending_count(session) == 1


def test_confirming_twice_imports_once(client, session, alice):
    log_in(client, alice)
    pending = pending_id_in(
        send(client, (FILES / "mesures.csv").read_bytes()).get_data(as_text=True)
    )

    first = client.post(f"{UPLOAD}{pending}/confirmer")
    second = client.post(f"{UPLOAD}{pending}/confirmer")

    assert (first.status_code, second.status_code) == (303, 404)
    assert vault_size(session) == 14


def test_two_files_previewed_in_two_tabs_each_import_their_own_records(client, session, alice):
    log_in(client, alice)
    csv_page = send(client, (FILES / "mesures.csv").read_bytes()).get_data(as_text=True)
    fhir_page = send(client, (FILES / "bundle.json").read_bytes(), "export.json")

    client.post(f"{UPLOAD}{pending_id_in(csv_page)}/confirmer")

    assert vault_size(session) == 14
    assert client.post(f"{UPLOAD}{pending_id_in(fhir_page.get_data(as_text=True))}/confirmer")
    assert vault_size(session) == 14 + 8


def test_an_import_left_unconfirmed_expires_and_is_purged(client, session, alice):
    log_in(client, alice)
    pending = pending_id_in(
        send(client, (FILES / "mesures.csv").read_bytes()).get_data(as_text=True)
    )
    session.get(PendingImport, pending).created_at = utcnow() - timedelta(hours=2)
    session.commit()

    assert client.post(f"{UPLOAD}{pending}/confirmer").status_code == 404
    assert imports.purge_pending(session, older_than=utcnow() - timedelta(hours=1)) == 1
    assert pending_count(session) == 0


def test_pending_records_are_sealed_not_in_clear(client, session, alice):
    log_in(client, alice)
    pending = pending_id_in(
        send(client, (FILES / "mesures.csv").read_bytes()).get_data(as_text=True)
    )

    sealed = session.get(PendingImport, pending).sealed

    assert b"Metformine" not in sealed and b"Fatigue" not in sealed


def test_the_upload_page_documents_the_columns_and_offers_an_example(client, alice):
    log_in(client, alice)

    page = client.get(UPLOAD).get_data(as_text=True)
    example = client.get("/donnees/importer/exemple.csv")

    assert "intensité" in page and "Télécharger un fichier d’exemple" in page
    assert example.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in example.headers["Content-Disposition"]
    assert example.data.startswith(b"\xef\xbb\xbftype;date;heure;")


def test_an_english_reader_gets_the_preview_and_reasons_in_english(client, alice):
    log_in(client, alice)
    client.set_cookie("lang", "en")

    form = client.get(UPLOAD).get_data(as_text=True)
    preview = send(client, (FILES / "unite_inconnue.csv").read_bytes()).get_data(as_text=True)

    assert "Download an example file" in form
    assert "unknown unit “mmol” for blood glucose (expected: mg/dL, mmol/L, g/L)" in preview
    assert "Correct these lines and send the file again: nothing was imported." in preview

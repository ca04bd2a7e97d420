"""A member imports a file: upload, preview, confirm; a bad file imports nothing at all."""

from __future__ import annotations

import io
import json
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
from community.selfdata.records import Category, Precision
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


def send_large(client, data: bytes, filename: str):
    """A file sent as a raw multipart body: the test client would spool a large encoded
    form to a temporary file it never closes."""
    boundary = "limite-de-test"
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return client.post(UPLOAD, data=body, content_type=f"multipart/form-data; boundary={boundary}")


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
    assert "Ce qui est laissé de côté" in page
    assert "votre fiche d’identité, avec vos nom et adresse" in page
    assert "Dupont" not in page
    client.post(f"{UPLOAD}{pending_id_in(page)}/confirmer")
    by_category = {
        category: len(store.records(session, owner=alice, category=category))
        for category in Category
    }
    assert by_category == {
        Category.MEASUREMENT: 4,
        Category.TREATMENT: 1,
        Category.SYMPTOM: 0,
        Category.LAB: 2,
        Category.CONDITION: 1,
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


def test_a_file_with_a_refused_line_offers_the_member_the_choice(client, session, alice):
    log_in(client, alice)

    response = send(client, (FILES / "unite_inconnue.csv").read_bytes())

    page = response.get_data(as_text=True)
    assert "1 ligne refusée." in page and "1 ligne est lisible." in page
    assert "unité inconnue « mmol » pour la glycémie (attendu : mg/dL, mmol/L, g/L)" in page
    assert "C’est vous qui choisissez" in page
    assert "Importer la donnée lisible, sans les lignes refusées" in page
    assert "Ne rien importer" in page
    assert "Télécharger la ligne refusée, pour la corriger" in page
    assert pending_count(session) == 1
    assert vault_size(session) == 0  # nothing until the member chooses


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
        (b'{"resourceType": "Patient"}', "a.json", "pas un dossier médical au format FHIR"),
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


def test_formula_cells_are_listed_and_come_back_harmless_in_the_refused_lines(
    client, session, alice
):
    log_in(client, alice)

    page = send(client, (FILES / "formules.csv").read_bytes()).get_data(as_text=True)
    link = re.search(r'href="(/donnees/importer/\d+/lignes-refusees\.csv)"', page)
    assert link, "no link to the refused lines"
    refused = client.get(link.group(1))

    assert page.count("une formule de tableur est refusée") == 4
    assert "HYPERLINK" not in page  # the reason names the column, not the formula
    assert "Aucune ligne de ce fichier n’est lisible : rien ne peut être importé." in page
    assert "/confirmer" not in page
    lines = refused.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "type;date;nom;intensité;note;raison du refus"
    # A spreadsheet shows these cells as text: none starts with what it would run.
    cells = [cell for line in lines[1:] for cell in line.split(";")]
    assert not any(cell.lstrip('"').startswith(("=", "+", "@", "-")) for cell in cells)
    assert "'=HYPERLINK" in refused.data.decode("utf-8-sig")


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
    assert client.post(f"{UPLOAD}{pending}/abandonner").status_code == 404
    assert client.get(f"{UPLOAD}{pending}/lignes-refusees.csv").status_code == 404
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


def test_the_upload_page_speaks_plainly_and_says_its_limit_and_why(client, alice):
    log_in(client, alice)

    page = client.get(UPLOAD).get_data(as_text=True)

    assert "Un fichier fait au plus 4 Mo et 5000 lignes" in page
    assert "ralentirait le site pour tous les membres" in page
    assert "Un dossier médical complet fait souvent autour de 1 Mo." in page
    assert "l’aide pas à pas, avec des exemples" in page
    for jargon in ("UTF-8", "Bundle", "MedicationStatement", "Observation"):
        assert jargon not in page


def test_the_help_explains_a_csv_file_and_offers_an_example_per_source(app, client, alice):
    log_in(client, alice)

    page = client.get(f"{UPLOAD}aide").get_data(as_text=True)

    assert "Un fichier « CSV » est un tableau enregistré comme du texte" in page
    assert "Les dates sont lues jour d’abord, à la française : 03/04/2024 est le 3 avril." in page
    for title in (
        "Un lecteur de glycémie",
        "Un tableau que vous tenez vous-même",
        "Une application de santé ou une montre",
    ):
        assert title in page
    for name in ("lecteur-glycemie", "tableur", "application-sante", "complet"):
        example = client.get(f"{UPLOAD}exemples/{name}.csv")
        assert example.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in example.headers["Content-Disposition"]
        with app.test_request_context():
            parsed = parse_csv(example.data, limits=imports.import_limits(), zone=PARIS)
        assert parsed.rejected == [] and parsed.records, name
    assert client.get(f"{UPLOAD}exemples/inconnu.csv").status_code == 404
    assert client.get(f"{UPLOAD}exemple.csv").data.startswith(b"\xef\xbb\xbftype;date;heure;")


def test_an_english_reader_gets_the_preview_and_reasons_in_english(client, alice):
    log_in(client, alice)
    client.set_cookie("lang", "en")

    form = client.get(UPLOAD).get_data(as_text=True)
    preview = send(client, (FILES / "unite_inconnue.csv").read_bytes()).get_data(as_text=True)

    help_page = client.get(f"{UPLOAD}aide").get_data(as_text=True)

    assert "step-by-step help, with examples" in form
    assert "A file is at most 4 MB and 5000 lines" in form
    assert "unknown unit “mmol” for blood glucose (expected: mg/dL, mmol/L, g/L)" in preview
    assert "It is your choice:" in preview
    assert "Import the readable entry, without the refused lines" in preview
    assert "Import nothing" in preview
    assert "Dates are read day first, the French way: 03/04/2024 is the 3rd of April." in help_page
    assert "A glucose meter" in help_page


# --- the member's choice after the preview ------------------------------------------------

MIXED = (
    "type;date;série;valeur;unité\n"
    "mesure;13/03/2024;poids;70;kg\n"
    "mesure;14/03/2024;glycémie;1,32;\n"
    "mesure;15/03/2024;poids;70,5;kg\n"
    "mesure;03/25/2024;poids;71;kg\n"
).encode()


def test_a_member_imports_the_readable_lines_then_fixes_and_sends_the_refused_ones(
    client, session, alice
):
    log_in(client, alice)
    page = send(client, MIXED).get_data(as_text=True)
    pending = pending_id_in(page)

    confirmed = client.post(f"{UPLOAD}{pending}/confirmer")

    assert confirmed.status_code == 303
    assert confirmed.headers["Location"] == f"{UPLOAD}{pending}/fait"
    done = client.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert "2 données importées dans votre coffre." in done
    assert "2 lignes refusées n’ont pas été importées." in done
    assert vault_size(session) == 2
    refused = client.get(f"{UPLOAD}{pending}/lignes-refusees.csv")
    assert refused.headers["Content-Disposition"] == "attachment; filename=lignes-refusees.csv"
    text = refused.data.decode("utf-8-sig")
    assert text.splitlines() == [
        "type;date;série;valeur;unité;raison du refus",
        "mesure;14/03/2024;glycémie;1,32;;l’unité manque pour la glycémie (attendu : mg/dL, "
        "mmol/L, g/L)",
        # A reason with a ";" in it is quoted, as CSV wants.
        'mesure;03/25/2024;poids;71;kg;"date impossible « 03/25/2024 » : les dates sont lues '
        'jour d’abord (jour/mois/année), à la française ; écrivez 25/03/2024"',
    ]

    fixed = text.replace("1,32;;", "1,32;g/L;").replace("03/25/2024", "25/03/2024")
    again = send(client, fixed.encode("utf-8-sig"), "lignes-refusees.csv").get_data(as_text=True)
    client.post(f"{UPLOAD}{pending_id_in(again)}/confirmer")

    assert vault_size(session) == 4
    assert client.post(f"{UPLOAD}{pending}/confirmer").status_code == 404  # once only


def test_a_member_who_chooses_to_import_nothing_finds_her_vault_unchanged(client, session, alice):
    log_in(client, alice)
    pending = pending_id_in(send(client, MIXED).get_data(as_text=True))

    discarded = client.post(f"{UPLOAD}{pending}/abandonner")

    assert discarded.status_code == 303
    page = client.get(discarded.headers["Location"]).get_data(as_text=True)
    assert "Rien n’a été importé : votre coffre n’a pas changé." in page
    assert vault_size(session) == 0
    assert pending_count(session) == 0
    assert client.post(f"{UPLOAD}{pending}/confirmer").status_code == 404
    assert client.get(f"{UPLOAD}{pending}/lignes-refusees.csv").status_code == 404


def test_refused_lines_are_sealed_and_go_with_the_purge(client, session, alice):
    log_in(client, alice)
    pending = pending_id_in(send(client, MIXED).get_data(as_text=True))
    client.post(f"{UPLOAD}{pending}/confirmer")
    row = session.get(PendingImport, pending)
    session.refresh(row)

    assert row.confirmed_at is not None and row.rejected_count == 2
    assert b"03/25/2024" not in row.rejected_sealed
    row.created_at = utcnow() - timedelta(hours=2)
    session.commit()
    assert client.get(f"{UPLOAD}{pending}/fait").status_code == 404
    assert imports.purge_pending(session, older_than=utcnow() - timedelta(hours=1)) == 1


def test_a_synthea_patient_is_imported_with_its_conditions_and_what_is_left_out_listed(
    client, session, alice
):
    log_in(client, alice)
    data = (FILES / "synthea" / "patient.json").read_bytes()

    page = send(client, data, "Lindsay928_Gerlach374.json").get_data(as_text=True)

    assert "Importer ces 13 données" in page
    assert "Maladies et diagnostics : 3" in page
    assert "remboursements" in page and "(ExplanationOfBenefit)" in page
    assert "vaccinations" in page and "(Immunization)" in page
    client.post(f"{UPLOAD}{pending_id_in(page)}/confirmer")
    assert [d.name for d in store.diagnoses(session, owner=alice)] == [
        "Prediabetes",
        "Anemia",
        "Acute viral pharyngitis",
    ]
    vault = client.get("/donnees/maladies").get_data(as_text=True)
    assert "Prediabetes" in vault and "depuis : 2 janv. 1979" in vault


def test_a_bundle_of_three_megabytes_is_read_under_the_limit(client, session, alice):
    log_in(client, alice)
    bundle = json.loads((FILES / "synthea" / "patient.json").read_bytes())
    entries = bundle["entry"]
    claims = [e for e in entries if e["resource"]["resourceType"] == "ExplanationOfBenefit"]
    while len(json.dumps(bundle)) < 3 * 1024 * 1024:
        entries.extend(claims * 50)

    page = send_large(client, json.dumps(bundle).encode(), "dossier.json").get_data(as_text=True)

    assert "Importer ces 13 données" in page


def test_partial_dates_are_shown_as_known_and_kept(client, session, alice):
    log_in(client, alice)
    data = (
        "type;date;nom;fin\n"
        "maladie;03/2019;Diabète de type 2;\n"
        "traitement;2019;Metformine;2021-06\n"
    ).encode()

    page = send(client, data).get_data(as_text=True)
    client.post(f"{UPLOAD}{pending_id_in(page)}/confirmer")

    assert "depuis mars 2019" in page
    assert "2019 → juin 2021" in page
    entries = session.scalars(select(VaultEntry).order_by(VaultEntry.id)).all()
    assert [e.date_precision for e in entries] == [Precision.MONTH, Precision.YEAR]
    exported = client.get("/donnees/export.csv").data.decode("utf-8-sig")
    assert "maladie;2019-03;;;Diabète de type 2" in exported
    assert "traitement;2019;;;Metformine;;;;;2021-06" in exported


def test_a_file_over_the_limit_is_refused_saying_the_limit(client, session, alice):
    log_in(client, alice)
    just_over = b"x" * (4 * 1024 * 1024 + 1)
    far_over = b"x" * (5 * 1024 * 1024)

    over = send_large(client, just_over, "dossier.json")
    way_over = send_large(client, far_over, "dossier.json")

    assert over.status_code == 400
    assert "Ce fichier est trop volumineux (4 Mo au plus)." in over.get_data(as_text=True)
    assert way_over.status_code == 413
    assert "Ce fichier est trop volumineux : 4 Mo au plus." in way_over.get_data(as_text=True)
    assert pending_count(session) == 0

"""The issue's whole story through the pages, as people would click it, with k = 5.

A member imports a FHIR file, builds an anonymized card after a preview, attaches it to a
reply; a moderator approves the reply; another member sees the card; its owner sees that
member in "qui a vu mes données"; one click withdraws it everywhere.
"""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

from sqlalchemy import func, select

from community.forums import services
from community.forums.models import SpaceRoleKind
from community.kernel.clock import utcnow
from community.selfdata import store
from community.selfdata.models import DataCard
from community.selfdata.records import Profile, Sex
from tests.forums.helpers import fresh, joined, log_in, member, space, thread


def glucose_bundle(days: int) -> bytes:
    """A FHIR R4 Bundle: the patient, and a glucose reading each of the last days."""
    now = utcnow()
    readings = [
        {
            "resource": {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0"}]},
                "subject": {"display": "Marie Dupont"},
                "effectiveDateTime": (now - timedelta(days=back)).strftime("%Y-%m-%dT08:00:00Z"),
                "valueQuantity": {"value": 131 + back, "unit": "mg/dL", "code": "mg/dL"},
            }
        }
        for back in range(days, 0, -1)
    ]
    patient = {"resource": {"resourceType": "Patient", "name": [{"family": "Dupont"}]}}
    return json.dumps(
        {"resourceType": "Bundle", "type": "collection", "entry": [patient, *readings]}
    ).encode()


def test_import_card_moderation_view_log_and_withdrawal(client, session):
    diabetes = space(session, "diabete", name="Diabète de type 1")
    camille = joined(session, member(session, "Camille"), diabetes)
    # Five members of the space in their thirties: enough to show the age band, too few
    # women among them to show the sex as well.
    store.save_profile(session, owner=camille, profile=Profile(1991, Sex.FEMALE))
    others = {}
    for name, year in (("Lucas", 1988), ("Theo", 1990), ("Bastien", 1993), ("Hugo", 1995)):
        others[name] = joined(session, member(session, name), diabetes)
        store.save_profile(session, owner=others[name], profile=Profile(year, Sex.MALE))
    lucas = others["Lucas"]
    doctor = member(session, "DrAubrac")
    services.grant_space_role(session, space=diabetes, member=doctor, kind=SpaceRoleKind.MODERATOR)
    sport, _first = thread(session, others["Hugo"], diabetes, title="Le sport et l’insuline")
    session.commit()

    # Camille imports her readings: a preview, then all of them at once.
    log_in(client, camille)
    preview = client.post(
        "/donnees/importer/",
        data={"file": (io.BytesIO(glucose_bundle(14)), "export.json")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200, preview.text
    assert "Dupont" not in preview.text
    confirm = re.search(r'action="(/donnees/importer/\d+/confirmer)"', preview.text)
    assert confirm is not None
    assert client.post(confirm.group(1)).status_code == 303
    assert len(store.records(session, owner=camille)) == 14

    # She builds a card and sees it exactly as others will, age band widened to what
    # enough members share, her sex left out.
    request = {
        "space": str(diabetes.id),
        "series": "glucose",
        "start": (utcnow() - timedelta(days=30)).date().isoformat(),
        "end": utcnow().date().isoformat(),
        "keep_sex": "y",
    }
    shown = client.post("/donnees/cartes/apercu", data=request)
    assert shown.status_code == 200
    assert 'class="data-card"' in shown.text and "30–39 ans" in shown.text
    assert "Femme" not in shown.text.split('class="data-card"')[1].split("</section>")[0]
    created = client.post(
        "/donnees/cartes/creer", data={**request, "audience": "members", "consent": "y"}
    )
    assert created.status_code == 302
    card_id = session.scalar(select(DataCard.id).where(DataCard.owner_id == camille.id))

    # She attaches it to a reply; nobody else sees either before a moderator decides.
    sent = client.post(
        f"/discussions/{sport.id}/repondre",
        data={"body": "Mes glycémies depuis que je roule le matin.", "card": str(card_id)},
    )
    assert sent.status_code == 302
    fresh(session)
    card = session.get(DataCard, card_id)
    assert card is not None and card.post_id is not None
    log_in(client, lucas)
    assert 'class="data-card"' not in client.get(f"/discussions/{sport.id}").text

    # The moderator sees the card in the queue, and approves.
    log_in(client, doctor)
    queue = client.get("/moderation/")
    assert 'class="data-card"' in queue.text
    assert client.post(f"/moderation/messages/{card.post_id}/approuver").status_code == 302

    # Lucas now sees it; Camille sees that he did.
    log_in(client, lucas)
    page = client.get(f"/discussions/{sport.id}")
    assert 'class="data-card"' in page.text
    log_in(client, camille)
    seen = client.get("/donnees/cartes/qui-a-vu")
    assert "Lucas" in seen.text and "DrAubrac" in seen.text

    # One click withdraws it: gone from the page, the queue and the database.
    assert client.post(f"/donnees/cartes/{card_id}/retirer").status_code == 302
    fresh(session)
    assert session.scalar(select(func.count()).select_from(DataCard)) == 0
    log_in(client, lucas)
    page = client.get(f"/discussions/{sport.id}")
    assert 'class="data-card"' not in page.text
    assert "Données retirées par leur auteur" in page.text

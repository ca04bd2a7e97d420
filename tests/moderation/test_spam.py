"""Links are shown with their domain; miracle cures, advice to stop a treatment and sales
talk are flagged; members who mention a price or a good website are left alone."""

from __future__ import annotations

import pytest

from community.moderation.detectors import Kind, Severity, detect


def found(text: str, code: str) -> list[str]:
    return [
        text[start:end]
        for finding in detect(text)
        if finding.code == code
        for start, end in finding.spans
    ]


@pytest.mark.parametrize(
    ("post", "link", "domain"),
    [
        (
            "Regardez https://www.doctissimo.fr/forum/diabete, c'est édifiant.",
            "https://www.doctissimo.fr/forum/diabete",
            "doctissimo.fr",
        ),
        (
            "Voir [la fiche](https://www.has-sante.fr/jcms/c_123/fr/diabete) svp",
            "https://www.has-sante.fr/jcms/c_123/fr/diabete",
            "has-sante.fr",
        ),
        ("Lien : bit.ly/3xYzAbc", "bit.ly/3xYzAbc", "bit.ly"),
        ("J'ai lu sur ameli.fr que c'est remboursé.", "ameli.fr", "ameli.fr"),
        (
            "www.federationdesdiabetiques.org.",
            "www.federationdesdiabetiques.org",
            "federationdesdiabetiques.org",
        ),
        (
            "(voir http://exemple.org/page?id=3&x=4)",
            "http://exemple.org/page?id=3&x=4",
            "exemple.org",
        ),
        (
            "site : https://Hôpital-Exemple.fr/rdv",
            "https://Hôpital-Exemple.fr/rdv",
            "hôpital-exemple.fr",
        ),
    ],
)
def test_a_post_with_a_link_is_flagged_with_the_domain_it_points_to(post, link, domain):
    [finding] = [f for f in detect(post) if f.code == "link"]

    assert finding.kind is Kind.LINK
    assert finding.severity is Severity.FLAG
    assert finding.detail == domain
    assert str(finding.reason) == f"lien vers {domain}"
    assert [post[start:end] for start, end in finding.spans] == [link]


def test_two_links_to_two_sites_give_two_findings():
    post = "Sources : https://www.ameli.fr/diabete et https://www.has-sante.fr/x"

    assert sorted(f.detail for f in detect(post) if f.code == "link") == [
        "ameli.fr",
        "has-sante.fr",
    ]


@pytest.mark.parametrize(
    "post",
    [
        "https://promo.xyz/1 https://promo.xyz/2 https://promo.xyz/3",
        "Cliquez https://a.fr/offre puis encore https://a.fr/offre",
    ],
)
def test_the_same_site_linked_again_and_again_is_flagged_as_repeated_links(post):
    [finding] = [f for f in detect(post) if f.code == "repeated_links"]

    assert finding.kind is Kind.SPAM
    assert str(finding.reason).startswith("liens répétés vers ")


def test_words_glued_after_a_full_stop_are_not_taken_for_links():
    post = "C'est fini.Il faut repartir. Le traitement.De plus, la dose.Ensuite rien."

    assert found(post, "link") == []


@pytest.mark.parametrize(
    ("post", "passage"),
    [
        ("Guérir le diabète en 30 jours avec ma méthode !", "Guérir le diabète en 30 jours"),
        ("Remède miracle contre l'endométriose", "Remède miracle"),
        ("Une cure naturelle qui remplace l'insuline !", "cure naturelle qui remplace l'insuline"),
        ("Arrêtez votre traitement, la nature fait mieux.", "Arrêtez votre traitement"),
        ("Arrête ton insuline, elle t'empoisonne.", "Arrête ton insuline"),
        ("Ce que les médecins ne vous disent pas !", "médecins ne vous disent pas"),
        ("Guérison garantie, 100 % naturel", "Guérison garantie"),
        ("Stop taking your insulin, try this", "Stop taking your insulin"),
        ("Cure your diabetes in 30 days", "Cure your diabetes in 30 days"),
    ],
)
def test_a_miracle_cure_or_advice_to_stop_a_treatment_is_flagged(post, passage):
    [finding] = [f for f in detect(post) if f.code == "miracle_cure"]

    assert finding.kind is Kind.SPAM
    assert str(finding.reason) == "promesse de guérison ou conseil d’arrêter un traitement"
    assert passage in [post[start:end] for start, end in finding.spans]


@pytest.mark.parametrize(
    "post",
    [
        "N'arrêtez jamais votre traitement sans en parler à votre médecin.",
        "Il ne faut pas arrêter votre insuline sans avis médical.",
        "Mon médecin m'a dit d'arrêter la metformine avant l'examen.",
        "J'ai arrêté mon traitement en accord avec ma neurologue.",
        "L'insuline rapide remplace l'insuline du pancréas au moment des repas.",
        "On ne sait pas encore guérir le diabète de type 1.",
        "Je suis guérie de ma dépression après 6 mois de thérapie.",
        "Ma guérison a pris du temps, soyez patients.",
    ],
)
def test_ordinary_talk_about_treatments_and_healing_is_not_a_miracle_cure(post):
    assert found(post, "miracle_cure") == []


@pytest.mark.parametrize(
    ("post", "passages"),
    [
        (
            "Achetez mon livre, livraison gratuite avec le code promo DIAB10 !",
            ["Achetez", "livraison gratuite", "code promo"],
        ),
        ("Je vends mes bandelettes en trop, 20 € la boîte.", ["Je vends", "20 €"]),
        ("Super promo sur les capteurs : https://capteurs.shop/offre", ["promo"]),
        ("Satisfait ou remboursé ! Offre limitée.", ["Satisfait ou remboursé", "Offre limitée"]),
        ("Free shipping, buy now!", ["Free shipping", "buy now"]),
    ],
)
def test_sales_talk_is_flagged(post, passages):
    [finding] = [f for f in detect(post) if f.code == "sales"]

    assert str(finding.reason) == "démarchage commercial possible"
    assert [post[start:end] for start, end in finding.spans] == passages


@pytest.mark.parametrize(
    "post",
    [
        "Le prix de l'insuline a encore augmenté aux États-Unis.",
        "J'ai acheté un lecteur de glycémie en pharmacie, 40 €.",
        "Le capteur coûte 60 € mais il est remboursé à 100 %.",
        "La pharmacie doit commander mon traitement, j'attends.",
        "Ma promo d'infirmières se retrouve en juin.",
    ],
)
def test_a_member_mentioning_a_price_or_a_purchase_is_not_selling(post):
    assert found(post, "sales") == []

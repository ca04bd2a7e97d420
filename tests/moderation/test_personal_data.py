"""A post that gives away someone's e-mail, phone, social-security number, bank account or
street address is flagged, with the passage to highlight and a reason a moderator reads."""

from __future__ import annotations

import pytest

from community.moderation.detectors import Kind, Severity, detect
from community.moderation.personal_data import iban_is_valid, nir_key


def passages(text: str, code: str) -> list[str]:
    """What a moderator would see highlighted for `code`."""
    return [
        text[start:end]
        for finding in detect(text)
        if finding.code == code
        for start, end in finding.spans
    ]


def codes(text: str) -> set[str]:
    return {finding.code for finding in detect(text)}


# --- Phone numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("post", "number"),
    [
        ("Appelle-moi au 06 12 34 56 78 si tu veux en parler.", "06 12 34 56 78"),
        ("mon portable : 06.12.34.56.78", "06.12.34.56.78"),
        ("Mon tél 06-12-34-56-78, le soir de préférence", "06-12-34-56-78"),
        ("texto au 0612345678 !", "0612345678"),
        ("Depuis l'étranger : +33 6 12 34 56 78", "+33 6 12 34 56 78"),
        ("+33 (0)6 12 34 56 78 (WhatsApp)", "+33 (0)6 12 34 56 78"),
        ("0033 6 12 34 56 78", "0033 6 12 34 56 78"),
        ("+33612345678", "+33612345678"),
        ("Le cabinet du Dr Martin : 01 42 34 56 78", "01 42 34 56 78"),
        ("à Lyon, le 04 78 12 34 56, demandez Sylvie", "04 78 12 34 56"),
        ("ma box : 09 51 23 45 67", "09 51 23 45 67"),
        ("Tél.07 81 22 33 44", "07 81 22 33 44"),
        ("copié-collé : 06\u00a012\u00a034\u00a056\u00a078", "06\u00a012\u00a034\u00a056\u00a078"),
    ],
)
def test_a_post_giving_a_phone_number_is_flagged_with_the_number_highlighted(post, number):
    [finding] = [f for f in detect(post) if f.code == "phone"]

    assert finding.kind is Kind.PERSONAL_DATA
    assert finding.severity is Severity.FLAG
    assert str(finding.reason) == "numéro de téléphone détecté"
    assert [post[start:end] for start, end in finding.spans] == [number]


@pytest.mark.parametrize(
    "post",
    [
        "Ma glycémie était à 1,20 g/l ce matin, puis 0,85 g/l avant le repas.",
        "Rendez-vous le 01/02/2024 à 10h30 chez l'endocrinologue.",
        "Prise de sang le 01.02.2023 12h, résultats le 03.02.2023 09h.",
        "RDV le 12 03 2024 à 14 h 30",
        "HbA1c 7,2 % en janvier, 6,8 % en avril.",
        "Je prends 2 x 500 mg de metformine matin et soir.",
        "En cas d'urgence, le 15 ou le 112 ; prévention du suicide : le 3114.",
        "SOS Amitié répond au 09 72 39 40 50, jour et nuit.",
        "Suicide Écoute : 01 45 39 40 00.",
        "Fil Santé Jeunes, 0 800 235 236, gratuit et anonyme.",
        "Mon numéro de lot : 34009 301 234 5 6, à vérifier sur la boîte.",
        "Le code CIP de mon stylo est 3400930123456.",
        "Tension 13/8, pouls 72, 10 000 pas par jour.",
    ],
)
def test_numbers_patients_write_every_day_are_not_taken_for_phone_numbers(post):
    assert "phone" not in codes(post)


# --- E-mail addresses --------------------------------------------------------------


@pytest.mark.parametrize(
    ("post", "address"),
    [
        ("Écris-moi : jean.dupont@gmail.com", "jean.dupont@gmail.com"),
        ("contact : marie_l@orange.fr, je réponds vite", "marie_l@orange.fr"),
        ("mon mail jean @ gmail.com", "jean @ gmail.com"),
        (
            "c'est jean point dupont arobase gmail point com",
            "jean point dupont arobase gmail point com",
        ),
        ("jean [at] gmail [dot] com", "jean [at] gmail [dot] com"),
        ("jean(at)free.fr", "jean(at)free.fr"),
        ("jean (arobase) laposte (point) net", "jean (arobase) laposte (point) net"),
        ("écrivez à sophie arobase hotmail", "sophie arobase hotmail"),
        ("sophie at gmail dot com", "sophie at gmail dot com"),
        ("Mon adresse : Jean.Dupont@Wanadoo.FR", "Jean.Dupont@Wanadoo.FR"),
        ("léa.martin@exemple.fr", "léa.martin@exemple.fr"),
    ],
)
def test_a_post_giving_an_email_address_even_spelled_out_is_flagged(post, address):
    [finding] = [f for f in detect(post) if f.code == "email"]

    assert str(finding.reason) == "adresse e-mail détectée"
    assert [post[start:end] for start, end in finding.spans] == [address]


@pytest.mark.parametrize(
    "post",
    [
        "Merci @Marie. Je suis d'accord avec toi.",
        "J'ai regardé le site at home, rien trouvé.",
        "Un point important : le diabète ne se soigne pas en un jour.",
        "Je suis allée chez le médecin, point final.",
        "rdv à 14h30 @ l'hôpital",
    ],
)
def test_mentions_and_ordinary_words_are_not_taken_for_an_email_address(post):
    assert "email" not in codes(post)


def test_an_email_address_is_not_also_reported_as_a_link():
    assert codes("Écris-moi à jean.dupont@gmail.com ou jean @ free.fr") == {"email"}


# --- NIR (numéro de sécurité sociale) ----------------------------------------------


@pytest.mark.parametrize(
    "nir",
    [
        "1 85 05 78 006 084 91",
        "185057800608491",
        "2 90 12 2A 004 123 ",  # grouped, without its key
        "1.85.05.78.006.084.91",
    ],
)
def test_a_post_giving_a_social_security_number_is_flagged(nir):
    post = f"Voici mon numéro de sécu : {nir} pour le dossier"

    assert passages(post, "nir") == [nir.strip()]
    assert str(next(f for f in detect(post) if f.code == "nir").reason) == (
        "numéro de sécurité sociale détecté"
    )


def test_the_nir_key_is_checked_and_corsica_counts():
    assert nir_key("1850578006084") == 91
    corsican = "2901220041234"
    key = nir_key(corsican[:5] + "2A" + corsican[7:])
    assert key == 97 - int(corsican[:5] + "19" + corsican[7:]) % 97
    post = f"mon NIR {corsican[:5]}2A{corsican[7:]}{key:02d}"
    assert "nir" in codes(post)


def test_fifteen_bare_digits_with_a_wrong_key_are_not_a_nir():
    # The key is what tells a NIR from an order or tracking number.
    assert "nir" not in codes("Commande n° 185057800608436 expédiée hier")


def test_a_nir_typed_in_its_groups_is_flagged_even_with_a_typo_in_its_key():
    # Its groups say what it is, and the rest still tells birth date and place.
    assert "nir" in codes("sécu 1 85 05 78 006 084 36")


# --- IBAN --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "iban",
    [
        "FR76 3000 6000 0112 3456 7890 189",
        "FR7630006000011234567890189",
        "fr76 3000 6000 0112 3456 7890 189",
        "DE89 3704 0044 0532 0130 00",
        "BE68 5390 0754 7034",
        "GB82 WEST 1234 5698 7654 32",
    ],
)
def test_a_post_giving_a_bank_account_number_is_flagged(iban):
    post = f"Pour la cagnotte, virement sur {iban} merci à tous"

    assert passages(post, "iban") == [iban]
    assert codes(post) == {"iban"}


def test_an_iban_whose_checksum_fails_is_not_flagged():
    assert not iban_is_valid("FR7630006000011234567890188")
    assert "iban" not in codes("FR76 3000 6000 0112 3456 7890 188")


# --- Street addresses --------------------------------------------------------------


@pytest.mark.parametrize(
    ("post", "address"),
    [
        ("J'habite au 12 rue de la Paix, venez", "12 rue de la Paix"),
        ("rdv 3 bis avenue Jean Jaurès", "3 bis avenue Jean Jaurès"),
        ("au 45 bd Haussmann", "45 bd Haussmann"),
        ("le 8, boulevard Voltaire", "8, boulevard Voltaire"),
        ("chez moi, 2 impasse des Lilas", "2 impasse des Lilas"),
        ("10 place de la Concorde", "10 place de la Concorde"),
        ("7 chemin des Vignes", "7 chemin des Vignes"),
        ("la maison au 14 allée des Tilleuls", "14 allée des Tilleuls"),
        ("cabinet : 5 quai Saint-Vincent", "5 quai Saint-Vincent"),
        ("J'habite à 75011 Paris", "75011 Paris"),
        ("secteur 13008 Marseille", "13008 Marseille"),
        ("à 97400 Saint-Denis", "97400 Saint-Denis"),
    ],
)
def test_a_post_giving_a_street_address_is_flagged(post, address):
    assert passages(post, "address") == [address]


@pytest.mark.parametrize(
    "post",
    [
        "Il reste 1 place dans le groupe de parole de jeudi.",
        "J'ai pris 2 cours de yoga adapté cette semaine.",
        "J'ai lu 3 bd ce week-end pour oublier la douleur.",
        "Je fais 10000 pas par jour, parfois 12000.",
        "Mon stylo contient 300 unités, soit 3 ml.",
        "En 2023 Paris accueillait un congrès sur le diabète.",
    ],
)
def test_ordinary_sentences_with_numbers_are_not_taken_for_an_address(post):
    assert "address" not in codes(post)

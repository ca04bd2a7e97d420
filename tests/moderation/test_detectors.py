"""What the detectors give the worker and the queue: findings with a code, a severity, a
French reason and the passages to highlight; nothing on ordinary health talk; the
association's watched words; and no hostile post that can make them hang."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask_babel import force_locale
from hypothesis import given, settings
from hypothesis import strategies as st

from community.moderation.scoring.detectors import (
    Finding,
    Kind,
    Severity,
    WatchedWord,
    detect,
    is_urgent,
    reason_for,
)

# --- What a finding says -----------------------------------------------------------


def test_a_finding_names_what_was_found_how_serious_it_is_and_where():
    post = "Bonjour, appelle-moi au 06 12 34 56 78."

    [finding] = detect(post)

    assert finding.kind is Kind.PERSONAL_DATA
    assert finding.code == "phone"
    assert finding.severity == "flag"
    assert finding.spans == ((24, 38),)
    assert post[24:38] == "06 12 34 56 78"
    assert str(finding.reason) == "numéro de téléphone détecté"


def test_a_finding_stored_as_json_comes_back_the_same_with_its_reason():
    [finding] = detect("Regardez https://www.exemple.fr/page")

    stored = json.dumps(finding.to_dict())
    restored = Finding.from_dict(json.loads(stored))

    assert restored == finding
    assert str(restored.reason) == "lien vers exemple.fr"


def test_the_reason_is_rebuilt_from_the_stored_code_alone():
    assert str(reason_for("suicide")) == "idées suicidaires possibles"
    assert str(reason_for("watched_word", "arnaque", "block")) == (
        "mot interdit dans cet espace : « arnaque »"
    )
    assert str(reason_for("some_future_code")) == "signalement automatique : some_future_code"


def test_the_reason_is_translated_only_when_displayed(app: Flask):
    [finding] = detect("mon numéro : 06 12 34 56 78")

    # Made outside any request, the reason is a lazy string: each page that shows it
    # renders it in its reader's language (French here, the source language).
    with app.test_request_context(), force_locale("fr"):
        assert f"{finding.reason}" == "numéro de téléphone détecté"


def test_spans_point_into_the_original_text_even_around_ligatures_and_invisible_characters():
    post = "Œuvre d’art\u200b ! Mon tél : 06 12 34 56 78"

    [finding] = detect(post)

    [(start, end)] = finding.spans
    assert post[start:end] == "06 12 34 56 78"


def test_an_empty_post_has_no_findings():
    assert detect("") == []
    assert detect("   \n ") == []


def test_urgent_findings_come_first_then_blocked_words_then_flags():
    post = "Écris-moi à jean@exemple.fr. Ce charlatan m'a vendu une arnaque. Je veux en finir."

    findings = detect(post, watched_words=[WatchedWord("charlatan", "block")])

    assert [f.severity for f in findings] == [Severity.URGENT, Severity.BLOCK, Severity.FLAG]
    assert is_urgent(findings)
    assert not is_urgent(findings[1:])


# --- Watched words -----------------------------------------------------------------


def watched(post: str, *words: WatchedWord) -> list[tuple[str, str, list[str]]]:
    return [
        (f.severity, f.detail, [post[start:end] for start, end in f.spans])
        for f in detect(post, watched_words=words)
        if f.kind is Kind.WATCHED_WORD
    ]


def test_a_watched_word_set_to_block_makes_the_finding_block():
    post = "Ce charlatan vend du vent."

    [finding] = [f for f in detect(post, watched_words=[WatchedWord("charlatan", "block")])]

    assert finding.kind is Kind.WATCHED_WORD
    assert finding.severity is Severity.BLOCK
    assert str(finding.reason) == "mot interdit dans cet espace : « charlatan »"


def test_a_watched_word_set_to_flag_only_flags():
    [finding] = detect("Essayez le Mediator", watched_words=[WatchedWord("mediator", "flag")])

    assert finding.severity is Severity.FLAG
    assert str(finding.reason) == "mot surveillé dans cet espace : « mediator »"


def test_watched_words_match_whole_words_whatever_the_accents_and_case():
    word = WatchedWord("rémission", "flag")

    assert watched("REMISSION totale !", word) == [("flag", "rémission", ["REMISSION"])]
    assert watched("Rémission, enfin.", word) == [("flag", "rémission", ["Rémission"])]
    assert watched("les rémissions", word) == []


def test_a_short_watched_word_does_not_fire_inside_longer_words():
    assert watched("Contactez le contrôle qualité", WatchedWord("con", "block")) == []
    assert watched("Quel con.", WatchedWord("con", "block")) == [("block", "con", ["con"])]


def test_a_watched_phrase_matches_across_spaces_hyphens_and_line_breaks():
    word = WatchedWord("perte de poids rapide", "flag")

    assert watched("Une perte-de-poids\nrapide garantie", word) == [
        ("flag", "perte de poids rapide", ["perte-de-poids\nrapide"])
    ]


def test_a_watched_phrase_with_an_apostrophe_matches_with_or_without_it():
    word = WatchedWord("remède d’un charlatan", "flag")

    assert [
        m for _s, _d, matches in watched("Le remede d'un charlatan.", word) for m in matches
    ] == ["remede d'un charlatan"]
    assert [m for _s, _d, matches in watched("le remède dun charlatan", word) for m in matches] == [
        "remède dun charlatan"
    ]


def test_a_long_list_of_watched_words_finds_each_one_used():
    words = [WatchedWord(f"mot{i}", "flag") for i in range(500)]
    words += [WatchedWord("gourou", "block"), WatchedWord("détox*", "flag")]
    words += [WatchedWord("perte de poids", "flag"), WatchedWord("poids", "flag")]

    found = watched("Ce gourou vend des cures détoxifiantes pour la perte de poids.", *words)

    assert found == [
        ("block", "gourou", ["gourou"]),
        ("flag", "détox*", ["détoxifiantes"]),
        ("flag", "perte de poids", ["perte de poids"]),
        ("flag", "poids", ["poids"]),
    ]


def test_a_watched_word_ending_with_a_star_matches_its_derived_forms():
    word = WatchedWord("arnaque*", "flag")

    assert [
        match for _s, _d, matches in watched("Arnaqueurs ! Une arnaque.", word) for match in matches
    ] == ["Arnaqueurs", "arnaque"]


def test_a_word_listed_both_to_block_and_to_flag_blocks():
    findings = watched("Un gourou", WatchedWord("gourou", "flag"), WatchedWord("Gourou", "block"))

    assert [severity for severity, _detail, _matches in findings] == ["block"]


def test_a_watched_word_with_regex_characters_is_taken_literally():
    assert watched("c'est du c++ ou du c", WatchedWord("c++", "flag")) == [("flag", "c++", ["c++"])]
    assert watched("a.b", WatchedWord(".*", "flag")) == []


def test_empty_watched_words_are_ignored_and_urgent_is_refused():
    assert watched("texte", WatchedWord("", "block"), WatchedWord("  ", "flag")) == []
    with pytest.raises(ValueError):
        detect("texte", watched_words=[WatchedWord("texte", "urgent")])


# --- Ordinary health talk ----------------------------------------------------------

BENIGN = [
    "J'ai mal au ventre depuis trois jours, la douleur irradie dans le dos.",
    "Mon endocrino m'a dit que l'HbA1c à 7,2 % c'était correct.",
    "Je prends 2 x 500 mg de metformine et 10 UI de Lantus le soir.",
    "Ma glycémie à jeun : 1,26 g/l, après repas 1,80 g/l.",
    "Mon père est décédé d'un infarctus l'an dernier, le diabète n'aidait pas.",
    "La mort me fait peur depuis le diagnostic, est-ce normal ?",
    "Avec la SEP, la sexualité est devenue compliquée, mon mari est patient.",
    "Les rapports sont douloureux à cause de l'endométriose, parlez-en à votre gynéco.",
    "J'ai les seins douloureux avant les règles, et des saignements abondants.",
    "Ma dépression est stabilisée sous sertraline 50 mg, je revis.",
    "Je suis bipolaire et j'ai fait une crise maniaque l'an dernier.",
    "Mon fils est schizophrène, le traitement l'aide beaucoup.",
    "Le 12/03/2024 j'ai rendez-vous à 14h30 au CHU.",
    "J'ai perdu 5 kg en 2 mois, mon médecin est content.",
    "J'ai pris ma tension : 14/9, un peu haute.",
    "J'ai arrêté la pilule il y a 6 mois pour une grossesse.",
    "La sclérose en plaques me fatigue énormément, je dors 10 heures par nuit.",
    "Je me pique 4 fois par jour, le bout des doigts est abîmé.",
    "Ma mère est morte d'un cancer du sein à 52 ans.",
    "J'ai failli mourir d'une acidocétose à 16 ans.",
    "Le Levothyrox m'a donné des palpitations, on a baissé à 75 µg.",
    "La fin de vie de ma grand-mère a été paisible, en soins palliatifs.",
    "Le pénis de mon mari ne réagit plus depuis le traitement, on en a parlé à l'urologue.",
    "Je vis avec le VIH depuis 15 ans, charge virale indétectable.",
    "Mon psychiatre m'a prescrit du lithium, 400 mg le soir.",
    "J'ai fait une hypo à 0,45 g/l cette nuit, j'ai cru mourir.",
    "Je vais tuer le temps en lisant le forum.",
    "Cette maladie me tue à petit feu mais je m'accroche.",
    "Je suis morte de fatigue ce soir, je crève de chaud avec la pompe.",
    "Elle a fait une tentative de suicide à 17 ans, elle va beaucoup mieux aujourd'hui.",
    "À 3 h du matin, 2,50 g/l, j'ai corrigé avec 4 unités.",
    "Le dosage est de 0,5 mg/kg, soit 35 mg pour moi, deux fois par jour.",
    "Ma fille de 12 ans a été diagnostiquée le 03/05, on apprend tout.",
    "Les scarifications de ma fille ont cessé depuis sa thérapie : il y a de l'espoir.",
    "Mon rein greffé fonctionne bien, créatinine à 110 µmol/l.",
    "My blood sugar was 180 mg/dL after lunch, is that too high?",
    "I was so tired I could die, but the new dose helps.",
    "Depuis la ménopause, j'ai des bouffées de chaleur et la libido en berne.",
    "J'ai des hémorroïdes depuis l'accouchement, c'est gênant d'en parler.",
    "Le cancer de la prostate de mon mari est en rémission depuis 2 ans.",
]


@pytest.mark.parametrize("post", BENIGN)
def test_ordinary_health_talk_raises_nothing(post):
    assert detect(post) == []


# --- Long and hostile posts --------------------------------------------------------


def test_a_long_ordinary_post_is_read_in_full():
    paragraph = (
        "Bonjour à tous, diabétique de type 1 depuis 12 ans. Glycémie 1,20 g/l ce matin, "
        "HbA1c à 7,2 %. Le 12/03/2024 j'ai vu mon endocrino à 14h30. Écrivez-moi ! "
    )
    post = paragraph * 140 + "Mon numéro : 06 12 34 56 78."

    [finding] = detect(post)

    assert len(post) > 20_000
    assert finding.code == "phone"
    assert post[finding.spans[0][0] : finding.spans[0][1]] == "06 12 34 56 78"


HOSTILE = {
    "a": "a" * 100_000,
    "0 ": "0 " * 50_000,
    "digits": "0" * 100_000,
    "0612": "0612" * 25_000,
    "a.": "a." * 50_000,
    "a@": "a@" * 50_000,
    "a point ": "a point " * 12_500,
    "je veux ": "je veux " * 12_500,
    "j'": "j'" * 50_000,
    "http://": "http://" * 14_000,
    "www.": "www." * 25_000,
    "12 rue ": "12 rue " * 14_000,
    "fr76 ": "fr76 " * 20_000,
    "x.com/": "x.com/" * 16_000,
    "zero-width": "a\u200b" * 50_000,
    "accents": "é" * 100_000,
    "spaces": " " * 100_000,
    "many links": "http://a.fr " * 8_000,
    "many distinct sites": "".join(f"https://site{i}.fr/x " for i in range(6_000)),
    "many spelled addresses": "jean @ b.fr " * 8_000,
    "many phone numbers": "06 12 34 56 78 " * 7_000,
    "many crises": "je veux en finir " * 6_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_100_kb_post_is_read_without_hanging(name):
    # No timing assertion: a pattern that backtracked catastrophically would not come
    # back at all, and the suite would hang here.
    findings = detect(HOSTILE[name], watched_words=[WatchedWord("arnaque*", "flag")])

    assert isinstance(findings, list)


_PIECES = [
    *"aeiou jvxnfrt0612345678@.:/-'’\u200bœéÉﬁ\u0301\n",
    *["06 12 34 56 78", "en finir", "www.", "arobase", " point ", "FR76 ", "rue "],
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_whatever_is_posted_every_passage_lies_inside_the_post(post):
    for finding in detect(post, watched_words=[WatchedWord("fin*", "flag")]):
        assert finding.spans
        for start, end in finding.spans:
            assert 0 <= start < end <= len(post)

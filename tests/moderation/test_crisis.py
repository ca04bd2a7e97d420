"""A post in which someone says they want to die or hurt themselves is urgent; a post that
merely talks about death, pain or the help lines is not."""

from __future__ import annotations

import pytest

from community.moderation.detectors import Kind, Severity, detect, is_urgent


def crisis_passages(text: str) -> list[str]:
    return [
        text[start:end]
        for finding in detect(text)
        if finding.kind is Kind.CRISIS
        for start, end in finding.spans
    ]


SUICIDAL = [
    ("Je veux en finir.", "veux en finir"),
    ("jveux en finir", "jveux en finir"),
    ("j'veux en finire une bonne fois pour toutes", "j'veux en finire"),
    ("Franchement je voudrais vraiment en finir avec tout ça", "voudrais vraiment en finir"),
    ("Je n'en peux plus de vivre comme ça", "n'en peux plus de vivre"),
    ("j en peux plus de cette vie", "en peux plus de cette vie"),
    ("J'ai pensé à mettre fin à mes jours hier soir", "fin à mes jours"),
    ("je vais me foutre en l'air", "me foutre en l'air"),
    ("Je vais me foutre en lair ce soir", "me foutre en lair"),
    ("Plus envie de me réveiller le matin.", "Plus envie de me réveiller"),
    ("Tout le monde serait mieux sans moi.", "serait mieux sans moi"),
    ("ma famille serait bien mieux sans moi", "serait bien mieux sans moi"),
    (
        "J'ai préparé mes médicaments pour en finir samedi",
        "préparé mes médicaments pour en finir",
    ),
    ("J'ai envie de mourir.", "envie de mourir"),
    ("Je veux mourir, je n'en peux plus", "veux mourir"),
    ("j'ai envie de me suicider", "me suicider"),
    ("je pense à me sucider", "me sucider"),
    ("Je ne veux plus vivre", "veux plus vivre"),
    ("J'ai des idées noires depuis mon diagnostic", "J'ai des idées noires"),
    ("j'ai souvent des pensées suicidaires", "j'ai souvent des pensées suicidaires"),
    ("Je pense souvent au suicide.", "Je pense souvent au suicide"),
    ("J'ai plus aucune raison de vivre", "aucune raison de vivre"),
    ("Ras le bol de la vie.", "Ras le bol de la vie"),
    ("Je suis fatiguée de vivre", "fatiguée de vivre"),
    ("Je suis un fardeau pour mes enfants", "Je suis un fardeau pour"),
    ("J'aimerais m'endormir et ne plus me réveiller", "m'endormir et ne plus me réveiller"),
    ("J'ai écrit ma lettre d'adieu", "lettre d'adieu"),
    ("je vais avaler toute la boîte", "avaler toute la boîte"),
    ("je veux me jeter sous un train", "me jeter sous"),
    ("Je vais sauter du pont.", "sauter du pont"),
    ("Je veux que tout s'arrête.", "veux que tout s'arrête"),
    ("JE VEUX EN FINIR", "VEUX EN FINIR"),
    ("jai envi de mourrir", "envi de mourrir"),
    ("je veux en finnir", "veux en finnir"),
    ("jveux mourir", "jveux mourir"),
    ("jveux plus vivre", "jveux plus vivre"),
    ("J’ai envie d’en finir avec la vie", "envie d’en finir avec la vie"),
    ("I want to kill myself", "kill myself"),
    ("Sometimes I just want to end it all.", "end it all"),
    ("I don't want to wake up tomorrow", "don't want to wake up"),
    ("I want to die", "want to die"),
    ("Everyone would be better off without me", "better off without me"),
    ("I'm feeling suicidal again", "feeling suicidal"),
]


@pytest.mark.parametrize(("post", "passage"), SUICIDAL)
def test_a_post_with_suicidal_thoughts_is_urgent(post, passage):
    findings = detect(post)

    suicide = [f for f in findings if f.code == "suicide"]
    assert suicide, post
    assert suicide[0].kind is Kind.CRISIS
    assert suicide[0].severity is Severity.URGENT
    assert str(suicide[0].reason) == "idées suicidaires possibles"
    assert is_urgent(findings)
    assert any(passage in highlighted for highlighted in crisis_passages(post))


SELF_HARM = [
    ("Je me scarifie depuis deux ans, personne ne le sait.", "me scarifie"),
    ("je me suis scarifiée hier soir", "me suis scarifiée"),
    ("J'ai envie de me faire du mal", "me faire du mal"),
    ("Je me fais du mal quand ça ne va pas", "me fais du mal"),
    ("je me coupe les bras avec une lame", "me coupe les bras"),
    ("ma fille se scarifie, que faire ?", "se scarifie"),
    ("I've been cutting myself again", "cutting myself"),
    ("I self-harm when the pain gets too much", "self-harm"),
    ("I want to hurt myself", "want to hurt myself"),
]


@pytest.mark.parametrize(("post", "passage"), SELF_HARM)
def test_a_post_about_self_harm_is_urgent(post, passage):
    findings = detect(post)

    self_harm = [f for f in findings if f.code == "self_harm"]
    assert self_harm, post
    assert self_harm[0].severity is Severity.URGENT
    assert str(self_harm[0].reason) == "automutilation possible"
    assert any(passage in highlighted for highlighted in crisis_passages(post))


NOT_A_CRISIS = [
    "Vivement la fin de mon traitement, plus que deux cures !",
    "J'ai fini ma boîte de médicaments, je dois repasser à la pharmacie.",
    "J'ai préparé mes médicaments pour la semaine dans le pilulier.",
    "J'ai préparé mes médicaments pour partir en vacances.",
    "J'étais morte de rire en lisant ton message, tu vas me faire mourir de rire.",
    "Cette douleur me tue, trois nuits sans dormir.",
    "Ce régime va me tuer, je rêve d'un croissant.",
    "Mon père est mort du diabète quand j'avais dix ans.",
    "Le suicide cellulaire, ou apoptose, protège contre les tumeurs.",
    "Prévention du suicide : le 3114, gratuit, 24 h/24.",
    "Si tu as envie d'en finir, appelle le 3114 ou le 15, tu n'es pas seule.",
    "Si vous avez des idées suicidaires, appelez le 3114.",
    "Si tu penses au suicide, parles-en à ton médecin ou appelle le 3114.",
    "If you want to die, please call a helpline right now.",
    "Je veux en finir avec ces piqûres, vivement la pompe.",
    "J'ai hâte d'en finir avec la chimio.",
    "On veut en finir avec les préjugés sur l'endométriose.",
    "Je ne veux pas mourir de cette maladie, je me bats.",
    "J'ai peur de ne pas me réveiller après l'anesthésie.",
    "Pas envie de vivre avec cette douleur toute ma vie, je cherche un autre traitement.",
    "Je me suis coupé le doigt en cuisinant, ça saigne beaucoup avec les anticoagulants.",
    "Je me suis fait mal au dos en portant les courses.",
    "J'ai envie de me couper les cheveux très court avant la chimio.",
    "Je dois prendre tous mes médicaments le matin à jeun.",
    "Il faut prendre toute la boîte d'antibiotiques, même si ça va mieux.",
    "Je me jette à l'eau : première fois que je poste ici.",
    "Mon frère a mis fin à ses jours il y a cinq ans ; j'en parle enfin.",
    "Un article sur l'automutilation chez les adolescents, très bien fait.",
    "I don't want to die from this disease.",
    "I cut myself shaving this morning.",
    "My grandmother died of diabetes complications.",
    "Self-harm prevention resources are listed on the association's page.",
    "Quand je ne serai plus fatiguée, je reprendrai le sport.",
    "Je n'en peux plus de ces hypoglycémies nocturnes.",
    "J'ai envie de disparaître sous terre quand je fais une hypo en public.",
]


@pytest.mark.parametrize("post", NOT_A_CRISIS)
def test_talking_about_death_pain_or_help_lines_is_not_a_crisis(post):
    assert crisis_passages(post) == []


def test_a_crisis_post_that_also_quotes_the_help_line_stays_urgent():
    post = "J'ai vu qu'il y a le 3114 mais je veux en finir, je suis fatiguée de vivre."

    assert is_urgent(detect(post))
    assert crisis_passages(post) == ["je veux en finir", "fatiguée de vivre"]


def test_crisis_words_hidden_with_invisible_characters_or_lookalike_letters_are_found():
    hidden = "je veux me sui\u200bcider"  # a zero-width space inside the word
    cyrillic = "j'ai envie de mоurir"  # a Cyrillic "о"

    assert crisis_passages(hidden) == ["me sui\u200bcider"]
    assert crisis_passages(cyrillic) == ["envie de mоurir"]


def test_crisis_findings_come_first():
    post = "Appelle-moi au 06 12 34 56 78, je veux en finir."

    assert [f.code for f in detect(post)] == ["suicide", "phone"]

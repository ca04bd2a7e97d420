"""Dangerous medical advice is flagged in every form a member writes it: an order ("arrête-la"),
a testimony ("ma cousine a arrêté sa chimio et elle est guérie"), a question that incites
("pourquoi continuer à vous empoisonner avec l'insuline ?"); a decision taken with one's
doctor, a question asked to learn, a correction, a side effect or a crisis is not."""

from __future__ import annotations

import pytest

from community.moderation.scoring.detectors import Kind, Severity, detect
from community.textscan import DANGEROUS_ADVICE, scan
from community.textscan import advice as advice_rules
from community.textscan.normalize import fold


def urged(text: str) -> set[str]:
    """What the post urges, as the hits' details name it."""
    _folded, hits = scan(text)
    return {hit.detail for hit in hits if hit.code in DANGEROUS_ADVICE}


def advice_passages(text: str) -> list[str]:
    """What the queue highlights as dangerous advice, as the member wrote it."""
    return [
        text[start:end]
        for finding in detect(text)
        if finding.kind is Kind.DANGEROUS_ADVICE
        for start, end in finding.spans
    ]


# --- Stopping an essential treatment ----------------------------------------------------

STOPPING = [
    # orders, with possessives, articles and pronouns
    "Arrête ton insuline, elle t'empoisonne.",
    "Arrêtez votre traitement, la nature fait mieux.",
    "Ton insuline, arrête-la. Jette tes stylos et fais confiance à ton pancréas.",
    "Le lithium c'est pour les chevaux 🐴 Arrête-le, le magnésium suffit.",
    "Les corticoïdes, c'est le mal absolu. Arrête-les d'un coup.",
    "Franchement ma chérie, arrête ta Depakine, c'est elle qui te rend malade.",
    "Jetez votre Préviscan à la poubelle et mangez de l'ail.",
    "Ton traitement VIH, balance-le.",
    "Sérieux, lâche tes antiépileptiques, c'est du poison.",
    "arrete ta chimio franchement elle te detruit",
    # advice
    "Tu dois arrêter ton insuline, je te jure.",
    "Je vous conseille d'arrêter vos anticoagulants, l'ail fait pareil.",
    "Il faut arrêter immédiatement vos antirétroviraux.",
    "Tu n'as pas besoin de ton insuline, la cannelle suffit.",
    "Les dialysés : espacez vos séances et buvez du thé de pissenlit.",
    "Sautez vos séances de dialyse une semaine sur deux, vos reins se réveilleront.",
    "Pour ta greffe, les anti-rejets à vie c'est trop. Fais une pause cet été.",
    "Tes anticoagulants ? Au bout d'un mois tu peux arrêter sans problème.",
    "Le chardon-marie fait le même travail, pas besoin de ces traitements hors de prix.",
    # English
    "Stop taking your insulin, try this instead.",
    "Ditch them. All of them. The statins, the blood pressure tablets, the metformin.",
    "Your lithium is poison. Taper it off over a couple of weeks.",
    "Throw your inhalers in the bin and try breathing exercises.",
    "You should come off your antiepileptics, they do more harm than good.",
    "Tell your mum to stop her Keppra, it's the pills making her forgetful.",
    "Within a year most people can throw away their insulin pens.",
    "Your son doesn't need those epilepsy tablets. Wean him off over a couple of weeks.",
]


@pytest.mark.parametrize("post", STOPPING)
def test_urging_someone_to_stop_an_essential_treatment_is_dangerous_advice(post):
    assert "stop_treatment" in urged(post)


TESTIMONIES = [
    "Ma cousine a arrêté sa chimio au bout de deux séances et elle est guérie.",
    "Mon voisin a arrêté ses anticoagulants et il prend de l'ail à la place, il est en pleine"
    " forme.",
    "Une collègue a jeté son Levothyrox il y a 4 ans, elle se soigne aux algues, elle va très"
    " bien.",
    "Moi j'ai tout arrêté il y a 6 mois, le Levothyrox, les anti-inflammatoires, et je ne me"
    " suis jamais sentie aussi bien. Faites pareil.",
    "Ma fille a arrêté tous ses traitements contre l'avis du neuro, elle n'a presque plus de"
    " crises.",
    "My aunt quit her chemo and she's cured, her last scan was clear.",
    "My uncle stopped his HIV meds and cured himself with herbs.",
    "I quit lithium cold turkey in January and I'm cured of bipolar.",
    "Stopped my lithium last spring and I've never been more productive, best decision ever.",
]


@pytest.mark.parametrize("post", TESTIMONIES)
def test_a_testimony_of_stopping_that_sells_the_story_is_dangerous_advice(post):
    assert "stop_treatment" in urged(post)


INCITING_QUESTIONS = [
    "Pourquoi continuer à vous empoisonner avec l'insuline alors que le jeûne suffit ?",
    "Qui ici a eu le courage d'arrêter sa chimio ? Et vous, qu'est-ce que vous attendez ?",
    "Vous n'avez jamais pensé à tout arrêter, avec ces antiépileptiques qui détruisent le foie ?",
    "Vous croyez vraiment que le Levothyrox vous aide ? Pourquoi ne pas tester un mois sans ?",
    "Why do you keep taking statins when garlic does the job?",
    "Has anyone stopped their antiepileptics yet? If not, what's stopping you?",
    "Has anyone else thought about skipping their radiotherapy and doing juice fasts instead?",
    "Wouldn't they be better off without the epilepsy meds?",
    "Why let them keep injecting your son with insulin?",
    "Qui a déjà osé arrêter son traitement de fond ?",
    "La chimio, franchement, pourquoi continuer à se faire empoisonner ?",
]


@pytest.mark.parametrize("post", INCITING_QUESTIONS)
def test_a_question_that_incites_to_stop_is_dangerous_advice(post):
    assert urged(post) & {"stop_treatment", "refuse_treatment"}


# --- Refusing, replacing, chemicals, cures --------------------------------------------------

OTHERS = [
    ("Refuse la chimio. C'est ton corps, pas celui de l'oncologue.", "refuse_treatment"),
    ("Votre oncologue vous propose une mastectomie ? Refusez.", "refuse_treatment"),
    (
        "Ne faites PAS vacciner vos enfants, leur système immunitaire est fragile.",
        "refuse_treatment",
    ),
    (
        "Vaccin contre la grippe pour les BPCO ? NON !!! Ça affaiblit les poumons.",
        "refuse_treatment",
    ),
    ("Ne laissez pas les médecins opérer votre enfant, l'homéopathie suffit.", "refuse_treatment"),
    ("Don't let them start your daughter on insulin.", "refuse_treatment"),
    ("Y a-t-il quelqu'un d'assez courageux ici pour refuser la chimio ?", "refuse_treatment"),
    ("Never agree to a transplant, the anti-rejection drugs will kill you.", "refuse_treatment"),
    (
        "Remplace ta chimio par le jeûne, les cellules cancéreuses meurent de faim.",
        "replace_treatment",
    ),
    ("Au lieu de l'insuline, essayez la cannelle de Ceylan.", "replace_treatment"),
    ("Une cure naturelle qui remplace l'insuline !", "replace_treatment"),
    ("Ditch the anticoagulants and take nattokinase instead.", "replace_treatment"),
    ("Tes bêtabloquants, remplace par de l'aubépine.", "replace_treatment"),
    ("Le MMS, 3 gouttes activées toutes les heures, 8 fois par jour.", "chemicals"),
    ("Bois une goutte de javel dans un verre d'eau pour agir de l'intérieur.", "chemicals"),
    ("Drink food grade hydrogen peroxide, 3 drops in a glass of water.", "chemicals"),
    ("Une cuillère de kérosène à jeun, c'est un vieux remède contre les parasites.", "chemicals"),
    ("Le jeûne guérit le diabète de type 1. Pas « améliore », guérit.", "cure_promise"),
    ("Guérir le diabète en 30 jours avec ma méthode !", "cure_promise"),
    ("La SEP se guérit avec un régime sans gluten.", "cure_promise"),
    ("Keto cures type 1 diabetes. Not helps with, cures.", "cure_promise"),
    ("HIV can be cured by prayer and fasting.", "cure_promise"),
    ("Cure your diabetes in 30 days", "cure_promise"),
    ("There is a cure for MS, and it's a raw vegan diet.", "cure_promise"),
    ("Lupus can be completely reversed with a paleo diet.", "cure_promise"),
    ("Cut out dairy for three months and you'll be cured of your eczema.", "cure_promise"),
    ("Aucune maladie ne résiste au jeûne prolongé : cancer, lupus, tout part.", "cure_promise"),
]


@pytest.mark.parametrize(("post", "detail"), OTHERS)
def test_refusing_replacing_chemicals_and_cure_promises_are_dangerous_advice(post, detail):
    assert detail in urged(post)


def test_the_finding_names_what_the_post_urges_in_french():
    [finding] = [f for f in detect("Arrête ton insuline.") if f.kind is Kind.DANGEROUS_ADVICE]

    assert finding.code == "dangerous_advice"
    assert finding.severity is Severity.FLAG
    assert finding.detail == "stop_treatment"
    assert str(finding.reason) == "conseil médical dangereux : arrêter un traitement essentiel"


# --- What is not dangerous advice ------------------------------------------------------

NOT_ADVICE = [
    # a decision taken with one's doctor
    "Avec mon neuro, on a décidé d'arrêter le traitement de fond après 12 ans sans poussée.",
    "Mon hématologue et moi avons décidé de tenter l'arrêt de l'imatinib.",
    "Mon médecin m'a dit d'arrêter la metformine avant l'examen.",
    "J'ai arrêté mon traitement en accord avec ma neurologue.",
    "Sertraline : avec ma psychiatre, on l'a arrêtée progressivement sur 4 mois.",
    "My neuro and I have agreed to try coming off my antiepileptic after 4 seizure-free years.",
    "Pour mon père, nous avons choisi avec l'oncologue d'arrêter la chimio et de passer en"
    " soins de support.",
    # a question asked to learn
    "Est-ce que quelqu'un a arrêté la metformine avec son médecin ?",
    "Faut-il arrêter le Levothyrox avant une prise de sang ?",
    "Is it safe to stop my levothyroxine before a blood test?",
    "Est-ce que le diabète de type 1 se guérit ?",
    # a correction
    "N'arrêtez jamais l'insuline sans avis médical.",
    "Il ne faut pas arrêter votre insuline sans avis médical.",
    "Don't stop your insulin without talking to your team.",
    "Les plantes ne remplacent pas la chimio.",
    "Aucune cure ne remplace l'insuline dans le diabète de type 1.",
    "Le jeûne ne guérit pas le cancer, arrêtez de relayer ça.",
    "Le MMS, c'est de l'eau de Javel : n'en buvez surtout pas.",
    "Je ne suis pas d'accord pour dire qu'ils « cachent les traitements qui guérissent ».",
    # side effects, ordinary talk, recovery
    "Depuis que j'ai arrêté le Levothyrox à cause d'une rupture, je suis épuisée, c'est normal ?",
    "Si vous arrêtez brutalement la cortisone, vous risquez une insuffisance surrénalienne.",
    "L'insuline rapide remplace l'insuline du pancréas au moment des repas.",
    "Je prends du curcuma en complément de mon traitement, mon rhumato est d'accord.",
    "Je suis guérie de ma dépression après 6 mois de thérapie.",
    "La chimio m'a guérie de mon lymphome, trois ans de rémission !",
    "Une nouvelle thérapie génique pourrait guérir la drépanocytose.",
    "Ma fille refuse de porter sa pompe à la piscine, elle a honte.",
    "Mon mari est en chimio et il refuse les compléments de la diététicienne.",
    "J'ai arrêté de fumer et je revis !",
    "Arrêter le tabac a été la meilleure décision de ma vie.",
    "J'ai nettoyé la plaie à l'eau oxygénée.",
    "Depuis ma greffe, plus besoin de dialyse, je revis !",
    "Faites vacciner vos enfants, la rougeole tue encore.",
    "Tu as le droit de refuser un traitement, mais parles-en bien avec ton médecin avant.",
    "Stop worrying about your insulin dose, the nurse will check it.",
    "Le yoga m'aide beaucoup pour ma fibromyalgie, en plus de mon traitement.",
    "L'ORL m'a dit qu'il n'y avait pas de traitement miracle.",
    "I'm going to throw this pump out of the window, third occlusion today!",
    "A pharmacist reviewed her tablets and took her off two of them.",
    "Pour une polyarthrite active il faut un traitement de fond, sinon les articulations se"
    " détruisent.",
    "You honestly think a gluten-free diet cured your Crohn's? You were in remission.",
    "Ma neurologue dit qu'on peut faire une pause de la Depakine l'été, vous en pensez quoi ?",
    "Has anyone tried coming off sertraline with their GP to see if the side effects go?",
    "Wouldn't it be better to ask your diabetes team before changing the insulin doses?",
    "Your 'advice' to the lady with the clot was to stop her apixaban and take garlic.",
]


@pytest.mark.parametrize("post", NOT_ADVICE)
def test_decisions_with_a_doctor_questions_corrections_and_side_effects_are_not_advice(post):
    assert urged(post) == set()


# Stopping a treatment in order to die is a crisis: the crisis rules make the post urgent,
# and a "dangerous advice" finding beside it would only bury it. Telling someone else to
# stop in order to die is incitement, for the toxicity model.
CRISES = [
    "J'arrête l'insuline, comme ça ce sera fini. Dernière injection hier matin.",
    "La chimio, je l'ai arrêtée parce que je veux mourir.",
    "I stopped my HIV meds three weeks ago. I want the virus to win this time.",
    "Arrête ton insuline et laisse-toi partir, ce sera plus simple pour tout le monde.",
    "Stop your dialysis then, see if anyone notices you're gone.",
]


@pytest.mark.parametrize("post", CRISES)
def test_stopping_a_treatment_in_order_to_die_is_left_to_the_crisis_rules(post):
    assert urged(post) == set()


# --- Offsets point into what the member wrote ------------------------------------------

OFFSETS = [
    ("Arrête ton insuline, elle t’empoisonne.", "Arrête ton insuline"),
    ("Élodie 😡 : ARRÊTEZ VOTRE LÉVOTHYROX !", "ARRÊTEZ VOTRE LÉVOTHYROX"),
    ("Arr3te ton 1nsuline, sérieux", "Arr3te ton 1nsuline"),
    ("a r r e t e z vos anticoagulants", "a r r e t e z vos anticoagulants"),
    ("Stop taking your insulin 💉, try this", "Stop taking your insulin"),
]


@pytest.mark.parametrize(("post", "passage"), OFFSETS)
def test_the_highlighted_passage_is_the_member_s_own_text(post, passage):
    assert advice_passages(post) == [passage]


# --- Advice as other forums word it ----------------------------------------------------

OTHER_URGING = [
    "If I were you I’d bin the Keppra, your brain will sort itself out.",
    "Moi à ta place, j’arrêterais la Dépakine et je ferais du yoga.",
    "À votre place je dirais non à la radiothérapie, elle brûle tout.",
    "Get yourself off the metformin, cinnamon does the same job.",
    "whatever your consultant says dont start the methotrexate, it's poison",
    "Turn down the chemo if they offer it, juicing is the real cure.",
    "Finish your apixaban pack and don't refill it, I did and I feel years younger.",
    "Vos anticoagulants ? Poubelle. L’ail fluidifie bien mieux.",
    "Arrête de lui donner son Keppra, c’est de la chimie, les plantes suffisent.",
    "Refuse tant que tu te sens bien, la trithérapie c’est du poison.",
    "Diminue ton Advagraf d’un quart chaque mois, au bout d’un an tu ne prendras plus rien.",
    "Depuis que j’ai lâché mon Lévothyrox, je me sens plus légère. Suivez votre instinct.",
    "Ma blonde a arrêté ses pompes pis a l’a pu jamais eu de crise. Essayez ça.",
]
OTHER_QUESTIONS = [
    "Et si tu arrêtais ton insuline un mois, juste pour voir ce que ton corps sait faire ?",
    "Vous avez jamais essayé d’arrêter votre traitement de fond pour voir ?",
    "Who’s with me on ditching the steroids this spring? Let’s do it together.",
    "Isn’t it time you asked why you’re still taking the lithium?",
    "Pourquoi garder ta Ventoline alors qu’il suffit de faire de la respiration par le ventre ?",
]
OTHER_KINDS = [
    ("Lithium dulled me. You don’t need it. Swap it for magnesium.", "replace_treatment"),
    ("I inhale a few drops of hydrogen peroxide in my nebuliser every night.", "chemicals"),
    ("Type 2 is reversible, I promise, do a water fast and you’ll be off insulin.", "cure_promise"),
    ("Fini le diabète en trois mois avec le jeûne, totalement.", "cure_promise"),
]


@pytest.mark.parametrize("post", [*OTHER_URGING, *OTHER_QUESTIONS])
def test_advice_in_the_conditional_in_a_word_or_as_a_challenge_is_dangerous_advice(post):
    assert urged(post)


@pytest.mark.parametrize(("post", "detail"), OTHER_KINDS)
def test_replacing_nebulised_chemicals_and_curing_in_a_phrase_name_what_they_urge(post, detail):
    assert detail in urged(post)


@pytest.mark.parametrize(
    "post",
    [
        "J’ai pensé à tout arrêter au travail, mais pas mon traitement, évidemment.",
        "Dans mes directives anticipées j’ai écrit la possibilité d’arrêter la dialyse si je "
        "ne suis plus consciente.",
        "Ne remplace jamais ton Xarelto par du curcuma, ça n’a rien à voir.",
        "Et si vous arrêtiez de me demander si je vais bien ? 😅",
        "If I were you I’d ask the GP about the taper before changing anything.",
        "Don’t refill the old prescription, the new pharmacy has the updated one.",
        "J’ai mis mes vieux stylos vides à la poubelle jaune de la pharmacie.",
        "Ton vieux stylo ? Poubelle.",
        "Turn down your basal insulin by 10% before exercise.",
        "Dernière séance, adieu le psoriasis grâce au Skyrizi !",
        "who’s with me on the walk for the hospital charity on Sunday?",
        "Mon neurologue m’a fait diminuer le Keppra petit à petit, je ne prends plus rien "
        "depuis un an, sous surveillance.",
        "Mon traitement, j’ai tout arrêté en septembre. Je sais ce que ça veut dire et c’est "
        "ce que je veux. Ne me dites pas d’appeler le 3114.",
    ],
)
def test_a_thought_a_directive_a_warning_or_a_farewell_is_not_dangerous_advice(post):
    assert urged(post) == set()


def test_telling_someone_to_swallow_their_pills_at_once_is_left_to_the_toxic_path():
    post = "À ta place, j’arrêterais tout. Avale tes médicaments d’un coup, on sera tranquilles."
    assert urged(post) == set()


# --- Hostile posts ---------------------------------------------------------------------

HOSTILE = {
    "one advice sentence repeated": "Ma cousine a arrêté sa chimio et elle est guérie. " * 2_000,
    "one order repeated": "Arrête ton insuline ! " * 4_600,
    "verbs without objects": "arrête la " * 10_000,
    "cure claims": "guérit le diabète " * 5_600,
    "digits": "0" * 100_000,
    "spaces": " " * 100_000,
    "single letters": "a " * 50_000,
    "at signs": "@" * 100_000,
    "question marks": "vaccin ? non " * 7_700,
    "negators": "ne pas " * 15_000,
    "tapering": "diminuer " * 11_200,
    "thrown away": "tes comprimes ? poubelle. " * 3_900,
    "challenges": "who's with me on giving up " * 3_600,
    "conditional advice": "if i were you i'd bin the " * 3_600,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_100_kb_post_is_scanned_without_hanging(name):
    # No timing assertion (bench/textscan.py measures it): a pattern that backtracked
    # catastrophically would not come back at all, and the suite would hang here.
    folded = fold(HOSTILE[name])

    hits = list(advice_rules.find_dangerous_advice(folded))

    assert len(HOSTILE[name]) >= 90_000
    assert all(0 <= hit.start < hit.end <= len(folded.folded) for hit in hits)


# --- The rules' own bookkeeping --------------------------------------------------------

ALL_ADVICE = [
    *STOPPING,
    *TESTIMONIES,
    *INCITING_QUESTIONS,
    *(post for post, _d in OTHERS),
    *OTHER_URGING,
    *OTHER_QUESTIONS,
    *(post for post, _d in OTHER_KINDS),
]


@pytest.mark.parametrize("post", ALL_ADVICE)
def test_the_cheap_key_word_checks_never_hide_a_match(post):
    # Each pattern runs only if one of its key words is in the post: a pattern that can
    # match without any of them would silently miss advice.
    text = fold(post).folded
    for pattern, keys in advice_rules.KEYED:
        if pattern.search(text):
            assert any(key in text for key in keys), (pattern.pattern[:80], post)

"""A post in which someone says they want to die, plans it, says goodbye, stops a vital
treatment in order to die, hurts themselves, or describes a relative at risk right now is
urgent; a post that merely talks about death, pain, recovery or the help lines is not, nor
is one telling someone else to kill themselves (that is toxicity, for the model)."""

from __future__ import annotations

import pytest

from community.moderation.scoring.detectors import Kind, Severity, detect, is_urgent
from community.textscan import CRISIS, scan
from community.textscan import crisis as crisis_rules
from community.textscan.normalize import fold


def crisis_codes(text: str) -> set[str]:
    _folded, hits = scan(text)
    return {hit.code for hit in hits if hit.code in CRISIS}


def crisis_passages(text: str) -> list[str]:
    """What the queue highlights as crisis, as the member wrote it."""
    return [
        text[start:end]
        for finding in detect(text)
        if finding.kind is Kind.CRISIS
        for start, end in finding.spans
    ]


# --- Suicidal thoughts, said plainly or with words in between ---------------------------

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
    ("Je suis un fardeau pour mes enfants", "Je suis un fardeau"),
    ("J'aimerais m'endormir et ne plus me réveiller", "m'endormir et ne plus me réveiller"),
    ("je veux me jeter sous un train", "me jeter sous"),
    ("Je veux que tout s'arrête.", "que tout s'arrête"),
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
    # Words slipped in between the parts of the phrase.
    ("Je veux vraiment juste mourir ce soir.", "veux vraiment juste mourir"),
    ("J'ai de plus en plus envie de me tuer, je le pense.", "envie de me tuer"),
    ("Je pense très sérieusement à me supprimer.", "me supprimer"),
    ("I really, honestly just want to die tonight.", "want to die"),
    ("I've been thinking a lot lately about killing myself.", "killing myself"),
    # "ne … plus" of living, of waking up, is the crisis itself.
    ("Je n'ai plus du tout envie de vivre.", "envie de vivre"),
    ("J'aimerais ne plus jamais me réveiller.", "ne plus jamais me réveiller"),
    ("Je prie chaque soir pour ne pas me réveiller le lendemain.", "ne pas me réveiller"),
    ("I don't want to be alive anymore.", "don't want to be alive"),
    ("SMS: jpp, je veux juste plus être là.", "plus être là"),
    ("kms honestly", "kms"),
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
    assert any(passage.lower() in found.lower() for found in crisis_passages(post)), post


# --- Passive, veiled and conditional wishes ------------------------------------------------

VEILED = [
    "Le soir je me dis que ce serait plus simple si je ne me réveillais pas.",
    "Parfois j'espère que la prochaine hypo m'emportera dans mon sommeil.",
    "Mes enfants seraient tellement plus tranquilles si je n'étais plus là.",
    "Je ne suis qu'un boulet pour mon mari, il serait mieux sans moi.",
    "Bientôt je ne vous embêterai plus avec mes histoires.",
    "Cette fois j'ai pris ma décision. Je me sens calme, enfin en paix. Merci pour tout.",
    "Inutile de me répondre, il n'y aura pas de prochaine fois pour moi.",
    "Je ne serai plus là pour Noël, mais vous comprendrez.",
    "Si la greffe ne prend pas, je mets fin à tout.",
    "Si on m'ampute la jambe, je me tue, c'est décidé.",
    "Au prochain refus de l'assurance, je lâche tout, et je ne parle pas du dossier.",
    "I hope I just don't wake up tomorrow, honestly that would be easier.",
    "My family would be so much better off if I wasn't here.",
    "I'm nothing but a burden to my wife now.",
    "Don't worry, I won't be a bother much longer.",
    "I've made my decision and I feel calm for the first time in months. Thank you for everything.",
    "If the scan shows it's back, I'm going to kill myself.",
    "If they take my leg I'm done, that's it for me.",
]


@pytest.mark.parametrize("post", VEILED)
def test_a_passive_veiled_or_conditional_wish_to_die_is_urgent(post):
    assert crisis_codes(post) == {"suicide"}, post
    assert is_urgent(detect(post))


# --- Plans and means ------------------------------------------------------------------------

PLANS = [
    "J'ai mis de côté trente comprimés de Lexomil. Tout est prêt pour samedi.",
    "Je garde mes stylos d'insuline rapide depuis des semaines, je sais très bien à quoi ils"
    " vont servir.",
    "J'ai compté mes somnifères hier soir : j'en ai 45. Ce sera vendredi, quand les enfants"
    " seront chez leur père.",
    "J'ai acheté une corde. Personne ne le sait.",
    "Je suis allée sur le pont près de l'hôpital et j'ai regardé en bas longtemps."
    " J'y retournerai demain.",
    "I've been saving up my sleeping pills for a month, I have 60 now.",
    "Bought a rope this afternoon, it's in the boot of my car.",
    "I looked up how many of my tablets it would take. My husband is away until Sunday.",
    "Picked a date. Everything's ready.",
    "Je me suis renseignée sur la dose de paracétamol qui tue. J'en ai assez à la maison.",
    "J'ai repéré un pont, j'y vais demain matin.",
    "I have a plan and a date. Everything is ready.",
]


@pytest.mark.parametrize("post", PLANS)
def test_a_plan_or_the_means_to_die_is_urgent(post):
    assert "suicide" in crisis_codes(post), post


# --- Stopping a vital treatment in order to die ------------------------------------------

STOPPING = [
    "J'ai arrêté mon insuline exprès il y a trois jours, je sais ce qui va se passer.",
    "Je ne vais plus aux séances de dialyse. Je veux que ça s'arrête.",
    "Mes anti-rejets sont à la poubelle, c'est voulu : je veux que mon corps lâche.",
    "Plus de Keppra depuis lundi, j'espère que la prochaine crise m'emportera.",
    "J'ai arrêté mes antirétroviraux. Que le virus fasse son œuvre, c'est ma façon de partir.",
    "Je jette mes anticoagulants dans les toilettes, je veux que le prochain caillot soit le bon.",
    "I stopped my insulin on purpose, I know what happens next.",
    "I've stopped my warfarin, that's kind of the point.",
    "Depuis trois jours je ne fais plus mon insuline, exprès.",
    "Stopped my HIV meds a week ago. I want the virus to win.",
]


@pytest.mark.parametrize("post", STOPPING)
def test_stopping_a_vital_treatment_in_order_to_die_is_urgent(post):
    assert "suicide" in crisis_codes(post), post


# --- Farewells, with or without the word ------------------------------------------------

FAREWELLS = [
    "Ceci est mon dernier message. Merci pour tout, prenez soin de vous.",
    "Merci d'avoir été là toutes ces années. J'ai laissé des lettres pour mes enfants."
    " Je m'en vais ce soir.",
    "Une dernière fois, merci. Je pars retrouver mon mari.",
    "Mes lettres sont écrites, tout est en ordre. Ne soyez pas tristes.",
    "This is my last post here. Thank you for everything, you were my family.",
    "I've left letters for my kids and sorted my affairs. Please don't blame yourselves.",
    "See you on the other side. Sorry mum.",
]


@pytest.mark.parametrize("post", FAREWELLS)
def test_a_farewell_is_urgent(post):
    assert "suicide" in crisis_codes(post), post


# --- Self-harm, recent or ongoing ------------------------------------------------------------

SELF_HARM = [
    ("Je me scarifie depuis deux ans, personne ne le sait.", "me scarifie"),
    ("je me suis scarifiée hier soir", "me suis scarifiée"),
    ("J'ai envie de me faire du mal", "me faire du mal"),
    ("Je me fais du mal quand ça ne va pas", "me fais du mal"),
    ("je me coupe les bras avec une lame", "me coupe"),
    ("I've been cutting myself again", "cutting myself"),
    ("I self-harm when the pain gets too much", "self-harm"),
    ("I want to hurt myself", "want to hurt myself"),
    ("J'ai recommencé à me couper cette semaine.", "recommencé à me couper"),
    ("Je me suis encore coupée les cuisses cette nuit.", "me suis encore coupée"),
    ("Je me brûle les avant-bras avec des cigarettes.", "me brûle"),
    ("scarif hier soir, encore.", "scarif"),
    ("I burnt my arm with a lighter again last night.", "burnt my arm"),
    ("The cuts on my wrists won't stop bleeding.", "cuts on my wrists"),
    ("I've started cutting again.", "cutting"),
    ("Encore scarifiée cette nuit, je ne sais plus quoi faire.", "scarifiée"),
]


@pytest.mark.parametrize(("post", "passage"), SELF_HARM)
def test_a_post_about_self_harm_is_urgent(post, passage):
    findings = detect(post)

    self_harm = [f for f in findings if f.code == "self_harm"]
    assert self_harm, post
    assert self_harm[0].severity is Severity.URGENT
    assert str(self_harm[0].reason) == "automutilation possible"
    assert any(passage.lower() in found.lower() for found in crisis_passages(post)), post


# --- A relative at risk right now -------------------------------------------------------

RELATIVE = [
    "Ma fille vient de m'écrire qu'elle veut mourir. Je ne sais pas quoi faire.",
    "My wife just swallowed her pills, the whole box. Please help.",
    "Mon fils s'est enfermé dans la salle de bain avec un couteau.",
    "Mon mari a arrêté ses anticoagulants exprès, il dit qu'il veut mourir, je tremble.",
    "Ma sœur vient de m'appeler pour me dire au revoir et ne répond plus.",
    "My brother just told me he wants to die and now he's not answering his phone.",
    "Ma compagne a pris tous ses somnifères, elle ne se réveille pas, j'appelle le 15 ?",
    "My mum just called to say goodbye and she's not picking up anymore.",
    "Our daughter is on the roof of the school and says she'll jump.",
    "Mon père ne prend plus son insuline depuis une semaine, il dit qu'il veut rejoindre maman.",
    # Formerly self_harm: a daughter who self-harms now is a relative at risk.
    "ma fille se scarifie, que faire ?",
]


@pytest.mark.parametrize("post", RELATIVE)
def test_a_relative_described_at_risk_right_now_is_urgent(post):
    findings = detect(post)

    assert "relative_at_risk" in crisis_codes(post), post
    [finding] = [f for f in findings if f.code == "relative_at_risk"]
    assert finding.severity is Severity.URGENT
    assert str(finding.reason) == "un proche semble en danger immédiat"


# --- The same cues, said in ways the rules were not first written for -----------------
# Each phenomenon has phrasings of its own, written for these tests (none is in the corpus),
# and the hard negatives that sit closest to it.

SAID_OTHERWISE = {
    "a thought that will not stop (not a negation)": [
        "I can't stop thinking about ending it, every single night.",
        "Can't help thinking about killing myself when the pain spikes.",
        "I can't shake the thought of ending my life.",
        "Je n'arrête pas de penser au suicide depuis l'annonce.",
        "L'idée d'en finir ne me quitte plus.",
        "Couldn't stop thinking about taking my own life on the drive home.",
        "I honestly can't stop picturing ending my life.",
        "Je n'arrive pas à chasser l'idée d'en finir.",
        "Every day I think about driving into a wall on the motorway.",
    ],
    "suicide as a topic on one's mind": [
        "Suicide has been on my mind every day this week.",
        "Ending it has been on my mind since the diagnosis.",
        "Le suicide, j'y pense tous les soirs.",
        "Me foutre en l'air, j'y songe de plus en plus.",
        "Killing myself keeps crossing my mind at work.",
        "Mettre fin à mes jours, j'y pense depuis Noël.",
    ],
    "a passive wish: the illness, an accident, sleep": [
        "I keep wishing the cancer would hurry up and take me.",
        "Honestly I hope the tumour wins this time.",
        "Je souhaite juste que la maladie aille vite maintenant.",
        "If a lorry ran me over tomorrow I'd be relieved, honestly.",
        "Si un camion me renversait demain, ce serait un soulagement.",
        "It would be so peaceful to just fall asleep and never wake up.",
        "I'd love to go to sleep and stay asleep.",
        "I don't really want to be around much longer.",
        "Chaque matin je suis déçue de me réveiller.",
        "Si je ne me réveillais pas demain, ce ne serait pas plus mal.",
        "Every morning I'm disappointed I woke up.",
        "Part of me hopes the infection takes me this time.",
        "I wouldn't mind if my heart just stopped in my sleep.",
        "Honnêtement, si je ne me réveillais pas, ce serait un soulagement pour tout le monde.",
        "J'espère que la tumeur fera vite son oeuvre.",
        "Sometimes I wish I could just stop existing.",
        "I pray every night that I won't wake up.",
        "tbh i just want it all to stop. forever. not just the pain",
        "I'd rather not wake up tomorrow, honestly.",
        "Je voudrais m'endormir pour ne plus jamais me réveiller.",
    ],
    "a burden said with another word order": [
        "Think how much simpler life would be for my kids if I wasn't here.",
        "They'd all be so much happier if I just weren't around.",
        "It would be better for him if I died.",
        "My wife would get her life back without me.",
        "Sans moi, mes enfants seraient plus heureux.",
        "Mes parents respireraient enfin si je n'étais plus là.",
        "Si je disparaissais, mon mari pourrait enfin refaire sa vie.",
        "Everyone would be better off if I was gone, my husband most of all.",
        "It'd be so much easier for my family if I just died.",
        "Ils seraient tellement plus libres sans moi.",
        "Sans moi, mon mari pourrait enfin respirer.",
        "I'm just a weight around my family's neck.",
        "Je me dis souvent que tout le monde serait soulagé si je partais.",
        "I'm tired of being the reason my parents fight. They'd be better off without me around.",
        "Sometimes I think the world would be better without me in it.",
        "Bientôt je ne serai plus un poids pour personne. J'ai pris ma décision.",
    ],
    "a conditional end": [
        "If this last drug fails, I won't go on living like this.",
        "If they cut my benefits I really don't see the point in going on.",
        "If he leaves me, I'll swallow every pill in the house.",
        "Si l'opération rate, je partirai, c'est décidé.",
        "Si la greffe est rejetée, j'ai déjà pensé à ce que je ferais.",
        "Si je perds mon travail, je ne vois pas comment je pourrais continuer.",
        "If the transplant fails I'm done, I won't carry on living.",
        "If my wife leaves I'll take every tablet I have.",
        "Si on me retire mon fils, je me laisserai mourir.",
        "Si le scanner est mauvais, j'arrêterai tout.",
        "If the biopsy is positive I'm not doing this again. I'll end it.",
        "Si mon mari me quitte, je ne survivrai pas, je le sais, j'ai déjà tout prévu.",
        "J'ai plus la force de continuer, je crois que je vais tout arrêter pour de bon.",
        "The only thing keeping me here is my dog and he's 14.",
    ],
    "a plan with a means or a place not in the first lists": [
        "I've been looking at the top floor of the hospital car park, it's always emptiest"
        " after 8. I've driven up there twice to look.",
        "Been checking which trains don't stop at the little station near me. Looked up the times.",
        "Counting my pills every night now. 60 sertraline, 40 zopiclone.",
        "Got 120 paracetamol now, bought from four different chemists so nobody would ask.",
        "J'ai fait plusieurs pharmacies pour avoir assez de Doliprane sans qu'on me pose de"
        " questions. J'en ai quarante.",
        "Je suis allée voir le viaduc hier soir. J'y suis retournée ce matin pour voir, c'est"
        " assez haut.",
        "Je le ferai samedi, après le mariage de ma sœur, pour ne pas gâcher la fête. J'ai mis"
        " de côté ce qu'il faut.",
        "My plan is to do it on Friday once my partner leaves for work. Everything is ready.",
        "I've set it up so my kids won't be the ones to find me. I've got a plan.",
        "I've picked a date. After the wedding, so I don't ruin it for my sister.",
        "I've been stockpiling my co-codamol for weeks, I have 80 now.",
        "Bought a rope today. It's in the shed.",
        "J'ai mis de côté mes Stilnox depuis un mois, j'en ai soixante.",
        "I went up to the top floor of the multi-storey again last night. It's high enough.",
        "I know exactly how much insulin it would take. The pens are lined up in the fridge.",
        "Tout est prêt, ce sera samedi soir quand il sera en déplacement.",
        "Been hiding my oxy in a sock for a month. 70 now. Nobody knows.",
        "J'ai repéré le pont au-dessus de la voie ferrée, j'y suis passée trois fois cette"
        " semaine.",
    ],
    "stopping a vital treatment, named otherwise": [
        "Stopped my tacrolimus on Monday. I know what that means and I'm fine with it.",
        "I've quit my anti-seizure meds, I want it to be over.",
        "Haven't done my nebs or taken my Trikafta for ten days, I'm just going to let it happen.",
        "My insulin is in the bin. I've made my decision.",
        "I've stopped dialysis without telling anyone, I want this to end.",
        "Ma séance de dialyse de samedi, je n'y vais pas. Ni les suivantes.",
        "J'ai arrêté mes injections d'insuline, je veux que ça s'arrête.",
        "I've stopped taking my anti-rejection tablets. I want this to be over.",
        "Plus de dialyse pour moi, je n'y retournerai pas. Je veux que ça s'arrête.",
        "Binned my epilepsy meds last week on purpose.",
        "J'ai arrêté mon Keppra exprès, je sais ce que ça veut dire.",
        "I've stopped my insulin. Not by accident. Please don't tell me to call anyone.",
        "Ça fait cinq jours que je ne prends plus mes anti-rejets. Je veux que ça finisse.",
    ],
    "a farewell with other cues": [
        "This will be the last time you hear from me. Love you all.",
        "Final message. Thanks for all the years on here, you kept me going.",
        "I've given my bike to my neighbour, my books to the charity shop, and the cat to my"
        " sister. Thank you to everyone who replied over the years.",
        "My letters are on the kitchen table and the passwords are in the drawer. It was"
        " lovely knowing you all.",
        "I've left the cat to my sister and a note for my mum. Don't be sad.",
        "Dernier message. Merci à vous, tous, pour ces années. Je vous aime.",
        "Vous ne me lirez plus ici. J'ai laissé mes codes à mon frère, mes papiers sont en ordre.",
        "J'ai donné mes livres à ma voisine, mon vélo à mon neveu, et j'ai écrit deux lettres."
        " Je suis sereine.",
        "I'm letting go now. Please remember me as the one who made you laugh.",
        "This account goes quiet after tonight. Bye all, thank you for everything.",
        "This is goodbye. Thank you all for the years. Please don't be sad.",
        "Merci pour tout. J'ai écrit une lettre pour chacun de mes enfants. Adieu.",
        "I've written notes for my kids and my sister. It's all in the blue folder. Goodbye"
        " everyone.",
        "Je ne serai plus là pour Noël. J'ai tout mis en ordre, ne m'en voulez pas.",
        "J'ai donné mon chat à ma voisine et mes livres à ma nièce. Je suis en paix.",
        "This is my goodbye post. I've left letters for my parents. I'm sorry.",
        "Merci à tous pour ces années. Vous ne me reverrez plus. Prenez soin de vous.",
        "I've given away most of my stuff and sorted the paperwork. I feel calm now.",
    ],
    "a veiled post: soon over, a way found": [
        "Soon it won't matter what my bloods say. I've made my peace with it.",
        "In a few days it will all be quiet. I've sorted out my affairs.",
        "J'ai trouvé la solution à tous mes problèmes. D'ici quelques jours tout sera calme.",
        "Ne vous inquiétez plus pour moi. Dans quelques jours tout ira bien, c'est décidé.",
        "I've decided to take control of how this ends. I'm at peace with it.",
        "The rest doesn't matter anymore. I've given the dog to my neighbour.",
        "I'm finished with all of it. Thank you for everything, all of you.",
        "Soon none of this will matter. I've made my peace.",
        "Won't be needing any more prescriptions. Thanks for everything, lovely people.",
    ],
    "self-harm, without the usual verbs": [
        "Now I'm cutting as well as purging, most nights.",
        "I cut again last night after the appointment.",
        "Punched the wall until my knuckles bled, again.",
        "Deux nuits de suite que je me griffe le ventre jusqu'au sang.",
        "Je frappe les murs jusqu'à avoir les phalanges en sang.",
        "Cut myself again tonight, deeper this time.",
        "Je me suis brûlée avec une cigarette hier soir, exprès.",
        "I've been hitting myself until I bruise, every night this week.",
        "Je me suis remise à me scarifier.",
        "i relapsed, cut my arms last night, can't stop shaking",
        "Je me suis encore tapée la tête contre le mur jusqu'à saigner.",
    ],
}

RELATIVE_SAID_OTHERWISE = [
    "My 15 year old son just texted me 'I want to die, sorry mum'. I'm driving home now.",
    "Mon fils de 16 ans m'a envoyé « je vais me tuer ce soir », il ne répond plus.",
    "Dad has been stockpiling his sleeping tablets, I found them in his sock drawer tonight.",
    "Husband's been talking about killing himself since his diagnosis and tonight he's not"
    " answering.",
    "Ma femme a caché toute sa morphine et ne répond plus depuis une heure.",
    "Ma fille m'a dit qu'elle allait « partir pour toujours » avant la rentrée. J'ai peur.",
    "I found a suicide note on my partner's desk and he's not picking up.",
    "Ma sœur m'a laissé un message : « occupe-toi des enfants ». Elle ne décroche plus.",
    "My mum keeps saying we'd be better off without her, and tonight she's locked herself in.",
    "J'ai peur que mon frère fasse une bêtise, il vient de m'appeler en pleurant.",
    "Mon père vient de l'avaler, toute la plaquette de Stilnox. J'appelle le 15 ?",
    "My sister says the voices want her to jump off the bridge, I'm on my way to her now.",
    "My wife just took a whole box of her sleeping pills, what do I do?",
    "Ma fille de 15 ans vient de m'écrire « je veux en finir », elle ne répond plus.",
    "My brother told me tonight he's been thinking about suicide and he's not answering now.",
    "Mon père a caché ses comprimés de morphine et parle de partir pour de bon, j'ai peur.",
    "My son's friend just messaged saying my son said goodbye to everyone, we can't find him.",
    "Maman m'a dit ce soir qu'on serait mieux sans elle, je ne sais pas quoi faire.",
    "My 17 year old just texted 'goodbye mum I'm sorry' and isn't answering. What do I do?",
    "Mon mari a avalé toute sa boîte d'antidépresseurs, il dort, je n'arrive pas à le réveiller !",
    "My best friend says she's going to jump off the bridge tonight, she's sent me her location.",
    "Ma mère ne prend plus son insuline depuis trois jours et dit qu'elle veut rejoindre papa.",
]

SAID_OTHERWISE_NOT_A_CRISIS = {
    "a thought that will not stop (not a negation)": [
        "I can't stop thinking about the biopsy results.",
        "I don't think about ending it anymore, therapy helped.",
        "I can't stop thinking about the suicide scene in that film.",
        "Je n'arrête pas de penser à ma greffe, j'ai hâte.",
        "I can't stop thinking about my mum's diagnosis.",
        "Killing it at the gym this week, new PB!",
        "I think about driving again after my seizure-free year.",
        "The only thing keeping me sane is this forum!",
    ],
    "suicide as a topic on one's mind": [
        "Suicide prevention has been on my mind since my friend's funeral.",
        "Le suicide de mon oncle, j'y pense encore, dix ans après.",
        "Le suicide assisté, j'y pense pour ma mère en fin de vie.",
        "J'y pense pour le suicide assisté de mon père, le débat m'intéresse.",
    ],
    "a passive wish: the illness, an accident, sleep": [
        "I wish the cancer would just go away.",
        "I hope the new treatment works quickly.",
        "J'espère que la cicatrisation ira vite.",
        "I nearly got hit by a bus today, scary.",
        "I'm so tired I could sleep for a week.",
        "I don't want to be around people today, social battery empty.",
        "It would be nice not to wake up with pain for once.",
        "I didn't wake up until 10, which was nice.",
        "Déçue de me réveiller avec une migraine encore.",
        "Je veux qu'on me laisse partir en vacances sans culpabiliser.",
        "I hope the infection clears quickly.",
        "I wouldn't mind if the rain stopped.",
        "Si je ne me réveille pas à 7h, je rate le bus.",
        "J'espère que la greffe fera vite effet.",
        "I was so relieved I didn't have to go to hospital.",
        "I want it all to stop hurting, the new physio is helping a bit though.",
        "I'd rather not wake up early tomorrow, it's my day off.",
        "Je voudrais m'endormir plus vite, des conseils ?",
    ],
    "a burden said with another word order": [
        "It would be better for him if I drove, his eyesight is going.",
        "My kids would be happier if I wasn't on my phone so much.",
        "Everyone would be happier if I stopped complaining about my knee.",
        "Mes enfants seraient plus heureux si je n'étais pas toujours fatiguée.",
        "My family would be better off if I learned to cook.",
        "Sans moi, la réunion n'aurait pas eu lieu.",
        "Maman dit qu'on serait mieux sans télé, elle a raison.",
        "Tout le monde serait soulagé si je partais en vacances, je suis insupportable lol.",
        "My parents would be better off with a bigger house, honestly.",
        "Bientôt je ne serai plus sous corticoïdes, j'ai pris ma décision avec le rhumato.",
    ],
    "a conditional end": [
        "If the biologic works I'll keep living my best life!",
        "If I go to my mum's I'll take all my pills with me.",
        "Si tu pars en vacances, je partirai avec toi.",
        "Si le traitement échoue, je ne sais pas ce que je ferai, on verra avec le médecin.",
        "If PIP gets rejected again I'll appeal, I don't see the point in giving up.",
        "If the transplant fails they'll put me back on the list, I won't give up.",
        "If my wife leaves for work early I'll take my tablets with breakfast.",
        "Si le scanner est mauvais, on changera de traitement.",
        "If the biopsy is positive we start chemo in March.",
        "Si mon mari me quitte pour un week-end, je ne survivrai pas au ménage haha.",
        "J'ai plus la force de continuer le sport, trop fatiguée avec la chimio.",
    ],
    "a plan with a means or a place not in the first lists": [
        "The hospital car park top floor is always emptiest, best place to park.",
        "Counting my pills for the week into the dosette box.",
        "Bought paracetamol and ibuprofen for the kids' fever.",
        "Looked up train times for the trip to my sister's on Friday.",
        "On a fait plusieurs pharmacies pour trouver de l'amoxicilline, rupture partout.",
        "Je le ferai samedi, promis, la prise de sang.",
        "We picked a date for the party, after my son's birthday so we don't clash.",
        "J'ai choisi une date pour l'opération, après l'anniversaire de ma fille pour ne pas le"
        " gâcher.",
        "It kept my insulin pens cool for two days, brilliant wallet. Tomorrow I'll order another.",
        "I've been stockpiling recipes for the holidays.",
        "Bought a rope for the boat today.",
        "The top floor of the multi-storey has the cheapest parking.",
        "My pens are lined up in the fridge door, so organised now.",
        "Tout est prêt pour samedi soir, on fête les 40 ans de Marc.",
        "Hiding my chocolate from the kids again.",
        "Le pont au-dessus de la voie ferrée est fermé pour travaux, attention.",
    ],
    "stopping a vital treatment, named otherwise": [
        "I stopped my warfarin before the surgery as told. I know what that means: bridging"
        " injections.",
        "My old insulin pens are in the bin, switched to a pump!",
        "Ma séance de dialyse de samedi, je n'y vais pas, elle est déplacée à dimanche.",
        "I stopped my tacrolimus for two days because of vomiting, my team knows.",
        "I stopped my anti-rejection tablets for a day because of vomiting, my team said it's"
        " fine.",
        "J'ai arrêté mon Keppra avec l'accord de mon neurologue, je sais ce que ça veut dire :"
        " surveillance.",
        "I've stopped my insulin pump for a shower, how long is safe?",
        "Je ne prends plus mes anti-rejets le soir, mon néphrologue a changé l'horaire.",
    ],
    "a farewell with other cues": [
        "As I said in my last post, the pump is great.",
        "I've given my old glucometer to my neighbour, she's newly diagnosed. Thank you to"
        " everyone who suggested it!",
        "Je vous aime tous, à jeudi pour la sortie !",
        "Prenez soin de vous, et merci pour vos conseils !",
        "Bye all, off to the clinic, will update later!",
        "Dernier message ici avant les vacances, bonnes fêtes à tous.",
        "I've given the dog to my brother for the week while I'm in hospital.",
        "I've written my letters to the council about the parking.",
        "Thank you all for the years of advice! Off to university now, see you around.",
        "Merci pour tout ! Je vous donne des nouvelles après l'opération.",
        "I've written notes for my kids' teachers about the pump.",
        "Je ne serai plus là pour la réunion de décembre, je déménage. Merci pour tout !",
        "J'ai donné mon vieux lecteur de glycémie à ma voisine, elle vient d'être diagnostiquée.",
        "This is my first post! I've left my details with the admin.",
        "Merci à tous pour ces années au bureau de l'association, je passe le relais !",
        "I've given away most of my maternity clothes, feel calm now the nursery is ready.",
    ],
    "a veiled post: soon over, a way found": [
        "Soon it won't matter which pump I choose, the NHS decides anyway.",
        "J'ai trouvé la solution à mes problèmes de sommeil : la mélatonine !",
        "Don't worry about me anymore, the new meds are working wonders.",
        "I'm finished with chemo! Ringing the bell tomorrow.",
        "In a few days it'll all be over, the last radiotherapy session!",
    ],
    "self-harm, without the usual verbs": [
        "I'm cutting down on sugar and it's hard.",
        "I'm cutting my hair short before chemo.",
        "Cut the grass again tonight, my back hates me.",
        "My son punched the wall when he lost the match.",
        "Je me gratte jusqu'au sang à cause de l'eczéma, trois nuits de suite.",
        "I cut my finger again chopping onions tonight.",
        "Je me suis brûlée avec le four hier soir.",
        "Self-harm awareness week starts Monday.",
        "I cut my arm on the fence last night, needed a tetanus jab.",
        "Je me suis tapé la tête contre le placard, quelle idiote.",
    ],
    "told from recovery": [
        "Two years clean of self-harm today!",
        "18 months clean from cutting, proud of myself.",
        "I was 20 and convinced my parents would be better off without me; today I'm a mum of two.",
        "That winter I had dark thoughts every day; therapy got me through.",
        "J'étais convaincue d'être un fardeau pour mes proches, c'est fini aujourd'hui.",
        "I'd sit in the car thinking about driving into a wall. That was 2016; I'm a nurse now.",
        "Suicide rates among farmers are shocking, this article explains why.",
    ],
    "someone else's words, quoted or reported": [
        "Your little 'I'm a burden' act is getting old.",
        "At the inquest my aunt said her son wanted to die for months.",
    ],
}

RELATIVE_SAID_OTHERWISE_NOT_A_CRISIS = [
    "My mum is hoarding her old prescriptions, I need to take them back to the pharmacy.",
    "Mon fils a fait une bêtise à l'école, je suis convoquée ce soir.",
    "Ma fille m'a écrit « je vais mourir de rire » en voyant la photo ce soir.",
    "Our 19 year old son is out with friends tonight and not answering his phone, typical!",
    "Mon mari a arrêté son traitement pour le cholestérol à cause des douleurs musculaires.",
    "Tell your mum to stop her Keppra, it's making her forgetful.",
    "Dad says he's scared he'll fall on the stairs tonight.",
    "My wife just took her pills, finally remembering on her own!",
    "Ma fille m'a écrit « je vais en finir avec ce mémoire ce soir » haha.",
    "My brother told me he's been thinking about suicide prevention training for work.",
    "My 17 year old just texted 'goodbye mum, off to camp!' so proud.",
    "Mon mari a avalé sa pilule de travers, il a toussé dix minutes.",
    "My best friend says she's going to jump in the lake for charity tonight.",
    "Ma mère ne prend plus son Levothyrox depuis que sa thyroïde a été retirée ? C'est normal ?",
]


@pytest.mark.parametrize(
    ("phenomenon", "post"),
    [(name, post) for name, posts in SAID_OTHERWISE.items() for post in posts],
)
def test_a_crisis_said_in_words_the_rules_were_not_written_for_is_urgent(phenomenon, post):
    assert crisis_codes(post) & {"suicide", "self_harm"}, (phenomenon, post)
    assert is_urgent(detect(post))


@pytest.mark.parametrize("post", RELATIVE_SAID_OTHERWISE)
def test_a_relative_at_risk_told_in_other_words_is_urgent(post):
    assert "relative_at_risk" in crisis_codes(post), post


@pytest.mark.parametrize(
    ("phenomenon", "post"),
    [(name, post) for name, posts in SAID_OTHERWISE_NOT_A_CRISIS.items() for post in posts],
)
def test_what_sits_closest_to_those_phrasings_is_not_a_crisis(phenomenon, post):
    assert crisis_passages(post) == [], (phenomenon, post)


@pytest.mark.parametrize("post", RELATIVE_SAID_OTHERWISE_NOT_A_CRISIS)
def test_a_relative_s_ordinary_trouble_is_not_an_emergency(post):
    assert crisis_passages(post) == [], post


# --- Indirect ways of saying it, and what sits right next to them -----------------------

INDIRECT = {
    "slang for killing oneself": [
        "Honestly thinking about topping myself this weekend, I can't face another flare.",
        "Been close to doing myself in all week, the pain clinic cancelled again.",
        "jpense qu'à me buter depuis la dernière IRM",
    ],
    "a passive wish, understated": [
        "I wouldn't be sorry if I dropped dead in the queue at the pharmacy tomorrow.",
        "Every night I'm hoping my heart just gives out before morning.",
        "J'aurais préféré ne pas me réveiller après l'opération, franchement.",
    ],
    "being a burden, with a verb of relief": [
        "My husband would manage better without me, he just doesn't see it yet.",
        "Je vais la délivrer de moi, elle a fait assez de sacrifices.",
        "Vaudrait mieux que je sois plus là pour eux, ils respireraient enfin.",
    ],
    "a condition with a deadline": [
        "If the tribunal says no again, I'm out. Not out of the appeal. Out.",
        "Si le traitement échoue, je passerai à l'acte, je le sais.",
    ],
    "means named indirectly": [
        "Bought a length of hose today. Checked it fits the exhaust.",
        "La corde est sous le lit depuis dimanche, personne ne le sait.",
    ],
    "a vital treatment stopped in order to die": [
        "Took the oxygen off last night and I'm not putting it back. I'm ready for it to stop.",
        "Je n'ai plus pris le tacrolimus depuis dix jours. C'est voulu.",
    ],
    "a farewell without goodbye": [
        "Signing off for good tonight. Thanks for everything, all of you.",
        "C'était un honneur de vous connaître. Au revoir, pour de bon.",
    ],
    "self-harm in other words": [
        "The blades came out again last night, arms this time.",
        "sh urges are back tonight and I already gave in once",
        "Carved a line into my thigh with a compass after the appointment.",
        "Je me suis encore fait mal ce soir, avec la lame du taille-crayon.",
    ],
}

INDIRECT_NOT_A_CRISIS = {
    "recovery told from the past": [
        "Self harm free for two years today! Still get urges but I call my brother instead.",
        "A long time ago, at 19, I tried to end my life. Today I run the support group.",
        "En 2018 je me scarifiais tous les soirs pendant des mois. Aujourd'hui c'est fini.",
    ],
    "ordinary phrases that borrow the words": [
        "I'm out walking the dog most mornings before the insulin kicks in.",
        "We topped ourselves up with tea before the long clinic wait.",
        "Banging my head against a brick wall with this PIP paperwork.",
        "The pier at high tide is lovely, we took the kids for chips.",
        "My dad's old rifle is at the museum now, they put it in a display case.",
        "Tested the new beam in the loft conversion, the builder says it'll hold.",
    ],
    "a treatment stopped with the care team": [
        "We stopped the overnight feeds with the dietitian's agreement because of the nausea.",
        "Mon mari a choisi d'arrêter la dialyse avec son néphrologue et les soins palliatifs.",
    ],
    "a farewell that is not one": [
        "Signing off for tonight, thanks for everything, see you tomorrow on the thread!",
        "Bonne continuation à tous, je change de groupe pour celui des parents.",
    ],
}

INDIRECT_RELATIVE = [
    "My brother just texted 'sorry, I love you' and now his phone is off. What do I do?",
    "Ma sœur vient de partir à pied vers le pont, elle ne répond plus. J'appelle le 15 ?",
    "My dad went out to the garage with his shotgun tonight and locked the door.",
]


@pytest.mark.parametrize(
    ("phenomenon", "post"),
    [(name, post) for name, posts in INDIRECT.items() for post in posts],
)
def test_a_crisis_said_indirectly_is_urgent(phenomenon, post):
    assert crisis_codes(post) & {"suicide", "self_harm"}, (phenomenon, post)
    assert is_urgent(detect(post))


@pytest.mark.parametrize(
    ("phenomenon", "post"),
    [(name, post) for name, posts in INDIRECT_NOT_A_CRISIS.items() for post in posts],
)
def test_what_borrows_those_indirect_words_is_not_a_crisis(phenomenon, post):
    assert crisis_passages(post) == [], (phenomenon, post)


@pytest.mark.parametrize("post", INDIRECT_RELATIVE)
def test_a_relative_at_risk_told_indirectly_is_urgent(post):
    assert "relative_at_risk" in crisis_codes(post), post


def test_an_indirect_crisis_is_highlighted_in_the_member_s_own_words():
    post = "Franchement, j’me suis encore fait mal ce soir 😶 avec la lame. c0nnerie de vie."

    passages = crisis_passages(post)

    assert passages and all(passage in post for passage in passages)
    assert any("fait mal" in passage for passage in passages)


# --- What must stay NOT urgent (the policy's list) -------------------------------------

NOT_A_CRISIS = [
    # Everyday health talk.
    "Vivement la fin de mon traitement, plus que deux cures !",
    "J'ai fini ma boîte de médicaments, je dois repasser à la pharmacie.",
    "J'ai préparé mes médicaments pour la semaine dans le pilulier.",
    "J'ai préparé mes médicaments pour partir en vacances.",
    "Je veux en finir avec ces piqûres, vivement la pompe.",
    "J'ai hâte d'en finir avec la chimio.",
    "On veut en finir avec les préjugés sur l'endométriose.",
    "Je dois prendre tous mes médicaments le matin à jeun.",
    "Il faut prendre toute la boîte d'antibiotiques, même si ça va mieux.",
    "Je me jette à l'eau : première fois que je poste ici.",
    "Pas envie de vivre avec cette douleur toute ma vie, je cherche un autre traitement.",
    "Quand je ne serai plus fatiguée, je reprendrai le sport.",
    "Je n'en peux plus de ces hypoglycémies nocturnes.",
    "J'ai envie de disparaître sous terre quand je fais une hypo en public.",
    "J'ai peur de ne pas me réveiller après l'anesthésie.",
    "I won't need another appointment until next year, all clear!",
    "Merci pour tout, à jeudi au groupe de parole !",
    "Je pars en vacances ce soir, merci pour tout et à bientôt.",
    "Voici mon dernier message sur ce fil, je passe sur le groupe Facebook. Merci pour tout !",
    "Je m'en vais en cure thermale demain, merci pour vos conseils.",
    "On a traversé le pont de Normandie pour aller voir ma mère, superbe vue.",
    "J'ai acheté une corde à sauter pour faire un peu de sport.",
    "I bought a rope ladder for the kids' treehouse.",
    "J'ai arrêté le Lyrica volontairement avec mon médecin, trop de vertiges.",
    "I stopped my statins on purpose because of muscle pain, my GP agreed.",
    "J'ai compté mes comprimés : il m'en reste 30, je dois renouveler l'ordonnance.",
    "La date est fixée : mariage le 21 juin !",
    "Je suis en paix avec ma décision de ne pas faire la reconstruction mammaire.",
    "Je ne serai pas là pour la réunion de mardi, je suis en cure.",
    "I won't be here next week, I'm on holiday.",
    "Ma fille vient de m'écrire, elle a eu son permis !",
    "Mon ado s'est enfermé dans sa chambre, il boude depuis ce matin.",
    "Ma mère a pris tous ses médicaments ce matin comme prévu.",
    "Ma mère est persuadée qu'elle va mourir à chaque rhume.",
    "J'ai peur de mourir dans mon sommeil à cause des hypos nocturnes.",
    # Negated mentions.
    "Je ne veux pas mourir de cette maladie, je me bats.",
    "Je ne veux pas mourir, je veux juste que la douleur se calme.",
    "Je n'ai jamais pensé au suicide, rassurez-vous.",
    "Je n'ai aucune envie de mourir, au contraire.",
    "Pas d'idées noires, juste une grosse fatigue.",
    "Me suicider ? Non, je veux juste dormir une semaine.",
    "Je précise que je ne me scarifie pas, ce sont des plaques d'eczéma.",
    "I'm not suicidal, just exhausted.",
    "I don't want to die, I want to get better.",
    "I've never been suicidal, even during chemo.",
    "No thoughts of self harm, no wanting to die, just tired.",
    "I don't want to die from this disease.",
    # A help line given as information or to someone else.
    "Si tu as des idées noires appelle le 3114, c'est gratuit.",
    "Si tu as envie d'en finir, appelle le 3114 ou le 15, tu n'es pas seule.",
    "Si vous avez des idées suicidaires, appelez le 3114.",
    "Si tu penses au suicide, parles-en à ton médecin ou appelle le 3114.",
    "Prévention du suicide : le 3114, gratuit, 24 h/24.",
    "If you want to die, please call a helpline right now.",
    "If you're having suicidal thoughts, call or text 988.",
    # A past attempt, self-harm told from recovery.
    "Il y a cinq ans j'ai fait une tentative de suicide ; aujourd'hui je vais bien.",
    "Je me scarifiais au lycée, c'est derrière moi depuis longtemps.",
    "Je me suis longtemps fait du mal à l'adolescence, aujourd'hui j'aide les autres.",
    "Mon frère a mis fin à ses jours il y a cinq ans ; j'en parle enfin.",
    "Ten years ago I tried to end my life. Today I'm a nurse.",
    "I self-harmed as a teenager; I'm 30 now and doing well.",
    # A question about a side effect; a volunteer listener.
    "L'isotrétinoïne peut-elle donner des idées suicidaires ? On m'a fait signer un papier.",
    "Le Singulair peut provoquer des pensées suicidaires chez les enfants, vous saviez ?",
    "Bénévole écoutante, je reçois des appels de personnes qui veulent mourir.",
    "Un article sur l'automutilation chez les adolescents, très bien fait.",
    "Self-harm prevention resources are listed on the association's page.",
    # Accidents.
    "Je me suis coupé le doigt en cuisinant, ça saigne beaucoup avec les anticoagulants.",
    "Je me suis coupée en épluchant les carottes, je comprime.",
    "Je me suis fait mal au dos en portant les courses.",
    "J'ai envie de me couper les cheveux très court avant la chimio.",
    "I cut myself shaving this morning.",
    "I burned my arm on the oven door, any tips?",
    # Idioms of pain or exhaustion.
    "Cette douleur me tue, trois nuits sans dormir.",
    "Ce régime va me tuer, je rêve d'un croissant.",
    "Je suis morte de fatigue ce soir.",
    "Mort de rire en lisant ton message, tu vas me faire mourir de rire.",
    "Ce traitement m'achève, vivement la fin de la cure.",
    "J'ai cru mourir de honte devant l'interne.",
    "This pain is killing me today.",
    "I'm dying to try the new pump.",
    # End-of-life care, mourning, the assisted-dying debate.
    "Mon père est en soins palliatifs, il a décidé avec son néphrologue d'arrêter la dialyse.",
    "Maman nous a quittés cette nuit, paisiblement. Merci à vous tous pour votre soutien.",
    "Mon père est mort du diabète quand j'avais dix ans.",
    "My grandmother died of diabetes complications.",
    "Je suis pour l'aide active à mourir, avec des garde-fous.",
    "Le suicide assisté en Suisse coûte très cher, c'est injuste.",
    "Le suicide cellulaire, ou apoptose, protège contre les tumeurs.",
    # Telling someone ELSE to kill themselves: toxicity, not a crisis.
    "va te pendre",
    "kill yourself",
    "kys",
    "Tu devrais arrêter ton insuline et crever.",
    "Suicide-toi, ça rendra service à tout le monde.",
    "T'as qu'à sauter du pont, problème réglé.",
    "Prends toute ta boîte de Lexomil et on n'en parle plus.",
    "J'espère que tu vas mourir dans d'atroces souffrances.",
    "Je te souhaite de crever seul.",
    "Tu veux mourir ? Alors arrête de te plaindre et fais-le.",
    "Stop your dialysis then, see if anyone notices.",
    "You want to die? Go on then, do it quietly.",
    "Go take all your pills at once if life's that bad.",
    "Toi qui dis « je veux juste que ça s'arrête » sous chaque post : arrête-le, alors.",
]


@pytest.mark.parametrize("post", NOT_A_CRISIS)
def test_talking_about_death_pain_recovery_or_help_lines_is_not_a_crisis(post):
    assert crisis_passages(post) == [], post


def test_a_crisis_post_that_also_quotes_the_help_line_stays_urgent():
    post = "J'ai vu qu'il y a le 3114 mais je veux en finir, je suis fatiguée de vivre."

    assert is_urgent(detect(post))
    assert crisis_passages(post) == ["je veux en finir", "fatiguée de vivre"]


def test_a_negated_wish_does_not_hide_the_crisis_that_follows():
    post = "Je ne veux pas mourir de cette maladie. Mais ce soir je veux en finir."

    assert crisis_passages(post) == ["je veux en finir"]


def test_crisis_findings_come_first():
    post = "Appelle-moi au 06 12 34 56 78, je veux en finir."

    assert [f.code for f in detect(post)] == ["suicide", "phone"]


# --- Offsets point into what the member wrote ------------------------------------------

OFFSETS = [
    ("J’ai envie d’en finir 😢 vraiment", "envie d’en finir"),
    ("Élodie : j'ai ENVIE de MOURIR, là, tout de suite", "ENVIE de MOURIR"),
    ("je veux me sui\u200bcider", "je veux me sui\u200bcider"),
    ("j'ai envie de mоurir", "envie de mоurir"),  # a Cyrillic "о"
    ("Ce soir j'ai envie de m o u r i r.", "envie de m o u r i r"),
    ("jveux crever 💔", "jveux crever"),
    ("Œuvre d’art à part, je me scarifie encore", "me scarifie"),
    ("Sans moi, ma famille serait plus heureuse 💔", "Sans moi, ma famille serait plus heureuse"),
    ("Je n’arrête pas de penser au suicide 😞 depuis lundi", "arrête pas de penser au suicide"),
    ("I can’t stop thinking about ending it", "thinking about ending it"),
    ("Le suicide, j’y pense. Tous les soirs.", "Le suicide, j’y pense"),
    ("Déçue, chaque matin, d’ouvrir les yeux.", "Déçue, chaque matin, d’ouvrir les yeux"),
    ("Honestly I w4nt it all to st0p. Forever.", "w4nt it all to st0p"),
    ("Mon fils m’a écrit « jveux mourir » à l’instant, il ne répond plus", "jveux mourir"),
    ("Élise 🌧️ : si je n’étais plus là, ils respireraient enfin.", "si je n’étais plus là"),
]


@pytest.mark.parametrize(("post", "passage"), OFFSETS)
def test_the_highlighted_passage_is_the_member_s_own_text(post, passage):
    finding = next(f for f in detect(post) if f.kind is Kind.CRISIS)

    assert [post[start:end] for start, end in finding.spans] == [passage]


CUE_OFFSETS = [
    (
        "I’ve been s t o c k p i l i n g my co-codamol 💊, 80 now. Nobody knows.",
        ["s t o c k p i l i n g my co-codamol", "80 now.", "Nobody knows"],
    ),
    (
        "J’ai donné mes plantes à la voisine, mes vêtements à la Croix-Rouge. Ma dialyse de"
        " jeudi, je n’irai pas.",
        ["donné mes plantes à la voisine, mes vêtements à", "Ma dialyse de jeudi, je n’irai pas"],
    ),
]


@pytest.mark.parametrize(("post", "passages"), CUE_OFFSETS)
def test_each_cue_that_adds_up_is_highlighted_where_the_member_wrote_it(post, passages):
    assert crisis_passages(post) == passages


# --- Hostile posts ---------------------------------------------------------------------

HOSTILE = {
    "one crisis sentence repeated": "Je veux en finir, merci pour tout, tout est prêt. " * 2_000,
    "one negated sentence repeated": "je ne veux pas mourir " * 4_600,
    "digits": "0" * 100_000,
    "spaces": " " * 100_000,
    "single letters": "a " * 50_000,
    "at signs": "@" * 100_000,
    "elisions": "j'" * 50_000,
    "negators": "je ne " * 17_000,
    "gap words": "veux " + "tres " * 20_000 + "mourir",
    "quotes": "« " * 50_000,
    "relatives": "ma fille vient de " * 5_500,
    "single quotes": "ma fille ' " * 10_000,
    "quoted words": "ma fille m'a écrit « je veux mourir » ce soir. " * 2_200,
    "a list of gifts": "j'ai donné mes plantes à la voisine, " * 2_800,
    "commas after sans moi": "sans moi, " * 10_000,
    "déçue and commas": "déçue, " * 14_000,
    "counted drugs": "60 sertraline, " * 6_700,
    "conditions": "if " * 34_000,
    "goodbyes": "goodbye " * 12_500,
    "ages": "my 17 year old " * 6_300,
    "thanks to all": "merci pour tout, " * 6_000,
    "if I weren't here": "if i weren't here " * 5_600,
    "drugs and colons": "tramadol : 64. " * 6_700,
    "a long gap to an end": "tested " + "the " * 25_000 + "beam",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_100_kb_post_is_scanned_without_hanging(name):
    # No timing assertion (bench/textscan.py measures it): a pattern that backtracked
    # catastrophically would not come back at all, and the suite would hang here.
    folded = fold(HOSTILE[name])

    hits = list(crisis_rules.find_crisis(folded))

    assert len(HOSTILE[name]) >= 90_000
    assert all(0 <= hit.start < hit.end <= len(folded.folded) for hit in hits)


# --- The rules' own bookkeeping --------------------------------------------------------

ALL_STORIES = [
    *(post for post, _passage in SUICIDAL),
    *(post for posts in SAID_OTHERWISE.values() for post in posts),
    *RELATIVE_SAID_OTHERWISE,
    *VEILED,
    *PLANS,
    *STOPPING,
    *FAREWELLS,
    *(post for post, _passage in SELF_HARM),
    *RELATIVE,
    *(post for posts in INDIRECT.values() for post in posts),
    *INDIRECT_RELATIVE,
]


@pytest.mark.parametrize("post", ALL_STORIES)
def test_the_cheap_key_word_checks_never_hide_a_match(post):
    # Each pattern runs only if one of its key words is in the post: a pattern that can
    # match without any of them would silently miss crises.
    text = fold(post).folded
    for rule in [*crisis_rules._RULES, *crisis_rules._CUES]:
        if rule.keys and rule.pattern.search(text):
            assert any(key in text for key in rule.keys), (rule.pattern.pattern[:80], post)

"""The fragments the demo writes its French posts from: lay, kind, and never a prescription."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    titles: tuple[str, ...]
    lines: tuple[str, ...]  # first-person experience, one sentence each
    tips: tuple[str, ...]  # items for a Markdown list


@dataclass(frozen=True)
class Generic:
    titles: tuple[str, ...]
    openers: tuple[str, ...]
    questions: tuple[str, ...]
    closers: tuple[str, ...]
    empathy: tuple[str, ...]
    suggestions: tuple[str, ...]
    list_intros: tuple[str, ...]
    bold: tuple[str, ...]
    thanks: tuple[str, ...]
    moderator_notes: tuple[str, ...]


FICTIONAL = (
    "Association imaginaire créée pour la démonstration : toute ressemblance avec une "
    "association existante serait fortuite."
)
SPACE_RULES = """\
- La bienveillance avant tout : chacun vit sa maladie à sa façon.
- On partage des expériences, pas des prescriptions : pour tout changement de traitement,
  parlez-en à votre équipe soignante.
- Rien qui permette de vous reconnaître : ni nom, ni téléphone, ni adresse.
- Pas de publicité ni de vente.
- Chaque message est relu par un modérateur avant d’être publié."""


TOPICS = {
    "t1": Topic(
        titles=(
            "Hypos nocturnes : comment vous rassurez-vous ?",
            "Capteur de glucose : vos retours après quelques mois",
            "Passer à la pompe à insuline, ça vous a fait quoi ?",
            "Le sport avec un diabète de type 1",
            "Annoncer son diabète au travail",
            "Parents d’un enfant diabétique : on s’entraide ?",
            "Éducation thérapeutique : ça vaut le coup ?",
            "Repas de famille et comptage des glucides",
            "Voyager avec tout son matériel",
            "La fatigue du diabète, vous connaissez ?",
            "Vingt ans de diabète, un petit bilan",
            "Les adhésifs qui irritent la peau : vos astuces ?",
            "Diabète et études : s’organiser pendant les examens",
            "Premier rendez-vous dans un nouveau service",
        ),
        lines=(
            "Diagnostiquée à 12 ans, je vis depuis vingt ans avec mon diabète de type 1.",
            "Avec un capteur de glucose, je dors mieux : les alarmes de nuit me rassurent.",
            "Les hypos pendant le sport restent ma hantise, j’ai toujours du sucre dans mon sac.",
            "Mon équipe de diabétologie m’a aidée à revoir mes ratios, sans me juger.",
            "Le plus dur, ce ne sont pas les piqûres, c’est la charge mentale de tout calculer.",
            "Au travail, j’ai fini par en parler à mes collègues proches, et ça m’a soulagé.",
            "Notre fils a été diagnostiqué l’an dernier, on apprend encore à vivre avec.",
            "J’ai suivi une semaine d’éducation thérapeutique, j’en garde un bon souvenir.",
            "Les jours de fête, je ne culpabilise pas si la courbe fait des montagnes russes.",
            "Je note mes glycémies dans un carnet, ça m’aide à comprendre mes journées.",
            "La pompe a changé ma vie, mais il m’a fallu plusieurs mois pour m’y habituer.",
            "Parfois je suis juste fatiguée d’y penser tout le temps, et ça aussi c’est normal.",
            "En voyage, je prends le double de matériel et mon ordonnance dans le bagage à main.",
        ),
        tips=(
            "du sucre toujours à portée de main",
            "un carnet ou une appli pour noter repas et glycémies",
            "des patchs de protection pour le capteur",
            "une trousse de secours au bureau",
            "des proches qui savent comment réagir",
            "un rendez-vous noté d’avance avec l’équipe soignante",
        ),
    ),
    "t2": Topic(
        titles=(
            "Diagnostic récent, je me sens un peu perdu",
            "Marcher tous les jours : qui me rejoint ?",
            "Des recettes simples qui plaisent à toute la famille",
            "Le regard des autres sur le diabète de type 2",
            "Bilan annuel : yeux, pieds, reins… on en parle ?",
            "Restaurant et repas d’affaires",
            "Motivation en berne cet hiver",
            "Mes petites victoires du mois",
            "Diabète et retraite : un nouveau rythme",
            "Lire les étiquettes au supermarché",
            "Mon conjoint vient d’être diagnostiqué",
            "Fêtes et jeûnes : comment vous organisez-vous avec votre médecin ?",
        ),
        lines=(
            "On m’a annoncé un diabète de type 2 il y a trois ans, et j’ai eu du mal à l’accepter.",
            "J’ai repris la marche le matin avec une voisine, ça fait du bien au moral aussi.",
            "Mon médecin traitant prend le temps de m’expliquer mes résultats, ça change tout.",
            "Cuisiner autrement m’a demandé du temps, mais je redécouvre les légumes secs !",
            "Je me sens parfois jugé, comme si c’était de ma faute, et ça fait mal.",
            "L’atelier de l’hôpital m’a appris à lire les étiquettes sans me prendre la tête.",
            "Ma femme m’accompagne aux rendez-vous : à deux, on comprend mieux.",
            "Le plus difficile, ce sont les repas au restaurant avec les collègues.",
            "Je fais contrôler mes yeux et mes pieds chaque année, on m’a expliqué pourquoi.",
            "Mon HbA1c s’est améliorée doucement, j’étais content de voir les efforts payer.",
            "C’est une maladie silencieuse : on ne se sent pas malade, alors on oublie.",
            "J’ai rejoint un groupe de marche nordique, on est plusieurs à avoir du diabète.",
        ),
        tips=(
            "marcher un peu après le repas quand c’est possible",
            "préparer ses questions avant le rendez-vous",
            "cuisiner en grande quantité le week-end",
            "demander un atelier d’éducation thérapeutique",
            "se fixer de petits objectifs",
            "garder ses résultats dans une pochette",
        ),
    ),
    "endo": Topic(
        titles=(
            "Enfin un diagnostic après des années d’errance",
            "Douleurs au travail : vous en parlez ?",
            "Bouillotte, yoga, TENS… ce qui vous soulage",
            "Endométriose et désir d’enfant",
            "Expliquer la maladie à son entourage",
            "Préparer son rendez-vous chez la gynécologue",
            "La fatigue dont personne ne parle",
            "Après l’opération : vos témoignages",
            "Alimentation et endométriose : vos expériences",
            "Journal des douleurs : quel format utilisez-vous ?",
            "Centres spécialisés : comment s’orienter ?",
            "Petit coup de mou ce mois-ci",
        ),
        lines=(
            "Il m’a fallu huit ans pour avoir un diagnostic, à entendre que c’était normal.",
            "La bouillotte est devenue ma meilleure amie pendant les règles.",
            "Ma gynécologue m’a enfin prise au sérieux, et rien que ça m’a fait du bien.",
            "J’ai obtenu un aménagement de poste après en avoir parlé à la médecine du travail.",
            "Le yoga doux m’aide certains jours ; d’autres jours, je reste sous la couette.",
            "Mon compagnon a lu des témoignages ici, ça l’a aidé à comprendre ce que je vis.",
            "Le parcours PMA avec une endométriose, c’est une montagne russe émotionnelle.",
            "Je tiens un journal de mes douleurs, ça m’aide à expliquer ce que je ressens.",
            "La fatigue chronique est peut-être le symptôme dont on parle le moins.",
            "J’ai été opérée l’an dernier ; la convalescence a été longue mais je vais mieux.",
            "Les remarques du genre « c’est dans la tête » font presque plus mal que les crises.",
            "Une consultation dans un centre spécialisé m’a permis d’y voir plus clair.",
        ),
        tips=(
            "une bouillotte au bureau",
            "un journal des douleurs",
            "des vêtements amples les mauvais jours",
            "la liste de ses questions avant la consultation",
            "s’autoriser à annuler quand ça ne va pas",
            "une amie à qui écrire les jours difficiles",
        ),
    ),
    "sep": Topic(
        titles=(
            "L’annonce du diagnostic : comment l’avez-vous vécue ?",
            "Fatigue et SEP au travail",
            "Les IRM de contrôle, ce stress…",
            "Chaleur de l’été : vos astuces",
            "Kiné et activité physique adaptée",
            "Parler de la SEP à ses enfants",
            "Troubles de la concentration : vous aussi ?",
            "Après une poussée, se remettre en route",
            "Temps partiel thérapeutique : vos expériences",
            "Voyager avec une SEP",
            "Mon premier marathon… comme spectatrice !",
            "Dix ans de SEP, et toujours debout",
        ),
        lines=(
            "Diagnostiqué il y a cinq ans, je vis plutôt bien avec la SEP aujourd’hui.",
            "La fatigue est invisible, c’est le plus dur à faire comprendre autour de moi.",
            "Mon neurologue et l’infirmière coordinatrice répondent toujours à mes questions.",
            "J’ai adapté mon temps de travail, et je ne le regrette pas une seconde.",
            "La chaleur de l’été me fatigue énormément, je vis en décalé pendant les canicules.",
            "La kiné régulière m’aide à garder confiance dans mes jambes.",
            "Les IRM de contrôle me stressent toujours quelques jours avant.",
            "J’ai appris à dire non et à garder de l’énergie pour ce qui compte vraiment.",
            "Mes enfants m’aident beaucoup, on en parle simplement à la maison.",
            "Le sport adapté m’a redonné le goût de bouger, à mon rythme.",
            "Il m’arrive de chercher mes mots, et ça m’agace plus que tout.",
            "Après une poussée, il m’a fallu plusieurs semaines pour retrouver mes repères.",
        ),
        tips=(
            "des siestes programmées",
            "un ventilateur l’été",
            "une liste de tâches pour ne rien oublier",
            "des pauses régulières au travail",
            "un agenda partagé avec la famille",
            "une activité qui fait plaisir, même courte",
        ),
    ),
    "rares": Topic(
        titles=(
            "Se présenter dans l’espace privé",
            "Errance diagnostique : vos parcours",
            "Un centre de référence loin de chez soi",
            "Dossier MDPH : on s’entraide",
            "La carte d’urgence, vous l’avez ?",
            "Parents d’enfants atteints de maladies rares",
            "Quand les soignants ne connaissent pas la maladie",
            "Journées d’information et filières de santé",
        ),
        lines=(
            "Ma maladie touche quelques centaines de personnes : trouver ce groupe m’a soulagée.",
            "Le centre de référence est loin de chez moi, mais chaque consultation vaut le trajet.",
            "Expliquer une maladie que presque personne ne connaît, c’est épuisant.",
            "L’errance diagnostique a duré six ans pour ma fille ; aujourd’hui on a enfin un nom.",
            "L’association m’a aidé à remplir le dossier MDPH, seule je n’y serais pas arrivée.",
            "Je garde toujours sur moi une carte qui explique ma maladie, au cas où.",
            "On se sent souvent seuls, alors merci d’être là.",
            "J’ai participé à une journée d’information de la filière de santé, c’était précieux.",
            "Parler avec d’autres parents qui vivent la même chose, ça n’a pas de prix.",
            "Chaque nouveau médecin, il faut tout réexpliquer depuis le début.",
        ),
        tips=(
            "une carte d’urgence dans le portefeuille",
            "un classeur avec tous les comptes rendus",
            "les coordonnées du centre de référence",
            "un contact dans l’association",
            "une liste de questions pour chaque rendez-vous",
        ),
    ),
}

GENERIC = Generic(
    titles=(
        "Nouvelle ici, je me présente",
        "Comment gérez-vous la fatigue au travail ?",
        "Un petit message d’espoir",
        "Les vacances approchent : vos astuces ?",
        "Parler de sa maladie à ses collègues",
        "Rendez-vous de suivi la semaine prochaine, un peu stressé",
        "Vos lectures ou podcasts préférés ?",
        "Le regard des autres",
        "Activité physique : par où commencer ?",
        "Un moral en dents de scie",
        "Démarches administratives (ALD, MDPH…)",
        "Merci à ce groupe",
    ),
    openers=("Bonjour à tous,", "Bonsoir,", "Coucou tout le monde !", "Salut à tous,", ""),
    questions=(
        "Est-ce que certains d’entre vous vivent la même chose ?",
        "Comment faites-vous de votre côté ?",
        "Vos expériences m’intéressent beaucoup.",
        "Qu’est-ce qui vous a aidés au début ?",
        "Avez-vous des astuces à partager ?",
        "Je serais contente d’avoir vos retours.",
    ),
    closers=(
        "Merci de m’avoir lu.",
        "Prenez soin de vous.",
        "Belle journée à tous !",
        "Courage à chacun.",
        "Bises,",
        "",
    ),
    empathy=(
        "Je me reconnais tellement dans ce que tu écris.",
        "Merci pour ton témoignage, ça fait du bien de se sentir moins seul.",
        "Courage, tu n’es pas seule dans cette situation.",
        "Je suis passée par là aussi, et ça a fini par aller mieux.",
        "Ton message me touche beaucoup.",
        "Bienvenue parmi nous !",
        "Je comprends tout à fait ce que tu ressens.",
        "C’est une super nouvelle, bravo !",
        "Pareil pour moi, surtout les premiers mois.",
        "Merci de partager ça, c’est précieux pour ceux qui débutent.",
        "Ça me parle beaucoup.",
        "Je t’envoie plein de force.",
        "Quelle belle énergie dans ton message !",
        "Tu as bien fait d’en parler ici.",
    ),
    suggestions=(
        "N’hésite pas à en parler à ton équipe soignante, elle est là pour ça.",
        "Chacun est différent : ce qui marche pour moi ne marchera pas forcément pour toi.",
        "Note tes questions avant le prochain rendez-vous, ça aide à ne rien oublier.",
        "L’association organise parfois des rencontres, c’est l’occasion d’échanger en vrai.",
    ),
    list_intros=(
        "Ce qui m’aide au quotidien :",
        "Ma petite liste, pour ce qu’elle vaut :",
        "Ce que j’ai appris avec le temps :",
        "Dans mon sac, il y a toujours :",
    ),
    bold=(
        "**Prends soin de toi avant tout.**",
        "**On est là si tu as besoin d’en parler.**",
        "**Tu n’as pas à tout porter seul.**",
        "**Chaque petit pas compte.**",
    ),
    thanks=(
        "Merci à tous pour vos réponses, je me sens beaucoup moins seule.",
        "Je reviens donner des nouvelles : le rendez-vous s’est bien passé !",
        "Vos messages m’ont vraiment remonté le moral, merci.",
        "Merci, je note vos idées et j’en parlerai à mon médecin.",
    ),
    moderator_notes=(
        "Merci pour ces échanges bienveillants. Petit rappel de la charte : ici on partage des "
        "expériences, pas des prescriptions ; pour tout changement de traitement, parlez-en "
        "à votre équipe soignante.",
        "Bienvenue ! Pensez à lire les règles de l’espace, et écrivez-nous si quelque chose "
        "vous pose question.",
        "Très belle discussion. L’association organise une rencontre en ligne le mois "
        "prochain, pour celles et ceux qui le souhaitent.",
    ),
)

"""What the demo stages for its moderators: posts the queue must catch, past refusals,
reports, an edit, a hand-over, and the notifications a demo member finds."""

from __future__ import annotations

# Waiting posts the queue must catch, each in a space and by a member who belongs to it,
# so that one moderator of the diabetes spaces meets them all: (space, author, text).
FLAGGED_REPLIES = {
    # Personal data
    "phone": (
        "diabete-type-2",
        "Karim",
        "Appelez-moi si vous voulez en parler, c’est plus simple : 06 12 34 56 78.",
    ),
    # Crisis language: urgent, and its author was shown the help lines
    "crisis": (
        "diabete-type-1",
        "Inès",
        "Je n’en peux plus de cette douleur, parfois je veux juste en finir avec la vie.",
    ),
    # Hostile
    "insult": (
        "endometriose",
        "Chloé.M",
        "T’es vraiment un abruti, tu racontes n’importe quoi, va te faire soigner.",
    ),
    # Miracle cure and a link; holds both watched words of the first space
    "miracle": (
        "diabete-type-1",
        "Bastien",
        "Arrêtez votre traitement ! Cette cure naturelle guérit le diabète en 30 jours : "
        "https://remede-miracle.example/promo",
    ),
}

# Posts moderators refused in the past weeks: (space, author, text, reason, precision).
REJECTED_POSTS = (
    (
        "diabete-type-1",
        "Bastien",
        "Franchement t’es complètement débile de faire ça, pas étonnant que ton diabète "
        "soit n’importe comment.",
        "hostile",
        "On peut ne pas être d’accord sans insulter : reformulez si vous le souhaitez.",
    ),
    (
        "diabete-type-1",
        "Théo-rando",
        "Ta gueule, personne t’a demandé ton avis, espèce d’idiot.",
        "hostile",
        "",
    ),
    (
        "diabete-type-1",
        "Sandrine44",
        "Mon numéro c’est le 07 98 76 54 32, j’habite 12 rue des Lilas à Lorient, passez "
        "quand vous voulez pour en parler.",
        "personal_data",
        "Pour votre sécurité, pas de numéro ni d’adresse ici : la messagerie privée arrive "
        "bientôt.",
    ),
    (
        "diabete-type-2",
        "Patrick_Nantes",
        "L’insuline c’est un poison, les labos vous mentent. Un jeûne de dix jours et vous "
        "n’en aurez plus besoin.",
        "medical_misinformation",
        "Arrêter l’insuline peut mettre la vie en danger. Parlez de vos doutes à votre médecin.",
    ),
    (
        "diabete-type-2",
        "Yvette.B",
        "Découvrez notre complément GlycoZen : -20 % avec le code FORUM20 sur "
        "glycozen-shop.example !",
        "advertising",
        "",
    ),
    (
        "diabete-type-2",
        "Karim",
        "Quelqu’un a vu le match hier soir ? Quel scandale cet arbitrage !",
        "off_topic",
        "Le café du forum est fait pour ça : cet espace parle du diabète.",
    ),
    (
        "endometriose",
        "Solène",
        "Arrête de te plaindre, l’endométriose c’est dans la tête, t’es juste une chochotte.",
        "hostile",
        "",
    ),
    (
        "sclerose-en-plaques",
        "Malik",
        "La SEP se soigne avec un régime sans gluten strict, les neurologues le cachent pour "
        "vendre leurs traitements.",
        "medical_misinformation",
        "Aucun régime ne guérit la SEP ; parler d’alimentation, oui, promettre une guérison, non.",
    ),
)

# The demo member who finds unread notifications on logging in: a post refused
# yesterday, and one sent back for an edit this morning.
NOTIFIED_MEMBER = "Camille_T1"
# Her refused post may be contested: who refused it, and the other moderator of the
# space, who may answer her appeal (the first may not).
APPEAL_DECIDERS = ("Dre Aubrac", "Olivier T1")
NOTIFIED_REJECTED = (
    "Je vends mes capteurs en trop, 8 boîtes encore sous blister, écrivez-moi en privé, "
    "prix à débattre.",
    "advertising",
    "La revente de dispositifs médicaux n’est pas permise ici. Votre pharmacie peut vous "
    "dire quoi faire des capteurs en trop.",
)
NOTIFIED_EDIT = (
    "Le Dr Martin Lefèvre à l’hôpital de Lorient est génial pour les pompes, demandez-le "
    "de ma part ! Il m’a tout expliqué en une heure.",
    "Merci de retirer le nom du médecin et de l’hôpital : on ne cite personne ici. Le reste "
    "de votre message peut rester tel quel.",
)

# A post a moderator let through, that two members then reported: (space, author, text).
REPORTED_POST = (
    "diabete-type-2",
    "Mireille",
    "Moi j’ai remplacé une partie de ma metformine par de la cannelle et du vinaigre de "
    "cidre, et ma glycémie à jeun a baissé. Je ne dis pas que ça marche pour tout le monde, "
    "mais ça vaut le coup d’essayer.",
)
# (reporter, reason, precision)
REPORTS = (
    ("Gérard56", "medical_misinformation", ""),
    (
        "Fatou",
        "other",
        "Elle a arrêté une partie de son traitement sans en parler à son médecin, et "
        "d’autres pourraient faire pareil en la lisant.",
    ),
)

# What an author adds to a published post: the edit waits for a moderator.
EDIT_ADDITION = (
    "**Mise à jour :** j’en ai parlé à mon équipe soignante hier, on note tout dans un "
    "carnet pendant deux semaines avant de changer quoi que ce soit."
)

# Handed by a moderator to the association's admin (moderator, note).
ESCALATION = (
    "Olivier T1",
    "Lien vers un site qui vend une « cure » : je le refuserais, mais ce membre a déjà eu "
    "un message refusé le mois dernier. Faut-il lui écrire au nom de l’association ?",
)
# The first space's policy, set by its association admin.
WATCHED_WORDS = (("cure naturelle", "block"), ("guéri*", "flag"))
TRUSTED_MEMBER = "Lucas.Glyc"
# A member waiting to get into the members-only space, a few hours ago: (space, member,
# the words they chose for its moderators).
JOIN_REQUEST = (
    "maladies-rares",
    "Lila",
    "Bonjour, ma sœur cherche encore le nom de sa maladie depuis des années. J’aimerais "
    "lire comment d’autres ont vécu l’errance diagnostique, et peut-être en parler.",
)

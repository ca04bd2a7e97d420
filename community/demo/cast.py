"""Who and where: the demo's associations, spaces and accounts, and their roles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from community.accounts.models import Member
from community.forums.models import Space, SpaceVisibility, Thread
from community.textscan.folding import strip_accents

# Shared by every demo account; printed by `flask demo`. Never a real password.
DEMO_PASSWORD = "demo-patient-2026"  # noqa: S105

ASSOCIATIONS = (
    ("horizon-diabete", "Horizon Diabète (association fictive)"),
    ("endo-vaillantes", "Les Endo’Vaillantes (association fictive)"),
    ("myeline-et-compagnie", "Myéline et Compagnie (association fictive)"),
)


@dataclass(frozen=True)
class SpaceSpec:
    slug: str
    name: str
    association: str
    topic: str
    threads: int
    description: str
    visibility: SpaceVisibility = SpaceVisibility.PUBLIC


SPACES = (
    SpaceSpec(
        "diabete-type-1",
        "Diabète de type 1",
        "horizon-diabete",
        "t1",
        24,
        "Pour les personnes vivant avec un diabète de type 1 et leurs proches : capteurs, "
        "pompes, hypos, sport, travail, et tout le reste.",
    ),
    SpaceSpec(
        "diabete-type-2",
        "Diabète de type 2",
        "horizon-diabete",
        "t2",
        22,
        "Vivre au quotidien avec un diabète de type 2 : alimentation, activité, suivi, moral.",
    ),
    SpaceSpec(
        "endometriose",
        "Endométriose",
        "endo-vaillantes",
        "endo",
        22,
        "Un espace pour parler des douleurs, du diagnostic, du travail, du désir d’enfant, "
        "sans tabou et sans jugement.",
    ),
    SpaceSpec(
        "sclerose-en-plaques",
        "Sclérose en plaques",
        "myeline-et-compagnie",
        "sep",
        20,
        "Fatigue, poussées, traitements, travail, famille : entre personnes qui vivent "
        "avec une SEP.",
    ),
    SpaceSpec(
        "maladies-rares",
        "Maladies rares — espace privé",
        "myeline-et-compagnie",
        "rares",
        12,
        "Un espace réservé à ses membres, pour parler de maladies rares et d’errance "
        "diagnostique entre personnes concernées.",
        SpaceVisibility.MEMBERS,
    ),
)

SITE_ADMIN = "Admin démo"
ASSOCIATION_ADMINS = {
    "horizon-diabete": "Hélène-Horizon",
    "endo-vaillantes": "Nora-Vaillante",
    "myeline-et-compagnie": "Bruno-Myéline",
}
# (pseudonym, specialty, spaces moderated)
MODERATORS = (
    ("Dre Aubrac", "diabétologie", ("diabete-type-1", "diabete-type-2")),
    ("Olivier T1", "patient expert", ("diabete-type-1",)),
    ("Maëlle IDE", "éducation thérapeutique", ("diabete-type-2",)),
    ("Dr Kervella", "gynécologie", ("endometriose",)),
    ("Claire.E", "patiente experte", ("endometriose",)),
    ("Dre Sorel", "neurologie", ("sclerose-en-plaques", "maladies-rares")),
    ("Jeanne Paire", "patiente experte", ("sclerose-en-plaques",)),
)
_T1, _T2, _ENDO, _SEP, _RARES = (s.slug for s in SPACES)
MEMBERS = (
    ("Camille_T1", (_T1,)),
    ("Lucas.Glyc", (_T1,)),
    ("PapaDeLéo", (_T1, _RARES)),
    ("Inès", (_T1,)),
    ("Théo-rando", (_T1,)),
    ("Sandrine44", (_T1, _ENDO)),
    ("Bastien", (_T1,)),
    ("Gérard56", (_T2,)),
    ("Mireille", (_T2,)),
    ("Karim", (_T2,)),
    ("Yvette.B", (_T2,)),
    ("Patrick_Nantes", (_T2,)),
    ("Fatou", (_T2, _RARES)),
    ("Lila", (_ENDO,)),
    ("Nadia_endo", (_ENDO,)),
    ("Solène", (_ENDO,)),
    ("Chloé.M", (_ENDO,)),
    ("Océane", (_ENDO, _RARES)),
    ("Pierre-Yves", (_SEP,)),
    ("Agathe", (_SEP,)),
    ("Malik", (_SEP,)),
    ("Élise", (_SEP, _RARES)),
    ("Rémi", (_SEP,)),
    ("Mamie Jo", (_RARES, _T2)),
)


@dataclass
class Cast:
    """Who and where, as the demo made them."""

    people: dict[str, Member]  # by pseudonym
    spaces: dict[str, Space]  # by slug
    staff: dict[str, list[Member]]  # moderators, by space slug
    admins: dict[str, Member]  # the association admin, by space slug
    threads: dict[str, list[Thread]] = field(default_factory=dict)  # published, by space slug


def demo_email(pseudonym: str) -> str:
    """An address under .invalid, a top-level domain that never receives mail."""
    bare = strip_accents(pseudonym).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", ".", bare.lower()).strip(".") + "@demo.invalid"


def login_lines() -> list[str]:
    """The demo accounts, by role, as `flask demo` prints them."""
    spaces = {s.slug: s.name for s in SPACES}
    associations = dict(ASSOCIATIONS)
    lines = [
        f"Comptes de démonstration — mot de passe commun à tous : {DEMO_PASSWORD}",
        "(pour la démonstration seulement : ne l’utilisez pour rien d’autre)",
        "",
        f"  Administration du site : {SITE_ADMIN}",
        "  Administration d’association :",
    ]
    lines += [f"    {p} — {associations[a]}" for a, p in ASSOCIATION_ADMINS.items()]
    lines.append("  Modération :")
    lines += [
        f"    {p} ({specialty}) — {', '.join(spaces[s] for s in moderated)}"
        for p, specialty, moderated in MODERATORS
    ]
    lines.append("  Membres :")
    lines += [f"    {p} — {', '.join(spaces[s] for s in joined)}" for p, joined in MEMBERS]
    return lines


def appeal_lines(author: str, refused_by: str, decider: str) -> list[str]:
    """How to try an appeal on the demo, as `flask demo` prints it."""
    return [
        "Contester un refus :",
        f"  1. Connectez-vous comme {author} : Notifications → « Contester la décision »,",
        "     écrivez pourquoi, envoyez.",
        f"  2. Connectez-vous comme {decider} : Modération → Contestations → maintenir ou annuler,",
        f"     avec vos motifs ({refused_by}, qui a refusé, ne peut pas répondre).",
        f"  3. De nouveau comme {author} : la décision et ses motifs sont dans les notifications.",
    ]


def join_request_lines(space_slug: str, requester: str) -> list[str]:
    """How to answer the demo's request to join its members-only space, as `flask demo`
    prints it."""
    space = next(s for s in SPACES if s.slug == space_slug)
    deciders = [p for p, _specialty, moderated in MODERATORS if space_slug in moderated]
    deciders.append(ASSOCIATION_ADMINS[space.association])
    return [
        f"Rejoindre « {space.name} » (réservé à ses membres) :",
        f"  {requester} attend la réponse à sa demande. Connectez-vous comme "
        f"{' ou '.join(deciders)} :",
        "  Notifications → « Voir les demandes », puis accepter ou refuser.",
        "  Tout autre membre peut faire sa demande depuis la page de l’espace.",
    ]

"""What the archive's readable pages call each field and each coded value.

The JSON keeps the codes (`"status": "published"`); the pages show these words, in the
member's language. A field missing here would show its bare key: the tests build a full
archive and check that every key of every section has its label.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from community.accounts.models import MemberStatus
from community.forums.models import PostStatus, RevisionStatus, SpaceRoleKind
from community.moderation.audit.views import ACTION_LABELS
from community.moderation.models import AppealStatus
from community.moderation.statements import FLAGGED, NOT_SCORED, SCORED
from community.notifications.views import KIND_TEXTS
from community.selfdata.card_forms import AUDIENCE_LABELS
from community.selfdata.card_views import ROLE_LABELS
from community.selfdata.records import Category, Sex
from community.selfdata.vault_views import TITLES as CATEGORY_LABELS


@dataclass(frozen=True)
class Coded:
    """A value with a code for machines (the JSON) and words for people (the pages)."""

    code: str
    label: Any  # a lazy string, read in the archive's language

    def __str__(self) -> str:
        return str(self.label)


FIELD_LABELS: dict[str, Any] = {
    # account
    "pseudonym": _l("Pseudonyme"),
    "email": _l("Adresse e-mail"),
    "language": _l("Langue"),
    "status": _l("État"),
    "registered_at": _l("Inscription"),
    "charter_accepted_at": _l("Charte acceptée le"),
    "privacy_accepted_at": _l("Politique de confidentialité acceptée le"),
    "password_changed_at": _l("Mot de passe changé le"),
    "notifications_by_email": _l("Notifications aussi par e-mail"),
    "site_admin": _l("Administrateur du site"),
    # spaces
    "space": _l("Espace"),
    "member_since": _l("Membre depuis"),
    "trusted_since": _l("Membre de confiance depuis"),
    "roles": _l("Rôles"),
    "role": _l("Rôle"),
    "specialty": _l("Spécialité"),
    "granted_at": _l("Depuis"),
    # posts and their history
    "id": _l("Numéro"),
    "thread": _l("Discussion"),
    "opens_thread": _l("Ouvre la discussion"),
    "written_at": _l("Écrit le"),
    "published_at": _l("Publié le"),
    "edited_at": _l("Modifié le"),
    "status_changed_at": _l("État depuis le"),
    "title": _l("Titre"),
    "text": _l("Texte"),
    "link": _l("Adresse sur le site"),
    "history": _l("Versions"),
    "decisions": _l("Décisions de modération"),
    "decision": _l("Décision"),
    "decided_at": _l("Décidé le"),
    "reason": _l("Motif"),
    "moderator_text": _l("Mots du modérateur"),
    "statement": _l("Exposé des motifs"),
    "decided": _l("Ce qui a été décidé"),
    "rule": _l("Règle appliquée"),
    "space_rules": _l("Règles de l’espace"),
    "passages": _l("Passages en cause"),
    "reports": _l("Signalements reçus"),
    "automated": _l("Détection automatique"),
    "automated_reasons": _l("Ce que la détection a trouvé"),
    "appeal_until": _l("Contestable jusqu’au"),
    "suspended_until": _l("Suspendu jusqu’au"),
    # appeals, reports
    "post_id": _l("Numéro du message"),
    "contested_decision": _l("Décision contestée"),
    "as_reporter": _l("Comme auteur d’un signalement"),
    "message": _l("Votre message"),
    "sent_at": _l("Envoyé le"),
    "answered_at": _l("Répondu le"),
    "answer": _l("Réponse"),
    "resolved_at": _l("Examiné le"),
    "outcome": _l("Suite donnée"),
    # notifications
    "what": _l("Quoi"),
    "received_at": _l("Reçue le"),
    "read_at": _l("Lue le"),
    "emailed_at": _l("Annoncée par e-mail le"),
    # the vault
    "birth_year": _l("Année de naissance"),
    "sex": _l("Sexe"),
    "category": _l("Type"),
    "series": _l("Série"),
    "name": _l("Nom"),
    "at": _l("Date et heure"),
    "on": _l("Date"),
    "start": _l("Début"),
    "stop": _l("Fin"),
    "value": _l("Valeur"),
    "value2": _l("Seconde valeur"),
    "value_text": _l("Résultat"),
    "unit": _l("Unité"),
    "dose": _l("Dose"),
    "intensity": _l("Intensité (0 à 10)"),
    "note": _l("Note"),
    # drafts
    "where": _l("Où"),
    "saved_at": _l("Enregistré le"),
    # data cards and who saw them
    "audience": _l("Qui peut la voir"),
    "created_at": _l("Créée le"),
    "linked_at": _l("Jointe à un message le"),
    "snapshot": _l("Ce que la carte montre"),
    "card": _l("Carte"),
    "viewer": _l("Qui"),
    "viewer_role": _l("Son rôle"),
    "viewed_at": _l("Quand"),
}

POST_STATUS_LABELS = {
    PostStatus.PENDING: _l("en attente de modération"),
    PostStatus.PUBLISHED: _l("publié"),
    PostStatus.REJECTED: _l("refusé"),
    PostStatus.NEEDS_EDIT: _l("à modifier"),
    PostStatus.WITHDRAWN: _l("retiré par vous"),
}
REVISION_LABELS = {
    RevisionStatus.PENDING: _l("modification en attente de modération"),
    RevisionStatus.HISTORY: _l("version gardée dans l’historique"),
    RevisionStatus.REJECTED: _l("modification refusée"),
}
MEMBER_STATUS_LABELS = {
    MemberStatus.ACTIVE: _l("actif"),
    MemberStatus.SUSPENDED: _l("suspendu"),
    MemberStatus.DELETED: _l("supprimé"),
}
ROLE_KIND_LABELS = {
    SpaceRoleKind.MODERATOR: _l("modérateur"),
    SpaceRoleKind.ASSOCIATION_ADMIN: _l("administrateur de l’association"),
}
APPEAL_LABELS = {
    AppealStatus.PENDING: _l("en attente d’une réponse"),
    AppealStatus.UPHELD: _l("décision maintenue"),
    AppealStatus.REVERSED: _l("décision annulée"),
}
SEX_LABELS = {Sex.FEMALE: _l("Femme"), Sex.MALE: _l("Homme")}
AUTOMATED_LABELS = {
    FLAGGED: _l("elle a signalé quelque chose dans ce message"),
    SCORED: _l("elle a lu ce message et n’a rien signalé"),
    NOT_SCORED: _l("elle n’a pas lu ce message"),
}

# Every enum a section may hold, with its words; one table per enum, each complete.
ENUM_LABELS: dict[type[enum.Enum], dict[Any, Any]] = {
    PostStatus: POST_STATUS_LABELS,
    RevisionStatus: REVISION_LABELS,
    MemberStatus: MEMBER_STATUS_LABELS,
    SpaceRoleKind: ROLE_KIND_LABELS,
    AppealStatus: APPEAL_LABELS,
    Sex: SEX_LABELS,
    Category: CATEGORY_LABELS,
}
ENUM_LABELS.update(
    {type(next(iter(table))): table for table in (ACTION_LABELS, KIND_TEXTS, AUDIENCE_LABELS)}
)


def coded(value: enum.Enum) -> Coded:
    """An enum member as its code and its words."""
    return Coded(str(value.value), ENUM_LABELS[type(value)][value])


def field_label(key: str) -> Any:
    return FIELD_LABELS.get(key, key)


def role_label(role: str) -> Coded:
    """A viewer's role when they saw a card (a permissions.Role value)."""
    return Coded(role, ROLE_LABELS.get(role, role))

"""The demo's prepared texts: what each association wrote for its moderators to send."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.demo.cast import Cast
from community.moderation.canned import services as canned
from community.moderation.canned.models import CannedKind, CannedTextChange

# (kind, title, reason, text), in the order the moderators find them, in every space.
PREPARED_TEXTS = (
    (
        CannedKind.REFUSAL,
        "Numéro, adresse ou nom visible",
        "personal_data",
        "Votre message contient un numéro de téléphone, une adresse ou le nom complet d’une "
        "personne. Pour vous protéger, et protéger les autres, nous ne publions pas ces "
        "informations.\n\nVous pouvez écrire un nouveau message sans elles.",
    ),
    (
        CannedKind.REFUSAL,
        "Arrêt d’un traitement conseillé",
        "medical_misinformation",
        "Votre message conseille d’arrêter ou de remplacer un traitement. Cela peut mettre "
        "une vie en danger : nous ne pouvons pas le publier.\n\nVous pouvez raconter votre "
        "expérience, sans conseiller aux autres d’arrêter. Parlez de tout changement avec "
        "votre médecin.",
    ),
    (
        CannedKind.REFUSAL,
        "Vente ou publicité",
        "advertising",
        "Votre message fait la promotion d’un produit, d’un service ou d’un site. Cet espace "
        "n’accepte pas la publicité, même pour un produit qui vous a aidé.",
    ),
    (
        CannedKind.REFUSAL,
        "Propos qui blessent",
        "hostile",
        "Votre message contient des mots qui peuvent blesser d’autres membres. Vous pouvez "
        "dire votre désaccord, avec respect : nous publierons volontiers un nouveau message.",
    ),
    (
        CannedKind.EDIT_REQUEST,
        "Retirer un nom ou un numéro",
        None,
        "Votre message est presque prêt. Retirez seulement le nom, le numéro ou l’adresse "
        "qu’il contient, puis envoyez-le de nouveau : nous le relirons vite.",
    ),
    (
        CannedKind.EDIT_REQUEST,
        "Préciser la question",
        None,
        "Pouvez-vous préciser votre question ? Par exemple : depuis quand, avec quel "
        "traitement, ce que vous avez déjà essayé. Les autres membres pourront mieux vous "
        "répondre.",
    ),
)


def seed_prepared_texts(session: Session, *, cast: Cast, now: datetime) -> int:
    """Each space's association admin writes the prepared texts, twelve days ago."""
    written = now - timedelta(days=12)
    made = []
    for slug, space in cast.spaces.items():
        admin = cast.admins[slug]
        for kind, title, reason, body in PREPARED_TEXTS:
            made.append(
                canned.add_text(
                    session,
                    actor=admin,
                    space=space,
                    kind=kind,
                    title=title,
                    body=body,
                    reason_code=reason,
                )
            )
    for text in made:
        text.created_at = text.updated_at = written
    ids = [text.id for text in made]
    for change in session.scalars(
        select(CannedTextChange).where(CannedTextChange.canned_text_id.in_(ids))
    ):
        change.created_at = written
    session.flush()
    return len(made)

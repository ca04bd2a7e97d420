"""The policy pages' forms: thresholds and the switches, a watched word, a trusted member."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from community.kernel.forms import BaseForm, Visible
from community.moderation.model.scorers import LABELS
from community.moderation.models import WatchAction
from community.moderation.policy import services as policy
from community.moderation.scoring.detectors import label_name

BAD_THRESHOLD = _l(
    "Un seuil s’écrit comme 0,50 : un nombre entre 0,05 et 0,99, deux décimales au plus."
)
WORD_ERRORS = {
    "empty": _l("Indiquez un mot ou une expression."),
    "too_long": _l("%(max)d caractères au plus.", max=policy.WORD_MAX),
    "bad_star": _l("L’astérisque se met seulement à la fin d’un mot : « régime* »."),
}
WATCH_ACTIONS = {
    WatchAction.FLAG: _l("Signaler : le modérateur voit le mot surligné, avec la raison."),
    WatchAction.BLOCK: _l(
        "Bloquer : le message n’est jamais publié automatiquement, et son auteur est prévenu "
        "dès l’envoi qu’un mot n’est pas accepté dans cet espace."
    ),
}


def _threshold(form: BaseForm, field: Any) -> None:
    try:
        field.data = policy.parse_threshold(field.raw_data[0] if field.raw_data else "")
    except policy.PolicyError:
        raise ValidationError(str(BAD_THRESHOLD)) from None


class PolicyForm(BaseForm):
    auto_publish_trusted = BooleanField(
        _l("Publier aussitôt les messages des membres de confiance qui restent sous chaque seuil")
    )
    use_calibrated_risk = BooleanField(
        _l("Utiliser les scores calibrés sur nos décisions pour ordonner la file")
    )


# One field per label, named after it: "threshold_insult" …
for _label in LABELS:
    setattr(PolicyForm, f"threshold_{_label}", StringField(label_name(_label), [_threshold]))


def threshold_fields(form: PolicyForm) -> list[Any]:
    return [form[f"threshold_{label}"] for label in LABELS]


class WatchedWordForm(BaseForm):
    word = StringField(
        _l("Mot ou expression"),
        validators=[
            Visible(_l("Indiquez un mot ou une expression.")),
            Length(max=policy.WORD_MAX, message=WORD_ERRORS["too_long"]),
        ],
    )
    action = RadioField(
        _l("Que faire d’un message qui le contient ?"),
        choices=[SelectChoice(str(action), label) for action, label in WATCH_ACTIONS.items()],
        default=WatchAction.FLAG,
        validators=[InputRequired(message=_l("Choisissez : signaler ou bloquer."))],
    )


class TrustForm(BaseForm):
    trusted = HiddenField()

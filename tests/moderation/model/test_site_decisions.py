"""An operator retrains the development model on the site's own moderators' decisions: each
decision teaches only what it says, a share is kept aside, and the models before and after
are compared on it; the shipped model is never overwritten."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from pathlib import Path

import pytest

from community.forums import services as forums
from community.moderation.model.decisions import UNKNOWN, decision_examples
from community.moderation.model.training import DEV_CHECKPOINT
from community.moderation.queue import services as moderation
from tests.moderation.calibration_world import make_world

INSULTS = [
    "T'es vraiment un abruti fini, personne ne veut de toi ici.",
    "Espèce de menteuse, tu inventes ta maladie pour qu'on te plaigne.",
    "Ferme-la, pauvre idiot, tu racontes n'importe quoi.",
]
ADVICE = "Jetez votre insuline, un jeûne de dix jours guérit le diabète."
ORDINARY = [
    "Merci pour vos conseils, j'ai vu mon diabétologue ce matin.",
    "Quelqu'un a testé le nouveau capteur ? Le mien décolle sous la douche.",
    "Courage à toi, les premières semaines sont les plus dures.",
    "Je reviens donner des nouvelles : l'HbA1c est descendue à 7,1 !",
]


@pytest.fixture
def decided(session):
    """A space whose moderator approved 64 posts and refused 22 (hostile, advice, other)."""
    world = make_world(session)
    moderator = world["moderator"]

    def post(text: str):
        return forums.reply(session, author=world["author"], thread=world["thread"], body=text)

    for index in range(64):
        moderation.approve(
            session, moderator=moderator, post=post(f"{ORDINARY[index % 4]} ({index})")
        )
    for index in range(15):
        moderation.reject(
            session,
            moderator=moderator,
            post=post(f"{INSULTS[index % 3]} ({index})"),
            reason_code="hostile",
            reason_text="",
        )
    for index in range(5):
        moderation.reject(
            session,
            moderator=moderator,
            post=post(f"{ADVICE} ({index})"),
            reason_code="medical_misinformation",
            reason_text="",
        )
    for index in range(2):
        moderation.reject(
            session,
            moderator=moderator,
            post=post(f"Hors sujet complet ({index})"),
            reason_code="off_topic",
            reason_text="",
        )
    session.commit()
    return world


def test_each_decision_teaches_only_what_it_says(session, decided):
    training, held_out = decision_examples(session)
    examples = training + held_out

    # Off-topic refusals teach nothing the model learns; the thread's opening post was
    # never decided.
    assert len(examples) == 64 + 15 + 5
    assert 0 < len(held_out) < len(examples) / 2
    hostile = [
        e for e in examples if "abruti" in e.text or "menteuse" in e.text or "idiot" in e.text
    ]
    assert all(e.labels["toxic"] == 1 and e.labels["insult"] == UNKNOWN for e in hostile)
    advice = [e for e in examples if "insuline" in e.text]
    assert all(e.labels["misinfo"] == 1 and e.labels["toxic"] == 0 for e in advice)
    approved = [e for e in examples if e.kind == "benign"]
    assert all(e.labels["toxic"] == 0 and e.labels["obscene"] == UNKNOWN for e in approved)


def test_too_few_decisions_train_nothing(runner, session):
    make_world(session)
    result = runner.invoke(args=["model", "train", "--with-decisions"])
    assert result.exit_code == 1
    assert "il en faut au moins 50" in result.output


def test_the_site_model_is_trained_apart_and_compared_with_the_one_in_use(
    runner, session, decided, tmp_path: Path
):
    shipped = DEV_CHECKPOINT.read_bytes()
    out = tmp_path / "model-site"

    result = runner.invoke(
        args=[
            "model", "train", "--with-decisions", "--epochs", "1", "--limit", "64",
            "--out", str(out),
        ]
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "décisions du site ajoutées au corpus" in result.output
    assert "ROC AUC, partie test du corpus" in result.output
    assert "ROC AUC, décisions du site gardées à part" in result.output
    assert "avant" in result.output and "après" in result.output
    assert (out / "toxicity-dev.ckpt").is_file() and (out / "tokenizer.json").is_file()
    assert f"COMMUNITY_MODERATION_CHECKPOINT={out / 'toxicity-dev.ckpt'}" in result.output
    assert DEV_CHECKPOINT.read_bytes() == shipped

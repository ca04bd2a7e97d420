"""`flask model …`: check the configured model, evaluate the worker's path on a CSV of posts,
and retrain the development model (with the site's own decisions, if asked).

Messages are French, for the operator's terminal, like the other commands.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext

from community.moderation.model.corpus import CORPUS_DIR


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    raise click.exceptions.Exit(1)


@click.group("model", help="Le modèle de toxicité : vérifier, évaluer, entraîner.")
def model_group() -> None:
    pass


@model_group.command("check")
@click.option(
    "--record",
    is_flag=True,
    help="Enregistrer les scores de référence d’un modèle qu’on vient de placer.",
)
@with_appcontext
def model_check_command(record: bool) -> None:
    """Charge le modèle configuré, note quelques phrases, ou dit ce qui manque."""
    from community.moderation.model.scorers import ModelError, check_model

    try:
        click.echo(check_model(current_app.config, record=record))
    except ModelError as error:
        _fail(str(error))


def _configured_scorer() -> Any:
    from community.moderation.model.scorers import ModelError, scorer_from_config

    try:
        return scorer_from_config({**current_app.config, "MODERATION_SCORER": "detoxify"})
    except ModelError as error:
        _fail(str(error))


@model_group.command("evaluate")
@click.option(
    "--input",
    "input_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=CORPUS_DIR / "test.csv",
    show_default="la partie test du corpus",
    help="Fichier CSV : colonnes id et text, et au choix lang, title, les étiquettes, kind.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Écrire aussi une ligne JSON par message (id, urgent, risk, findings, scores).",
)
@with_appcontext
def model_evaluate_command(input_path: Path, output: Path | None) -> None:
    """Passe chaque message par le chemin exact du worker, et dit comment il s’en sort."""
    from community.moderation.model.evaluation import (
        EvaluationError,
        evaluate_file,
        format_report,
    )

    if not input_path.is_file():
        _fail(f"Fichier introuvable : {input_path}")
    scorer = _configured_scorer()
    click.echo(f"Modèle : {scorer.version}")
    try:
        result = evaluate_file(
            input_path,
            scorer=scorer,
            default_threshold=float(current_app.config["MODERATION_DEFAULT_THRESHOLD"]),
            output=output,
        )
    except EvaluationError as error:
        _fail(str(error))
    click.echo(format_report(result))
    if output is not None:
        click.echo(f"Prédictions écrites dans {output}.")


@model_group.command("train")
@click.option("--epochs", type=click.IntRange(1, 200), help="Passes sur le corpus.")
@click.option(
    "--new-tokenizer",
    is_flag=True,
    help="Refaire aussi le tokenizer (pas identique octet pour octet d’une fois sur l’autre).",
)
@click.option(
    "--with-decisions",
    is_flag=True,
    help="Ajouter au corpus les décisions des modérateurs de ce site (le modèle reste ici).",
)
@click.option(
    "--limit",
    type=click.IntRange(16, None),
    help="Un essai rapide : n’entraîner que sur ce nombre d’exemples du corpus.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Dossier du nouveau modèle (défaut : le modèle du dépôt, ou instance/model-site "
    "avec --with-decisions).",
)
@with_appcontext
def model_train_command(
    epochs: int | None,
    new_tokenizer: bool,
    with_decisions: bool,
    limit: int | None,
    out: Path | None,
) -> None:
    """Réentraîne le petit modèle de développement (à partir du corpus du dépôt)."""
    from community.moderation.model.training import DEV_DIR, Settings, train

    settings = Settings() if epochs is None else Settings(epochs=epochs)
    if not with_decisions:
        train(
            out_dir=out or DEV_DIR,
            settings=settings,
            new_tokenizer=new_tokenizer,
            limit=limit,
            log=click.echo,
        )
        return
    _train_with_decisions(out, settings, new_tokenizer, limit)


MIN_SITE_DECISIONS = 50


def _train_with_decisions(
    out: Path | None, settings: Any, new_tokenizer: bool, limit: int | None
) -> None:
    from community.extensions import db
    from community.moderation.model.decisions import decision_examples
    from community.moderation.model.evaluation import compare_models
    from community.moderation.model.scorers import DetoxifyScorer
    from community.moderation.model.training import DEV_DIR, train

    training, held_out = decision_examples(db.session())
    if len(training) < MIN_SITE_DECISIONS:
        _fail(
            f"Seulement {len(training)} décisions utilisables (il en faut au moins "
            f"{MIN_SITE_DECISIONS}) : rien n’a été entraîné."
        )
    before = _configured_scorer()
    folder = out or Path(current_app.instance_path) / "model-site"
    folder.mkdir(parents=True, exist_ok=True)
    if not new_tokenizer:
        # The shipped vocabulary: the same tokens for the same words, before and after.
        for name in ("tokenizer.json", "tokenizer_config.json"):
            shutil.copy(DEV_DIR / name, folder / name)
    click.echo(
        f"{len(training)} décisions du site ajoutées au corpus, {len(held_out)} gardées à part "
        "pour comparer."
    )
    trained = train(
        out_dir=folder,
        settings=settings,
        new_tokenizer=new_tokenizer,
        extra=training,
        limit=limit,
        log=click.echo,
    )
    after = DetoxifyScorer(trained.checkpoint, folder)
    default = float(current_app.config["MODERATION_DEFAULT_THRESHOLD"])
    click.echo("")
    click.echo(compare_models(before, after, held_out, default_threshold=default))
    click.echo("")
    click.echo(
        "Pour l’utiliser : COMMUNITY_MODERATION_CHECKPOINT="
        f"{trained.checkpoint} COMMUNITY_MODERATION_MODEL_CONFIG_DIR={folder}"
    )

"""Logs on standard output, plain or one JSON object per line, set up once per process."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from community import create_app
from tests.conftest import make_config


@pytest.fixture
def root_handlers() -> Iterator[None]:
    """The handlers create_app adds to the root logger, removed again after the test."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
    root.setLevel(level)


def _ours(handlers: list[logging.Handler]) -> list[logging.Handler]:
    return [handler for handler in handlers if handler.get_name() == "community"]


def test_a_production_app_logs_json_lines_on_standard_output(root_handlers, capsys):
    create_app(make_config(TESTING=False, LOG_FORMAT="json", LOG_LEVEL="info"))
    create_app(make_config(TESTING=False, LOG_FORMAT="json"))  # a second app

    assert len(_ours(logging.getLogger().handlers)) == 1  # one handler however many apps
    logging.getLogger("community.jobs").info("Worker %s started", "hôte:42")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("community.jobs").exception("Worker loop failed")

    first, second = [json.loads(line) for line in capsys.readouterr().out.splitlines()[-2:]]
    assert first["level"] == "INFO" and first["logger"] == "community.jobs"
    assert first["message"] == "Worker hôte:42 started"
    assert first["time"].endswith("+00:00")
    assert second["level"] == "ERROR" and "ValueError: boom" in second["exception"]


def test_plain_lines_by_default(root_handlers, capsys):
    create_app(make_config(TESTING=False))
    logging.getLogger("community.jobs").warning("Le serveur de courrier ne répond pas")

    line = capsys.readouterr().out.splitlines()[-1]
    assert line.endswith("WARNING community.jobs: Le serveur de courrier ne répond pas")


def test_the_tests_keep_their_own_capture(root_handlers):
    create_app(make_config())
    assert _ours(logging.getLogger().handlers) == []

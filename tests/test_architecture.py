"""The house rules a reader cannot see on a page: the one-way graph between domains, and
pages that read without writing.

`make lint` checks the graph with import-linter's contracts (pyproject.toml); these tests
show that the check bites, on a copy of the code given one import against the flow.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, has_request_context, request
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from community.forums import services
from community.forums.models import SpaceRoleKind
from community.selfdata.models import CardView
from tests.forums.helpers import fresh, joined, log_in, member, space
from tests.selfdata.card_helpers import K_FOR_TESTS, post_with_card

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_of_the_code(tmp_path: Path) -> Path:
    """The package's Python files and the contracts, apart from the real ones."""
    copy = tmp_path / "copy"
    shutil.copytree(
        ROOT / "community",
        copy / "community",
        ignore=lambda folder, names: [
            name
            for name in names
            if not name.endswith(".py") and not (Path(folder) / name).is_dir()
        ],
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def _lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    # The venv's own tool, on a copy of our code: no untrusted input.
    return subprocess.run(  # noqa: S603
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_code_as_it_is_keeps_every_contract(tmp_path):
    result = _lint_imports(_copy_of_the_code(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "back_edge", "said"),
    [
        # A lower domain reaching a higher one.
        (
            "forums/queries.py",
            "community.selfdata.store",
            "community.forums is not allowed to import community.selfdata",
        ),
        (
            "accounts/services.py",
            "community.moderation.audit.erasure",
            "community.accounts is not allowed to import community.moderation",
        ),
        # Two domains that must stay apart.
        (
            "search/queries.py",
            "community.selfdata.models",
            "community.search is not allowed to import community.selfdata",
        ),
        # A domain reaching the pages composed from it.
        (
            "moderation/queue/views.py",
            "community.pages.threads",
            "community.moderation is not allowed to import community.pages",
        ),
        # The shared kernel reaching up into a domain.
        (
            "kernel/urls.py",
            "community.forums.models",
            "community.kernel is not allowed to import community.forums",
        ),
        # A query reaching a page of its own domain.
        (
            "moderation/queue/queries.py",
            "community.moderation.policy.views",
            "community.moderation.queue.queries is not allowed to import "
            "community.moderation.policy.views",
        ),
        # Text analysis stays free of Flask.
        ("textscan/normalize.py", "flask", "community.textscan is not allowed to import flask"),
    ],
)
def test_an_import_against_the_flow_fails_the_lint(tmp_path, module, back_edge, said):
    copy = _copy_of_the_code(tmp_path)
    with (copy / "community" / module).open("a") as source:
        source.write(f"\nimport {back_edge}  # noqa\n")

    result = _lint_imports(copy)

    assert result.returncode != 0
    assert said in " ".join(result.stdout.split()), result.stdout  # the report wraps lines


# --- a page that is read writes nothing, except through its after-request hook ----------


@contextmanager
def commits_inside_views(app: Flask) -> Iterator[list[str]]:
    """Yields the list of requests that committed while their view function still ran."""
    inside: list[str] = []
    for endpoint, view in list(app.view_functions.items()):

        def watched(*args: Any, _view: Any = view, **kwargs: Any) -> Any:
            g.view_running = True
            try:
                return _view(*args, **kwargs)
            finally:
                g.view_running = False

        app.view_functions[endpoint] = watched

    def noted(_session: Any) -> None:
        if has_request_context() and g.get("view_running"):
            inside.append(f"{request.method} {request.endpoint}")

    event.listen(Session, "before_commit", noted)
    try:
        yield inside
    finally:
        event.remove(Session, "before_commit", noted)


@pytest.mark.config(SELFDATA_K_ANONYMITY=K_FOR_TESTS)
def test_reading_a_card_is_logged_after_the_page_never_by_the_page(app, client, session):
    diabetes = space(session)
    camille = member(session, "Camille")
    lea = joined(session, member(session, "Lea"), diabetes)
    doctor = member(session, "DrMartin")
    services.grant_space_role(session, space=diabetes, member=doctor, kind=SpaceRoleKind.MODERATOR)
    _card, _post, opened = post_with_card(session, camille, diabetes)
    _waiting_card, _waiting, _pending_thread = post_with_card(
        session, camille, diabetes, published=False, title="En attente"
    )
    with commits_inside_views(app) as committed_inside:
        log_in(client, lea)
        thread_page = client.get(f"/discussions/{opened.id}")
        log_in(client, doctor)
        queue_page = client.get("/moderation/")

    assert thread_page.status_code == 200 and queue_page.status_code == 200
    assert committed_inside == []
    # …and yet both views were logged, and both pages kept private.
    fresh(session)
    assert session.scalar(select(func.count(CardView.id))) == 2
    for page in (thread_page, queue_page):
        assert page.headers["Cache-Control"] == "private, no-store"

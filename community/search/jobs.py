"""Search's job for the worker: the outbox applied to the index, batch after batch."""

from __future__ import annotations

import time

from flask import Flask

from community.jobs import side_task
from community.search.backend import backend as search_backend
from community.search.indexing import apply_outbox

# Search index changes are applied batch after batch until none wait or this long passed.
SEARCH_SECONDS_PER_RUN = 2.0


def index_search_once(app: Flask, *, seconds: float = SEARCH_SECONDS_PER_RUN) -> int:
    """Apply the search outbox, one index commit and one transaction per batch; returns how
    many rows were applied. A failed batch (index busy, disk full) stays for the next run.

    Also with the null backend, which applies nothing: the rows must not pile up.
    """
    size = int(app.config["SEARCH_BATCH_SIZE"])
    deadline = time.monotonic() + seconds
    applied = 0
    while True:
        done = side_task(
            app,
            "Updating the search index failed; the changes stay in the outbox",
            lambda session: apply_outbox(session, search_backend(), limit=size),
        )
        applied += done or 0
        if not done or done < size or time.monotonic() >= deadline:
            return applied

"""Flask commands: demo data, create-admin (more come with the moderation worker, search …)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    pass

"""The vault's pages: the owner's records, their profile, forms, export."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("vault", __name__, url_prefix="/donnees")

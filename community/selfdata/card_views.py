"""Data cards: build, preview, consent, list, withdraw; and who saw them."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("cards", __name__, url_prefix="/donnees/cartes")

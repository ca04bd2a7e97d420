"""Importing a CSV or FHIR R4 file into one's vault: upload, preview, confirm."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/donnees/importer")

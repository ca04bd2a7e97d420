"""`flask --app community selfdata …`: the operator's commands for the vault and data cards."""

from __future__ import annotations

from flask.cli import AppGroup

selfdata_group = AppGroup("selfdata", help="Coffre de données et cartes de données.")

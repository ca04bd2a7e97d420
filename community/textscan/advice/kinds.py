"""What a piece of dangerous advice urges, as its hit's `detail` names it."""

from __future__ import annotations

STOP, REFUSE, REPLACE = "stop_treatment", "refuse_treatment", "replace_treatment"
CHEMICALS, CURE = "chemicals", "cure_promise"

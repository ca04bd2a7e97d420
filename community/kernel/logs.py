"""Logs on standard output, for the web processes and the worker alike: plain lines for a
person, or one JSON object per line for a log collector (LOG_FORMAT = "json").

Standard output is where systemd's journal, docker and every log shipper look. The JSON
formatter is a dozen lines of our own rather than a dependency: it writes the record's
time, level, logger and message, and the exception when there is one.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from flask import Flask

_HANDLER_NAME = "community"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def init_app(app: Flask) -> None:
    """One handler on the root logger, whatever the number of apps a process builds; the
    tests keep pytest's own capture instead."""
    if app.config["TESTING"]:
        return
    root = logging.getLogger()
    root.setLevel(str(app.config["LOG_LEVEL"]).upper())
    if any(handler.get_name() == _HANDLER_NAME for handler in root.handlers):
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.set_name(_HANDLER_NAME)
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)

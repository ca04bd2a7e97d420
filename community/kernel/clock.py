"""The one clock: naive UTC datetimes, as stored in every database we support, and the
site's time zone, in which members type and read their days and times."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

# Outside an application (a pure function under test), the zone the defaults name.
DEFAULT_ZONE = "Europe/Paris"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@functools.cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def site_zone() -> ZoneInfo:
    """The site's time zone (BABEL_DEFAULT_TIMEZONE): members have no zone of their own."""
    name = current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else DEFAULT_ZONE
    return _zone(str(name))


def to_local(moment: datetime, zone: ZoneInfo | None = None) -> datetime:
    """A stored (naive UTC) time in the site's zone, or in `zone`."""
    return moment.replace(tzinfo=UTC).astimezone(zone or site_zone())


def to_utc(day: date, at: time | None, zone: ZoneInfo | None = None) -> datetime:
    """A local day and time (midnight when none) as the naive UTC datetime we store."""
    local = datetime.combine(day, at or time(), tzinfo=zone or site_zone())
    return local.astimezone(UTC).replace(tzinfo=None)


def local_today() -> date:
    return datetime.now(site_zone()).date()

"""What self data forgets on its own: old entries of the view log, imports never confirmed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from community.selfdata.access_log import purge_views
from community.selfdata.imports import purge_pending

# An import is previewed and confirmed in one sitting; past this, its parsed rows go.
PENDING_IMPORT_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class Purged:
    views: int
    imports: int


def purge_expired(session: Session, *, now: datetime, view_log_days: int) -> Purged:
    """Delete view-log entries older than the period, and stale pending imports (flushes)."""
    return Purged(
        views=purge_views(session, older_than=now - timedelta(days=view_log_days)),
        imports=purge_pending(session, older_than=now - PENDING_IMPORT_LIFETIME),
    )

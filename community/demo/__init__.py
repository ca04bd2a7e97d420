"""The French demo, made through the services: what `flask demo` and the tests use of it."""

from __future__ import annotations

from community.demo.seeding import (
    DEMO_PASSWORD,
    MEMBERS,
    MODERATORS,
    SITE_ADMIN,
    DemoSummary,
    demo_scorer,
    has_accounts,
    is_seeded,
    login_lines,
    seed,
)
from community.demo.texts import (
    EDIT_ADDITION,
    ESCALATION,
    FLAGGED_REPLIES,
    NOTIFIED_EDIT,
    NOTIFIED_MEMBER,
    REPORTS,
    TRUSTED_MEMBER,
)

__all__ = [
    "DEMO_PASSWORD",
    "EDIT_ADDITION",
    "ESCALATION",
    "FLAGGED_REPLIES",
    "MEMBERS",
    "MODERATORS",
    "NOTIFIED_EDIT",
    "NOTIFIED_MEMBER",
    "REPORTS",
    "SITE_ADMIN",
    "TRUSTED_MEMBER",
    "DemoSummary",
    "demo_scorer",
    "has_accounts",
    "is_seeded",
    "login_lines",
    "seed",
]

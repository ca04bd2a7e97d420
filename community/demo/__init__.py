"""The French demo, made through the services: what `flask demo` and the tests use of it."""

from __future__ import annotations

from community.demo.cases import (
    APPEAL_DECIDERS,
    EDIT_ADDITION,
    ESCALATION,
    FLAGGED_REPLIES,
    JOIN_REQUEST,
    NOTIFIED_EDIT,
    NOTIFIED_MEMBER,
    REPORTS,
    TRUSTED_MEMBER,
)
from community.demo.cast import (
    DEMO_PASSWORD,
    MEMBERS,
    MODERATORS,
    SITE_ADMIN,
    appeal_lines,
    join_request_lines,
    login_lines,
)
from community.demo.scorer import demo_scorer
from community.demo.seeding import DemoSummary, has_accounts, is_seeded, seed

__all__ = [
    "APPEAL_DECIDERS",
    "DEMO_PASSWORD",
    "EDIT_ADDITION",
    "ESCALATION",
    "FLAGGED_REPLIES",
    "JOIN_REQUEST",
    "MEMBERS",
    "MODERATORS",
    "NOTIFIED_EDIT",
    "NOTIFIED_MEMBER",
    "REPORTS",
    "SITE_ADMIN",
    "TRUSTED_MEMBER",
    "DemoSummary",
    "appeal_lines",
    "demo_scorer",
    "has_accounts",
    "is_seeded",
    "join_request_lines",
    "login_lines",
    "seed",
]

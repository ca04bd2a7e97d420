"""A moderated peer community for patients."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_request_context, request
from flask_login import current_user
from sqlalchemy import event, select
from werkzeug.middleware.proxy_fix import ProxyFix

from community.config import load_config
from community.extensions import babel, csrf, db, limiter, login_manager, mail, migrate
from community.kernel import logs

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: the only place it is assembled."""
    app = Flask(
        __name__,
        instance_path=_instance_path(test_config),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, test_config)
    logs.init_app(app)
    if app.config["PROXY_COUNT"]:
        proxies = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    # Every domain's models, so that the metadata (and so migrations) knows every table.
    from community import jobs as _jobs  # noqa: F401  (the workers' heartbeats)
    from community.accounts import models as _accounts_models  # noqa: F401
    from community.forums import models as _forums_models  # noqa: F401
    from community.kernel import outbox as _outbox  # noqa: F401  (the requests' e-mails)
    from community.moderation import models as _moderation_models  # noqa: F401
    from community.moderation.canned import models as _canned_models  # noqa: F401
    from community.notifications import models as _notification_models  # noqa: F401
    from community.search import models as _search_models  # noqa: F401
    from community.selfdata import models as _selfdata_models  # noqa: F401

    db.init_app(app)
    from community.kernel import reading

    reading.init_app(app)  # first of the request hooks: before any of them queries
    # render_as_batch: SQLite cannot ALTER most things, so Alembic copies tables.
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    _init_login(app)
    from community.selfdata import crypto

    crypto.init_app(app)
    from community.search import backend as search_backend

    search_backend.init_app(app)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)

    _register_blueprints(app)
    _connect_signals(app)

    from community import cli
    from community.kernel import urls, web

    web.init_app(app)
    urls.init_app(app)
    cli.init_app(app)
    _init_jobs(app)  # last: the demo server's worker thread may start here
    return app


def _instance_path(test_config: dict[str, Any] | None) -> str | None:
    """The instance folder: COMMUNITY_INSTANCE_PATH when set (each host its own, outside
    the code: /var/lib/community), else Flask's `instance/` beside the package."""
    where = os.environ.get("COMMUNITY_INSTANCE_PATH") if test_config is None else None
    return str(Path(where).resolve()) if where else None


def _register_blueprints(app: Flask) -> None:
    from community.accounts.views import bp as accounts_bp
    from community.forums.admin import bp as admin_bp
    from community.forums.follow_views import bp as follows_bp
    from community.forums.membership_views import bp as membership_bp
    from community.forums.reaction_views import bp as reactions_bp
    from community.forums.views import bp as forums_bp
    from community.moderation.appeals.views import bp as appeals_bp
    from community.moderation.canned.views import bp as canned_bp
    from community.moderation.notices.views import bp as notices_bp
    from community.moderation.policy.views import bp as policy_bp
    from community.moderation.queue.views import bp as moderation_bp
    from community.moderation.reports.views import bp as reports_bp
    from community.moderation.suspensions.views import bp as suspensions_bp
    from community.moderation.transparency.views import bp as transparency_bp
    from community.notifications.digest_views import bp as digests_bp
    from community.notifications.views import bp as notifications_bp
    from community.pages.drafts import bp as drafts_bp
    from community.pages.health import bp as health_bp
    from community.pages.help import bp as help_bp
    from community.pages.metrics import bp as metrics_bp
    from community.pages.my_posts import bp as my_posts_bp
    from community.pages.mydata.views import bp as mydata_bp
    from community.pages.text_size import bp as text_size_bp
    from community.pages.threads import bp as threads_bp
    from community.search.views import bp as search_bp
    from community.selfdata.card_views import bp as cards_bp
    from community.selfdata.import_views import bp as imports_bp
    from community.selfdata.period_views import bp as periods_bp
    from community.selfdata.vault_views import bp as vault_bp

    for blueprint in (
        forums_bp,
        threads_bp,
        drafts_bp,
        follows_bp,
        reactions_bp,
        membership_bp,
        accounts_bp,
        mydata_bp,
        my_posts_bp,
        admin_bp,
        suspensions_bp,
        moderation_bp,
        reports_bp,
        notices_bp,
        appeals_bp,
        notifications_bp,
        digests_bp,
        policy_bp,
        canned_bp,
        transparency_bp,
        vault_bp,
        periods_bp,
        imports_bp,
        cards_bp,
        search_bp,
        help_bp,
        text_size_bp,
        health_bp,
        metrics_bp,
    ):
        app.register_blueprint(blueprint)


def _connect_signals(app: Flask) -> None:
    """Who listens to which domain's events (community.signals says what each one means)."""
    from community import signals
    from community.forums import erasure as forums_erasure
    from community.moderation.audit import erasure as moderation_erasure
    from community.moderation.notices import services as notices
    from community.moderation.queue import waiting as queue_waiting
    from community.notifications import membership as notification_membership
    from community.notifications import news as notification_news
    from community.notifications import services as notifications
    from community.search import outbox as search_outbox
    from community.selfdata import cards as selfdata_cards
    from community.selfdata import page_extras as selfdata_pages

    for forget in (
        forums_erasure.forget_member,
        moderation_erasure.forget_member,
        notifications.forget_member,
        search_outbox.enqueue_member_posts,
        selfdata_cards.forget_member,
    ):
        signals.member_erasing.connect(forget)
    signals.member_erasure_begins.connect(forums_erasure.lock_member_rows)
    signals.visibility_changed.connect(search_outbox.enqueue_change)
    signals.visibility_changed.connect(notification_news.tell_of_visibility)
    signals.review_changed.connect(queue_waiting.on_review_changed)
    signals.post_decided.connect(notifications.tell_author)
    signals.post_decided.connect(notices.settle_notices)
    signals.post_escalated.connect(notifications.tell_escalation_target)
    signals.appeal_submitted.connect(notifications.tell_appeal_deciders)
    signals.appeal_decided.connect(notifications.tell_appeal_outcome)
    signals.appeal_decided.connect(notices.tell_senders_of_reversal)
    signals.account_decided.connect(notifications.tell_account_decision)
    signals.membership_requested.connect(notification_membership.tell_deciders)
    signals.membership_decided.connect(notification_membership.tell_requester)
    signals.post_extras.connect(selfdata_pages.card_slots)
    # The data cards a page showed: their views are committed after it, never by the GET.
    app.after_request(selfdata_pages.commit_card_views)


def _init_jobs(app: Flask) -> None:
    """The worker's jobs, in the order each loop runs them (community.jobs)."""
    from community import jobs
    from community.accounts.jobs import end_suspensions_once
    from community.forums.jobs import purge_drafts_once
    from community.moderation.notices.jobs import erase_notice_addresses_once
    from community.moderation.policy import jobs as calibration_jobs
    from community.moderation.scoring import jobs as scoring_jobs
    from community.moderation.transparency import jobs as transparency_jobs
    from community.notifications.jobs import send_all_mail
    from community.pages.mydata.jobs import build_exports_once
    from community.search.jobs import index_search_once
    from community.selfdata.jobs import purge_self_data_once

    jobs.init_app(
        app,
        [
            jobs.Job(
                "scoring",
                scoring_jobs.score_once,
                batched=True,
                stop=scoring_jobs.release_leases_of,
            ),
            jobs.Job("mail", send_all_mail),
            jobs.Job("purge", purge_self_data_once),
            jobs.Job("notices", erase_notice_addresses_once),
            jobs.Job("search", index_search_once),
            jobs.Job("calibration", calibration_jobs.refit_when_due),
            jobs.Job("transparency", transparency_jobs.keep_when_due),
            jobs.Job("suspensions", end_suspensions_once),
            jobs.Job("exports", build_exports_once),
            jobs.Job("drafts", purge_drafts_once),
        ],
    )


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cursor.execute("PRAGMA busy_timeout=5000")  # the writer waits instead of failing
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster commits
    cursor.close()


def _select_locale() -> str | None:
    """The language picked on this browser, else the member's, else the browser's, else French."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI, the worker, the demo: the site's language
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = request.cookies.get("lang")
    if chosen in languages:
        return chosen
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or "fr"


def _init_login(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from community.accounts.models import Member
    from community.kernel import reading
    from community.notifications import queries as notification_queries
    from community.notifications import views as notification_views

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    # A stolen remember-me cookie must not outlive a password change: see Member.get_id.
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_member(user_id: str) -> Member | None:
        member_id, _, fragment = user_id.partition(":")
        if not member_id.isdigit():
            return None
        if not (has_request_context() and request.method in reading.READING_METHODS):
            member = db.session.get(Member, int(member_id))
        else:
            # A page that reads shows the unread count in its header: read with the member,
            # it costs no round trip of its own. (A form's request may change it first.)
            row = db.session.execute(
                select(
                    Member, notification_queries.unread_count_of(Member.id).scalar_subquery()
                ).where(Member.id == int(member_id))
            ).first()
            member = row[0] if row else None
            if row:
                notification_views.unread_notifications_known(int(row[1] or 0))
        if member is None or not member.is_active or member.password_hash[-8:] != fragment:
            return None
        return member

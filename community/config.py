"""Configuration: defaults here, then instance/config.py, then COMMUNITY_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, ClassVar

from flask import Flask


class Defaults:
    # SQLite in the instance folder unless COMMUNITY_SQLALCHEMY_DATABASE_URI says otherwise;
    # the path is filled in by load_config once the instance folder is known.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {}
    SQLALCHEMY_RECORD_QUERIES = False

    # Forms and sessions
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set True behind HTTPS (COMMUNITY_SESSION_COOKIE_SECURE=true)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    PREFERRED_URL_SCHEME = "http"
    # Large enough for a long post, small enough that nobody fills the disk with one request.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
    # The longest address (path and query, in bytes) a page answers; a longer one gets a
    # page saying so in the reader's language. gunicorn.conf.py and nginx let longer ones
    # through to the app (docs/deploy.md), so that it is the app that answers.
    MAX_URL_LENGTH = 16 * 1024

    # Languages: French first, English available.
    LANGUAGES = ("fr", "en")
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"

    # Behind nginx (or any reverse proxy): how many proxies stand in front of the app. Their
    # X-Forwarded-For and X-Forwarded-Proto are believed only that deep (werkzeug's
    # ProxyFix); with 0, none is, and every visitor behind a proxy would share its address.
    PROXY_COUNT = 0
    # The host names the site answers to (Flask refuses any other Host header); one of
    # SITE_URL, SERVER_NAME or TRUSTED_HOSTS is required past SQLite, so that absolute
    # links in e-mails never come from whatever Host a request claimed.
    TRUSTED_HOSTS: list[str] | None = None

    # Rate limits (flask-limiter). memory:// is per process; use redis:// past one process
    # (`pip install -e '.[redis]'`). Posting, reporting and searching are counted per member
    # when logged in (a library computer serves many), else per address.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_LOGIN = "10 per minute;50 per hour"
    RATELIMIT_REGISTER = "5 per hour"
    RATELIMIT_PASSWORD_RESET = "5 per hour"  # noqa: S105 (a rate, not a password)
    RATELIMIT_POSTING = "10 per minute;100 per day"
    # Reactions are quicker than posts (a reader thanks several answers in a row), and
    # still a write: counted per member as posting is.
    RATELIMIT_REACTING = "30 per minute;500 per day"
    RATELIMIT_REPORTING = "5 per minute;30 per day"
    RATELIMIT_APPEALS = "5 per minute;30 per day"  # as reports: one act per decision
    RATELIMIT_SEARCH = "30 per minute"  # each search costs the engine real work
    # Notices of illegal content, open to visitors: counted per address (per member when
    # logged in), as reports.
    RATELIMIT_NOTICES = "3 per minute;20 per day"
    # Asking for an archive of everything the site holds about oneself: each one reads
    # every row of the member, and a new one empties the one before.
    RATELIMIT_MEMBER_EXPORT = "5 per hour;20 per day"

    # The public notice form's guards against floods, without JavaScript or a captcha:
    # its signed token must be this many seconds old at least (a person reads and
    # writes; a script posts at once) and at most (a form left open all night is
    # written again); one address may have so many notices waiting for a decision.
    NOTICE_FORM_MIN_SECONDS = 3
    NOTICE_FORM_MAX_SECONDS = 3 * 3600
    NOTICE_OPEN_PER_ADDRESS = 3
    # The sender's e-mail address is erased this many days after the decision it was
    # told of (room for a question back), or after this many days without a decision.
    NOTICE_ADDRESS_KEPT_DAYS = 30
    NOTICE_ADDRESS_KEPT_UNDECIDED_DAYS = 183
    # A member's draft left unchanged this many days is deleted by the worker.
    DRAFT_KEPT_DAYS = 183

    # Mail (Flask-Mailman). The demo prints messages; tests read an in-memory outbox;
    # production sets MAIL_BACKEND=smtp and the MAIL_SERVER settings.
    MAIL_BACKEND = "console"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Communauté patients <ne-pas-repondre@localhost>"
    # Seconds an SMTP server may take to answer: a silent one must not hold the worker.
    MAIL_TIMEOUT = 10

    # Password hashing (argon2id). The defaults are argon2-cffi's RFC 9106 low-memory profile.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4
    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds

    # Pages
    THREADS_PER_PAGE = 20
    POSTS_PER_PAGE = 20

    # Toxicity scoring (community/moderation/model/scorers.py). "null" scores nothing; "detoxify"
    # loads a local checkpoint: by default the small model the project trains and ships,
    # in production Detoxify's `multilingual` placed in the instance folder (README).
    MODERATION_SCORER = "null"
    MODERATION_CHECKPOINT: str | None = None
    MODERATION_MODEL_CONFIG_DIR: str | None = None
    MODERATION_THREADS = 1
    # Where the model runs: "cpu", or "cuda" for a scoring worker on a GPU host (with a
    # CUDA build of torch there; `flask worker --only scoring` on that host).
    MODERATION_DEVICE = "cpu"
    MODERATION_QUANTIZE = False
    MODERATION_MAX_TOKENS = 256
    MODERATION_BATCH_SIZE = 32
    # How long a scoring worker holds the posts it claimed; past that (a crash), another
    # worker claims them again.
    MODERATION_LEASE_SECONDS = 300
    # The demo server scores in a thread of its own process, so the demo is one command;
    # in production run `flask --app community worker` beside the web processes.
    MODERATION_WORKER_THREAD = False
    # After this many failed scoring attempts a post is no longer retried: it stays in
    # the queue marked "score indisponible" and a moderator decides without a score.
    MODERATION_MAX_ATTEMPTS = 8
    # How long a moderator's claim on a post lasts (others see "en cours d'examen par …").
    MODERATION_CLAIM_MINUTES = 15
    # A label's score above which a post is marked high risk, where the space's policy
    # sets no threshold of its own.
    MODERATION_DEFAULT_THRESHOLD = 0.5
    # Judged decisions (approvals, refusals, take-downs, with scores) a space needs before
    # the model's scores are calibrated on them: fewer would fit the noise.
    MODERATION_CALIBRATION_MIN_DECISIONS = 200
    # A transparency page never shows a count from 1 to this minus one ("moins de 5"), nor
    # any figure from which such a count could be worked out: nobody can be singled out.
    TRANSPARENCY_MIN_COUNT = 5

    # Notifications go by e-mail too (generic wording, never the post's content) when this
    # is true and the member has not turned e-mail off. Sent by the worker after the commit.
    NOTIFICATIONS_BY_EMAIL = False
    SITE_NAME = "Communauté patients"
    # The site's public address (https://communaute.example.org), for links in e-mails
    # sent by the worker, which has no request to take it from.
    SITE_URL: str | None = None

    # Self data (community/selfdata/). The vault's encryption keys, newest first, are read
    # from COMMUNITY_SELFDATA_KEYS (comma-separated Fernet keys) or else from the file
    # instance/selfdata.keys, made on first run. Keep that file out of database backups.
    SELFDATA_KEYS: str | None = None
    SELFDATA_KEY_FILE: str | None = None  # another place for the key file
    # A data card shows an age band, maybe a sex and a condition: at least this many
    # members of the space must share what it shows, or it is coarsened or refused.
    SELFDATA_K_ANONYMITY = 5
    # Who saw a member's data cards is kept this many days, then purged by the worker.
    SELFDATA_VIEW_LOG_DAYS = 365
    # Imports: the largest file, and the most rows (CSV lines or FHIR Bundle entries), one
    # import may bring. A patient's complete FHIR record is often near 1 MB; a file is read
    # whole in memory and every resource checked, so past a few MB one upload would slow
    # the site for everyone. The import page alone accepts requests this large.
    SELFDATA_IMPORT_MAX_BYTES = 4 * 1024 * 1024
    SELFDATA_IMPORT_MAX_ROWS = 5000

    # A member's archive of everything the site holds about them (community/pages/mydata):
    # built at once when the account holds at most this many rows (posts, notifications,
    # vault records …), else by the worker, the link then sent as a notification; its
    # owner may download it for this many days, then it is emptied.
    MEMBER_EXPORT_INLINE_ROWS = 500
    MEMBER_EXPORT_KEPT_DAYS = 7

    # Search (community/search/). By default the database's own full-text search on
    # PostgreSQL ("postgresql"), whoosh on SQLite ("whoosh", an index in SEARCH_INDEX_DIR,
    # default instance/search); "null" finds nothing (tests that are not about search).
    SEARCH_BACKEND: str | None = None
    SEARCH_INDEX_DIR: str | None = None
    # How many index changes the worker applies in one index commit.
    SEARCH_BATCH_SIZE = 500
    SEARCH_PER_PAGE = 20

    # /_metrics (Prometheus) answers only a scraper that sends "Authorization: Bearer" and
    # this token; unset, the path does not exist.
    METRICS_TOKEN: str | None = None

    # Logs go to standard output: "text" lines, or "json" (one object per line).
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"

    # /_health says "unhealthy" (503) when a post has waited this long for its score, or a
    # change for the search index: with a worker alive, both take seconds.
    HEALTH_MAX_DELAY_SECONDS = 900
    # …or when an e-mail has been owed this long (a mail server down for an hour).
    HEALTH_MAX_MAIL_DELAY_SECONDS = 3600

    # HTTPS: Strict-Transport-Security is only sent when this is true.
    HSTS = False


def _secret_key(instance_path: Path) -> str:
    """Read the instance's secret key, making one on first run (never committed)."""
    path = instance_path / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


class ConfigError(RuntimeError):
    """A setting the site cannot run without, said in words the operator can act on."""


# Commands an operator runs to make each secret (not secrets themselves).
MAKE_SECRET_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"  # noqa: S105
MAKE_VAULT_KEY = (
    "python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


def _require_what_hosts_share(config: Any) -> None:
    """Past SQLite the site runs on several hosts, which must share their secrets: a key
    made by one host on its own disk would break every other's sessions and forms, and
    what one host seals in a vault no other could open. And its e-mails' links must not
    come from a request's Host header, which anyone may forge."""
    if str(config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        return
    problems = []
    if not config.get("SECRET_KEY"):
        problems.append(
            "COMMUNITY_SECRET_KEY manque : tous les hôtes doivent partager la même clé "
            "secrète (sessions, formulaires). Créez-en une avec\n"
            f"    {MAKE_SECRET_KEY}\n"
            "et donnez-la à chaque hôte dans son environnement."
        )
    if not config.get("SELFDATA_KEYS") and not config.get("SELFDATA_KEY_FILE"):
        problems.append(
            "COMMUNITY_SELFDATA_KEYS manque : les coffres de données sont chiffrés avec ces "
            "clés, et ce qu’un hôte chiffre, un hôte sans les mêmes clés ne l’ouvre pas. "
            "Créez-en une avec\n"
            f"    {MAKE_VAULT_KEY}\n"
            "et donnez-la à chaque hôte (ou nommez un fichier de clés commun avec "
            "COMMUNITY_SELFDATA_KEY_FILE)."
        )
    if not (config.get("SITE_URL") or config.get("SERVER_NAME") or config.get("TRUSTED_HOSTS")):
        problems.append(
            "COMMUNITY_SITE_URL manque : c’est l’adresse publique du site "
            "(https://communaute.example.org), dont les liens des e-mails sont faits. Sans "
            "elle (ni COMMUNITY_SERVER_NAME ni COMMUNITY_TRUSTED_HOSTS), un lien de "
            "réinitialisation du mot de passe pourrait pointer vers le site de qui a forgé "
            "l’en-tête Host de la demande."
        )
    if problems:
        raise ConfigError("\n\n".join(problems))


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        # COMMUNITY_SECRET_KEY, COMMUNITY_SQLALCHEMY_DATABASE_URI, COMMUNITY_MAIL_SERVER …
        # Values are parsed as JSON when they can be (true, 25, "…").
        app.config.from_prefixed_env("COMMUNITY")
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'community.sqlite'}"
    _require_what_hosts_share(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    if app.config["SESSION_COOKIE_SECURE"]:
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"

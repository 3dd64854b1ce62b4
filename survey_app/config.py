"""Settings from environment variables and the instance folder.

Every setting a deployment may change is read here, once, when the app is created. Nothing else in the app reads
``os.environ``. Secrets are never written into the repository: the secret key is generated into the instance folder.
"""

from __future__ import annotations

import json
import math
import os
import secrets
from datetime import date, timedelta
from pathlib import Path

from interventions.absence.rules import AbsenceRules
from interventions.person_track import TaskRules
from survey_app.mail.smtp import configured

SUPPORTED_LOCALES = ("sv", "fi", "en")
#: The public address links are built on when OMTANKE_BASE_URL is unset: ``make run``'s own (answer links, e-mail).
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _months(name: str, default: int) -> int:
    """A retention in months: 0 or more (0 keeps for ever). A negative value would delete everything: refuse it."""
    months = int(os.environ.get(name) or default)
    if months < 0:
        raise ValueError(f"{name} must be 0 (keep for ever) or a number of months, not {months}")
    return months


def _day(name: str) -> date | None:
    """An ISO date (2026-12-06) or nothing."""
    value = (os.environ.get(name) or "").strip()
    return date.fromisoformat(value) if value else None


def _absence_rules(name: str, kind: type = AbsenceRules) -> dict:
    """A JSON object of ``AbsenceRules`` (or ``kind``'s: ``TaskRules``) fields overriding their defaults ({} when
    unset). An unknown field or a value of the wrong type stops the start with an error naming the field, so a
    mistyped threshold never goes unnoticed."""
    text = (os.environ.get(name) or "").strip()
    if not text:
        return {}
    try:
        values = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{name} is not valid JSON: {error}") from error
    if not isinstance(values, dict):
        raise ValueError(f'{name} must be a JSON object such as {{"spells_in_window": 4}}, not {text}')
    try:
        rules = kind.from_mapping(values)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from error
    return {key: getattr(rules, key) for key in values}


def _positive_number(name: str) -> float | None:
    """A positive number (a decimal point, not a comma) or nothing."""
    text = (os.environ.get(name) or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number such as 2500, not {text!r}")
    return value


def _at_least_zero(name: str, default: float) -> float:
    """A number of 0 or more (a decimal point, not a comma); unset gives ``default``."""
    text = (os.environ.get(name) or "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be 0 or a positive number such as {default:g}, not {text!r}")
    return value


def _smtp_url(name: str) -> str | None:
    """The mail server's URL (``survey_app.mail.smtp``), checked at start: a wrong scheme or option, or a server set
    without OMTANKE_BASE_URL (links in e-mail would point nowhere), stops the start with the reason."""
    url = (os.environ.get(name) or "").strip() or None
    configured(url, os.environ.get("OMTANKE_BASE_URL"))
    return url


def load_secret_key(instance_path: Path) -> str:
    """Return ``SECRET_KEY`` from the environment, else from ``instance/secret_key`` (created on first start)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def database_url(instance_path: Path) -> str:
    """``DATABASE_URL`` (PostgreSQL in production), else a SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        instance_path.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance_path / 'omtanke.db'}"
    # Hosting platforms still hand out the old scheme; SQLAlchemy wants a driver name.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def build_config(instance_path: Path) -> dict:
    """The complete Flask configuration for this process."""
    default_locale = os.environ.get("OMTANKE_DEFAULT_LOCALE", "sv")
    if default_locale not in SUPPORTED_LOCALES:
        default_locale = "sv"
    return {
        "SECRET_KEY": load_secret_key(instance_path),
        # The key of the staff names redaction catches (survey_app.privacy.known_names); unset: derived from SECRET_KEY.
        "OMTANKE_NAMES_KEY": os.environ.get("OMTANKE_NAMES_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Sessions: secure cookies by default; `make run` turns the flag off for plain http on 127.0.0.1.
        "SESSION_COOKIE_SECURE": _flag("OMTANKE_SECURE_COOKIES", True),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "omtanke_session",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=int(os.environ.get("OMTANKE_SESSION_HOURS", "8"))),
        "REMEMBER_COOKIE_SECURE": _flag("OMTANKE_SECURE_COOKIES", True),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "MAX_CONTENT_LENGTH": int(os.environ.get("OMTANKE_MAX_UPLOAD_MB", "16")) * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "BABEL_DEFAULT_LOCALE": default_locale,
        # The organisation's time zone: it decides when "today" begins (survey_app.clock).
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("OMTANKE_TIMEZONE", "Europe/Stockholm"),
        # A fixed "today" for a test run or a training copy frozen on one day; unset in production.
        "OMTANKE_TODAY": _day("OMTANKE_TODAY"),
        "OMTANKE_LOCALES": SUPPORTED_LOCALES,
        "OMTANKE_DEMO_PASSWORD": os.environ.get("OMTANKE_DEMO_PASSWORD") or None,
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        # The shared cache of computed figures (survey results): Redis when set, else each process keeps its own.
        "OMTANKE_CACHE_URL": os.environ.get("REDIS_URL") or None,
        "RATELIMIT_HEADERS_ENABLED": True,
        # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none, use the socket).
        "OMTANKE_PROXY_HOPS": int(os.environ.get("OMTANKE_PROXY_HOPS", "0")),
        # Host names this installation answers to (comma-separated; Flask answers 400 to any other Host header, so a
        # forged Host can never reach a generated link). Unset: any host, for a first start behind no proxy.
        "TRUSTED_HOSTS": [h.strip() for h in os.environ.get("OMTANKE_TRUSTED_HOSTS", "").split(",") if h.strip()]
        or None,
        # Public address of this installation, used in answer links, posters and code lists (and by the CLI).
        "OMTANKE_BASE_URL": os.environ.get("OMTANKE_BASE_URL") or None,
        # "json" (one object per line, the default under `omtanke serve`) or "text" for a terminal.
        "OMTANKE_LOG_FORMAT": "json" if os.environ.get("OMTANKE_LOG_FORMAT", "text") == "json" else "text",
        "OMTANKE_LOG_LEVEL": os.environ.get("OMTANKE_LOG_LEVEL", "INFO"),
        # Wrong answer codes allowed per client address (right codes never count): slows guessing, never a workplace.
        "OMTANKE_CODE_LIMIT": os.environ.get("OMTANKE_CODE_LIMIT", "30 per minute;300 per hour"),
        "OMTANKE_LOGIN_LIMIT": os.environ.get("OMTANKE_LOGIN_LIMIT", "5 per minute;20 per hour"),
        # Password-reset links sent per e-mail address, whether or not it has an account; past it the same answer
        # and nothing sent (survey_app/auth/reset_views.py).
        "OMTANKE_RESET_LIMIT": os.environ.get("OMTANKE_RESET_LIMIT", "3 per hour"),
        # Wrong phrases allowed per code, from any address: past this no phrase is checked for the code (its owner
        # still continues on their own device or starts afresh). Issue 19, finding 5; respond/resume.py.
        "OMTANKE_PHRASE_LIMIT": os.environ.get("OMTANKE_PHRASE_LIMIT", "10 per hour;20 per day"),
        # A workplace whose headcount is under this multiple of the round's anonymity threshold answers with codes
        # only: its link takes no answers (0: every workplace may use its link). Issue 19, finding 2.
        "OMTANKE_LINK_MIN_HEADCOUNT_FACTOR": _at_least_zero("OMTANKE_LINK_MIN_HEADCOUNT_FACTOR", 2),
        # A second link answer to one workplace from one browser or client address within these minutes is held
        # out of results until HR accepts it (0: never held for that reason).
        "OMTANKE_LINK_BURST_MINUTES": int(_at_least_zero("OMTANKE_LINK_BURST_MINUTES", 60)),
        # Outgoing e-mail: smtp://user:password@host:587 (STARTTLS, required), smtps://host:465 (TLS), or ?tls=none for
        # a relay on the same machine. Unset: messages stay in the outbox and are printed to the console (make run).
        "OMTANKE_SMTP_URL": _smtp_url("OMTANKE_SMTP_URL"),
        # The sender of every message (its From header; the Message-ID uses its domain).
        "OMTANKE_MAIL_FROM": os.environ.get("OMTANKE_MAIL_FROM") or "Omtanke <omtanke@localhost>",
        # Seconds to wait for the mail server when connecting and for each command.
        "OMTANKE_SMTP_TIMEOUT": _positive_number("OMTANKE_SMTP_TIMEOUT") or 20.0,
        # Background jobs (big exports): on RQ when Redis is set (run `omtanke worker`), else in threads of the app.
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        # Run jobs inside the request that starts them (tests and debugging only).
        "OMTANKE_JOBS_EAGER": _flag("OMTANKE_JOBS_EAGER", False),
        # Days a finished job's file is kept before `omtanke jobs purge` deletes it.
        "OMTANKE_JOB_FILES_DAYS": int(os.environ.get("OMTANKE_JOB_FILES_DAYS", "7")),
        # An export estimated at up to this many rows downloads at once; a larger one is prepared as a background job.
        "OMTANKE_DOWNLOAD_INLINE_ROWS": int(_at_least_zero("OMTANKE_DOWNLOAD_INLINE_ROWS", 20_000)),
        # Retention in months, enforced by `omtanke purge` (nightly); 0 keeps that kind for ever (survey_app.privacy).
        # Absence spells after they end, signal talks after they were held, import records once their spells are gone.
        "OMTANKE_RETAIN_ABSENCE_MONTHS": _months("OMTANKE_RETAIN_ABSENCE_MONTHS", 36),
        # Responses of closed rounds: results compare a round with the earlier ones, so these are kept longer.
        "OMTANKE_RETAIN_RESPONSES_MONTHS": _months("OMTANKE_RETAIN_RESPONSES_MONTHS", 60),
        # Raw interview notes once the round's compilation is released (findings and reflections are kept).
        "OMTANKE_RETAIN_NOTES_MONTHS": _months("OMTANKE_RETAIN_NOTES_MONTHS", 36),
        # Audit log entries (the records of erasures are kept).
        "OMTANKE_RETAIN_AUDIT_MONTHS": _months("OMTANKE_RETAIN_AUDIT_MONTHS", 24),
        # The record of e-mail sent or kept in the outbox (address, subject, kind, status), after it was recorded.
        "OMTANKE_RETAIN_MAIL_MONTHS": _months("OMTANKE_RETAIN_MAIL_MONTHS", 12),
        # A person's track (issue 23): talks, meetings and plans after they closed; once none is open or that recent,
        # the person's sick reports and tasks done older than this (the register entry stays while they are staff).
        "OMTANKE_RETAIN_PERSON_TRACK_MONTHS": _months("OMTANKE_RETAIN_PERSON_TRACK_MONTHS", 24),
        # Absence thresholds and the 30-60-90 counting: a JSON object of AbsenceRules fields (interventions.absence).
        "OMTANKE_ABSENCE_RULES": _absence_rules("OMTANKE_ABSENCE_RULES"),
        # A manager's tasks about their staff: a JSON object of TaskRules fields (interventions.person_track); the
        # country's rules ("country": "se" or "fi") default to Sweden's.
        "OMTANKE_TASK_RULES": _absence_rules("OMTANKE_TASK_RULES", TaskRules),
        # The cost of a sick day in a case's evaluation, unless the case sets its own (None: 2,500, plans.evaluation).
        "OMTANKE_SICK_DAY_COST": _positive_number("OMTANKE_SICK_DAY_COST"),
        # The indicators' "early-support talks held in time": at most this many days after the signal.
        "OMTANKE_TALK_WITHIN_DAYS": int(_at_least_zero("OMTANKE_TALK_WITHIN_DAYS", 14)),
    }

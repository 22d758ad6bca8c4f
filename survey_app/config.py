"""Configuration: one class per environment, secrets only from the environment.

``create_app`` picks the class named by ``HAILONG_CONFIG`` (development, testing,
production); ``DATABASE_URL`` selects the database. There is deliberately no fallback
secret: development keeps a random key in a git-ignored file in the instance folder,
and production refuses to start without ``SECRET_KEY``.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from survey_app.core.clock import LOCAL_TZ_NAME

# The checkout: templates, migrations and translations are found from here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

SECRET_FILE_NAME = "secret_key"  # noqa: S105  (a file name, not a secret)
CONTACT_KEY_FILE_NAME = "contact_key"
# Sessions, CSRF tokens and submission tokens are signed with SECRET_KEY: a short key can
# be found by trying keys offline against any one cookie, and then anything can be forged.
MIN_SECRET_KEY_LENGTH = 32


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


class ConfigError(RuntimeError):
    """Raised when the environment does not give what a configuration needs."""


def normalise_database_url(url: str) -> str:
    """Let ``postgresql://`` and ``postgres://`` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def read_or_create_secret(
    instance_path: Path,
    name: str = SECRET_FILE_NAME,
    make: Callable[[], str] = lambda: secrets.token_urlsafe(48),
) -> str:
    """Return a development secret kept in the instance folder, creating it once.

    The file is created with O_EXCL so that several gunicorn workers starting together
    agree on one key instead of overwriting each other's.
    """
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(make())
    return path.read_text(encoding="ascii").strip()


def new_contact_key() -> str:
    """A fresh Fernet key (32 random bytes, URL-safe base64) for contact data."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def check_contact_keys(value: str) -> str:
    """``value`` if every comma-separated key in it is a Fernet key, else ConfigError.

    Several keys allow rotation: the first encrypts, every one of them decrypts.
    """
    keys = [k.strip() for k in value.split(",") if k.strip()]
    for key in keys:
        try:
            raw = base64.urlsafe_b64decode(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raw = b""
        if len(raw) != 32:
            raise ConfigError("HAILONG_CONTACT_KEY must be Fernet keys (32 bytes, base64)")
    if not keys:
        raise ConfigError("HAILONG_CONTACT_KEY is empty")
    return ",".join(keys)


class BaseConfig:
    """Settings shared by every environment."""

    NAME: ClassVar[str] = "base"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000
    WTF_CSRF_ENABLED = True
    # Tokens live as long as the session cookie: a citizen who pauses mid-form, or a clerk
    # typing slips all morning, is not sent back for a fresh page.
    WTF_CSRF_TIME_LIMIT: int | None = None
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = LOCAL_TZ_NAME
    LANGUAGES: ClassVar[tuple[str, ...]] = ("vi", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 256 * 1024
    # Evidence files (signed scans) of the criterion tracker: the upload page alone takes a
    # body this large, plus room for the form's text (survey_app/request_guard.py).
    TRACKER_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    COMPRESS_MIMETYPES: ClassVar[list[str]] = [
        "text/html",
        "text/css",
        "text/csv",
        "application/json",
        "image/svg+xml",
    ]
    COMPRESS_MIN_SIZE = 500
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
    # Printed into every QR symbol: the address citizens' phones will open.
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    RATELIMIT_STORAGE_URI = "memory://"
    # Each worker keeps the province pages computed ahead, asking for them about once a
    # minute (survey_app.manage.warming); the tests switch it off and call it themselves.
    WARM_PAGES = True
    # How many reverse proxies (nginx, the province's load balancer) stand in front of the
    # app and set X-Forwarded-For/-Proto. 0 trusts no such header: behind a proxy, leaving
    # it at 0 would make every citizen share the proxy's address, and its rate limit.
    TRUSTED_PROXIES = 0
    RATELIMIT_HEADERS_ENABLED = False
    # A failing limiter store must not cost a citizen's rating: log it and let the request
    # through. The load test found one: limits' memory store can race starting its expiry
    # timer between threads ("threads can only be started once"), a 500 once in 5,000.
    RATELIMIT_SWALLOW_ERRORS = True
    # Generous per address: a centre's Wi-Fi or a carrier's NAT puts many people behind one IP.
    FEEDBACK_RATE_LIMIT = "30 per minute; 300 per hour"
    LOGIN_RATE_LIMIT = "10 per minute; 50 per hour"
    # Per API key: a one-stop system printing receipts for a busy province stays well under.
    API_RATE_LIMIT = "1200 per minute"
    # The API's JSON bodies are a few hundred bytes; anything near this is not a request.
    API_MAX_BODY = 64 * 1024
    # A second rating of the same centre from one browser within this time is flagged.
    FEEDBACK_REPEAT_COOLDOWN_SECONDS = 30 * 60
    FEEDBACK_MIN_SECONDS = 4.0
    # How long each app server remembers what a poster code names (core.responses.places).
    FEEDBACK_PLACE_CACHE_SECONDS = 30
    FEEDBACK_BURST_WINDOW_SECONDS = 120
    FEEDBACK_BURST_LIMIT = 25
    KIOSK_RESET_SECONDS = 8
    # Complaints (phản ánh, kiến nghị). Deadlines are working days from receipt, per step,
    # from sipas.md section 6: class (a) refused within 2, class (d) forwarded within 5,
    # an answer within 10 (Luật Tiếp công dân, Art. 28). Configuration, not code: the
    # rules change and provinces set shorter targets.
    COMPLAINT_DEADLINE_DAYS: ClassVar[dict[str, int]] = {"classify": 2, "forward": 5, "answer": 10}
    COMPLAINT_DUE_SOON_DAYS = 2  # working days left at which a complaint shows "due soon"
    COMPLAINT_REOPEN_DAYS = 30  # calendar days after the answer in which the citizen may reopen
    COMPLAINT_RETENTION_DAYS = 730  # calendar days after the end before `anonymise` runs
    # Days the `holidays` calendar lacks (provincial decisions, swapped days), ISO dates.
    COMPLAINT_EXTRA_HOLIDAYS: ClassVar[tuple[str, ...]] = ()
    COMPLAINT_EXTRA_WORKING_DAYS: ClassVar[tuple[str, ...]] = ()
    COMPLAINT_INTAKE_RATE_LIMIT = "10 per minute; 60 per hour"
    # Look-ups from one address, whatever the code (the limiter's store, per address).
    COMPLAINT_LOOKUP_RATE_LIMIT = "10 per minute; 60 per hour"
    # Lock-outs on wrong secrets, kept in the database (survey_app.core.lockouts says why this
    # shape): per secret and address, and per secret from every address together. One
    # address never reaches the overall cap; a 6-digit PIN at 40 guesses a day takes over
    # 30 years to find on average. Delays double after the free wrong guesses of an address.
    COMPLAINT_PIN_LOCKOUT_PER_ADDRESS = "5 per 10 minutes; 10 per day"
    COMPLAINT_PIN_LOCKOUT_OVERALL = "40 per day"
    LOGIN_LOCKOUT_PER_ADDRESS = "10 per hour"
    LOGIN_LOCKOUT_OVERALL = "50 per hour"
    LOCKOUT_FREE_FAILURES = 3
    LOCKOUT_FIRST_DELAY_SECONDS = 2.0
    LOCKOUT_MAX_DELAY_SECONDS = 300.0
    HAILONG_CONTACT_KEY: str | None = None
    # Telling the citizen. Unset hosts mean "keep the message in the outbox for staff".
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_TLS_CA_FILE: str | None = None  # the relay's certificate authority, if not public
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "hailong@langson.gov.vn"
    SMS_GATEWAY_URL: str | None = None
    SMS_GATEWAY_TOKEN: str | None = None
    OUTBOUND_TIMEOUT_SECONDS = 10.0
    # The SIPAS survey: unsent online answers are deleted after this many days
    # (`flask survey purge-drafts`); report intervals use this many bootstrap replicates,
    # seeded so that a report run twice gives the same workbook.
    SURVEY_DRAFT_MAX_AGE_DAYS = 7
    SURVEY_REPORT_REPLICATES = 1000
    SURVEY_REPORT_SEED = 2026

    def load(self, instance_path: Path) -> dict[str, Any]:
        """Return the settings as a mapping, reading the environment now, not at import."""
        values = {k: getattr(self, k) for k in dir(self) if k.isupper()}
        values["SECRET_KEY"] = os.environ.get("SECRET_KEY") or self.fallback_secret(instance_path)
        url = os.environ.get("DATABASE_URL") or self.default_database_url(instance_path)
        values["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
        values["PUBLIC_BASE_URL"] = os.environ.get("PUBLIC_BASE_URL") or self.default_base_url()
        values["RATELIMIT_STORAGE_URI"] = os.environ.get(
            "RATELIMIT_STORAGE_URI", self.RATELIMIT_STORAGE_URI
        )
        values["TRUSTED_PROXIES"] = int(
            os.environ.get("HAILONG_TRUSTED_PROXIES", self.TRUSTED_PROXIES)
        )
        values["HAILONG_CONTACT_KEY"] = check_contact_keys(
            os.environ.get("HAILONG_CONTACT_KEY") or self.fallback_contact_key(instance_path)
        )
        values.update(self.outbound_settings())
        return values

    def default_base_url(self) -> str:
        """The address in QR codes and messages when ``PUBLIC_BASE_URL`` is not set."""
        return self.PUBLIC_BASE_URL

    def fallback_contact_key(self, instance_path: Path) -> str:
        """Where the contact-data key comes from when ``HAILONG_CONTACT_KEY`` is not set."""
        raise ConfigError("HAILONG_CONTACT_KEY must be set in the environment")

    def outbound_settings(self) -> dict[str, Any]:
        """Mail and SMS gateway settings; passwords and tokens only from the environment."""
        settings: dict[str, Any] = {}
        for name in (
            "MAIL_SERVER",
            "MAIL_USERNAME",
            "MAIL_PASSWORD",
            "MAIL_SENDER",
            "MAIL_TLS_CA_FILE",
        ):
            settings[name] = os.environ.get(name, getattr(self, name))
        for name in ("SMS_GATEWAY_URL", "SMS_GATEWAY_TOKEN"):
            settings[name] = os.environ.get(name, getattr(self, name))
        if os.environ.get("MAIL_PORT"):
            settings["MAIL_PORT"] = int(os.environ["MAIL_PORT"])
        settings["MAIL_USE_TLS"] = read_flag("MAIL_USE_TLS", self.MAIL_USE_TLS)
        return settings

    def fallback_secret(self, instance_path: Path) -> str:
        """Where the secret comes from when ``SECRET_KEY`` is not set."""
        raise ConfigError("SECRET_KEY must be set in the environment")

    def default_database_url(self, instance_path: Path) -> str:
        """The embedded SQLite database in the instance folder."""
        instance_path.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance_path / 'hailong.sqlite3'}"


class DevelopmentConfig(BaseConfig):
    """A newcomer's machine: embedded database, secret kept in the instance folder."""

    NAME = "development"

    def fallback_secret(self, instance_path: Path) -> str:
        return read_or_create_secret(instance_path)

    def default_base_url(self) -> str:
        # The port actually served (`make run PORT=5101` passes it on), so that posters
        # printed from a development server encode an address where something listens.
        port = os.environ.get("PORT", "").strip()
        if not port:
            return self.PUBLIC_BASE_URL
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError(f"PORT must be a port number, not {port!r}")
        return f"http://127.0.0.1:{int(port)}"

    def fallback_contact_key(self, instance_path: Path) -> str:
        return read_or_create_secret(instance_path, CONTACT_KEY_FILE_NAME, new_contact_key)


class TestingConfig(BaseConfig):
    """The test suite: CSRF off by default (one test turns it back on), fast hashing."""

    NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False  # the rate-limit tests turn it back on
    FEEDBACK_MIN_SECONDS = 0.0
    # Tests change posters and counters behind the app's back; the cache has its own tests.
    FEEDBACK_PLACE_CACHE_SECONDS = 0
    WARM_PAGES = False

    def fallback_secret(self, instance_path: Path) -> str:
        return "testing-only-" + secrets.token_hex(16)

    def fallback_contact_key(self, instance_path: Path) -> str:
        return new_contact_key()

    def outbound_settings(self) -> dict[str, Any]:
        # Tests never reach a mail server or an SMS gateway, whatever the environment says.
        return {"MAIL_SERVER": None, "SMS_GATEWAY_URL": None, "SMS_GATEWAY_TOKEN": None}


class ProductionConfig(BaseConfig):
    """A province's server: every secret from the environment, secure cookies."""

    NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    def load(self, instance_path: Path) -> dict[str, Any]:
        values = super().load(instance_path)
        check_secret_key(values["SECRET_KEY"])
        return values


def check_secret_key(value: str) -> str:
    """``value`` if it is long enough to be a secret, else a ConfigError saying what to do."""
    if len(value.strip()) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            f"SECRET_KEY is {len(value.strip())} characters long; production needs at least "
            f"{MIN_SECRET_KEY_LENGTH} random ones. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    return value


CONFIGS: dict[str, type[BaseConfig]] = {
    cls.NAME: cls for cls in (DevelopmentConfig, TestingConfig, ProductionConfig)
}


def config_for(name: str | None) -> BaseConfig:
    """Return the configuration named ``name``, or the one ``HAILONG_CONFIG`` names."""
    chosen = name or os.environ.get("HAILONG_CONFIG", "development")
    try:
        return CONFIGS[chosen]()
    except KeyError:
        raise ConfigError(
            f"unknown configuration {chosen!r}; use one of {sorted(CONFIGS)}"
        ) from None


def read_flag(name: str, default: bool) -> bool:
    """A yes/no setting from the environment: 1/true/yes/on or 0/false/no/off, else refused.

    A word it cannot read is an error rather than a guess: ``MAIL_USE_TLS=flase`` must not
    quietly send mail in the clear, nor quietly fail against a relay without STARTTLS.
    """
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be one of 1/true/yes/on or 0/false/no/off, not {raw!r}")

"""PartyCell settings: one module, driven by environment variables.

With no environment at all PartyCell runs on SQLite, runs Celery tasks eagerly and needs no Redis.
Production sets ``PARTYCELL_ENV=production`` plus ``SECRET_KEY``, ``ALLOWED_HOSTS``,
``DATABASE_URL`` and ``REDIS_URL``; the system check ``partycell.E001``/``E002`` refuses to start
without them. Every variable is listed in ``deploy/env.example`` and in the README.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# *_FILE variables (Docker/Kubernetes secrets) win over plain ones.
for _name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"):
    _file = env.str(f"{_name}_FILE", default="")
    if _file:
        env.ENVIRON[_name] = Path(_file).read_text(encoding="utf-8").strip()

PARTYCELL_ENV = env.str("PARTYCELL_ENV", default="development")
IS_PRODUCTION = PARTYCELL_ENV == "production"

DEBUG = env.bool("DEBUG", default=not IS_PRODUCTION)
# The development key is public on purpose; the partycell.E001 check refuses it in production.
DEVELOPMENT_SECRET_KEY = "django-insecure-partycell-development-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="" if IS_PRODUCTION else DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "partycell.admin_site.PartyCellAdminConfig",  # the admin, superusers only (docs/security.md)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "treebeard",
    "partycell.apps.PartyCellConfig",
    "partycell.accounts",
    "partycell.organisations",
    "partycell.people",
    "partycell.rulebook",
    "workflows",
    "partycell.targets",
    "partycell.notifications",
    "partycell.privacy",
    "partycell.paperwork",
    "partycell.web",
    "partycell.operations",
]

MIDDLEWARE = [
    # Operations (issue 14): /healthz answered before host checks and HTTPS redirects; a request id.
    "partycell.operations.middleware.HealthCheckMiddleware",
    "partycell.operations.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "partycell.urls"
WSGI_APPLICATION = "partycell.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: SQLite by default, PostgreSQL (or anything) through DATABASE_URL --------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Operations (issue 14): a read replica for the dashboards. DATABASE_REPLICA_URL names a streaming
# replica of the default database; reads inside partycell.operations.replica.replica_reads (the target
# dashboards, the audit and their exports) go to it, every write and every other read to "default".
# READ_REPLICA_ALIAS names the alias routed to (None: no replica, everything reads "default").
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        DATABASES["replica"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
READ_REPLICA_ALIAS = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["partycell.operations.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time: Vietnamese first, English second; Asia/Ho_Chi_Minh -------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["partycell.formats"]

# --- Static and uploaded files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "partycell" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded evidence (scans of forms): size cap in bytes, enforced by the upload validators.
EVIDENCE_MAX_UPLOAD_BYTES = env.int("EVIDENCE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Operations (issue 14): Redis, cache, Celery, beat, health -----------------------------------
# Timings are chosen together; docs/operations.md explains them and docs/benchmarks.md measures them.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # The Redis cache, answered from this process's memory while Redis is unreachable, so no
            # page or API call fails because Redis is down (partycell/operations/cache.py).
            "BACKEND": "partycell.operations.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions in the database, never in the cache: a Redis outage logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# A message is acknowledged when its task ends, so a worker killed mid-task leaves it unacknowledged
# in Redis; after CELERY_VISIBILITY_TIMEOUT seconds another worker runs it again. It must exceed the
# longest hard time limit (300 s, partycell/celery.py), or a task still running would be started a
# second time; every task is idempotent anyway (the scan's unique key, the e-mail claims).
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=6 * 60)
# A short timeout so that a Redis outage never hangs a page; the next scan catches up.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often a worker looks for unacknowledged messages whose visibility timeout has passed.
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=30),
}
# Beat: the resilient RedBeat scheduler (partycell/operations/beat.py) keeps the schedule and a lock
# in Redis, survives Redis stalls and restarts, and lets a standby beat take over within
# lock timeout + loop interval (30 + 10 s by default, under a minute).
CELERY_BEAT_SCHEDULER = "partycell.operations.beat.ResilientRedBeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = env.int("CELERY_BEAT_MAX_LOOP_INTERVAL", default=10)
CELERY_REDBEAT_REDIS_URL = REDIS_URL or None
CELERY_REDBEAT_LOCK_TIMEOUT = env.int("CELERY_REDBEAT_LOCK_TIMEOUT", default=30)
# RedBeat's own Redis client (not the broker's options): a stall longer than socket_timeout is a
# TimeoutError that the scheduler catches and retries; it never ends the process.
CELERY_REDBEAT_REDIS_OPTIONS = {
    "socket_connect_timeout": 5,
    "socket_timeout": env.float("CELERY_REDBEAT_SOCKET_TIMEOUT", default=10),
    "health_check_interval": 15,
}
# /healthz: fail when the last whole reminder scan (06:00 and 13:00 daily) or the beat heartbeat
# (sent by beat every PARTYCELL_HEARTBEAT_SECONDS, run by a worker) is older than these.
HEALTH_SCAN_MAX_AGE_HOURS = env.int("HEALTH_SCAN_MAX_AGE_HOURS", default=26)
HEALTH_BEAT_MAX_AGE_SECONDS = env.int("HEALTH_BEAT_MAX_AGE_SECONDS", default=5 * 60)
# manage.py backup: where backups go and how many are kept (partycell/operations/backup.py).
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)

# --- E-mail: console in development, EMAIL_URL in production --------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PartyCell <no-reply@partycell.local>")

# --- REST API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PartyCell API",
    "DESCRIPTION": "Member-development procedure: people, candidacies, transitions and their history.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI assets come from the drf-spectacular-sidecar package: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "workflows.enums.Stage",
        "ReplyConclusionEnum": "workflows.verification_forms.REPLY_CONCLUSIONS",
    },
    # Every operation documents the shared error answers (401, 403, 404, 429; 400, 409 where they apply).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "workflows.api.schema.add_error_responses",
    ],
}

# --- Security (production) -------------------------------------------------------------------------
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Operations (issue 14): logs -------------------------------------------------------------------
# One line per event on standard error; LOG_FORMAT=json makes each a JSON object (python-json-logger)
# for a log shipper. Every line carries the request id (X-Request-ID; "-" outside a request).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "partycell.operations.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per request, at INFO; REQUEST_LOG=false silences it (the proxy logs requests too).
        "partycell.request": {"level": "INFO" if env.bool("REQUEST_LOG", default=True) else "WARNING"},
    },
}

# --- Signing in and security headers (issue 13; partycell/signin, docs/security.md) ----------------
# One number says how many reverse proxies stand in front of PartyCell, each appending the address it
# was reached from to X-Forwarded-For: 0 (the default) ignores the header. The lockout (django-axes)
# and DRF's throttles (NUM_PROXIES) both read the client address through it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
INSTALLED_APPS += ["axes", "csp", "partycell.signin"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout: LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one client address, lock
# both out for LOGIN_COOLOFF_MINUTES. Attempts are rows in the database, so a lockout holds with Redis down.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "partycell.signin.client.client_address"
AXES_LOCKOUT_CALLABLE = "partycell.signin.lockout.lockout_response"
AXES_VERBOSE = False
# Content-Security-Policy (django-csp 4): scripts and styles only from our own static files, no
# inline script, no inline style attribute, no plug-ins, no framing; scans are never rendered inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.NONE],
        "frame-ancestors": [csp_constants.NONE],
        "form-action": [csp_constants.SELF],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "usb", "xr-spatial-tracking",
    )
}
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE[_after_security:_after_security] = [
    "csp.middleware.CSPMiddleware",
    "partycell.signin.headers.PermissionsPolicyMiddleware",
]
# Second factor (django-otp, TOTP + single-use recovery codes): anyone may turn it on; with
# TWO_FACTOR_REQUIRED (on in production, off in the `make run` demo) administrators and users with a
# role on a unit whose kind has `requires_second_factor` must. See docs/security.md.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=IS_PRODUCTION)
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
OTP_TOTP_ISSUER = "PartyCell"
_after_messages = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1
MIDDLEWARE[_after_messages:_after_messages] = [
    "partycell.signin.sessions.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "partycell.signin.middleware.SecondFactorMiddleware",
    "partycell.signin.middleware.ResolvedUserMiddleware",
]
# Sessions: signed out after SESSION_IDLE_MINUTES without activity (the notification bell's refresh is
# not activity) and SESSION_MAX_HOURS after signing in whatever happens (the cookie expires then too).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_COOKIE_AGE = env.int("SESSION_MAX_HOURS", default=12) * 60 * 60
# API tokens expire API_TOKEN_LIFETIME_DAYS after they are issued; only a digest is stored. DRF's own
# never-expiring tokens (rest_framework.authtoken) are no longer accepted.
API_TOKEN_LIFETIME = timedelta(days=env.int("API_TOKEN_LIFETIME_DAYS", default=30))
INSTALLED_APPS.remove("rest_framework.authtoken")
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "rest_framework.authentication.SessionAuthentication",
    "partycell.signin.tokens.ExpiringTokenAuthentication",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes requires
# --- end of signing in ------------------------------------------------------------------------------

# --- Targets ---------------------------------------------------------------------------------------
# Compliance audit: flag a unit whose removals from the probationary roll exceed this share of its
# admissions in the period (0.10 = one removal per ten admissions). Users may override it per page.
TARGETS_REMOVAL_ALERT_RATIO = env.float("TARGETS_REMOVAL_ALERT_RATIO", default=0.10)

# --- Personal data (docs/security.md, partycell/privacy) -------------------------------------------
# Roles that see a whole CCCD on lists and exports; the others see ********1234.
PRIVACY_FULL_CITIZEN_ID_ROLES = env.list(
    "PRIVACY_FULL_CITIZEN_ID_ROLES", default=["grassroots_staff", "commune_standing", "administrator"]
)
# An .xlsx import is refused when its parts add up to more than this once uncompressed.
XLSX_MAX_UNCOMPRESSED_BYTES = env.int("XLSX_MAX_UNCOMPRESSED_BYTES", default=50 * 1024 * 1024)
# People never admitted are anonymised this many years after their last candidacy closed
# (manage.py anonymise_expired, partycell/privacy/retention.py).
PRIVACY_RETENTION_YEARS = env.int("PRIVACY_RETENTION_YEARS", default=5)
# The personal-data notice and consent text shown on the registration page (empty: the default text).
PRIVACY_NOTICE = env.str("PRIVACY_NOTICE", default="")

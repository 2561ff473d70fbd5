"""Settings for the Xingtai employment services portal.

Everything that differs between a laptop and production comes from environment variables read
through the typed helpers in ``xingtai_jobs.env``. See README.md for the list.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from xingtai_jobs.core import ratelimits
from xingtai_jobs.env import check_secret_key, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
TESTING = env_bool("XT_TESTING", "pytest" in sys.modules)

# Management commands that read code and the schema but never sign anything (no sessions, tokens,
# passwords or signed URLs): they may run without a key, with a throw-away one. Serving (runserver,
# gunicorn), `check --deploy` and every other command still require DJANGO_SECRET_KEY.
KEYLESS_COMMANDS = frozenset({"makemigrations", "showmigrations", "sqlmigrate", "makemessages", "compilemessages"})

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
    elif len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" and sys.argv[1] in KEYLESS_COMMANDS:
        import secrets

        SECRET_KEY = secrets.token_urlsafe(50)  # ephemeral: this process signs nothing
    else:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
elif not (DEBUG or TESTING):
    check_secret_key("DJANGO_SECRET_KEY", SECRET_KEY)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if (DEBUG or TESTING) else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The public base URL printed in QR codes and letters (no trailing slash).
# Empty: printed links (QR codes, letters) follow the address each request was served at (core/links.py).
SITE_URL = (env_str("XT_SITE_URL", "") or "").rstrip("/")

INSTALLED_APPS = [
    # The portal's own apps first: their templates override the admin's, and their translations
    # win over third-party catalogues for common words ("Name" is not "任务名" here).
    "xingtai_jobs.core",
    "enterprises",
    "persons",
    "subsidies",
    "recruitment",
    "wage_arrears",
    "rankings",
    "measures",
    "entitlements",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "import_export",
    "django_celery_beat",
    "django_htmx",
    "captcha",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xingtai_jobs.core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "xingtai_jobs.core.staff_sessions.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xingtai_jobs.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lock-out page
]

ROOT_URLCONF = "xingtai_jobs.urls"
WSGI_APPLICATION = "xingtai_jobs.wsgi.application"
ASGI_APPLICATION = "xingtai_jobs.asgi.application"

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
                "xingtai_jobs.core.context_processors.portal",
                "xingtai_jobs.core.context_processors.calendar_notice",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))
except (ValueError, KeyError) as exc:  # pragma: no cover - only on a broken deployment
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["ENGINE"] = "xingtai_jobs.core.sqlite"  # Django's, reading out-of-range decimals (core/sqlite/base.py)
    _db.setdefault("OPTIONS", {})
    _db["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"})
    _db["CONN_MAX_AGE"] = 0
    # Tests on SQLite use an in-memory database, as with Django's own engine: pytest-django gives
    # parallel workers their own by this name, and only recognises Django's engine path otherwise.
    _db["TEST"] = {"NAME": ":memory:"}
else:
    _db["CONN_HEALTH_CHECKS"] = True
if _db["ENGINE"] == "django.db.backends.postgresql":
    _db["ENGINE"] = "xingtai_jobs.core.postgresql"  # Django's, decimal columns refusing NaN (core/postgresql/base.py)
DATABASES = {"default": _db}
IS_POSTGRES = _db["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and TESTING and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # Parallel test workers each get their own Redis database: tests clear the cache, and one
    # worker's FLUSHDB must not wipe another's rate-limit counters mid-test.
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)
    _base_db = int((_parts.path or "/0").lstrip("/") or 0)
    _worker = int(os.environ["PYTEST_XDIST_WORKER"][2:] or 0)
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{(_base_db - 1 - _worker) % 16}"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "xingtai_jobs.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "xingtai"}}

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# AxesStandaloneBackend first: it refuses any login while the account or the address is locked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Login throttling (xingtai_jobs/core/login_throttle.py, django-axes). Always on: XT_RATELIMIT_ENABLE
# governs the public forms only and never this.
XT_LOGIN_FAILURES_PER_ACCOUNT = env_int("XT_LOGIN_FAILURES_PER_ACCOUNT", 10, minimum=1)
XT_LOGIN_FAILURES_PER_ADDRESS = env_int("XT_LOGIN_FAILURES_PER_ADDRESS", 30, minimum=1)
XT_LOGIN_LOCKOUT_MINUTES = env_int("XT_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
AXES_ENABLED = True
AXES_VERBOSE = False
AXES_HANDLER = "xingtai_jobs.core.login_throttle.PortalAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # the handler reads them in this order
AXES_FAILURE_LIMIT = XT_LOGIN_FAILURES_PER_ACCOUNT
AXES_COOLOFF_TIME = dt.timedelta(minutes=XT_LOGIN_LOCKOUT_MINUTES)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends on time, whatever is tried meanwhile
AXES_RESET_ON_SUCCESS = False  # a login to one's own account must not wipe an address's count
AXES_LOCKOUT_CALLABLE = "xingtai_jobs.core.login_throttle.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False  # the portal registers its own admin (unlock audited): xingtai_jobs/core/admin_login.py
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not kept by axes
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)  # as the audit log and the rate limits

# --- I18N -------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Private uploads (complaint evidence, correction evidence): never served at a public URL;
    # views stream them after a permission check.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("XT_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after this many idle minutes (xingtai_jobs/core/staff_sessions.py); citizens'
# and enterprises' sessions keep Django's SESSION_COOKIE_AGE (two weeks).
XT_STAFF_IDLE_MINUTES = env_int("XT_STAFF_IDLE_MINUTES", 30, minimum=1)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Content Security Policy: everything from this origin only (no third-party hosts).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "xingtai_jobs.core.drf.StandardPagination",
    # a JSON body that is not an object (array, string, number) is a 400 (issue 11)
    "DEFAULT_PARSER_CLASSES": [
        "xingtai_jobs.core.inputs.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "xingtai_jobs.core.drf.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "邢台市人社局就业服务平台 API",
    "DESCRIPTION": "Xingtai employment services portal REST API (v1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RecruitmentEducationEnum": "recruitment.models.Education.choices",
        "PersonEducationEnum": "persons.models.Education.choices",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "xingtai_jobs.core.openapi.document_errors"],
}

# --- Exports ----------------------------------------------------------------------------------
# Admin exports go through xingtai_jobs.core.exports (formula-safe CSV/XLSX/TSV, numbers kept);
# this switches on django-import-export's own (weaker) escaping for any path that bypasses it.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL or CELERY_BROKER_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Default beat entries; django-celery-beat copies them into the database where staff edit them.
# Periodic tasks live in the database (django-celery-beat), created from the apps' declarations
# (``beat_schedule`` on each AppConfig) after migrate and edited by staff in the admin.
CELERY_BEAT_SCHEDULE: dict = {}

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# --- Portal -----------------------------------------------------------------------------------
XT_PDF_FONT_FAMILY = "Noto Sans CJK SC"
# Rate limits of the public forms and APIs ("count/period"): declared once in
# xingtai_jobs/core/ratelimits.py (group, env var, default, what); each env var sets the setting of
# its name. XT_RATELIMIT_ENABLE=false switches them all off (and the complaint captcha).
globals().update(ratelimits.from_env())
# Show a captcha on the complaint form after this many complaints from one IP within an hour.
XT_COMPLAINT_CAPTCHA_AFTER = env_int("XT_COMPLAINT_CAPTCHA_AFTER", 3, minimum=1)
RATELIMIT_ENABLE = env_bool("XT_RATELIMIT_ENABLE", True)
# The captcha picture (django-simple-captcha): large characters without look-alikes, light noise,
# ten minutes to answer on a phone (ADR 0023).
CAPTCHA_CHALLENGE_FUNCT = "wage_arrears.protection.readable_challenge"
CAPTCHA_IMAGE_SIZE = (200, 72)
CAPTCHA_FONT_SIZE = 44
CAPTCHA_LETTER_ROTATION = (-12, 12)
CAPTCHA_FOREGROUND_COLOR = "#1d1d1f"
CAPTCHA_NOISE_FUNCTIONS = ("captcha.helpers.noise_dots",)
CAPTCHA_TIMEOUT = 10
# How long a process may serve reference tables (regions, handling policy, routes) from memory.
XT_REFCACHE_SECONDS = env_int("XT_REFCACHE_SECONDS", 30, minimum=0)
# Public pages (xingtai_jobs.core.pagecache): served at most this old; a bump reaches other processes
# within XT_PAGE_CACHE_VERSION_SECONDS.
XT_PAGE_CACHE_SECONDS = env_int("XT_PAGE_CACHE_SECONDS", 10, minimum=1)
XT_PAGE_CACHE_VERSION_SECONDS = env_int("XT_PAGE_CACHE_VERSION_SECONDS", 2, minimum=0)
# The public register (/measures/): figures from other apps' data are at most this old (measures/cache.py).
XT_MEASURES_CACHE_SECONDS = env_int("XT_MEASURES_CACHE_SECONDS", 300, minimum=1)
# Staff are warned when a year without an official holiday schedule starts within this many days
# (the longest wage-arrears deadline, 60 + 30 working days, spans about 130 calendar days).
XT_CALENDAR_NOTICE_DAYS = env_int("XT_CALENDAR_NOTICE_DAYS", 140, minimum=0)

"""Settings for the PSF Community Relations portal: one module, read from the environment.

Production defaults are safe: DEBUG is off unless asked for, cookies are secure,
HTTPS is enforced, and a missing SECRET_KEY stops start-up. Development turns
DEBUG=1 on (the Makefile does), which relaxes those and uses console mail.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from community.env import email_settings, env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production-5f1c0b7e"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "representatives",
    "events",
    "jobs",
    "kits",
    "budget",
    # Last: its post_migrate handler applies the volunteer roles once every
    # other app's permissions exist.
    "community",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "community.middleware.RefuseNulBytesMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "community.middleware.PrivateForSignedInMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "community.middleware.AdminRequiresMFAMiddleware",
    "community.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "community.urls"
WSGI_APPLICATION = "community.wsgi.application"

TEMPLATES = [
    {
        # Django's backend, with each page's context freed as soon as it is rendered.
        "BACKEND": "community.template_backend.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "community.context_processors.volunteer_work",
            ],
            # {% url %} keeping the links without arguments (community/templatetags/kept_urls.py).
            "builtins": ["community.templatetags.kept_urls"],
        },
    },
]

# --- Database: always PostgreSQL -------------------------------------------------
# DATABASE_URL picks a server; without it an embedded PostgreSQL starts under .data/.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
else:
    from community import embedded_db

    # EMBEDDED_PGDATA lets a script run a second, throw-away embedded server.
    EMBEDDED_PGDATA = Path(env_str("EMBEDDED_PGDATA") or embedded_db.DEFAULT_PGDATA)
    EMBEDDED_DATABASE = embedded_db.start(EMBEDDED_PGDATA)
    DATABASES = {"default": embedded_db.database_settings(EMBEDDED_DATABASE)}

DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
# A dropped connection (database restart) is noticed and replaced on the next request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 3)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------
# "default" is shared by every process: allauth keeps its rate-limit counters and the
# TOTP codes already used there, and a per-process default let 40 sign-ups in 22 s
# through a 20/min limit with several workers. "shared" (the same store) holds work too
# expensive to repeat in every process (a whole calendar's ICS feed). Anonymous pages
# live in the tiers of PAGE_CACHE_TIERS, nearest first (community.http).
REDIS_URL = env_str("REDIS_URL") or env_str("CACHE_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {
                # A cache outage degrades to uncached pages instead of errors.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    CACHES["shared"] = CACHES["default"]
    # Anonymous pages are stored under keys that change with the content and the time
    # bucket (community.http), so a copy in the process's own memory is never stale; it
    # saves a Redis round trip and an unpickling per cached page: the ICS feeds went
    # from 0.38 to about 0.6 of the framework floor (bench/README.md).
    CACHES["near"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "near-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("NEAR_CACHE_MAX_ENTRIES", 500)},
    }
    PAGE_CACHE_TIERS = ["near", "default"]
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
else:
    # Without Redis the shared store is a PostgreSQL table (created by the migration
    # community 0002). Rate-limit entries are small; the bound keeps a flood of new
    # keys from growing the table without end (past it, Django culls a third).
    SHARED_DATABASE_CACHE = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "community_shared_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
    CACHES = {
        "default": SHARED_DATABASE_CACHE,
        "shared": SHARED_DATABASE_CACHE,
        # Pages stay in each process's memory: one in PostgreSQL would cost a query
        # per hit. Every URL, query string included, is an entry; a crawler fills them
        # all. At 3,000 entries of a 26 KB page a worker grew to 166 MB; 1,000 keep it
        # under 150 MB and still hold far more than the pages read often
        # (bench/README.md, cache fill).
        "near": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "near-pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_CACHE_MAX_ENTRIES", 1000)},
        },
    }
    PAGE_CACHE_TIERS = ["near"]

# Server-side cache of anonymous pages (community.http.cached_public_page); off to
# measure uncached rendering.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# Seconds a shared cache (the nginx proxy of deploy/nginx/portal.conf, a CDN) may serve an
# anonymous page without asking again: `s-maxage` next to the browsers' `max-age`. With the
# proxy's `inactive` time it bounds how long a published event or approved job can stay
# out of the pages nginx serves: 10 s at most (docs/deploy.md, "The reverse proxy").
SHARED_CACHE_MAX_AGE = env_int("SHARED_CACHE_MAX_AGE", 3)
# Seconds a process may reuse the content versions it last read (0: read every time).
CONTENT_VERSION_TTL = env_float("CONTENT_VERSION_TTL", 1.0)

# --- Accounts (django-allauth) ----------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "community:profile"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PSF Community] "
ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"
# allauth's defaults, spelled out so nobody turns them off by accident.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# Two-factor authentication (TOTP with recovery codes). Everyone who uses the
# admin must have it (community.middleware.AdminRequiresMFAMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "PSF Community"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- E-mail -----------------------------------------------------------------------
globals().update(
    email_settings(env_str("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25"))
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PSF Community <community@python.org>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background work (django-tasks) -------------------------------------------------
# Production queues work in the database and a `db_worker` process runs it, so a
# mail outage only delays mail. Development and tests run tasks at once.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if DEBUG else "database")
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
MAIL_RETRY_ATTEMPTS = env_int("MAIL_RETRY_ATTEMPTS", 8)

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded media go to S3-compatible storage when a bucket is named (several app
# servers behind a load balancer must share them), else to MEDIA_ROOT.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": env_str("MEDIA_S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "community.static_storage.StaticFilesStorage"
        )
    },
}
MEDIA_MAX_AGE = env_int("MEDIA_MAX_AGE", 86400)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# HSTS is a promise browsers remember: it stays off until the deployment opts in.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Proxies of ours in front of the app (load balancer, nginx) that append to
# X-Forwarded-For; 0 means the client connects directly and REMOTE_ADDR is its address.
# Per-client limits read the address through community.client_ip.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# No inline scripts or styles anywhere: templates use static files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}

# --- Job board ---------------------------------------------------------------------------
# Days an approved post stays public before expire_jobs retires it.
JOBS_EXPIRY_DAYS = env_int("JOBS_EXPIRY_DAYS", 30)
# A reviewer's claim on a post lapses after this long, so an abandoned claim frees itself.
JOBS_CLAIM_MINUTES = env_int("JOBS_CLAIM_MINUTES", 120)
# Submissions for review one person may make per 24 hours (spam brake).
JOBS_SUBMISSIONS_PER_DAY = env_int("JOBS_SUBMISSIONS_PER_DAY", 5)
# New drafts one person may start per 24 hours: each may name a new company with a logo.
JOBS_DRAFTS_PER_DAY = env_int("JOBS_DRAFTS_PER_DAY", 10)
# send_review_digest mails reviewers about posts waiting longer than this.
JOBS_DIGEST_AFTER_HOURS = env_int("JOBS_DIGEST_AFTER_HOURS", 48)

# --- Events (event calendars) -----------------------------------------------------------
# Submissions one user may make in 24 hours; volunteers moderate every one by hand.
EVENT_SUBMISSIONS_PER_DAY = env_int("EVENT_SUBMISSIONS_PER_DAY", 5)
# Seconds a feed may take in all (resolving, connecting, redirects, the whole body) before
# the import reports it as timed out.
EVENT_FEED_TIMEOUT = env_int("EVENT_FEED_TIMEOUT", 20)
# Events read from one feed; the rest are refused with a reason in the import summary
# (a 20,000-event feed put 20,000 items in the moderation queue and took 337 s).
EVENT_FEED_MAX_EVENTS = env_int("EVENT_FEED_MAX_EVENTS", 500)

# --- Fetching URLs (community/fetch.py) ---------------------------------------------------
# Host names (or IP literals) that may resolve to loopback or private addresses when the
# site fetches a URL. Empty in production: only public addresses are fetched.
FETCH_ALLOWED_HOSTS = env_list("FETCH_ALLOWED_HOSTS", [])
# How far ahead an event, a series' last meeting (UNTIL, COUNT) or any other date a form or
# feed sends may lie. Every date past it is refused with a message (events.models
# .validate_within_horizon): dates near year 9999 overflowed, and far-away series ends made
# pages walk years of meetings.
EVENT_HORIZON_YEARS = env_int("EVENT_HORIZON_YEARS", 5)
if not 1 <= EVENT_HORIZON_YEARS <= 50:
    raise ImproperlyConfigured("EVENT_HORIZON_YEARS must be between 1 and 50.")

# --- Budget -------------------------------------------------------------------------------
# The month each fiscal year starts (1 = January, the PSF's); years are named after the
# calendar year they start in.
BUDGET_FISCAL_YEAR_START_MONTH = env_int("BUDGET_FISCAL_YEAR_START_MONTH", 1)
if not 1 <= BUDGET_FISCAL_YEAR_START_MONTH <= 12:
    raise ImproperlyConfigured("BUDGET_FISCAL_YEAR_START_MONTH must be between 1 and 12.")

"""Settings shared by every environment. Secrets never live here."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "core",
    "home",
    "governance",
    "voting",
    "membership",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "rest_framework",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    "core.security.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.page_cache.AnonymousPageCacheMiddleware",
    "core.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.security.RequireMFAForBoardMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.errors.RefusalMiddleware",
    "core.admin_next.AdminNextIsAPathMiddleware",
    "governance.refusals.ExplainRefusalsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite for a laptop; DATABASE_URL (postgres://...) switches any command.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The page editor posts one field per StreamField block.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Accounts: django-allauth, log in with an e-mail address.
LOGIN_URL = "account_login"
# Logging in lands on the member dashboard: what needs the member comes first there.
LOGIN_REDIRECT_URL = "membership:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Joining asks for a name, a country and agreement to the Code of Conduct, then calls join().
ACCOUNT_SIGNUP_FORM_CLASS = "membership.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""  # the subjects name the foundation (templates/account/email/)
# A member locked out by wrong passwords (perhaps typed by someone else, just before
# a ballot closes) can still log in with a one-time code sent to their address;
# Directors and Officers are then asked for their second factor as after a password.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
# allauth's mail (verification, log-in codes, password resets) goes through the outbox.
ACCOUNT_ADAPTER = "core.accounts.SiteAddressAccountAdapter"
ACCOUNT_FORMS = {
    "request_login_code": "home.forms.RequestLoginCodeForm",
    "confirm_login_code": "home.forms.ConfirmLoginCodeForm",
}
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
# Every e-mail is queued in the outbox and sent by the task worker (core/mail.py), which
# alone uses the mail server's backend, MAIL_DELIVERY_BACKEND (set by each environment).
EMAIL_BACKEND = "core.mail.OutboxBackend"
WAGTAILADMIN_NOTIFICATION_USE_HTML = False  # the outbox keeps plain text

# Background work: Django's Tasks API with the database as its queue, run by
# `manage.py db_worker` (README, "Background work"). A task is a row written in the
# transaction that enqueues it, so it commits or rolls back with the change.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "Foundation governance"
# Where the site is served, as e-mails, feeds, the calendar and the API print it:
# setup_site sets the default Wagtail Site from it (core/addresses.py), and Wagtail's
# own e-mails and API links follow the same value.
SITE_ROOT_URL = os.environ.get("SITE_ROOT_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_ROOT_URL
WAGTAILAPI_BASE_URL = SITE_ROOT_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# A decided proposal is published by the lifecycle, never by its workflow.
WAGTAIL_FINISH_WORKFLOW_ACTION = "governance.workflows.finish_workflow"
# The admin shows Wagtail's own avatar: Gravatar's images are another site's, which the
# Content-Security-Policy blocks, and would tell it who opens the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The read API (/api/v2/) may return up to this many pages at once.
WAGTAILAPI_LIMIT_MAX = 100

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
# Sessions live in the database with the cache in front: shared by every app
# server, and still there if the cache is lost.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Anonymous GETs of public pages are cached; purged on publish, move and delete.
# Directors, Officers and staff set up TOTP (with recovery codes) before using the admin.
MFA_REQUIRED_FOR_BOARD = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Foundation governance"

# Uploads: larger request bodies are refused with the 400 page; files over 5 MB
# are refused by the forms that take them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

CSRF_FAILURE_VIEW = "home.views.csrf_failure"

# Headers (core/security.py). No inline script or style outside the admin.
ADMIN_PATH_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
PERMISSIONS_POLICY_DENY = [
    "camera", "microphone", "geolocation", "payment", "usb", "interest-cohort",
]
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Requests per user (or per address for visitors); see core/ratelimits.py.
RATE_LIMITS = {
    "cast": "10/m",
    "verify": "20/m",
    "nominate": "10/h",
    "poll": "30/m",
    # Comments, replies and reports on a proposal's discussion, together.
    "comment": "10/m",
}
RATELIMIT_VIEW = "home.views.rate_limited"
RATELIMIT_FAIL_OPEN = True
# Behind a reverse proxy every request comes from the proxy's address, so one
# client's failed log-ins would lock out everyone. TRUSTED_PROXY_COUNT is how many
# proxies of ours append to X-Forwarded-For (1 for site/nginx.conf.example): allauth
# takes the entry that many places from the right, which a client cannot forge, and
# django-ratelimit asks allauth. 0, the default, counts by REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "core.ratelimits.client_address"
# django-allauth's own limits on logging in, signing up and resetting passwords.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    # Log-in codes: never per address alone, which a stranger could use up
    # (home/forms.py counts each address and client together).
    "request_login_code": "20/m/ip",
    "login_code_to_address": "3/10m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}

PAGE_CACHE_ENABLED = True
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
PAGE_CACHE_EXCLUDED_PREFIXES = [
    "/admin/", "/accounts/", "/members/", "/vote/", "/fellows/", "/api/",
    "/documents/", "/healthz/", "/search/",
]

# A CDN or Varnish in front: set its purge settings and Wagtail purges it too.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "foundation": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

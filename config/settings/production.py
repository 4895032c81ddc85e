"""Production: every secret and host comes from the environment."""

import os
import sys

from .base import *  # noqa: F403

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    sys.exit("SECRET_KEY is not set: export SECRET_KEY before starting the site.")
# Keys the digests that stop duplicate Fellowship nominations. Keep it apart from
# SECRET_KEY so that rotating one does not change the other; whoever holds it could
# test which Fellow made a nomination, so only the site should.
FELLOW_NOMINATION_KEY = os.environ.get("FELLOW_NOMINATION_KEY") or SECRET_KEY
# Wraps each open ballot's private key (voting/sealing.py). It is never in the
# database, so whoever reads the database cannot open a sealed ballot; whoever holds
# both could, until the ballot closes and its key is deleted (docs/architecture.md section 4).
BALLOT_SEALING_KEY = os.environ.get("BALLOT_SEALING_KEY", "")
if not BALLOT_SEALING_KEY:
    sys.exit("BALLOT_SEALING_KEY is not set: export BALLOT_SEALING_KEY before starting the site.")
# Every address in e-mails, feeds, the API and the calendar starts with it: without
# it they would name the development server.
if not os.environ.get("SITE_ROOT_URL"):
    sys.exit(
        "SITE_ROOT_URL is not set: export SITE_ROOT_URL=https://your.host before starting the site."
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's preview views answer SAMEORIGIN themselves; everything else is DENY.
X_FRAME_OPTIONS = "DENY"

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# EMAIL_BACKEND in the environment names the mail server's backend; the site's own
# EMAIL_BACKEND is the outbox (base.py).
MAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

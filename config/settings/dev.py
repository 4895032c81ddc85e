"""Local development: debug pages; e-mail kept in files, read at /dev/mail/."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"
FELLOW_NOMINATION_KEY = "dev-only-nomination-key"
BALLOT_SEALING_KEY = "dev-only-ballot-sealing-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
MAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"  # noqa: F405

"""Test runs: only what tests need to differ from development."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
FELLOW_NOMINATION_KEY = "test-only-nomination-key"
BALLOT_SEALING_KEY = "test-only-ballot-sealing-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once; a test that needs the queue and its worker opts into the
# database backend (tests/core/test_tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
# Query-count tests must measure rendering, not cache hits; the page cache's
# own tests turn it back on.
PAGE_CACHE_ENABLED = False
# Tests log Directors into the admin directly; tests/home/test_mfa.py turns this on.
MFA_REQUIRED_FOR_BOARD = False
# High enough that ordinary tests never meet them; the limit tests set their own.
RATE_LIMITS = dict.fromkeys(RATE_LIMITS, "1000/m")  # noqa: F405

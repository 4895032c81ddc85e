"""Every settings module loads, and production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_django(settings_module, *args, env=None):
    unset = ("SECRET_KEY", "BALLOT_SEALING_KEY", "SITE_ROOT_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env or {})
    environment["DJANGO_SETTINGS_MODULE"] = settings_module
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize(
    "settings_module",
    ["config.settings.dev", "config.settings.test"],
)
def test_settings_module_loads(settings_module):
    result = run_django(settings_module, "check")
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_deploy_check():
    result = run_django(
        "config.settings.production",
        "check", "--deploy", "--fail-level", "WARNING",
        env={"SECRET_KEY": "x" * 64 + "-dummy-production-key", "ALLOWED_HOSTS": "example.org",
             "BALLOT_SEALING_KEY": "s" * 64, "SITE_ROOT_URL": "https://example.org"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_stops_with_one_line():
    result = run_django("config.settings.production", "check", env={"ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "SECRET_KEY is not set: export SECRET_KEY before starting the site."
    )
    assert "Traceback" not in result.stderr


def test_production_without_ballot_sealing_key_stops_with_one_line():
    result = run_django("config.settings.production", "check",
                        env={"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "BALLOT_SEALING_KEY is not set: export BALLOT_SEALING_KEY before starting the site."
    )
    assert "Traceback" not in result.stderr


def test_production_without_its_address_stops_with_one_line():
    result = run_django("config.settings.production", "check", env={
        "SECRET_KEY": "k" * 60, "BALLOT_SEALING_KEY": "s" * 60, "ALLOWED_HOSTS": "example.org",
    })
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "SITE_ROOT_URL is not set: export SITE_ROOT_URL=https://your.host before starting the site."
    )


def test_production_reads_database_and_cache_from_environment():
    result = run_django(
        "config.settings.production",
        "shell", "-c",
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE']); "
        "print(settings.CACHES['default']['BACKEND']); print(settings.EMAIL_HOST)",
        env={
            "SECRET_KEY": "k" * 60,
            "BALLOT_SEALING_KEY": "s" * 60,
            "SITE_ROOT_URL": "https://example.org",
            "ALLOWED_HOSTS": "example.org",
            "DATABASE_URL": "postgres://user:pw@db.example.org:5432/foundation",
            "REDIS_URL": "redis://cache.example.org:6379/0",
            "EMAIL_HOST": "smtp.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split()
    assert "django.db.backends.postgresql" in lines
    assert "core.cache.ResilientRedisCache" in lines
    assert "smtp.example.org" in lines


PRODUCTION_SECRETS = {"SECRET_KEY": "k" * 60, "BALLOT_SEALING_KEY": "s" * 60,
                      "SITE_ROOT_URL": "https://example.org", "ALLOWED_HOSTS": "example.org"}


@pytest.mark.parametrize(("settings_module", "backend"), [
    ("config.settings.dev", "django_tasks_db.backend.DatabaseBackend"),
    ("config.settings.production", "django_tasks_db.backend.DatabaseBackend"),
    ("config.settings.test", "django_tasks.backends.immediate.ImmediateBackend"),
])
def test_tasks_wait_for_the_worker_except_in_tests(settings_module, backend):
    result = run_django(
        settings_module, "shell", "--no-imports", "-c",
        "from django_tasks import task_backends; b = task_backends['default']; "
        "print(type(b).__module__ + '.' + type(b).__name__)",
        env=PRODUCTION_SECRETS,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [backend]


def test_a_cdn_is_added_by_configuration_only():
    result = run_django(
        "config.settings.test", "shell", "--no-imports", "-c",
        "from django.conf import settings; print(sorted(settings.WAGTAILFRONTENDCACHE))",
        env={"FRONTEND_CACHE_PURGE_URL": "http://cdn.internal/purge",
             "CLOUDFLARE_ZONEID": "zone", "CLOUDFLARE_BEARER_TOKEN": "token"},
    )
    assert result.stdout.strip() == "['cloudflare', 'http']", result.stderr


@pytest.mark.django_db
def test_publishing_a_page_asks_the_configured_cdn_to_purge_it(settings, monkeypatch):
    from wagtail.contrib.frontend_cache.backends import HTTPBackend

    from tests.governance.factories import make_proposal

    settings.WAGTAILFRONTENDCACHE = {
        "http": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                 "LOCATION": "http://cdn.internal/purge"},
    }
    purged = []
    monkeypatch.setattr(HTTPBackend, "purge", lambda backend, url: purged.append(url))
    page = make_proposal(live=False, title="Fresh proposal")
    page.save_revision().publish()
    path = "/governance/proposals-for-discussion/fresh-proposal/"
    assert any(url.endswith(path) for url in purged)

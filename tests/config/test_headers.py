"""Security headers of a public page, a form page and an admin page, as production sends them."""

import importlib
import sys

import pytest
from django.test import override_settings

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECURITY_SETTINGS = (
    "SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY_DENY",
)


@pytest.fixture
def production(monkeypatch):
    """The production module's security settings, applied to this test's site."""
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    monkeypatch.setenv("BALLOT_SEALING_KEY", "s" * 64)
    monkeypatch.setenv("SITE_ROOT_URL", "https://testserver")
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    sys.modules.pop("config.settings.production", None)
    module = importlib.import_module("config.settings.production")
    values = {
        name: getattr(module, name) for name in dir(module)
        if name.startswith(SECURITY_SETTINGS) and name != "SECURE_SSL_REDIRECT"
    }
    with override_settings(**values):
        yield values


def get(client, path):
    return client.get(path, secure=True)


def test_a_public_page_sends_every_security_header(client, production):
    response = get(client, "/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_a_form_page_sets_secure_http_only_same_site_cookies(client, production):
    response = get(client, "/accounts/login/")

    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_session_cookie_is_secure_and_http_only(client, production):
    user = UserFactory()
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, secure=True
    )

    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_the_admin_gets_the_inline_allowances_it_needs_and_nothing_else_does(
    client, production, director
):
    client.force_login(director)

    admin = get(client, "/admin/")
    public = get(client, "/governance/")

    assert admin.status_code == 200
    assert "'unsafe-inline'" in admin["Content-Security-Policy"]
    assert "'unsafe-inline'" not in public["Content-Security-Policy"]

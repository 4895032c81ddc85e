"""allauth's e-mails link the site's root URL, whatever host the request named."""

import pytest
from django.core import mail

from tests.factories import UserFactory
from tests.home.test_accounts import SIGNUP

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_at_example_org")]


def test_the_sign_up_confirmation_links_the_site_root_url(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", SIGNUP, HTTP_HOST="localhost")

    assert "https://example.org/accounts/confirm-email/" in mail.outbox[0].body
    assert "localhost" not in mail.outbox[0].body


def test_the_password_reset_links_the_site_root_url(client, django_capture_on_commit_callbacks):
    UserFactory(username="linus", email="linus@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "linus@example.org"},
                    HTTP_HOST="localhost")

    assert "https://example.org/accounts/password/reset/key/" in mail.outbox[0].body
    assert "localhost" not in mail.outbox[0].body

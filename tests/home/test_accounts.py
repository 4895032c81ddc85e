"""Accounts live at /accounts/; the admin sends anonymous visitors to log in."""

import pytest
from django.core import mail

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_to_admin_is_sent_to_log_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_up_sends_a_verification_email(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "ada@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "ada@example.org" in mail.outbox[0].to


def test_log_in_and_log_out(client):
    UserFactory(username="grace", email="grace@example.org")
    response = client.post("/accounts/login/", {"login": "grace@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email(client):
    UserFactory(username="linus", email="linus@example.org")
    response = client.post("/accounts/password/reset/", {"email": "linus@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_director_reaches_the_admin(client, director):
    client.force_login(director)
    assert client.get("/admin/").status_code == 200


def test_staff_reaches_the_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200

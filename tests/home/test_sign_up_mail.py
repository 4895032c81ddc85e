"""A sign-up never waits for the mail server: its e-mail goes through the outbox and the worker."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from core.models import OutgoingEmail
from tests.core.test_mail import after_retry_delay
from tests.home.test_accounts import SIGNUP

pytestmark = pytest.mark.django_db


class CountingBackend(EmailBackend):
    """A mail server that counts every time the site talks to it."""

    calls = 0

    def send_messages(self, messages):
        CountingBackend.calls += 1
        return super().send_messages(messages)


@pytest.fixture
def counting_mail_server(settings):
    settings.MAIL_DELIVERY_BACKEND = "tests.home.test_sign_up_mail.CountingBackend"
    CountingBackend.calls = 0
    return CountingBackend


def sign_up(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/accounts/signup/", SIGNUP)


def test_the_sign_up_request_does_not_talk_to_the_mail_server(
    task_queue, counting_mail_server, client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert counting_mail_server.calls == 0
    assert OutgoingEmail.objects.get().to == [SIGNUP["email"]]

    task_queue()

    assert counting_mail_server.calls == 1
    assert mail.outbox[0].to == [SIGNUP["email"]]


def test_a_sign_up_while_the_mail_server_is_down_succeeds_and_its_mail_goes_out_later(
    task_queue, settings, client, django_capture_on_commit_callbacks
):
    settings.MAIL_DELIVERY_BACKEND = "tests.core.test_mail.BrokenBackend"

    response = sign_up(client, django_capture_on_commit_callbacks)
    task_queue()  # the worker tries, and the mail server refuses

    assert response.status_code == 302
    assert get_user_model().objects.filter(email=SIGNUP["email"]).exists()
    assert "SMTPServerDisconnected" in OutgoingEmail.objects.get().last_error

    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with after_retry_delay(OutgoingEmail.objects.get()):
        task_queue()

    assert [message.to for message in mail.outbox] == [[SIGNUP["email"]]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body

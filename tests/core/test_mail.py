"""The outbox: a mail outage never undoes a transition, and the e-mail goes out later."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from core.mail import MAX_ATTEMPTS, deliver_mail, forget_sent_mail, queue_mail
from core.models import OutgoingEmail
from governance import lifecycle
from governance.models import Stage
from tests.factories import UserFactory
from tests.governance.factories import make_proposal

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


class BrokenBackend(EmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_server_down(settings):
    settings.MAIL_DELIVERY_BACKEND = "tests.core.test_mail.BrokenBackend"


def after_retry_delay(email):
    """The clock at the moment `email`'s next try is due."""
    return mock.patch("django.utils.timezone.now", return_value=email.next_attempt_at)


def test_a_transition_completes_when_the_mail_server_fails_and_the_mail_is_retried(
    settings, mail_server_down, director, django_capture_on_commit_callbacks
):
    author = UserFactory(groups=["Members"])
    proposal = make_proposal(Stage.DISCUSSION, owner=author)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.move_to_resolution(proposal, user=director)

    proposal.refresh_from_db()
    assert proposal.stage == Stage.RESOLUTION
    queued = OutgoingEmail.objects.get(to=[author.email])
    assert queued.sent_at is None
    assert queued.attempts == 1
    assert "SMTPServerDisconnected" in queued.last_error
    assert mail.outbox == []

    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with after_retry_delay(queued):
        call_command("housekeeping")

    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert [message.to for message in mail.outbox] == [[author.email]]
    assert proposal.title in mail.outbox[0].subject


def test_a_failed_email_is_not_tried_again_before_its_retry_delay(mail_server_down, settings):
    queue_mail([("Hello", "Body", None, ["a@example.org"])])
    deliver_mail.call()
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert deliver_mail.call() == 0
    assert mail.outbox == []


def test_each_failure_doubles_the_wait_before_the_next_try(mail_server_down):
    queue_mail([("Hello", "Body", None, ["a@example.org"])])
    deliver_mail.call()
    waits = []
    for _ in range(2):
        email = OutgoingEmail.objects.get()
        with after_retry_delay(email):
            deliver_mail.call()
        waits.append(OutgoingEmail.objects.get().next_attempt_at - email.next_attempt_at)

    assert waits == [datetime.timedelta(minutes=2), datetime.timedelta(minutes=4)]


def test_a_sent_email_is_not_sent_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail([("Hello", "Body", None, ["a@example.org"])])

    deliver_mail.call()

    assert len(mail.outbox) == 1


def test_an_email_stops_being_tried_after_the_last_attempt(mail_server_down):
    queue_mail([("Hello", "Body", None, ["a@example.org"])])
    deliver_mail.call()
    while (email := OutgoingEmail.objects.get()).next_attempt_at is not None:
        with after_retry_delay(email):
            deliver_mail.call()

    with mock.patch("django.utils.timezone.now", return_value=email.last_attempt_at + DAY):
        deliver_mail.call()

    email.refresh_from_db()
    assert email.attempts == MAX_ATTEMPTS
    assert list(OutgoingEmail.objects.given_up(max_attempts=MAX_ATTEMPTS)) == [email]


def test_a_message_without_recipients_is_not_queued():
    assert queue_mail([("Hello", "Body", None, [])]) == 0
    assert not OutgoingEmail.objects.exists()


def test_sent_emails_are_forgotten_after_a_month(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail([("Hello", "Body", None, ["a@example.org"])])

    assert forget_sent_mail() == 0
    assert forget_sent_mail(now=timezone.now() + datetime.timedelta(days=31)) == 1

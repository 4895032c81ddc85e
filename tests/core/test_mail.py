"""The outbox: a mail outage never undoes a transition, and the e-mail goes out later."""

import datetime
import smtplib

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


class BrokenBackend(EmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail.BrokenBackend"


def test_a_transition_completes_when_the_mail_server_fails_and_the_mail_is_retried(
    settings, mail_server_down, director, django_capture_on_commit_callbacks
):
    author = UserFactory(groups=["Members"])
    proposal = make_proposal(Stage.DISCUSSION, owner=author)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.move_to_resolution(proposal, director)

    proposal.refresh_from_db()
    assert proposal.stage == Stage.RESOLUTION
    queued = OutgoingEmail.objects.get(to=[author.email])
    assert queued.sent_at is None
    assert queued.attempts == 1
    assert "SMTPServerDisconnected" in queued.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("housekeeping")

    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert [message.to for message in mail.outbox] == [[author.email]]
    assert proposal.title in mail.outbox[0].subject


def test_a_sent_email_is_not_sent_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail([("Hello", "Body", None, ["a@example.org"])])

    deliver_mail.call()

    assert len(mail.outbox) == 1


def test_an_email_stops_being_tried_after_the_last_attempt(mail_server_down):
    queue_mail([("Hello", "Body", None, ["a@example.org"])])

    for _ in range(MAX_ATTEMPTS + 2):
        deliver_mail.call()

    assert OutgoingEmail.objects.get().attempts == MAX_ATTEMPTS


def test_a_message_without_recipients_is_not_queued():
    assert queue_mail([("Hello", "Body", None, [])]) == 0
    assert not OutgoingEmail.objects.exists()


def test_sent_emails_are_forgotten_after_a_month(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail([("Hello", "Body", None, ["a@example.org"])])

    assert forget_sent_mail() == 0
    assert forget_sent_mail(now=timezone.now() + datetime.timedelta(days=31)) == 1

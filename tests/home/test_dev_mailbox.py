"""In development, e-mail lands in files read at /dev/mail/; nowhere else does that page exist."""

import pytest
from django.core.mail import send_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_mail(settings, tmp_path):
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    return tmp_path


def test_the_mailbox_shows_each_e_mail_with_working_links(
    client, settings, file_mail, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    # Queued in the outbox, then written to the files by the worker once they commit.
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Confirm your address",
                  "Follow http://127.0.0.1:8000/accounts/confirm-email/abc/",
                  "site@example.org", ["ada@example.org"])
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("A vote opens", "Vote at http://127.0.0.1:8000/vote/", "site@example.org",
                  ["ada@example.org"])

    page = client.get("/dev/mail/").content.decode()

    assert page.index("A vote opens") < page.index("Confirm your address")
    assert '<a href="http://127.0.0.1:8000/accounts/confirm-email/abc/"' in page
    assert "To ada@example.org" in page


def test_the_mailbox_says_what_to_do_when_empty(client, settings, file_mail):
    settings.DEBUG = True
    assert "No e-mail yet" in client.get("/dev/mail/").content.decode()


def test_the_mailbox_does_not_exist_without_debug(client, settings, file_mail):
    settings.DEBUG = False
    send_mail("Secret", "A body", "site@example.org", ["ada@example.org"])
    assert client.get("/dev/mail/").status_code == 404

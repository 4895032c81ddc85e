"""Wagtail's workflow e-mails in the site's words, with links from the site's root (issue 21)."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from core.models import OutgoingEmail
from governance import lifecycle
from tests.core.test_mail import after_retry_delay
from tests.governance.factories import make_proposal

pytestmark = pytest.mark.django_db
ROOT = "http://127.0.0.1:8000"


@pytest.fixture
def submitted(author, moderator, django_capture_on_commit_callbacks):
    page = make_proposal(owner=author, live=False, title="Open the books")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.submit_for_discussion(page, user=author)
    return page


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_moderators_are_asked_in_the_sites_words(submitted):
    text = " ".join(f"{m.subject}\n{m.body}" for m in to("moderator@example.org"))
    assert "[Governance] “Open the books” waits for you at “Moderators approve”" in text
    assert f"{ROOT}/admin/pages/{submitted.pk}/edit/" in text
    assert "localhost" not in text and "has been submitted for approval" not in text


def test_the_author_is_told_the_proposal_is_open_for_discussion(
    submitted, moderator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted.current_workflow_task_state.approve(user=moderator)
    submitted.refresh_from_db()
    [message] = [m for m in to("author@example.org") if "passed" in m.subject]
    assert message.subject == "[Governance] “Open the books” passed “Publish for discussion”"
    assert "It is now in “Proposals for discussion”" in message.body
    assert f"{ROOT}{submitted.url}" in message.body
    assert "approved in workflow" not in message.body


def test_the_author_is_told_why_it_was_sent_back(
    submitted, moderator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted.current_workflow_task_state.reject(user=moderator, comment="Cite the bylaws")
    [message] = to("author@example.org")
    assert message.subject == "[Governance] “Open the books” was sent back for changes"
    assert "Their comment: “Cite the bylaws”" in message.body
    assert f"{ROOT}/admin/pages/{submitted.pk}/edit/" in message.body


def test_a_workflow_notice_waits_in_the_outbox_while_the_mail_server_is_down(
    author, moderator, task_queue, settings, django_capture_on_commit_callbacks
):
    """Wagtail sends its notices itself; they still go through the outbox and the worker."""
    settings.MAIL_DELIVERY_BACKEND = "tests.core.test_mail.BrokenBackend"
    page = make_proposal(owner=author, live=False, title="Open the books")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.submit_for_discussion(page, user=author)
    assert mail.outbox == []  # nothing was sent in the request
    notice = OutgoingEmail.objects.get(to=["moderator@example.org"])
    task_queue()  # the worker tries, and the mail server refuses

    notice.refresh_from_db()
    assert notice.sent_at is None and "SMTPServerDisconnected" in notice.last_error
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with after_retry_delay(notice):
        task_queue()

    [message] = to("moderator@example.org")
    assert "“Open the books” waits for you" in message.subject


def test_a_blind_copy_goes_to_each_address_on_its_own(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        EmailMessage("Minutes", "Attached below.", to=["board@example.org"],
                     bcc=["ada@example.org", "guido@example.org"]).send()
    assert sorted(message.to for message in mail.outbox) == [
        ["ada@example.org"], ["board@example.org"], ["guido@example.org"]
    ]

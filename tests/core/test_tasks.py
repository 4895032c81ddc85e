"""Background work waits in the database for the worker, and what fails is shown to staff."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from core.mail import MAX_ATTEMPTS, deliver_mail, queue_mail
from core.models import OutgoingEmail
from tests.core.test_mail import after_retry_delay

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/failed-background-work/"
# The admin page itself (session, user, menus, site) and one read per kind of failure.
QUERY_BUDGET = 21


@task()
def catch_fire():
    raise ValueError("the server room is on fire")


def queue_hello(django_capture_on_commit_callbacks, address="a@example.org"):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail([("Hello", "Body", None, [address])])


def waiting(task_path):
    return DBTaskResult.objects.ready().filter(task_path=task_path)


def test_mail_waits_for_the_worker_and_goes_out_when_it_runs(
    task_queue, django_capture_on_commit_callbacks
):
    queue_hello(django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert waiting(deliver_mail.module_path).count() == 1

    task_queue()

    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    assert not waiting(deliver_mail.module_path).exists()


def test_with_the_worker_down_pages_still_work_and_mail_waits(
    task_queue, client, django_capture_on_commit_callbacks
):
    queue_hello(django_capture_on_commit_callbacks)

    assert client.get("/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    assert mail.outbox == []
    assert OutgoingEmail.objects.get().sent_at is None

    task_queue()  # the worker comes back

    assert len(mail.outbox) == 1


def test_a_failed_email_is_retried_by_a_task_scheduled_for_its_next_try(
    task_queue, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_DELIVERY_BACKEND = "tests.core.test_mail.BrokenBackend"
    queue_hello(django_capture_on_commit_callbacks)

    task_queue()

    email = OutgoingEmail.objects.get()
    retry = DBTaskResult.objects.get(task_path=deliver_mail.module_path, status="READY")
    assert (email.attempts, retry.run_after) == (1, email.next_attempt_at)

    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    task_queue()  # not due yet: the worker leaves it
    assert mail.outbox == []

    with after_retry_delay(email):
        task_queue()
    assert len(mail.outbox) == 1


def test_wagtails_own_tasks_run_in_the_worker(task_queue):
    page = Page.objects.get(depth=2)
    page.title = "Renamed"
    page.save()

    reference_updates = DBTaskResult.objects.filter(task_path__startswith="wagtail.")
    assert reference_updates.exists()
    assert set(reference_updates.values_list("status", flat=True)) == {TaskResultStatus.READY}

    task_queue()

    assert set(reference_updates.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }


def test_housekeeping_hands_the_outbox_to_the_worker(task_queue):
    OutgoingEmail.objects.create(subject="Roll", body="Body", from_email="site@example.org",
                                 to=["a@example.org"])  # e.g. one whose worker task was lost

    call_command("housekeeping")

    assert mail.outbox == []
    task_queue()
    assert len(mail.outbox) == 1


def fail_for_good(task_queue, settings, django_capture_on_commit_callbacks):
    """One task that raised and one e-mail whose last try failed."""
    catch_fire.enqueue()
    settings.MAIL_DELIVERY_BACKEND = "tests.core.test_mail.BrokenBackend"
    queue_hello(django_capture_on_commit_callbacks, "lost@example.org")
    task_queue()
    for _ in range(MAX_ATTEMPTS - 1):
        with after_retry_delay(OutgoingEmail.objects.get()):
            task_queue()


def test_staff_see_failed_tasks_and_undelivered_mail_with_their_errors(
    task_queue, settings, django_capture_on_commit_callbacks, client, staff
):
    fail_for_good(task_queue, settings, django_capture_on_commit_callbacks)
    client.force_login(staff)

    html = client.get(REPORT).content.decode()

    assert "tests.core.test_tasks.catch_fire" in html
    assert "ValueError: the server room is on fire" in html
    assert "lost@example.org" in html
    assert "SMTPServerDisconnected" in html


def test_the_failed_work_report_is_on_the_reports_menu_for_staff(client, staff):
    client.force_login(staff)
    assert "Failed background work" in client.get("/admin/").content.decode()


def test_members_may_not_see_the_failed_work_report(client, member, director):
    for user in (member, director):
        client.force_login(user)
        assert client.get(REPORT).status_code == 403


@pytest.mark.parametrize("failures", [1, 20])
def test_the_failed_work_report_reads_in_a_fixed_number_of_queries(
    failures, client, staff, django_assert_max_num_queries
):
    now = timezone.now()
    DBTaskResult.objects.bulk_create([
        DBTaskResult(status=TaskResultStatus.FAILED, args_kwargs={"args": [], "kwargs": {}},
                     task_path=catch_fire.module_path, backend_name="default",
                     run_after=now, finished_at=now, traceback="ValueError: fire")
        for _ in range(failures)
    ])
    OutgoingEmail.objects.bulk_create([
        OutgoingEmail(subject="Hello", body="Body", to=["a@example.org"],
                      attempts=MAX_ATTEMPTS, last_error="SMTPServerDisconnected",
                      next_attempt_at=now)
        for _ in range(failures)
    ])
    client.force_login(staff)

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(REPORT)

    assert response.content.decode().count("SMTPServerDisconnected") == failures

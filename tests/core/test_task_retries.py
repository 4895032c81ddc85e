"""Wagtail's own tasks are tried again when they fail, and only the last failure is shown."""

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, ReferenceIndex
from wagtail.tasks import update_reference_index_task

from core.task_retries import MAX_TRIES, RETRIED_TASKS, try_again

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/failed-background-work/"
MISSING_PAGE = 987654


def update_missing_page():
    update_reference_index_task.enqueue("wagtailcore", "page", MISSING_PAGE)


def fail(*args, **kwargs):
    raise ConnectionError("the database went away")


def tries_waiting():
    return DBTaskResult.objects.filter(
        task_path=try_again.module_path, status=TaskResultStatus.READY)


def when_the_next_try_is_due(task_queue):
    """Run the worker once the waiting try is due, as if its delay had passed."""
    waiting = tries_waiting()
    assert waiting.get().run_after > timezone.now()
    waiting.update(run_after=timezone.now())
    task_queue()


def test_a_failed_wagtail_task_is_tried_again_after_a_delay(task_queue):
    update_missing_page()
    task_queue()
    assert DBTaskResult.objects.failed().filter(
        task_path=update_reference_index_task.module_path).count() == 1
    waiting = tries_waiting().get()
    assert waiting.args_kwargs["args"] == [
        update_reference_index_task.module_path, ["wagtailcore", "page", MISSING_PAGE], {}, 2]
    assert waiting.run_after > timezone.now()


def test_a_task_that_succeeds_on_a_later_try_leaves_nothing_to_report(
    task_queue, client, staff, monkeypatch
):
    page = Page.objects.get(depth=2)
    with monkeypatch.context() as broken:
        broken.setattr(ReferenceIndex, "create_or_update_for_object", fail)
        update_reference_index_task.enqueue("wagtailcore", "page", page.pk)
        task_queue()
    when_the_next_try_is_due(task_queue)
    assert not tries_waiting().exists()
    assert DBTaskResult.objects.filter(
        task_path=try_again.module_path, status=TaskResultStatus.SUCCESSFUL).count() == 1
    client.force_login(staff)
    assert "update_reference_index_task" not in client.get(REPORT).content.decode()


def test_after_its_last_try_the_task_is_reported_under_wagtails_name(task_queue, client, staff):
    update_missing_page()
    task_queue()
    client.force_login(staff)
    for _ in range(MAX_TRIES - 2):
        when_the_next_try_is_due(task_queue)
        assert "update_reference_index_task" not in client.get(REPORT).content.decode()
    when_the_next_try_is_due(task_queue)
    assert not tries_waiting().exists()
    html = client.get(REPORT).content.decode()
    assert html.count("wagtail.tasks.update_reference_index_task") == 1
    assert "DoesNotExist" in html


def test_only_wagtails_tasks_are_run_by_name(task_queue):
    try_again.enqueue("os.system", ["true"], {}, 2)
    task_queue()
    failed = DBTaskResult.objects.failed().get(task_path=try_again.module_path)
    assert "not a task that is tried again" in failed.traceback


def test_every_retried_task_is_one_wagtail_has():
    """An upgrade that renames or drops one fails here, not silently in production."""
    for path in RETRIED_TASKS:
        assert hasattr(import_string(path), "enqueue"), path

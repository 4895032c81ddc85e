"""Tasks are tried again when they fail: `try_later` is the one way to schedule a next try.

The site's tasks call it themselves (home/chores.py, voting/counting.py; e-mail keeps
its own tries per message, core/mail.py). Wagtail's (reference index updates, image
focal points, file deletions, CDN purges) cannot, so when the worker reports one
failed, the same call is enqueued again as `try_again`, after 1 and then 2 minutes.
If its third try fails too, that try stays failed and the "Failed background work"
report shows it under the Wagtail task's name; the tries before it are not shown there
(core/reports.py). The immediate backend (tests) cannot wait, so there the first try
is the last.
"""

import logging
from typing import Any

from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks.base import Task
from django_tasks.signals import task_finished

from core.mail import retry_delay

logger = logging.getLogger("foundation")
RETRIED_TASKS = frozenset({
    "wagtail.tasks.update_reference_index_task",
    "wagtail.tasks.delete_file_from_storage_task",
    "wagtail.images.tasks.set_image_focal_point_task",
    "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task",  # with a CDN set up
})
MAX_TRIES = 3


def try_later(a_task: Task[..., Any], *args: Any, tries: int) -> bool:
    """Enqueue `a_task` for its next try, after 1, 2, 4... minutes; False if there is none.

    There is none after try MAX_TRIES, or where the backend cannot wait (the immediate
    backend of the tests): the caller then raises, and "Failed background work" shows it.
    """
    if tries >= MAX_TRIES or not a_task.get_backend().supports_defer:
        return False
    run_after = timezone.now() + retry_delay(tries)
    a_task.using(run_after=run_after).enqueue(*args, tries + 1)  # `tries` comes last
    return True


@receiver(task_finished)
def try_a_failed_wagtail_task_again(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    path = task_result.task.module_path
    if task_result.status == TaskResultStatus.FAILED and path in RETRIED_TASKS:
        try_later(try_again, path, list(task_result.args), dict(task_result.kwargs), tries=1)


@task()
def try_again(task_path: str, args: list[Any], kwargs: dict[str, Any], tries: int) -> None:
    """Run a Wagtail task once more; on failure, enqueue the next try or, after the last, raise."""
    if task_path not in RETRIED_TASKS:
        raise ValueError(f"{task_path} is not a task that is tried again.")
    try:
        import_string(task_path).call(*args, **kwargs)
    except Exception:
        logger.warning("%s failed (try %s of %s)", task_path, tries, MAX_TRIES)
        if not try_later(try_again, task_path, args, kwargs, tries=tries):
            raise

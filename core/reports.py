"""The "Failed background work" report: what the worker could not do, and why.

Staff look here for a task that raised (a Wagtail index update, a chore) and for an
e-mail whose last try failed; nothing fails silently (docs/architecture.md, section 5).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.views.defaults import permission_denied
from django_tasks_db.models import DBTaskResult
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from core.mail import MAX_ATTEMPTS
from core.models import OutgoingEmail
from core.task_retries import RETRIED_TASKS, try_again

STAFF_ONLY = "Only staff may see failed background work."
# Each kind shows its newest failures; older ones stay in the database.
SHOWN_PER_KIND = 500
TRY_AGAIN_PATH = try_again.module_path


@dataclass(frozen=True)
class FailedWork:
    """A task or an e-mail that failed for good, and its error."""

    kind: str
    name: str
    failed_at: datetime.datetime | None
    error: str


def failed_tasks() -> list[FailedWork]:
    """Tasks that raised for good, newest first, with the last line of their traceback.

    A failed Wagtail task is tried again (core/task_retries.py): only its last try
    is shown, under the Wagtail task's name.
    """
    results = DBTaskResult.objects.failed().exclude(task_path__in=RETRIED_TASKS).order_by(
        "-finished_at"
    ).only("task_path", "finished_at", "traceback", "args_kwargs")[:SHOWN_PER_KIND]
    return [
        FailedWork("Task", task_name(result), result.finished_at, last_line(result.traceback))
        for result in results
    ]


def task_name(result: DBTaskResult) -> str:
    """The task's path; for a retried Wagtail task, the Wagtail task's."""
    if result.task_path == TRY_AGAIN_PATH:
        return str(result.args_kwargs["args"][0])
    return result.task_path


def undelivered_mail() -> list[FailedWork]:
    """E-mails whose last try failed, newest first: subject and recipients, never the body."""
    emails = OutgoingEmail.objects.given_up(max_attempts=MAX_ATTEMPTS).order_by(
        "-last_attempt_at"
    ).only("subject", "to", "last_attempt_at", "last_error")[:SHOWN_PER_KIND]
    return [
        FailedWork("E-mail", f"{email.subject} (to {', '.join(email.to)})",
                   email.last_attempt_at, email.last_error)
        for email in emails
    ]


def last_line(traceback: str) -> str:
    """The exception a traceback ends with, as one line."""
    lines = traceback.strip().splitlines()
    return lines[-1] if lines else ""


class FailedBackgroundWorkView(ReportView):
    """The admin report of tasks and e-mails that failed for good; staff only."""

    page_title = "Failed background work"
    header_icon = "warning"
    index_url_name = "core_failed_background_work"
    index_results_url_name = "core_failed_background_work_results"
    columns = [
        Column("kind", label="Kind"),
        Column("name", label="What"),
        Column("failed_at", label="Last tried"),
        Column("error", label="Error"),
    ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_staff:
            # A 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
            return permission_denied(request, PermissionDenied(STAFF_ONLY))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> list[FailedWork]:
        return failed_tasks() + undelivered_mail()

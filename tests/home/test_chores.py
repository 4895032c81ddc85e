"""Cron's housekeeping hands each chore to the worker, which tries a failing one again."""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from home.chores import CHORES, MAX_TRIES, run_chore
from tests.membership.factories import CategoryGrantFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/failed-background-work/"
BROKEN = "RuntimeError: the section pages are missing"


def housekeeping():
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    return out.getvalue()


def chore_runs(status):
    return DBTaskResult.objects.filter(task_path=run_chore.module_path, status=status)


def break_governance(monkeypatch):
    from governance import housekeeping as governance_housekeeping

    def broken(on=None, now=None):
        raise RuntimeError("the section pages are missing")

    monkeypatch.setattr(governance_housekeeping, "run", broken)


def run_each_retry(task_queue):
    """Let the worker run every retry when it falls due, as the clock moves on."""
    while retry := chore_runs(TaskResultStatus.READY).first():
        with mock.patch("django.utils.timezone.now", return_value=retry.run_after):
            task_queue()


def test_housekeeping_enqueues_each_chore_and_the_worker_runs_them(task_queue):
    grant = CategoryGrantFactory(ends=timezone.localdate() + datetime.timedelta(days=30))

    out = housekeeping()

    assert all(f"{chore}: handed to the task worker" in out for chore in CHORES)
    assert chore_runs(TaskResultStatus.READY).count() == len(CHORES)
    assert mail.outbox == []

    task_queue()

    assert chore_runs(TaskResultStatus.SUCCESSFUL).count() == len(CHORES)
    grant.refresh_from_db()
    assert grant.reminder_sent_at is not None
    assert [message.to for message in mail.outbox] == [[grant.member.user.email]]


def test_a_failing_chore_is_tried_again_later_and_stops_no_other(task_queue, monkeypatch):
    break_governance(monkeypatch)
    grant = CategoryGrantFactory(ends=timezone.localdate() + datetime.timedelta(days=30))
    housekeeping()

    task_queue()

    retry = chore_runs(TaskResultStatus.READY).get()
    assert retry.args_kwargs["args"][0] == "governance"
    assert retry.run_after > timezone.now()
    assert not chore_runs(TaskResultStatus.FAILED).exists()
    assert [message.to for message in mail.outbox] == [[grant.member.user.email]]


def test_a_chore_failing_its_last_try_shows_in_the_failed_work_report(
    task_queue, monkeypatch, client, staff
):
    break_governance(monkeypatch)
    housekeeping()
    task_queue()

    run_each_retry(task_queue)

    governance_runs = DBTaskResult.objects.filter(args_kwargs__args__0="governance")
    assert governance_runs.count() == MAX_TRIES
    assert chore_runs(TaskResultStatus.FAILED).get() == governance_runs.latest("enqueued_at")
    client.force_login(staff)
    html = client.get(REPORT).content.decode()
    assert run_chore.module_path in html
    assert f"ChoreFailed: governance: run: {BROKEN}" in html


def test_a_chore_that_recovers_on_a_later_try_is_not_reported(task_queue, monkeypatch):
    break_governance(monkeypatch)
    housekeeping()
    task_queue()
    monkeypatch.undo()  # the pages are back before the next try

    run_each_retry(task_queue)

    assert not chore_runs(TaskResultStatus.FAILED).exists()


def test_with_the_immediate_backend_housekeeping_reports_what_each_chore_did():
    out = housekeeping()

    assert "membership: reminders sent: 0" in out and "voting: ballots_closed: 0" in out
    assert "handed to the task worker" not in out

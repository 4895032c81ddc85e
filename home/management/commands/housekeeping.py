"""The recurring chores, run from cron; each app's part is idempotent and safe to repeat.

Every chore of a run uses one clock, `core.chores.chore_clock`: `--today D` runs them all
as at the last moment of D.

A run enqueues one task per chore (`home.chores.run_chore`) for the worker, which
tries a failing chore again later. With `--today` or `--inline` the chores run here,
one after another: each chore, and each item within it, on its own; a failure is
collected and the rest still run, mail is always sent, and the failures are printed
at the end, when the command exits non-zero.
"""

import datetime
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from core import mail
from core.chores import Failure, attempt, chore_clock
from core.locks import cluster_lock
from core.reports import last_line
from home.chores import CHORES, run_chore, run_chore_here

ALREADY_RUNNING = "housekeeping is already running on another server; nothing to do."
FAILED = "housekeeping: FAILED {failure}"
FAILURES = "housekeeping: {count} failure(s); see the lines above."
HANDED_ON = "{chore}: handed to the task worker"


class Command(BaseCommand):
    help = (
        "Expire grants, send reminders, keep groups in step, open and close ballots, "
        "apply their outcomes, count missed votes. Idempotent, cron-safe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None,
            help="Run every chore here as if on this day (YYYY-MM-DD), at its last moment; "
            "defaults to today, at the real time. Days replayed one by one run in order.",
        )
        parser.add_argument(
            "--inline", action="store_true",
            help="Run the chores here and wait for them, instead of enqueuing them.",
        )

    def handle(self, *args, today=None, inline=False, **options):
        # Once per cluster, so that three app servers' crons enqueue one set of chores.
        with cluster_lock("housekeeping") as acquired:
            if not acquired:
                self.stdout.write(ALREADY_RUNNING)
                return
            failures = []
            if inline or today is not None:
                self._run_each_chore(*chore_clock(today), failures)
            else:
                self._enqueue_each_chore(*chore_clock(), failures)
            self._send_mail(failures)
        self._report(failures)

    def _run_each_chore(self, on, now, failures):
        for chore in CHORES:
            done, failed = run_chore_here(chore, on, now)
            failures.extend(failed)
            self._write_done(chore, done)

    def _enqueue_each_chore(self, on, now, failures):
        for chore in CHORES:
            enqueue = partial(run_chore.enqueue, chore, on.isoformat(), now.isoformat())
            result = attempt(failures, chore, "enqueue", enqueue)
            if result is None:
                continue
            if result.status == TaskResultStatus.FAILED:
                failures.append(Failure(chore, "task", last_line(result.errors[-1].traceback)))
            elif result.is_finished:  # the immediate backend (tests) runs it at once
                self._write_done(chore, result.return_value)
            else:
                self.stdout.write(HANDED_ON.format(chore=chore))

    def _write_done(self, chore, done):
        for name, count in done.items():
            self.stdout.write(f"{chore}: {name}: {count}")

    def _send_mail(self, failures):
        # Each e-mail enqueues its own delivery; this picks up what still waits (retries,
        # or mail whose enqueue was lost). The immediate backend sends at once.
        delivery = attempt(failures, "mail", "send", mail.deliver_mail.enqueue)
        if delivery is not None:
            self._report_delivery(delivery, failures)

    def _report_delivery(self, delivery, failures):
        if delivery.status == TaskResultStatus.FAILED:
            failures.append(Failure("mail", "send", delivery.errors[0].exception_class_path))
        elif delivery.is_finished:
            self.stdout.write(f"mail: sent: {delivery.return_value}")
        else:
            self.stdout.write("mail: handed to the task worker")

    def _report(self, failures):
        for failure in failures:
            self.stderr.write(FAILED.format(failure=failure))
        if failures:
            raise CommandError(FAILURES.format(count=len(failures)))

"""The recurring chores, run from cron; each app's part is idempotent and safe to repeat.

Every chore of a run uses one clock, `core.chores.chore_clock`: `--today D` runs them all
as at the last moment of D.

Each chore, and each item within it, runs on its own: a failure is collected and the
rest still run, mail is always sent, and the failures are printed at the end, when
the command exits non-zero.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from core import mail
from core.chores import Failure, attempt, chore_clock
from core.locks import cluster_lock
from core.page_cache import purge_area
from governance import housekeeping as governance_housekeeping
from membership import housekeeping as membership_housekeeping
from voting import housekeeping as voting_housekeeping

ALREADY_RUNNING = "housekeeping is already running on another server; nothing to do."
FAILED = "housekeeping: FAILED {failure}"
FAILURES = "housekeeping: {count} failure(s); see the lines above."


def _governance(on, now):
    report = governance_housekeeping.run(on=on, now=now)
    return {
        "review reminders": report.reminded, "retired": report.retired,
        "working-group evaluations opened": report.evaluations, "refused": report.refused,
        "failed": report.failed,
    }


APPS = [
    ("governance", _governance),
    ("membership", lambda on, now: membership_housekeeping.run(on=on, now=now)),
    ("voting", lambda on, now: voting_housekeeping.run(on=on, now=now)),
]


class Command(BaseCommand):
    help = (
        "Expire grants, send reminders, keep groups in step, open and close ballots, "
        "apply their outcomes, count missed votes. Idempotent, cron-safe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None,
            help="Run every chore as if on this day (YYYY-MM-DD), at its last moment; "
            "defaults to today, at the real time.",
        )

    def handle(self, *args, today=None, **options):
        with cluster_lock("housekeeping") as acquired:
            if not acquired:
                self.stdout.write(ALREADY_RUNNING)
                return
            failures = []
            self._run_each_app(*chore_clock(today), failures)
            self._send_mail(failures)
        self._report(failures)

    def _run_each_app(self, on, now, failures):
        for app, run in APPS:
            done = attempt(failures, app, "run", lambda run=run: run(on, now)) or {}
            failures.extend(done.pop("failed", []))
            for name, count in done.items():
                self.stdout.write(f"{app}: {name}: {count}")

    def _send_mail(self, failures):
        # The worker sends the outbox; this picks up what waits for it (a roll's mail,
        # retries) even if an enqueue was lost. The immediate backend sends at once.
        delivery = attempt(failures, "mail", "send", mail.deliver_mail.enqueue)
        if delivery is not None:
            self._report_delivery(delivery, failures)
        forgotten = attempt(failures, "mail", "forget sent", mail.forget_sent_mail)
        self.stdout.write(f"mail: forgotten: {forgotten}")
        # Grants end by date as well as by a write, so refresh the public rolls.
        attempt(failures, "page cache", "/membership/", lambda: purge_area("/membership/"))

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

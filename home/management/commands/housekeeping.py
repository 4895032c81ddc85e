"""The recurring chores, run from cron; each app's part is idempotent and safe to repeat."""

import datetime

from django.core.management.base import BaseCommand

from governance import housekeeping as governance_housekeeping
from home import mail
from home.locks import cluster_lock
from home.page_cache import purge_area
from membership import housekeeping as membership_housekeeping
from voting import housekeeping as voting_housekeeping

ALREADY_RUNNING = "housekeeping is already running on another server; nothing to do."


class Command(BaseCommand):
    help = (
        "Expire grants, send reminders, keep groups in step, open and close ballots, "
        "count missed votes. Idempotent, cron-safe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None,
            help="Run as if on this day (YYYY-MM-DD); defaults to today.",
        )

    def handle(self, *args, today=None, **options):
        with cluster_lock("housekeeping") as acquired:
            if not acquired:
                self.stdout.write(ALREADY_RUNNING)
                return
            self._run_each_app(today)

    def _run_each_app(self, today):
        policies = governance_housekeeping.run(today=today)
        for app, done in [
            ("governance", {
                "review reminders": policies.reminded, "retired": policies.retired,
                "working-group evaluations opened": policies.evaluations,
                "refused": policies.refused,
            }),
            ("membership", membership_housekeeping.run(today=today)),
            ("voting", voting_housekeeping.run(today=today)),
        ]:
            for name, count in done.items():
                self.stdout.write(f"{app}: {name}: {count}")
        self.stdout.write(f"mail: sent: {mail.deliver_mail.call()}")
        self.stdout.write(f"mail: forgotten: {mail.forget_sent_mail()}")
        # Grants end by date as well as by a write, so refresh the public rolls.
        purge_area("/membership/")

"""The recurring chores, run from cron; each app's part is idempotent and safe to repeat."""

import datetime

from django.core.management.base import BaseCommand

from membership import housekeeping as membership_housekeeping


class Command(BaseCommand):
    help = "Expire grants, send renewal reminders, keep groups in step. Idempotent, cron-safe."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None,
            help="Run as if on this day (YYYY-MM-DD); defaults to today.",
        )

    def handle(self, *args, today=None, **options):
        for name, count in membership_housekeeping.run(today=today).items():
            self.stdout.write(f"membership: {name}: {count}")

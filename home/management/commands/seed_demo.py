"""Fill a development site with demo accounts and content; never in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from governance.demo import ensure_demo_governance, refer_demo_charter
from home.demo import (
    DEMO_PASSWORD,
    DEMO_USERS,
    SEED_DEMO_REFUSAL,
    demo_email,
    ensure_demo_users,
)
from voting.demo import seed_ballots


class Command(BaseCommand):
    help = "Create demo users and content for a local run. Idempotent; refuses when DEBUG is off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(SEED_DEMO_REFUSAL)
        with transaction.atomic():
            users = ensure_demo_users()
            ensure_demo_governance(users)
            seed_ballots(users)
            refer_demo_charter(users)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in with:"))
        for username, full_name, _groups, _superuser in DEMO_USERS:
            self.stdout.write(f"  {demo_email(username):<24} {DEMO_PASSWORD}   ({full_name})")

"""Create or update everything a deployment needs; safe to run on every deploy."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.page_cache import purge_all
from governance.setup import ensure_governance
from home.setup import ensure_home_page, ensure_role_groups
from membership.setup import ensure_categories, ensure_sponsor_levels, ensure_working_groups
from voting.setup import ensure_voting_permissions


class Command(BaseCommand):
    help = "Create the site, page tree, groups and defaults. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        try:
            home = ensure_home_page()
        except ValueError as error:
            raise CommandError(str(error)) from error
        groups = ensure_role_groups()
        ensure_governance(home, groups)
        ensure_categories()
        ensure_sponsor_levels()
        ensure_working_groups()
        ensure_voting_permissions()
        # Run on every deploy: cached pages, sites and routes were made by the code before it.
        transaction.on_commit(purge_all)
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS("Site set up."))

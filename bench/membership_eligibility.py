"""Time "who is voting-eligible today" with 100,000 members on PostgreSQL.

Not a test: a plain script. It drops and re-creates its own database, named in DATABASE_URL,
migrates it, runs setup_site, bulk-creates the members and their grants in bounded batches,
then times voting_eligible_members(): a count and a fetch of every id, best of five runs.

    DJANGO_SETTINGS_MODULE=config.settings.test \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/membench \\
    .venv/bin/python bench/membership_eligibility.py [--members 100000]

Drop the database afterwards with `dropdb -h 127.0.0.1 -U postgres membench`. The target is
under 2 seconds on the development machine.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BATCH = 5_000
TARGET_SECONDS = 2.0


def fresh_database():
    """Drop and create the database DATABASE_URL names, so every run starts empty."""
    import dj_database_url

    from bench.services import recreate_database

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the benchmark is for PostgreSQL.")
    recreate_database(config["NAME"])


def build(count):
    """Members with a Basic grant each; a spread of eligible, lapsed and future grants."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from membership.models import CategoryCode, CategoryGrant, Member, MembershipCategory

    User = get_user_model()
    categories = {c.code: c for c in MembershipCategory.objects.all()}
    today, now = timezone.localdate(), timezone.now()
    # Each member gets Basic; a third Supporting (a tenth of those lapsed), a sixth Managing,
    # a twelfth Contributing, one in fifty a Fellow.
    plan = [
        (3, CategoryCode.SUPPORTING, lambda n: today + datetime.timedelta(days=n % 365 - 36)),
        (6, CategoryCode.MANAGING, lambda n: today + datetime.timedelta(days=n % 300)),
        (12, CategoryCode.CONTRIBUTING, lambda n: today - datetime.timedelta(days=1 + n % 30)),
        (50, CategoryCode.FELLOW, lambda n: None),
    ]
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(username=f"bench{n}", email=f"bench{n}@example.org") for n in numbers
            )
            members = Member.objects.bulk_create(
                Member(user=user, name=f"Bench Member {n}", country="Norway",
                       code_of_conduct_version="1.0", code_of_conduct_agreed_at=now)
                for n, user in zip(numbers, users, strict=True)
            )
            grants = [
                CategoryGrant(member=m, category=categories[CategoryCode.BASIC],
                              starts=today - datetime.timedelta(days=400), source="signup")
                for m in members
            ]
            for n, member in zip(numbers, members, strict=True):
                for every, code, ends in plan:
                    if n % every == 0:
                        grants.append(CategoryGrant(
                            member=member, category=categories[code], source="staff",
                            starts=today - datetime.timedelta(days=400), ends=ends(n),
                        ))
            CategoryGrant.objects.bulk_create(grants, batch_size=BATCH)
        print(f"\r  built {numbers[-1] + 1}/{count} members", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_eligibility(runs=5):
    from membership.selectors import voting_eligible_members

    timings, count = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        queryset = voting_eligible_members()
        count = queryset.count()
        ids = list(queryset.values_list("pk", flat=True))
        timings.append(time.perf_counter() - started)
        assert len(ids) == count
    return count, min(timings), sorted(timings)[len(timings) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="Time the data already built.")
    arguments = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL=postgres://... (see the docstring).")
    if not arguments.reuse:
        fresh_database()
    import django
    from django.core.management import call_command

    django.setup()
    if not arguments.reuse:
        call_command("migrate", verbosity=0)
        call_command("setup_site", verbosity=0)
        build(arguments.members)
    count, best, median = time_eligibility()
    verdict = "within" if best < TARGET_SECONDS else "OVER"
    print(f"voting_eligible_members(): {count} of {arguments.members} members eligible; "
          f"count + fetch ids best {best:.3f} s, median {median:.3f} s "
          f"({verdict} the {TARGET_SECONDS:.0f} s target)")


if __name__ == "__main__":
    main()

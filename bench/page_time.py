"""Time one page in-process, as an uncached bench row renders it, and list its queries.

Run after `make bench`, on the database it leaves behind, with Redis up:

    .venv/bin/python bench/page_time.py PATH [--requests 500] [--member] [--profile]

The request carries a live anonymous session, as the uncached rows do, so the page
cache passes it by. --member logs in a bench member instead (put in the Members
group, as one who joined through the site is). --profile prints where the time
goes (cProfile, cumulative).
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import server, services  # noqa: E402
from bench.run import DATABASE, live_session_cookie  # noqa: E402


def setup():
    database_url = services.database_url(DATABASE)
    os.environ.update(server.production_environment(database_url, services.REDIS_URL))
    import django

    django.setup()


def client_with_session(member):
    from django.contrib.auth.models import Group
    from django.test import Client

    from core.roles import MEMBERS_GROUP
    from membership.models import Member

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    if member:
        user = Member.objects.select_related("user").first().user
        user.groups.add(Group.objects.get(name=MEMBERS_GROUP))
        client.force_login(user)
    else:
        name, key = live_session_cookie().split("=", 1)
        client.cookies[name] = key
    return client


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--member", action="store_true")
    parser.add_argument("--profile", action="store_true")
    arguments = parser.parse_args()
    services.require_services()
    setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_with_session(arguments.member)
    for _ in range(20):
        response = client.get(arguments.path)
    with CaptureQueriesContext(connection) as queries:
        client.get(arguments.path)
    print(f"{arguments.path}: {response.status_code}, {len(queries)} queries")
    for query in queries:
        print("  ", query["sql"][:140])
    started = time.perf_counter()
    for _ in range(arguments.requests):
        client.get(arguments.path)
    elapsed = (time.perf_counter() - started) / arguments.requests
    print(f"{elapsed * 1000:.2f} ms a request ({arguments.requests} requests)")
    if arguments.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [client.get(arguments.path) for _ in range(arguments.requests)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(50)


if __name__ == "__main__":
    main()

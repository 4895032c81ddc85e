"""Time one page in-process, as an uncached bench row renders it, and list its queries.

Run after `make bench`, on the database it leaves behind, with Redis up:

    .venv/bin/python bench/page_time.py PATH [--requests 500] [--member] [--profile]

The request carries a live anonymous session, as the uncached rows do, so the page
cache passes it by. --member logs in a bench member instead (put in the Members
group, as one who joined through the site is). --profile prints where the time
goes (cProfile, cumulative).

--discussion times a proposal page with 0, 5 and 500 comments instead of PATH, as a
member reads it (issue 21's Measure). It builds its own database (DISCUSSION_DATABASE,
dropped and made again; the bench database is left alone) and fails unless the page
with 500 comments runs the queries of the one with 5 and renders within 2x the time of
the one with none:

    .venv/bin/python bench/page_time.py --discussion [--requests 200]
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

DISCUSSION_DATABASE = f"{DATABASE}_discussion"
COMMENT_COUNTS = (0, 5, 500)
# The page with the most comments may take at most this many times the page with none.
MOST_DISCUSSION_RATIO = 2


def setup(database_url=None):
    database_url = database_url or services.database_url(DATABASE)
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


def discussed_proposals():
    """{comment count: path} of proposals in discussion, each thread one comment and a reply."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from governance.models import Comment, ProposalPage, SectionPage, Stage
    from membership.services import join

    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    voices = get_user_model().objects.bulk_create(
        get_user_model()(username=f"voice-{number}") for number in range(max(COMMENT_COUNTS))
    )
    # The reader: a member, as client_with_session(member=True) expects one.
    join(user=voices[0], name="Bench Reader", country="Brazil", code_of_conduct_version="1.0")
    section = SectionPage.objects.get(stage=Stage.DISCUSSION)
    paths = {}
    for count in COMMENT_COUNTS:
        page = section.add_child(instance=ProposalPage(
            title=f"Discussed by {count}", summary="A proposal members talk about.", live=True,
        ))
        half = (count + 1) // 2
        threads = Comment.objects.bulk_create(
            Comment(page=page, author=voice, text=f"Comment {number}: a point worth making.")
            for number, voice in enumerate(voices[:half])
        )
        Comment.objects.bulk_create(
            Comment(page=page, author=voice, text=f"Reply {number}: an answer.", reply_to=thread)
            for number, (voice, thread) in enumerate(zip(voices[half:count], threads, strict=False))
        )
        paths[count] = page.url
    return paths


def time_page(client, path, requests):
    """(milliseconds a request, queries) for GETs of `path`, after warming up."""
    from django.db import connection

    for _ in range(20):
        client.get(path)
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    # Counted as they run: a capture of the debug log counted 0 in this process.
    with connection.execute_wrapper(count):
        status = client.get(path).status_code
    if status != 200:
        sys.exit(f"{path} answered {status}")
    started = time.perf_counter()
    for _ in range(requests):
        client.get(path)
    return (time.perf_counter() - started) / requests * 1000, len(statements)


def time_discussion(requests):
    """Print each discussed page's time and queries; exit 1 if the 500 are not flat."""
    services.require_services()
    setup(services.recreate_database(DISCUSSION_DATABASE))
    paths = discussed_proposals()
    client = client_with_session(member=True)
    figures = {count: time_page(client, path, requests) for count, path in paths.items()}
    for count, (milliseconds, queries) in figures.items():
        print(f"{count:>4} comments: {milliseconds:.2f} ms a request, {queries} queries")
    most, fewest = figures[max(COMMENT_COUNTS)], figures[0]
    ratio = most[0] / fewest[0]
    print(f"ratio {max(COMMENT_COUNTS)} comments / none: {ratio:.2f} "
          f"(at most {MOST_DISCUSSION_RATIO}); queries {figures[5][1]} with 5, {most[1]} with "
          f"{max(COMMENT_COUNTS)}")
    if ratio > MOST_DISCUSSION_RATIO or most[1] != figures[5][1]:
        sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--member", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--discussion", action="store_true")
    arguments = parser.parse_args()
    if arguments.discussion:
        return time_discussion(arguments.requests)
    if not arguments.path:
        parser.error("give a PATH, or --discussion")
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

"""Benchmark: 32 clients casting through the real /vote/<id>/ view (PostgreSQL, gunicorn).

Starts gunicorn on 127.0.0.1:8103 against a scratch database, gives each of
`--voters` enrolled voters a logged-in session, and has `--clients` threads each GET
the ballot form and POST a ballot for its share of the voters. Reports casts per
second, then closes the ballot and checks that counted equals accepted. With
--baseline the server and the close use plaintext sealing (bench/plaintext_sealing.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vote_bench \\
        .venv/bin/python bench/voting_cast_load.py [--clients 32] [--voters 3200]
"""

import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import Cookie, CookieJar
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BASE_DIR.parent))

# Importing the tally benchmark sets Django up with the test settings.
from bench.voting_tally import arguments, make_voters, record_results  # noqa: E402

# isort: split
from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.plaintext_sealing import patches  # noqa: E402
from voting import services  # noqa: E402
from voting.models import Participation  # noqa: E402

PORT = 8103
REQUEST_TIMEOUT = 30
DEADLINE_SECONDS = 600
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def session_for(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _cookie(name, value):
    return Cookie(0, name, value, None, False, "127.0.0.1", False, False, "/", True,
                  False, None, True, None, None, {}, False)


def cast_through_the_view(base_url, session_key, answers):
    """One voter: GET the form (CSRF token), POST the ballot; True when it was accepted.

    An accepted cast answers 303 to the receipt page; the check is the address it
    lands on, not the page's words, which depend on the session cache.
    """
    jar = CookieJar()
    jar.set_cookie(_cookie(settings.SESSION_COOKIE_NAME, session_key))
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base_url, timeout=REQUEST_TIMEOUT).read().decode()
    data = {"csrfmiddlewaretoken": CSRF_INPUT.search(form).group(1), **answers}
    request = urllib.request.Request(
        base_url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": base_url}
    )
    try:
        response = opener.open(request, timeout=REQUEST_TIMEOUT)
        response.read()
    except urllib.error.HTTPError:
        return False
    return response.geturl().endswith("/receipt/")


def start_server(application="config.wsgi:application"):
    # Persistent connections, as a production deployment would use: opening a
    # PostgreSQL connection per request costs more than the cast itself.
    environment = {
        "DATABASE_CONN_MAX_AGE": "60",
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", application, "--bind",
         f"127.0.0.1:{PORT}", "--workers", str(os.cpu_count() * 2 + 1), "--threads", "4",
         "--log-level", "warning"],
        cwd=BASE_DIR.parent, env=environment,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def main():
    args = arguments(
        __doc__, clients=32, voters=3200,
        baseline="Cast with plaintext sealing (bench/plaintext_sealing.py), the site as it was "
        "before sealing; recorded as voting_cast_load_baseline.",
    )
    if args.baseline:
        for patch in patches():  # this process closes the ballot at the end
            patch.start()
    run = uuid.uuid4().hex[:6]
    make_voters(args.voters, f"load-{run}")
    now = timezone.now()
    ballot = services.create_ballot(
        title=f"Load {run}", electorate="voting_members", opens_at=now,
        closes_at=now + timezone.timedelta(days=8), questions=[{"text": "Adopt?"}],
    )
    services.open_ballot(ballot)
    question = ballot.questions.get()
    answers = {f"question_{question.pk}": question.options.get(label="Yes").pk}
    # Only this run's voters: the scratch database may hold earlier runs' voters too.
    users = get_user_model().objects.filter(
        username__startswith=f"bench-load-{run}-",
        member__enrolments__roll_entries__ballot=ballot,
    )
    sessions = [session_for(user) for user in users]
    base_url = f"http://127.0.0.1:{PORT}/vote/{ballot.pk}/"

    server = start_server(
        "bench.plaintext_wsgi:application" if args.baseline else "config.wsgi:application"
    )
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            accepted = sum(pool.map(
                lambda key: cast_through_the_view(base_url, key, answers), sessions,
                timeout=DEADLINE_SECONDS,
            ))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    outcome = services.close_ballot(ballot)
    counted = outcome.questions[0].counts["Yes"]
    figures = {
        "clients": args.clients,
        "voters": args.voters,
        "accepted": accepted,
        "counted": counted,
        "participations": Participation.objects.filter(ballot=ballot).count(),
        "seconds": round(elapsed, 2),
        "casts_per_second (GET form + POST each)": round(accepted / elapsed, 1),
    }
    for name, value in figures.items():
        print(f"{name:42} {value}")
    assert counted == accepted == figures["participations"], "counted must equal accepted"
    record_results("voting_cast_load_baseline" if args.baseline else "voting_cast_load", figures)


if __name__ == "__main__":
    main()

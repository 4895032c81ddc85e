"""Time a sign-up while the mail server takes 2 s to answer: the request must not wait for it.

    .venv/bin/python bench/sign_up_mail.py [--requests 20]

Each sign-up is a real POST to /accounts/signup/ (a new address each time), with the
task queue in the database as in production and an e-mail backend that sleeps 2 s
per message. No worker runs, so the time measured is what the new member waits; when
mail was sent in the request, it was at least the 2 s of the mail server. The first
sign-up warms the process up and is not counted. Test settings (fast password
hashing) keep the figure about mail.

Without DATABASE_URL it builds a fresh SQLite database in a temporary folder;
`make bench` runs it on its PostgreSQL database. Figures go to bench/results.json
under "sign_up_mail"; the run fails if the median sign-up takes LIMIT_MS or more.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/sign_up_mail.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.mail.backends.locmem import EmailBackend  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from bench.voting_tally import record_results  # noqa: E402

LIMIT_MS = 200
SMTP_DELAY_SECONDS = 2
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class SlowMailServer(EmailBackend):
    """A mail server that takes SMTP_DELAY_SECONDS to accept each message."""

    def send_messages(self, messages):
        time.sleep(SMTP_DELAY_SECONDS)
        return super().send_messages(messages)


def sign_up_milliseconds(number):
    """One sign-up POST by a new visitor; its time in milliseconds."""
    client = Client(REMOTE_ADDR=f"10.0.{number // 250}.{number % 250 + 1}")
    started = time.perf_counter()
    response = client.post("/accounts/signup/", {
        "email": f"bench-sign-up-{os.getpid()}-{number}@example.org",
        "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase",
        "name": "Bench Member", "country": "Brazil", "agrees_to_code_of_conduct": "on",
    })
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        sys.exit(f"sign-up {number} answered {response.status_code}")
    return elapsed


def measure(requests):
    mail_server = f"{__name__}.SlowMailServer"
    with override_settings(
        MAIL_DELIVERY_BACKEND=mail_server, ACCOUNT_RATE_LIMITS=False, TASKS=QUEUE
    ):
        sign_up_milliseconds(0)
        times = [sign_up_milliseconds(number) for number in range(1, requests + 1)]
    return {
        "requests": requests, "smtp_delay_seconds": SMTP_DELAY_SECONDS,
        "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
        "limit_ms": LIMIT_MS, "meets_limit": statistics.median(times) < LIMIT_MS,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    arguments = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0)
    figures = measure(arguments.requests)
    record_results("sign_up_mail", figures)
    print(f"Sign-up with a {SMTP_DELAY_SECONDS} s mail server: median {figures['median_ms']} ms,"
          f" slowest {figures['max_ms']} ms (limit {LIMIT_MS} ms)")
    if not figures["meets_limit"]:
        sys.exit(1)


if __name__ == "__main__":
    main()

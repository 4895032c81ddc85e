"""Fixtures shared by every app's tests: the set-up site and a user per role."""

import datetime
import signal
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Site

from membership.services import join, record_board_seat
from tests.factories import UserFactory


def _member_user(username, groups):
    user = UserFactory(username=username, groups=groups)
    join(user=user, name=user.get_full_name(), country="Brazil", code_of_conduct_version="1.0")
    return user


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "postgresql: needs PostgreSQL (real row locks, its planner, its system columns); "
        "not collected on SQLite"
    )


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    selected = [item for item in items if item.get_closest_marker("postgresql") is None]
    deselected = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"{len(deselected)} PostgreSQL-only test(s) deselected: the database "
                f"is {connection.vendor}; set DATABASE_URL=postgres://... to run them."
            )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Run setup_site once per session, as every deployment does."""
    with django_db_blocker.unblock():
        call_command("setup_site", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as the page cache would otherwise leak."""
    cache.clear()


PUBLIC_ADDRESS = "151.101.0.223"
WORKER_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
WORKER_MODULE = "django_tasks_db.management.commands.db_worker"


@pytest.fixture(autouse=True)
def host_names(monkeypatch):
    """No test looks a host name up on the network: names resolve from this table.

    A name not in it resolves to one public address; a test sets a name to a set of
    addresses, or to an OSError for a name that does not exist.
    """
    table = {}

    def look_up(host):
        found = table.get(host, {PUBLIC_ADDRESS})
        if isinstance(found, Exception):
            raise found
        return found

    monkeypatch.setattr("membership.project_addresses.host_addresses", look_up)
    return table


@pytest.fixture
def page_cache_on(settings):
    """The anonymous page cache, which test settings turn off so query counts mean something."""
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def passed_by(client, page_cache_on):
    """A visitor with a session cookie: the page cache passes them by, the route cache
    and the shared fragments do not."""
    client.cookies["sessionid"] = "expired"
    return client


EXAMPLE_ROOT_URL = "https://example.org"


@pytest.fixture
def site_at_example_org(db):
    """The default Site served at https://example.org, as SITE_ROOT_URL would set it."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "example.org", 443
    site.save()
    return EXAMPLE_ROOT_URL


@pytest.fixture(autouse=True)
def mail_through_the_outbox(settings):
    """All mail is queued in the outbox, as the site's settings say (core/mail.py).

    pytest-django would otherwise put its in-memory backend in EMAIL_BACKEND; here it
    is MAIL_DELIVERY_BACKEND, what the worker sends through.
    """
    settings.EMAIL_BACKEND = "core.mail.OutboxBackend"


@pytest.fixture
def task_queue(settings):
    """Tasks wait in the database for the worker, as in development and production.

    Returns the worker: call it to run every task that is due, as `db_worker` does.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def run_worker():
        # The worker takes over SIGINT and SIGTERM; give them back to pytest afterwards.
        # Between tasks it closes connections that are not in autocommit, which inside a
        # test's transaction is the test's own (as Django's TestCase keeps requests from it).
        handlers = {number: signal.getsignal(number) for number in WORKER_SIGNALS}
        try:
            with mock.patch(f"{WORKER_MODULE}.close_old_connections"):
                call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload",
                             verbosity=0)
        finally:
            for number, handler in handlers.items():
                signal.signal(number, handler)

    return run_worker


@pytest.fixture
def member(db):
    return _member_user("member", ["Members"])


@pytest.fixture
def moderator(db):
    return _member_user("moderator", ["Members", "Moderators"])


@pytest.fixture
def director(db):
    """A Director because they hold a board seat, as housekeeping keeps it."""
    user = _member_user("director", ["Members", "Directors"])
    today = timezone.localdate()
    record_board_seat(
        member=user.member, starts=today - datetime.timedelta(days=30),
        ends=today + datetime.timedelta(days=700),
    )
    return user


@pytest.fixture
def officer(db):
    return _member_user("officer", ["Members", "Officers"])


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


@pytest.fixture
def role_users(member, moderator, director, officer, staff):
    return {
        "member": member,
        "moderator": moderator,
        "director": director,
        "officer": officer,
        "staff": staff,
    }


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Count the generated requests each fuzz target sends, and the CPU time it takes.

    They travel on the test's report, so that a run spread over workers (`make fuzz`
    runs two) still adds them up in the summary below.
    """
    from tests.fuzzing import requests_sent

    before, started = requests_sent.copy(), time.process_time()
    try:
        return (yield)
    finally:
        sent = requests_sent - before
        if sent:
            item.user_properties.append(
                ("fuzzing", (sent["calm"], sent["5xx"], time.process_time() - started))
            )


requests_by_target = {}


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "fuzzing" and report.when == "call":
            requests_by_target[report.nodeid] = value


def pytest_terminal_summary(terminalreporter):
    """How many generated requests each fuzz target sent, how many answered 5xx, and
    the CPU time per request (the run's wall time depends on what else the machine runs)."""
    for target, (calm, failed, cpu) in sorted(requests_by_target.items()):
        terminalreporter.write_line(
            f"{target}: {calm + failed} requests, {failed} answered 5xx, "
            f"{1000 * cpu / (calm + failed):.0f} ms of CPU each"
        )
    if requests_by_target:
        sent = sum(calm + failed for calm, failed, _ in requests_by_target.values())
        failed = sum(failed for _, failed, _ in requests_by_target.values())
        terminalreporter.write_line(f"Fuzzing sent {sent} requests; {failed} answered 5xx.")

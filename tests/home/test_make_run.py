"""`make run` serves on the port asked for, and says at once when that port is taken."""

import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from home.management.commands.check_port import PORT_IN_USE

REPOSITORY = Path(__file__).resolve().parents[2]


def planned_script(*variables):
    """What `make run` would run, without running it."""
    return subprocess.run(
        ["make", "--no-print-directory", "-n", "run", *variables],
        cwd=REPOSITORY, capture_output=True, text=True, check=True,
    ).stdout


def planned_commands(*variables):
    """The shell lines of `make run` that run a command or print an address."""
    return [line for line in planned_script(*variables).splitlines()
            if "manage.py" in line or "http" in line]


def setup_line(lines):
    return next(line for line in lines if "setup_site" in line)


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@needs_make
def test_make_run_port_8001_serves_prints_and_sets_up_the_site_at_8001():
    lines = planned_commands("PORT=8001")

    assert any("runserver 127.0.0.1:8001" in line for line in lines)
    assert any("http://127.0.0.1:8001/admin/" in line for line in lines)
    assert "SITE_ROOT_URL=http://127.0.0.1:8001 " in setup_line(lines)
    assert not any("8000" in line for line in lines)


@needs_make
def test_make_run_defaults_to_port_8000():
    lines = planned_commands()

    assert any("runserver 127.0.0.1:8000" in line for line in lines)
    assert "SITE_ROOT_URL=http://127.0.0.1:8000 " in setup_line(lines)


@needs_make
def test_make_run_keeps_a_site_root_url_that_is_set():
    lines = planned_commands("PORT=8001", "SITE_ROOT_URL=https://governance.example.org")

    assert "SITE_ROOT_URL=https://governance.example.org " in setup_line(lines)


@needs_make
def test_make_run_checks_the_port_before_migrating_and_seeding():
    lines = planned_commands("PORT=8001")

    assert "check_port 8001" in lines[0]
    assert "migrate" in lines[1]


@needs_make
def test_make_run_starts_the_task_worker_beside_the_server_and_stops_it_with_it():
    plan = planned_script()

    assert "manage.py db_worker --no-reload --verbosity 0 & worker=$!" in plan
    assert plan.index("db_worker") < plan.index("runserver")  # in the background, first
    assert "trap 'kill $worker" in plan  # Ctrl+C stops both


@pytest.fixture
def busy_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_a_busy_port_is_refused_with_the_next_port_to_try(busy_port):
    with pytest.raises(CommandError) as refusal:
        call_command("check_port", busy_port)

    assert str(refusal.value) == PORT_IN_USE.format(port=busy_port, next_port=busy_port + 1)
    assert str(refusal.value) == f"Port {busy_port} is in use: make run PORT={busy_port + 1}"


def test_a_free_port_passes():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]

    call_command("check_port", free_port)

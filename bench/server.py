"""Start gunicorn with the production settings on 127.0.0.1 and measure its workers."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765
BASE_URL = f"http://127.0.0.1:{PORT}"
LOG = ROOT / "bench" / "gunicorn.log"


def production_environment(database_url, redis_url, *, port=PORT):
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="bench-only-" + "k" * 50,
        BALLOT_SEALING_KEY="bench-only-" + "s" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_ROOT_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="600",
        REDIS_URL=redis_url,
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "4"),
    )
    return environment


def start(database_url, redis_url, *, tree=ROOT, port=PORT, log=LOG):
    """Start gunicorn serving the code in tree and wait, at most 30 s, until /healthz/ answers.

    Every tree is served with this tree's gunicorn settings, so a baseline checked out
    from an older commit runs under the same server as the current code.
    """
    environment = production_environment(database_url, redis_url, port=port)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=tree, env=environment, check=True,
    )
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "site" / "gunicorn.conf.py")]
    process = subprocess.Popen(
        command + ["--access-logfile", "/dev/null", "--error-logfile", str(log)],
        cwd=tree, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/healthz/", headers={"X-Forwarded-Proto": "https"}
            )
            urllib.request.urlopen(request, timeout=1)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"gunicorn did not answer /healthz/ within 30 s; see {log}")


def worker_memory_mb(process):
    """Resident memory of each gunicorn worker, in MiB."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()

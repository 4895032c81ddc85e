"""The page rows of an older commit, served and measured in the same run (issue 19's Measure).

`make bench BASELINE=<ref>` checks the ref out into a temporary git worktree, builds the
same data with that tree's own code (its migrations, its bench/data.py) in a database of
its own, and serves it beside the current tree with the same gunicorn settings. Each page
row is then driven alternately on the two servers, round after round, so that the drift
of a shared machine falls on both alike.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "foundation_bench_baseline"
PORT = 8766
LOG = ROOT / "bench" / "gunicorn-baseline.log"
SIDES = ("baseline", "current")
TOLERANCE = 0.9  # the current code is within 10% when it serves at least 0.9 x the baseline

# Run in the baseline tree with its own bench/run.py, so its data comes from its own code.
BUILD = """
import json, sys
import bench.run as run
run.DATABASE = sys.argv[1]
database_url = run.prepare_database()
paths = run.build_data()
open(sys.argv[2], "w").write(json.dumps({"database_url": database_url, "paths": paths}))
"""


@contextmanager
def worktree(ref):
    """The ref checked out, detached, in a temporary directory; removed afterwards."""
    parent = Path(tempfile.mkdtemp(prefix="bench-baseline-"))
    tree = parent / "tree"
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(tree), ref], cwd=ROOT, check=True
    )
    try:
        yield tree
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
        shutil.rmtree(parent, ignore_errors=True)


def commit(ref):
    """The short hash the ref names, for the results."""
    return subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True,
        check=True,
    ).stdout.strip()


def build(tree):
    """Build the bench data with the tree's code; its database URL and its page paths."""
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        subprocess.run(
            [sys.executable, "-c", BUILD, DATABASE, output.name],
            cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=True, timeout=3600,
        )
        built = json.loads(Path(output.name).read_text())
    return built["database_url"], built["paths"]


def schedule(names, rounds):
    """(round, row name, side) in the order they are measured.

    Every row is measured on both sides one right after the other, the baseline first in
    even rounds and the current code first in odd ones, and the whole set is repeated each
    round, so neither side gets all of a quiet or a busy minute, nor always the warmer cache.
    """
    return [
        (number, name, side)
        for number in range(rounds)
        for name in names
        for side in (SIDES if number % 2 == 0 else SIDES[::-1])
    ]


def compare(name, baseline_runs, current_runs, *, tolerance=TOLERANCE):
    """One row's verdict from the req/s of each side's runs (their medians)."""
    baseline = statistics.median(baseline_runs)
    current = statistics.median(current_runs)
    return {
        "row": name,
        "baseline_requests_per_second": round(baseline, 1),
        "current_requests_per_second": round(current, 1),
        "ratio": round(current / baseline, 2) if baseline else None,
        "within_10_percent": current >= tolerance * baseline,
        "baseline_runs": list(baseline_runs),
        "current_runs": list(current_runs),
    }

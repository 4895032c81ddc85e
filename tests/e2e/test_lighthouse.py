"""Lighthouse, run as CI runs it, scores the home page and a policy page."""

import json
import os
import shutil
import subprocess

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, ROOT
from tests.site_pages import policy_path, seed_demo_site

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
# The least score each category may have.
LEAST = {"accessibility": 1.0, "best-practices": 0.96, "seo": 1.0}


def test_lighthouse_scores_the_home_page_and_a_policy_page_fully(live_server, transactional_db):
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed: run `apt-get install -y chromium` (CI does).")
    if not (shutil.which("node") and LIGHTHOUSE.exists()):
        pytest.skip("Lighthouse is not installed: run `npm ci` in the project root (CI does).")
    seed_demo_site()
    short = []
    for path in ["/", policy_path()]:
        report = _report(live_server.url + path)
        scores = {name: report["categories"][name]["score"] for name in LEAST}
        if any(score < LEAST[name] for name, score in scores.items()):
            short.append(f"{path} {scores}:\n{_failing_audits(report)}")

    assert not short, "\n".join(short)


def _report(url):
    """One Lighthouse run of the categories checked, in a Chromium of its own."""
    ran = subprocess.run(
        [
            "node", str(LIGHTHOUSE), url,
            f"--only-categories={','.join(LEAST)}",
            "--output=json", "--output-path=stdout", "--quiet",
            # Nothing here measures speed: no simulated slow network or CPU.
            "--throttling-method=provided",
            f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
        ],
        capture_output=True, text=True, check=False, env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def _failing_audits(report):
    lines = []
    for name in LEAST:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                items = audit.get("details", {}).get("items", [])[:3]
                lines.append(f"  {name}: {audit['title']} {json.dumps(items)[:400]}")
    return "\n".join(lines)

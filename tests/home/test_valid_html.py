"""The Nu HTML Checker (vnu-jar, run as CI runs it) finds no errors on the site's pages."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.site_pages import DASHBOARD, DEMO_MEMBER, public_paths, seed_demo_site

pytestmark = pytest.mark.django_db

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"


def test_every_public_page_and_the_member_dashboard_is_valid_html(client, tmp_path):
    if not shutil.which("java"):
        pytest.skip("Java is not installed: `apt-get install -y default-jre-headless` (CI does).")
    if not VNU_JAR.exists():
        pytest.skip("vnu-jar is not installed: run `npm ci` in the project root (CI does).")
    seed_demo_site()
    pages = public_paths()
    for name, path in pages:
        _save(client, path, tmp_path / f"{name}.html")
    client.force_login(get_user_model().objects.get(email=DEMO_MEMBER))
    _save(client, DASHBOARD, tmp_path / "member-dashboard.html")

    errors = _vnu_errors(tmp_path)

    assert not errors, f"{len(errors)} errors on {len(pages) + 1} pages:\n" + "\n".join(errors)


def _save(client, path, file):
    response = client.get(path)
    assert response.status_code == 200, path
    file.write_bytes(response.content)


def _vnu_errors(folder):
    """Every error in every page, checked by one run of the checker (one JVM start)."""
    checked = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(folder)],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(checked.stderr)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f" in {m.get('extract', '').strip()!r}"
        for m in messages
    ]

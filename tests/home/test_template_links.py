"""Templates link by route name or page, never by a written-out path; the paths stay the same."""

import re
from pathlib import Path

import pytest
from django.conf import settings

# href="/…" or action="/…": a path written into a template, which moves with nothing.
WRITTEN_PATH = re.compile(r"""(?:href|action)=["']/""")
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_no_template_writes_out_a_path():
    written = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WRITTEN_PATH.search(line)
    ]
    assert written == []


@pytest.mark.django_db
def test_the_site_menu_links_the_same_paths_as_before(client, member):
    client.force_login(member)
    html = client.get("/").content.decode()
    links = set(re.findall(r'href="([^"]+)"', html)) | set(re.findall(r'action="([^"]+)"', html))
    assert {
        "/", "/governance/", "/membership/", "/vote/", "/membership/working-groups/",
        "/members/", "/search/",
    } <= links

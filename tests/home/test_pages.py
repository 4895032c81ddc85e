"""The public pages answer, inside the site layout."""

import re
from collections import deque

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views.defaults import permission_denied

from tests.governance.factories import make_policy
from tests.membership.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db

GOVERNANCE_URLS = [
    "/governance/",
    "/governance/proposals-for-discussion/",
    "/governance/proposals-for-resolution/",
    "/governance/active-policies/",
    "/governance/retired-policies/",
    "/governance/archived-proposals/",
]


def test_home_page_has_the_layout(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="skip-link" href="#main"' in html
    for label in ["Governance", "Membership", "Voting", "Working groups"]:
        assert f">{label}</a>" in html
    assert "<footer" in html


@pytest.mark.parametrize("url", GOVERNANCE_URLS)
def test_each_governance_section_answers(client, url):
    assert client.get(url).status_code == 200


def test_site_name_and_footer_come_from_site_settings(client):
    from wagtail.models import Site

    from home.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.site_name = "Example Foundation"
    site_settings.footer_text = "Run by volunteers since 2001."
    site_settings.save()
    html = client.get("/").content.decode()
    assert "Example Foundation" in html
    assert "Run by volunteers since 2001." in html


def test_unknown_page_is_a_404_in_the_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert 'class="skip-link"' in response.content.decode()


def test_server_error_page_uses_the_layout(rf):
    from home.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_a_refusal_outside_the_admin_is_the_site_s_own_page_that_says_why():
    # Django answers every PermissionDenied outside the admin with this handler.
    request = RequestFactory().get("/governance/")
    request.user = AnonymousUser()

    response = permission_denied(request, PermissionDenied("You declared a conflict."))

    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You cannot do this</h1>" in page
    assert "You declared a conflict." in page
    assert 'href="/members/"' in page


def test_every_page_has_a_description_and_an_icon_that_exists(client):
    policy = make_policy(title="Travel grants", summary="Who may ask for a travel grant.")
    for url, description in [("/", "Governance and membership"),
                             (policy.url, "Who may ask for a travel grant.")]:
        page = client.get(url).content.decode()
        assert re.search(rf'<meta name="description" content="{re.escape(description)}', page)
        icon = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
        assert finders.find(icon.removeprefix(settings.STATIC_URL))


NOT_PAGES = ("/static/", "/media/", "/documents/", "/admin/", "/api/")
NOT_PAGE_ENDINGS = ("/feed/", ".json", ".ics", ".csv")


def public_pages(client, *starts):
    """Every HTML page an anonymous visitor reaches by following links from the starts."""
    seen, queue, pages = set(starts), deque(starts), {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages[url] = response.content.decode()
        links = set(re.findall(r'href="(/[^"#?]*)', pages[url])) - seen
        for link in sorted(links):
            if not link.startswith(NOT_PAGES) and not link.endswith(NOT_PAGE_ENDINGS):
                seen.add(link)
                queue.append(link)
    return pages


def test_every_public_page_has_a_title_and_one_main_heading(client):
    make_policy(title="Travel grants", summary="Who may ask for a travel grant.")
    WorkingGroupFactory()

    pages = public_pages(client, "/", "/accounts/login/", "/accounts/signup/")

    assert len(pages) > 25  # the crawl reached the sections, the register and the entrances
    for url, page in pages.items():
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert title.split(" · ")[0].strip(), url
        assert len(re.findall(r"<h1\b", page)) == 1, url

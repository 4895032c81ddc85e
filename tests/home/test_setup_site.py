"""setup_site builds the site tree and groups, and running it again changes nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from core.page_cache import HIT_HEADER
from governance.models import GovernanceIndexPage, SectionPage
from home.models import HomePage

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/",
    "/governance/",
    "/governance/proposals-for-discussion/",
    "/governance/proposals-for-resolution/",
    "/governance/active-policies/",
    "/governance/retired-policies/",
    "/governance/archived-proposals/",
}


def snapshot():
    pages = sorted((p.url_path, p.content_type_id, p.live) for p in Page.objects.all())
    groups = sorted(
        (g.name, tuple(sorted(g.permissions.values_list("codename", flat=True))))
        for g in Group.objects.all()
    )
    sites = list(Site.objects.values_list("hostname", "port", "root_page_id", "is_default_site"))
    return pages, groups, sites


def test_setup_site_creates_the_tree_at_the_design_paths():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    urls = {page.relative_url(site) for page in Page.objects.filter(depth__gte=2)}
    assert urls == EXPECTED_PATHS
    assert GovernanceIndexPage.objects.count() == 1
    assert set(SectionPage.objects.values_list("stage", flat=True)) == {
        "discussion", "resolution", "active", "retired", "archived",
    }


def test_setup_site_creates_the_role_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Members", "Moderators", "Directors", "Officers"} <= names


def test_setup_site_twice_leaves_the_same_tree_and_groups():
    before = snapshot()
    call_command("setup_site", verbosity=0)
    call_command("setup_site", verbosity=0)
    assert snapshot() == before


def test_setup_site_removes_wagtail_welcome_page_on_fresh_install():
    welcome_titles = Page.objects.filter(title__startswith="Welcome to your new Wagtail site")
    assert not welcome_titles.exists()


@pytest.mark.usefixtures("page_cache_on")
def test_a_deploy_drops_the_pages_cached_by_the_code_before_it(
    client, django_capture_on_commit_callbacks
):
    listing = "/governance/active-policies/"
    client.get(listing)
    assert client.get(listing)[HIT_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("setup_site", verbosity=0)
    assert client.get(listing)[HIT_HEADER] == "miss"


def test_setup_site_serves_the_default_site_at_site_root_url(settings):
    settings.SITE_ROOT_URL = "https://governance.example.org"
    call_command("setup_site", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "https://governance.example.org"
    governance = GovernanceIndexPage.objects.get()
    assert governance.full_url == "https://governance.example.org/governance/"


def test_make_run_serves_the_default_site_at_127_0_0_1_port_8000():
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"


def test_wagtails_own_e_mails_and_api_links_follow_site_root_url(settings):
    assert settings.WAGTAILADMIN_BASE_URL == settings.SITE_ROOT_URL
    assert settings.WAGTAILAPI_BASE_URL == settings.SITE_ROOT_URL


@pytest.mark.parametrize("root_url", [
    "ftp://example.org", "https://example.org:8443", "http://example.org/governance/",
    "example.org", "http://example.org:port",
])
def test_setup_site_refuses_a_root_url_a_wagtail_site_cannot_serve(settings, root_url):
    settings.SITE_ROOT_URL = root_url
    before = snapshot()
    with pytest.raises(CommandError, match="SITE_ROOT_URL must be"):
        call_command("setup_site", verbosity=0)
    assert snapshot() == before

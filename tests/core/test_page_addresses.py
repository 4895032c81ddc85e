"""The menu's governance links come from the type and stage of the page, without asking
the database again; `{% fixed_url %}` gives `{% url %}`'s address reversed once per process."""

import django.urls
import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix
from wagtail.models import Site

from core.internals import give_request_its_site
from core.page_cache import GENERATION_KEY, bump
from core.routing import ROUTES_VERSION_KEY, remember_routes_stamp
from core.sites import site_for
from core.templatetags import page_addresses
from governance.models import GovernanceIndexPage, SectionPage, Stage
from tests.cache_reads import record_cache_reads

pytestmark = pytest.mark.django_db

TEMPLATE = Template(
    "{% load governance_addresses %}{% governance_url %} {% section_url 'active' %}"
)


def render(request=None):
    """The governance index's address and the Active policies section's."""
    request = request or RequestFactory().get("/")
    return TEMPLATE.render(Context({"request": request})).split()


def renamed(page, slug, django_capture_on_commit_callbacks):
    """Change a page's slug as the editor's promote tab does, and publish it."""
    page.slug = slug
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_the_addresses_are_wagtails_and_are_then_read_without_a_query(
    django_assert_num_queries,
):
    assert render() == ["/governance/", "/governance/active-policies/"]
    request = RequestFactory().get("/")
    Site.find_for_request(request)  # as the site middleware does before any template
    with django_assert_num_queries(0):
        assert render(request) == ["/governance/", "/governance/active-policies/"]


def test_a_renamed_section_is_linked_at_its_new_address(django_capture_on_commit_callbacks):
    render()
    section = SectionPage.objects.get(stage=Stage.ACTIVE)
    renamed(section, "policies", django_capture_on_commit_callbacks)
    assert render() == ["/governance/", "/governance/policies/"]


def test_a_renamed_governance_index_still_heads_every_menu(
    client, django_capture_on_commit_callbacks
):
    client.get("/membership/")
    renamed(GovernanceIndexPage.objects.get(), "decisions", django_capture_on_commit_callbacks)
    page = client.get("/membership/").content.decode()
    assert '<a href="/decisions/">Governance</a>' in page
    assert 'href="None"' not in page


def test_the_register_links_a_renamed_section(client, django_capture_on_commit_callbacks):
    section = SectionPage.objects.get(stage=Stage.ACTIVE)
    renamed(section, "policies", django_capture_on_commit_callbacks)
    page = client.get("/governance/register/").content.decode()
    assert '<a href="/governance/policies/">Active policies</a>' in page
    assert 'href="None"' not in page


def test_one_request_reads_the_addresses_from_the_cache_once_each(monkeypatch):
    render()
    reads = record_cache_reads(monkeypatch)
    template = Template("{% load governance_addresses %}{% governance_url %} {% governance_url %}")
    request = RequestFactory().get("/")
    assert template.render(Context({"request": request})) == "/governance/ /governance/"
    assert len(reads) == 1


def served_request():
    """A request as the site middleware leaves it: its site, and the routes' stamp read with it."""
    request = RequestFactory().get("/")
    site, stamp = site_for(request)
    give_request_its_site(request, site)
    remember_routes_stamp(request, stamp)
    return request


@pytest.fixture
def versions_in_the_cache():
    """The versions a deployed site's cache holds once any page has been saved."""
    bump(GENERATION_KEY, ROUTES_VERSION_KEY)


def page_url_reads(reads):
    return [keys for _name, keys in reads if any("page-url" in key for key in keys)]


@pytest.mark.usefixtures("versions_in_the_cache")
def test_a_page_reads_its_menus_address_with_the_site_in_one_round_trip(client, monkeypatch):
    client.get("/membership/")
    reads = record_cache_reads(monkeypatch)
    assert 'href="/governance/"' in client.get("/membership/").content.decode()
    assert not page_url_reads(reads)


def test_an_emptied_cache_is_trusted_once_it_answers_with_the_site(client, monkeypatch):
    client.get("/membership/")
    reads = record_cache_reads(monkeypatch)
    client.get("/membership/")
    assert not page_url_reads(reads)


@pytest.mark.usefixtures("versions_in_the_cache")
def test_a_renamed_section_is_linked_at_its_new_address_by_a_process_that_remembered_the_old(
    django_capture_on_commit_callbacks,
):
    assert render(served_request())[1] == "/governance/active-policies/"
    section = SectionPage.objects.get(stage=Stage.ACTIVE)
    renamed(section, "policies", django_capture_on_commit_callbacks)
    assert render(served_request())[1] == "/governance/policies/"


def test_with_the_cache_down_a_renamed_section_is_still_linked_at_its_new_address(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("django.core.cache.cache.get_many", lambda keys, *args, **kwargs: {})
    assert render(served_request())[1] == "/governance/active-policies/"
    section = SectionPage.objects.get(stage=Stage.ACTIVE)
    renamed(section, "policies", django_capture_on_commit_callbacks)
    assert render(served_request())[1] == "/governance/policies/"


def render_fixed_url(*names):
    template = Template("{% load page_addresses %}" + "".join(
        "{% fixed_url " + name + " %} " for name in names))
    return template.render(Context({})).split()


def test_fixed_url_is_the_address_url_gives():
    assert render_fixed_url("'membership:index'", "'wagtail_serve' ''", "'account_login'") == [
        reverse("membership:index"), reverse("wagtail_serve", args=[""]), reverse("account_login"),
    ]


# The pages' own text links sign-up, log-in and the working groups too, so those are left out.
MENU_VIEWS = {"wagtail_serve", "membership:index", "voting:dashboard", "search"}


def test_every_page_reverses_its_menus_views_once_per_process(client, monkeypatch):
    client.get("/membership/")
    reversed_names = []

    def recording(module):
        real = module.reverse
        monkeypatch.setattr(module, "reverse", lambda name, *args, **kwargs: (
            reversed_names.append(name), real(name, *args, **kwargs))[1])

    recording(page_addresses)
    recording(django.urls)  # where {% url %} finds it
    assert client.get("/vote/").status_code == 200
    assert client.get("/membership/").status_code == 200
    assert reversed_names
    assert MENU_VIEWS & set(reversed_names) == set()


def test_fixed_url_follows_the_script_prefix():
    set_script_prefix("/foundation/")
    try:
        assert render_fixed_url("'membership:index'") == ["/foundation/membership/"]
    finally:
        set_script_prefix("/")
    assert render_fixed_url("'membership:index'") == ["/membership/"]


def test_fixed_url_takes_only_literal_names_and_arguments():
    with pytest.raises(TemplateSyntaxError, match="quoted view name"):
        Template("{% load page_addresses %}{% fixed_url view_name %}")
